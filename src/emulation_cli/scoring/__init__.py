"""Scoring: each criterion's points from the rubric's methods, reconciled self/appraised scores, totals."""
