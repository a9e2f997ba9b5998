"""Limits (issue 7): a 5 MB article, a 100,000-record dataset, and which outputs hold a corpus in memory.

    python benchmarks/limits.py                        # everything (about 10-15 minutes on 2 cores)
    python benchmarks/limits.py --only article         # (a) only
    python benchmarks/limits.py --only dataset --records 100000 --budget 600
    python benchmarks/limits.py --only outputs

Every command runs ``python -m framing.cli`` in a fresh process; wall time is measured around it and
peak RSS is that child's own ``ru_maxrss`` (``os.wait4``), so runs do not mask each other. On Linux a
child's ``ru_maxrss`` starts at its parent's RSS when it is forked, so this script stays small: it never
loads an output (a child process checks that the JSON parses) and says so if its own RSS gets near the
figures it reports.

(a) A ~5 MB UTF-8 article built by repeating the bodies of ``tests/data/articles/*.txt`` under one
    headline: ``framing analyze --format json`` on it (time, peak RSS, characters/s), then the same
    with ``--max-chars 1000000``, which must refuse with one line on stderr and exit code 2 (asserted).
(b) A JSONL dataset of ``--records`` records (default 100,000) of 1-3 paragraphs drawn from the same
    articles: ``framing analyze DATASET --format jsonl -o OUT``: time, records/s, peak RSS, and
    PASS/FAIL for peak RSS under 350 MB. A 1,000-record run comes first to calibrate; when the full
    run would take longer than ``--budget`` seconds, 20,000 records are run instead and the time and
    RSS for the full size are extrapolated (linearly) and labelled as such.
(c) Which outputs stream: the same two dataset sizes through every ``--format`` and through
    ``--html``; peak RSS that grows with the number of records means that output holds the corpus.

Not a unit test: it prints figures (and PASS/FAIL lines) and exits 1 only if an assertion fails.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "tests" / "data" / "articles"
FRAMING = [sys.executable, "-m", "framing.cli"]
RSS_LIMIT_MB = 350
FALLBACK_RECORDS = 20_000
CALIBRATION_RECORDS = 1_000


# --------------------------------------------------------------------------- running


def run(args: list[str], *, stdout=subprocess.DEVNULL) -> tuple[float, float, int, str]:
    """Run ``framing ARGS`` in a fresh process: wall seconds, peak RSS (MB), exit code, stderr."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(FRAMING + args, stdout=stdout, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return wall, usage.ru_maxrss / 1024, proc.returncode, stderr


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def own_rss_mb() -> float:
    """This script's peak RSS: a floor under every child's figure (see the module docstring)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def json_paragraphs(path: Path) -> int:
    """Paragraphs in an ``analyze --format json`` output, counted by a child process (keeps this one small)."""
    code = "import json, sys; print(sum(len(a['paragraphs']) for a in json.load(open(sys.argv[1], encoding='utf-8'))))"
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    return int(done.stdout)


# --------------------------------------------------------------------------- inputs


def _bodies() -> list[str]:
    """The articles' bodies (front matter removed), in file order."""
    out = []
    for path in sorted(ARTICLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            text = text.split("\n---\n", 1)[1]
        out.append(text.strip())
    return out


def _paragraphs() -> list[str]:
    """Every paragraph of the articles that is longer than a headline."""
    return [p.strip() for body in _bodies() for p in body.split("\n\n") if len(p.strip()) > 20]


def build_article(path: Path, megabytes: float) -> tuple[int, int]:
    """One article of at least ``megabytes`` MB of UTF-8: a headline, then the bodies again and again."""
    target = int(megabytes * 1_000_000)
    parts = ["二十家媒體一年報導合輯：晶片、關稅、開源模型與新聞自由"]
    size = len(parts[0].encode("utf-8"))
    bodies = _bodies()
    k = 0
    while size < target:
        body = bodies[k % len(bodies)]
        parts.append(body)
        size += len(body.encode("utf-8")) + 2
        k += 1
    text = "\n\n".join(parts) + "\n"
    path.write_text(text, encoding="utf-8")
    return path.stat().st_size, len(text)


def build_dataset(path: Path, records: int, *, seed: int = 0) -> int:
    """``records`` JSONL records of 1-3 paragraphs each; returns the file size in bytes."""
    rng = random.Random(seed)
    paragraphs = _paragraphs()
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for i in range(records):
            text = "\n\n".join(rng.choice(paragraphs) for _ in range(rng.randint(1, 3)))
            fh.write(json.dumps({"id": f"r{i:06d}", "source": "bench", "text": text}, ensure_ascii=False) + "\n")
    return path.stat().st_size


def count_lines(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(1 for _ in fh)


# --------------------------------------------------------------------------- (a) one large article


def article(tmp: Path, megabytes: float) -> bool:
    print(f"== (a) one {megabytes:g} MB article")
    src = tmp / "large.txt"
    size, chars = build_article(src, megabytes)
    print(f"input: {size:,} bytes, {chars:,} characters ({src.name})")
    out = tmp / "large.json"
    wall, rss, code, stderr = run(["analyze", str(src), "--format", "json", "-o", str(out)])
    ok = code == 0
    if ok:
        n_paras = json_paragraphs(out)
        print(f"analyze --format json: {wall:.1f} s, peak RSS {rss:.0f} MB, {chars / wall:,.0f} characters/s, "
              f"{n_paras:,} paragraphs, output {out.stat().st_size / 1e6:.1f} MB")
    else:
        print(f"analyze --format json: exit {code}: {stderr.strip()[:300]}")
    print(f"{verdict(ok)}: the {megabytes:g} MB article is analysed (exit 0)")

    cap = 1_000_000 if chars > 1_000_000 else chars // 2  # a smaller article (--article-mb) gets a smaller cap
    wall, rss, code, stderr = run(["analyze", str(src), "--format", "json", "--max-chars", str(cap)])
    lines = stderr.strip().splitlines()
    refused = code == 2 and len(lines) == 1 and lines[0].startswith("framing: error:") and "--max-chars" in lines[0]
    print(f"--max-chars {cap}: exit {code} in {wall:.2f} s, peak RSS {rss:.0f} MB; stderr: {stderr.strip()!r}")
    print(f"{verdict(refused)}: refused with one line and exit code 2")
    assert refused, f"--max-chars {cap} did not refuse the article with one line and exit code 2"
    return ok


# --------------------------------------------------------------------------- (b) a large dataset


def _dataset_run(tmp: Path, records: int, fmt: str = "jsonl", html: bool = False) -> tuple[float, float, int]:
    """Build a dataset of ``records`` records (cached per size) and analyse it; wall, RSS, output lines."""
    data = tmp / f"dataset-{records}.jsonl"
    if not data.exists():
        build_dataset(data, records)
    out = tmp / f"out-{records}.{fmt}"
    args = ["analyze", str(data), "--format", fmt, "-o", str(out)]
    if html:
        args += ["--html", str(tmp / f"out-{records}.html")]
    wall, rss, code, stderr = run(args)
    if code != 0:
        raise SystemExit(f"framing {' '.join(args)}: exit {code}: {stderr.strip()[:300]}")
    return wall, rss, count_lines(out)


def dataset(tmp: Path, records: int, budget: float) -> bool:
    print(f"\n== (b) a {records:,}-record JSONL dataset (1-3 paragraphs a record)")
    cal_wall, cal_rss, cal_lines = _dataset_run(tmp, CALIBRATION_RECORDS)
    assert cal_lines == CALIBRATION_RECORDS, (cal_lines, CALIBRATION_RECORDS)
    print(f"calibration, {CALIBRATION_RECORDS:,} records: {cal_wall:.1f} s, peak RSS {cal_rss:.0f} MB")
    # startup is paid once: estimate it from a second small run
    small = CALIBRATION_RECORDS // 4
    s_wall, _, _ = _dataset_run(tmp, small)
    per_record = (cal_wall - s_wall) / (CALIBRATION_RECORDS - small)
    startup = max(0.0, s_wall - small * per_record)
    estimate = startup + records * per_record
    print(f"estimate: startup {startup:.1f} s + {per_record * 1000:.1f} ms a record -> {estimate / 60:.1f} min "
          f"for {records:,} records")
    run_n = records
    if estimate > budget and records > FALLBACK_RECORDS:
        run_n = FALLBACK_RECORDS
        print(f"over the {budget:.0f} s budget: running {run_n:,} records and extrapolating to {records:,}")
    size = build_dataset(tmp / f"dataset-{run_n}.jsonl", run_n)
    print(f"dataset: {run_n:,} records, {size / 1e6:.1f} MB")
    wall, rss, lines = _dataset_run(tmp, run_n)
    assert lines == run_n, f"{lines} output lines for {run_n} records"
    print(f"analyze --format jsonl -o OUT: {run_n:,} records in {wall:.1f} s = {run_n / wall:.0f} records/s, "
          f"peak RSS {rss:.0f} MB, {lines:,} output lines")
    growth = (rss - cal_rss) / (run_n - CALIBRATION_RECORDS) * 10_000 if run_n > CALIBRATION_RECORDS else 0.0
    print(f"peak RSS growth: {growth:+.1f} MB per 10,000 records (from {CALIBRATION_RECORDS:,} to {run_n:,})")
    ok = rss < RSS_LIMIT_MB
    if run_n != records:
        x_wall = wall + (records - run_n) * (wall - cal_wall) / (run_n - CALIBRATION_RECORDS)
        x_rss = rss + (records - run_n) * growth / 10_000
        print(f"extrapolated to {records:,} records: {x_wall / 60:.1f} min ({records / x_wall:.0f} records/s), "
              f"peak RSS {x_rss:.0f} MB (linear in the growth above)")
        ok = ok and x_rss < RSS_LIMIT_MB
        print(f"{verdict(rss < RSS_LIMIT_MB)}: peak RSS {rss:.0f} MB < {RSS_LIMIT_MB} MB at {run_n:,} records (measured)")
        print(f"{verdict(x_rss < RSS_LIMIT_MB)}: peak RSS {x_rss:.0f} MB < {RSS_LIMIT_MB} MB at {records:,} records "
              "(extrapolated)")
    else:
        print(f"{verdict(ok)}: peak RSS {rss:.0f} MB < {RSS_LIMIT_MB} MB at {records:,} records")
    return ok


# --------------------------------------------------------------------------- (c) which outputs stream


def outputs(tmp: Path, small: int, large: int) -> None:
    print(f"\n== (c) peak RSS by output, {small:,} vs {large:,} records")
    print(f"{'output':<26}{'RSS ' + format(small, ','):>14}{'RSS ' + format(large, ','):>14}{'per 1,000 records':>20}")
    for label, fmt, html in (
        ("--format jsonl", "jsonl", False),
        ("--format csv", "csv", False),
        ("--format markdown", "markdown", False),
        ("--format table", "table", False),
        ("--format json", "json", False),
        ("--format jsonl --html", "jsonl", True),
    ):
        _, rss_s, _ = _dataset_run(tmp, small, fmt, html)
        _, rss_l, _ = _dataset_run(tmp, large, fmt, html)
        slope = (rss_l - rss_s) / (large - small) * 1000
        note = "  <- grows with the corpus" if slope > 1.0 else ""
        print(f"{label:<26}{rss_s:>11.0f} MB{rss_l:>11.0f} MB{slope:>14.2f} MB{note}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", choices=["article", "dataset", "outputs"], help="Run one part only.")
    ap.add_argument("--article-mb", type=float, default=5.0, help="Size of the article in MB (UTF-8).")
    ap.add_argument("--records", type=int, default=100_000, help="Records of the dataset.")
    ap.add_argument("--budget", type=float, default=600.0,
                    help=f"Seconds the dataset run may take before {FALLBACK_RECORDS:,} records are run and "
                         "extrapolated instead.")
    ap.add_argument("--outputs-sizes", type=int, nargs=2, default=(500, 2500), metavar=("SMALL", "LARGE"),
                    help="Dataset sizes of part (c).")
    args = ap.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    ok = True
    with tempfile.TemporaryDirectory(prefix="framing-limits-") as d:
        tmp = Path(d)
        if args.only in (None, "article"):
            ok &= article(tmp, args.article_mb)
        if args.only in (None, "dataset"):
            ok &= dataset(tmp, args.records, args.budget)
        if args.only in (None, "outputs"):
            outputs(tmp, *args.outputs_sizes)
    print(f"\n(this script's own peak RSS, a floor under the figures above: {own_rss_mb():.0f} MB)")
    print("all PASS" if ok else "some FAIL (see above)")


if __name__ == "__main__":
    main()
