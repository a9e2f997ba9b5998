"""Many articles: analysed in parallel, one row per paragraph to Parquet or CSV, profiled per source.

This module owns no scoring: every row comes from :func:`framing.analysis.analyze` through
:func:`framing.report.tabular.paragraph_rows`, the one row builder; profiles and source
comparisons are read back from those rows (:func:`framing.compare.difference` for the CIs).

Design
------
*Chunks.* Articles are streamed from :func:`framing.io.read_paths` and grouped into chunks of
``chunk_size`` articles; a chunk is one task (pickling and scheduling are paid per chunk, not per
article). Results come back in input order, so the rows are the same whatever the engine and the
number of workers.

*Bounded.* At most ``2 x workers`` chunks are in flight; the parent reads the next chunk only when
one comes back and writes each chunk's rows as soon as they arrive. ``multiprocessing``'s own
``Pool.imap`` is not used because its feeder thread drains the whole input ahead of the workers (a
corpus would sit in the queue); the window gives imap's ordered results with back-pressure, so
peak memory does not grow with the corpus.

*Fork.* The local engine is a ``multiprocessing`` pool with the ``fork`` start method, said
explicitly (Python 3.14 makes ``forkserver`` Linux's default). The parent builds the settings and
analyses a small warm-up text *before* forking, so every lazily loaded piece (jieba's dictionary
with the lexicon words, OpenCC, snownlp's counts, the claim rules) is inherited by the workers
instead of being loaded once per worker; ``gc.freeze()`` before the fork keeps the workers' garbage
collector from copying those shared pages. ``workers=1`` runs in the calling process, no pool.
Platforms without ``fork`` (Windows, macOS by policy) fall back to ``spawn``, where each worker
loads everything once.

*Dask.* ``engine="dask"`` submits the same chunks as ``dask.distributed`` tasks (the settings
scattered once to every worker) to a ``LocalCluster`` of ``workers`` single-threaded processes, or
to the scheduler at ``scheduler``. ``dask`` is imported only for this engine (the ``corpus`` extra).

*Output.* ``--out`` ending in ``.csv``: one CSV file (header, then rows), flushed after every
chunk. Ending in ``.parquet``: a *directory* of part files ``part-00000.parquet``, ... (what
pyarrow, pandas, polars, DuckDB and Spark read as one table), one part per run, a row group every
``10,000`` rows and a new part every ``200,000``; a part is written under a hidden temporary name
and renamed when closed, so a reader never sees a half-written file.

*Resume.* ``resume=True`` reads the output back and skips every article whose ``(path,
article_id)`` is already there; new rows are appended (CSV) or go to new part files (Parquet).
An interrupted CSV may end inside an article: the last article in the file is always cut off and
analysed again, so a truncated tail never survives. A Parquet part that never got its footer was
never renamed and is ignored (its articles are analysed again).
"""

from __future__ import annotations

import csv
import gc
import itertools
import multiprocessing
import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError, OutputError, UsageError
from .model import Article

ENGINES = ("local", "dask")
DEFAULT_CHUNK_SIZE = 16
ROW_GROUP_ROWS = 10_000
PART_ROWS = 200_000
TONE = "tone"
_PART = re.compile(r"^part-(\d{5,})\.parquet$")

Row = dict[str, Any]
Progress = Callable[[int], None]

# a warm-up text in both scripts, with a figure and a quote: analysing it loads everything lazy
_WARM_UP = "美國擴大晶片出口管制\n\n美国商务部宣布扩大对华芯片出口管制，輝達股價應聲下跌3%。「我們會研究。」他說。"


