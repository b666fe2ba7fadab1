"""emul: scoring, ranking and official documents for Vietnamese emulation clusters."""

__version__ = "0.1.0"
