"""The project's own structure-aware mutation fuzzer: damage a cluster's YAML trees and files, then check that
every command stays located, agrees with `emul validate` and never crashes (see test_fuzz.py)."""
