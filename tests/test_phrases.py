"""The wording the officer owns: the shipped phrase file, a cluster's override, and the safe filling of fields."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from emulation_cli.errors import InternalError
from emulation_cli.loading.yamltree import read_yaml_file
from emulation_cli.text.phrases import SPEC, Phrases, fill, parse
from emulation_cli.validation.phrases import default_file, default_phrases

from .conftest import copy_example, run_emul
from .dump import dump


def test_the_shipped_file_has_every_phrase_and_only_those() -> None:
    doc = read_yaml_file(default_file(), "phrases.yaml")
    assert set(doc.data) == set(SPEC)
    assert set(default_phrases().texts) == set(SPEC)


def test_every_shipped_phrase_uses_only_the_fields_it_takes_and_keeps_the_required_ones() -> None:
    for key, text in default_phrases().texts.items():
        names = {field.name for field in parse(text).fields}
        assert None not in names, key
        assert names <= SPEC[key].fields, key
        assert SPEC[key].required <= names, key


def test_the_comment_of_each_shipped_phrase_names_its_fields() -> None:
    lines = default_file().read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        key = line.split(":", 1)[0]
        if key not in SPEC:
            continue
        comments = []
        for above in reversed(lines[:number]):
            if not above.startswith("#") or above.startswith("# -----"):
                break
            comments.append(above)
        described = " ".join(comments)
        assert comments, key
        assert all("{" + name + "}" in described for name in SPEC[key].fields), key


def test_a_phrase_is_filled_by_plain_substitution_never_by_format() -> None:
    assert fill("{{unit}} {unit}: {{}}", {"unit": "Sở Y tế"}) == "{unit} Sở Y tế: {}"
    # a value is never formatted again: its own braces stay as they are
    assert fill("{unit}", {"unit": "{0.__class__}"}) == "{0.__class__}"
    with pytest.raises(InternalError):
        fill("{unit.__class__}", {"unit": "x"})


def test_fields_other_than_plain_names_are_not_fields_the_officer_may_use() -> None:
    parsed = parse("{a.b} {c[0]} {d!r} {e:>5} {0} {} {ok_1}")
    assert [f.name for f in parsed.fields] == [None, None, None, None, None, None, "ok_1"]
    assert parse("a } b").stray_brace == 2
    assert parse("a {{ b }}").stray_brace is None


def test_a_phrase_is_filled_with_exactly_the_fields_it_takes() -> None:
    phrases = Phrases({"tasks.next_covenant": "Năm {year}."})
    assert phrases.say("tasks.next_covenant", year=2024, group="Cụm") == "Năm 2024."
    with pytest.raises(InternalError):
        phrases.say("tasks.next_covenant", year=2024)


def _dumps(folder: Path) -> dict[str, list[str]]:
    documents = [p for p in sorted(folder.rglob("*.*")) if not p.name.startswith(".")]  # not the manifest
    return {p.relative_to(folder).as_posix(): dump(p).splitlines() for p in documents}


def _changed_lines(before: dict[str, list[str]], after: dict[str, list[str]]) -> list[tuple[str, str]]:
    assert before.keys() == after.keys()
    changed = []
    for name in before:
        for line in difflib.unified_diff(before[name], after[name], lineterm="", n=0):
            if line[:1] in "+-" and not line.startswith(("+++", "---")):
                changed.append((name, line))
    return changed


@pytest.mark.parametrize(
    ("period", "key", "before", "after"),
    [
        (
            "2023",
            "tasks.next_covenant",
            "- Xây dựng và ký kết Bản giao ước thi đua năm 2024.",
            "- Tổ chức ký kết Giao ước thi đua năm 2024 tại Hội nghị triển khai của Cụm.",
        ),
        (
            "2023-H1",
            "strengths.commitments_on_schedule",
            "- 30/45 lượt cam kết giao ước của các đơn vị đúng hoặc vượt tiến độ.",
            "- Có 30 trong tổng số 45 lượt cam kết bảo đảm tiến độ.",
        ),
    ],
)
def test_changing_one_phrase_in_the_clusters_file_changes_that_sentence_and_nothing_else(
    tmp_path: Path, period: str, key: str, before: str, after: str
) -> None:
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    assert run_emul(["report", str(folder), "--period", period, "--out", str(tmp_path / "before")])[0] == 0
    wording = {
        "tasks.next_covenant": "Tổ chức ký kết Giao ước thi đua năm {year} tại Hội nghị triển khai của {group}.",
        "strengths.commitments_on_schedule": "Có {met} trong tổng số {total} lượt cam kết bảo đảm tiến độ.",
    }
    (folder / "templates").mkdir()
    (folder / "templates" / "phrases.yaml").write_text(f'{key}: "{wording[key]}"\n', encoding="utf-8")
    assert run_emul(["validate", str(folder)])[0] == 0
    assert run_emul(["report", str(folder), "--period", period, "--out", str(tmp_path / "after")])[0] == 0
    changed = _changed_lines(_dumps(tmp_path / "before"), _dumps(tmp_path / "after"))
    report = "bao-cao-tong-ket.docx" if period == "2023" else "bao-cao-so-ket.docx"
    # the sentence, in the báo cáo and in the summary that repeats it; not one other line of any document
    assert changed == [
        (report, "-" + before),
        (report, "+" + after),
        ("tom-tat.md", "-" + before),
        ("tom-tat.md", "+" + after),
    ]


def test_a_bad_phrase_file_refuses_the_report_with_a_located_error(tmp_path: Path) -> None:
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    (folder / "templates").mkdir()
    (folder / "templates" / "phrases.yaml").write_text(
        '# lời văn riêng\nscale.assigned: "Tối đa {assigned.__init__.__globals__}"\n', encoding="utf-8"
    )
    code, _out, err = run_emul(["report", str(folder), "--out", str(tmp_path / "out")])
    assert code == 1
    assert "templates/phrases.yaml:2:17: error: scale.assigned: '{assigned.__init__.__globals__}' is not a plain" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()
