"""The cluster's figures each unit's profile is drawn against: per section, the median and the best points."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from statistics import median

from ..scoring.sheet import UnitScore


@dataclass(frozen=True)
class SectionFigures:
    section: str
    maximum: Fraction
    median: Fraction  # exact: the mean of the two middle values for an even count
    best: Fraction


def section_figures(scores: tuple[UnitScore, ...], maxima: dict[str, Fraction]) -> tuple[SectionFigures, ...]:
    """Per section in the rubric's order, over the units given (those ranked)."""
    figures = []
    for section, maximum in maxima.items():
        values = [score.section(section) for score in scores]
        figures.append(SectionFigures(section, maximum, Fraction(median(values)), max(values)))
    return tuple(figures)
