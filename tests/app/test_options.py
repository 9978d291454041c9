"""The option parsers: ServerConfig's fields are the server's flags, named once."""

import dataclasses

import pytest

from chatapp.app import options
from chatapp.net.server_config import ServerConfig


def test_every_server_config_field_is_a_flag_or_said_not_to_be():
    names = {field.name for field in dataclasses.fields(ServerConfig)}
    assert names == set(options.TUNING) | options.NOT_FLAGS


def test_every_tuning_flag_reaches_the_server_config():
    parser = options.server_parser()
    argv, expected = [], {}
    for field in dataclasses.fields(ServerConfig):
        if field.name in options.NOT_FLAGS:
            continue
        flag = options.TUNING[field.name].flag or "--" + field.name.replace("_", "-")
        value = field.default * 2 + 1  # above every least value, and not the default
        if field.name == "heartbeat_timeout":  # must stay longer than the interval
            value += ServerConfig().heartbeat_interval * 2 + 1
        argv += [flag, str(value)]
        expected[field.name] = value
    config = options.server_config(parser.parse_args(argv))
    assert {name: getattr(config, name) for name in expected} == expected
    assert options.server_config(parser.parse_args([])) == ServerConfig()


@pytest.mark.parametrize(
    ("flag", "value"), [("--max-clients", "0"), ("--flood-rate", "-1"), ("--max-frame", "255")]
)
def test_a_value_under_the_least_is_refused(flag, value, capsys):
    with pytest.raises(SystemExit):
        options.server_parser().parse_args([flag, value])
    assert "too small" in capsys.readouterr().err
