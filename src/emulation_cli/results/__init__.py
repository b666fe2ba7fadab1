"""Renderings every output shares of the core's typed results: the JSON and CSV documents, and how a score was
computed, in words."""
