"""Write src/emulation_cli/reports/font_widths.py: the advance widths of Times New Roman, regular and bold, for the
characters Vietnamese documents use, read from Liberation Serif (metric-compatible with Times New Roman: the same
advance width for every character, which is what LibreOffice substitutes for it).

    python tools/make_font_widths.py [FONT_DIR]     # default /usr/share/fonts/truetype/liberation2

Only the 'cmap' (format 4) and 'hmtx' tables are read, with the standard library."""

from __future__ import annotations

import struct
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "emulation_cli" / "reports" / "font_widths.py"
FONTS = {"regular": "LiberationSerif-Regular.ttf", "bold": "LiberationSerif-Bold.ttf"}


def characters() -> list[str]:
    """Printable ASCII, the Vietnamese letters (Latin-1, Latin Extended-A/B, U+1EA0–U+1EF9) and the punctuation
    the documents print."""
    letters = [chr(c) for c in range(0x20, 0x7F)]
    letters += [chr(c) for c in range(0xC0, 0x100) if unicodedata.category(chr(c)).startswith("L")]
    letters += list("ĂăĐđĨĩŨũƠơƯư")
    letters += [chr(c) for c in range(0x1EA0, 0x1EFA)]
    letters += list("\u00a0–—‘’“”…•≥≤°×÷§№")
    return letters


def tables(font: bytes) -> dict[str, int]:
    count = struct.unpack(">H", font[4:6])[0]
    found = {}
    for i in range(count):
        tag, _checksum, offset, _length = struct.unpack(">4sIII", font[12 + 16 * i : 28 + 16 * i])
        found[tag.decode("ascii")] = offset
    return found


def glyph_map(font: bytes, cmap: int) -> dict[int, int]:
    """Unicode BMP code point -> glyph id, from the format 4 subtable of platform 3 (Windows), encoding 1."""
    count = struct.unpack(">H", font[cmap + 2 : cmap + 4])[0]
    for i in range(count):
        platform, encoding, offset = struct.unpack(">HHI", font[cmap + 4 + 8 * i : cmap + 12 + 8 * i])
        if (platform, encoding) == (3, 1):
            return _format4(font, cmap + offset)
    raise SystemExit("no Unicode BMP cmap subtable")


def _format4(font: bytes, at: int) -> dict[int, int]:
    segments = struct.unpack(">H", font[at + 6 : at + 8])[0] // 2
    ends_at = at + 14
    starts_at = ends_at + 2 * segments + 2
    deltas_at = starts_at + 2 * segments
    ranges_at = deltas_at + 2 * segments

    def word(base: int, i: int) -> int:
        return int(struct.unpack(">H", font[base + 2 * i : base + 2 * i + 2])[0])

    glyphs = {}
    for i in range(segments):
        end, start, delta, offset = word(ends_at, i), word(starts_at, i), word(deltas_at, i), word(ranges_at, i)
        for code in range(start, end + 1):
            if offset == 0:
                glyph = (code + delta) & 0xFFFF
            else:
                glyph = word(ranges_at + 2 * i + offset, code - start)
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            glyphs[code] = glyph
    return glyphs


def advance_widths(path: Path) -> tuple[int, dict[str, int]]:
    font = path.read_bytes()
    offsets = tables(font)
    units_per_em = struct.unpack(">H", font[offsets["head"] + 18 : offsets["head"] + 20])[0]
    metrics = struct.unpack(">H", font[offsets["hhea"] + 34 : offsets["hhea"] + 36])[0]
    glyphs = glyph_map(font, offsets["cmap"])
    widths = {}
    for char in characters():
        glyph = glyphs.get(ord(char), 0)
        index = min(glyph, metrics - 1)  # glyphs past the last metric share its advance
        widths[char] = struct.unpack(">H", font[offsets["hmtx"] + 4 * index : offsets["hmtx"] + 4 * index + 2])[0]
    return units_per_em, widths


def wrapped(items: list[str], width: int = 116) -> list[str]:
    lines = ["   "]
    for item in items:
        if len(lines[-1]) + 1 + len(item) > width:
            lines.append("   ")
        lines[-1] += " " + item
    return lines


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/usr/share/fonts/truetype/liberation2")
    lines = [
        '"""Advance widths of Times New Roman (in font units) for the characters Vietnamese documents use, regular',
        "and bold: written by tools/make_font_widths.py from Liberation Serif, which has the same metrics. Used to",
        'size what must fit a line of text (reports/rules.py)."""',
        "",
        "# fmt: off",
    ]
    em = 0
    for style, name in FONTS.items():
        em, widths = advance_widths(folder / name)
        lines.append(f"{style.upper()}: dict[str, int] = {{")
        lines += wrapped([f"{char!r}: {width}," for char, width in widths.items()])
        lines.append("}")
    lines += ["# fmt: on", f"UNITS_PER_EM = {em}", ""]
    OUT.write_text("\n".join(lines), encoding="utf-8")
    print(OUT.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
