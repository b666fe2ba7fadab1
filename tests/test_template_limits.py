"""Templates are code from the officer or from a received folder: rendering is bounded in time, in the size of
what it computes and produces, and in the size a Word template unpacks to. A breach fails that document as
its template's problem (exit 1), the others are written, and `emul template check` refuses the same files
in the same words."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document

from emulation_cli.reports import jinja

from .conftest import REPO, copy_example, run_emul

SHIPPED = REPO / "templates" / "report"
ONLY = ["--only", "tom-tat", "--only", "to-trinh"]
VALUE = "a value of more than 10000000 characters or items"
NUMBER = "a number of more than 4096 bits"
RANGE = "range() of more than 100000 numbers"
SLOW = "more than 0.2 seconds to render"
LIMIT = "the template goes past a limit: "

# payload -> the limit it breaks. Each hung, or ended in MemoryError (exit 3), before the limits.
PAYLOADS = {
    "{% for i in range(10**9) %}x{% endfor %}": RANGE,
    "{{ 10**(10**8) }}": NUMBER,
    "{{ 'x' * 10**9 }}": VALUE,
    "{{ 'x'|center(10**9) }}": VALUE,
    "{{ 'x'.ljust(10**9) }}": VALUE,
    "{{ '%999999999d' % 1 }}": VALUE,
    "{{ '{:>999999999}'.format(1) }}": VALUE,
    "{% set s = 'x' * 1000000 %}{{ s|replace('x', s) }}": VALUE,
    "{% set s = '\\n' * 1000000 %}{{ s|indent(9999999) }}": VALUE,
    "{% set s = '\\n' * 1000000 %}{{ s|indent(width=9999999) }}": VALUE,
    "{% set s = '\\t' * 1000000 %}{{ s.expandtabs(9999999) }}": VALUE,
    "{% set s = 'x' * 9000000 %}{{ s.join(['a'] * 1000) }}": VALUE,
    "{% set s = 'x' * 9000000 %}{{ (['a'] * 1000)|join(s) }}": VALUE,
    "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}": VALUE,
    "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s + ns.s %}{% endfor %}": VALUE,
    "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}": SLOW,
    "{% set s = 'x' * 100000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}": SLOW,
    "{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}{% endmacro %}{{ f(60) }}": SLOW,
    # Values whose items are few but long: each built gigabytes before its size was looked at.
    "{% set big = ['x' * 10000000] * 300 %}{{ big|join|length }}": VALUE,
    "{{ (['x' * 10000000] * 300)|string|length }}": VALUE,
    "{{ ([[0] * 10000000] * 40)|sum(start=[])|length }}": VALUE,
    "{% set s = 'x' * 6000000 %}{{ [s, s]|join|length }}": VALUE,
    "{% set s = 'x' * 6000000 %}{{ [s, s]|map('upper')|join|length }}": VALUE,
    "{% set s = 'x' * 6000000 %}{{ [s, s]|string|length }}": VALUE,
    "{% set s = 'x' * 6000000 %}{{ [s, s]|tojson|length }}": VALUE,
    "{% set s = 'x' * 6000000 %}{{ [s, s]|pprint|length }}": VALUE,
    "{% set s = 'x' * 6000000 %}{{ [s, s]|upper|length }}": VALUE,
    "{% set a = [0] * 3000000 %}{{ [a, a]|sum(start=[])|length }}": VALUE,
    "{% set s = 'x' * 6000000 %}{{ [s, s] }}": VALUE,
    "{% set s = 'x' * 6000000 %}{{ (s, s) }}": VALUE,
    "{% set s = 'x' * 6000000 %}{{ {'a': s, 'b': s} }}": VALUE,
    "{% set s = 'x' * 6000000 %}{{ s ~ s }}": VALUE,
    "{% set s = 'x' * 6000000 %}{{ s ~ [s] }}": VALUE,
    "{% set s = 'x' * 6000000 %}{{ '%s' % ([s, s],) }}": VALUE,
    "{% set s = 'x' * 6000000 %}{{ '{}'.format([s, s]) }}": VALUE,
    "{% set s = 'x' * 6000000 %}{{ ''.join([s, s]) }}": VALUE,
}


@pytest.fixture
def cluster(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Path:
    payload = getattr(request.node, "callspec", None) and request.node.callspec.params.get("payload")
    # The loops that run out of time do so quickly; a payload meant for another limit gets a budget it cannot
    # exhaust on a loaded machine, so it meets its own limit and not the clock's.
    monkeypatch.setattr(jinja, "TIME_BUDGET", 60.0 if payload in PAYLOADS and PAYLOADS[payload] != SLOW else 0.2)
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "c7")
    (folder / "templates").mkdir()
    return folder


def word_template(path: Path, payload: str) -> Path:
    """The shipped tờ trình with the payload typed at the end of its first paragraph, as in Word."""
    document = Document(str(SHIPPED / "to-trinh.docx"))
    document.paragraphs[0].add_run(payload)
    document.save(str(path))
    return path


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_markdown_template_past_a_limit_fails_its_document_only(cluster: Path, payload: str) -> None:
    template = cluster / "templates" / "tom-tat.md.j2"
    template.write_text("# Tóm tắt\n" + payload + "\n", encoding="utf-8")
    code, stdout, stderr = run_emul(["report", str(cluster), *ONLY])
    assert code == 1
    assert stderr.splitlines()[0] == f"error: tom-tat.md: {template}:2: {LIMIT}{PAYLOADS[payload]}"
    assert "  to-trinh-khen-thuong.docx  written\n" in stdout
    assert "Traceback" not in stderr


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_word_template_past_a_limit_fails_its_document_only(cluster: Path, payload: str) -> None:
    template = word_template(cluster / "templates" / "to-trinh.docx", payload)
    code, stdout, stderr = run_emul(["report", str(cluster), *ONLY])
    assert code == 1
    assert stderr.splitlines()[0] == f"error: to-trinh-khen-thuong.docx: {template}: {LIMIT}{PAYLOADS[payload]}"
    assert "  tom-tat.md                 written\n" in stdout


def test_lipsum_is_not_there_to_fill_pages(cluster: Path) -> None:
    template = cluster / "templates" / "tom-tat.md.j2"
    template.write_text("{{ lipsum(1000000) }}\n", encoding="utf-8")
    code, _stdout, stderr = run_emul(["report", str(cluster), "--only", "tom-tat"])
    assert code == 1
    assert stderr.splitlines()[0] == f"error: tom-tat.md: {template}:1: unknown variable 'lipsum'"
    code, stdout, _stderr = run_emul(["template", "check", str(template)])
    assert (code, stdout.splitlines()[0]) == (1, f"{template}: line 1: error: unknown variable 'lipsum'")


def test_what_a_document_needs_stays_allowed(cluster: Path) -> None:
    """Sums of money, widths and loops of a real document are far below the limits."""
    template = cluster / "templates" / "tom-tat.md.j2"
    template.write_text(
        "{{ '%d'|format(15000000) }} {{ '{:,}'.format(15000000) }} {{ 15000000 * 3 }} {{ 2 ** 100 }} "
        "{% for r in results %}{{ loop.index }}/{{ loop.length }}{{ '-' ~ r.unit.short_name }} {% endfor %}"
        "{{ 'x' * 5 }}{{ '%05d' % 42 }} {{ [[1], [2]]|sum(start=[]) }} {{ ['a', 'b']|join }} {{ [1, 'a'] ~ '' }}\n",
        encoding="utf-8",
    )
    code, _stdout, stderr = run_emul(["report", str(cluster), "--only", "tom-tat"])
    assert (code, stderr) == (0, "")
    text = (cluster / "van-ban" / "2023" / "tom-tat.md").read_text(encoding="utf-8")
    assert text.startswith("15000000 15,000,000 45000000 1267650600228229401496703205376 1/")
    assert text.rstrip().endswith("xxxxx00042 [1, 2] ab \\[1, 'a'\\]")


STATIC = {  # what `emul template check` can tell without data: the same words as the failed render
    "{{ 10**(10**8) }}": NUMBER,
    "{% for i in range(10**9) %}x{% endfor %}": RANGE,
    "{{ 'x' * 10**9 }}": VALUE,
    "{{ 'x'|center(10**9) }}": VALUE,
    "{{ '%999999999d' % 1 }}": VALUE,
    "{% set big = ['x' * 10000000] * 300 %}{{ big|join|length }}": VALUE,
    "{{ (['x' * 10000000] * 300)|string|length }}": VALUE,
    "{{ ([[0] * 10000000] * 40)|sum(start=[])|length }}": VALUE,
    "{{ ['x' * 6000000, 'x' * 6000000]|join }}": VALUE,
    "{{ ['x' * 6000000, 'x' * 6000000]|tojson }}": VALUE,
    "{{ ['x' * 6000000, 'x' * 6000000] }}": VALUE,
    "{{ 'x' * 6000000 ~ 'x' * 6000000 }}": VALUE,
}


@pytest.mark.parametrize("payload", STATIC)
def test_template_check_refuses_a_constant_past_a_limit(tmp_path: Path, payload: str) -> None:
    markdown = tmp_path / "tom-tat.md.j2"
    markdown.write_text(payload + "\n", encoding="utf-8")
    word = word_template(tmp_path / "to-trinh.docx", payload)
    code, stdout, _stderr = run_emul(["template", "check", str(markdown), str(word)])
    assert code == 1
    lines = stdout.splitlines()
    assert lines[0] == f"{markdown}: line 1: error: {LIMIT}{STATIC[payload]}"
    assert lines[1].startswith(f"{word}: paragraph 1 «")
    assert lines[1].endswith(f"»: error: {LIMIT}{STATIC[payload]}")


# ----- the size of a Word template once unpacked -------------------------------------------------------------
def with_extra_parts(path: Path, parts: dict[str, bytes]) -> Path:
    shutil.copy(SHIPPED / "to-trinh.docx", path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


BOMBS = {
    # 60 MB of zeros in one part (about 60 KB on disk)
    "ratio": (
        {"word/media/image9.bin": bytes(60 * 1024 * 1024)},
        "the part word/media/image9.bin of the template is compressed more than 200 times",
    ),
    # 60 parts of 0.9 MB: none compressed past the ratio that counts, together past the total
    "total": (
        {f"word/media/image{i}.bin": bytes(range(256)) * 3600 for i in range(60)},
        "the template unpacks to more than 50 MB",
    ),
}


@pytest.mark.parametrize("bomb", BOMBS)
def test_a_word_template_that_unpacks_too_large_is_refused_before_unpacking(cluster: Path, bomb: str) -> None:
    parts, message = BOMBS[bomb]
    template = with_extra_parts(cluster / "templates" / "to-trinh.docx", parts)
    code, stdout, stderr = run_emul(["report", str(cluster), *ONLY])
    assert code == 1
    assert stderr.splitlines()[0] == f"error: to-trinh-khen-thuong.docx: {template}: {message}"
    assert "  tom-tat.md                 written\n" in stdout
    code, stdout, _stderr = run_emul(["template", "check", str(template)])
    assert (code, stdout.splitlines()[0]) == (1, f"{template}: the template: error: {message}")


def test_a_markdown_template_larger_than_a_megabyte_is_refused(cluster: Path) -> None:
    template = cluster / "templates" / "tom-tat.md.j2"
    template.write_text("# Tóm tắt\n" + "x" * (1024 * 1024), encoding="utf-8")
    message = "the template is larger than 1 MB"
    code, _stdout, stderr = run_emul(["report", str(cluster), "--only", "tom-tat"])
    assert code == 1
    assert stderr.splitlines()[0] == f"error: tom-tat.md: {template}: {message}"
    code, stdout, _stderr = run_emul(["template", "check", str(template)])
    assert (code, stdout.splitlines()[0]) == (1, f"{template}: the template: error: {message}")


def test_a_template_that_writes_too_much_fails(cluster: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jinja, "MAX_OUTPUT", 100_000)
    template = cluster / "templates" / "tom-tat.md.j2"
    template.write_text("{% for i in range(1000) %}{{ 'x' * 1000 }}{% endfor %}\n", encoding="utf-8")
    code, _stdout, stderr = run_emul(["report", str(cluster), "--only", "tom-tat"])
    assert code == 1
    assert stderr.splitlines()[0] == f"error: tom-tat.md: {template}: {LIMIT}more than 100000 characters of output"


def test_a_document_that_exhausts_the_memory_fails_as_too_large(
    cluster: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A MemoryError while rendering names the template (exit 1, no crash log); the others are written."""
    from emulation_cli.reports import docx

    def exhausted(*_args: object) -> str:
        raise MemoryError

    monkeypatch.setattr(docx, "render_bounded", exhausted)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    template = word_template(cluster / "templates" / "to-trinh.docx", "")
    code, stdout, stderr = run_emul(["report", str(cluster), *ONLY])
    assert code == 1
    assert stderr.splitlines()[0] == f"error: to-trinh-khen-thuong.docx: {template} is too large to process"
    assert "  tom-tat.md                 written\n" in stdout
    assert not list(tmp_path.glob("emul-error-*.log"))


