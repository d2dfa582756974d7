"""Advance widths (1/1000 em) of the metric-compatible free fonts, for table column widths."""
import json
from fontTools.ttLib import TTFont
FONTS = {
    "Arial": "/usr/share/fonts/truetype/liberation2/LiberationSans-{}.ttf",
    "Calibri": "/usr/share/fonts/truetype/crosextra/Carlito-{}.ttf",
    "Times New Roman": "/usr/share/fonts/truetype/liberation2/LiberationSerif-{}.ttf",
}
chars = [chr(c) for c in range(32, 127)] + [chr(c) for c in range(160, 256)] + list("‘’“”–—…•£€†−")
out = {"chars": "".join(chars), "fonts": {}}
for name, pattern in FONTS.items():
    entry = {}
    for style in ("Regular", "Bold"):
        font = TTFont(pattern.format(style))
        upm = font["head"].unitsPerEm
        cmap = font.getBestCmap()
        hmtx = font["hmtx"]
        widths = [round(hmtx[cmap[ord(c)]][0] * 1000 / upm) if ord(c) in cmap else 0 for c in chars]
        entry[style.lower()] = widths
    out["fonts"][name] = entry
json.dump(out, open("/work/main/register/word/font_widths.json", "w"), separators=(",", ":"))
