"""Compare a rendered window with its reference picture within a tolerance (Windows smoke test).

Fails when the sizes differ, the mean absolute difference exceeds ``--mean`` (0–255 scale) or more
than ``--changed`` of the pixels differ by over 64 in any channel: a few anti-aliasing or hinting
differences pass, a missing font, garbled Vietnamese or an empty window do not.

Usage: compare_image.py ACTUAL REFERENCE [--mean 4] [--changed 0.02] [--update]
"""

from __future__ import annotations

import argparse
import shutil
import sys

from PIL import Image, ImageChops, ImageStat


def compare(actual: str, reference: str, max_mean: float, max_changed: float) -> tuple[bool, str]:
    """Return (within tolerance, one-line report)."""
    with Image.open(actual) as a_img, Image.open(reference) as r_img:
        a, r = a_img.convert("RGB"), r_img.convert("RGB")
    if a.size != r.size:
        return False, f"size {a.size} != reference {r.size}"
    diff = ImageChops.difference(a, r)
    mean = sum(ImageStat.Stat(diff).mean) / 3
    strong = diff.convert("L").point(lambda v: 255 if v > 64 else 0)
    changed = ImageStat.Stat(strong).mean[0] / 255
    ok = mean <= max_mean and changed <= max_changed
    return ok, (f"mean difference {mean:.2f} (max {max_mean}), "
                f"changed pixels {changed:.2%} (max {max_changed:.0%})")


def main(argv: list[str]) -> int:
    """Compare, or copy ACTUAL over REFERENCE with ``--update``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("actual")
    parser.add_argument("reference")
    parser.add_argument("--mean", type=float, default=4.0)
    parser.add_argument("--changed", type=float, default=0.02)
    parser.add_argument("--update", action="store_true")
    args = parser.parse_args(argv)
    if args.update:
        shutil.copyfile(args.actual, args.reference)
        print(f"reference updated: {args.reference}")
        return 0
    ok, report = compare(args.actual, args.reference, args.mean, args.changed)
    print(("window matches the reference: " if ok else "WINDOW DIFFERS FROM THE REFERENCE: ") + report)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
