"""Rubric versions: identity, git provenance, and what changed between two versions."""
