"""Write chatapp/protocol/confusables_data.py from Unicode's confusables.txt.

    python tools/make_confusables.py path/to/confusables.txt

The nick rules compare a confusable skeleton (chatapp/protocol/nick_key.py,
Unicode TR #39). Python's unicodedata has no confusables table, so we ship
the part of Unicode's that our comparison can use: single characters that
can still be there after NFKC and NFD (the others never reach the table), and
only mappings that NFKC and case folding do not already make (full-width and
mathematical letters, for instance, need no entry). Run again with a newer
confusables.txt when Unicode publishes one.
"""

from __future__ import annotations

import sys
import textwrap
import unicodedata
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "chatapp" / "protocol" / "confusables_data.py"


def _nf(text: str) -> str:
    return unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text))


def _folded(text: str) -> str:
    return _nf(_nf(text).casefold())


def read_table(source: Path) -> tuple[str, dict[str, str]]:
    """The file's version line and its useful single-character mappings."""
    version = "unknown version"
    table: dict[str, str] = {}
    for raw in source.read_text(encoding="utf-8-sig").splitlines():
        if raw.startswith("# Version:"):
            version = raw[2:].strip()
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        source_hex, target_hex, _kind = (field.strip() for field in line.split(";"))
        if " " in source_hex:
            continue  # sequences: the data has none today, and a skeleton maps characters
        char = chr(int(source_hex, 16))
        target = "".join(chr(int(part, 16)) for part in target_hex.split())
        if _nf(char) == char and _folded(char) != _folded(target):
            table[char] = target
    return version, table


def render(version: str, table: dict[str, str]) -> str:
    entries = " ".join(
        f"{ord(char):X}:{'.'.join(f'{ord(c):X}' for c in target)}"
        for char, target in sorted(table.items())
    )
    body = "\n".join(f'    "{line} "' for line in textwrap.wrap(entries, 90))
    return f'''"""Look-alike characters and what they look like: generated, do not edit.

Made by tools/make_confusables.py from Unicode's confusables.txt ({version}),
© Unicode, Inc., under the Unicode License v3 (https://www.unicode.org/license.txt).
Only single characters that survive NFKC and NFD, and only mappings that NFKC
and case folding do not already make: {len(table)} entries.
Each entry is "SOURCE:TARGET", hexadecimal code points, a target's joined by dots.
"""

from __future__ import annotations

_ENTRIES = (
{body}
)

CONFUSABLES: dict[str, str] = {{
    chr(int(source, 16)): "".join(chr(int(part, 16)) for part in target.split("."))
    for source, target in (entry.split(":") for entry in _ENTRIES.split())
}}
'''


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    version, table = read_table(Path(argv[1]))
    OUTPUT.write_text(render(version, table), encoding="utf-8")
    print(f"wrote {len(table)} entries ({version}) to {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
