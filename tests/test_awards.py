"""Award proposals: quotas, gates, classification, one award per unit, ballots, rotation; and their properties."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from emulation_cli.awards.attendance import Attendance, PresentFrom
from emulation_cli.awards.propose import Outcome, Replacement, propose, quota_size
from emulation_cli.awards.rotation import rotation
from emulation_cli.awards.votes import evaluate_vote, votes_needed
from emulation_cli.model.assessment import Assessment
from emulation_cli.model.ballot import BallotFile, Vote
from emulation_cli.model.cluster import AwardPolicy, Quota, VoteRule
from emulation_cli.ranking.rank import rank_units

from .test_classify_rank import rubric, unit_score

F = Fraction
START = date(2024, 1, 1)  # the first day of the period the awards are for


def Meeting(members: int, present: int | None) -> Attendance:
    """A meeting of `members` members with `present` of them present (None: not known)."""
    listed = PresentFrom.LIST if present is not None else PresentFrom.UNKNOWN
    return Attendance(tuple(f"m{i}" for i in range(members)), (), (), present, listed)


def policy(**vote: Any) -> AwardPolicy:
    return AwardPolicy.model_validate(
        {
            "titles": [
                {
                    "id": "co",
                    "name": "Cờ thi đua",
                    "quota": {"count": 1},
                    "min_classification": "htxs",
                    "government_flag_candidate": True,
                },
                {"id": "bk", "name": "Bằng khen", "quota": {"ratio": "30%"}, "min_classification": "htt"},
            ],
            "gates": [{"id": "chi-tieu", "label": "Hoàn thành chỉ tiêu"}],
            "vote": vote,
        }
    )


def gates(passed: bool | None) -> Assessment:
    entries = {} if passed is None else {"chi-tieu": {"passed": passed}}
    return Assessment.model_validate({"unit": "x", "period": "2024", "gates": entries})


def ballot(*votes: tuple[str, str, int], present: int = 10) -> BallotFile:
    return BallotFile.model_validate(
        {
            "period": "2024",
            "votes": [
                {
                    "award": award,
                    "unit": unit,
                    "issued": present,
                    "returned": present,
                    "valid": present,
                    "in_favour": favour,
                }
                for award, unit, favour in votes
            ],
        }
    )


def cluster_of_ten() -> tuple[list[Any], dict[str, Assessment]]:
    rub = rubric()
    rows = [
        ("u01", "40", "20", "38"),
        ("u02", "40", "19", "37"),
        ("u03", "40", "18", "36"),
        ("u04", "38", "18", "36"),
        ("u05", "37", "18", "35"),
        ("u06", "36", "17", "35"),
        ("u07", "34", "17", "33"),
        ("u08", "33", "16", "32"),
        ("u09", "30", "15", "30"),
        ("u10", "28", "14", "28"),
    ]
    scores = tuple(unit_score(u, rub, a, b, c) for u, a, b, c in rows)
    ranked = rank_units(scores, rub, None)
    return ranked, {u: gates(True) for u, *_ in rows}


def run(
    ranked: list[Any],
    assessments: dict[str, Assessment],
    votes: BallotFile | None,
    present: int | None = 10,
    **vote: Any,
) -> dict[str, list[tuple[str, str]]]:
    results = propose(policy(**vote), rubric(), ranked, assessments, votes, Meeting(10, present), period_start=START)
    return {r.title.id: [(d.unit, d.outcome.value) for d in r.decisions] for r in results}


def test_quota_sizes_follow_the_declared_rounding() -> None:
    assert quota_size(Quota(ratio=F(3, 10)), 10) == 3
    assert quota_size(Quota(ratio=F(3, 10)), 6) == 1
    assert quota_size(Quota(ratio=F(3, 10), rounding="half_up"), 5) == 2
    assert quota_size(Quota(ratio=F(3, 10), rounding="up"), 6) == 2
    assert quota_size(Quota(count=2), 6) == 2


@pytest.mark.parametrize(
    ("rule", "denominator", "needed"),
    [
        ({"comparator": "gt", "threshold": "1/2"}, 10, 6),
        ({"comparator": "ge", "threshold": "1/2"}, 10, 5),
        ({"comparator": "gt", "threshold": "1/2"}, 9, 5),
        ({"comparator": "ge", "threshold": "2/3"}, 9, 6),
    ],
)
def test_votes_needed_exactly(rule: dict[str, Any], denominator: int, needed: int) -> None:
    assert votes_needed(VoteRule.model_validate(rule), denominator) == needed


def test_a_vote_over_all_members_with_quorum() -> None:
    vote = Vote(award="co", unit="u", issued=9, returned=9, valid=9, in_favour=5)
    rule = VoteRule()  # members, > 1/2, quorum 2/3
    assert evaluate_vote(vote, rule, Meeting(10, 9)).passed is False  # 5/10 is not more than half
    assert evaluate_vote(vote.model_copy(update={"in_favour": 6}), rule, Meeting(10, 9)).passed is True
    inquorate = evaluate_vote(vote.model_copy(update={"in_favour": 6}), rule, Meeting(10, 6))
    assert (inquorate.quorum_met, inquorate.passed) == (False, None)  # no valid vote: to be held again
    cast = VoteRule(denominator="cast")
    assert evaluate_vote(vote, cast, Meeting(10, 9)).passed is True  # 5/9 of the votes cast


def test_proposals_before_the_ballot_say_how_many_votes_are_needed() -> None:
    ranked, assessments = cluster_of_ten()
    results = propose(policy(), rubric(), ranked, assessments, None, Meeting(10, None), period_start=START)
    assert results[0].proposed == ("u01",) and results[1].proposed == ("u02", "u03", "u04")
    decision = results[0].decisions[0]
    assert decision.outcome is Outcome.TO_VOTE and decision.vote is not None and decision.vote.needed == 6


def test_a_failed_vote_passes_the_award_to_the_next_eligible_unit() -> None:
    ranked, assessments = cluster_of_ten()
    assessments["u03"] = gates(False)  # failed gate
    assessments["u05"] = gates(None)  # no evidence
    votes = ballot(("co", "u01", 9), ("bk", "u02", 8), ("bk", "u04", 4), ("bk", "u06", 7), ("bk", "u07", 6))
    outcome = run(ranked, assessments, votes)
    assert outcome["co"][0] == ("u01", "proposed")
    assert outcome["bk"][:7] == [
        ("u01", "already_proposed"),
        ("u02", "proposed"),
        ("u03", "ineligible"),
        ("u04", "vote_failed"),
        ("u05", "ineligible"),
        ("u06", "proposed"),
        ("u07", "proposed"),
    ]
    assert outcome["bk"][7:] == [("u08", "quota_reached"), ("u09", "quota_reached"), ("u10", "quota_reached")]
    bk = propose(policy(), rubric(), ranked, assessments, votes, Meeting(10, 10), period_start=START)[1]
    # By rank the list would be u02, u03, u04: u03 is ineligible and u04 failed its vote, so u06 and u07
    # entered in their places, in rank order; u02 was inside the list and replaces nobody.
    assert {d.unit: d.replaces for d in bk.decisions if d.replaces} == {
        "u06": Replacement("u03", Outcome.INELIGIBLE),
        "u07": Replacement("u04", Outcome.VOTE_FAILED),
    }


def test_a_unit_inside_the_quota_replaces_nobody_when_the_next_one_fails() -> None:
    """Bằng khen quota 2: the 2nd passes its vote, the 3rd fails it, and no one below is eligible. The 2nd
    did not enter because the 3rd failed: it replaces nobody (it used to be printed 'thay cho' the 3rd)."""
    ranked, assessments = cluster_of_ten()
    for unit in ("u04", "u05", "u06", "u07", "u08", "u09", "u10"):
        assessments[unit] = gates(False)
    votes = ballot(("co", "u01", 9), ("bk", "u02", 8), ("bk", "u03", 4))
    two = policy()
    titles = [two.titles[0], two.titles[1].model_copy(update={"quota": Quota(count=2)})]
    results = propose(
        two.model_copy(update={"titles": titles}),
        rubric(),
        ranked,
        assessments,
        votes,
        Meeting(10, 10),
        period_start=START,
    )
    bk = {d.unit: d for d in results[1].decisions}
    assert (bk["u02"].outcome, bk["u03"].outcome) == (Outcome.PROPOSED, Outcome.VOTE_FAILED)
    assert [d.unit for d in results[1].decisions if d.replaces] == []


def test_classification_below_the_minimum_is_not_eligible() -> None:
    rub = rubric()
    scores = (unit_score("top", rub, "40", "20", "33"), unit_score("second", rub, "36", "18", "36"))
    ranked = rank_units(scores, rub, None)  # 'top' has 93 but II.1 at 82.5 % → htt; 'second' 90 → htxs
    results = propose(
        policy(), rub, ranked, {u: gates(True) for u in ("top", "second")}, None, Meeting(2, None), period_start=START
    )
    assert [(d.unit, d.outcome.value, d.classification_too_low) for d in results[0].decisions] == [
        ("top", "ineligible", "htt"),
        ("second", "to_vote", None),
    ]


def test_rotation_proposes_this_years_deputy_and_the_best_other_unit() -> None:
    ranked, _assessments = cluster_of_ten()
    result = rotation("pho_to_truong", 2025, {"cum_truong": "u01", "cum_pho": "u05"}, None, ranked)
    assert (result.next_truong, result.next_pho) == ("u05", "u02")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.decimals(min_value=20, max_value=40, places=1), st.booleans(), st.integers(0, 10)),
        min_size=3,
        max_size=12,
    ),
    st.randoms(use_true_random=False),
)
def test_properties_of_the_proposals(rows: list[tuple[Decimal, bool, int]], shuffle: random.Random) -> None:
    rub = rubric()
    scores = [unit_score(f"u{i:02d}", rub, str(a), "18", "36") for i, (a, _ok, _v) in enumerate(rows)]
    assessments = {f"u{i:02d}": gates(ok) for i, (_a, ok, _v) in enumerate(rows)}
    votes = ballot(
        *[(title, f"u{i:02d}", v) for i, (_a, _ok, v) in enumerate(rows) for title in ("co", "bk")], present=len(rows)
    )
    meeting = Meeting(len(rows), len(rows))
    results = propose(
        policy(), rub, rank_units(tuple(scores), rub, None), assessments, votes, meeting, period_start=START
    )
    shuffled = scores[:]
    shuffle.shuffle(shuffled)
    again = propose(
        policy(), rub, rank_units(tuple(shuffled), rub, None), assessments, votes, meeting, period_start=START
    )
    assert [r.proposed for r in results] == [r.proposed for r in again]
    proposed = [unit for r in results for unit in r.proposed]
    assert len(proposed) == len(set(proposed))  # no unit gets two awards
    for result in results:
        assert len(result.proposed) <= result.quota  # no quota exceeded
        for decision in result.decisions:
            if decision.unit in result.proposed:
                assert assessments[decision.unit].gates["chi-tieu"].passed  # no ineligible unit proposed
                assert decision.vote is not None and decision.vote.passed


def _titles_with_bang_khen_quota(count: int) -> AwardPolicy:
    base = policy()
    titles = [base.titles[0], base.titles[1].model_copy(update={"quota": Quota(count=count)})]
    return base.model_copy(update={"titles": titles})


def _replaced(rows: list[tuple[str, str]], ineligible: set[str], quota: int) -> dict[str, Any]:
    rub = rubric()
    scores = tuple(unit_score(unit, rub, i1, "18", "36") for unit, i1 in rows)
    ranked = rank_units(scores, rub, None)
    assessments = {unit: gates(unit not in ineligible) for unit, _i1 in rows}
    result = propose(
        _titles_with_bang_khen_quota(quota), rub, ranked, assessments, None, Meeting(10, 10), period_start=START
    )[1]
    return {d.unit: d.replaces for d in result.decisions if d.replaces is not None}


def test_units_that_shared_a_rank_across_the_quota_line_replace_nobody() -> None:
    """'top' takes the flag. By rank alone the Bằng khen (quota 2) would go to x, y, z, tied: more than fit,
    so the meeting decides among them. When x is ineligible, y and z fit: neither took x's place (no order
    among equals says whose place), so neither is said to replace it."""
    rows = [("top", "40"), ("x", "36"), ("y", "36"), ("z", "36"), ("w", "30")]
    assert _replaced(rows, {"x"}, 2) == {}
    assert _replaced(rows, {"z"}, 2) == {}


def test_a_single_unit_entering_below_a_dropped_one_replaces_it_but_a_tied_pair_does_not() -> None:
    rows = [("top", "40"), ("x", "38"), ("y", "36"), ("z", "36"), ("w", "35")]
    # Quota 1: x is the list by rank and is ineligible; y and z, equal, cannot share one place: they tie at
    # the quota line, and no one is proposed in x's place.
    assert _replaced(rows, {"x"}, 1) == {}
    # Quota 3 with x ineligible: x, y, z by rank; w enters alone, in x's place.
    assert _replaced(rows, {"x"}, 3) == {"w": Replacement("x", Outcome.INELIGIBLE)}


def test_attendance_without_a_present_list() -> None:
    """The members less those declared absent; with neither list, the most ballots *issued* (one to each
    member present; some may not come back)."""
    from emulation_cli.awards.attendance import attendance
    from emulation_cli.model.cluster import Meeting as MeetingModel

    members = ["a", "b", "c", "d", "e", "f"]
    absent = MeetingModel.model_validate({"date": date(2024, 12, 15), "absent": ["f"]})
    counted = attendance(members, absent, ballot(("bk", "a", 3), present=4))
    assert (counted.present_count, counted.present_from, counted.absent) == (5, PresentFrom.ABSENT_LIST, ("f",))
    vote = BallotFile.model_validate(
        {
            "period": "2024",
            "votes": [{"award": "bk", "unit": "a", "issued": 5, "returned": 4, "valid": 4, "in_favour": 3}],
        }
    )
    by_ballots = attendance(members, None, vote)
    assert (by_ballots.present_count, by_ballots.present_from) == (5, PresentFrom.BALLOTS)
    assert attendance(members, None, None).present_from is PresentFrom.UNKNOWN


def test_units_tied_for_the_flag_are_not_also_proposed_for_the_next_title() -> None:
    """a and b tie for the flag (quota 1): the meeting chooses. Neither may also be proposed for the Bằng
    khen (one award per unit): they wait on that choice, and the Bằng khen list says it is provisional."""
    rub = rubric()
    rows = [("a", "40"), ("b", "40"), ("c", "36"), ("d", "35"), ("e", "34")]
    scores = tuple(unit_score(unit, rub, i1, "18", "36") for unit, i1 in rows)
    ranked = rank_units(scores, rub, None)
    assessments = {unit: gates(True) for unit, _i1 in rows}
    flag, bang_khen = propose(
        _titles_with_bang_khen_quota(2), rub, ranked, assessments, None, Meeting(10, 10), period_start=START
    )
    assert flag.tie_at_quota_line == ("a", "b") and flag.proposed == ()
    outcomes = {d.unit: d.outcome for d in bang_khen.decisions}
    assert (outcomes["a"], outcomes["b"]) == (Outcome.TIED_EARLIER, Outcome.TIED_EARLIER)
    assert bang_khen.proposed == ("c", "d") and bang_khen.awaits == ("a", "b")
    assert all(d.replaces is None for d in bang_khen.decisions)


def test_before_the_meeting_a_share_of_those_present_is_counted_over_all_members() -> None:
    """Who will be present is not known yet: the votes needed are counted over all members, and the summary
    says so, rather than naming 'the members present' beside the count of all members."""
    summary = evaluate_vote(None, VoteRule(denominator="present"), Meeting(6, None))
    assert (summary.basis, summary.denominator, summary.needed) == ("members", 6, 4)
    held = evaluate_vote(
        Vote(award="bk", unit="a", issued=5, returned=5, valid=5, in_favour=3),
        VoteRule(denominator="present"),
        Meeting(6, 5),
    )
    assert (held.basis, held.denominator, held.passed) == ("present", 5, True)
