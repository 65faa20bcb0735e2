"""Blank mobile phone numbers in the copies of the inputs under data/sources/.

The 2018 POI dumps give some kindergartens' contact as a private mobile, alone
(`13xxxxxxxxx`), behind an area code (`0755-13xxxxxxxxx`) or glued to a landline
(`0755xxxxxxxx-15xxxxxxxxx`). Personal numbers must not ship, so this script removes
them from every CSV, JSON and GeoJSON file under data/sources/ and leaves every other
byte alone (encoding, line endings, quoting): CSV files are edited field by field at the
text level, JSON files string literal by string literal.

Within a field, the mobile and one separator joining it to a neighbour are removed; a
phone-shaped value left with no landline (only `0755`, `0` ...) is blanked whole.
Rerunning changes nothing.

    .venv/bin/python data/scrub_sources.py            # rewrite in place, print counts
    .venv/bin/python data/scrub_sources.py --check    # exit 1 if a file would change
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path

SOURCES = Path(__file__).resolve().parent / "sources"
SUFFIXES = {".csv", ".json", ".geojson"}

SEPARATOR = r"[-–/;,、 ]"
# optional country code, then 1[3-9] and nine digits, not inside a longer digit run and
# not the decimals of a coordinate
MOBILE = re.compile(
    rf"(?P<pre>{SEPARATOR}?)(?<!\d)(?<!\d\.)(?:(?:\+?86|0086)-?)?1[3-9]\d{{9}}(?!\d)(?P<post>{SEPARATOR}?)"
)
PHONE_SHAPED = re.compile(r"[\d\s()+\-–/;,、转]+")
LANDLINE = re.compile(r"\d{7,}")
CSV_FIELD = re.compile(r'(?:"(?:[^"]|"")*"|[^,"\r\n]*)(?:,|\r\n|\n|\r|$)')
JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def scrub_value(value: str) -> str:
    """The value without mobile numbers; blank if nothing but an area code would be left."""

    def remove(match: re.Match[str]) -> str:
        # keep one separator only when the mobile sat between two other parts
        return match["pre"] if match["pre"] and match["post"] else ""

    scrubbed = MOBILE.sub(remove, value)
    if scrubbed != value and PHONE_SHAPED.fullmatch(value) and not LANDLINE.search(scrubbed):
        return ""
    return scrubbed


def scrub_csv(text: str) -> tuple[str, int]:
    out: list[str] = []
    changed = 0
    pos = 0
    while pos < len(text):
        match = CSV_FIELD.match(text, pos)
        if match is None or match.end() == pos:  # a stray quote inside an unquoted field
            raise ValueError(f"unparseable CSV at character {pos}")
        token = match.group()
        body = token.rstrip("\r\n,")
        ending = token[len(body) :]
        quoted = body.startswith('"')
        value = body[1:-1].replace('""', '"') if quoted else body
        new_value = scrub_value(value)
        if new_value != value:
            changed += 1
            body = '"' + new_value.replace('"', '""') + '"' if quoted else new_value
        out.append(body + ending)
        pos = match.end()
    return "".join(out), changed


def scrub_json(text: str) -> tuple[str, int]:
    changed = 0

    def scrub_literal(match: re.Match[str]) -> str:
        nonlocal changed
        literal = match.group()
        new_literal = '"' + scrub_value(literal[1:-1]) + '"'
        changed += new_literal != literal
        return new_literal

    return JSON_STRING.sub(scrub_literal, text), changed


def scrub_file(path: Path, write: bool) -> int:
    """Number of values blanked or shortened in the file (rewritten only if write)."""
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    scrub: Callable[[str], tuple[str, int]] = scrub_csv if path.suffix == ".csv" else scrub_json
    new_text, changed = scrub(text)
    leftover = [m.group() for m in MOBILE.finditer(new_text)]
    if leftover:  # e.g. a bare JSON number: fail loudly rather than ship it
        raise ValueError(f"{path}: mobile numbers outside any field it can edit: {leftover}")
    if changed and write:
        path.write_bytes(new_text.encode("utf-8"))
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sources", type=Path, default=SOURCES, help="folder to scrub (default data/sources)"
    )
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file would change")
    args = parser.parse_args(argv)
    total = 0
    for path in sorted(p for p in args.sources.rglob("*") if p.suffix in SUFFIXES and p.is_file()):
        changed = scrub_file(path, write=not args.check)
        total += changed
        print(f"{path.relative_to(args.sources).as_posix()}: {changed}")
    verb = "would change" if args.check else "changed"
    print(f"{total} values {verb}")
    return 1 if args.check and total else 0


if __name__ == "__main__":
    sys.exit(main())
