"""Laws in force by date: which texts a document cites, which award rules a year follows, and the gates of
Nghị định 152/2025, Điều 4 (a discipline's end date decides whether the period's achievement counts)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from emulation_cli.awards.gates import GateStatus, check_gates, rules_in_force
from emulation_cli.model.assessment import Assessment
from emulation_cli.model.cluster import AwardPolicy, Gate, LegalBasis
from emulation_cli.model.legal import applies, by_id, in_force, in_force_between
from emulation_cli.text.citations import basis_reference, rule_citation

from .conftest import copy_example, load_period, run_emul
from .dump import dump

LUAT_2022 = LegalBasis(
    id="luat-tdkt-2022",
    title="Luật Thi đua, khen thưởng",
    number="06/2022/QH15",
    issuer="Quốc hội",
    date=date(2022, 6, 15),
    effective=date(2024, 1, 1),
)
ND_98 = LegalBasis(
    id="nd-98-2023",
    title="Nghị định quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
    number="98/2023/NĐ-CP",
    issuer="Chính phủ",
    date=date(2023, 12, 31),
    effective=date(2024, 1, 1),
    replaced_by="nd-152-2025",
)
ND_152 = LegalBasis(
    id="nd-152-2025",
    title="Nghị định quy định chi tiết và hướng dẫn thi hành Luật Thi đua, khen thưởng",
    number="152/2025/NĐ-CP",
    issuer="Chính phủ",
    date=date(2025, 6, 14),
    effective=date(2025, 7, 1),
)
NATIONAL = [LUAT_2022, ND_98, ND_152]


def ids(bases: list[LegalBasis]) -> list[str]:
    return [b.id for b in bases]


# ----- which texts are in force -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2023, 12, 31), []),  # the day ND 98 was signed: neither it nor the 2022 law is in force yet
        (date(2024, 1, 1), ["luat-tdkt-2022", "nd-98-2023"]),
        (date(2025, 2, 20), ["luat-tdkt-2022", "nd-98-2023"]),  # a giao ước signed in February 2025
        (date(2025, 6, 14), ["luat-tdkt-2022", "nd-98-2023"]),  # ND 152 signed, not yet in force
        (date(2025, 6, 30), ["luat-tdkt-2022", "nd-98-2023"]),
        (date(2025, 7, 1), ["luat-tdkt-2022", "nd-152-2025"]),  # the replacement's first day
        (date(2025, 12, 15), ["luat-tdkt-2022", "nd-152-2025"]),  # a tổng kết of December 2025
    ],
)
def test_a_document_cites_the_decree_in_force_on_its_date(day: date, expected: list[str]) -> None:
    assert ids(in_force(NATIONAL, day)) == expected


def test_a_declared_end_and_a_replacement_both_end_a_text_on_the_earlier_day() -> None:
    annulled = ND_98.model_copy(update={"expires": date(2025, 3, 1)})
    assert ids(in_force([annulled, ND_152], date(2025, 2, 28))) == ["nd-98-2023"]
    assert ids(in_force([annulled, ND_152], date(2025, 3, 1))) == []  # a gap: nothing to cite, not an error
    assert ids(in_force([annulled, ND_152], date(2025, 7, 1))) == ["nd-152-2025"]


def test_a_text_is_never_cited_before_it_is_signed_even_when_declared_retroactive() -> None:
    retroactive = ND_152.model_copy(update={"effective": date(2025, 1, 1)})
    assert retroactive.starts == date(2025, 6, 14)
    assert ND_152.model_copy(update={"effective": None}).starts == date(2025, 6, 14)


DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def legal_bases(draw: st.DrawFn) -> list[LegalBasis]:
    """Any texts, valid or not: dates in any order, replacements pointing anywhere (themselves, unknown ids)."""
    count = draw(st.integers(1, 6))
    names = [f"b{i}" for i in range(count)]
    bases = []
    for name in names:
        signed = draw(DAYS)
        bases.append(
            LegalBasis(
                id=name,
                title="Nghị định",
                date=signed,
                effective=draw(st.none() | DAYS),
                expires=draw(st.none() | DAYS),
                replaced_by=draw(st.none() | st.sampled_from([*names, "unknown"])),
            )
        )
    return bases


def _spec_in_force(basis: LegalBasis, bases: list[LegalBasis], day: date) -> bool:
    """The rule as the README states it, written independently of model/legal.py."""
    start = max(basis.date, basis.effective) if basis.effective else basis.date
    replacement = next((b for b in bases if b.id == basis.replaced_by), None)
    ends = [basis.expires] if basis.expires else []
    if replacement is not None:
        ends.append(max(replacement.date, replacement.effective) if replacement.effective else replacement.date)
    return start <= day and all(day < end for end in ends)


@settings(max_examples=300, deadline=None)
@given(legal_bases(), DAYS)
def test_a_text_is_cited_exactly_on_the_days_it_is_in_force(bases: list[LegalBasis], day: date) -> None:
    assert ids(in_force(bases, day)) == [b.id for b in bases if _spec_in_force(b, bases, day)]


@settings(max_examples=300, deadline=None)
@given(legal_bases(), DAYS)
def test_no_text_is_cited_together_with_its_replacement(bases: list[LegalBasis], day: date) -> None:
    cited = {b.id: b for b in in_force(bases, day)}
    for basis in cited.values():
        assert basis.replaced_by is None or basis.replaced_by == basis.id or basis.replaced_by not in cited


@settings(max_examples=200, deadline=None)
@given(legal_bases(), DAYS, st.integers(0, 400))
def test_the_texts_of_a_year_are_cited_on_each_of_its_days_as_before(
    bases: list[LegalBasis], first: date, length: int
) -> None:
    """`emul init` writes the texts in force during the year: leaving the others out changes no citation."""
    last = first + timedelta(days=length)
    chosen = in_force_between(bases, first, last)
    for offset in range(0, length + 1, 7):
        day = first + timedelta(days=offset)
        assert ids(in_force(chosen, day)) == ids(in_force(bases, day))
    for basis in chosen:  # each written text is cited on some day of the span
        assert any(basis in in_force(chosen, first + timedelta(days=d)) for d in range(length + 1))


# ----- rules in force ------------------------------------------------------------------------------------------
def gate(gate_id: str, **fields: object) -> Gate:
    return Gate.model_validate({"id": gate_id, "label": gate_id, **fields})


@settings(max_examples=300, deadline=None)
@given(DAYS, st.none() | DAYS, st.none() | DAYS, st.sampled_from([None, "nd-98-2023", "nd-152-2025"]))
def test_a_rule_applies_within_its_dates_while_its_basis_is_in_force(
    day: date, effective: date | None, expires: date | None, basis: str | None
) -> None:
    rule = gate("g", effective=effective, expires=expires, basis=basis)
    within = (effective is None or effective <= day) and (expires is None or day < expires)
    basis_ok = basis is None or basis in ids(in_force(NATIONAL, day))
    assert applies(rule, by_id(NATIONAL), day) == (within and basis_ok)


def test_a_years_awards_follow_the_gates_of_the_decree_in_force() -> None:
    policy = AwardPolicy(
        gates=[
            gate("chi-tieu"),
            gate("nd98-only", basis="nd-98-2023"),
            gate("dieu-4", basis="nd-152-2025", article="Điều 4"),
            gate("quy-che-2026", effective=date(2026, 1, 1)),
        ]
    )
    assert [g.id for g in rules_in_force(policy, NATIONAL, date(2025, 6, 30)).gates] == ["chi-tieu", "nd98-only"]
    assert [g.id for g in rules_in_force(policy, NATIONAL, date(2025, 12, 15)).gates] == ["chi-tieu", "dieu-4"]
    assert [g.id for g in rules_in_force(policy, NATIONAL, date(2026, 12, 15)).gates] == [
        "chi-tieu",
        "dieu-4",
        "quy-che-2026",
    ]


def test_a_rule_cites_its_basis_in_short_form() -> None:
    assert rule_citation(gate("g", basis="nd-152-2025", article="Điều 4"), NATIONAL) == (
        "Điều 4 Nghị định số 152/2025/NĐ-CP"
    )
    assert basis_reference(LUAT_2022, "Điều 26") == "Điều 26 Luật Thi đua, khen thưởng năm 2022"
    assert rule_citation(gate("g", legal_basis="Quy chế của Cụm"), NATIONAL) == "Quy chế của Cụm"
    assert rule_citation(gate("g"), NATIONAL) is None


# ----- the discipline gate -------------------------------------------------------------------------------------
START = date(2025, 1, 1)
DISCIPLINE = gate("thanh-tich-sau-ky-luat", check="discipline_end", basis="nd-152-2025", article="Điều 4")


def assessment(**results: dict[str, object]) -> Assessment:
    return Assessment.model_validate({"unit": "u", "period": "2025", "gates": results})


@settings(max_examples=200, deadline=None)
@given(DAYS)
def test_achievement_counts_from_the_end_of_a_discipline(ended: date) -> None:
    (check,) = check_gates([DISCIPLINE], assessment(**{DISCIPLINE.id: {"discipline_ended": ended}}), START)
    assert check.discipline_ended == ended
    assert check.status is (GateStatus.PASSED if ended <= START else GateStatus.FAILED)


@pytest.mark.parametrize(
    ("result", "status"),
    [
        ({"passed": True}, GateStatus.PASSED),  # no discipline at all
        ({"passed": False}, GateStatus.FAILED),  # still under discipline
        (None, GateStatus.MISSING),
    ],
)
def test_the_discipline_gate_also_reads_passed(result: dict[str, object] | None, status: GateStatus) -> None:
    given_results = {DISCIPLINE.id: result} if result is not None else {}
    assert check_gates([DISCIPLINE], assessment(**given_results), START)[0].status is status


def test_a_gate_result_gives_passed_or_a_date_not_both_nor_neither() -> None:
    for wrong in ({}, {"passed": True, "discipline_ended": date(2025, 1, 1)}):
        with pytest.raises(ValueError, match="passed"):
            assessment(g=wrong)


# ----- documents and awards of a 2025 cluster ------------------------------------------------------------------
LEGAL_BASES_2025 = """legal_bases:
  - id: luat-tdkt-2022
    title: Luật Thi đua, khen thưởng
    number: 06/2022/QH15
    issuer: Quốc hội
    date: 2022-06-15
    effective: 2024-01-01
  - id: nd-98-2023
    title: Nghị định quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng
    number: 98/2023/NĐ-CP
    issuer: Chính phủ
    date: 2023-12-31
    effective: 2024-01-01
    replaced_by: nd-152-2025
  - id: nd-152-2025
    title: Nghị định quy định chi tiết và hướng dẫn thi hành Luật Thi đua, khen thưởng
    number: 152/2025/NĐ-CP
    issuer: Chính phủ
    date: 2025-06-14
    effective: 2025-07-01
