"""Message translation through gettext catalogs. Messages are written in English; Vietnamese is the default."""

from __future__ import annotations

import functools
import gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

DOMAIN = "emul"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"
# A language spoken for a while in this thread's context only (`speaking`): the page of a report is Vietnamese
# whatever --lang says, while another thread (a PDF conversion) keeps writing the user's language.
_spoken: ContextVar[tuple[str, gettext.NullTranslations] | None] = ContextVar("spoken", default=None)


def resolve_language(option: str | None) -> str:
    """The --lang option wins, then EMUL_LANG, then Vietnamese."""
    chosen = (option or os.environ.get("EMUL_LANG") or DEFAULT_LANGUAGE).strip().lower()
    return chosen.split("_")[0].split("-")[0] if chosen else DEFAULT_LANGUAGE


def set_language(language: str) -> None:
    global _translation, _language
    _translation = _catalog(language)
    _language = language


def current_language() -> str:
    spoken = _spoken.get()
    return _language if spoken is None else spoken[0]


def _(message: str) -> str:
    spoken = _spoken.get()
    return (_translation if spoken is None else spoken[1]).gettext(message)


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """`_()` and `current_language()` in the given language inside the block, in this context only."""
    token = _spoken.set((language, _catalog(language)))
    try:
        yield
    finally:
        _spoken.reset(token)


def in_language(language: str, message: str) -> str:
    """A message in the given language whatever the current one (the documents are always Vietnamese)."""
    return _(message) if language == current_language() else _catalog(language).gettext(message)


@functools.cache
def _catalog(language: str) -> gettext.NullTranslations:
    if language != "vi":  # messages are written in English
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language])


def N_(message: str) -> str:
    """Mark a string for the catalog without translating it yet (translated later with _())."""
    return message
