"""Regenerate the YAML reference section of README.md from the models."""

from __future__ import annotations

from pathlib import Path

from emulation_cli.reference import replace_section, yaml_reference

README = Path(__file__).resolve().parents[1] / "README.md"


def main() -> int:
    text = README.read_text(encoding="utf-8")
    updated = replace_section(text, yaml_reference())
    if updated != text:
        README.write_text(updated, encoding="utf-8")
        print("README.md: YAML reference updated")
    else:
        print("README.md: YAML reference already up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
