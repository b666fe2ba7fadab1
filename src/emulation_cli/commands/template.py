"""emul template check / variables: the officer's own templates, checked before a batch is run."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from ..errors import OutOfMemory, UsageError
from ..i18n import _

if TYPE_CHECKING:
    from ..reports.template_check import Finding


def check(files: list[Path], console: Console) -> int:
    for path in files:
        if not path.is_file():
            raise UsageError(_("'{path}' is not a file").format(path=path))
        if path.suffix not in (".docx", ".j2"):
            raise UsageError(
                _("'{path}' is not a template").format(path=path),
                hint=_("templates are Word files (.docx) or Markdown templates (.md.j2)"),
            )
    problems = 0
    for path in files:
        findings = _findings(path)
        for finding in findings:
            console.print(Text(f"{path}: {finding.place}: " + _("error") + f": {finding.message}"))
        problems += len(findings)
    if problems:
        console.print(Text(_("{count} problem(s) in the template(s).").format(count=problems)))
        return 1
    console.print(Text(_("OK: {count} template(s) checked, no problems found.").format(count=len(files))))
    return 0


def _findings(path: Path) -> list[Finding]:
    import zipfile
    import zlib

    from ..reports.template_check import check_template

    unreadable = _("'{path}' is not a Word (.docx) file that can be read").format(path=path)
    if path.suffix == ".docx" and not zipfile.is_zipfile(path):
        raise UsageError(unreadable)
    try:
        return check_template(path)
    except UnicodeDecodeError as exc:
        raise UsageError(_("'{path}' is not UTF-8 text").format(path=path)) from exc
    except MemoryError:
        raise OutOfMemory(str(path)) from None
    except (zipfile.BadZipFile, zlib.error, KeyError, ValueError, SyntaxError) as exc:  # damaged, or not Word
        raise UsageError(unreadable) from exc


def variables(console: Console) -> int:
    from ..reports.variables import variables_markdown

    console.out(variables_markdown(), highlight=False, end="")
    return 0
