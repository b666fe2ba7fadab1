"""`emul report` as a batch: the manifest protects edited files, one failure does not stop the others,
outputs are reproducible, and nothing leaves the output folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from emulation_cli.reports.manifest import MANIFEST_NAME
from emulation_cli.reports.plan import file_name

from .conftest import copy_example, run_emul

ONLY = ["--only", "tom-tat", "--only", "bang-tong-hop"]


@pytest.fixture
def cluster(tmp_path: Path) -> Path:
    return copy_example("cum-thi-dua-so-7-2023", tmp_path / "c7")


def _report(cluster: Path, *extra: str) -> tuple[int, str, str]:
    return run_emul(["report", str(cluster), *ONLY, *extra])


def test_first_run_writes_then_a_rerun_changes_nothing(cluster: Path) -> None:
    out = cluster / "van-ban" / "2023"
    code, stdout, stderr = _report(cluster)
    assert (code, stderr) == (0, "")
    assert stdout == (
        f"2 file(s) written, 0 unchanged, in {out}\n"
        "  bang-tong-hop-diem.xlsx  written\n"
        "  tom-tat.md               written\n"
    )
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    code, stdout, _ = _report(cluster)
    assert code == 0
    assert stdout.splitlines()[0] == f"0 file(s) written, 2 unchanged, in {out}"
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_an_edited_file_is_kept_while_emul_has_nothing_new_for_it(cluster: Path) -> None:
    out = cluster / "van-ban" / "2023"
    _report(cluster)
    summary = out / "tom-tat.md"
    summary.write_text(summary.read_text(encoding="utf-8") + "\nGhi chú của văn phòng.\n", encoding="utf-8")
    edited = summary.read_bytes()
    code, stdout, stderr = _report(cluster)
    assert (code, stderr) == (0, "")
    assert "  tom-tat.md               kept as you edited it\n" in stdout
    assert summary.read_bytes() == edited
    assert not (out / "tom-tat.moi.md").exists()


BESIDE_WARNING = (
    "warning: tom-tat.md: you edited it, and emul now has a new version: written beside it as tom-tat.moi.md\n"
    "  What changed in the data since the version you edited:\n"
    "  - Tổng điểm đạt (Sở TT&TT): 89,23 → 89,98\n"
    "  - Chênh lệch tự chấm − điểm đạt (Sở TT&TT): 3,00 → 2,25\n"
    "  - Điểm đạt của phần (Sở TT&TT, I): 53,65 → 54,40\n"
    "  - Điểm cần lưu ý (Sở TT&TT): removed chênh lệch tự chấm và thẩm định vượt ngưỡng (I.3.a)\n"
    "  - Đánh giá chung rút ra từ số liệu › Hạn chế rút ra từ số liệu: removed Sở Thông tin và Truyền thông: điểm tự "
    "chấm chênh lệch lớn s…\n"
)


def _edit_then_change_the_data(cluster: Path) -> bytes:
    """Run, edit the summary as the officer would, then change a score it shows; the edited bytes."""
    summary = cluster / "van-ban" / "2023" / "tom-tat.md"
    _report(cluster)
    summary.write_text(summary.read_text(encoding="utf-8") + "\nGhi chú của văn phòng.\n", encoding="utf-8")
    assessment = cluster / "assessments" / "2023" / "so-tttt.yaml"
    assessment.write_text(assessment.read_text(encoding="utf-8").replace("appraised: 9.75", "appraised: 10.5"))
    return summary.read_bytes()


def test_a_new_version_of_an_edited_file_is_written_beside_it_with_what_changed(cluster: Path) -> None:
    out = cluster / "van-ban" / "2023"
    edited = _edit_then_change_the_data(cluster)
    code, stdout, stderr = _report(cluster)
    assert (code, stderr) == (0, BESIDE_WARNING)  # nothing is lost: a warning, not an error
    assert "  tom-tat.md               kept as you edited it; new version beside it\n" in stdout
    assert (out / "tom-tat.md").read_bytes() == edited
    beside = (out / "tom-tat.moi.md").read_text(encoding="utf-8")
    assert "89,98" in beside
    assert "Ghi chú của văn phòng." not in beside
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert set(manifest["files"]) == {"bang-tong-hop-diem.xlsx", "tom-tat.md", "tom-tat.moi.md"}


def test_a_rerun_leaves_the_new_version_beside_as_it_is(cluster: Path) -> None:
    beside = cluster / "van-ban" / "2023" / "tom-tat.moi.md"
    _edit_then_change_the_data(cluster)
    _report(cluster)
    stamp, content = beside.stat().st_mtime_ns, beside.read_bytes()
    code, _, stderr = _report(cluster)
    assert (code, stderr) == (0, BESIDE_WARNING)
    assert (beside.stat().st_mtime_ns, beside.read_bytes()) == (stamp, content)


def test_a_later_change_replaces_the_version_beside(cluster: Path) -> None:
    beside = cluster / "van-ban" / "2023" / "tom-tat.moi.md"
    _edit_then_change_the_data(cluster)
    _report(cluster)
    assessment = cluster / "assessments" / "2023" / "so-tttt.yaml"
    assessment.write_text(assessment.read_text(encoding="utf-8").replace("appraised: 10.5", "appraised: 10.25"))
    code, _, stderr = _report(cluster)
    assert code == 0
    assert "  - Tổng điểm đạt (Sở TT&TT): 89,23 → 89,73\n" in stderr  # still against the version edited
    assert "89,73" in beside.read_text(encoding="utf-8")


def test_force_overwrites_the_edited_file_and_removes_the_version_beside(cluster: Path) -> None:
    out = cluster / "van-ban" / "2023"
    edited = _edit_then_change_the_data(cluster)
    _report(cluster)
    code, stdout, stderr = _report(cluster, "--force")
    assert (code, stderr) == (0, "")
    assert "  tom-tat.md               written\n" in stdout
    assert (out / "tom-tat.md").read_bytes() != edited
    assert not (out / "tom-tat.moi.md").exists()
    code, _, stderr = _report(cluster)
    assert (code, stderr) == (0, "")  # the manifest now knows the new file


def test_the_data_of_an_edited_file_written_by_an_older_emul_is_not_known(cluster: Path) -> None:
    out = cluster / "van-ban" / "2023"
    _edit_then_change_the_data(cluster)
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    del manifest["built_from"], manifest["facts"]
    (out / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")
    code, _, stderr = _report(cluster)
    assert (code, stderr) == (
        0,
        "warning: tom-tat.md: you edited it, and emul now has a new version: written beside it as tom-tat.moi.md\n"
        "  emul has no record of the data of the version you edited: it cannot say what changed.\n",
    )


def test_another_periods_folder_is_refused(cluster: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_emul(["report", str(cluster), "--only", "tom-tat", "--out", str(out)])[0] == 0
    code, stdout, stderr = run_emul(["report", str(cluster), "--period", "2023-H1", "--out", str(out)])
    assert (code, stdout) == (2, "")
    assert stderr == (
        f"error: '{out}' holds the documents of period 2023\n"
        "  hint: choose another --out folder for period 2023-H1, or use --force\n"
    )


def test_missing_ballot_and_unknown_template_files_are_announced(cluster: Path) -> None:
    (cluster / "ballots" / "2023.yaml").unlink()
    (cluster / "templates").mkdir()
    (cluster / "templates" / "bao-cao-tong-ket.docx").write_bytes(b"x")
    code, _, stderr = run_emul(["report", str(cluster), "--only", "tom-tat"])
    assert code == 0
    assert stderr == (
        "warning: the ballot of period 2023 is not recorded (ballots/2023.yaml): the documents show the proposals"
        " as awaiting the vote\n"
        f"warning: {cluster / 'templates' / 'bao-cao-tong-ket.docx'} is not a template emul uses, and is ignored"
        " (names: bao-cao.docx, bien-ban.docx, to-trinh.docx, ghi-nho-chu-tri.docx, phieu-bau.docx,"
        " bien-ban-kiem-phieu.docx, giao-uoc.docx, phieu-cham.docx, tom-tat.md.j2, tong-quan.html.j2,"
        " phrases.yaml)\n"
    )
    summary = (cluster / "van-ban" / "2023" / "tom-tat.md").read_text(encoding="utf-8")
    assert "Sở GD&ĐT (chờ bỏ phiếu, cần 4 phiếu đồng ý trên tổng số thành viên (6))" in summary


def test_a_file_emul_did_not_write_is_left_alone(cluster: Path) -> None:
    out = cluster / "van-ban" / "2023"
    out.mkdir(parents=True)
    (out / "tom-tat.md").write_text("Bản của văn phòng\n", encoding="utf-8")
    code, _, stderr = _report(cluster)
    assert code == 1
    assert stderr.splitlines()[0] == (
        "error: tom-tat.md: not written by emul; not overwritten (use --force to overwrite it)"
    )
    assert (out / "tom-tat.md").read_text(encoding="utf-8") == "Bản của văn phòng\n"
    assert (out / "bang-tong-hop-diem.xlsx").is_file()


def test_a_broken_template_fails_its_document_only_and_keeps_the_earlier_output(cluster: Path) -> None:
    out = cluster / "van-ban" / "2023"
    _report(cluster)
    earlier = (out / "tom-tat.md").read_bytes()
    (cluster / "templates").mkdir()
    (cluster / "templates" / "tom-tat.md.j2").write_text(
        "# {{ cluster.name }}\n\n{{ cluster.nmae }}\n", encoding="utf-8"
    )
    code, stdout, stderr = _report(cluster)
    assert code == 1
    assert "  bang-tong-hop-diem.xlsx  unchanged\n  tom-tat.md               failed\n" in stdout
    template = cluster / "templates" / "tom-tat.md.j2"
    assert stderr == (
        f"error: tom-tat.md: {template}:3: unknown variable 'nmae'\n"
        "1 of 2 document(s) not written. The others are written.\n"
    )
    assert (out / "tom-tat.md").read_bytes() == earlier


def test_templates_run_in_a_sandbox(cluster: Path) -> None:
    (cluster / "templates").mkdir()
    template = cluster / "templates" / "tom-tat.md.j2"
    template.write_text("{{ cluster.__class__.__mro__ }}\n", encoding="utf-8")
    code, _, stderr = run_emul(["report", str(cluster), "--only", "tom-tat"])
    assert code == 1
    assert stderr.splitlines()[0] == (
        f"error: tom-tat.md: {template}:1: '__class__' is not allowed in a template (templates run in a sandbox)"
    )


def test_markdown_escapes_what_a_name_could_inject(cluster: Path) -> None:
    units = cluster / "units.yaml"
    text = units.read_text(encoding="utf-8")
    units.write_text(text.replace("short_name: Sở Y tế", "short_name: 'Sở Y tế | [x](http://a) <b>'"), encoding="utf-8")
    assert run_emul(["report", str(cluster), "--only", "tom-tat"])[0] == 0
    summary = (cluster / "van-ban" / "2023" / "tom-tat.md").read_text(encoding="utf-8")
    assert "Sở Y tế \\| \\[x\\](http://a) \\<b\\>" in summary


def test_identical_inputs_give_identical_bytes(cluster: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        assert run_emul(["report", str(cluster), *ONLY, "--out", str(out)])[0] == 0
    names = sorted(p.name for p in first.iterdir())
    assert names == [".emul-manifest.json", "bang-tong-hop-diem.xlsx", "tom-tat.md"]
    assert all((first / n).read_bytes() == (second / n).read_bytes() for n in names)


def test_sketch_period_gets_its_own_documents(cluster: Path) -> None:
    code, stdout, _ = run_emul(["report", str(cluster), "--period", "2023-H1", *ONLY])
    assert code == 0
    assert "bang-tien-do-giao-uoc.xlsx  written" in stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--only", "bien-ban", "--period", "2023-H1"],
            "error: 'bien-ban' is not written for period 2023-H1\n"
            "  hint: for this period: bao-cao, giao-uoc, bang-tong-hop, tom-tat, html\n",
        ),
        (
            ["--only", "bao-cao-x"],
            "error: unknown document kind 'bao-cao-x'\n"
            "  hint: kinds: bao-cao, bien-ban, to-trinh, chu-tri, phieu-bau, kiem-phieu, giao-uoc, phieu-cham, "
            "bang-tong-hop, tom-tat, html\n",
        ),
    ],
)
def test_wrong_kinds_are_usage_errors(cluster: Path, args: list[str], message: str) -> None:
    assert run_emul(["report", str(cluster), *args]) == (2, "", message)


def test_pdf_without_libreoffice_says_so(cluster: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(cluster))
    code, stdout, stderr = run_emul(["report", str(cluster), "--pdf"])
    assert (code, stdout) == (2, "")
    assert stderr.startswith("error: --pdf needs LibreOffice, which is not installed (no 'soffice' on the PATH)\n")
    assert not (cluster / "van-ban").exists()


def test_output_folder_that_is_a_file_is_refused(cluster: Path) -> None:
    (cluster / "out").write_text("x", encoding="utf-8")
    code, _, stderr = run_emul(["report", str(cluster), "--out", str(cluster / "out")])
    assert code == 2
    assert stderr == f"error: '{cluster / 'out'}' exists and is not a folder\n"


@pytest.mark.parametrize("part", ["..", "../x.docx", "a/b", "/etc/passwd", ".hidden", ""])
def test_ids_cannot_make_a_path_outside_the_output_folder(part: str) -> None:
    with pytest.raises(ValueError, match="unsafe file name part"):
        file_name("phieu-cham", part)


def test_a_damaged_manifest_is_rebuilt_from_the_files_it_can_verify(cluster: Path) -> None:
    out = cluster / "van-ban" / "2023"
    _report(cluster)
    (out / ".emul-manifest.json").write_text("{hỏng", encoding="utf-8")
    code, stdout, stderr = _report(cluster)
    assert (code, stderr) == (0, "")
    assert stdout.splitlines()[0] == f"0 file(s) written, 2 unchanged, in {out}"
    assert '"schema": "emul.manifest/1"' in (out / ".emul-manifest.json").read_text(encoding="utf-8")


def test_pdf_copies_older_than_their_document_are_announced(cluster: Path) -> None:
    import os

    out = cluster / "van-ban" / "2023"
    _report(cluster)
    pdf = out / "bang-tong-hop-diem.pdf"
    pdf.write_bytes(b"%PDF-1.4 old copy")
    os.utime(pdf, ns=(1_000_000_000, 1_000_000_000))
    code, _, stderr = _report(cluster)
    assert code == 0
    assert stderr == "warning: 1 PDF copy(ies) now older than their document; run again with --pdf to refresh them\n"


def test_a_damaged_word_template_is_a_template_failure(cluster: Path) -> None:
    import zipfile

    source = Path(__file__).parents[1] / "templates" / "report" / "to-trinh.docx"
    (cluster / "templates").mkdir()
    damaged = cluster / "templates" / "to-trinh.docx"
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo("word/styles.xml")
    data[info.header_offset + 30 + len(info.filename) + 5] ^= 0xFF  # one byte of compressed data: bad CRC
    damaged.write_bytes(bytes(data))
    code, _, stderr = run_emul(["report", str(cluster), "--only", "to-trinh"])
    assert code == 1
    assert stderr.startswith(f"error: to-trinh-khen-thuong.docx: {damaged}: not a Word (.docx) file that can be read (")


def test_the_version_beside_goes_when_the_data_is_back_to_what_the_officer_edited(cluster: Path) -> None:
    out = cluster / "van-ban" / "2023"
    edited = _edit_then_change_the_data(cluster)
    _report(cluster)
    assessment = cluster / "assessments" / "2023" / "so-tttt.yaml"
    assessment.write_text(assessment.read_text(encoding="utf-8").replace("appraised: 10.5", "appraised: 9.75"))
    code, stdout, stderr = _report(cluster)
    assert (code, stderr) == (0, "")
    assert "  tom-tat.md               kept as you edited it\n" in stdout
    assert (out / "tom-tat.md").read_bytes() == edited
    assert not (out / "tom-tat.moi.md").exists()
    assert "tom-tat.moi.md" not in json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["files"]


def test_a_recorded_vote_the_ranking_no_longer_reaches_is_a_warning(tmp_path: Path) -> None:
    """Sở Y tế's vote on the Bằng khen is recorded; lower its score below Sở KH&CN's and the ranking offers Sở
    KH&CN instead: the documents cannot report the vote held, and the officer must hear of it."""
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    assessment = folder / "assessments" / "2023" / "so-yte.yaml"
    text = assessment.read_text(encoding="utf-8")
    assessment.write_text(text.replace("    self: 11.5\n    appraised: 11\n", "    self: 11.5\n    appraised: 9\n"))
    code, _stdout, stderr = run_emul(["report", str(folder), "--only", "bien-ban", "--out", str(tmp_path / "out")])
    assert code == 0
    assert stderr == (
        "warning: the ballot file of period 2023 records a vote on Bằng khen của Chủ tịch UBND Thành phố for Sở Y tế,"
        " who is not offered that award now: the documents do not report that vote; check the scores and the ballot"
        " file\n"
    )


@pytest.mark.parametrize("day", ["9999-12-31", "1900-01-01"])
def test_a_document_dated_outside_the_zip_calendar_is_written(cluster: Path, day: str) -> None:
    """A .docx is a zip, whose entries are dated 1980–2107; a covenant signed on another date still gets its file."""
    covenant = cluster / "covenant.yaml"
    covenant.write_text(covenant.read_text(encoding="utf-8").replace("date: 2023-03-31", f"date: {day}"), "utf-8")
    assert run_emul(["validate", str(cluster)])[0] == 0
    code, _out, err = run_emul(["report", str(cluster), "--only", "giao-uoc"])
    assert (code, err) == (0, "")
