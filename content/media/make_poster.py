"""Draws the summerschool's video poster frame, content/media/filmpje-poster.png, with Pillow.

The seed deck showed a still of the film on its video slide; that still is
not ours to ship, so this project draws its own: two colleagues at a table
with a laptop, a speech bubble above each (their posts), a window
behind them, and a play button. It holds no words, so it needs no translation (its alt text and
caption are in the session and its catalogs).

The picture is made by this project and licensed with it (MIT, see LICENSE).
Remake it with `python content/media/make_poster.py`; the same Pillow gives
the same bytes.
"""
from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

TARGET = Path(__file__).resolve().parent / "filmpje-poster.png"
WIDTH, HEIGHT = 1280, 720  # 16:9, as a film's frame
SCALE = 2  # drawn at twice the size and scaled down, for smooth edges

SKY, SKY_LOW = (31, 78, 121), (84, 140, 179)
TABLE, TABLE_EDGE = (196, 150, 100), (150, 108, 68)
SKIN = ((241, 194, 153), (166, 112, 76))
SHIRTS = ((220, 90, 70), (70, 160, 120))
HAIR = ((60, 40, 30), (25, 25, 25))
LAPTOP, SCREEN = (70, 74, 82), (200, 225, 245)
BUBBLES = ((255, 255, 255), (255, 214, 92))
PLAY_RING, PLAY = (255, 255, 255, 230), (31, 78, 121, 255)


def _background(draw: ImageDraw.ImageDraw, width: int, height: int) -> None:
    """A wall that lightens downwards, a window of sky and sun, and the table's top."""
    for y in range(height):
        share = y / height
        colour = tuple(round(a + (b - a) * share) for a, b in zip(SKY, SKY_LOW))
        draw.line([(0, y), (width, y)], fill=colour)
    s = SCALE
    draw.rounded_rectangle([460 * s, 50 * s, 820 * s, 250 * s], radius=16 * s, fill=(236, 244, 250),
                           outline=(255, 255, 255), width=8 * s)
    draw.ellipse([700 * s, 75 * s, 780 * s, 155 * s], fill=(255, 209, 102))
    draw.line([(640 * s, 50 * s), (640 * s, 250 * s)], fill=(255, 255, 255), width=8 * s)
    draw.polygon([(0, 520 * s), (width, 520 * s), (width, height), (0, height)], fill=TABLE)
    draw.line([(0, 520 * s), (width, 520 * s)], fill=TABLE_EDGE, width=10 * s)


def _person(draw: ImageDraw.ImageDraw, x: int, skin, shirt, hair) -> None:
    """A colleague seen from the front, sitting behind the table, centred on x (unscaled points)."""
    s = SCALE
    draw.rounded_rectangle([(x - 110) * s, 400 * s, (x + 110) * s, 600 * s], radius=70 * s, fill=shirt)
    draw.rectangle([(x - 22) * s, 360 * s, (x + 22) * s, 410 * s], fill=skin)
    draw.ellipse([(x - 62) * s, 240 * s, (x + 62) * s, 380 * s], fill=skin)
    draw.chord([(x - 66) * s, 228 * s, (x + 66) * s, 340 * s], 180, 360, fill=hair)
    for eye in (-24, 24):
        draw.ellipse([(x + eye - 7) * s, 300 * s, (x + eye + 7) * s, 314 * s], fill=(40, 40, 40))
    draw.arc([(x - 24) * s, 320 * s, (x + 24) * s, 352 * s], 20, 160, fill=(120, 60, 50), width=5 * s)


def _laptop(draw: ImageDraw.ImageDraw, x: int) -> None:
    """An open laptop on the table, seen from its back-left, centred on x."""
    s = SCALE
    draw.polygon([((x - 120) * s, 540 * s), ((x + 120) * s, 540 * s), ((x + 150) * s, 590 * s),
                  ((x - 150) * s, 590 * s)], fill=LAPTOP)
    draw.rounded_rectangle([(x - 115) * s, 400 * s, (x + 115) * s, 540 * s], radius=10 * s, fill=LAPTOP)
    draw.rounded_rectangle([(x - 103) * s, 412 * s, (x + 103) * s, 528 * s], radius=6 * s, fill=SCREEN)


def _bubble(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], colour, tail_to: tuple[int, int]) -> None:
    """A speech bubble with three lines of 'text' (bars, not words) and a tail pointing at tail_to."""
    s = SCALE
    left, top, right, bottom = (v * s for v in box)
    middle = (left + right) // 2
    draw.polygon([(middle - 18 * s, bottom - 2 * s), (middle + 18 * s, bottom - 2 * s),
                  (tail_to[0] * s, tail_to[1] * s)], fill=colour)
    draw.rounded_rectangle([left, top, right, bottom], radius=22 * s, fill=colour)
    for row, share in enumerate((0.8, 0.6, 0.7)):
        y = top + (22 + row * 22) * s
        draw.rounded_rectangle([left + 22 * s, y, left + 22 * s + (right - left - 44 * s) * share, y + 10 * s],
                               radius=5 * s, fill=(120, 130, 145))


def _play(image: Image.Image) -> Image.Image:
    """The frame with a round, half-transparent play button in its middle."""
    s = SCALE
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    cx, cy, r = 640 * s, 360 * s, 92 * s
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=PLAY_RING)
    draw.polygon([(cx - 30 * s, cy - 48 * s), (cx - 30 * s, cy + 48 * s), (cx + 52 * s, cy)], fill=PLAY)
    return Image.alpha_composite(image.convert("RGBA"), overlay)


def poster() -> Image.Image:
    """The poster frame, WIDTH x HEIGHT, RGB."""
    image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE))
    draw = ImageDraw.Draw(image)
    _background(draw, *image.size)
    _person(draw, 330, SKIN[0], SHIRTS[0], HAIR[0])
    _person(draw, 950, SKIN[1], SHIRTS[1], HAIR[1])
    _laptop(draw, 640)
    _bubble(draw, (70, 60, 310, 150), BUBBLES[0], (290, 250))
    _bubble(draw, (970, 60, 1210, 150), BUBBLES[1], (990, 245))
    framed = _play(image).convert("RGB")
    return framed.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)


def main() -> None:
    # optimize off and no metadata: the file depends on the drawing and Pillow's zlib only.
    poster().save(TARGET, format="PNG", optimize=False)
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
