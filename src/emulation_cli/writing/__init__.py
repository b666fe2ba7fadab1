"""Writing files atomically."""
