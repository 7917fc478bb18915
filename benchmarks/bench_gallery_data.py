"""What a gallery of 5,000 photos needs from the vault for its first paint, and the memory it takes.

First paint needs the photo list (ids, sizes, dates, captions; no image data) and the thumbnails
of the first screenful (60 here). The vault is filled by inserting rows directly (one small
generated JPEG thumbnail per photo; no image blobs are written: the gallery never reads them), then
measured in a fresh process that unlocks it, so its peak RSS is the data side of a gallery alone.

    python benchmarks/bench_gallery_data.py [--photos 5000] [--runs 7]

Budget (DESIGN.md section 9): first paint within 100 ms, RSS under 300 MB (the whole app; the
Qt side is measured with the gallery view). Results go to benchmarks/results/gallery_data.txt.
"""

from __future__ import annotations

import argparse
import functools
import io
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

os.environ.setdefault("CARER_APP_KDF_TARGET_MS", "0")  # the KDF floor: unlock is not measured here

T = TypeVar("T")
PASSPHRASE = "benchmark gallery of many small pictures"
FIRST_SCREEN = 60
DISTINCT_THUMBNAILS = 64


def _rss_mib() -> float:
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def _peak_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024


def _thumbnails(count: int) -> list[bytes]:
    """Small JPEGs like the import makes (256 px, quality 85), from generated scenes."""
    from PIL import Image, ImageDraw

    made = []
    for index in range(count):
        rng = random.Random(index)
        image = Image.new("RGB", (256, 192), tuple(rng.randrange(256) for _ in range(3)))
        draw = ImageDraw.Draw(image)
        for _ in range(12):
            x, y = rng.randrange(256), rng.randrange(192)
            draw.ellipse((x, y, x + rng.randrange(20, 120), y + rng.randrange(20, 90)),
                         fill=tuple(rng.randrange(256) for _ in range(3)))
        noise = Image.effect_noise((256, 192), 30).convert("RGB")
        buffer = io.BytesIO()
        Image.blend(image, noise, 0.15).save(buffer, "JPEG", quality=85)
        made.append(buffer.getvalue())
    return made


def populate(folder: Path, count: int) -> str:
    from carer_app.domain.enums import Role
    from carer_app.services import children, household

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "support"))
    from many_photos import add_photo_rows

    vault, _ = household.create_household(folder, name="Sam", role=Role.CARER, passphrase=PASSPHRASE)
    child = children.add_child(vault, "Alex")
    add_photo_rows(vault, child.id, count, _thumbnails(DISTINCT_THUMBNAILS))
    vault.close()
    return child.id


def measure(folder: Path, child_id: str, runs: int) -> list[str]:
    """Runs in a fresh process: unlock, then time what the first paint needs."""
    from carer_app.services import household, photos

    rss_start = _rss_mib()
    vault = household.unlock(folder, PASSPHRASE)
    rss_unlocked, peak_unlocked = _rss_mib(), _peak_rss_mib()

    def timed(func: Callable[[], T]) -> tuple[float, T]:
        start = time.perf_counter()
        result = func()
        return (time.perf_counter() - start) * 1000, result

    # The very first call after unlock is what the carer waits for: reported on its own.
    first_list_ms, listed = timed(lambda: photos.list_photos(vault, child_id))
    first_ids = [view.id for view in listed[:FIRST_SCREEN]]
    first_thumbs_ms, thumbs = timed(lambda: photos.thumbnails(vault, first_ids))
    list_ms, thumbs_ms, single_ms = [], [], []
    for _ in range(runs):
        elapsed, listed = timed(lambda: photos.list_photos(vault, child_id))
        list_ms.append(elapsed)
        ids = [view.id for view in listed[:FIRST_SCREEN]]
        thumbs_ms.append(timed(functools.partial(photos.thumbnails, vault, ids))[0])
        single_ms.append(timed(lambda: [photos.thumbnail(vault, i) for i in ids])[0])  # noqa: B023
    count = len(listed)
    thumb_bytes = sum(len(data) for data in thumbs.values())
    rss_end, peak = _rss_mib(), _peak_rss_mib()
    # For information: an index covering the listed columns (not in the schema) would let the
    # list skip the table rows.
    from sqlalchemy import text

    with vault.session() as session:
        session.execute(text(
            "CREATE INDEX bench_gallery ON photos "
            "(child_id, deleted_at, taken_at, created_at, id, caption, width, height)"
        ))
        session.commit()
    indexed_ms = [timed(lambda: photos.list_photos(vault, child_id))[0] for _ in range(runs)]
    vault.close()
    med = statistics.median
    return [
        f"gallery data, {count} photos in the vault (one child), first screen {FIRST_SCREEN} thumbnails "
        f"({thumb_bytes / len(first_ids) / 1024:.1f} KiB each)",
        f"first after unlock: list_photos {first_list_ms:.1f} ms + thumbnails(60) {first_thumbs_ms:.1f} ms "
        f"= {first_list_ms + first_thumbs_ms:.1f} ms (budget for first paint, data and drawing: 100 ms)",
        f"warm, median of {runs}: list_photos {med(list_ms):.1f} ms; thumbnails(60) in one query "
        f"{med(thumbs_ms):.1f} ms; 60 x thumbnail() {med(single_ms):.1f} ms; "
        f"first paint data {med(list_ms) + med(thumbs_ms):.1f} ms",
        f"for information, with an index covering the listed columns (not in the schema): "
        f"list_photos {med(indexed_ms):.1f} ms",
        f"RSS: interpreter and imports {rss_start:.0f} MiB; after unlock {rss_unlocked:.0f} MiB "
        f"(peak {peak_unlocked:.0f} MiB, the KDF's memory); after listing and thumbnails "
        f"{rss_end:.0f} MiB; peak (getrusage) {peak:.0f} MiB (budget for the whole app: 300 MB)",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--measure", nargs=2, metavar=("FOLDER", "CHILD_ID"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print("\n".join(measure(Path(args.measure[0]), args.measure[1], args.runs)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "vault"
        start = time.perf_counter()
        child_id = populate(folder, args.photos)
        filled = time.perf_counter() - start
        out = subprocess.run(
            [sys.executable, __file__, "--runs", str(args.runs), "--measure", str(folder), child_id],
            check=True, capture_output=True, text=True,
        ).stdout.strip()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [out, f"(vault filled in {filled:.1f} s; load average {load} on {os.cpu_count()} cores)"]
    text = "\n".join(lines)
    print(text)
    results = Path(__file__).parent / "results"
    results.mkdir(exist_ok=True)
    (results / "gallery_data.txt").write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
