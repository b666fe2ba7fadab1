"""`emul criteria diff`: two versions of a rubric, from files or from git, compared criterion by criterion."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from emulation_cli.rubrics.versions import read_rubric, rubric_hash

from .conftest import REPO, git, run_emul

RUBRIC = REPO / "criteria" / "khoi-so-nganh-ha-noi-2023.yaml"
NO_COMMIT = "no commit (not in git, or changed since the last commit)"
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

# I.2: max 10 → 8 and target 100 → 95; III.4 removed; III.3 moved from III to IV; IV.6 added (max 4);
# section I 60 → 58, III 15 → 9, IV 15 → 23 (the scale stays 100); the top band needs 92.5 instead of 90.
EDITS = [
    ('version: "2023.1"', 'version: "2024.1"'),
    (
        "        max: 10\n        # Chấm theo tỉ lệ: 10 × (thực tế / 100 %), không vượt 10 điểm.\n"
        "        method:\n          kind: proportional\n          target: 100\n",
        "        max: 8\n        method:\n          kind: proportional\n          target: 95\n",
    ),
    (
        "    title: Thực hiện nhiệm vụ chính trị, chuyên môn\n    max: 60",
        "    title: Thực hiện nhiệm vụ chính trị, chuyên môn\n    max: 58",
    ),
    (
        "    title: Cải cách hành chính và chuyển đổi số\n    max: 15",
        "    title: Cải cách hành chính và chuyển đổi số\n    max: 9",
    ),
    ("    title: Công tác thi đua, khen thưởng\n    max: 15", "    title: Công tác thi đua, khen thưởng\n    max: 23"),
    ("      min_total: 90\n", "      min_total: 92.5\n"),
]


def edited_rubric(text: str) -> str:
    for old, new in EDITS:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    moved_start, removed_start = text.index("      - id: III.3"), text.index("      - id: III.4")
    section_iv = text.index("  # ------------------------------------------------------------------ Mục IV")
    moved = text[moved_start:removed_start].rstrip("\n") + "\n"
    text = text[:moved_start] + text[section_iv:]
    added = "      - id: IV.6\n        title: Chuyển đổi số trong công tác thi đua\n        max: 4\n"
    added += "        method:\n          kind: manual\n\n"
    bonus = text.index("# Điểm thưởng: ngoài thang điểm")
    return text[:bonus] + moved + added + text[bonus:]


MOVED = "Chuyển đổi số, ứng dụng công nghệ thông tin trong quản lý, điều hành; bảo đảm an toàn thông tin"


def expected_body() -> str:
    return f"""Criteria added (1):
  + IV.6 Chuyển đổi số trong công tác thi đua (in IV; max 4; method manual)
Criteria removed (1):
  − III.4 Thực hành tiết kiệm, chống lãng phí; phòng, chống tham nhũng, tiêu cực (in III; max 2; method manual)
Criteria changed (2):
  ~ I.2 Tỷ lệ nhiệm vụ UBND Thành phố giao được hoàn thành đúng hạn
      max: 10 → 8
      method.target: 100 → 95
  ~ III.3 {MOVED} (moved: III → IV)
Scale: 100 (unchanged)
Sections:
  I Thực hiện nhiệm vụ chính trị, chuyên môn: max 60 → 58
  II Xây dựng Đảng, xây dựng tổ chức đoàn thể: max 10 (unchanged)
  III Cải cách hành chính và chuyển đổi số: max 15 → 9
  IV Công tác thi đua, khen thưởng: max 15 → 23
  TH Điểm thưởng (bonus): cap 15 (unchanged)
  TR Điểm trừ (penalty): cap 10 (unchanged)
Classification:
  bands.htxs.minimum total: 90 → 92.5
"""


def content_hash(path: Path) -> str:
    return rubric_hash(read_rubric(str(path)).loaded.model)


def header(label: str, source: str, version: str, hash_: str, commit: str) -> str:
    return f"{label}: {source} — rubric khoi-so-nganh-ha-noi {version}\n   content hash {hash_}; {commit}\n"


@pytest.fixture
def versions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The bundled rubric and its edited copy, in a folder outside git (so neither has a commit)."""
    monkeypatch.chdir(tmp_path)
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    text = RUBRIC.read_text(encoding="utf-8")
    old.write_text(text, encoding="utf-8")
    new.write_text(edited_rubric(text), encoding="utf-8")
    return old, new


def test_text_lists_every_change_then_scale_and_sections(versions: tuple[Path, Path]) -> None:
    old, new = versions
    code, out, err = run_emul(["criteria", "diff", "old.yaml", "new.yaml"])
    assert (code, err) == (0, "")
    assert out == (
        header("A", "old.yaml", "2023.1", content_hash(old), NO_COMMIT)
        + header("B", "new.yaml", "2024.1", content_hash(new), NO_COMMIT)
        + expected_body()
    )


