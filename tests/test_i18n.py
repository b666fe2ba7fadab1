"""The Vietnamese catalog covers every message, keeps every placeholder, and its compiled .mo is current."""

from __future__ import annotations

import re
import sys

import pytest

from emulation_cli import i18n

from .conftest import REPO

sys.path.insert(0, str(REPO / "tools"))
import i18n_catalog

PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def test_catalog_is_complete_and_compiled() -> None:
    assert i18n_catalog.problems() == []


def test_translations_keep_the_placeholders() -> None:
    catalog = i18n_catalog.load_po()
    wrong = [
        str(m.id)
        for m in catalog
        if m.id and sorted(PLACEHOLDER.findall(str(m.id))) != sorted(PLACEHOLDER.findall(str(m.string)))
    ]
    assert wrong == []


def test_vietnamese_messages_are_nfc() -> None:
    import unicodedata

    catalog = i18n_catalog.load_po()
    assert [str(m.id) for m in catalog if m.string and unicodedata.normalize("NFC", str(m.string)) != m.string] == []


@pytest.mark.parametrize(("lang", "expected"), [("vi", "Đã dừng."), ("en", "Interrupted.")])
def test_language_switch(lang: str, expected: str) -> None:
    i18n.set_language(lang)
    assert i18n._("Interrupted.") == expected


def test_no_message_is_hidden_inside_an_f_string() -> None:
    """The extractor cannot see _() inside f-strings: such a message would never be translated."""
    offenders = [
        f"{path.name}:{number}"
        for path in sorted((REPO / "src").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"""f["'][^"']*\{_\(""", line)
    ]
    assert offenders == []


def test_the_compiled_catalog_is_compared_by_its_messages_not_its_bytes(tmp_path: pytest.TempPathFactory) -> None:
    """The .mo header records the Babel version that wrote it: a new Babel release must not make it stale,
    while a changed translation must."""
    from pathlib import Path

    catalog = i18n_catalog.load_po()
    mo = Path(str(tmp_path)) / "emul.mo"
    mo.write_bytes(i18n_catalog.compiled_bytes(catalog).replace(b"Generated-By: Babel", b"Generated-By: Other"))
    assert i18n_catalog.compiled_messages(mo) == i18n_catalog.messages(catalog)
    catalog["Interrupted."].string = "Đã ngừng."
    mo.write_bytes(i18n_catalog.compiled_bytes(catalog))
    assert i18n_catalog.compiled_messages(mo) != i18n_catalog.messages(i18n_catalog.load_po())
