"""Property: no random damage to a cluster's files ever produces a traceback; exit codes stay 0, 1 or 2."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from emulation_cli.loading.diagnostics import Severity
from emulation_cli.validation.folder import validate_folder

from .conftest import DATA, REPO, run_emul

SOURCES = [DATA / "base", REPO / "examples" / "cum-thi-dua-so-7-2023"]
NOISE = [
    "",
    " ",
    "  ",
    "\t",
    ":",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "'",
    '"',
    "&a",
    "*a",
    "!!str",
    "#",
    "---",
    "-1",
    "1e9",
    "999999",
    "2023-13-01",
    "null",
    "true",
    "đ",
    "\u0301",
    "\x00",
    "=SUM(A1)",
    "\ufeff",
]
# What the reviewers threw at the reader: control characters, line separators, huge numbers, pydantic's own
# "[key]" marker, Word quotes, decimal commas, tag values that are also field names.
NOISE += [
    "\x08",
    "\x1b",
    "\u2028",
    "\x85",
    "1e999999999",
    "9" * 5000,
    '"[key]": 1',
    "[key]",
    "“x”",
    ",5",
    "kind: step",
    "{kind: section}",
    "\r",
    "2024-02-30",
    "0x1F",
    ".inf",
    ".nan",
]


def _files(source: Path) -> list[str]:
    return sorted(p.relative_to(source).as_posix() for p in source.rglob("*.yaml"))


@st.composite
def damage(draw: st.DrawFn, lines: list[str]) -> list[str]:
    """Delete, duplicate, swap or garble lines, or splice noise into one."""
    lines = list(lines)
    for _ in range(draw(st.integers(1, 3))):
        if not lines:
            break
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "noise", "truncate", "dedent"]))
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif action == "noise":
            at = draw(st.integers(0, len(lines[index])))
            lines[index] = lines[index][:at] + draw(st.sampled_from(NOISE)) + lines[index][at:]
        elif action == "truncate":
            lines[index] = lines[index][: draw(st.integers(0, len(lines[index])))]
        else:
            lines[index] = lines[index].lstrip()
    return lines


def _mutate_and_validate(source: Path, tmp: Path, data: st.DataObject) -> None:
    target = tmp / "cum"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    rubric = source.parent.parent / "criteria"
    if source.name != "base" and not (tmp / "criteria").exists():
        shutil.copytree(rubric, tmp / "criteria")
    name = data.draw(st.sampled_from(_files(source)))
    path = target / name
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(data.draw(damage(lines))), encoding="utf-8")
    _result, report = validate_folder(target)
    assert all(d.pos.line >= 1 and d.pos.column >= 1 for d in report.diagnostics)
    code, _out, _err = run_emul(["validate", str(target)])
    expected = 1 if any(d.severity is Severity.ERROR for d in report.diagnostics) else 0
    assert code == expected


@pytest.mark.parametrize("source", SOURCES, ids=["base", "example"])
@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_mutated_cluster_never_crashes(source: Path, tmp_path: Path, data: st.DataObject) -> None:
    _mutate_and_validate(source, tmp_path, data)
