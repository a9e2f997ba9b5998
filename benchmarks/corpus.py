"""Corpus throughput (issue 6, item 4): bare jieba vs `framing corpus` on 1 and 2 workers, and peak memory.

    python benchmarks/corpus.py              # ~4 MB of text, 3 rounds (about two minutes on 2 cores)
    python benchmarks/corpus.py --mb 0.5     # quicker, same figures at a smaller size
    python benchmarks/corpus.py --tokenizer rjieba

The corpus is a JSONL dataset built by repeating the bodies of ``tests/data/articles/*.txt`` (each
copy its own record id, the outlet as ``source``) to ``--mb`` megabytes of text (characters x 3,
roughly UTF-8 bytes of Chinese).

Figures:
- bare jieba: ``jieba.lcut`` over every text on one core, after ``jieba.initialize()`` (chars/s);
- ``framing corpus DATASET --out X.parquet --workers N -q`` for N = 1 and 2, each in a fresh process
  (``python -m framing.cli``): wall time including start-up, chars/s, chars/s per worker as a share of
  bare jieba's (target >= 50%), the speed-up of 2 workers over 1 (target >= 1.8x);
- the same command on a one-article dataset gives the fixed start-up cost (imports, rules, the whole
  dictionary, forking); "steady" is the rate net of it, what a corpus of tens of thousands of
  articles runs at. The targets are judged on the steady rate; the wall rate is printed beside it;
- with ``--tokenizer rjieba``, the 2-worker rate against its own target (>= 2 M chars/s);
- CPU seconds of the whole process tree (``os.wait4``): the same work should cost about the same CPU
  on 1 and 2 workers, whatever else runs on the machine (wall-clock speed-ups need an idle machine);
- peak RSS of every process of the run (parent and each worker), sampled with psutil every 50 ms when
  psutil is installed, and the largest ``ru_maxrss`` of the run's process tree from ``os.wait4``
  (target < 350 MB per process).

Not a unit test: it prints figures and PASS/FAIL lines; the exit code is 0 either way.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "tests" / "data" / "articles"
FRAMING = [sys.executable, "-m", "framing.cli"]
RSS_LIMIT_MB = 350
SHARE_TARGET = 0.5
SPEEDUP_TARGET = 1.8
RJIEBA_TARGET = 2_000_000  # chars/s on 2 workers with --tokenizer rjieba


def articles() -> list[tuple[str, str, str]]:
    """(stem, source, body) of every test article."""
    out = []
    for path in sorted(ARTICLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        head, body = text.split("\n---\n", 1) if text.startswith("---\n") else ("", text)
        meta = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
        out.append((path.stem, meta.get("source", ""), body.strip()))
    return out


def build_dataset(path: Path, mb: float) -> tuple[int, int, list[str]]:
    """Write the JSONL corpus; returns (records, characters, texts)."""
    base = articles()
    want = int(mb * 1_000_000 / 3)
    texts, chars, n = [], 0, 0
    with open(path, "w", encoding="utf-8") as fh:
        while chars < want or n == 0:
            stem, source, body = base[n % len(base)]
            fh.write(json.dumps({"id": f"{stem}-{n // len(base)}", "source": source, "text": body},
                                ensure_ascii=False) + "\n")
            texts.append(body)
            chars += len(body)
            n += 1
    return n, chars, texts


def bare_jieba(texts: list[str]) -> float:
    """chars/s of jieba.lcut over the texts, one core, dictionary loaded first."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    jieba.lcut(texts[0])
    start = time.perf_counter()
    for t in texts:
        jieba.lcut(t)
    return sum(map(len, texts)) / (time.perf_counter() - start)


def _sample(pid: int, peaks: dict[int, float], stop: threading.Event) -> None:
    """Peak RSS (MB) of ``pid`` and its descendants, sampled until ``stop``."""
    import psutil

    try:
        root = psutil.Process(pid)
    except psutil.Error:
        return
    while not stop.is_set():
        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.Error:
            break
        for p in procs:
            try:
                rss = p.memory_info().rss / 2**20
            except psutil.Error:
                continue
            peaks[p.pid] = max(peaks.get(p.pid, 0.0), rss)
        stop.wait(0.05)


