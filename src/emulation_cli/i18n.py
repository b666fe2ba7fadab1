"""Message translation through gettext catalogs. Messages are written in English; Vietnamese is the default."""

from __future__ import annotations

import gettext
import os
from pathlib import Path

DOMAIN = "emul"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def resolve_language(option: str | None) -> str:
    """The --lang option wins, then EMUL_LANG, then Vietnamese."""
    chosen = (option or os.environ.get("EMUL_LANG") or DEFAULT_LANGUAGE).strip().lower()
    return chosen.split("_")[0].split("-")[0] if chosen else DEFAULT_LANGUAGE


def set_language(language: str) -> None:
    global _translation, _language
    if language == "vi":
        _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=["vi"])
    else:
        _translation = gettext.NullTranslations()
    _language = language


def current_language() -> str:
    return _language


def _(message: str) -> str:
    return _translation.gettext(message)


def N_(message: str) -> str:
    """Mark a string for the catalog without translating it yet (translated later with _())."""
    return message
