"""Regenerate the YAML reference section of README.md from the models."""

from __future__ import annotations

from pathlib import Path

from emulation_cli.model.reference import replace_section, yaml_reference
from emulation_cli.reports.variables import TEMPLATE_END, TEMPLATE_START, variables_markdown

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
GOLDEN = ROOT / "tests" / "data" / "golden" / "score-2023.vi.txt"
EXAMPLE_INTRO = "On the bundled example, `emul score examples/cum-thi-dua-so-7-2023` prints:\n\n```text\n"
REPORT_INTRO = "On the bundled example, `emul report examples/cum-thi-dua-so-7-2023` prints:\n\n```text\n"


def replace_example_ranking(readme: str, ranking: str, intro: str = EXAMPLE_INTRO) -> str:
    """The ranking shown in the tutorial is the golden file that the tests compare emul's output with."""
    head, rest = readme.split(intro, 1)
    _old, tail = rest.split("```", 1)
    return f"{head}{intro}{ranking}```{tail}"


def example_report_output() -> str:
    """What `emul report examples/cum-thi-dua-so-7-2023` prints in Vietnamese, run on a copy of the example."""
    import os
    import shutil
    import tempfile

    from typer.testing import CliRunner

    from emulation_cli import i18n
    from emulation_cli.cli import build_app
    from emulation_cli.commands.init import _copy_example

    name = "cum-thi-dua-so-7-2023"
    with tempfile.TemporaryDirectory() as temp:
        target = Path(temp) / "examples" / name
        target.mkdir(parents=True)
        _copy_example(ROOT / "examples" / name, target)
        here = Path.cwd()
        os.chdir(temp)
        try:
            i18n.set_language("vi")
            result = CliRunner().invoke(build_app(), ["--lang", "vi", "report", f"examples/{name}"])
        finally:
            os.chdir(here)
            shutil.rmtree(target, ignore_errors=True)
    if result.exit_code != 0:
        raise SystemExit(f"emul report failed ({result.exit_code}): {result.stderr}")
    return result.stdout


def replace_template_variables(readme: str, generated: str) -> str:
    head, rest = readme.split(TEMPLATE_START, 1)
    _old, tail = rest.split(TEMPLATE_END, 1)
    return f"{head}{TEMPLATE_START}\n{generated}{TEMPLATE_END}{tail}"


def main() -> int:
    text = README.read_text(encoding="utf-8")
    updated = replace_section(text, yaml_reference())
    updated = replace_example_ranking(updated, GOLDEN.read_text(encoding="utf-8"))
    updated = replace_template_variables(updated, variables_markdown())
    updated = replace_example_ranking(updated, example_report_output(), REPORT_INTRO)
    if updated != text:
        README.write_text(updated, encoding="utf-8")
        print("README.md: YAML reference updated")
    else:
        print("README.md: YAML reference already up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
