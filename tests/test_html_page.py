"""The overview page `tong-quan.html`: the same bytes from the same inputs, every user text escaped, the totals
of `emul score`, nothing fetched from elsewhere. Its content for each example is a golden text dump among the
report's documents (tests/test_report_documents.py, `tests.dump.dump_html`)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path

import pytest

from .conftest import copy_example, run_emul

PAGE = "tong-quan.html"
HOSTILE = "<script>alert(1)</script> \"&'"


@pytest.fixture
def cluster(tmp_path: Path) -> Path:
    return copy_example("cum-thi-dua-so-7-2023", tmp_path / "c7")


def _page(cluster: Path, out: Path, period: str = "2023") -> Path:
    code, _, stderr = run_emul(["report", str(cluster), "--period", period, "--only", "html", "--out", str(out)])
    assert (code, stderr) == (0, "")
    return out / PAGE


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside each element with an id or a class asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.texts.append(data)

    def having(self, tag: str, **wanted: str) -> list[dict[str, str | None]]:
        names = {key.replace("_", "-"): value for key, value in wanted.items()}
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in names.items())]


def _parsed(page: Path) -> _Elements:
    parser = _Elements()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_the_same_inputs_give_the_same_bytes_wherever_they_are(cluster: Path, tmp_path: Path) -> None:
    first = _page(cluster, tmp_path / "one").read_bytes()
    elsewhere = copy_example("cum-thi-dua-so-7-2023", tmp_path / "somewhere" / "else")
    assert _page(elsewhere, tmp_path / "two").read_bytes() == first


def test_every_ranked_unit_has_its_bar_row_and_exact_total_in_rank_order(cluster: Path, tmp_path: Path) -> None:
    code, stdout, _ = run_emul(["score", str(cluster), "--period", "2023", "--format", "json"])
    assert code == 0
    units = json.loads(stdout)["units"]
    page = _parsed(_page(cluster, tmp_path / "out"))
    order = [u["unit"]["id"] for u in units]
    assert [a["data-unit"] for a in page.having("g", **{"class": "bar"})] == order
    assert [a["data-unit"] for a in page.having("tr") if "data-unit" in a] == order
    assert [a["data-total"] for a in page.having("td", **{"class": "total"})] == [u["total"] for u in units]
    html = (tmp_path / "out" / PAGE).read_text(encoding="utf-8")
    for unit in units:
        shown = unit["total"].replace(".", ",")
        assert f'<td class="total" data-total="{unit["total"]}">{shown}</td>' in html
        assert f'<td class="unit-name">{unit["unit"]["short_name"].replace("&", "&amp;")}</td>' in html
        assert len(page.having("section", id=f"giai-thich-{unit['unit']['id']}", **{"class": "explanation"})) == 1


def test_the_chart_draws_sections_bonus_penalty_thresholds_and_quota_lines(cluster: Path, tmp_path: Path) -> None:
    page = _parsed(_page(cluster, tmp_path / "out"))
    segments = page.having("rect", **{"class": "segment"})
    assert {a["data-section"] for a in segments} == {"I", "II", "III", "IV", "bonus", "penalty"}
    assert len(page.having("rect", **{"class": "segment"}, data_section="penalty")) == 1  # only Sở VH&TT
    assert [a["data-classification"] for a in page.having("line", **{"class": "threshold"})] == ["htxs", "htt", "ht"]
    assert len(page.having("line", **{"class": "quota"})) == 2
    charts = page.having("svg")
    assert len(page.having("details", **{"class": "table-view"})) == len(charts) == 5  # a table view each


def test_a_hostile_unit_name_comes_out_as_text(cluster: Path, tmp_path: Path) -> None:
    units = cluster / "units.yaml"
    text = units.read_text(encoding="utf-8")
    yaml_name = json.dumps(HOSTILE)  # a JSON string is a YAML string
    text = text.replace("name: Sở Y tế\n    short_name: Sở Y tế", f"name: {yaml_name}\n    short_name: {yaml_name}")
    units.write_text(text, encoding="utf-8")
    page = _page(cluster, tmp_path / "out")
    parsed = _parsed(page)
    assert [tag for tag, _ in parsed.tags].count("script") == 1  # the page's own
    assert all("src" not in attrs for tag, attrs in parsed.tags if tag == "script")
    assert any(HOSTILE in text for text in parsed.texts)  # shown as the text it is
    assert "<script>alert" not in page.read_text(encoding="utf-8")


def test_the_page_is_self_contained_and_small(cluster: Path, tmp_path: Path) -> None:
    page = _page(cluster, tmp_path / "out")
    html = page.read_text(encoding="utf-8")
    assert page.stat().st_size < 2 * 1024 * 1024
    assert "http://" not in html and "https://" not in html
    assert not re.search(r"""\b(?:src|href)\s*=\s*["']?(?!#)""", html)
    assert html.startswith('<!DOCTYPE html>\n<html lang="vi">')
    assert "@page { size: A4; margin: 20mm 15mm 20mm 30mm; }" in html
    assert str(tmp_path) not in html  # no path of this machine


