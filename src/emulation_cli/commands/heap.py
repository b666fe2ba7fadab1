"""The loaded cluster (its YAML trees and models) lives until the command ends. While a command works on it,
the cycle collector need not walk it again and again: a full collection over a 60-unit cluster costs more
than a tenth of scoring it. Frozen only for the command, so that a worker taking one cluster after another
lets each go when done."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def loaded_heap_kept() -> Iterator[None]:
    """What is in memory now is left out of garbage collection until the block ends (unless something froze
    it already: then that one keeps it frozen, and unfreezes it)."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
