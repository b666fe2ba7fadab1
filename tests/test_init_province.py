"""`emul init --province`: one province named consistently in the files and in every document they produce."""

from __future__ import annotations

from pathlib import Path

import pytest

from emulation_cli.model.provinces import all_provinces, find_province

from .conftest import run_emul
from .dump import dump

DOCUMENTS = (".docx", ".xlsx", ".md")


@pytest.mark.parametrize(
    ("option", "province", "host_body", "date_line", "flag"),
    [
        (
            "nghe an",
            "tỉnh Nghệ An",
            "UBND TỈNH NGHỆ AN",
            "Nghệ An, ngày 31 tháng 12 năm 2026",
            "Cờ thi đua của UBND tỉnh Nghệ An",
        ),
        (
            "TP HCM",
            "Thành phố Hồ Chí Minh",
            "UBND THÀNH PHỐ HỒ CHÍ MINH",
            "Thành phố Hồ Chí Minh, ngày 31 tháng 12 năm 2026",
            "Cờ thi đua của UBND Thành phố Hồ Chí Minh",
        ),
    ],
)
def test_the_documents_name_the_chosen_province_everywhere(
    tmp_path: Path, option: str, province: str, host_body: str, date_line: str, flag: str
) -> None:
    folder = tmp_path / "cum"
    assert run_emul(["init", str(folder), "--year", "2026", "--province", option])[0] == 0
    code, out, err = run_emul(["validate", str(folder)])
    assert (code, err) == (0, ""), out
    assert out.splitlines()[-1] == "0 error(s), 5 warning(s) in 4 files checked."  # the heads' names only
    cluster = (folder / "cluster.yaml").read_text(encoding="utf-8")
    assert f'province: "{province}"' in cluster and f'host_body: "{host_body}"' in cluster
    code, _out, err = run_emul(["report", str(folder), "--period", "2026", "--out", str(tmp_path / "out")])
    assert code == 0 and "error" not in err  # warned only: no scores nor ballot yet
    texts = {p.name: dump(p) for p in (tmp_path / "out").rglob("*") if p.suffix in DOCUMENTS}
    assert len(texts) >= 8
    for name, text in texts.items():
        assert "Hà Nội" not in text and "HÀ NỘI" not in text, name
    for name in ("bao-cao-tong-ket.docx", "to-trinh-khen-thuong.docx", "bien-ban-binh-xet.docx"):
        assert host_body in texts[name] and date_line in texts[name], name
    assert flag in texts["to-trinh-khen-thuong.docx"]
    assert f"Hội đồng Thi đua – Khen thưởng {province}" in texts["to-trinh-khen-thuong.docx"]


def test_without_the_option_the_folder_is_for_ha_noi(tmp_path: Path) -> None:
    assert run_emul(["init", str(tmp_path / "c"), "--year", "2026"])[0] == 0
    cluster = (tmp_path / "c" / "cluster.yaml").read_text(encoding="utf-8")
    assert 'host_body: "UBND THÀNH PHỐ HÀ NỘI"' in cluster and 'place: "Hà Nội"' in cluster
    assert "id: co-thi-dua-tp" in cluster and 'name: "Bằng khen của Chủ tịch UBND thành phố Hà Nội"' in cluster
    bundled = Path(__file__).parents[1] / "criteria" / "khoi-so-nganh-ha-noi-2023.yaml"
    copied = (tmp_path / "c" / "criteria" / "bo-tieu-chi.yaml").read_text(encoding="utf-8")
    # the bundled rubric, naming the cluster and its year where it named Cụm thi đua số 7 and 2023
    expected = bundled.read_text(encoding="utf-8").replace("năm 2023", "năm 2026")
    assert copied == expected.replace("Cụm thi đua số 7", "Cụm thi đua số 1")
    assert "năm 2023" not in copied and 'version: "2023.1"' in copied


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("ha noi", "Hà Nội"),
        ("HÀ NỘI", "Hà Nội"),
        ("Hồ Chí Minh", "Hồ Chí Minh"),
        ("tp. hcm", "Hồ Chí Minh"),
        ("Thành phố Huế", "Huế"),
        ("tỉnh Đắk Lắk", "Đắk Lắk"),
        ("dak lak", "Đắk Lắk"),
    ],
)
def test_a_province_is_found_however_it_is_written(written: str, name: str) -> None:
    assert find_province(written).name == name


def test_the_34_provinces_and_cities_after_2025() -> None:
    provinces = all_provinces()
    assert len(provinces) == 34
    assert sum(p.kind == "thanh_pho" for p in provinces) == 6
    assert [p.name for p in provinces][:3] == ["An Giang", "Bắc Ninh", "Cao Bằng"]


def test_an_unknown_province_lists_close_matches_and_writes_nothing(tmp_path: Path) -> None:
    code, out, err = run_emul(["init", str(tmp_path / "c"), "--province", "Nghe Am"])
    assert (code, out) == (2, "")
    assert "error: there is no province or centrally-run city named 'Nghe Am'" in err
    assert "did you mean: Nghệ An" in err
    assert not (tmp_path / "c").exists()


def test_a_merged_province_names_its_successor(tmp_path: Path) -> None:
    code, _out, err = run_emul(["init", str(tmp_path / "c"), "--year", "2026", "--province", "binh duong"], lang="vi")
    assert code == 2
    assert "Bình Dương là tỉnh đến hết năm 2024: từ năm 2025 là (hoặc thuộc) Thành phố Hồ Chí Minh" in err
    assert '--province "Hồ Chí Minh"' in err


def test_a_year_before_the_merger_keeps_the_province_of_that_year(tmp_path: Path) -> None:
    assert run_emul(["init", str(tmp_path / "c"), "--year", "2024", "--province", "binh duong"])[0] == 0
    cluster = (tmp_path / "c" / "cluster.yaml").read_text(encoding="utf-8")
    assert 'province: "tỉnh Bình Dương"' in cluster and 'host_body: "UBND TỈNH BÌNH DƯƠNG"' in cluster
    assert 'name: "Cờ thi đua của UBND tỉnh Bình Dương"' in cluster and "id: co-thi-dua-tinh" in cluster
    assert run_emul(["validate", str(tmp_path / "c")])[0] == 0


@pytest.mark.parametrize(
    ("written", "full_name"),
    [
        ("Hà Nội", "thành phố Hà Nội"),
        ("Huế", "thành phố Huế"),
        ("hcm", "Thành phố Hồ Chí Minh"),
        ("Nghệ An", "tỉnh Nghệ An"),
    ],
)
def test_the_common_noun_is_lower_case_inside_a_sentence_except_in_ho_chi_minh(written: str, full_name: str) -> None:
    assert find_province(written).full_name == full_name


def test_hue_was_a_province_up_to_2024() -> None:
    assert find_province("Huế", 2024).full_name == "tỉnh Thừa Thiên Huế"
    assert find_province("Huế", 2025).full_name == "thành phố Huế"


def test_an_empty_province_is_refused(tmp_path: Path) -> None:
    code, _out, err = run_emul(["init", str(tmp_path / "c"), "--province", ""], lang="vi")
    assert code == 2 and "--province" in err and not (tmp_path / "c").exists()


@pytest.mark.parametrize("written", ["Đăk Lăk", "Dak Lak", "tỉnh Đắk Lắk"])
def test_one_province_written_another_way_is_the_same(written: str) -> None:
    from emulation_cli.model.provinces import same_province

    assert same_province(written, "tỉnh Đắk Lắk") and not same_province(written, "tỉnh Nghệ An")
    assert same_province("TP HCM", "Thành phố Hồ Chí Minh")
