"""Cold start: a full `framing compare` of the two seeds vs a bare jieba initialisation.

    python benchmarks/startup.py [--runs 7]

Each command runs in a fresh process (so imports and dictionary loads are paid every time);
reports the median wall time and peak RSS of each, and their ratio. Targets (issue 6): the
comparison within 0.8x the bare jieba initialisation; with ``--tokenizer rjieba`` (when rjieba is
installed) within 0.4x. Everything runs twice: with PYTHONDONTWRITEBYTECODE=1 (every module not
already compiled is compiled from source on each run) and without it (bytecode cached in
__pycache__ after the warm-up run). The load average is printed: the figures only mean something
next to it.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
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
COMPARE_RJIEBA = COMPARE + ["--tokenizer", "rjieba"]


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KB) of one fresh process."""
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=env)
    wall = time.perf_counter() - t
    return wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def measure(label: str, env: dict[str, str], runs: int) -> dict[str, float]:
    commands = [("bare jieba.initialize()", BARE), ("framing compare seeds", COMPARE)]
    if importlib.util.find_spec("rjieba") is not None:
        commands.append(("compare --tokenizer rjieba", COMPARE_RJIEBA))
    else:
        print("rjieba is not installed: pip install \".[fast]\" to measure --tokenizer rjieba")
    for _, cmd in commands:  # warm the OS file cache, jieba's and framing's caches (and __pycache__)
        run(cmd, env)
    print(f"-- {label}; load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}, "
          f"{os.cpu_count()} CPUs, {runs} runs each, interleaved")
    walls: dict[str, list[float]] = {name: [] for name, _ in commands}
    for _ in range(runs):  # interleaved, so a burst of load hits every command alike
        for name, cmd in commands:
            walls[name].append(run(cmd, env)[0])
    results = {}
    for name, w in walls.items():
        results[name] = statistics.median(w)
        print(f"{name:28s} median {results[name]:.3f} s  (min {min(w):.3f}, max {max(w):.3f})")
    bare = results["bare jieba.initialize()"]
    print(f"ratio compare / bare jieba: {results['framing compare seeds'] / bare:.2f}  (target <= 0.8)")
    if "compare --tokenizer rjieba" in results:
        print(f"ratio compare --tokenizer rjieba / bare jieba: {results['compare --tokenizer rjieba'] / bare:.2f}"
              "  (target <= 0.4)")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return results


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    no_pyc = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    pyc = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    measure("PYTHONDONTWRITEBYTECODE=1 (framing compiled from source each run)", no_pyc, args.runs)
    measure("bytecode cached (PYTHONDONTWRITEBYTECODE unset)", pyc, args.runs)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"peak RSS: {peak / 1024:.0f} MB (ru_maxrss of children, the largest process)")


if __name__ == "__main__":
    main()
