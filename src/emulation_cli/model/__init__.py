"""Frozen pydantic models of a cluster year: one module per file kind."""
