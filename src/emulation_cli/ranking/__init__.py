"""Ranking a period's units and what separates them."""
