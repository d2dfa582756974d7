"""Advance widths (1/1000 em) of the metric-compatible free fonts, for table column widths.

Run once by hand (needs fontTools and the fonts); writes register/word/font_widths.json.
"""

import json
from pathlib import Path

from fontTools.ttLib import TTFont

FONTS = {
    "Arial": "/usr/share/fonts/truetype/liberation2/LiberationSans-{}.ttf",
    "Calibri": "/usr/share/fonts/truetype/crosextra/Carlito-{}.ttf",
    "Times New Roman": "/usr/share/fonts/truetype/liberation2/LiberationSerif-{}.ttf",
}
TARGET = Path(__file__).resolve().parent.parent / "register" / "word" / "font_widths.json"
chars = [chr(c) for c in range(32, 127)] + [chr(c) for c in range(160, 256)] + list("‘’“”–—…•£€†−")
out: dict[str, object] = {"chars": "".join(chars)}
fonts: dict[str, dict[str, list[int]]] = {}
for name, pattern in FONTS.items():
    entry = {}
    for style in ("Regular", "Bold"):
        font = TTFont(pattern.format(style))
        upm = font["head"].unitsPerEm
        cmap = font.getBestCmap()
        hmtx = font["hmtx"]
        entry[style.lower()] = [
            round(hmtx[cmap[ord(c)]][0] * 1000 / upm) if ord(c) in cmap else 0 for c in chars
        ]
    fonts[name] = entry
out["fonts"] = fonts
with TARGET.open("w") as handle:
    json.dump(out, handle, separators=(",", ":"))
