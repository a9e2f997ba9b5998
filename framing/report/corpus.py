"""Renderings of a corpus run: the per-source profile table, source comparisons, the progress bar.

They read :class:`framing.corpus.SourceProfile` / :class:`~framing.corpus.SourceDifference`; they compute nothing.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator, Sequence

from rich.progress import Progress, ProgressColumn, SpinnerColumn, Task, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from ..corpus import SourceDifference, SourceProfile, difference_dict
from .jsonout import dumps
from .terminal import _console

DIGITS = 4


def _r(x: float | None) -> float | None:
    return None if x is None else round(float(x), DIGITS) + 0.0


def render_profiles(profiles: Sequence[SourceProfile], dimensions: Sequence[str], *, by: str = "source",
                    width: int | None = None, color: bool | None = None) -> str:
    """One line per group: articles, scored paragraphs, per dimension mean score and share present, tone."""
    table = Table(title=f"Profile by {by}: mean paragraph score (share of paragraphs present)",
                  title_justify="left", show_edge=False)
    table.add_column(by)
    table.add_column("articles", justify="right")
    table.add_column("paragraphs", justify="right")
    for d in dimensions:
        table.add_column(d, justify="right")
    table.add_column("tone", justify="right")
    for p in profiles:
        cells = [f"{p.mean_score.get(d, 0.0):.2f} ({p.share_present.get(d, 0.0):.0%})" for d in dimensions]
        table.add_row(p.source or "(none)", str(p.n_articles), str(p.n_paragraphs), *cells, f"{p.tone_mean:+.2f}")
    console = _console(width, color)
    console.print(table)
    return console.file.getvalue()


def render_differences(diffs: Sequence[SourceDifference], *, by: str = "source", width: int | None = None,
                       color: bool | None = None) -> str:
    """A table of source pairs: means, difference, 95% CI, p and which side it leans to."""
    table = Table(title=f"Every {by} against every other (per-article means, bootstrap over articles)",
                  title_justify="left", show_edge=False)
    for name, justify in (("a", "left"), ("b", "left"), ("dimension", "left"), ("a mean", "right"),
                          ("b mean", "right"), ("a − b", "right"), ("CI", "right"), ("p", "right")):
        table.add_column(name, justify=justify)
    table.add_column("leans", no_wrap=True)
    for d in diffs:
        leans = {"a": d.a, "b": d.b}.get(d.leans or "", "no clear difference")
        table.add_row(f"{d.a} ({d.n_a})", f"{d.b} ({d.n_b})", d.dimension, f"{d.a_mean:.2f}", f"{d.b_mean:.2f}",
                      f"{d.difference:+.2f}", f"[{d.ci[0]:+.2f}, {d.ci[1]:+.2f}]", f"{d.p_value:.3f}",
                      Text(leans, style="bold" if d.leans else "dim"))
    if not diffs:
        table.add_row("(fewer than two groups: nothing to compare)", *[""] * 8)
    console = _console(width, color)
    console.print(table)
    return console.file.getvalue()


def render_differences_json(diffs: Sequence[SourceDifference]) -> str:
    """A JSON list of {"a","b","dimension","a_mean","b_mean","difference","ci","p_value","leans","n_a","n_b"}."""
    out = []
    for d in diffs:
        item = difference_dict(d)
        for key in ("a_mean", "b_mean", "difference", "p_value"):
            item[key] = _r(item[key])
        item["ci"] = [_r(v) for v in item["ci"]]
        out.append(item)
    return dumps(out)


class _Rate(ProgressColumn):
    """Articles per second over the whole run."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        rate = task.completed / elapsed if elapsed > 0 else 0.0
        return Text(f"{rate:,.1f} articles/s", style="progress.data.speed")


@contextlib.contextmanager
def progress(*, enabled: bool | None = None, label: str = "analysing") -> Iterator[Callable[[int], None]]:
    """A progress line on stderr (articles done, articles/s, elapsed); yields ``tick(n_articles)``.

    Disabled (``tick`` does nothing) when ``enabled`` is False, or when None and stderr is not a
    terminal. Refreshed only on ticks: no refresh thread, so a worker pool can fork safely.
    """
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield lambda n: None
        return
    from rich.console import Console

    bar = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                   TextColumn("{task.completed:,.0f} articles"), _Rate(), TimeElapsedColumn(),
                   console=Console(file=sys.stderr), auto_refresh=False, transient=False)
    task = bar.add_task(label, total=None)
    last = [0.0]

    def tick(n: int) -> None:
        bar.advance(task, n)
        now = time.monotonic()
        if now - last[0] >= 0.1:
            last[0] = now
            bar.refresh()

    with bar:
        yield tick
        bar.refresh()
