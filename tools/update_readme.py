"""Regenerate the generated parts of README.md: the YAML reference and the template variables from the models,
the tutorial's outputs from a run of the tutorial (tools/tutorial.py)."""

from __future__ import annotations

from pathlib import Path

from emulation_cli.model.reference import replace_section, yaml_reference
from emulation_cli.reports.variables import TEMPLATE_END, TEMPLATE_START, variables_markdown

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def tutorial_with_outputs(readme: str) -> str:
    """The README with each tutorial command's output as a run of the tutorial in an empty folder prints it."""
    import tempfile

    from tutorial import run_tutorial

    with tempfile.TemporaryDirectory() as temp:
        return run_tutorial(readme, Path(temp))


def replace_template_variables(readme: str, generated: str) -> str:
    head, rest = readme.split(TEMPLATE_START, 1)
    _old, tail = rest.split(TEMPLATE_END, 1)
    return f"{head}{TEMPLATE_START}\n{generated}{TEMPLATE_END}{tail}"


def main() -> int:
    text = README.read_text(encoding="utf-8")
    updated = replace_section(text, yaml_reference())
    updated = replace_template_variables(updated, variables_markdown())
    updated = tutorial_with_outputs(updated)
    if updated != text:
        README.write_text(updated, encoding="utf-8")
        print("README.md: updated (YAML reference, template variables, tutorial outputs)")
    else:
        print("README.md: already up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
