"""`tong-quan.html` in headless Chromium, against its DOM contract: it renders offline with no console error and no
network request, shows each unit's name and total as `emul score` gives them, draws the charts, opens a unit's
explanation on click, prints on A4 with no chart cut off, and never runs a unit's name as script.

Each check runs on a hand-written stand-in (tests/data/html/contract-sample.html, three units), which proves the
harness, and on the real page of examples/cum-thi-dua-so-7-2023."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import pytest

from .browser import (
    A4_PT,
    OpenedPage,
    clipped_charts,
    launch,
    media_boxes,
    needs_browser,
    open_file,
    pdf_page_sizes,
    print_pdf,
    screenshot,
)
from .conftest import DATA, REPO, copy_example, run_emul
from .office import needs_pdftotext, pdf_text

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = needs_browser

SAMPLE = DATA / "html" / "contract-sample.html"
EXAMPLE = REPO / "examples" / "cum-thi-dua-so-7-2023"
PERIOD = "2023"
SCRIPT_NAME = "<script>alert(1)</script> \"&'"
SOURCE = re.compile(r"[\w./-]+\.ya?ml:\d+")
ACTION_TIMEOUT_MS = 5000  # a missing element fails in seconds, not after Playwright's 30 s


class Unit(NamedTuple):
    id: str
    short_name: str
    name: str
    total: str  # as `emul score --format json` gives it
    sections: dict[str, str]  # section id → points, as `emul score --format json` gives them

    @property
    def total_vi(self) -> str:
        return vietnamese(self.total)


def vietnamese(number: str) -> str:
    """A figure of `emul score --format json` ("94.27") as the page writes it ("94,27"); all are below 1 000."""
    return number.replace(".", ",")


SAMPLE_UNITS = [
    Unit("so-a", "Sở A", "Sở A", "94.27", {"I": "50.27", "II": "30.00", "III": "14.00"}),
    Unit("so-b", SCRIPT_NAME, SCRIPT_NAME, "88.50", {"I": "48.50", "II": "28.00", "III": "13.00"}),
    Unit("so-c", "Sở C&D", "Sở C&D", "71.05", {"I": "40.05", "II": "20.00", "III": "11.00"}),
]
SAMPLE_SOURCES = {
    "so-a": {"assessments/2023/so-a.yaml:12", "assessments/2023/so-a.yaml:20", "assessments/2023/so-a.yaml:27"},
    "so-b": {f"assessments/2023/so-b.yaml:{line}" for line in (12, 20, 27, 33)},
    "so-c": {"assessments/2023/so-c.yaml:12", "assessments/2023/so-c.yaml:20", "assessments/2023/so-c.yaml:27"},
}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launch() as chromium:
        yield chromium


@pytest.fixture
def opened(browser: Browser, request: pytest.FixtureRequest) -> Iterator[OpenedPage]:
    """The page under test (the parameter: "sample" or "real"), freshly opened."""
    path = SAMPLE if request.param == "sample" else request.getfixturevalue("real_page")
    with open_file(browser, path) as page:
        page.page.set_default_timeout(ACTION_TIMEOUT_MS)
        yield page


@pytest.fixture
def units(request: pytest.FixtureRequest) -> list[Unit]:
    """The ranked units of the page under test, in rank order, as `emul score --format json` gives them."""
    if request.param == "sample":
        return SAMPLE_UNITS
    return list(request.getfixturevalue("real_scores"))


@pytest.fixture
def sources(request: pytest.FixtureRequest) -> dict[str, set[str]]:
    """Per unit, the `file:line` sources that its explanation shows (`emul explain`'s)."""
    if request.param == "sample":
        return SAMPLE_SOURCES
    return dict(request.getfixturevalue("real_sources"))


def both_pages(*names: str) -> Any:
    """Run a test on the stand-in and on the real page."""
    params = [
        pytest.param(*(["sample"] * len(names)), id="sample"),
        pytest.param(*(["real"] * len(names)), id="real"),
    ]
    return pytest.mark.parametrize(names, params, indirect=True)


# --- the real page -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tong-quan")
    code, stdout, stderr = run_emul(["report", str(EXAMPLE), "--period", PERIOD, "--only", "html", "--out", str(out)])
    assert code == 0, stdout + stderr
    page = out / "tong-quan.html"
    assert page.is_file(), sorted(path.name for path in out.iterdir())
    return page


def scores(folder: Path) -> list[Unit]:
    code, stdout, stderr = run_emul(["score", str(folder), "--period", PERIOD, "--format", "json"])
    assert code == 0, stderr
    ranked = sorted(json.loads(stdout)["units"], key=lambda row: row["rank"])
    return [
        Unit(row["unit"]["id"], row["unit"]["short_name"], row["unit"]["name"], row["total"], row["sections"])
        for row in ranked
    ]


@pytest.fixture(scope="module")
def real_scores() -> list[Unit]:
    return scores(EXAMPLE)


@pytest.fixture(scope="module")
def real_sources(real_scores: list[Unit]) -> dict[str, set[str]]:
    found = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COLUMNS", "400")  # one line per row: no source cut across two
        for unit in real_scores:
            code, stdout, stderr = run_emul(["explain", str(EXAMPLE), unit.id, "--period", PERIOD], lang="vi")
            assert code == 0, stderr
            found[unit.id] = set(SOURCE.findall(stdout))
            assert found[unit.id], stdout
    return found


def test_the_example_has_six_ranked_units(real_scores: list[Unit]) -> None:
    """The figures the real-page tests compare with (issue 16: "it shows six units with the totals of emul score")."""
    assert len(real_scores) == 6
    assert all(re.fullmatch(r"\d+\.\d\d", unit.total) for unit in real_scores)


# --- checks on both pages ------------------------------------------------------------------------------------------


@both_pages("opened")
def test_renders_offline_without_errors(opened: OpenedPage) -> None:
    page = opened.page
    assert page.evaluate("document.documentElement.lang") == "vi"
    assert page.evaluate("document.characterSet") == "UTF-8"
    assert opened.console_errors == []
    assert opened.errors == []
    assert opened.outside_requests == []
    assert opened.dialogs == []
    assert opened.requests == [opened.url]  # the file itself, and nothing else


@both_pages("opened", "units")
def test_ranking_table_shows_each_units_name_and_total(opened: OpenedPage, units: list[Unit]) -> None:
    rows = opened.page.locator("#bang-xep-hang tr[data-unit]")
    assert rows.evaluate_all("rows => rows.map(row => row.dataset.unit)") == [unit.id for unit in units]
    for unit in units:
        row = opened.page.locator(f'#bang-xep-hang tr[data-unit="{unit.id}"]')
        assert row.locator("td.unit-name").inner_text().strip() == unit.short_name
        total = row.locator("td.total")
        assert total.get_attribute("data-total") == unit.total
        assert total.inner_text().strip() == unit.total_vi


@both_pages("opened", "units")
def test_ranking_chart_has_one_stacked_bar_per_unit_in_rank_order(opened: OpenedPage, units: list[Unit]) -> None:
    chart = opened.page.locator("svg#bieu-do-xep-hang")
    assert chart.get_attribute("role") == "img"
    assert chart.get_attribute("aria-label")
    bars = chart.locator("g.bar")
    assert bars.evaluate_all("bars => bars.map(bar => bar.dataset.unit)") == [unit.id for unit in units]
    for unit in units:
        drawn = chart.locator(f'g.bar[data-unit="{unit.id}"] rect.segment')
        sections = drawn.evaluate_all("rects => rects.map(rect => rect.dataset.section)")
        scored = [section for section, points in unit.sections.items() if float(points) > 0]
        assert [section for section in sections if section not in ("bonus", "penalty")] == scored, unit.id
    assert chart.locator("line.threshold[data-classification]").count() >= 1
    table_views = opened.page.locator("details.table-view > summary")
    assert "Bảng số liệu" in table_views.all_inner_texts()


@both_pages("opened", "units")
def test_hovering_a_bar_shows_its_figures(opened: OpenedPage, units: list[Unit]) -> None:
    for unit in units:
        bar = opened.page.locator(f'svg#bieu-do-xep-hang g.bar[data-unit="{unit.id}"]')
        bar.locator("rect.segment").first.hover()
        assert bar.evaluate("bar => bar.matches(':hover')"), unit.id
        title = bar.locator(":scope > title").text_content() or ""
        assert unit.short_name in title or unit.name in title, title
        assert unit.total_vi in title, title
        for points in unit.sections.values():
            if float(points) > 0:
                assert vietnamese(points) in title, (points, title)


@both_pages("opened", "units", "sources")
def test_clicking_a_unit_opens_its_explanation(
    opened: OpenedPage, units: list[Unit], sources: dict[str, set[str]]
) -> None:
    page = opened.page
    explanations = page.locator("section.explanation")
    assert sorted(explanations.evaluate_all("all => all.map(one => one.id)")) == sorted(
        f"giai-thich-{unit.id}" for unit in units
    )
    assert not any(explanation.is_visible() for explanation in explanations.all())
    for unit in units:
        page.locator(f'#bang-xep-hang tr[data-unit="{unit.id}"]').click()
        shown = page.locator(f"#giai-thich-{unit.id}")
        assert [explanation.get_attribute("id") for explanation in explanations.all() if explanation.is_visible()] == [
            f"giai-thich-{unit.id}"
        ]  # and the one open before is hidden again
        assert set(SOURCE.findall(shown.inner_text())) >= sources[unit.id], unit.id
        assert shown.evaluate("section => section.getBoundingClientRect().top < window.innerHeight"), unit.id
    # a bar opens its unit's explanation too, and the close button shuts it
    first_bar = page.locator("svg#bieu-do-xep-hang g.bar").first
    unit_id = first_bar.get_attribute("data-unit")
    first_bar.locator("rect.segment").first.click()
    shown = page.locator(f"#giai-thich-{unit_id}")
    assert shown.is_visible()
    shown.locator("button.close").click()
    assert not shown.is_visible()
    assert opened.console_errors == [] and opened.errors == []


@both_pages("opened")
def test_screenshot_for_review(opened: OpenedPage, request: pytest.FixtureRequest) -> None:
    name = "contract-sample.png" if "sample" in request.node.name else "tong-quan.png"
    shot = screenshot(opened, name)
    assert shot.read_bytes().startswith(b"\x89PNG")
    assert shot.stat().st_size > 10_000  # a drawn page, not a blank one


@both_pages("opened")
def test_prints_on_a4_with_no_chart_cut_off(opened: OpenedPage, tmp_path: Path) -> None:
    pdf = print_pdf(opened, tmp_path / "tong-quan.pdf")
    sizes = pdf_page_sizes(pdf)
    assert sizes
    for width, height in sizes:
        assert abs(width - A4_PT[0]) <= 1 and abs(height - A4_PT[1]) <= 1, sizes
    assert clipped_charts(opened) == []
    ranking_chart_width = "document.querySelector('#bieu-do-xep-hang').getBoundingClientRect().width"
    assert opened.page.evaluate(ranking_chart_width) > 300  # measured as printed, not skipped as hidden


@pytest.mark.parametrize("opened", ["sample"], indirect=True)
def test_a_unit_named_like_a_script_is_shown_not_run_in_the_sample(opened: OpenedPage) -> None:
    """The stand-in holds the name itself; the real page gets it from a renamed unit (test below)."""
    assert opened.dialogs == []
    names = opened.page.locator("#bang-xep-hang td.unit-name").all_inner_texts()
    assert SCRIPT_NAME in names
    assert opened.page.locator("script").count() == 1  # the page's own, none from a name


# --- the real page only --------------------------------------------------------------------------------------------


CHARTS = ("bieu-do-xep-hang", "bieu-do-ho-so", "bieu-do-tu-cham", "ban-do-cam-ket", "bieu-do-khen-thuong")


@pytest.mark.parametrize("chart", CHARTS)
def test_the_real_page_has_each_chart_with_its_table_view(browser: Browser, real_page: Path, chart: str) -> None:
    with open_file(browser, real_page) as opened:
        svg = opened.page.locator(f"svg#{chart}")
        assert svg.count() == 1
        assert svg.evaluate("svg => svg.getBoundingClientRect().width") > 0
        charts_and_views = "svg[id], details.table-view"  # the charts, not the svgs drawn inside them
        following = f"svg => [...document.querySelectorAll('{charts_and_views}')].indexOf(svg)"
        elements = opened.page.locator(charts_and_views).evaluate_all(
            "all => all.map(one => one.tagName.toLowerCase() === 'svg' ? 'svg#' + one.id : 'table-view')"
        )
        position = svg.evaluate(following)
        assert elements[position + 1 : position + 2] == ["table-view"], elements  # the chart's table view next


def test_the_real_pages_profiles_and_covenant_cover_every_unit(
    browser: Browser, real_page: Path, real_scores: list[Unit]
) -> None:
    with open_file(browser, real_page) as opened:
        page = opened.page
        ids = {unit.id for unit in real_scores}
        profiles = page.locator("svg#bieu-do-ho-so g.profile").evaluate_all("all => all.map(one => one.dataset.unit)")
        assert sorted(profiles) == sorted(ids)
        cells = page.locator("svg#ban-do-cam-ket rect.cell").evaluate_all(
            "all => all.map(one => [one.dataset.unit, one.dataset.commitment, one.dataset.status])"
        )
        assert {unit for unit, _, _ in cells} == ids
        assert all(commitment for _, commitment, _ in cells)
        assert {status for _, _, status in cells} <= {"met", "behind", "not_met"}
        assert page.locator("svg#bieu-do-qua-cac-nam").count() == 0  # one year given
        assert page.locator("section#hinh-thuc").count() == 1
        assert opened.console_errors == [] and opened.outside_requests == []


def test_a_unit_named_like_a_script_is_shown_not_run(browser: Browser, tmp_path: Path) -> None:
    cluster = copy_example(EXAMPLE.name, tmp_path / "cum")
    units_file = cluster / "units.yaml"
    text = units_file.read_text(encoding="utf-8")
    quoted = json.dumps(SCRIPT_NAME)  # a JSON string is a YAML double-quoted scalar
    renamed = text.replace("name: Sở Y tế\n    short_name: Sở Y tế\n", f"name: {quoted}\n    short_name: {quoted}\n")
    assert renamed != text
    units_file.write_text(renamed, encoding="utf-8")
    renamed_unit = next(unit for unit in scores(cluster) if unit.id == "so-yte")
    assert renamed_unit.short_name == SCRIPT_NAME
    out = tmp_path / "out"
    code, stdout, stderr = run_emul(["report", str(cluster), "--period", PERIOD, "--only", "html", "--out", str(out)])
    assert code == 0, stdout + stderr
    with open_file(browser, out / "tong-quan.html") as opened:
        page = opened.page
        page.locator('svg#bieu-do-xep-hang g.bar[data-unit="so-yte"] rect.segment').first.click()
        assert opened.dialogs == []
        assert opened.errors == [] and opened.console_errors == []
        row = page.locator('#bang-xep-hang tr[data-unit="so-yte"] td.unit-name')
        assert row.inner_text().strip() == SCRIPT_NAME
        assert page.locator("script").count() == 1


# --- the harness catches what it should ----------------------------------------------------------------------------


def write_page(folder: Path, body: str, head: str = "") -> Path:
    page = folder / "page.html"
    page.write_text(
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">{head}</head><body>{body}</body></html>'
    )
    return page


def test_harness_blocks_and_reports_every_request_but_the_file(browser: Browser, tmp_path: Path) -> None:
    (tmp_path / "style.css").write_text("body { color: red }")
    body = '<img src="https://example.invalid/logo.png"><p>x</p>'
    page = write_page(tmp_path, body, head='<link rel="stylesheet" href="style.css">')
    with open_file(browser, page) as opened:
        outside = opened.outside_requests
    assert "https://example.invalid/logo.png" in opened.blocked
    assert outside == sorted([(tmp_path / "style.css").resolve().as_uri(), "https://example.invalid/logo.png"])


def test_harness_records_console_errors_page_errors_and_dialogs(browser: Browser, tmp_path: Path) -> None:
    body = "<script>console.error('hỏng'); alert('chạy'); undefinedFunction();</script>"
    with open_file(browser, write_page(tmp_path, body)) as opened:
        pass
    assert opened.console_errors == ["hỏng"]
    assert opened.dialogs == ["chạy"]
    assert len(opened.errors) == 1 and "undefinedFunction" in opened.errors[0]


def test_harness_finds_a_chart_too_wide_for_a4(browser: Browser, tmp_path: Path) -> None:
    body = '<div style="width: 300px"><svg id="rong" width="900" height="50"></svg></div>'
    with open_file(browser, write_page(tmp_path, body)) as opened:
        problems = clipped_charts(opened)
    assert any("svg#rong is 900px wide" in problem for problem in problems), problems
    assert any("svg#rong reaches out of its container" in problem for problem in problems), problems


def test_harness_tells_a4_from_the_browsers_default_paper(browser: Browser, tmp_path: Path) -> None:
    with open_file(browser, write_page(tmp_path, "<p>Không khai báo khổ giấy</p>")) as opened:
        letter = pdf_page_sizes(print_pdf(opened, tmp_path / "letter.pdf"))
    a4_css = "<style>@page { size: A4; margin: 20mm 15mm 20mm 30mm }</style>"
    with open_file(browser, write_page(tmp_path, "<p>A4</p>", head=a4_css)) as opened:
        a4 = print_pdf(opened, tmp_path / "a4.pdf")
    assert [(round(width), round(height)) for width, height in letter] == [(612, 792)]
    assert [(round(width), round(height)) for width, height in pdf_page_sizes(a4)] == [(595, 842)]
    assert [(round(width), round(height)) for width, height in media_boxes(a4)] == [(595, 842)]


def test_a_large_clusters_page_prints_with_no_chart_taller_or_wider_than_a_page(
    browser: Browser, tmp_path: Path
) -> None:
    """40 units: the profiles and the covenant map are taller than an A4 page on screen; printed, each chart
    (with its caption) fits one page, and the explanations' long source paths wrap instead of widening the page."""
    import sys

    sys.path.insert(0, str(REPO / "bench"))
    from generate_cluster import generate

    cluster = tmp_path / "c40"
    generate(cluster, units=40, criteria=30, periods=1)
    code, stdout, stderr = run_emul(["report", str(cluster), "--only", "html", "--out", str(tmp_path / "out")])
    assert code == 0, stdout + stderr
    with open_file(browser, tmp_path / "out" / "tong-quan.html") as opened:
        screen_height = "document.querySelector('#ban-do-cam-ket').getBoundingClientRect().height"
        assert opened.page.evaluate(screen_height) > 1000  # taller than a page as drawn on screen
        assert clipped_charts(opened) == []


def test_a_cluster_ranked_by_vote_renders_its_votes_and_opens_each_explanation(
    browser: Browser, tmp_path: Path
) -> None:
    cluster = REPO / "examples" / "khoi-binh-xet-2025"
    code, stdout, stderr = run_emul(["report", str(cluster), "--only", "html", "--out", str(tmp_path / "out")])
    assert code == 0, stdout + stderr
    code, stdout, _ = run_emul(["score", str(cluster), "--format", "json"])
    units = json.loads(stdout)["units"]
    with open_file(browser, tmp_path / "out" / "tong-quan.html") as opened:
        page = opened.page
        bars = page.locator("svg#bieu-do-phieu-bau g.bar")
        assert bars.evaluate_all("all => all.map(bar => bar.dataset.unit)") == [u["unit"]["id"] for u in units]
        shown = bars.locator("text.total").evaluate_all("all => all.map(text => text.textContent)")
        assert [text.split(" ")[0] for text in shown] == [f"{u['votes']}/{u['valid']}" for u in units]
        for unit in units:
            unit_id = unit["unit"]["id"]
            page.locator(f'svg#bieu-do-phieu-bau g.bar[data-unit="{unit_id}"] text.label').click()
            section = page.locator(f"#giai-thich-{unit_id}")
            assert section.is_visible(), unit_id
            assert f"được bầu ở {unit['votes']}/{unit['valid']} phiếu hợp lệ" in section.inner_text(), unit_id
        assert opened.console_errors == [] and opened.errors == [] and opened.blocked == []
        screenshot(opened, "tong-quan-binh-xet.png")


@needs_pdftotext
def test_no_printed_page_ends_with_a_heading(browser: Browser, tmp_path: Path) -> None:
    """The year of mergers with the year before: long enough for headings to fall at a page's foot."""
    later = REPO / "examples" / "cum-thi-dua-so-7-2025"
    earlier = REPO / "examples" / "cum-thi-dua-so-7-2023"
    out = tmp_path / "out"
    code, stdout, stderr = run_emul(
        ["report", str(later), "--only", "html", "--previous", str(earlier), "--out", str(out)]
    )
    assert code == 0, stdout + stderr
    with open_file(browser, out / "tong-quan.html") as opened:
        headings = opened.page.locator("h2, h3").evaluate_all("all => all.map(h => h.textContent.trim())")
        print_pdf(opened, tmp_path / "tong-quan.pdf")
    pages = pdf_text(tmp_path / "tong-quan.pdf").split("\f")
    assert len(pages) > 5
    for number, page in enumerate(pages, 1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if lines:
            assert not any(heading.startswith(lines[-1]) for heading in headings), (number, lines[-1])
