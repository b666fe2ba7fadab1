"""Which documents a period gets, under which file names, from which templates."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .context import Builder, document_date
from .gather import PeriodData
from .kinds import KINDS
from .templates import resolve_template

_SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


@dataclass(frozen=True)
class Job:
    kind: str
    name: str  # path inside the output folder, with '/' separators
    template: Path | None
    render: Callable[[], bytes]


def kinds_for(data: PeriodData) -> tuple[str, ...]:
    return tuple(kind for kind, so_ket, tong_ket in KINDS if (tong_ket if data.is_year else so_ket))


def file_name(*parts: str) -> str:
    """An output path from ids: every part a plain file name, so no id can lead out of the output folder."""
    for part in parts:
        if not _SAFE_NAME.match(part) or ".." in part:
            raise ValueError(f"unsafe file name part: {part!r}")
    return "/".join(parts)


def plan(builder: Builder, root: Path, kinds: tuple[str, ...]) -> list[Job]:
    data = builder.data
    year_text = str(data.period.end.year)
    word_documents = {
        "bao-cao": ("bao-cao-tong-ket.docx" if data.is_year else "bao-cao-so-ket.docx", data.period.title),
        "bien-ban": ("bien-ban-binh-xet.docx", f"Biên bản họp bình xét thi đua năm {year_text}"),
        "to-trinh": ("to-trinh-khen-thuong.docx", f"Tờ trình đề nghị khen thưởng năm {year_text}"),
        "giao-uoc": ("giao-uoc-thi-dua.docx", f"Bản giao ước thi đua năm {year_text}"),
    }
    jobs: list[Job] = []
    for kind in kinds:
        if kind in word_documents:
            name, title = word_documents[kind]
            context = builder.report(kind).model_dump()
            jobs.append(_word_job(builder, resolve_template(root, f"{kind}.docx"), kind, name, title, context))
        elif kind == "phieu-cham":
            template = resolve_template(root, "phieu-cham.docx")
            for score in data.ordered_scores():
                name = file_name("phieu-cham", f"{score.unit.id}.docx")
                title = f"Phiếu chấm điểm thi đua: {score.unit.short_name}"
                jobs.append(_word_job(builder, template, kind, name, title, builder.unit_sheet(score).model_dump()))
        elif kind == "bang-tong-hop":
            jobs.append(_workbook_job(builder))
        elif kind == "tom-tat":
            jobs.append(_markdown_job(builder, resolve_template(root, "tom-tat.md.j2")))
    return jobs


def _word_job(builder: Builder, template: Path, kind: str, name: str, title: str, context: dict[str, Any]) -> Job:
    from .docx import render_docx

    day = builder.day(kind)
    author = builder.cluster.name
    return Job(kind, name, template, lambda: render_docx(template, context, day, title, author))


def _workbook_job(builder: Builder) -> Job:
    from .xlsx import build_workbook

    name = "bang-tong-hop-diem.xlsx" if builder.data.is_year else "bang-tien-do-giao-uoc.xlsx"
    day = document_date(builder.project, builder.data.period)
    return Job("bang-tong-hop", name, None, lambda: build_workbook(builder, day))


def _markdown_job(builder: Builder, template: Path) -> Job:
    from .markdown import render_markdown

    context = builder.report("bao-cao").model_dump()
    return Job("tom-tat", "tom-tat.md", template, lambda: render_markdown(template, context))
