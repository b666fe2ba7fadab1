"""Invisible characters that text pasted from Word or a web page brings along, each named where it stands.

A no-break space after a colon breaks the YAML, one in a key or an id makes it unknown, and one in a value
makes two names that look the same differ. Each is reported at its own line and column, and the file is read
on with it repaired (a space for the no-break spaces, nothing for the others) so that nothing follows from it.
"""

from __future__ import annotations

import re
import unicodedata

from ..i18n import _
from .diagnostics import Diagnostic, Pos

# Spaces that are not YAML's space, and the format characters (Unicode category Cf) editors do not show.
_SPACES = "\u00a0\u2007\u202f"
PASTED = re.compile(f"[{_SPACES}\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")


def repair_pasted(text: str, display: str) -> tuple[str, list[Diagnostic]]:
    """The text without its pasted invisible characters, and an error at the place of each one.

    Removing a zero-width character moves what follows it on its line one column left: the findings are
    placed on the text as written, and a later finding on the same line may be off by as many columns."""
    found = [_finding(text, match.start(), display) for match in PASTED.finditer(text)]
    if not found:
        return text, []
    repaired = PASTED.sub(lambda m: " " if m.group() in _SPACES else "", text)
    return repaired, found


def _finding(text: str, offset: int, display: str) -> Diagnostic:
    char = text[offset]
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    described = _("an invisible character U+{code:04X} ({name}) is here, often pasted from Word or a web page").format(
        code=ord(char), name=unicodedata.name(char, "?")
    )
    if char in _SPACES:
        hint = _("put the cursor just before column {column}, press Delete and type an ordinary space")
    else:
        hint = _("delete it: put the cursor just before column {column} and press Delete")
    return Diagnostic.error(display, Pos(line, column), "invisible-character", described, hint.format(column=column))
