"""How a criterion is scored, in words: one name per method kind, for the documents, the forms, `emul explain`
and the messages of `emul validate`."""

from __future__ import annotations

from ..i18n import N_, current_language, in_language

# How a criterion is scored, as the score sheets, the workbook and `emul explain` name it.
METHOD_NAMES = {
    "manual": N_("Scored by hand"),
    "done": N_("Done or not"),
    "proportional": N_("Share of the target"),
    "banded": N_("By level reached"),
    "deduction": N_("Deduction per occurrence"),
    "step": N_("Points per step"),
    "commitments": N_("From the covenant's commitments"),
    "prior_award": N_("From a prior award"),
    "per_occurrence": N_("Points per occurrence"),
    "relative": N_("Relative to the cluster"),
}


def method_name(kind: str, language: str | None = None) -> str:
    """'Chấm trực tiếp' / 'Scored by hand': how a criterion is scored."""
    return in_language(language or current_language(), METHOD_NAMES[kind])
