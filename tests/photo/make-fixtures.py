#!/usr/bin/python3
"""Generates the card-photo fixtures of tests/photo/fixtures/.

A Haar cascade does not see a drawn ellipse as a face, so the portraits are
made from a real one: the astronaut of Debian's python3-skimage (Eileen
Collins, NASA, public domain). Her head and shoulders are cut out with a
hand-drawn polygon (feathered), then composited onto backgrounds at chosen
positions and sizes, darkened, blurred, rotated and so on. The outputs are
committed; rerun this only to change them:

    /usr/bin/python3 tests/photo/make-fixtures.py [OUTDIR]

Needs python3-pil, python3-numpy and python3-skimage (for the source images).
Deterministic: no randomness beyond a fixed seed.
"""
import os
import sys

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

SKIMAGE = "/usr/lib/python3/dist-packages/skimage/data"
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "fixtures")

# The astronaut's head, neck ring and shoulders in astronaut.png (512×512),
# clockwise from the top of the hair. Her eyes' midpoint is about (224, 101).
OUTLINE = [
    (230, 12), (262, 17), (286, 34), (298, 60), (302, 90), (300, 112), (292, 125), (270, 132),
    (262, 148), (270, 155), (290, 175), (303, 200), (308, 222), (340, 240), (360, 280),
    (370, 330), (372, 512), (20, 512), (40, 330), (60, 270), (90, 235), (100, 220), (115, 190),
    (145, 155), (186, 150), (177, 132), (155, 120), (152, 100), (152, 80), (163, 45), (192, 20),
]
EYES = (224.0, 101.0)

def astronaut():
    return Image.open(os.path.join(SKIMAGE, "astronaut.png")).convert("RGB")

def cutout():
    """The astronaut as RGBA, her outline feathered by 1.5 px."""
    src = astronaut()
    mask = Image.new("L", src.size, 0)
    ImageDraw.Draw(mask).polygon(OUTLINE, fill=255)
    mask = mask.filter(ImageFilter.GaussianBlur(1.5))
    out = src.copy()
    out.putalpha(mask)
    return out

def place(canvas, person, scale, eye_x, eye_y, angle=0.0):
    """Pastes `person` scaled by `scale` (and rotated by `angle` degrees about
    the eyes) so that the eyes' midpoint lands at (eye_x, eye_y)."""
    w, h = person.size
    p = person.resize((round(w * scale), round(h * scale)), Image.LANCZOS)
    ex, ey = EYES[0] * scale, EYES[1] * scale
    if angle:
        p = p.rotate(angle, resample=Image.BICUBIC, center=(ex, ey))
    canvas.alpha_composite(p, (round(eye_x - ex), round(eye_y - ey)))
    return canvas

def white(w, h, colour=(255, 255, 255)):
    return Image.new("RGBA", (w, h), colour + (255,))

def save(img, name, quality=85):
    path = os.path.join(OUT, name)
    img = img.convert("RGB")
    if name.endswith(".png"):
        img.save(path, optimize=True)
    else:
        img.save(path, quality=quality, optimize=True)
    print(f"{name}: {img.size[0]}×{img.size[1]} {os.path.getsize(path)} bytes")

def person_with(fn):
    """The cut-out person with `fn` applied to the colour only."""
    p = cutout()
    alpha = p.getchannel("A")
    rgb = fn(p.convert("RGB"))
    rgb.putalpha(alpha)
    return rgb

def gain(g):
    def apply(img):
        a = np.asarray(img).astype(np.float32) * g
        return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    return apply

