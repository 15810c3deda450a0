"""Print benchmark results as an aligned table."""

from __future__ import annotations

import statistics
from collections.abc import Sequence


def print_table(title: str, rows: Sequence[tuple[str, Sequence[float], str]]) -> None:
    """Rows are (what, samples in seconds, note); prints median and min in milliseconds."""
    print(f"\n{title}")
    width = max(len(r[0]) for r in rows)
    print(f"{'what'.ljust(width)}  {'median ms':>10}  {'min ms':>10}  {'runs':>4}  note")
    for what, samples, note in rows:
        med = statistics.median(samples) * 1000
        low = min(samples) * 1000
        print(f"{what.ljust(width)}  {med:10.1f}  {low:10.1f}  {len(samples):4d}  {note}")
