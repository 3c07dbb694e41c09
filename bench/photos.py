"""Photo benchmark: per-photo cost of the pipeline, and what photos add to a full build.

    .venv/bin/python bench/photos.py --photos 24 --records 1000

Part 1 times, on one core, naive Pillow (full decode, three resizes from the original,
WebP method 4, optimised JPEG) against branchpress.core.imaging.photos on 12 MP phone JPEGs,
half of them stored sideways with EXIF orientation 6 as phones do.
Part 2 builds N records three ways in one run: without photos (warm), then with a
cover photo on K records cold (empty cache) and warm (everything cached), and prints
the warm overhead ratio (target: at most 1.02).
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageOps

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins"))

from branchpress.core.imaging.photos import PhotoSettings, render_photo  # noqa: E402
from phone import add_covers, phone_photo  # noqa: E402

import bench  # noqa: E402


def naive(data: bytes) -> None:
    image = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
    for width in (480, 960, 1600):
        resized = image.resize((width, round(image.height * width / image.width)), Image.Resampling.LANCZOS)
        resized.save(io.BytesIO(), "WEBP", quality=80, method=4)
        resized.save(io.BytesIO(), "JPEG", quality=82, optimize=True)


def per_photo(photos: list[bytes]) -> dict:
    settings = PhotoSettings()
    timings: dict[str, list[float]] = {"naive": [], "branchpress": []}
    for data in photos:
        for name, run in (
            ("naive", lambda d: naive(d)),
            ("branchpress", lambda d: render_photo(d, "k", settings)),
        ):
            start = time.perf_counter()
            run(data)
            timings[name].append(time.perf_counter() - start)
    return {name: round(statistics.median(values) * 1000) for name, values in timings.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--photos", type=int, default=24, help="distinct 12 MP photos to generate")
    parser.add_argument(
        "--records", type=int, default=1000, help="records in the build comparison (0 skips it)"
    )
    args = parser.parse_args()

    bench.note(f"generating {args.photos} phone photos")
    photos = [phone_photo(seed, 6 if seed % 2 else 1) for seed in range(args.photos)]
    figures = per_photo(photos)
    print(f"\nper 12 MP photo, one core (median of {len(photos)}):")
    print(f"  naive Pillow   {figures['naive']:>5} ms")
    print(
        f"  branchpress    {figures['branchpress']:>5} ms   ({figures['branchpress'] / figures['naive']:.2f} x naive)"
    )
    if not args.records:
        return 0

    base = Path(tempfile.mkdtemp(prefix="branchpress-photos-"))
    try:
        plain, with_photos = base / "plain", base / "photos"
        records = bench.make_records(args.records)
        bench.write_full_site(plain, records)
        bench.write_full_site(with_photos, records)
        add_covers(with_photos, photos, args.photos)
        bench.make_cold(plain)
        bench.run_build("plain-cold", plain, bench.mkdocs_build())
        baseline = bench.run_build("plain-warm", plain, bench.mkdocs_build())
        bench.make_cold(with_photos)
        cold = bench.run_build("photos-cold", with_photos, bench.mkdocs_build())
        warm = bench.run_build("photos-warm", with_photos, bench.mkdocs_build())
        print(f"\n{args.records} records, {args.photos} with a cover photo:")
        for name, run in (("no photos (warm)", baseline), ("photos cold", cold), ("photos warm", warm)):
            print(
                f"  {name:<18} {run.wall_s:>7.2f} s wall  {run.cpu_s:>7.2f} s cpu  {run.peak_mib:>7.1f} MiB"
            )
        print(f"  photos cold / no photos  {cold.wall_s / baseline.wall_s:.2f} x wall")
        print(
            f"  photos warm / no photos  {warm.wall_s / baseline.wall_s:.3f} x wall, {warm.cpu_s / baseline.cpu_s:.3f} x cpu"
        )
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
