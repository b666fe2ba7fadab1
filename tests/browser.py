"""Headless Chromium, when it can be had: pages opened from a file the way an officer's browser would open them.

Driven by Playwright with Debian's `chromium` (never a browser that Playwright downloads). A page is opened with
JavaScript on; every console message, page error, dialog and network request is recorded, and every request to
anything but the file itself is blocked, so a page that reaches out is caught, not slowed down."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

# Any Chromium-based browser: Debian's chromium, Ubuntu's snap, Chrome, or the Edge every Windows has.
_BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome", "msedge")
_WINDOWS_BROWSERS = (
    r"%ProgramFiles(x86)%\Microsoft\Edge\Application\msedge.exe",
    r"%ProgramFiles%\Microsoft\Edge\Application\msedge.exe",
    r"%ProgramFiles%\Google\Chrome\Application\chrome.exe",
)


def _find_chromium() -> str | None:
    chosen = os.environ.get("EMUL_CHROMIUM")
    if chosen:
        return chosen
    on_path = next((found for name in _BROWSER_NAMES if (found := shutil.which(name))), None)
    if on_path or os.name != "nt":
        return on_path
    return next((path for raw in _WINDOWS_BROWSERS if Path(path := os.path.expandvars(raw)).is_file()), None)


CHROMIUM = _find_chromium()


def _playwright_missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install playwright)"
    return None


def _why_no_browser() -> str | None:
    missing = []
    if CHROMIUM is None:
        missing.append("Chromium is not installed (apt-get install chromium)")
    playwright_missing = _playwright_missing()
    if playwright_missing:
        missing.append(playwright_missing)
    return "; ".join(missing) or None


WHY_NO_BROWSER = _why_no_browser()
needs_browser = pytest.mark.skipif(WHY_NO_BROWSER is not None, reason=WHY_NO_BROWSER or "")

# A4 and the margins of Nghị định 30/2020 (top 20, right 15, bottom 20, left 30 mm), in CSS pixels and PDF points.
MM_PER_INCH = 25.4
CSS_PX_PER_INCH = 96
PT_PER_INCH = 72
A4_MM = (210, 297)
A4_PT = (A4_MM[0] / MM_PER_INCH * PT_PER_INCH, A4_MM[1] / MM_PER_INCH * PT_PER_INCH)  # 595.3 × 841.9
PRINTABLE_WIDTH_MM = A4_MM[0] - 15 - 30
PRINTABLE_WIDTH_PX = PRINTABLE_WIDTH_MM / MM_PER_INCH * CSS_PX_PER_INCH  # 623.6
PRINTABLE_HEIGHT_PX = (A4_MM[1] - 20 - 20) / MM_PER_INCH * CSS_PX_PER_INCH  # 971.3


@contextmanager
def launch() -> Iterator[Browser]:
    """One headless Chromium (Debian's); closed on exit."""
    from playwright.sync_api import sync_playwright

    assert CHROMIUM is not None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class OpenedPage:
    """A page loaded from a file, with everything it said and tried while loaded."""

    page: Page
    url: str
    console: list[tuple[str, str]] = field(default_factory=list)  # (type, text)
    errors: list[str] = field(default_factory=list)  # uncaught exceptions
    dialogs: list[str] = field(default_factory=list)  # alert/confirm/prompt messages
    requests: list[str] = field(default_factory=list)  # every URL requested
    blocked: list[str] = field(default_factory=list)  # requests to anything but the file, refused

    @property
    def console_errors(self) -> list[str]:
        return [text for kind, text in self.console if kind == "error"]

    @property
    def outside_requests(self) -> list[str]:
        return sorted({url for url in self.requests if url != self.url} | set(self.blocked))


@contextmanager
def open_file(browser: Browser, path: Path, *, width: int = 1280) -> Iterator[OpenedPage]:
    """Open `path` (file://) in a fresh context with JavaScript on; record and block what it reaches for."""
    url = path.resolve().as_uri()
    context = browser.new_context(java_script_enabled=True, viewport={"width": width, "height": 900})
    page = context.new_page()
    opened = OpenedPage(page=page, url=url)

    def route(route: Route) -> None:
        if route.request.url == url:
            route.continue_()
        else:
            opened.blocked.append(route.request.url)
            route.abort()

    def on_dialog(dialog: Any) -> None:
        opened.dialogs.append(dialog.message)
        dialog.dismiss()

    page.route("**/*", route)
    page.on("console", lambda message: opened.console.append((message.type, message.text)))
    page.on("pageerror", lambda error: opened.errors.append(str(error)))
    page.on("dialog", on_dialog)
    page.on("request", lambda request: opened.requests.append(request.url))
    try:
        page.goto(url, wait_until="load")
        yield opened
    finally:
        context.close()


# Screenshots for review: kept after the run (build/ is not tracked), listed at the end of the test output.
SCREENSHOTS = Path(os.environ.get("EMUL_SCREENSHOTS") or Path(__file__).parent.parent / "build" / "screenshots")
TAKEN: list[Path] = []


def screenshot(opened: OpenedPage, name: str) -> Path:
    """A full-page PNG in SCREENSHOTS ($EMUL_SCREENSHOTS, or build/screenshots of the checkout)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    out = SCREENSHOTS / name
    opened.page.screenshot(path=str(out), full_page=True)
    TAKEN.append(out)
    return out


def print_pdf(opened: OpenedPage, out: Path) -> bytes:
    """Print through the browser as a reader would: print media, the page size and margins the page's CSS asks for
    (none given here, so a page that asks for none comes out in Chromium's default Letter)."""
    opened.page.emulate_media(media="print")
    data = opened.page.pdf(path=str(out), prefer_css_page_size=True, print_background=True)
    print(f"pdf: {out}")
    return data


_MEDIA_BOX = re.compile(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]")


def pdf_page_sizes(data: bytes) -> list[tuple[float, float]]:
    """Width × height in points of each page: by pypdf when it is installed, else from the `/MediaBox` entries."""
    try:
        from pypdf import PdfReader
    except ImportError:
        return media_boxes(data)
    import io

    return [(float(page.mediabox.width), float(page.mediabox.height)) for page in PdfReader(io.BytesIO(data)).pages]


def media_boxes(data: bytes) -> list[tuple[float, float]]:
    """Width × height of every `/MediaBox` written in the open (Chromium writes one per page, uncompressed)."""
    boxes = [tuple(float(number) for number in match.groups()) for match in _MEDIA_BOX.finditer(data)]
    return [(x1 - x0, y1 - y0) for x0, y0, x1, y1 in boxes]


# Laid out as printed on A4 inside the margins: each visible <svg>'s width and how far it reaches past its container.
_SVG_BOXES = """() => [...document.querySelectorAll('svg')].filter(svg => svg.getClientRects().length > 0).map(svg => {
    const box = svg.getBoundingClientRect();
    const parent = svg.parentElement.getBoundingClientRect();
    const figure = svg.closest('figure');
    return {id: svg.id || '', width: box.width, left: box.left - parent.left, right: box.right - parent.right,
            parentWidth: parent.width, pageWidth: document.documentElement.scrollWidth,
            figureHeight: figure ? figure.getBoundingClientRect().height : box.height};
})"""


def clipped_charts(opened: OpenedPage) -> list[str]:
    """What would be cut off when printed: every visible <svg> wider than A4's printable width, or reaching out of
    its container, a chart whose figure (with its caption) is taller than a page, which it cannot be broken across,
    and a document wider than the printable width; empty when nothing is."""
    page = opened.page
    page.emulate_media(media="print")
    page.set_viewport_size({"width": int(PRINTABLE_WIDTH_PX), "height": 900})
    problems = []
    for box in page.evaluate(_SVG_BOXES):
        name = f"svg#{box['id']}" if box["id"] else "svg"
        if box["width"] > PRINTABLE_WIDTH_PX + 0.5:
            problems.append(f"{name} is {box['width']:.0f}px wide, printable width {PRINTABLE_WIDTH_PX:.0f}px")
        if box["left"] < -0.5 or box["right"] > 0.5:
            problems.append(f"{name} reaches out of its container ({box['width']:.0f}px in {box['parentWidth']:.0f})")
        if box["figureHeight"] > PRINTABLE_HEIGHT_PX + 0.5:
            height = f"{box['figureHeight']:.0f}px"
            problems.append(f"{name} is {height} tall with its caption, printable height {PRINTABLE_HEIGHT_PX:.0f}px")
    page_width = page.evaluate("document.documentElement.scrollWidth")
    if page_width > PRINTABLE_WIDTH_PX + 1:
        problems.append(f"the page is {page_width}px wide, printable width {PRINTABLE_WIDTH_PX:.0f}px")
    return problems
