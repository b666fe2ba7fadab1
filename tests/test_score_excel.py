"""`emul score --excel`: the CSV Excel with Vietnamese settings opens with a double-click, from the same
figures as the plain CSV."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from emulation_cli import i18n
from emulation_cli.cli import build_app
from emulation_cli.results.csv_table import EXCEL_VI, Figure, Label, csv_text

from .conftest import DATA, REPO, run_emul

EXAMPLE = "examples/cum-thi-dua-so-7-2023"


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def _excel(args: list[str], lang: str = "en") -> bytes:
    """The bytes as written: CliRunner's text output would turn the CRLF line ends back into LF."""
    i18n.set_language(lang)
    result = CliRunner().invoke(build_app(), ["--lang", lang, "score", *args, "--excel"], catch_exceptions=False)
    assert (result.exit_code, result.stderr) == (0, "")
    return result.stdout_bytes


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_a_utf8_bom_semicolons_decimal_commas_and_windows_line_ends() -> None:
    data = _excel([EXAMPLE])
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == 7 and b"\n" not in data.replace(b"\r\n", b"")
    rows = _rows(data)
    assert rows[0][:4] == ["Hạng", "Đồng hạng", "Mã đơn vị", "Đơn vị"]
    assert rows[0][-4:] == ["Tổng điểm", "Tổng tự chấm", "Xếp loại", "Ghi chú"]
    by_unit = {row[2]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    second = by_unit["so-ldtbxh"]
    assert second["Đơn vị"] == "Sở LĐTB&XH"
    assert (second["Hạng"], second["Tổng điểm"], second["Điểm thưởng"]) == ("2", "94,27", "10,00")
    assert second["Xếp loại"] == "Hoàn thành tốt nhiệm vụ"
    assert second["Ghi chú"] == "có tiêu chí dưới ngưỡng xếp loại"  # the documents' wording of below-floor


def test_the_same_figures_as_the_plain_csv_whatever_the_language() -> None:
    plain = list(csv.reader(io.StringIO(run_emul(["score", EXAMPLE, "--format", "csv"])[1])))
    for lang in ("en", "vi"):
        excel = _rows(_excel([EXAMPLE], lang))
        assert len(excel) == len(plain)
        for plain_row, excel_row in zip(plain[1:], excel[1:], strict=True):
            assert [cell.replace(".", ",") for cell in plain_row[4:12]] == excel_row[4:12]
            assert (plain_row[0], plain_row[2], plain_row[3]) == (excel_row[0], excel_row[2], excel_row[3])


def test_the_plain_csv_stays_machine_friendly() -> None:
    out = run_emul(["score", EXAMPLE, "--format", "csv"], lang="vi")[1]
    assert out.startswith("rank,tied,unit_id,short_name,I,II,III,IV,bonus,penalty,total,self_total,")
    assert "\r" not in out and "\ufeff" not in out
    assert "2,false,so-ldtbxh,Sở LĐTB&XH,49.15," in out and ",below-floor\n" in out


def test_a_formula_looking_name_is_neutralised(tmp_path: Path) -> None:
    folder = tmp_path / "cum"
    shutil.copytree(DATA / "base", folder)
    units = folder / "units.yaml"
    text = units.read_text(encoding="utf-8").replace("short_name: Sở A", 'short_name: "=HYPERLINK(1)"')
    units.write_text(text.replace("short_name: Sở B", 'short_name: "-1,5"'), encoding="utf-8")
    names = [row[3] for row in _rows(_excel([str(folder)]))]
    assert "'=HYPERLINK(1)" in names and "'-1,5" in names


def test_the_vote_ranking_and_the_progress_in_excel() -> None:
    votes = _rows(_excel(["examples/khoi-binh-xet-2025"]))
    assert votes[0][4:7] == ["Số phiếu bầu", "Số phiếu hợp lệ", "Tỉ lệ trên số phiếu hợp lệ (%)"]
    assert votes[1][3:7] == ["P. Ba Đình", "6", "7", "85,71"]
    progress = _rows(_excel([EXAMPLE, "--period", "2023-H1"]))
    assert progress[0][:3] == ["Mã đơn vị", "Đơn vị", "Số cam kết"]
    assert ["so-yte", "Sở Y tế", "8", "4", "4", "0", "CHUNG.2, CHUNG.3, CHUNG.5, YTE.1"] in progress


@pytest.mark.parametrize("other", [["--format", "csv"], ["--format", "text"], ["--rubric", "x.yaml"]])
def test_excel_is_a_format_of_its_own(other: list[str]) -> None:
    code, out, err = run_emul(["score", EXAMPLE, "--excel", *other])
    assert code == 2 and out == "" and "--excel" in err


def test_the_dialect_writes_labels_in_words_and_figures_with_a_comma() -> None:
    text = csv_text([[Label("total", "Tổng điểm"), "a;b"], [Figure("-1.50"), "@x"]], EXCEL_VI)
    assert text == '\ufeffTổng điểm;"a;b"\r\n-1,50;\'@x\r\n'
