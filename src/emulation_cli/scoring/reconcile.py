"""The final points of a criterion from the self score, the appraised score and the peers' scores."""

from __future__ import annotations

from fractions import Fraction

from ..model.cluster import ScoringPolicy
from .exact import ZERO


def reconcile(
    policy: ScoringPolicy, self_points: Fraction | None, appraised: Fraction | None, peers: tuple[Fraction, ...]
) -> Fraction:
    """appraised_replaces_self (default): the appraisal wins; mean_of_peers: the peers' mean;
    trimmed_mean: the peers' mean without the highest and the lowest once there are enough scorers.
    Without peers' scores, the peer policies fall back to the appraised, then the self score."""
    if policy.reconciliation != "appraised_replaces_self" and peers:
        trim = policy.reconciliation == "trimmed_mean" and len(peers) >= max(policy.trim_min_scorers, 3)
        return _peer_mean(peers, trim)
    if appraised is not None:
        return appraised
    return self_points if self_points is not None else ZERO


def _peer_mean(peers: tuple[Fraction, ...], trim: bool) -> Fraction:
    values = sorted(peers)
    if trim:
        values = values[1:-1]
    return sum(values, ZERO) / len(values)