# ----- refused before it is built ----------------------------------------------------------------------------
_MANY = "[" + ", ".join(["s"] * 100) + "]"  # 100 references to one text: a small list, a long text written out
BUILT_FIRST = [  # each built its whole value (gigabytes at the real limit) before its size was looked at
    "{% set big = ['x' * 1000000] * 300 %}{{ big|join|length }}",
    "{% set s = 'x' * 1000000 %}{{ " + _MANY + "|join|length }}",
    "{% set s = 'x' * 1000000 %}{{ " + _MANY + "|map('lower')|join|length }}",
    "{% set s = 'x' * 1000000 %}{{ " + _MANY + "|string|length }}",
    "{% set s = 'x' * 1000000 %}{{ " + _MANY + "|tojson|length }}",
    "{% set s = 'x' * 1000000 %}{{ " + _MANY + "|pprint|length }}",
    "{% set s = 'x' * 1000000 %}{{ " + _MANY + " }}",
    "{% set s = 'x' * 1000000 %}{{ " + _MANY + " ~ '' }}",
    "{% set s = 'x' * 1000000 %}{{ '%s' % (" + _MANY + ",) }}",
    "{% set s = 'x' * 1000000 %}{{ ''.join(" + _MANY + ") }}",
    "{% set s = [0] * 400000 %}{{ " + _MANY + "|sum(start=[])|length }}",
]


@pytest.mark.parametrize("payload", BUILT_FIRST, ids=range(len(BUILT_FIRST)))
def test_a_value_past_the_limit_is_refused_before_it_is_built(monkeypatch: pytest.MonkeyPatch, payload: str) -> None:
    """The limit lowered to a million: each payload would build 100 to 300 million before being refused."""
    import tracemalloc

    monkeypatch.setattr(jinja, "MAX_LENGTH", 1_000_000)
    template = jinja.markdown_environment().from_string(payload)
    tracemalloc.start()
    try:
        with jinja.budget(), pytest.raises(jinja.TemplateLimit, match="a value of more than 1000000 characters"):
            jinja.render_bounded(template, {})
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 30_000_000