def test_an_explanation_gives_each_criterion_with_its_source(cluster: Path, tmp_path: Path) -> None:
    html = _page(cluster, tmp_path / "out").read_text(encoding="utf-8")
    start = html.index('id="giai-thich-so-yte"')
    section = html[start : html.index("</section>", start)]
    assert "<code>assessments/2023/so-yte.yaml:19</code>" in section
    assert "Sở Y tế — Tổng kết công tác thi đua, khen thưởng năm 2023: 93,46 điểm, hạng 3" in section
    assert '<button class="close"' in section


class _Explanation(HTMLParser):
    """One unit's explanation on the page, as lines: the heading, one line of cells per criterion, the notes."""

    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit, self.inside, self.depth = unit, False, 0
        self.heading, self.rows, self.notes = "", list[list[str]](), list[str]()
        self._text: list[str] | None = None
        self._detail = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section" and dict(attrs).get("id") == f"giai-thich-{self.unit}":
            self.inside = True
        if not self.inside:
            return
        if tag == "tr" and self.depth == 0:
            self.rows.append([])
        if tag in ("h3", "td", "p"):
            self._text, self._detail = [], dict(attrs).get("class") == "detail"

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self.inside = False
        if not self.inside or self._text is None or tag not in ("h3", "td", "p"):
            return
        text = "".join(self._text)
        if tag == "h3":
            self.heading = text
        elif tag == "td":
            self.rows[-1].append(text)
        else:
            self.notes.append(("  " if self._detail else "") + text)
        self._text = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


