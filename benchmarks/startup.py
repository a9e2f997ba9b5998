"""Cold start: a full `framing compare` of the two seeds vs a bare jieba initialisation.

    python benchmarks/startup.py [--runs 7]

Each command runs in a fresh process (so imports and dictionary loads are paid every time);
reports the median wall time and peak RSS of each, and their ratio. Target (issue 3/6): the
comparison within 0.8x the bare jieba initialisation.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BARE = [sys.executable, "-c", "import jieba; jieba.initialize()"]
COMPARE = [sys.executable, "-m", "framing.cli", "compare", str(ROOT / "seeds/000_b17e242d43d4bd15.txt"),
           str(ROOT / "seeds/004_eaafd85f2bd1e479.txt"), "--format", "json"]


def run(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KB) of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(before, after)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    run(BARE)  # warm the OS file cache and jieba's own cache file
    run(COMPARE)
    results = {}
    for name, cmd in (("bare jieba.initialize()", BARE), ("framing compare seeds", COMPARE)):
        walls = []
        peak = 0
        for _ in range(args.runs):
            w, rss = run(cmd)
            walls.append(w)
            peak = rss
        results[name] = statistics.median(walls)
        print(f"{name:28s} median {statistics.median(walls):.3f} s  (min {min(walls):.3f}, max {max(walls):.3f})")
    print(f"peak RSS of the runs so far: {peak / 1024:.0f} MB (ru_maxrss of children, the largest process)")
    ratio = results["framing compare seeds"] / results["bare jieba.initialize()"]
    print(f"ratio compare / bare jieba: {ratio:.2f}  (target <= 0.8)")


if __name__ == "__main__":
    main()
