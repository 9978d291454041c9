"""The beacon's datagrams (docs/PROTOCOL.md, "Finding servers"): what is sent,
and everything a listener refuses, without sockets."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chatapp.protocol.advert import MAX_NAME_LENGTH, MAX_USERS, ServerAdvert, clean_server_name
from chatapp.protocol.beacon import (
    FIND_SIZE,
    MAX_DATAGRAM_SIZE,
    BeaconAdvert,
    FindRequest,
    Goodbye,
    InvalidBeaconError,
    decode_beacon,
    encode_advert,
    encode_find,
    encode_goodbye,
)

ADVERT = ServerAdvert("a1b2c3d4", "Room one", 2000, "0.6.0", 3, True, "ab" * 32)


def advert_fields(**changes) -> bytes:
    message = json.loads(encode_advert(ADVERT))
    message.update(changes)
    return json.dumps(message).encode()


def test_an_advert_round_trips():
    beacon = decode_beacon(encode_advert(ADVERT, valid_s=60))
    assert beacon == BeaconAdvert(ADVERT, 60)


def test_the_advert_on_the_wire_is_the_documented_object():
    assert json.loads(encode_advert(ADVERT)) == {
        "chatapp": "beacon", "v": 1, "type": "advert", "id": "a1b2c3d4", "name": "Room one",
        "port": 2000, "version": "0.6.0", "users": 3, "password": True,
        "fingerprint": "ab" * 32, "valid_s": 95,
    }


def test_find_and_goodbye_round_trip():
    assert decode_beacon(encode_find()) == FindRequest()
    assert decode_beacon(encode_goodbye("a1b2c3d4")) == Goodbye("a1b2c3d4")
    assert json.loads(encode_goodbye("a1b2c3d4")) == {
        "chatapp": "beacon", "v": 1, "type": "bye", "id": "a1b2c3d4"}


def test_a_find_is_padded_to_its_documented_size():
    assert len(encode_find()) == FIND_SIZE


def test_a_fingerprint_with_colons_or_capitals_is_sent_in_the_plain_form():
    colons = ":".join(["AB"] * 32)
    beacon = decode_beacon(encode_advert(replace(ADVERT, fingerprint=colons)))
    assert beacon.advert.fingerprint == "ab" * 32


def test_unknown_fields_are_tolerated():
    assert decode_beacon(advert_fields(colour="blue", extra={"x": 1})).advert == ADVERT


@pytest.mark.parametrize("datagram, reason", [
    (b"x" * (MAX_DATAGRAM_SIZE + 1), "more than"),
    (b"\xff\xfe{}", "UTF-8"),
    (b"{", "JSON"),
    (b"[" * 100000, "more than"),
    (b"[]", "not a chatapp beacon"),
    (b'{"chatapp":"other","v":1,"type":"find"}', "not a chatapp beacon"),
    (b'{"chatapp":"beacon","type":"find"}', "version"),
    (b'{"chatapp":"beacon","v":"1","type":"find"}', "version"),
    (b'{"chatapp":"beacon","v":true,"type":"find"}', "version"),
    (b'{"chatapp":"beacon","v":2,"type":"find"}', "version 2"),
    (b'{"chatapp":"beacon","v":1,"type":"hello"}', "unknown beacon type"),
    (b'{"chatapp":"beacon","v":1,"type":"bye"}', "'id'"),
    (b'{"chatapp":"beacon","v":1,"type":"bye","id":"../../x"}', "malformed"),
])
def test_datagrams_that_are_not_beacons_are_rejected_with_a_reason(datagram, reason):
    with pytest.raises(InvalidBeaconError, match=reason):
        decode_beacon(datagram)


def test_deeply_nested_json_within_the_size_cap_is_rejected():
    with pytest.raises(InvalidBeaconError):
        decode_beacon(b"[" * 500 + b"]" * 500)


@pytest.mark.parametrize("changes, reason", [
    ({"port": 0}, "'port'"),
    ({"port": 65536}, "'port'"),
    ({"port": "2000"}, "'port'"),
    ({"port": 2000.0}, "'port'"),
    ({"port": True}, "'port'"),
    ({"users": 10**30}, "'users'"),
    ({"users": -1}, "'users'"),
    ({"users": MAX_USERS + 1}, "'users'"),
    ({"password": 1}, "'password'"),
    ({"password": "false"}, "'password'"),
    ({"id": ""}, "'id'"),
    ({"id": "a1b2c3"}, "'id'"),
    ({"id": "A1B2C3D4"}, "'id'"),
    ({"id": "x" * 65}, "'id'"),
    ({"id": 12}, "'id'"),
    ({"version": "0.6 beta"}, "'version'"),
    ({"fingerprint": "zz" * 32}, "'fingerprint'"),
    ({"fingerprint": "ab"}, "'fingerprint'"),
    ({"valid_s": 0}, "'valid_s'"),
    ({"valid_s": 10**9}, "'valid_s'"),
    ({"name": None}, "'name'"),
    ({"name": "\u202e\u200b\x07"}, "nothing visible"),
    ({"name": "   "}, "nothing visible"),
])
def test_adverts_with_bad_fields_are_rejected(changes, reason):
    with pytest.raises(InvalidBeaconError, match=reason):
        decode_beacon(advert_fields(**changes))


@pytest.mark.parametrize("missing", ["id", "name", "port", "version", "users", "password",
                                     "fingerprint", "valid_s"])
def test_an_advert_missing_a_field_is_rejected(missing):
    message = json.loads(encode_advert(ADVERT))
    del message[missing]
    with pytest.raises(InvalidBeaconError, match=repr(missing)):
        decode_beacon(json.dumps(message).encode())


@pytest.mark.parametrize("raw, shown", [
    ("Room\u202eeno", "Roomeno"),  # a right-to-left override cannot reverse the rest
    ("a\u200bb\u2066c", "abc"),  # zero-width space, isolates
    ("line\none\ttab", "line one tab"),
    ("\x1b[31mred\x1b[0m", "red"),
    ("  spaced   out  ", "spaced out"),
    ("e\u0301", "\u00e9"),  # NFC
])
def test_names_are_cleaned_for_display(raw, shown):
    assert clean_server_name(raw) == shown
    assert decode_beacon(advert_fields(name=raw)).advert.name == shown


def test_a_long_name_is_cut_to_the_cap():
    beacon = decode_beacon(advert_fields(name="n" * 500))
    assert beacon.advert.name == "n" * MAX_NAME_LENGTH


NAMES = st.text(min_size=1, max_size=200)


@given(name=NAMES, users=st.integers(0, 10**7), port=st.integers(1, 65535),
       password=st.booleans(), fingerprint=st.sampled_from(["", "ab" * 32]))
def test_every_advert_we_send_fits_under_a_find_and_decodes(name, users, port, password,
                                                            fingerprint):
    advert = ServerAdvert("f" * 64, name, port, "v" * 32, users, password, fingerprint)
    datagram = encode_advert(advert)
    # Never larger than the find it answers: no amplification.
    assert len(datagram) <= FIND_SIZE <= MAX_DATAGRAM_SIZE
    assert decode_beacon(datagram).advert.name == (clean_server_name(name) or "chatapp")


@given(st.binary(max_size=MAX_DATAGRAM_SIZE + 100))
def test_any_bytes_decode_to_a_beacon_or_a_rejection(data):
    try:
        decode_beacon(data)
    except InvalidBeaconError:
        pass


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)


@given(st.dictionaries(st.sampled_from(["id", "name", "port", "version", "users", "password",
                                        "fingerprint", "valid_s", "type", "v"]),
                       JSON_VALUES, max_size=10))
def test_adverts_with_any_field_values_decode_or_are_rejected(changes):
    try:
        beacon = decode_beacon(advert_fields(**changes))
    except InvalidBeaconError:
        return
    if isinstance(beacon, BeaconAdvert):
        advert = beacon.advert
        assert 1 <= advert.port <= 65535 and 0 <= advert.users <= MAX_USERS
        assert 0 < len(advert.name) <= MAX_NAME_LENGTH and advert.name.isprintable()


@given(cut=st.integers(0, 300), flips=st.lists(st.tuples(st.integers(0, 299), st.integers(0, 255)),
                                              max_size=4))
def test_truncated_or_damaged_adverts_decode_or_are_rejected(cut, flips):
    damaged = bytearray(encode_advert(ADVERT)[:cut])
    for position, value in flips:
        if position < len(damaged):
            damaged[position] = value
    try:
        beacon = decode_beacon(bytes(damaged))
    except InvalidBeaconError:
        return
    assert isinstance(beacon, BeaconAdvert | FindRequest | Goodbye)


def test_every_truncation_of_an_advert_is_rejected():
    datagram = encode_advert(ADVERT)
    for cut in range(len(datagram)):
        with pytest.raises(InvalidBeaconError):
            decode_beacon(datagram[:cut])
