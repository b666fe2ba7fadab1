"""Results across periods, years and clusters: history and the province roll-up."""
