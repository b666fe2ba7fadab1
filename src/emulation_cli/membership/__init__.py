"""Who was a member of the cluster on which date, with which role, led by whom: decided here only."""
