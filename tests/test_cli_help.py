"""Click's and Typer's own words in the help: Vietnamese by default, English with --lang en; metavars are words."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import typer

from emulation_cli import i18n
from emulation_cli.cli import build_app

from .conftest import DATA, run_emul

GOLDEN = DATA / "golden" / "help"
ENGLISH_SCAFFOLDING = (
    "Usage:",
    "Options:",
    "Show this message",
    "[default:",
    "<str>",
    "<list[",
    "<path>",
    "<int>",
    "Arguments",
    "Commands:",
    "[OPTIONS]",
    "[required]",
)


def command_paths() -> list[tuple[str, ...]]:
    """Every command and subcommand of the app, found from the Click group itself (a new one is walked too)."""
    i18n.set_language("en")

    def walk(command: object, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        yield path
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            yield from walk(sub, (*path, name))

    return list(walk(typer.main.get_command(build_app()), ()))


@pytest.fixture(autouse=True)
def _fixed_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")


def test_every_command_is_walked() -> None:
    paths = command_paths()
    assert {("score",), ("template", "check"), ("criteria", "diff"), ()} <= set(paths)
    assert len(paths) >= 17


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "emul")
def test_help_speaks_vietnamese_by_default(path: tuple[str, ...]) -> None:
    code, out, _err = run_emul([*path, "--help"], lang="vi")
    assert code == 0
    assert out.startswith("Cách dùng: emul")
    assert [word for word in ENGLISH_SCAFFOLDING if word in out] == []


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "emul")
def test_help_stays_english_in_english(path: tuple[str, ...]) -> None:
    code, out, _err = run_emul([*path, "--help"], lang="en")
    assert code == 0
    assert out.startswith("Usage: emul")
    assert "Show this message and exit." in out
    assert [word for word in ("THƯ_MỤC", "KỲ", "ĐƠN_VỊ", "TỆP", "TÙY_CHỌN", "mặc định", "Đối số") if word in out] == []


@pytest.mark.parametrize(
    "name",
    ["emul.vi.txt", "emul.en.txt", "score.vi.txt", "score.en.txt", "history.vi.txt", "history.en.txt"],
)
def test_help_matches_golden_file(name: str) -> None:
    command, lang, _suffix = name.split(".")
    code, out, _err = run_emul(["--help"] if command == "emul" else [command, "--help"], lang=lang)
    if os.environ.get("EMUL_UPDATE_GOLDEN"):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        (GOLDEN / name).write_text(out, encoding="utf-8")
    assert code == 0
    assert out == (GOLDEN / name).read_text(encoding="utf-8")


def test_choices_are_listed_and_types_are_words() -> None:
    out = run_emul(["score", "--help"], lang="vi")[1]
    assert "--format text|json|csv" in out and "--period KỲ" in out and "THƯ_MỤC" in out
    out = run_emul(["history", "--help"], lang="vi")[1]
    assert "--unit ĐƠN_VỊ" in out and "[THƯ_MỤC]..." in out