def default_workers() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def chunked(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Consecutive lists of ``size`` items (the last may be shorter), read lazily.

    >>> [c for c in chunked(range(5), 2)]
    [[0, 1], [2, 3], [4]]
    """
    if size < 1:
        raise UsageError(f"chunk size must be at least 1, not {size}")
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def analyze_chunk(articles: Sequence[Article], cfg) -> list[Row]:
    """Rows of a chunk of articles, in order: the rows ``analyze`` then ``paragraph_rows`` give, computed
    without the article-level claims (figures, voices, naming) and readability, which rows do not carry."""
    from .analysis import score_article
    from .report.tabular import score_rows

    dims = cfg.lexicons.dimensions
    return [row for a in articles for row in score_rows(a, dims, score_article(a, cfg, readability=False)[1])]


def row_columns(cfg) -> list[str]:
    """The columns of the rows ``cfg`` gives (from a tiny analysis, which also loads everything lazy)."""
    from .io import article_from_text

    return list(analyze_chunk([article_from_text(_WARM_UP)], cfg)[0])


def warm_up(cfg) -> None:
    """Load every lazily loaded resource in this process (before forking workers)."""
    from .io import article_from_text
    from .text import preload

    preload(cfg.words, cfg.tokenizer)
    analyze_chunk([article_from_text(_WARM_UP)], cfg)


# --------------------------------------------------------------------------- engines

_POOL_CFG = None  # the settings a forked worker inherits from its parent


def _pool_chunk(articles: list[Article]) -> list[Row]:
    return analyze_chunk(articles, _POOL_CFG)


def _ordered(submit: Callable[[list[Article]], Any], result: Callable[[Any], list[Row]],
             chunks: Iterator[list[Article]], window: int) -> Iterator[tuple[int, list[Row]]]:
    """Submit chunks keeping at most ``window`` in flight; yield (articles, rows) in input order."""
    pending: deque[tuple[int, Any]] = deque()
    for chunk in chunks:
        pending.append((len(chunk), submit(chunk)))
        if len(pending) >= window:
            n, job = pending.popleft()
            yield n, result(job)
    while pending:
        n, job = pending.popleft()
        yield n, result(job)


def _local(chunks: Iterator[list[Article]], cfg, workers: int) -> Iterator[tuple[int, list[Row]]]:
    global _POOL_CFG
    warm_up(cfg)
    # objects loaded so far (jieba's dictionary above all) go to the permanent generation: garbage
    # collections then never walk them (a forked worker's never copy the pages they share)
    gc.freeze()
    try:
        if workers == 1:
            for chunk in chunks:
                yield len(chunk), analyze_chunk(chunk, cfg)
            return
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        ctx = multiprocessing.get_context(method)
        _POOL_CFG = cfg
        if method == "fork":
            pool = ctx.Pool(workers)
        else:  # pragma: no cover - no fork on this platform: each worker gets the settings once
            pool = ctx.Pool(workers, initializer=_set_pool_cfg, initargs=(cfg,))
        with pool:
            yield from _ordered(lambda c: pool.apply_async(_pool_chunk, (c,)), lambda j: j.get(), chunks,
                                2 * workers)
    finally:
        _POOL_CFG = None
        gc.unfreeze()


def _set_pool_cfg(cfg) -> None:  # pragma: no cover - spawn platforms only
    global _POOL_CFG
    _POOL_CFG = cfg


def _dask(chunks: Iterator[list[Article]], cfg, workers: int, scheduler: str | None,
          client) -> Iterator[tuple[int, list[Row]]]:
    own = client is None
    cluster = None
    if own:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise UsageError("--engine dask needs dask.distributed: pip install 'framing[corpus]'") from None
        try:
            if scheduler:
                client = Client(scheduler, timeout="30s")
            else:
                cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
                client = Client(cluster)
        except (OSError, TimeoutError, ValueError) as exc:
            raise UsageError(f"cannot start or reach the Dask scheduler {scheduler or '(local)'}: "
                             f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
    try:
        shared = client.scatter(cfg, broadcast=True)
        n_workers = max(1, len(client.scheduler_info().get("workers", {})) or workers)
        yield from _ordered(lambda c: client.submit(analyze_chunk, c, shared, pure=False),
                            lambda f: f.result(), chunks, 2 * n_workers)
    finally:
        if own:
            client.close()
            if cluster is not None:
                cluster.close()


def analyze_corpus(articles: Iterable[Article], cfg, *, engine: str = "local", workers: int | None = None,
                   chunk_size: int = DEFAULT_CHUNK_SIZE, scheduler: str | None = None,
                   client=None) -> Iterator[tuple[int, list[Row]]]:
    """Analyse articles in parallel chunks; yield ``(n_articles, rows)`` per chunk, in input order.

    Parameters
    ----------
    articles : iterable of Article
        Read lazily, a window of chunks at a time.
    cfg : Settings
        From :func:`framing.analysis.settings`.
    engine : {"local", "dask"}
        A fork pool of ``workers`` processes, or Dask distributed.
    workers : int, optional
        Processes (default: the CPUs available). ``1`` with the local engine runs in this process.
    chunk_size : int
        Articles per task.
    scheduler : str, optional
        A Dask scheduler address (``tcp://host:8786``); default a ``LocalCluster``.
    client : dask.distributed.Client, optional
        Use this client (not closed here) instead of starting one.

    Examples
    --------
    >>> from framing.analysis import settings
    >>> from framing.io import article_from_text
    >>> [(n, len(rows)) for n, rows in analyze_corpus([article_from_text("標題\\n\\n股市大跌。")], settings(), workers=1)]
    [(1, 2)]
    """
    engine, workers = _check_engine(engine, workers, scheduler, client)
    chunks = chunked(articles, chunk_size)
    if engine == "dask":
        return _dask(chunks, cfg, workers, scheduler, client)
    return _local(chunks, cfg, workers)


def _check_engine(engine: str | None, workers: int | None, scheduler: str | None, client) -> tuple[str, int]:
    if engine is None:
        engine = "dask" if scheduler or client is not None else "local"
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    if engine == "local" and scheduler:
        raise UsageError("--scheduler is a Dask scheduler address; use it with --engine dask")
    if workers is None:
        workers = default_workers()
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise UsageError(f"workers must be a positive integer, not {workers!r}")
    return engine, workers


# --------------------------------------------------------------------------- columns

def column_kind(name: str) -> str:
    """The type of an output column: "int", "float", "bool" or "str"."""
    if name in ("index", "line_start", "line_end", "n_tokens", "tone_label"):
        return "int"
    if name.startswith("score_") or name in ("tone_score", "tone_lexicon", "tone_snownlp"):
        return "float"
    if name.startswith("present_") or name == "scored":
        return "bool"
    return "str"


def _parse(kind: str, value: str) -> Any:
    """A CSV cell back to its type (an empty float is None)."""
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value) if value != "" else None
    if kind == "bool":
        return value == "True"
    return value


def dimensions_of(columns: Iterable[str]) -> tuple[str, ...]:
    """The frame dimensions of an output, from its ``score_*`` columns."""
    return tuple(c[len("score_"):] for c in columns if c.startswith("score_"))


def output_format(out: str | os.PathLike[str]) -> str:
    """"csv" or "parquet", from ``out``'s extension."""
    suffix = Path(out).suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    raise UsageError(f"{out}: --out must end in .csv or .parquet (a directory of part files)")


def _arrow():
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise UsageError("Parquet output needs pyarrow: pip install 'framing[corpus]' (or write .csv)") from None
    return pyarrow, pyarrow.parquet


def _schema(columns: Sequence[str]):
    pa, _ = _arrow()
    types = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "str": pa.string()}
    return pa.schema([(c, types[column_kind(c)]) for c in columns])


# --------------------------------------------------------------------------- writers


class _CsvSink:
    """Rows appended to a CSV file, flushed after every chunk."""

    def __init__(self, path: Path, header: Sequence[str] | None) -> None:
        self.path = path
        self.columns = list(header) if header else None
        try:
            self.fh = open(path, "a" if header else "w", encoding="utf-8", newline="")
        except OSError as exc:
            raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
        self.writer = None

    def write(self, rows: list[Row]) -> None:
        if not rows:
            return
        if self.writer is None:
            first = list(rows[0])
            if self.columns is None:
                self.columns = first
                csv.writer(self.fh, lineterminator="\n").writerow(first)
            elif first != self.columns:
                raise UsageError(f"{self.path}: its columns differ from this run's (other --dimensions?); "
                                 "resume with the same options or write a new --out")
            self.writer = csv.DictWriter(self.fh, fieldnames=self.columns, lineterminator="\n")
        try:
            self.writer.writerows(rows)
            self.fh.flush()
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot write ({exc.strerror or exc})") from None

    def close(self) -> None:
        self.fh.close()


class _ParquetSink:
    """Rows to part files in a directory: a row group every ROW_GROUP_ROWS, a new part every PART_ROWS."""

    def __init__(self, path: Path, columns: Sequence[str] | None) -> None:
        self.pa, self.pq = _arrow()
        self.path = path
        self.columns = list(columns) if columns else None
        self.buffer: list[Row] = []
        self.writer = None
        self.part_rows = 0
        self.tmp: Path | None = None
        try:
            path.mkdir(parents=False, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
        numbers = [int(m.group(1)) for p in path.iterdir() if (m := _PART.match(p.name))]
        self.next_part = max(numbers) + 1 if numbers else 0
        self._probe()

    def _probe(self) -> None:
        """Fail now, not after the first chunk, if the directory is not writable."""
        probe = self.path / f".framing-probe-{os.getpid()}"
        try:
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot write ({exc.strerror or exc})") from None

    def write(self, rows: list[Row]) -> None:
        if not rows:
            return
        if self.columns is None:
            self.columns = list(rows[0])
        elif list(rows[0]) != self.columns:
            raise UsageError(f"{self.path}: its columns differ from this run's (other --dimensions?); "
                             "resume with the same options or write a new --out")
        self.buffer.extend(rows)
        if len(self.buffer) >= ROW_GROUP_ROWS:
            self._flush()

    def _flush(self) -> None:
        if not self.buffer:
            return
        schema = _schema(self.columns)
        data = {c: [r[c] for r in self.buffer] for c in self.columns}
        if "tone_snownlp" in data:  # paragraph_rows writes "" for "no snownlp score"
            data["tone_snownlp"] = [None if v == "" else v for v in data["tone_snownlp"]]
        table = self.pa.Table.from_pydict(data, schema=schema)
        self.buffer = []
        try:
            if self.writer is None:
                name = f"part-{self.next_part:05d}.parquet"
                self.tmp = self.path / f".{name}.tmp"
                self.writer = self.pq.ParquetWriter(self.tmp, schema)
            self.writer.write_table(table)
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot write ({exc})") from None
        self.part_rows += table.num_rows
        if self.part_rows >= PART_ROWS:
            self._close_part()

    def _close_part(self) -> None:
        if self.writer is None:
            return
        self.writer.close()
        os.replace(self.tmp, self.path / self.tmp.name[1:-len(".tmp")])
        self.writer, self.tmp, self.part_rows = None, None, 0
        self.next_part += 1

    def close(self) -> None:
        try:
            self._flush()
        finally:
            self._close_part()


# --------------------------------------------------------------------------- reading back


def iter_rows(out: str | os.PathLike[str], columns: Sequence[str] | None = None) -> Iterator[Row]:
    """Stream the rows of a corpus output (CSV file or Parquet part directory), typed.

    ``columns`` limits what is read (Parquet reads only those columns).
    """
    out = Path(out)
    if output_format(out) == "csv":
        yield from _csv_rows(out, columns)
        return
    _, pq = _arrow()
    if out.is_file():
        parts = [out]
    elif out.is_dir():
        parts = sorted((p for p in out.iterdir() if _PART.match(p.name)), key=lambda p: int(_PART.match(p.name).group(1)))
    else:
        raise InputError(f"{out}: no such file or directory")
    for part in parts:
        try:
            f = pq.ParquetFile(part)
            names = f.schema_arrow.names
            wanted = [c for c in columns if c in names] if columns is not None else None
            for batch in f.iter_batches(columns=wanted, batch_size=ROW_GROUP_ROWS):
                yield from batch.to_pylist()
        except OSError as exc:
            raise InputError(f"{part}: not a readable Parquet file ({str(exc).splitlines()[0]})") from None


def _csv_rows(out: Path, columns: Sequence[str] | None) -> Iterator[Row]:
    try:
        fh = open(out, encoding="utf-8", newline="")
    except OSError as exc:
        raise InputError(f"{out}: cannot read ({exc.strerror or exc})") from None
    with fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header is None:
            return
        keep = [(i, c, column_kind(c)) for i, c in enumerate(header) if columns is None or c in columns]
        for cells in reader:
            if len(cells) != len(header):
                raise InputError(f"{out}:{reader.line_num}: {len(cells)} cells, the header has {len(header)}")
            try:
                yield {c: _parse(k, cells[i]) for i, c, k in keep}
            except ValueError:
                raise InputError(f"{out}:{reader.line_num}: not a row of a corpus output") from None


def output_columns(out: str | os.PathLike[str]) -> list[str] | None:
    """The columns of an existing output (None when there is none yet)."""
    out = Path(out)
    if output_format(out) == "csv":
        if not out.is_file():
            return None
        with open(out, encoding="utf-8", newline="") as fh:
            return next(csv.reader(fh), None)
    _, pq = _arrow()
    parts = sorted(p for p in out.iterdir() if _PART.match(p.name)) if out.is_dir() else []
    return pq.ParquetFile(parts[0]).schema_arrow.names if parts else None


class _Lines:
    """Lines of a binary file as text, remembering the byte offset reached."""

    def __init__(self, fh) -> None:
        self.fh = fh
        self.pos = 0
        self.complete = True

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self.fh.readline()
        if not line:
            raise StopIteration
        self.pos += len(line)
        self.complete = line.endswith(b"\n")
        return line.decode("utf-8", "replace")


def _trim_csv(out: Path) -> None:
    """Cut an interrupted CSV back to its last complete article (the last article is always redone)."""
    try:
        fh = open(out, "rb")
    except OSError as exc:
        raise OutputError(f"{out}: cannot read ({exc.strerror or exc})") from None
    with fh:
        lines = _Lines(fh)
        reader = csv.reader(lines)
        header = next(reader, None)
        if header is None:
            return
        end_header = lines.pos if lines.complete else 0  # a header cut off: start again
        try:
            i_id, i_path = header.index("article_id"), header.index("path")
        except ValueError:
            raise UsageError(f"{out}: not a corpus output (no article_id/path columns); use another --out") from None
        last_key, last_start = None, end_header
        while True:
            start = lines.pos
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error:  # a quoted field cut off by the interruption
                break
            if len(cells) != len(header):  # a row cut off before its last cell: its key may be cut too
                break
            key = (cells[i_path], cells[i_id])
            if key != last_key:
                last_key, last_start = key, start
    with open(out, "r+b") as fh:
        fh.truncate(last_start)


@dataclass(frozen=True, slots=True)
class Done:
    """What an existing output already holds: article keys and the columns."""

    keys: frozenset[tuple[str, str]]
    columns: tuple[str, ...] | None


def already_done(out: str | os.PathLike[str]) -> Done:
    """Articles (``(path, article_id)``) in an existing output, after trimming an interrupted CSV."""
    out = Path(out)
    fmt = output_format(out)
    if fmt == "csv" and out.is_file():
        _trim_csv(out)
    elif fmt == "parquet" and out.exists() and not out.is_dir():
        raise UsageError(f"{out}: a single Parquet file cannot be resumed; give a directory of part files "
                         "(run once without --resume)")
    columns = output_columns(out)
    if columns is None:
        return Done(frozenset(), None)
    keys = {(r["path"], r["article_id"]) for r in iter_rows(out, ["path", "article_id"])}
    return Done(frozenset(keys), tuple(columns))


# --------------------------------------------------------------------------- profiles


@dataclass(frozen=True, slots=True)
class SourceProfile:
    """One group's profile over its scored paragraphs.

    ``mean_score[d]``: mean paragraph score of dimension d (weighted hits per 100 tokens);
    ``share_present[d]``: share of scored paragraphs where d is present; ``tone_mean``: mean
    paragraph tone score; ``n_articles``: articles with a row; ``n_paragraphs``: scored paragraphs.
    """

    source: str
    n_articles: int
    n_paragraphs: int
    mean_score: dict[str, float]
    share_present: dict[str, float]
    tone_mean: float


class _Profiles:
    """Accumulates per-group sums row by row (memory: one entry per group)."""

    def __init__(self, by: str) -> None:
        self.by = by
        self.dims: tuple[str, ...] | None = None
        self.groups: dict[str, dict[str, Any]] = {}
        self.last: tuple | None = None

    def add(self, row: Row) -> None:
        if self.dims is None:
            _check_by(self.by, list(row), "the output")
            self.dims = dimensions_of(row)
        group = str(row[self.by])
        g = self.groups.get(group)
        if g is None:
            g = self.groups[group] = {"articles": 0, "paragraphs": 0, "tone": 0.0,
                                      "score": dict.fromkeys(self.dims, 0.0), "present": dict.fromkeys(self.dims, 0)}
        key = (row["path"], row["article_id"])
        if key != self.last:  # an article's rows are contiguous
            g["articles"] += 1
            self.last = key
        if not row["scored"]:
            return
        g["paragraphs"] += 1
        g["tone"] += row["tone_score"]
        for d in self.dims:
            g["score"][d] += row[f"score_{d}"]
            g["present"][d] += bool(row[f"present_{d}"])

    def result(self) -> tuple[SourceProfile, ...]:
        out = []
        for group in sorted(self.groups):
            g = self.groups[group]
            n = g["paragraphs"]
            out.append(SourceProfile(
                group, g["articles"], n,
                {d: g["score"][d] / n if n else 0.0 for d in self.dims},
                {d: g["present"][d] / n if n else 0.0 for d in self.dims},
                g["tone"] / n if n else 0.0,
            ))
        return tuple(out)


def _check_by(by: str, columns: Sequence[str], where: object) -> None:
    """``by`` must be a metadata column (source, date, path, ...)."""
    if by not in columns:
        names = ", ".join(c for c in columns if column_kind(c) == "str" and c not in ("text", "hits", "tone_hits", "primary"))
        raise UsageError(f"--by {by!r} is not a column of {where}; use one of {names}")


def _profile_columns(by: str, dims: Iterable[str]) -> list[str]:
    return [by, "path", "article_id", "scored", "tone_score", *(f"score_{d}" for d in dims),
            *(f"present_{d}" for d in dims)]


def profiles(out: str | os.PathLike[str], *, by: str = "source") -> tuple[SourceProfile, ...]:
    """Per-group profiles of a corpus output, read back in one streamed pass.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from framing.io import article_from_text
    >>> from framing.analysis import settings
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "c.csv"
    >>> _ = run_corpus([article_from_text("標題\\n\\n股市大跌，投資者拋售。", source="甲")], out, settings(), workers=1)
    >>> [(p.source, p.n_articles, p.n_paragraphs) for p in profiles(out)]
    [('甲', 1, 2)]
    """
    columns = output_columns(out)
    if columns is None:
        return ()
    _check_by(by, columns, out)
    acc = _Profiles(by)
    for row in iter_rows(out, _profile_columns(by, dimensions_of(columns))):
        acc.add(row)
    return acc.result()


# --------------------------------------------------------------------------- a whole run


@dataclass(frozen=True, slots=True)
class CorpusResult:
    """What a corpus run did, and the profiles of everything its output holds."""

    out: str
    format: str
    by: str
    dimensions: tuple[str, ...]
    n_articles: int
    n_paragraphs: int
    n_skipped: int
    profiles: tuple[SourceProfile, ...]


def run_corpus(articles: Iterable[Article], out: str | os.PathLike[str], cfg, *, by: str = "source",
               engine: str | None = None, workers: int | None = None, chunk_size: int = DEFAULT_CHUNK_SIZE,
               scheduler: str | None = None, resume: bool = False, client=None,
               on_progress: Progress | None = None) -> CorpusResult:
    """Analyse a corpus into ``out`` (one row per paragraph) and profile it by ``by``.

    Parameters
    ----------
    articles : iterable of Article
        Streamed (e.g. :func:`framing.io.read_paths`).
    out : path
        ``*.csv`` (a file) or ``*.parquet`` (a directory of part files; see the module notes).
    cfg : Settings
        From :func:`framing.analysis.settings`.
    by : str, default "source"
        The column the profiles group by.
    engine, workers, chunk_size, scheduler, client
        See :func:`analyze_corpus`.
    resume : bool
        Skip articles already in ``out`` and append the rest; otherwise ``out`` is replaced.
    on_progress : callable, optional
        Called with the number of articles finished, after every chunk.

    Returns
    -------
    CorpusResult
        Counts of this run and the profiles of the whole output.
    """
    out = Path(out)
    fmt = output_format(out)
    if fmt == "parquet":
        _arrow()
    engine, workers = _check_engine(engine, workers, scheduler, client)
    columns = row_columns(cfg)
    _check_by(by, columns, "the output")
    done = already_done(out) if resume else Done(frozenset(), None)
    if done.columns is not None and list(done.columns) != columns:
        raise UsageError(f"{out}: its columns differ from this run's (other --dimensions?); "
                         "resume with the same options or write a new --out")
    articles = iter(articles)
    first = next(articles, None)  # bad paths fail here, before the output is touched
    if first is not None:
        articles = itertools.chain([first], articles)
    if not resume:
        _clear(out, fmt)
    acc = _Profiles(by)
    if done.columns is not None:
        _check_by(by, done.columns, out)
        for row in iter_rows(out, _profile_columns(by, dimensions_of(done.columns))):
            acc.add(row)
    sink = _CsvSink(out, done.columns) if fmt == "csv" else _ParquetSink(out, done.columns)
    skipped = 0

    def todo() -> Iterator[Article]:
        nonlocal skipped
        for a in articles:
            if (a.path, a.id) in done.keys:
                skipped += 1
                continue
            yield a

    n_articles = n_rows = 0
    try:
        for n, rows in analyze_corpus(todo(), cfg, engine=engine, workers=workers, chunk_size=chunk_size,
                                      scheduler=scheduler, client=client):
            sink.write(rows)
            for row in rows:
                acc.add(row)
            n_articles += n
            n_rows += len(rows)
            if on_progress is not None:
                on_progress(n)
    finally:
        sink.close()
    dims = acc.dims or dimensions_of(done.columns or ()) or tuple(cfg.lexicons.dimensions)
    return CorpusResult(str(out), fmt, by, dims, n_articles, n_rows, skipped, acc.result())


def _clear(out: Path, fmt: str) -> None:
    """Make way for a fresh output (only files this module writes are removed)."""
    try:
        if fmt == "csv":
            if out.is_dir():
                raise OutputError(f"{out}: is a directory; --out FILE.csv must be a file")
            return  # opened with "w"
        if out.is_file():
            out.unlink()
        elif out.is_dir():
            for p in out.iterdir():
                if _PART.match(p.name) or (p.name.startswith(".part-") and p.name.endswith(".tmp")):
                    p.unlink()
    except OSError as exc:
        raise OutputError(f"{out}: cannot write ({exc.strerror or exc})") from None


# --------------------------------------------------------------------------- comparing sources


@dataclass(frozen=True, slots=True)
class SourceDifference:
    """Group ``a`` minus group ``b`` on one dimension (or ``"tone"``), over per-article means."""

    a: str
    b: str
    dimension: str
    a_mean: float
    b_mean: float
    difference: float
    ci: tuple[float, float]
    p_value: float
    leans: str | None
    n_a: int
    n_b: int


def article_values(rows: Iterable[Row], *, by: str = "source") -> tuple[tuple[str, ...], dict[str, dict[str, list[float]]]]:
    """Per group and dimension (and ``"tone"``), each article's mean over its scored paragraphs.

    Articles without a scored paragraph have no mean and are left out. Returns the dimensions and
    ``{group: {dimension: [article means, in file order]}}``.
    """
    dims: tuple[str, ...] | None = None
    values: dict[str, dict[str, list[float]]] = {}
    current: tuple | None = None
    sums: dict[str, float] = {}
    n = 0
    group = ""

    def close() -> None:
        if current is not None and n:
            g = values.setdefault(group, {d: [] for d in (*dims, TONE)})
            for d in (*dims, TONE):
                g[d].append(sums[d] / n)

    for row in rows:
        if dims is None:
            _check_by(by, list(row), "the output")
            dims = dimensions_of(row)
        key = (row["path"], row["article_id"])
        if key != current:
            close()
            current, group, n = key, str(row[by]), 0
            sums = dict.fromkeys((*dims, TONE), 0.0)
            values.setdefault(group, {d: [] for d in (*dims, TONE)})
        if row["scored"]:
            n += 1
            sums[TONE] += row["tone_score"]
            for d in dims:
                sums[d] += row[f"score_{d}"]
    if dims is not None:
        close()
    return dims or (), values


def compare_pair(values: dict[str, dict[str, list[float]]], a: str, b: str, dimensions: Sequence[str], *,
                 resamples: int = 2000, seed: int = 0, confidence: float = 0.95) -> list[SourceDifference]:
    """``a`` vs ``b`` on every dimension: :func:`framing.compare.difference` of their article means.

    The seed of each test depends on the pair (not its order) and the dimension, so
    ``compare_pair(v, b, a, ...)`` is exactly the mirror of ``compare_pair(v, a, b, ...)``.
    """
    from .compare import difference

    out = []
    for d in dimensions:
        xs, ys = values[a][d], values[b][d]
        pair = "\x1f".join(sorted((a, b)))
        r = difference(xs, ys, resamples=resamples, seed=f"{seed}:{d}:{pair}", confidence=confidence)
        out.append(SourceDifference(a, b, d, r.a, r.b, r.difference, tuple(r.ci), r.p_value, r.leans,
                                    len(xs), len(ys)))
    return out


def compare_sources(out: str | os.PathLike[str], *, by: str = "source", resamples: int = 2000, seed: int = 0,
                    confidence: float = 0.95) -> list[SourceDifference]:
    """Every group of a corpus output against every other, per dimension and tone.

    Pairs are in sorted order of the group names (``a`` < ``b``), each once; CIs bootstrap
    articles (each article's mean paragraph score is one value), so a source with more
    paragraphs per article does not get narrower intervals for it.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from framing.io import article_from_text
    >>> from framing.analysis import settings
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "c.csv"
    >>> arts = [article_from_text(f"標題{i}\\n\\n股市大跌，投資者拋售。", source=s, id=f"{s}{i}") for s in "甲乙" for i in range(2)]
    >>> _ = run_corpus(arts, out, settings(), workers=1)
    >>> [(d.a, d.b, d.dimension, d.leans) for d in compare_sources(out, resamples=200)][:1]
    [('乙', '甲', 'censorship', None)]
    """
    columns = output_columns(out)
    if columns is None:
        raise InputError(f"{out}: no corpus output there (run `framing corpus ... --out {out}` first)")
    _check_by(by, columns, out)
    dims, values = article_values(iter_rows(out, _profile_columns(by, dimensions_of(columns))), by=by)
    groups = sorted(values)
    result: list[SourceDifference] = []
    for a, b in itertools.combinations(groups, 2):
        result.extend(compare_pair(values, a, b, (*dims, TONE), resamples=resamples, seed=seed,
                                   confidence=confidence))
    return result


def difference_dict(d: SourceDifference) -> dict[str, Any]:
    """The JSON form of one source difference (unrounded; renderers round)."""
    return {"a": d.a, "b": d.b, "dimension": d.dimension, "a_mean": d.a_mean, "b_mean": d.b_mean,
            "difference": d.difference, "ci": list(d.ci), "p_value": d.p_value, "leans": d.leans,
            "n_a": d.n_a, "n_b": d.n_b}


__all__ = [
    "ENGINES", "CorpusResult", "SourceDifference", "SourceProfile", "already_done", "analyze_chunk",
    "analyze_corpus", "article_values", "chunked", "compare_pair", "compare_sources", "column_kind",
    "difference_dict", "iter_rows", "output_format", "profiles", "run_corpus", "warm_up",
]

