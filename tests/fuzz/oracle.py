"""What must hold for every mutant: no crash, every validate finding located, and the other commands agreeing
with `emul validate` (it passes: they run; it finds errors: they refuse with exit 1; no cluster: exit 2)."""

from __future__ import annotations

import json
import re
import traceback
from dataclasses import dataclass
from pathlib import Path

from emulation_cli.reports.kinds import KIND_NAMES

from ..conftest import run_emul


@dataclass(frozen=True)
class Run:
    """How one mutant is examined: the language, the report kind (None: every document), the output formats."""

    lang: str = "en"
    report_kind: str | None = "tom-tat"
    output_format: str = "text"
    unit: str | None = None  # explained when given

    @classmethod
    def for_seed(cls, seed: int, unit: str | None, full_report_every: int) -> Run:
        return cls(
            lang="vi" if seed % 3 == 1 else "en",
            report_kind=None if seed % full_report_every == 0 else KIND_NAMES[seed % len(KIND_NAMES)],
            output_format=("text", "json", "csv")[seed // 3 % 3],
            unit=unit,
        )


def _run(args: list[str], lang: str, problems: list[str]) -> tuple[int, str]:
    try:
        code, out, err = run_emul(args, lang)
    except Exception:  # whatever escapes the CLI is a finding, shown with its traceback
        problems.append(f"`emul {' '.join(args)}` raised:\n{traceback.format_exc()}")
        return 3, ""
    if code == 3 or "Traceback" in out + err:
        problems.append(f"`emul {' '.join(args)}` exit {code}:\n{out}{err}")
    return code, out if args[0] == "validate" else (out + err)[-2000:]


def _unlocated(folder: Path, report: dict[str, object]) -> list[str]:
    """Findings without a file, or with a line or column outside that file."""
    bad = []
    for found in report["diagnostics"]:  # type: ignore[attr-defined]
        path = folder / found["file"]
        lines = path.read_text(encoding="utf-8", errors="replace").count("\n") + 1 if path.is_file() else 1
        if not found["file"] or not 1 <= found["line"] <= lines + 1 or found["column"] < 1:
            bad.append(f"unlocated: {found}")
    return bad


def _validate(folder: Path, run: Run, problems: list[str]) -> int:
    code, text = _run(["validate", str(folder), "--format", "json"], run.lang, problems)
    if code in (0, 1):
        report = json.loads(text)
        problems += _unlocated(folder, report)
        if report["ok"] != (code == 0):
            problems.append(f"validate exit {code} but ok={report['ok']}")
        if run.lang != "en":  # the officer's own view: one "FILE:LINE:COL: lỗi:" line per finding
            problems += _printed_unlocated(folder, run, len(report["diagnostics"]), problems)
    elif code != 2:
        problems.append(f"validate exit {code}")
    return code


LOCATED = re.compile(r"^\S.*:\d+:\d+: (lỗi|cảnh báo): ", re.MULTILINE)


def _printed_unlocated(folder: Path, run: Run, findings: int, problems: list[str]) -> list[str]:
    _code, text = _run(["validate", str(folder)], run.lang, problems)
    printed = len(LOCATED.findall(text))
    return [] if printed == findings else [f"validate printed {printed} located lines for {findings} findings"]


def _report(where: str, out: Path, run: Run, expected: int, problems: list[str]) -> None:
    args = ["report", where, "--out", str(out)]
    code, said = _run([*args, "--only", run.report_kind] if run.report_kind else args, run.lang, problems)
    if code == 2 and expected == 0 and run.report_kind:  # a kind this period does not get: every kind it gets
        code, said = _run(args, run.lang, problems)
    if code != expected:
        problems.append(f"validate exit {expected} but `emul report` exit {code}:\n{said}")


def check(folder: Path, out: Path, run: Run = Run()) -> list[str]:
    """Every problem found with this mutant (empty when all holds)."""
    problems: list[str] = []
    expected = _validate(folder, run, problems)
    if expected not in (0, 1, 2):
        return problems
    where = str(folder)
    formats = ["--format", run.output_format] if run.output_format != "text" else []
    awards_formats = formats if run.output_format != "csv" else []
    for args in (["score", where, *formats], ["awards", where, *awards_formats]):
        code, said = _run(args, run.lang, problems)
        if code != expected:
            problems.append(f"validate exit {expected} but `emul {args[0]}` exit {code}:\n{said}")
    _report(where, out, run, expected, problems)
    if run.unit:  # a unit that left the cluster is a usage error (exit 2) when the data is valid
        code, said = _run(["explain", where, run.unit], run.lang, problems)
        if code != expected and not (expected == 0 and code == 2):
            problems.append(f"validate exit {expected} but `emul explain` exit {code}:\n{said}")
    return problems
