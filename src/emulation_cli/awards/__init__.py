"""Award proposals: quotas, eligibility, ballots, rotation."""