"""
DIEU_4_GATE = (
    "  gates:\n    - {id: thanh-tich-sau-ky-luat, label: Thành tích được tính từ khi chấp hành xong kỷ luật,\n"
    "       check: discipline_end, basis: nd-152-2025, article: Điều 4}\n"
)


def cluster_of_2025(folder: Path, meeting: str = "2025-12-15") -> Path:
    """The 2025 example (its covenant signed on 20/02/2025, Nghị định 152/2025 in force from 01/7/2025) with its
    tổng kết meeting on the given day, the Điều 4 discipline gate declared, and Sở GD&ĐT (first in the ranking)
    having finished a discipline on 10/5/2025, after the period began."""
    copy_example("cum-thi-dua-so-7-2025", folder)
    cluster = folder / "cluster.yaml"
    text = cluster.read_text(encoding="utf-8")
    cluster.write_text(
        text.replace("  gates:\n", DIEU_4_GATE, 1).replace("date: 2025-12-15", f"date: {meeting}"), "utf-8"
    )
    ballot = folder / "ballots" / "2025.yaml"
    ballot.write_text(ballot.read_text(encoding="utf-8").replace("date: 2025-12-15", f"date: {meeting}"), "utf-8")
    for path in (folder / "assessments" / "2025").glob("*.yaml"):
        result = "{discipline_ended: 2025-05-10}" if path.stem == "so-gddt" else "{passed: true}"
        text = path.read_text(encoding="utf-8").replace("gates:\n", f"gates:\n  thanh-tich-sau-ky-luat: {result}\n")
        path.write_text(text, encoding="utf-8")
    assert run_emul(["validate", str(folder)])[0] == 0
    return folder


def test_the_giao_uoc_of_february_and_the_tong_ket_of_december_cite_different_decrees(tmp_path: Path) -> None:
    folder = cluster_of_2025(tmp_path / "cum")
    code, out, _err = run_emul(["validate", str(folder)])
    assert code == 0 and all("has no name" in line for line in out.splitlines() if ": warning: " in line)
    builder = load_period(folder, "2025")
    signed = [b.text for b in builder.report("giao-uoc").cluster.legal_bases]
    year_end = [b.text for b in builder.report("bao-cao").cluster.legal_bases]
    assert any("98/2023/NĐ-CP" in text for text in signed)
    assert not any("152/2025/NĐ-CP" in text for text in signed)
    assert any("152/2025/NĐ-CP" in text for text in year_end)
    assert not any("98/2023/NĐ-CP" in text for text in year_end)
    law = "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"  # a law: by its name and the day it was passed
    assert law in signed and law in year_end


def test_the_printed_documents_cite_the_decree_of_their_date(tmp_path: Path) -> None:
    folder = cluster_of_2025(tmp_path / "cum")
    out = tmp_path / "out"
    code, _out, err = run_emul(["report", str(folder), "--period", "2025", "--out", str(out)])
    assert code == 0
    # The 2023 ballot, carried over to 2025 rules, holds votes the new titles do not reach: said, not fatal.
    assert all(line.startswith("warning: the ballot file of period 2025 records a vote") for line in err.splitlines())
    covenant = dump(next(out.rglob("giao-uoc*.docx")))
    report = dump(next(out.rglob("bao-cao*.docx")))
    assert "Căn cứ Nghị định quy định chi tiết thi hành một số điều" not in covenant  # cited by kind and number
    assert "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ" in covenant
    assert "152/2025" not in covenant
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ" in report
    assert "98/2023" not in report


def test_a_unit_passed_over_by_a_gate_is_told_the_text_it_comes_from(tmp_path: Path) -> None:
    folder = cluster_of_2025(tmp_path / "cum")
    code, out, _err = run_emul(["awards", str(folder), "--format", "json"])
    assert code == 0
    document = json.loads(out)
    flag = document["titles"][0]
    top = flag["decisions"][0]
    assert top["unit"]["id"] == "so-gddt" and top["outcome"] == "ineligible"
    assert top["failed_gates"] == ["thanh-tich-sau-ky-luat"]
    assert top["discipline_ended"] == {"thanh-tich-sau-ky-luat": "2025-05-10"}
    assert document["gate_legal_bases"] == {"thanh-tich-sau-ky-luat": "Điều 4 Nghị định số 152/2025/NĐ-CP"}
    assert "so-gddt" not in flag["proposed"]
    code, text, _err = run_emul(["awards", str(folder)])
    flat = " ".join(text.replace("│", " ").split())  # the table wraps the reason over two lines
    assert (
        "conditions not met: Thành tích được tính từ khi chấp hành xong kỷ luật — discipline ended on 2025-05-10, "
        "after the period began on 2025-01-01 (Điều 4 Nghị định số 152/2025/NĐ-CP)"
    ) in flat
    builder = load_period(folder, "2025")
    passed_over = builder.report("bien-ban").awards
    assert passed_over is not None
    reasons = " ".join(passed_over.titles[0].passed_over)
    assert "chấp hành xong kỷ luật ngày 10/5/2025, sau ngày đầu kỳ 01/01/2025" in reasons
    assert "(Điều 4 Nghị định số 152/2025/NĐ-CP)" in reasons


def test_before_the_decree_takes_effect_its_gate_does_not_apply(tmp_path: Path) -> None:
    folder = cluster_of_2025(tmp_path / "cum", meeting="2025-06-30")
    code, out, _err = run_emul(["validate", str(folder), "--strict"])
    assert code == 1
    assert "'thanh-tich-sau-ky-luat' applies at none of the tổng kết meetings: 2025 (2025-06-30)" in out
    document = json.loads(run_emul(["awards", str(folder), "--format", "json"])[1])
    assert document["gates"].get("thanh-tich-sau-ky-luat") is None
    assert document["titles"][0]["proposed"] == ["so-gddt"]


# ----- emul init -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("year", "texts", "dieu_4"),
    [
        (2023, ["luat-tdkt-2003"], False),
        (2024, ["luat-tdkt-2022", "nd-98-2023"], False),
        (2025, ["luat-tdkt-2022", "nd-98-2023", "nd-152-2025", "tt-15-2025-bnv"], True),
        (2026, ["luat-tdkt-2022", "nd-152-2025", "tt-15-2025-bnv"], True),
    ],
)
def test_init_starts_a_year_from_the_texts_in_force_during_it(
    tmp_path: Path, year: int, texts: list[str], dieu_4: bool
) -> None:
    from emulation_cli.validation.project import load_project

    folder = tmp_path / "c"
    assert run_emul(["init", str(folder), "--year", str(year)])[0] == 0
    code, out, _err = run_emul(["validate", str(folder)])
    assert code == 0 and all("has no name" in line for line in out.splitlines() if ": warning: " in line)
    cluster = load_project(folder).cluster.model
    assert [b.id for b in cluster.legal_bases] == texts
    declared = {g.id for g in cluster.awards.gates}
    assert ("thanh-tich-sau-ky-luat" in declared) is dieu_4
    assert all(g.basis in texts for g in cluster.awards.gates if g.basis)


def test_a_rule_that_stops_before_its_basis_takes_effect_is_an_error(base_cluster: Path) -> None:
    cluster = base_cluster / "cluster.yaml"
    text = cluster.read_text(encoding="utf-8").replace(
        "theme: Kỷ cương, trách nhiệm\n", "theme: Kỷ cương, trách nhiệm\n" + LEGAL_BASES_2025, 1
    )
    text = text.replace(
        "  gates:\n",
        "  gates:\n    - {id: dieu-4, label: Điều 4, basis: nd-152-2025, expires: 2025-01-01}\n",
        1,
    )
    cluster.write_text(text, encoding="utf-8")
    code, out, _err = run_emul(["validate", str(base_cluster)])
    assert code == 1
    assert (
        "error: awards.gates[0].expires: 'dieu-4' stops applying on 2025-01-01, before the text it cites, "
        "'nd-152-2025', takes effect on 2025-07-01"
    ) in out
