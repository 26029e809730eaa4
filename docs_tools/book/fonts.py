"""The Chinese font of the books: Noto Sans CJK SC, as TrueType subsets.

Debian's fonts-noto-cjk ships Noto Sans CJK as OpenType collections with CFF
outlines, and Chromium's PDF writer (Skia) embeds CFF fonts as Type 3 fonts:
every 256 glyphs one more font of drawn outlines, no hinting, a larger file
(the zh book: 150 such fonts). So the book uses a subset of Noto Sans CJK SC
(Regular and Bold) holding only the characters the books print, its outlines
converted to TrueType (fontTools, which matplotlib already brings), which
Skia embeds as ordinary CID TrueType fonts. About a second per weight.
book.css names them "Book CJK"; docs_tools.book.render serves them.
"""

from __future__ import annotations

import shutil
import subprocess
from io import BytesIO

from docs_tools.book.assemble import BookError

FAMILY = "Noto Sans CJK SC"
WEIGHTS = {400: "Regular", 700: "Bold"}
PACKAGE = "fonts-noto-cjk"


def _locate(style: str) -> tuple[str, int]:
    """(file, index in the collection) of Noto Sans CJK SC in `style`, as fontconfig finds it."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        raise BookError(f"fc-match (fontconfig) is missing: install {PACKAGE} (apt-get install {PACKAGE})")
    found = subprocess.run(
        [fc_match, "-f", "%{family[0]}\n%{file}\n%{index}", f"{FAMILY}:style={style}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    if len(found) < 3 or found[0] != FAMILY:
        raise BookError(f"the font {FAMILY} is missing (the Chinese book needs it): apt-get install {PACKAGE}")
    return found[1], int(found[2] or 0)


def truetype_subset(text: str, weight: int) -> bytes:
    """Noto Sans CJK SC in `weight` (400, 700), reduced to the characters of `text`, with TrueType outlines."""
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    path, index = _locate(WEIGHTS[weight])
    font = TTFont(path, fontNumber=index, lazy=True)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    if "CFF " in font:
        _cff_to_truetype(font, TTGlyphPen, Cu2QuPen, newTable)
    data = BytesIO()
    font.save(data)
    return data.getvalue()


def _cff_to_truetype(font, TTGlyphPen, Cu2QuPen, newTable) -> None:
    """Cubic CFF outlines to quadratic `glyf` ones (what fontTools' otf2ttf example does)."""
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
        "maxPoints",
        "maxContours",
        "maxCompositePoints",
        "maxCompositeContours",
        "maxComponentDepth",
    ):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["maxp"] = maxp
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\x00\x01\x00\x00"
