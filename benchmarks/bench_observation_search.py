"""Search over 10,000 observations: the service's first page against a raw scan of the same table."""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("CARER_APP_KDF_TARGET_MS", "0")  # unlock speed is bench_vault's business

from sqlalchemy import text

from carer_app.domain.enums import EntryBasis, ObservationCategory, Role
from carer_app.domain.observation_views import ObservationQuery
from carer_app.services import children, household, observations
from carer_app.storage.models import Observation

PASS = "benchmark passphrase with several words"
ENTRIES = 10_000
PAGE = 200  # rows the table asks for first
RESULTS = Path(__file__).parent / "results" / "observation_search.txt"
WORDS = (
    "bath", "bedtime", "school", "nursery", "contact", "mum", "dad", "tired", "happy", "cross",
    "played", "shared", "paints", "dentist", "swimming", "friend", "story", "cuddle", "quiet",
    "laughed", "worried", "tea", "park", "bike", "reading", "homework", "teacher", "football",
    "tantrum", "calm", "sleep", "breakfast", "bus", "club", "drawing", "Zoë",
)


def timed(func: Callable[[], object], repeat: int = 9) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def fill(vault: household.Vault, kids: list[str]) -> None:
    rng = random.Random(26)  # test data, not secrets
    now = datetime.now(UTC)
    with vault.session() as s:
        for i in range(ENTRIES):
            s.add(Observation(
                child_id=kids[i % len(kids)], occurred_at=now - timedelta(hours=i * 5 + rng.random()),
                category=rng.choice(list(ObservationCategory)).value,
                basis=rng.choice(list(EntryBasis)).value,
                text=" ".join(rng.choices(WORDS, k=rng.randint(12, 60))).capitalize() + ".",
                child_words=" ".join(rng.choices(WORDS, k=4)) if i % 5 == 0 else "",
                author_id=vault.user_id,
            ))
        s.commit()


def main() -> int:
    lines = [f"observations: {ENTRIES}; first page: {PAGE} rows; median of 9 runs", ""]
    with tempfile.TemporaryDirectory() as tmp:
        vault, _ = household.create_household(Path(tmp) / "vault", name="Sam", role=Role.CARER,
                                              passphrase=PASS)
        kids = [children.add_child(vault, name).id for name in ("Child A", "Child B")]
        fill(vault, kids)
        today = datetime.now(UTC).astimezone().date()
        queries = {
            "everything": ObservationQuery(),
            "one child": ObservationQuery(child_id=kids[0]),
            "one word": ObservationQuery(text="dentist"),
            "two words": ObservationQuery(text="swimming CUDDLE"),
            "non-ASCII word": ObservationQuery(text="zoë"),
            "no match": ObservationQuery(text="xylophone"),
            "category + month": ObservationQuery(
                categories=frozenset({ObservationCategory.HEALTH}),
                date_from=today - timedelta(days=30), date_to=today),
            "all filters": ObservationQuery(
                text="school", categories=frozenset({ObservationCategory.EDUCATION}),
                child_id=kids[1], author_id=vault.user_id,
                date_from=date(2000, 1, 1), date_to=today),
        }
        with vault.session() as s:
            scan = timed(lambda: s.execute(text(
                "SELECT id FROM observations WHERE text LIKE '%dentist%' ORDER BY occurred_at DESC"
            )).all())
        lines.append(f"baseline: raw SQL LIKE scan of the table   {scan * 1000:7.1f} ms")
        lines.append("")
        lines.append(f"{'query':<20} {'matches':>8} {'ids ms':>8} {'+page ms':>9} {'x scan':>7}")
        worst = 0.0
        for label, query in queries.items():
            ids = observations.search_ids(vault, query)
            id_time = timed(lambda q=query: observations.search_ids(vault, q))  # type: ignore[misc]
            page_time = timed(lambda q=query: observations.rows(  # type: ignore[misc]
                vault, observations.search_ids(vault, q)[:PAGE]))
            worst = max(worst, page_time)
            lines.append(f"{label:<20} {len(ids):>8} {id_time * 1000:>8.1f} "
                         f"{page_time * 1000:>9.1f} {page_time / scan:>7.1f}")
        full = timed(lambda: observations.search(vault, ObservationQuery()), repeat=3)
        lines += ["", f"slowest search to first page: {worst * 1000:.1f} ms (target: under 100 ms)",
                  f"every row of all {ENTRIES} built (print/PDF of everything): {full * 1000:.0f} ms"]
        vault.close()
    report = "\n".join(lines) + "\n"
    print(report)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
