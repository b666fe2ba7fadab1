"""Validating a cluster folder: every file's schema, then the cross-file checks."""
