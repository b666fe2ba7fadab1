"""The machine-readable documents (JSON, CSV) rendered from the core's typed results."""
