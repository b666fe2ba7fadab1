"""Which documents a period gets, under which file names, from which templates."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from pydantic import BaseModel

from ..scoring.sheet import UnitScore
from ..validation.fingerprint import inputs_hash
from .context import SHEET_OWN, Builder
from .facts import Facts, facts_of
from .inputs import input_key, values_digest
from .kinds import BY_NAME, DOCUMENT_KINDS, KIT_KINDS
from .kit import kit_documents
from .model import UnitSheetContext
from .templates import resolve_template

_SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


@dataclass(frozen=True)
class Job:
    kind: str
    name: str  # path inside the output folder, with '/' separators
    template: Path | None
    render: Callable[[], bytes]
    facts: Callable[[], Facts | None] = lambda: None  # what it is built from, to tell later what changed
    key: Callable[[], str | None] = lambda: None  # its inputs (input_key): unchanged, it is not rendered again


def kinds_for(year_end: bool, by_vote: bool = False) -> tuple[str, ...]:
    return tuple(kind.name for kind in DOCUMENT_KINDS if kind.written_at(year_end, by_vote))


def file_name(*parts: str) -> str:
    """An output path from ids: every part a plain file name, so no id can lead out of the output folder."""
    for part in parts:
        if not _SAFE_NAME.match(part) or ".." in part:
            raise ValueError(f"unsafe file name part: {part!r}")
    return "/".join(parts)


def plan(builder: Builder, root: Path, kinds: tuple[str, ...]) -> list[Job]:
    data = builder.data
    year_text = str(data.period.end.year)
    jobs: list[Job] = []
    for kind in (BY_NAME[name] for name in kinds):
        name = kind.file_name(data.is_year, data.by_vote)
        if kind.template is None:
            jobs.append(_workbook_job(builder, name))
            continue
        template = resolve_template(root, kind.template)
        if kind.name == "phieu-cham":
            jobs += _score_sheet_jobs(builder, template, name, kind.doc_title)
        elif kind.name == "tom-tat":
            jobs.append(_markdown_job(builder, template, name))
        elif kind.name == "html":
            jobs.append(_html_job(builder, template, name))
        elif kind.name in KIT_KINDS:
            for path, title, kit_context in kit_documents(builder, kind.name):
                jobs.append(_word_job(builder, template, kind.name, file_name(*path.split("/")), title, kit_context))
        else:
            context = builder.report(kind.name)
            title = kind.doc_title.format(year=year_text, period=data.period.title)
            jobs.append(_word_job(builder, template, kind.name, name, title, context))
    return jobs


def _score_sheet_jobs(builder: Builder, template: Path, pattern: str, title: str) -> list[Job]:
    """One score sheet per unit, in rank order. The report around the sheets is dumped and flattened into facts
    once; each sheet adds its own parts (SHEET_OWN) when it is rendered, so the jobs together hold one copy of
    every unit's results, not one per sheet."""
    from .docx import render_docx

    report = builder.report("phieu-cham")
    shared_values = report.model_dump(exclude=set(SHEET_OWN))
    shared_digest = values_digest(shared_values)
    shared_facts = {part: values for part, values in facts_of(report).items() if part not in SHEET_OWN}
    day = builder.day("phieu-cham")
    author = builder.cluster.name
    latest: dict[str, UnitSheetContext] = {}  # the sheet just rendered, for its facts asked next: one at a time

    def sheet(score: UnitScore) -> UnitSheetContext:
        if score.unit.id not in latest:
            latest.clear()
            latest[score.unit.id] = builder.unit_sheet(score)
        return latest[score.unit.id]

    jobs = []
    for score in builder.data.ordered_scores():
        path = file_name(*pattern.format(unit=score.unit.id).split("/"))
        sheet_title = title.format(unit=score.unit.short_name)

        def render(score: UnitScore = score, sheet_title: str = sheet_title) -> bytes:
            own = sheet(score).model_dump(include=set(SHEET_OWN))
            return render_docx(template, {**shared_values, **own}, day, sheet_title, author)

        def facts(score: UnitScore = score) -> Facts:
            return facts_of(sheet(score), known=shared_facts)

        def key(score: UnitScore = score, sheet_title: str = sheet_title) -> str | None:
            own = sheet(score).model_dump(include=set(SHEET_OWN))
            return input_key({"shared": shared_digest, **own}, template, day.isoformat(), sheet_title, author)

        jobs.append(Job("phieu-cham", path, template, render, facts, key))
    return jobs


def _word_job(builder: Builder, template: Path, kind: str, name: str, title: str, context: BaseModel) -> Job:
    from .docx import render_docx

    day = builder.day(kind)
    author = builder.cluster.name
    values = context.model_dump()
    return Job(
        kind,
        name,
        template,
        lambda: render_docx(template, values, day, title, author),
        lambda: facts_of(context),
        lambda: input_key(values, template, day.isoformat(), title, author),
    )


def _workbook_job(builder: Builder, name: str) -> Job:
    from .xlsx import build_workbook

    day = builder.project.decision_date(builder.data.period)
    # The workbook is drawn from the same results as the báo cáo: its facts tell what changed in them.
    return Job(
        "bang-tong-hop",
        name,
        None,
        lambda: build_workbook(builder, day),
        lambda: _report_facts(builder),
        lambda: input_key(_workbook_values(builder), None, day.isoformat()),
    )


def _workbook_values(builder: Builder) -> dict[str, object]:
    """What the workbook is drawn from beyond emul itself: every input file's bytes (its audit sheet shows their
    hash, so a comment counts), the rubric's identity with its git commit, the wording in force, the period."""
    facts = builder.data.workbook
    identity = None if facts is None or facts.rubric_identity is None else asdict(facts.rubric_identity)
    return {
        "inputs": inputs_hash(builder.project) if facts is None else facts.inputs_hash,
        "rubric": identity,
        "phrases": dict(builder.project.phrases.texts),
        "folder": str(builder.project.root),
        "period": builder.data.period.id,
    }


def _markdown_job(builder: Builder, template: Path, name: str) -> Job:
    from .markdown import render_markdown

    context = builder.report("bao-cao")
    values = context.model_dump()
    return Job(
        "tom-tat",
        name,
        template,
        lambda: render_markdown(template, values),
        lambda: facts_of(context),
        lambda: input_key(values, template),
    )


def _html_job(builder: Builder, template: Path, name: str) -> Job:
    """The overview page: drawn from the same results as the báo cáo, so its facts tell what changed in them."""
    from .html.page import build_page
    from .html.render import render_html

    values = build_page(builder.data, builder.numbers, builder.departed_ctx(), builder.departure_words).model_dump()
    return Job(
        "html",
        name,
        template,
        lambda: render_html(template, values),
        lambda: _report_facts(builder),
        lambda: input_key(values, template),
    )


def _report_facts(builder: Builder) -> Facts:
    return facts_of(builder.report("bao-cao"))
