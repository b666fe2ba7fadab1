"""Writing a form's inputs into `assessments/<period>/<unit>.yaml` with ruamel's round trip, so that an
existing file keeps its comments, its order and everything the form does not cover (appraisal, gates)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from .read import CommitmentInput, CriterionInput, FormData, Prepared

HEADER = "Tự chấm điểm của {unit}, kỳ {period}: nhập từ phiếu Excel bằng emul import.\n"


def merged_text(existing: str | None, form: FormData) -> str:
    yaml = _yaml()
    document = _new_document(form) if existing is None else yaml.load(existing)
    _merge(document, form)
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    return buffer.getvalue()


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()  # round trip
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(Decimal, _decimal)
    return yaml


def _decimal(representer: Any, value: Decimal) -> Any:
    text = format(value, "f")
    tag = "tag:yaml.org,2002:int" if "." not in text else "tag:yaml.org,2002:float"
    return representer.represent_scalar(tag, text)


def _new_document(form: FormData) -> Any:
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    document = CommentedMap()
    document["unit"] = form.unit
    document["period"] = DoubleQuotedScalarString(form.period)
    document.yaml_set_start_comment(HEADER.format(unit=form.unit, period=form.period))
    return document


def _merge(document: Any, form: FormData) -> None:
    if form.prepared is not None:
        _merge_prepared(document, form.prepared)
    criteria = _child(document, "criteria")
    for criterion_id, entered in form.criteria.items():
        _merge_criterion(criteria, criterion_id, entered)
    if form.commitments:
        commitments = _child(document, "commitments")
        for commitment_id, result in form.commitments.items():
            _merge_commitment(commitments, commitment_id, result)
    for key in ("criteria", "commitments"):
        if key in document and not document[key]:
            del document[key]


def _child(parent: Any, key: str) -> Any:
    from ruamel.yaml.comments import CommentedMap

    if not isinstance(parent.get(key), dict):
        parent[key] = CommentedMap()
    return parent[key]


def _merge_criterion(criteria: Any, criterion_id: str, entered: CriterionInput) -> None:
    """The form's inputs replace the entry's self score, its fact and its evidence; the rest is kept."""
    had = criterion_id in criteria
    entry = _child(criteria, criterion_id)
    if entered.covers_self:
        _set(entry, "self", entered.self_score)
    if entered.fact is not None:
        facts = _child(entry, "facts")
        name, value = entered.fact
        _set(facts, name, value)
    elif "facts" in entry:
        del entry["facts"]
    _set(entry, "evidence", entered.evidence or None)
    if not entry and not had:
        del criteria[criterion_id]


def _merge_prepared(document: Any, prepared: Prepared) -> None:
    """Who filled the form in; placed after `period` in a new entry (the YAML's own order is kept)."""
    from ruamel.yaml.comments import CommentedMap

    if not isinstance(document.get("prepared"), dict):
        keys = list(document)
        document.insert(keys.index("period") + 1 if "period" in keys else len(keys), "prepared", CommentedMap())
    entry = document["prepared"]
    _set(entry, "by", prepared.by)
    _set(entry, "title", prepared.title)
    _set(entry, "date", prepared.day)


def _merge_commitment(commitments: Any, commitment_id: str, result: CommitmentInput) -> None:
    had = commitment_id in commitments
    entry = _child(commitments, commitment_id)
    # The form asks for one of the two: the other, if the file has it, is the officer's and stays.
    if result.has_target:
        _set(entry, "actual", result.actual)
    else:
        _set(entry, "done", result.done)
    _set(entry, "evidence", result.evidence or None)
    if not entry and not had:
        del commitments[commitment_id]


def _set(mapping: Any, key: str, value: object) -> None:
    """Set a key only when its value changes, so untouched entries keep their quotes and comments."""
    if value is None:
        if key in mapping:
            del mapping[key]
        return
    old = mapping.get(key)
    if _equal(old, value):
        return
    if isinstance(value, list):
        if isinstance(old, list):
            # In place, so the list's comments stay; an unchanged item keeps its quoting.
            kept = {str(item): item for item in old}
            old[:] = [kept.get(item, item) for item in value]
            return
        from ruamel.yaml.comments import CommentedSeq

        value = CommentedSeq(value)
    mapping[key] = value


def _equal(old: object, new: object) -> bool:
    if isinstance(new, list):
        return isinstance(old, list) and [str(item) for item in old] == new
    if isinstance(new, bool) or isinstance(old, bool):
        return old is new
    if isinstance(new, (Decimal, int)) and isinstance(old, (int, float)):
        return Decimal(str(old)) == new
    return old == new
