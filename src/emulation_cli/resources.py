"""Where the bundled criteria, examples and templates are: inside the wheel, or in the source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent

# Folders emul writes into a cluster folder by default: outputs, never part of the cluster's data.
REPORTS_FOLDER = "van-ban"
FORMS_FOLDER = "bieu-mau"
GENERATED_FOLDERS = (REPORTS_FOLDER, FORMS_FOLDER)


def data_dir(name: str) -> Path:
    """`criteria`, `examples` or `templates`: shipped in the wheel under _data/, at the repo top in a checkout."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled folder '{name}' not found next to {_PACKAGE}")
