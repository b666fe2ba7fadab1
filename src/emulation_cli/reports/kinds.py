"""The kinds of documents `emul report` writes (kept free of imports: the CLI's help text lists them)."""

from __future__ import annotations

# In the order they are written: (kind, written at sơ kết, written at tổng kết)
KINDS: tuple[tuple[str, bool, bool], ...] = (
    ("bao-cao", True, True),
    ("bien-ban", False, True),
    ("to-trinh", False, True),
    ("giao-uoc", True, True),
    ("phieu-cham", False, True),
    ("bang-tong-hop", True, True),
    ("tom-tat", True, True),
)
KIND_NAMES = tuple(kind for kind, _so_ket, _tong_ket in KINDS)