@pytest.mark.parametrize(
    ("example", "period"),
    [("cum-thi-dua-so-7-2023", "2023"), ("khoi-thi-dua-so-5-2023", "2023"), ("cum-thi-dua-so-7-2025", "2025")],
)
def test_clicking_a_unit_opens_what_emul_explain_says(
    example: str, period: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Heading, every criterion's cells in order, every note: the page's explanation and `emul explain` are one."""
    cluster = copy_example(example, tmp_path / "c")
    page = _page(cluster, tmp_path / "out", period).read_text(encoding="utf-8")
    code, stdout, _ = run_emul(["score", str(cluster), "--period", period, "--format", "json"])
    units = [entry["unit"]["id"] for entry in json.loads(stdout)["units"]]
    monkeypatch.setenv("COLUMNS", "400")  # the table's rows on one line each
    for unit in units:
        shown = _Explanation(unit)
        shown.feed(page)
        code, stdout, _ = run_emul(["explain", str(cluster), unit, "--period", period], lang="vi")
        assert code == 0
        lines = stdout.splitlines()
        cells = [[c.strip() for c in line.split("│")[1:-1]] for line in lines if line.startswith("│")]
        notes = lines[lines.index(next(line for line in lines if line.startswith("└"))) + 1 :]
        rows = [row for row in shown.rows if row]  # the header row has no cell
        assert (shown.heading, rows, shown.notes) == (lines[0], cells, notes)
        assert len(rows) > 10 and len(shown.notes) >= 2


def test_the_page_explains_in_vietnamese_whatever_the_language_of_the_run(cluster: Path, tmp_path: Path) -> None:
    code, _, stderr = run_emul(["report", str(cluster), "--only", "html", "--out", str(tmp_path / "en")], lang="en")
    assert (code, stderr) == (0, "")
    english = (tmp_path / "en" / PAGE).read_bytes()
    assert english == _page(cluster, tmp_path / "vi").read_bytes()
    assert "Các mục: I " in english.decode("utf-8")


def test_at_so_ket_the_page_shows_the_covenants_progress(cluster: Path, tmp_path: Path) -> None:
    page = _parsed(_page(cluster, tmp_path / "out", period="2023-H1"))
    assert page.having("table", id="bang-tien-do")
    assert not page.having("svg", id="bieu-do-xep-hang")


def test_a_hand_edited_page_is_kept(cluster: Path, tmp_path: Path) -> None:
    page = _page(cluster, tmp_path / "out")
    page.write_text(page.read_text(encoding="utf-8") + "<!-- ghi chú -->\n", encoding="utf-8")
    edited = page.read_bytes()
    _page(cluster, tmp_path / "out")
    assert page.read_bytes() == edited


def test_a_cluster_ranked_by_vote_gets_its_page_of_votes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Bars and rows in the order and with the votes of `emul score`, each unit's explanation that of `emul
    explain`, the ballot's counts, and no figure that needs totals pretending to have data."""
    cluster = copy_example("khoi-binh-xet-2025", tmp_path / "k")
    html = _page(cluster, tmp_path / "out", period="2025").read_text(encoding="utf-8")
    page = _parsed(tmp_path / "out" / PAGE)
    code, stdout, _ = run_emul(["score", str(cluster), "--format", "json"])
    units = json.loads(stdout)["units"]
    order = [u["unit"]["id"] for u in units]
    assert [a["data-unit"] for a in page.having("g", **{"class": "bar"})] == order
    assert [a["data-votes"] for a in page.having("td") if "data-votes" in a] == [str(u["votes"]) for u in units]
    assert '<td class="number">3=</td>\n<td class="unit-name">P. Cửa Nam</td>' in html
    assert '<p class="ballot">Phiếu xếp hạng: phát ra 8, thu về 8, hợp lệ 7.</p>' in html
    assert "6/7 phiếu (85,71%)" in html
    # said once under the table, and in each explanation (as emul explain does) but not printed there
    assert html.count('<p class="shared">Phiếu xếp hạng: phát ra 8, thu về 8, hợp lệ 7.</p>') == 8
    assert "section.explanation p.shared { display: none; }" in html
    assert "không áp dụng.</p>" in html and 'data-figure="bunching"' not in html
    assert "bieu-do-xep-hang" not in html and "bieu-do-ho-so" not in html
    monkeypatch.setenv("COLUMNS", "400")
    for unit in order:
        shown = _Explanation(unit)
        shown.feed(html)
        code, stdout, _ = run_emul(["explain", str(cluster), unit], lang="vi")
        assert code == 0
        assert [shown.heading, *shown.notes] == stdout.splitlines()
        assert shown.rows == []


def _replace(path: Path, *changes: tuple[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, (path, old)
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def test_a_cluster_ranked_by_vote_draws_its_ranks_over_the_years(tmp_path: Path) -> None:
    """The 2025 khối again in 2026, its first two units swapped in the ranking ballot."""
    earlier = copy_example("khoi-binh-xet-2025", tmp_path / "k2025")
    later = copy_example("khoi-binh-xet-2025", tmp_path / "k2026")
    (later / "ballots" / "2025.yaml").rename(later / "ballots" / "2026.yaml")
    (later / "assessments" / "2025").rename(later / "assessments" / "2026")
    _replace(later / "cluster.yaml", ("\nyear: 2025", "\nyear: 2026"), ('id: "2025"', 'id: "2026"'))
    _replace(later / "cluster.yaml", ("start: 2025-07-01", "start: 2026-01-01"), ("end: 2025-12-31", "end: 2026-12-31"))
    _replace(later / "cluster.yaml", ("date: 2025-12-18", "date: 2026-12-18"))
    _replace(later / "covenant.yaml", ("\nyear: 2025", "\nyear: 2026"))
    _replace(later / "ballots" / "2026.yaml", ('"2025"', '"2026"'), ("date: 2025-12-18", "date: 2026-12-18"))
    _replace(later / "ballots" / "2026.yaml", ("ba-dinh: 6", "ba-dinh: 5"), ("hoan-kiem: 5", "hoan-kiem: 6"))
    for assessment in (later / "assessments" / "2026").iterdir():
        _replace(assessment, ('period: "2025"', 'period: "2026"'))
    code, _, stderr = run_emul(
        ["report", str(later), "--only", "html", "--previous", str(earlier), "--out", str(tmp_path / "out")]
    )
    assert code == 0, stderr
    html = (tmp_path / "out" / PAGE).read_text(encoding="utf-8")
    assert "<title>P. Ba Đình, 2025: 6/7 phiếu, hạng 1</title>" in html
    assert "<title>P. Ba Đình, 2026: 5/7 phiếu, hạng 2</title>" in html
    assert "<title>P. Hoàn Kiếm, 2026: 6/7 phiếu, hạng 1</title>" in html
    page = _parsed(tmp_path / "out" / PAGE)
    assert len(page.having("polyline")) == 8  # every unit in both years
    start = html.index('id="bieu-do-qua-cac-nam"')
    assert "<th>Đơn vị</th><th>Năm</th><th>Số phiếu bầu</th><th>Hạng</th>" in html[start:]
    assert [f"hạng {n}" for n in range(1, 9)] == re.findall(r'<text class="tick"[^>]*>([^<]*)</text>', html)
    ends = re.findall(r'<text class="end-label" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>', html)
    assert [name for _x, _y, name in ends if "3=" in name] == ["P. Cửa Nam (3=)", "P. Giảng Võ (3=)"]
    heights = sorted(float(y) for x, y, _name in ends if x == ends[0][0])
    assert len(heights) == 8 and all(b - a >= 12 for a, b in pairwise(heights))


def test_each_unit_has_a_profile_against_the_clusters_median_and_best(cluster: Path, tmp_path: Path) -> None:
    page = _parsed(_page(cluster, tmp_path / "out"))
    order = [a["data-unit"] for a in page.having("g", **{"class": "bar"})]
    assert [a["data-unit"] for a in page.having("g", **{"class": "profile"})] == order
    html = (tmp_path / "out" / PAGE).read_text(encoding="utf-8")
    # Section I: 58,36 57,05 56,05 53,65 53,25 49,15 → median (56,05 + 53,65) / 2 = 54,85, best 58,36.
    assert "<td>Trung vị của Cụm</td><td>54,85</td>" in html
    assert "<td>Cao nhất của Cụm</td><td>58,36</td>" in html


def test_self_minus_retained_is_drawn_per_unit_and_criterion(cluster: Path, tmp_path: Path) -> None:
    page = _parsed(_page(cluster, tmp_path / "out"))
    cells = page.having("rect", **{"class": "difference"})
    criteria = {a["data-criterion"] for a in cells}
    assert len(cells) == 6 * len(criteria) and "I.3.a" in criteria
    html = (tmp_path / "out" / PAGE).read_text(encoding="utf-8")
    assert "<td>Sở TT&amp;TT</td><td>I.3.a</td>" in html  # flagged by `emul score`: its difference is listed


def test_margins_to_the_next_band_and_the_quota_lines_are_in_each_row(cluster: Path, tmp_path: Path) -> None:
    html = _page(cluster, tmp_path / "out").read_text(encoding="utf-8")
    rows = {m[0]: m[1] for m in re.findall(r'<tr data-unit="([^"]+)".*?<td class="margins">(.*?)</td>', html, re.S)}
    # 90 − 89,23, and more points alone would not do: with 90,23 `emul score` still gives Hoàn thành tốt nhiệm vụ,
    # the floors of I.2, I.3, I.4 and III.2 missed
    assert rows["so-tttt"].startswith(
        "để đạt Hoàn thành xuất sắc nhiệm vụ: cần thêm 0,77 điểm"
        " và đạt mức tối thiểu của loại này ở I.2, I.3, I.4, III.2;"
    )
    assert "cần thêm 0,77 điểm để đạt" not in html
    assert rows["so-gddt"] == "cao hơn vạch Cờ thi đua của UBND Thành phố 3,57 điểm"  # 97,84 − 94,27
    assert "kém đơn vị cuối cùng được đề nghị Cờ thi đua của UBND Thành phố 3,57 điểm" in rows["so-ldtbxh"]


def _cells(page: _Elements) -> dict[tuple[str, str], str]:
    cells = page.having("rect", **{"class": "cell"})
    return {(str(a["data-unit"]), str(a["data-commitment"])): str(a["data-status"]) for a in cells}


def test_the_covenant_heat_map_says_behind_at_so_ket_and_not_met_at_the_years_end(
    cluster: Path, tmp_path: Path
) -> None:
    year = _cells(_parsed(_page(cluster, tmp_path / "year")))
    sketch = _cells(_parsed(_page(cluster, tmp_path / "sketch", period="2023-H1")))
    assert set(year.values()) <= {"met", "not_met", "no_data"} and "not_met" in year.values()
    assert set(sketch.values()) <= {"met", "behind", "no_data"} and "behind" in sketch.values()
    # As `emul score --period 2023-H1` counts them: Sở Y tế is behind on CHUNG.2, CHUNG.3, CHUNG.5, YTE.1.
    behind = sorted(c for (unit, c), status in sketch.items() if unit == "so-yte" and status == "behind")
    assert behind == ["CHUNG.2", "CHUNG.3", "CHUNG.5", "YTE.1"]
    assert sum(1 for unit, _ in year if unit == "so-gddt") == 8


def test_the_awards_chart_draws_each_proposal_put_to_the_vote(cluster: Path, tmp_path: Path) -> None:
    page = _parsed(_page(cluster, tmp_path / "out"))
    proposals = page.having("g", **{"class": "proposal"})
    assert [(a["data-award"], a["data-unit"]) for a in proposals] == [
        ("co-thi-dua-tp", "so-gddt"),
        ("bang-khen-tp", "so-yte"),
    ]
    assert len(page.having("line", **{"class": "needed"})) == 2


def test_the_formalism_figures_are_those_of_emul_history_with_their_definitions(cluster: Path, tmp_path: Path) -> None:
    code, stdout, _ = run_emul(["history", str(cluster), "--format", "json"])
    assert code == 0
    figures = json.loads(stdout)["formalism"]
    year = next(p for p in figures["bunching"]["periods"] if p["period"] == "2023")
    html = _page(cluster, tmp_path / "out").read_text(encoding="utf-8")
    start = html.index('<section id="hinh-thuc">')
    section = html[start : html.index("</section>", start)]
    assert re.findall(r'data-figure="(\w+)"', section) == ["bunching", "rotation", "inflation", "awards"]
    comma = {key: year[key].replace(".", ",") for key in ("leader_total", "range", "std_dev")}
    assert (
        f"<td>2023</td><td>6</td><td>{comma['leader_total']}</td><td>{comma['range']}</td><td>{comma['std_dev']}</td>"
        in section
    )
    for definition in figures["definitions"].values():
        assert definition in section
    assert '<section id="hinh-thuc">' not in _page(cluster, tmp_path / "sketch", period="2023-H1").read_text("utf-8")


def test_earlier_years_draw_totals_over_the_years_and_the_mergers(tmp_path: Path) -> None:
    later = copy_example("cum-thi-dua-so-7-2025", tmp_path / "c7-2025")
    earlier = copy_example("cum-thi-dua-so-7-2023", tmp_path / "c7-2023")
    out = tmp_path / "out"
    args = ["report", str(later), "--only", "html", "--out", str(out), "--previous", str(earlier)]
    assert run_emul(args)[0] == 0
    page = _parsed(out / PAGE)
    assert page.having("svg", id="bieu-do-qua-cac-nam")
    lines = [a["data-unit"] for a in page.having("g", **{"class": "unit-line"})]
    assert {"so-gddt", "so-tp", "so-tttt", "so-ldtbxh"} <= set(lines)
    mergers = {
        (a["data-unit"], a["data-successor"])
        for tag in ("line", "text")
        for a in page.having(tag, **{"class": "merger"})
    }
    assert mergers == {("so-tttt", "so-khcn"), ("so-ldtbxh", "so-noi-vu")}
    html = (out / PAGE).read_text(encoding="utf-8")
    assert "<td>2023</td><td>Sở GD&amp;ĐT</td>" in html and "<td>2025</td>" in html  # rotation over both years
    assert not re.search(r">so-[a-z-]+<", html)
    # the trend, as `emul history` gives it: range −1,00, standard deviation −0,1049, share 1/6 → 1/4
    assert (
        "<td>2023 → 2025 (thay đổi)</td><td></td><td></td><td>−1,00</td><td>−0,1049</td><td>+8,33 điểm %</td>" in html
    )  # units merged away since 2023 named as they were, not by id
    alone = tmp_path / "alone"
    assert run_emul(["report", str(later), "--only", "html", "--out", str(alone)])[0] == 0
    assert 'id="bieu-do-qua-cac-nam"' not in (alone / PAGE).read_text(encoding="utf-8")


def test_previous_takes_one_cluster_of_the_same_id(tmp_path: Path) -> None:
    c7 = copy_example("cum-thi-dua-so-7-2023", tmp_path / "c7")
    k5 = copy_example("khoi-thi-dua-so-5-2023", tmp_path / "k5")
    code, _, stderr = run_emul(["report", str(c7), str(k5), "--previous", str(c7)])
    assert code == 2 and "--previous takes one cluster folder" in stderr
    code, _, stderr = run_emul(["report", str(c7), "--only", "html", "--previous", str(k5)])
    assert code == 2 and "is a folder of cluster 'khoi-thi-dua-so-5', not of 'cum-thi-dua-so-7'" in stderr
    code, _, stderr = run_emul(["report", str(c7), "--only", "html", "--previous", str(c7)])
    assert code == 2 and "--previous names the folder being reported" in stderr


def test_previous_takes_only_earlier_years(tmp_path: Path) -> None:
    earlier = copy_example("cum-thi-dua-so-7-2023", tmp_path / "c7-2023")
    later = copy_example("cum-thi-dua-so-7-2025", tmp_path / "c7-2025")
    code, _, stderr = run_emul(["report", str(earlier), "--only", "html", "--previous", str(later)])
    assert code == 2
    assert stderr.splitlines()[0] == f"error: '{later}' is the cluster's year 2025: --previous takes years before 2023"
    assert not (earlier / "van-ban").exists()  # refused before anything is written


def test_a_unit_without_assessment_is_said_so_and_left_out_of_the_median(cluster: Path, tmp_path: Path) -> None:
    (cluster / "assessments" / "2023" / "so-tttt.yaml").unlink()
    html = _page(cluster, tmp_path / "out").read_text(encoding="utf-8")
    page = _parsed(tmp_path / "out" / PAGE)
    # Section I without Sở TT&TT (53,65): 58,36 57,05 56,05 53,25 49,15 → median 56,05 (54,65 if its 0 counted).
    assert "<td>Trung vị của Cụm</td><td>56,05</td>" in html
    assert "so-tttt" not in [a["data-unit"] for a in page.having("g", **{"class": "profile"})]
    assert "so-tttt" not in [a["data-unit"] for a in page.having("g", **{"class": "self-row"})]
    assert "Không vẽ và không tính vào trung vị, cao nhất (chưa có hồ sơ chấm điểm): Sở TT&amp;TT." in html
    start = html.index('<tr data-unit="so-tttt"')
    row = html[start : html.index("</tr>", start)]
    assert row.endswith('<td class="margins">chưa có hồ sơ chấm điểm</td>\n')
    assert '<text class="total" x="154" y="' in html and ">0,00 (chưa có hồ sơ chấm điểm)</text>" in html


def test_the_awards_table_shows_a_tie_as_the_ranking_does(cluster: Path, tmp_path: Path) -> None:
    """Sở Y tế given Sở LĐTB&XH's results: equal on every tie-break, both '2=' in the ranking and the awards."""
    twin = (cluster / "assessments" / "2023" / "so-ldtbxh.yaml").read_text(encoding="utf-8")
    twin = twin.replace("unit: so-ldtbxh", "unit: so-yte").replace("LDTBXH.", "YTE.")
    (cluster / "assessments" / "2023" / "so-yte.yaml").write_text(twin, encoding="utf-8")
    code, _, stderr = run_emul(["report", str(cluster), "--only", "html", "--out", str(tmp_path / "out")])
    assert code == 0 and "records a vote on Bằng khen của Chủ tịch UBND Thành phố for Sở Y tế" in stderr
    html = (tmp_path / "out" / PAGE).read_text(encoding="utf-8")
    start = html.index('id="bieu-do-khen-thuong"')
    awards = html[html.index("<tbody>", start) : html.index("</tbody>", start)]
    rows = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td>", awards)
    assert ("Bằng khen của Chủ tịch UBND Thành phố", "2=", "Sở Y tế") in rows
    assert ("Bằng khen của Chủ tịch UBND Thành phố", "2=", "Sở LĐTB&amp;XH") in rows
    assert ("Bằng khen của Chủ tịch UBND Thành phố", "4", "Sở KH&amp;CN") in rows


def test_a_legend_of_many_sections_wraps_within_the_chart() -> None:
    from emulation_cli.reports.html.ranking import KEY_WIDTH, LEGEND, WIDTH, _legend
    from emulation_cli.reports.html.svg import markup, svg_root

    root = svg_root("x", "x", WIDTH, 100)
    _legend(root, [(f"Mục {n}", "#000") for n in range(12)])
    places = [(float(x), float(y)) for x, y in re.findall(r'<text x="([\d.]+)" y="([\d.]+)"', markup(root))]
    assert len(places) == 12
    assert max(x for x, _ in places) + KEY_WIDTH - 14 <= WIDTH
    assert sorted({y for _, y in places}) == [13, 13 + LEGEND]


def test_previous_is_refused_at_so_ket(cluster: Path, tmp_path: Path) -> None:
    earlier = copy_example("cum-thi-dua-so-7-2023", tmp_path / "earlier")
    code, _, stderr = run_emul(["report", str(cluster), "--period", "2023-H1", "--previous", str(earlier)])
    assert code == 2
    assert stderr.splitlines()[0] == (
        "error: --previous draws the earlier years on the year's overview page: period 2023-H1 is a sơ kết"
    )
    assert not (cluster / "van-ban").exists()


def test_previous_is_refused_when_the_page_is_not_written(cluster: Path, tmp_path: Path) -> None:
    earlier = copy_example("cum-thi-dua-so-7-2023", tmp_path / "earlier")
    code, _, stderr = run_emul(["report", str(cluster), "--only", "bao-cao", "--previous", str(earlier)])
    assert code == 2
    assert stderr.splitlines()[0] == (
        "error: --previous draws the earlier years on the overview page, which this run does not write"
    )
    assert not (cluster / "van-ban").exists()


def test_units_that_left_during_the_year_are_named_with_why_without_earlier_years(tmp_path: Path) -> None:
    cluster = copy_example("cum-thi-dua-so-7-2025", tmp_path / "c7")
    html = _page(cluster, tmp_path / "out", period="2025").read_text(encoding="utf-8")
    page = _parsed(tmp_path / "out" / PAGE)
    assert [a["data-unit-departed"] for a in page.having("li") if "data-unit-departed" in a] == [
        "so-ldtbxh",
        "so-tttt",
    ]
    assert "<p>Thôi là thành viên Cụm thi đua số 7 trong kỳ, không xếp hạng:</p>" in html
    assert "Sở TT&amp;TT: sáp nhập vào Sở Khoa học và Công nghệ (cơ quan ngoài cụm) từ ngày 01/3/2025;" in html
    assert "so-tttt" not in [a["data-unit"] for a in page.having("g", **{"class": "bar"})]


def test_a_ranking_ballot_not_held_gives_no_tie_to_decide_and_says_why(tmp_path: Path) -> None:
    cluster = copy_example("khoi-binh-xet-2025", tmp_path / "k")
    ballots = cluster / "ballots" / "2025.yaml"
    text = ballots.read_text(encoding="utf-8")
    start, end = text.index("ranking:\n"), text.index("\nvotes:\n")
    ballots.write_text(text[:start] + text[end + 1 :], encoding="utf-8")
    code, _, stderr = run_emul(["report", str(cluster), "--only", "html", "--out", str(tmp_path / "out")])
    assert code == 0, stderr
    html = (tmp_path / "out" / PAGE).read_text(encoding="utf-8")
    assert "đồng hạng, chưa phân định được" not in html
    assert 'id="bieu-do-phieu-bau"' not in html  # no votes to draw
    assert html.count('<td class="number">—</td>') == 8
    assert '<p class="ballot">Chưa có kết quả phiếu xếp hạng của kỳ 2025' in html
    code, stdout, _ = run_emul(["score", str(cluster), "--format", "json"])
    assert all(unit["flags"] == [] for unit in json.loads(stdout)["units"])


def test_a_tie_across_the_quota_line_is_measured_and_left_to_the_meeting(tmp_path: Path) -> None:
    """Sở GTVT given Sở NN&PTNT's results: both 6= at 92,52 across the last Bằng khen place."""
    cluster = copy_example("khoi-thi-dua-so-5-2023", tmp_path / "k5")
    twin = (cluster / "assessments" / "2023" / "so-nnptnt.yaml").read_text(encoding="utf-8")
    twin = twin.replace("so-nnptnt", "so-gtvt").replace("NNPTNT.", "GTVT.")
    (cluster / "assessments" / "2023" / "so-gtvt.yaml").write_text(twin, encoding="utf-8")
    code, _, stderr = run_emul(["report", str(cluster), "--only", "html", "--out", str(tmp_path / "out")])
    assert code == 0, stderr
    html = (tmp_path / "out" / PAGE).read_text(encoding="utf-8")
    margins = dict(re.findall(r'<tr data-unit="([^"]+)"[^>]*>.*?<td class="margins">([^<]*)</td>', html, re.S))
    award = "Bằng khen của Chủ tịch UBND Thành phố"
    assert f"cao hơn vạch {award} 0,42 điểm" in margins["so-tnmt"]  # to the tied pair, not past them
    for unit in ("so-gtvt", "so-nnptnt"):
        assert (
            f"đồng hạng tại vạch {award}, Hội nghị quyết định; kém đơn vị cuối cùng được đề nghị {award} 0,42 điểm"
            in (margins[unit])
        )
