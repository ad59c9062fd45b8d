#!/usr/bin/python3
"""Checks that a screenshot of a report is not blank.

Usage: png_check.py SHOT.png [MIN_SHARE]

Splits the image into horizontal bands of 400 pixels and counts, in each
band, the pixels that are not (nearly) white. Fails (exit 1) unless the
whole image has at least MIN_SHARE (default 0.03) non-white pixels and no
band above the last is empty: a page that failed to render, or rendered
only its heading, is white almost everywhere.
"""
import sys

from PIL import Image


def main():
    path = sys.argv[1]
    min_share = float(sys.argv[2]) if len(sys.argv) > 2 else 0.03
    image = Image.open(path).convert("L")
    width, height = image.size
    pixels = image.load()
    band_height = 400
    bands = []
    for top in range(0, height, band_height):
        dark = 0
        total = 0
        for y in range(top, min(top + band_height, height)):
            for x in range(0, width, 2):
                total += 1
                if pixels[x, y] < 235:
                    dark += 1
        bands.append(dark / total)
    share = sum(bands) / len(bands)
    print(f"{path}: {width}x{height}, non-white share {share:.3f}, by band "
          + " ".join(f"{b:.3f}" for b in bands))
    if share < min_share:
        print(f"{path}: blank: non-white share {share:.3f} < {min_share}", file=sys.stderr)
        return 1
    empty = [i for i, b in enumerate(bands[:-1]) if b < 0.005]
    if empty:
        print(f"{path}: bands {empty} (400 px each) are empty", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