def main():
    os.makedirs(OUT, exist_ok=True)
    p = cutout()

    # Portraits on white that must pass, at several sizes and positions.
    save(place(white(480, 600), p, 1.5, 240, 230), "pass-centre.jpg")
    save(place(white(480, 600), p, 1.0, 240, 200), "pass-small.jpg")
    save(place(white(640, 800), p, 2.4, 320, 330), "pass-large.jpg")
    save(place(white(480, 600), p, 1.3, 175, 220), "pass-left.jpg")
    save(place(white(480, 600), p, 1.3, 305, 240), "pass-right.jpg")
    save(place(white(800, 600), p, 1.4, 400, 230), "pass-landscape.jpg")
    save(place(white(480, 600), p, 1.2, 240, 150), "pass-high.jpg")
    save(place(white(480, 600), p.transpose(Image.FLIP_LEFT_RIGHT), 1.5, 240, 230).convert("RGB")
         .resize((320, 400), Image.LANCZOS).convert("RGBA"), "pass-mirrored.png")
    save(place(white(480, 600), p, 1.5, 240, 230, angle=3.0), "pass-tilt-3.jpg")

    # The face cannot be placed by the specification's geometry.
    save(place(white(480, 600), p, 0.55, 240, 250), "fail-too-small.jpg")
    save(place(white(480, 600), p, 3.4, 240, 250), "fail-too-large.jpg")
    save(place(white(480, 600), p, 1.4, 80, 240), "fail-too-left.jpg")
    save(place(white(480, 600), p, 1.4, 400, 240), "fail-too-right.jpg")
    save(place(white(480, 600), p, 1.4, 240, 70), "fail-too-high.jpg")
    save(place(white(480, 600), p, 1.4, 240, 490), "fail-too-low.jpg")

    # A tall hat: the top of the head is too far above the eyes.
    hat = place(white(480, 600), p, 1.3, 240, 330)
    ImageDraw.Draw(hat).rectangle((240 - 60, 111, 240 + 60, 234), fill=(30, 30, 40, 255))
    save(hat, "fail-tall-hat.jpg")

    # Head tilted: eyes not level.
    save(place(white(480, 600), p, 1.5, 240, 230, angle=12.0), "fail-tilted.jpg")

    # Exposure: a backlit (dark) face, an overexposed face, on white.
    save(place(white(480, 600), person_with(gain(0.25)), 1.5, 240, 230), "fail-too-dark.jpg")
    save(place(white(480, 600), person_with(gain(1.7)), 1.5, 240, 230), "fail-too-bright.jpg")

    # Blurred: out of focus.
    save(place(white(480, 600), p, 1.5, 240, 230).filter(ImageFilter.GaussianBlur(3.5)),
         "fail-blurred.jpg")

    # Backgrounds: uniform grey; white with a dark-grey panel behind one shoulder.
    save(place(white(480, 600, (150, 150, 150)), p, 1.5, 240, 230), "fail-grey-background.jpg")
    panel = white(480, 600)
    ImageDraw.Draw(panel).rectangle((0, 0, 150, 600), fill=(235, 235, 235, 255))
    ImageDraw.Draw(panel).rectangle((330, 0, 480, 260), fill=(120, 120, 120, 255))
    save(place(panel, p, 1.5, 240, 230), "fail-cluttered-background.jpg")

    # Two people.
    two = white(800, 500)
    place(two, p, 1.1, 230, 200)
    place(two, p.transpose(Image.FLIP_LEFT_RIGHT), 1.1, 570, 200)
    save(two, "fail-two-faces.jpg")

    # No human face: the cat of skimage; a blank white wall.
    chelsea = Image.open(os.path.join(SKIMAGE, "chelsea.png")).convert("RGB")
    save(chelsea, "fail-no-face-cat.jpg")
    save(white(480, 600), "fail-no-face-blank.jpg", quality=75)

    # Eyes covered (dark glasses).
    shades = place(white(480, 600), p, 1.5, 240, 230)
    d = ImageDraw.Draw(shades)
    d.ellipse((240 - 62, 230 - 16, 240 - 8, 230 + 16), fill=(10, 10, 10, 255))
    d.ellipse((240 + 8, 230 - 16, 240 + 62, 230 + 16), fill=(10, 10, 10, 255))
    d.line((240 - 8, 228, 240 + 8, 228), fill=(10, 10, 10, 255), width=4)
    save(shades, "fail-dark-glasses.jpg")

    # The real photo, as a JPEG: a portrait whose background is not white.
    save(astronaut(), "astronaut.jpg", quality=90)

if __name__ == "__main__":
    main()
