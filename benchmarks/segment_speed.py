"""Speed of the paragraph segmenter (``framing.segment.segment``) on real article bodies.

    python benchmarks/segment_speed.py            # median of 5 runs
    python benchmarks/segment_speed.py --runs 9

The input is the bodies of ``tests/data/articles/*.txt`` (front matter stripped the way
``benchmarks/corpus.py`` does) five times over, plus ``seeds/*.txt`` (hard-wrapped PDF extractions).
Rules are loaded (and cached) before timing, as in a corpus run. Prints characters per second and
seconds per run, the median of ``--runs`` runs. Not a unit test: it prints figures, exit code 0.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import articles  # noqa: E402

from framing.segment import load_rules, segment  # noqa: E402


def texts() -> list[str]:
    """The benchmark input: article bodies x5, then the seeds."""
    bodies = [body for _, _, body in articles()]
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    return bodies * 5 + seeds


def run_once(items: list[str]) -> float:
    """Seconds to segment every text once."""
    start = time.perf_counter()
    for text in items:
        segment(text)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    items = texts()
    chars = sum(len(t) for t in items)
    load_rules()
    run_once(items)  # warm-up: caches, regex compilation
    times = [run_once(items) for _ in range(args.runs)]
    median = statistics.median(times)
    print(f"{len(items)} texts, {chars:,} characters")
    print(f"segment: {median:.4f} s per run (median of {args.runs}), {chars / median:,.0f} chars/s")


if __name__ == "__main__":
    main()
