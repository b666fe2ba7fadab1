"""Ids that become file names must be names Windows can create."""

from __future__ import annotations

import pytest

from emulation_cli.validation.file_names import windows_refuses


@pytest.mark.parametrize(
    "name", ["con", "CON", "Prn", "aux", "nul", "com1", "COM9", "lpt1", "lpt9", "nul.txt", "con.2024", "aux.", "2024."]
)
def test_device_names_and_trailing_dots_are_refused(name: str) -> None:
    assert windows_refuses(name)


@pytest.mark.parametrize("name", ["so-con", "console", "com", "com10", "lpt0", "con-an", "2024-H1", "I.3.a", "nullo"])
def test_ordinary_ids_pass(name: str) -> None:
    assert not windows_refuses(name)
