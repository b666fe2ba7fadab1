"""Maintain the Vietnamese message catalog.

    python tools/i18n_catalog.py extract   # add new messages to vi/LC_MESSAGES/emul.po, drop vanished ones
    python tools/i18n_catalog.py compile   # write emul.mo from emul.po
    python tools/i18n_catalog.py check     # exit 1 if a message lacks a translation or emul.mo is stale
    python tools/i18n_catalog.py set MSGID MSGSTR   # translate one message (then run compile)

Needs babel (in the `test` extra).
"""

from __future__ import annotations

import gettext
import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "emulation_cli"
PO = SOURCE / "locale" / "vi" / "LC_MESSAGES" / "emul.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "N_": None}
FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)  # constant header dates keep the diff of the .po quiet


def extracted_messages() -> list[str]:
    found = extract_from_dir(
        str(SOURCE),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=(),
        strip_comment_tags=True,
    )
    return sorted({message for _file, _line, message, _comments, _context in found if message})


def load_po() -> Catalog:
    if not PO.exists():
        return Catalog(locale="vi", domain="emul")
    with PO.open("rb") as stream:
        return read_po(stream, locale="vi", domain="emul")


def extract() -> None:
    old = load_po()
    catalog = Catalog(
        locale="vi",
        domain="emul",
        project="emul",
        version="",
        charset="utf-8",
        fuzzy=False,
        creation_date=FIXED_DATE,
        revision_date=FIXED_DATE,
        language_team="emul developers",
        last_translator="emul developers",
        header_comment="# Vietnamese messages of emul. Edit msgstr lines; keep the {placeholders}.",
    )
    for msgid in extracted_messages():
        previous = old.get(msgid)
        catalog.add(msgid, previous.string if previous is not None else "")
    PO.parent.mkdir(parents=True, exist_ok=True)
    with PO.open("wb") as stream:
        write_po(
            stream,
            catalog,
            width=0,
            omit_header=False,
            sort_output=True,
            no_location=True,
            include_previous=False,
        )
    print(f"{PO.relative_to(ROOT)}: {len(catalog)} messages, {len(untranslated(catalog))} untranslated")


def save_po(catalog: Catalog) -> None:
    with PO.open("wb") as stream:
        write_po(
            stream, catalog, width=0, omit_header=False, sort_output=True, no_location=True, include_previous=False
        )


def set_translation(msgid: str, msgstr: str) -> None:
    catalog = load_po()
    if catalog.get(msgid) is None:
        raise SystemExit(f"not in the catalog (run extract first): {msgid}")
    catalog[msgid].string = msgstr
    save_po(catalog)


def compiled_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def compile_mo() -> None:
    MO.write_bytes(compiled_bytes(load_po()))
    print(f"{MO.relative_to(ROOT)} written")


def untranslated(catalog: Catalog) -> list[str]:
    return [str(m.id) for m in catalog if m.id and not m.string]


def messages(catalog: Catalog) -> dict[str, str]:
    """What a catalog translates: every message and its translation, without the header (which records the
    version of the tool that wrote it, so that comparing bytes would break with every Babel release)."""
    return {str(m.id): str(m.string) for m in catalog if m.id and m.string and not m.fuzzy}


def compiled_messages(mo_file: Path) -> dict[str, str]:
    with mo_file.open("rb") as stream:
        translations = gettext.GNUTranslations(stream)
    return {str(k): str(v) for k, v in translations._catalog.items() if k}  # type: ignore[attr-defined]


def problems() -> list[str]:
    catalog = load_po()
    issues = [f"untranslated: {msgid}" for msgid in untranslated(catalog)]
    known = {str(m.id) for m in catalog if m.id}
    issues += [f"not in the catalog: {msgid}" for msgid in extracted_messages() if msgid not in known]
    if not MO.exists() or compiled_messages(MO) != messages(catalog):
        issues.append(f"{MO.relative_to(ROOT)} is stale: run 'python tools/i18n_catalog.py compile'")
    return issues


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "extract":
        extract()
    elif command == "set" and len(argv) == 4:
        set_translation(argv[2], argv[3])
    elif command == "compile":
        compile_mo()
    elif command == "check":
        found = problems()
        print("\n".join(found) or "catalog complete")
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
