"""The TXT record, without sockets: what a server writes, and the strict
reading of what anyone on the network may send."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chatapp.protocol.advert import ServerAdvert
from chatapp.protocol.dns_sd_txt import TXT_KEYS, TxtError, clean_name, decode_txt, encode_txt

ADVERT = ServerAdvert("0123456789abcdef", "Room 4", 2000, "0.6.0", 5, True, "ab" * 32)


def as_heard(values: dict[str, str]) -> dict[bytes, bytes | None]:
    return {key.encode(): value.encode() for key, value in values.items()}


def test_a_record_reads_back_as_the_advert():
    txt = encode_txt(ADVERT)
    assert tuple(txt) == TXT_KEYS
    assert txt["pw"] == "1" and txt["users"] == "5"
    assert decode_txt(as_heard(txt), 2000) == ADVERT


def test_no_fingerprint_is_an_empty_value_or_a_missing_key():
    advert = ServerAdvert("0123456789abcdef", "Room", 2000, "0.6.0", 0, False)
    txt = as_heard(encode_txt(advert))
    assert decode_txt(txt, 2000) == advert
    del txt[b"fp"]
    assert decode_txt(txt, 2000) == advert


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("id", None), ("id", b"XYZ"), ("id", b"12"), ("id", b"a" * 65),
        ("name", b""), ("name", b"   "), ("name", b"a\x00b"), ("name", b"\xff\xfe"),
        ("name", b"x" * 64), ("name", "é".encode() * 32), ("name", b"a.b"),
        ("name", "bell\u2028".encode()),
        ("v", b""), ("v", b"1 2"), ("v", b"v" * 33),
        ("users", b"-1"), ("users", b"1e3"), ("users", b"1234567"), ("users", b""),
        ("pw", b"yes"), ("pw", b""), ("pw", None),
        ("fp", b"zz" * 32), ("fp", b"ab" * 31), ("fp", b"AB" * 32 + b"00"),
        ("fp", b"a" * 300),
    ],
)
def test_a_bad_value_drops_the_record(key, value):
    txt = as_heard(encode_txt(ADVERT))
    if value is None:
        txt.pop(key.encode())
    else:
        txt[key.encode()] = value
    with pytest.raises(TxtError):
        decode_txt(txt, 2000)


@pytest.mark.parametrize("port", [0, -1, 65536, "2000", None, 2.5])
def test_a_bad_port_drops_the_record(port):
    with pytest.raises(TxtError):
        decode_txt(as_heard(encode_txt(ADVERT)), port)


def test_too_many_keys_or_not_a_mapping_drops_the_record():
    txt = as_heard(encode_txt(ADVERT))
    txt.update({f"k{i}".encode(): b"" for i in range(40)})
    for record in (txt, None, [], "id=1", {"id": b"0123456789abcdef"}):
        with pytest.raises(TxtError):
            decode_txt(record, 2000)


@given(st.dictionaries(st.binary(max_size=12), st.one_of(st.none(), st.binary(max_size=300)),
                       max_size=40), st.integers(-5, 70000))
def test_any_record_is_an_advert_or_a_txt_problem(record, port):
    try:
        advert = decode_txt(record, port)
    except TxtError:
        return
    assert 1 <= advert.port <= 65535 and clean_name(advert.name) == advert.name


@given(st.text(max_size=200))
def test_any_name_cleans_to_one_dns_label(name):
    cleaned = clean_name(name)
    assert 0 < len(cleaned.encode()) <= 63 and "." not in cleaned
    assert clean_name(cleaned) == cleaned