def test_vietnamese_numbers_have_a_decimal_comma(versions: tuple[Path, Path]) -> None:
    code, out, _err = run_emul(["criteria", "diff", "old.yaml", "new.yaml"], lang="vi")
    assert code == 0
    assert "  các mức.htxs.tổng điểm tối thiểu: 90 → 92,5\n" in out


def test_the_same_rubric_twice_has_no_differences(versions: tuple[Path, Path]) -> None:
    code, out, _err = run_emul(["criteria", "diff", "old.yaml", "old.yaml"])
    assert code == 0
    assert out.endswith("\nNo differences in criteria, scale, sections, classification, rounding or ranking.\n")


def test_json(versions: tuple[Path, Path]) -> None:
    old, new = versions
    code, out, err = run_emul(["criteria", "diff", "old.yaml", "new.yaml", "--format", "json"])
    assert (code, err) == (0, "")
    document = json.loads(out)
    title = "Bộ tiêu chí chấm điểm thi đua khối sở, ngành Thành phố Hà Nội năm 2023 (minh họa)"
    side = {"id": "khoi-so-nganh-ha-noi", "commit": None, "title": title}
    manual = {"kind": "manual", "evidence_required": True}
    assert document == {
        "schema": "emul.criteria-diff/1",
        "a": {"source": "old.yaml", **side, "version": "2023.1", "content_hash": content_hash(old)},
        "b": {"source": "new.yaml", **side, "version": "2024.1", "content_hash": content_hash(new)},
        "same": False,
        "rubric": [],
        "criteria": {
            "added": [
                {
                    "id": "IV.6",
                    "title": "Chuyển đổi số trong công tác thi đua",
                    "section": "IV",
                    "parent": None,
                    "max": "4",
                    "method": manual,
                }
            ],
            "removed": [
                {
                    "id": "III.4",
                    "title": "Thực hành tiết kiệm, chống lãng phí; phòng, chống tham nhũng, tiêu cực",
                    "section": "III",
                    "parent": None,
                    "max": "2",
                    "method": manual,
                }
            ],
            "changed": [
                {
                    "id": "I.2",
                    "title": "Tỷ lệ nhiệm vụ UBND Thành phố giao được hoàn thành đúng hạn",
                    "section": {"old": "I", "new": "I"},
                    "moved": False,
                    "changes": [
                        {"field": "max", "old": "10", "new": "8"},
                        {"field": "method.target", "old": "100", "new": "95"},
                    ],
                },
                {
                    "id": "III.3",
                    "title": "Chuyển đổi số, ứng dụng công nghệ thông tin trong quản lý, điều hành; "
                    "bảo đảm an toàn thông tin",
                    "section": {"old": "III", "new": "IV"},
                    "moved": True,
                    "changes": [],
                },
            ],
        },
        "scale": {"old": "100", "new": "100"},
        "sections": [
            {"id": "I", "kind": "section", "status": "changed", "max": {"old": "60", "new": "58"}, "changes": []},
            {"id": "II", "kind": "section", "status": "unchanged", "max": {"old": "10", "new": "10"}, "changes": []},
            {"id": "III", "kind": "section", "status": "changed", "max": {"old": "15", "new": "9"}, "changes": []},
            {"id": "IV", "kind": "section", "status": "changed", "max": {"old": "15", "new": "23"}, "changes": []},
            {"id": "TH", "kind": "bonus", "status": "unchanged", "cap": {"old": "15", "new": "15"}, "changes": []},
            {"id": "TR", "kind": "penalty", "status": "unchanged", "cap": {"old": "10", "new": "10"}, "changes": []},
        ],
        "classification": [{"field": "bands.htxs.min_total", "old": "90", "new": "92.5"}],
        "rounding": [],
        "ranking": [],
    }


# ----- REV:path ---------------------------------------------------------------------------------------------
@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_git: None) -> tuple[Path, str, str]:
    """A git repository with criteria/x.yaml committed twice: the bundled rubric, then the edited one."""
    repo = tmp_path / "repo"
    (repo / "criteria").mkdir(parents=True)
    git(repo, "init", "-q")
    rubric = repo / "criteria" / "x.yaml"
    text = RUBRIC.read_text(encoding="utf-8")
    rubric.write_text(text, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "v1")
    first = git(repo, "rev-parse", "HEAD")
    rubric.write_text(edited_rubric(text), encoding="utf-8")
    git(repo, "commit", "-q", "-a", "-m", "v2")
    monkeypatch.chdir(repo)
    return repo, first, git(repo, "rev-parse", "HEAD")


