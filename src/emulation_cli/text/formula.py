"""Text a spreadsheet may take for a formula (CSV or formula injection): one rule for every place that writes
text a spreadsheet opens, and for the warning on a returned form's evidence."""

from __future__ import annotations

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    """It begins with =, +, -, @, a tab or a carriage return, also after leading whitespace ('  =1+1'): a
    spreadsheet skips the spaces and runs the rest."""
    return text[:1] in FORMULA_TRIGGERS or text.lstrip()[:1] in FORMULA_TRIGGERS
