"""LibreOffice, when it is installed: documents converted the way an officer's office suite would open them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_office = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) missing")


def convert(source: Path, target_format: str, out: Path) -> Path:
    """Convert with a private profile; return the converted file."""
    assert SOFFICE is not None
    out.mkdir(parents=True, exist_ok=True)
    profile = (out / "profile").resolve().as_uri()
    command = [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore"]
    command += ["--convert-to", target_format, "--outdir", str(out), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    extension = target_format.split(":", 1)[0]
    return out / f"{source.stem}.{extension}"


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True).stdout.decode()