@needs_git
def test_two_revisions_of_a_file_in_git(repository: tuple[Path, str, str], tmp_path: Path) -> None:
    repo, first, second = repository
    (tmp_path / "old.yaml").write_text(RUBRIC.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = run_emul(["criteria", "diff", "HEAD~1:criteria/x.yaml", "HEAD:criteria/x.yaml"])
    assert (code, err) == (0, "")
    assert out == (
        header("A", "HEAD~1:criteria/x.yaml", "2023.1", content_hash(tmp_path / "old.yaml"), f"commit {first}")
        + header("B", "HEAD:criteria/x.yaml", "2024.1", content_hash(repo / "criteria" / "x.yaml"), f"commit {second}")
        + expected_body()
    )


@needs_git
def test_a_revision_path_may_be_relative_to_the_current_folder(
    repository: tuple[Path, str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, first, _second = repository
    monkeypatch.chdir(repo / "criteria")
    code, out, err = run_emul(["criteria", "diff", "HEAD~1:x.yaml", "x.yaml", "--format", "json"])
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert (document["a"]["version"], document["a"]["commit"]) == ("2023.1", first)
    assert (document["b"]["source"], document["b"]["version"]) == ("x.yaml", "2024.1")


@needs_git
@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (
            "v9:criteria/x.yaml",
            "error: cannot read 'v9:criteria/x.yaml': there is no git revision 'v9'\n"
            "  hint: a revision is a commit, branch or tag: HEAD, HEAD~1, main, a commit hash\n",
        ),
        (
            "HEAD:criteria/y.yaml",
            "error: cannot read 'HEAD:criteria/y.yaml': there is no file 'criteria/y.yaml' at revision 'HEAD'\n"
            "  hint: the path is relative to the repository's root or to the current folder\n",
        ),
        ("HEAD:criteria", "error: 'HEAD:criteria' is a folder; the rubric is a file\n"),
    ],
)
def test_a_revision_or_path_that_does_not_exist_is_a_usage_error(
    repository: tuple[Path, str, str], spec: str, message: str
) -> None:
    assert run_emul(["criteria", "diff", spec, "HEAD:criteria/x.yaml"]) == (2, "", message)


def test_a_revision_outside_git_is_a_usage_error(versions: tuple[Path, Path]) -> None:
    code, out, err = run_emul(["criteria", "diff", "HEAD:old.yaml", "new.yaml"])
    assert (code, out) == (2, "")
    assert err == "error: cannot read 'HEAD:old.yaml': the current folder is not in a git repository\n"


def test_a_missing_file_is_a_usage_error(versions: tuple[Path, Path]) -> None:
    assert run_emul(["criteria", "diff", "old.yaml", "nope.yaml"]) == (
        2,
        "",
        "error: the rubric file 'nope.yaml' does not exist\n"
        "  hint: give a rubric file, or REV:path for a rubric in git's history (e.g. HEAD~1:criteria/x.yaml)\n",
    )


def test_an_invalid_rubric_shows_its_located_errors(versions: tuple[Path, Path]) -> None:
    _old, new = versions
    text = new.read_text(encoding="utf-8")
    text = text.replace("    max: 58\n", "    max: 57\n").replace("\nscale: 100\n", "\nscale: 100\nowner: VP\n")
    new.write_text(text, encoding="utf-8")
    code, out, err = run_emul(["criteria", "diff", "old.yaml", "new.yaml"])
    assert (code, out) == (1, "")
    assert err == (
        "new.yaml:17:8: error: scale: the sections' maxima add up to 99, but the scale is 100\n"
        "  hint: correct a section's `max` or the `scale`\n"
        "new.yaml:18:1: error: owner: unknown key 'owner'\n"
        "  hint: allowed keys here: id, version, title, scale, illustrative, source, province, year, rounding, "
        "self_scored, scorers, not_assigned_rule, sections, bonus, penalty, classification, ranking\n"
        "new.yaml:35:10: error: sections[0].max: the criteria of section I add up to 58, but its max is 57\n"
        "  hint: correct a criterion's `max` or the section's `max`\n"
        "error: the rubric 'new.yaml' has 3 error(s); nothing was compared\n"
        "  hint: correct them (see above) and run the command again\n"
    )


def test_a_rubric_that_is_not_yaml_is_located_too(versions: tuple[Path, Path]) -> None:
    _old, new = versions
    new.write_text("id: x\nversion: '2024\n", encoding="utf-8")
    code, out, err = run_emul(["criteria", "diff", "old.yaml", "new.yaml"])
    assert (code, out) == (1, "")
    assert err.startswith("new.yaml:2:10: error: ")