def run_corpus(dataset: Path, workers: int, out: Path, tokenizer: str = "jieba") -> tuple[float, float, float, dict[int, float], int]:
    """One `framing corpus` run: wall s, CPU s of the tree, max ru_maxrss of the tree (MB), per-process peaks, exit code."""
    args = FRAMING + ["corpus", str(dataset), "--out", str(out), "--workers", str(workers), "-q",
                      "--tokenizer", tokenizer]
    peaks: dict[int, float] = {}
    stop = threading.Event()
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    sampler = None
    try:
        import psutil  # noqa: F401

        sampler = threading.Thread(target=_sample, args=(proc.pid, peaks, stop), daemon=True)
        sampler.start()
    except ImportError:
        pass
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stop.set()
    if sampler is not None:
        sampler.join()
    code = os.waitstatus_to_exitcode(status)
    if code:
        print(proc.stderr.read().decode("utf-8", "replace"), file=sys.stderr)
    proc.stderr.close()
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, peaks, code


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=4.0, help="Megabytes of text (characters x 3).")
    parser.add_argument("--tokenizer", default="jieba", choices=("jieba", "rjieba"))
    parser.add_argument("--rounds", type=int, default=3, help="Rounds of (bare jieba, 1 worker, 2 workers); medians reported.")
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        dataset = Path(tmp) / "corpus.jsonl"
        n, chars, texts = build_dataset(dataset, opts.mb)
        tiny = Path(tmp) / "one.jsonl"
        build_dataset(tiny, 0.0)
        print(f"corpus: {n:,} articles, {chars:,} characters ({dataset.stat().st_size / 1e6:.2f} MB UTF-8), "
              f"{os.cpu_count()} CPUs, --tokenizer {opts.tokenizer}, {opts.rounds} rounds")
        bares: list[float] = []
        rates: dict[int, list[float]] = {1: [], 2: []}
        shares: dict[int, list[float]] = {1: [], 2: []}
        tops: list[float] = []
        for r in range(opts.rounds):
            # each round measures its own baseline, before and after its runs: on a shared machine the
            # speed of a core drifts
            before = bare_jieba(texts)
            line = []
            round_rates = {}
            for workers in (1, 2):
                fixed, *_ = run_corpus(tiny, workers, Path(tmp) / f"one{workers}.parquet", opts.tokenizer)
                wall, cpu, maxrss, peaks, code = run_corpus(dataset, workers, Path(tmp) / f"out{workers}-{r}.parquet",
                                                            opts.tokenizer)
                if code:
                    print(f"framing corpus --workers {workers}: failed with exit code {code}")
                    return
                steady = chars / max(wall - fixed, 1e-9)
                rates[workers].append(steady)
                round_rates[workers] = steady
                tops.append(max([maxrss, *peaks.values()]))
                procs = "/".join(f"{mb:.0f}" for _, mb in sorted(peaks.items())) if peaks else "?"
                line.append(f"{workers}w {steady / 1e3:.0f}k steady ({wall:.1f} s wall, start-up {fixed:.1f} s, "
                            f"CPU {cpu:.1f} s, RSS {procs} MB)")
            after = bare_jieba(texts)
            bare = (before + after) / 2
            bares.append(bare)
            for workers, steady in round_rates.items():
                shares[workers].append(steady / workers / bare)
            print(f"round {r + 1}: bare jieba {before / 1e3:.0f}k / {after / 1e3:.0f}k chars/s (before/after); "
                  + "; ".join(line) + f"; load {os.getloadavg()[0]:.2f}")
        med = statistics.median
        print(f"bare jieba.lcut, one core:       {med(bares) / 1e3:8.1f} k chars/s (median)")
        for workers in (1, 2):
            share = med(shares[workers])
            print(f"framing corpus --workers {workers}:      {med(rates[workers]) / 1e3:8.1f} k chars/s steady, "
                  f"{share:.0%} of bare jieba per core (rounds {', '.join(f'{x:.0%}' for x in shares[workers])}): "
                  f"{verdict(share >= SHARE_TARGET)} >= {SHARE_TARGET:.0%}")
        speedups = [b / a for a, b in zip(rates[1], rates[2])]
        # on a loaded machine wall-clock speed-ups say more about the neighbours than about us: compare
        # the CPU seconds of the rounds too (the same work should cost the same CPU on 1 and 2 workers)
        print(f"speed-up of 2 workers over 1:    {med(speedups):8.2f} x  (rounds {', '.join(f'{x:.2f}' for x in speedups)}): "
              f"{verdict(med(speedups) >= SPEEDUP_TARGET)} >= {SPEEDUP_TARGET}x")
        print(f"peak RSS of any process:         {max(tops):8.0f} MB: {verdict(max(tops) < RSS_LIMIT_MB)} < {RSS_LIMIT_MB} MB")
        if opts.tokenizer == "rjieba":
            print(f"rjieba, 2 workers:               {med(rates[2]) / 1e6:8.2f} M chars/s steady "
                  f"({verdict(med(rates[2]) >= RJIEBA_TARGET)} >= {RJIEBA_TARGET / 1e6:.0f} M)")


if __name__ == "__main__":
    main()
