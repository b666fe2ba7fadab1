"""Regenerate the YAML reference section of README.md from the models."""

from __future__ import annotations

from pathlib import Path

from emulation_cli.model.reference import replace_section, yaml_reference
from emulation_cli.reports.variables import TEMPLATE_END, TEMPLATE_START, variables_markdown

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
GOLDEN = ROOT / "tests" / "data" / "golden" / "score-2023.vi.txt"
EXAMPLE_INTRO = "On the bundled example, `emul score examples/cum-thi-dua-so-7-2023` prints:\n\n```text\n"


def replace_example_ranking(readme: str, ranking: str) -> str:
    """The ranking shown in the tutorial is the golden file that the tests compare emul's output with."""
    head, rest = readme.split(EXAMPLE_INTRO, 1)
    _old, tail = rest.split("```", 1)
    return f"{head}{EXAMPLE_INTRO}{ranking}```{tail}"


def replace_template_variables(readme: str, generated: str) -> str:
    head, rest = readme.split(TEMPLATE_START, 1)
    _old, tail = rest.split(TEMPLATE_END, 1)
    return f"{head}{TEMPLATE_START}\n{generated}{TEMPLATE_END}{tail}"


def main() -> int:
    text = README.read_text(encoding="utf-8")
    updated = replace_section(text, yaml_reference())
    updated = replace_example_ranking(updated, GOLDEN.read_text(encoding="utf-8"))
    updated = replace_template_variables(updated, variables_markdown())
    if updated != text:
        README.write_text(updated, encoding="utf-8")
        print("README.md: YAML reference updated")
    else:
        print("README.md: YAML reference already up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
