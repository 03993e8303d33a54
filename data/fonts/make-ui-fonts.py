#!/usr/bin/env python3
"""make-ui-fonts.py — the UI's own characters cut out of Noto Sans CJK SC.

    make-ui-fonts.py --regular R.ttc --bold B.ttc --out DIR [--stamp FILE] SOURCE…

The touchscreen draws its own text (pages, lists, messages) in Noto Sans CJK
SC, Regular and Bold. Loading those faces whole costs the kiosk ≈ 10 MB of
font pages and HarfBuzz/FreeType tables (docs/performance.md). This writes
subsets of them with every character found in SOURCE (files, or folders
walked for text files) plus printable ASCII and common CJK punctuation,
under a family of their own, "Kiosk UI Sans SC" (the Noto fonts are under
the SIL Open Font License 1.1, which allows modified copies under another
name). The program puts that family in front of Noto Sans CJK SC
(ui/kiosk-ui-fonts.c); pango falls back to the full face for any character
the subset lacks — a rare character in a citizen's name is drawn as before.
Outlines and hints are kept as they are: a glyph looks the same either way.
"""
import argparse
import os
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

FAMILY = "Kiosk UI Sans SC"
TEXT_SUFFIXES = (".ui", ".c", ".h", ".ini", ".css", ".conf", ".json")
PUNCTUATION = "，。、；：？！“”‘’（）《》【】〔〕「」·—…￥％＋－＊／＝～　"


def characters(sources):
    text = {chr(c) for c in range(0x20, 0x7F)} | set(PUNCTUATION)
    files = []
    for source in sources:
        if os.path.isdir(source):
            for folder, _, names in os.walk(source):
                files += [os.path.join(folder, n) for n in sorted(names) if n.endswith(TEXT_SUFFIXES)]
        else:
            files.append(source)
    for path in files:
        try:
            with open(path, encoding="utf-8") as f:
                text |= set(f.read())
        except (OSError, UnicodeDecodeError):
            continue  # not text: nothing of the UI's in it
    return "".join(sorted(c for c in text if c.isprintable()))


def open_face(path, family):
    """The face of `family` in a collection (.ttc) or a single font."""
    if path.endswith((".ttc", ".otc")):
        for font in TTCollection(path).fonts:
            if font["name"].getDebugName(1) == family:
                return font
        raise SystemExit("make-ui-fonts: no %s in %s" % (family, path))
    return TTFont(path)


def write_subset(path, style, text, out):
    font = open_face(path, "Noto Sans CJK SC")
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    postscript = FAMILY.replace(" ", "") + "-" + style
    for record in font["name"].names:
        if record.nameID in (1, 16):
            record.string = FAMILY
        elif record.nameID == 4:
            record.string = FAMILY + ("" if style == "Regular" else " " + style)
        elif record.nameID in (3, 6):
            record.string = postscript
    font.save(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--regular", required=True)
    parser.add_argument("--bold", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("sources", nargs="+")
    args = parser.parse_args()
    text = characters(args.sources)
    os.makedirs(args.out, exist_ok=True)
    for style, path in [("Regular", args.regular), ("Bold", args.bold)]:
        write_subset(path, style, text, os.path.join(args.out, "KioskUISansSC-%s.otf" % style))
    print("make-ui-fonts: %d characters" % len(text), file=sys.stderr)


if __name__ == "__main__":
    main()
