"""NickRegistry keeps the room's nicks unique and in order, without Qt."""

from hypothesis import given
from hypothesis import strategies as st

from chatapp.protocol.nick_registry import NickRegistry

nicks = st.text(alphabet="abcABCéÉß_1", min_size=1, max_size=4)


def test_a_taken_nick_gets_a_numbered_variant_regardless_of_case() -> None:
    registry: NickRegistry[object] = NickRegistry(reserved=("server",))
    assert registry.claim("alice", 1) == "alice"
    assert registry.claim("ALICE", 2) == "ALICE2"
    assert registry.claim("Server", 3) == "Server2"
    assert registry.owner("Alice") == 1


@given(st.lists(st.tuples(st.booleans(), nicks), max_size=60))
def test_the_list_stays_sorted_without_case_through_joins_and_leaves(
    steps: list[tuple[bool, str]],
) -> None:
    registry: NickRegistry[int] = NickRegistry()
    present: list[str] = []
    for joining, nick in steps:
        if joining or not present:
            present.append(registry.claim(nick, len(present)))
        else:
            gone = present.pop(len(nick) % len(present))
            registry.release(gone)
    assert registry.nicks() == sorted(present, key=str.casefold)
    assert len(registry) == len(present)


def test_releasing_an_unknown_nick_changes_nothing() -> None:
    registry: NickRegistry[int] = NickRegistry()
    registry.claim("bob", 1)
    registry.release("carol")
    assert registry.nicks() == ["bob"]
