"""The loaded cluster (its YAML trees and models) lives until the command ends. While a command works on it,
the cycle collector need not walk it again and again: a full collection over a 60-unit cluster costs more
than a tenth of scoring it, and even the young generations' collections, set off by the many small records
scoring makes, cost a tenth of it. What the command makes holds no cycle worth collecting before it ends; the
collector runs again after the block, so that a worker taking one cluster after another lets each go when
done."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def loaded_heap_kept() -> Iterator[None]:
    """No cycle collection until the block ends (unless something turned it off already: then that one turns
    it on again)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
