import pytest

from chatapp.protocol import (
    LocalProtocolError,
    Pong,
    RemoteProtocolError,
    encode_message,
    parse_line,
)


@pytest.mark.parametrize("constant", [b"NaN", b"Infinity", b"-Infinity"])
def test_non_json_numbers_are_refused(constant):
    with pytest.raises(RemoteProtocolError) as caught:
        parse_line(b'{"type":"ping","t":' + constant + b"}")
    assert caught.value.code == "invalid_json"


def test_we_never_send_them_either():
    with pytest.raises((ValueError, LocalProtocolError)):
        encode_message(Pong(float("nan")))
