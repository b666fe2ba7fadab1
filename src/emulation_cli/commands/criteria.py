"""emul criteria diff: what changed between two versions of a rubric, each a file or a git revision."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

from pydantic import TypeAdapter
from rich.console import Console
from rich.text import Text

from ..i18n import N_, _, current_language
from ..model.rubric import TieBreak
from ..results.score import identity_json
from ..rubrics.diff import Change, CriterionChange, Placed, RubricDiff, SectionDiff, diff_rubrics, method_data
from ..rubrics.versions import RubricVersion, identify, read_rubric
from ..text.numbers import Numbers, exact_text
from ..text.terms import tie_break_label

DIFF_SCHEMA = "emul.criteria-diff/1"


def diff(first: str, second: str, output_format: str, console: Console) -> int:
    """Exit 0 whether or not the rubrics differ; 1 when one is not a valid rubric, 2 when one cannot be read."""
    old, new = read_rubric(first), read_rubric(second)
    result = diff_rubrics(old.loaded.model, new.loaded.model)
    if output_format == "json":
        console.out(json.dumps(diff_document(old, new, result), ensure_ascii=False, indent=2), highlight=False)
    else:
        for line in diff_lines(old, new, result, current_language() == "vi"):
            console.print(Text(line))
    return 0


# ----- JSON -----------------------------------------------------------------------------------------------
def diff_document(old: RubricVersion, new: RubricVersion, result: RubricDiff) -> dict[str, Any]:
    """The documented, stable JSON shape of `emul criteria diff --format json` (see README)."""
    return {
        "schema": DIFF_SCHEMA,
        "a": _side(old),
        "b": _side(new),
        "same": result.same,
        "rubric": [_change(c) for c in result.general],
        "criteria": {
            "added": [_placed(p) for p in result.added],
            "removed": [_placed(p) for p in result.removed],
            "changed": [_changed(c) for c in result.changed],
        },
        "scale": {"old": plain(result.scale.old), "new": plain(result.scale.new)},
        "sections": [_section(s) for s in result.sections],
        "classification": [_change(c) for c in result.classification],
        "rounding": [_change(c) for c in result.rounding],
        "ranking": [_change(c) for c in result.ranking],
    }


def plain(value: Any) -> Any:
    """JSON-ready: decimals as strings with a decimal point, as in every emul JSON output."""
    if isinstance(value, Decimal | Fraction):
        return exact_text(value)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def _side(version: RubricVersion) -> dict[str, Any]:
    rubric = version.loaded.model
    return {"source": version.source, **identity_json(identify(rubric, version.commit)), "title": rubric.title}


def _change(change: Change) -> dict[str, Any]:
    return {"field": change.field, "old": plain(change.old), "new": plain(change.new)}


def _placed(placed: Placed) -> dict[str, Any]:
    criterion = placed.criterion
    return {
        "id": criterion.id,
        "title": criterion.title,
        "section": placed.section,
        "parent": placed.parent,
        "max": exact_text(criterion.max),
        "method": plain(method_data(criterion)),
    }


def _changed(change: CriterionChange) -> dict[str, Any]:
    return {
        "id": change.new.criterion.id,
        "title": change.new.criterion.title,
        "section": {"old": change.old.section, "new": change.new.section},
        "moved": change.moved,
        "changes": [_change(c) for c in change.changes],
    }


def _section(section: SectionDiff) -> dict[str, Any]:
    limit = section.limit
    return {
        "id": section.id,
        "kind": section.kind,
        "status": _status(section),
        limit.field: {"old": plain(limit.old), "new": plain(limit.new)},
        "changes": [_change(c) for c in section.changes if c.field != limit.field],
    }


def _status(section: SectionDiff) -> str:
    if section.old is None:
        return "added"
    if section.new is None:
        return "removed"
    return "changed" if section.changes else "unchanged"


# ----- text -----------------------------------------------------------------------------------------------
def diff_lines(old: RubricVersion, new: RubricVersion, result: RubricDiff, comma: bool) -> list[str]:
    lines = [*_side_lines("A", old), *_side_lines("B", new)]
    if result.same:
        return [*lines, _("No differences in criteria, scale, sections, classification, rounding or ranking.")]
    if result.general:
        lines += [_("Rubric:"), *(_change_line(c, comma, "  ") for c in result.general)]
    lines += _criteria_lines(result, comma)
    lines.append(_("Scale: {value}").format(value=_old_new(result.scale, comma)))
    lines += [_("Sections:"), *(line for s in result.sections for line in _section_lines(s, comma))]
    for heading, changes in (
        (_("Classification:"), result.classification),
        (_("Rounding:"), result.rounding),
        (_("Ranking:"), result.ranking),
    ):
        if changes:
            lines += [heading, *(_change_line(c, comma, "  ") for c in changes)]
    return lines


def _side_lines(label: str, version: RubricVersion) -> list[str]:
    rubric = version.loaded.model
    identity = identify(rubric, version.commit)
    commit = (
        _("commit {commit}").format(commit=version.commit)
        if version.commit
        else _("no commit (not in git, or changed since the last commit)")
    )
    return [
        _("{label}: {source} — rubric {id} {version}").format(
            label=label, source=version.source, id=rubric.id, version=rubric.version
        ),
        "   " + _("content hash {hash}; {commit}").format(hash=identity.content_hash, commit=commit),
    ]


def _criteria_lines(result: RubricDiff, comma: bool) -> list[str]:
    lines: list[str] = []
    groups: list[tuple[str, str, list[list[str]]]] = [
        (
            _("Criteria added: none"),
            _("Criteria added ({count}):"),
            [_placed_lines("+", p, comma) for p in result.added],
        ),
        (
            _("Criteria removed: none"),
            _("Criteria removed ({count}):"),
            [_placed_lines("−", p, comma) for p in result.removed],
        ),
        (
            _("Criteria changed: none"),
            _("Criteria changed ({count}):"),
            [_changed_lines(c, comma) for c in result.changed],
        ),
    ]
    for none, heading, items in groups:
        lines.append(heading.format(count=len(items)) if items else none)
        lines += [line for item in items for line in item]
    return lines


def _placed_lines(sign: str, placed: Placed, comma: bool) -> list[str]:
    criterion = placed.criterion
    method = method_data(criterion)
    kind = method["kind"] if method else _("by its sub-criteria")
    return [
        f"  {sign} {criterion.id} {criterion.title} "
        + _("({place}; max {max}; method {method})").format(
            place=_place(placed), max=render(criterion.max, comma), method=kind
        )
    ]


def _place(placed: Placed) -> str:
    if placed.parent is None:
        return _("in {section}").format(section=placed.section)
    return _("in {section}, under {parent}").format(section=placed.section, parent=placed.parent)


def _changed_lines(change: CriterionChange, comma: bool) -> list[str]:
    criterion = change.new.criterion
    head = f"  ~ {criterion.id} {criterion.title}"
    if change.moved:
        head += " " + _("(moved: {old} → {new})").format(old=change.old.section, new=change.new.section)
    return [head, *(_change_line(c, comma, "      ") for c in change.changes)]


def _section_lines(section: SectionDiff, comma: bool) -> list[str]:
    limit = section.limit
    value = _old_new(limit, comma)
    if section.old is None:
        value += " " + _("(added)")
    elif section.new is None:
        value += " " + _("(removed)")
    head = f"  {section.id} {section.side.title}{_kind_label(section.kind)}: {field_label(limit.field)} {value}"
    return [head, *(_change_line(c, comma, "      ") for c in section.changes if c.field != limit.field)]


def _kind_label(kind: str) -> str:
    if kind == "bonus":
        return " " + _("(bonus)")
    if kind == "penalty":
        return " " + _("(penalty)")
    return ""


def _old_new(change: Change, comma: bool) -> str:
    if change.old == change.new:
        return render(change.old, comma) + " " + _("(unchanged)")
    return f"{render(change.old, comma)} → {render(change.new, comma)}"


def _change_line(change: Change, comma: bool, indent: str) -> str:
    old, new = render(change.old, comma), render(change.new, comma)
    if change.field == "method":  # a method kind reads as the documents name it
        old, new = (_method(value) for value in (change.old, change.new))
    return f"{indent}{field_label(change.field)}: {old} → {new}"


# The rubric's keys as the officer knows them; a key of a table (an award, a band) stays as written.
_FIELDS = {
    "method": N_("method"),
    "max": N_("max"),
    "cap": N_("cap"),
    "title": N_("title"),
    "guidance": N_("guidance"),
    "target": N_("target"),
    "unit_of_measure": N_("unit of measure"),
    "evidence_required": N_("evidence required"),
    "per": N_("points each"),
    "step": N_("step"),
    "base": N_("base"),
    "points": N_("points"),
    "table": N_("points by award"),
    "bands": N_("bands"),
    "min_total": N_("minimum total"),
    "min_criterion_share": N_("minimum share of each criterion"),
    "decimals": N_("decimals"),
    "mode": N_("mode"),
    "apply_to": N_("applies to"),
    "tie_breaks": N_("tie-breaks"),
    "scored_by": N_("scored by"),
    "scorers": N_("scoring bodies"),
    "self_scored": N_("self-scored"),
    "not_assigned_rule": N_("rule for criteria not assigned"),
    "floors": N_("floors"),
    "combine": N_("several awards combined by"),
    "at_target_share": N_("share at the target"),
    "below_target": N_("below the target"),
}


def field_label(field: str) -> str:
    return ".".join(_(_FIELDS[part]) if part in _FIELDS else part for part in field.split("."))


def _method(kind: Any) -> str:
    from ..text.methods import method_name

    if kind is None:
        return "—"
    try:
        return method_name(str(kind))
    except KeyError:  # a kind this version of emul does not know
        return str(kind)


def render(value: Any, comma: bool) -> str:
    """A value as the officer reads it: decimals with a comma in Vietnamese, bands as in `emul explain`."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal | Fraction):
        return Numbers(comma=comma).plain(value)
    if isinstance(value, list | tuple):
        return _render_list(list(value), comma)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {render(item, comma)}" for key, item in value.items())
    return str(value)


def _render_list(values: list[Any], comma: bool) -> str:
    if not values:
        return "—"
    if all(isinstance(v, dict) and "min_ratio" in v for v in values):
        return ", ".join(f"≥{render(v['min_ratio'], comma)}→{render(v['share'], comma)}" for v in values)
    if all(isinstance(v, dict) and set(v) == {"id", "name"} for v in values):  # scoring bodies
        return ", ".join(f"{v['id']} ({v['name']})" for v in values)
    if all(isinstance(v, dict) and "kind" in v for v in values):
        return ", ".join(tie_break_label(TypeAdapter(TieBreak).validate_python(v)) for v in values)
    return ", ".join(render(v, comma) for v in values)
