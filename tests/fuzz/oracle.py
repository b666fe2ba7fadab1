"""What must hold for every mutant: no crash, every validate finding located, and the other commands agreeing
with `emul validate` (it passes: they run; it finds errors: they refuse with exit 1; no cluster: exit 2)."""

from __future__ import annotations

import json
import traceback
from pathlib import Path

from ..conftest import run_emul


def _run(args: list[str], problems: list[str]) -> tuple[int, str]:
    try:
        code, out, err = run_emul(args)
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


def check(folder: Path, out: Path, report_kind: str | None) -> list[str]:
    """Every problem found with this mutant (empty when all holds)."""
    problems: list[str] = []
    expected, text = _run(["validate", str(folder), "--format", "json"], problems)
    if expected in (0, 1):
        report = json.loads(text)
        problems += _unlocated(folder, report)
        if report["ok"] != (expected == 0):
            problems.append(f"validate exit {expected} but ok={report['ok']}")
    elif expected != 2:
        problems.append(f"validate exit {expected}")
        return problems
    report_args = ["report", str(folder), "--out", str(out)] + (["--only", report_kind] if report_kind else [])
    for args in (["score", str(folder)], ["awards", str(folder)], report_args):
        code, said = _run(args, problems)
        if code != expected:
            problems.append(f"validate exit {expected} but `emul {args[0]}` exit {code}:\n{said}")
    return problems
