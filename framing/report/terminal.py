"""Rich renderings for the terminal. They read ``Analysis``/``Comparison``; they compute nothing."""

from __future__ import annotations

import io
import shutil
import sys

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from ..model import Analysis, Comparison, ParagraphScore
from . import story

TONE_MARK = {1: "[green]+[/]", 0: "[dim]0[/]", -1: "[red]−[/]"}


def _console(width: int | None, color: bool | None) -> Console:
    if color is None:
        color = sys.stdout.isatty()
    if width is None:
        width = shutil.get_terminal_size((120, 40)).columns if color else 120
    return Console(file=io.StringIO(), width=width, force_terminal=color, color_system="standard" if color else None,
                   highlight=False, emoji=False, soft_wrap=False)


def _t(text: str) -> str:
    """Article-derived text for Rich: control characters made visible, markup brackets escaped."""
    return escape(story.printable(text))


def _excerpt(text: str, n: int = 34) -> str:
    return _t(text if len(text) <= n else text[: n - 1] + "…")


def _hits(p: ParagraphScore, n: int = 4) -> str:
    seen: list[str] = []
    for h in sorted(p.hits, key=lambda h: -h.weight):
        label = f"{h.term}{'¬' if h.negated else ''}"
        if label not in seen:
            seen.append(label)
    return _t("、".join(seen[:n]))


def _tone_words(p: ParagraphScore, n: int = 3) -> str:
    words = []
    for h in sorted(p.tone_hits, key=lambda h: -abs(h.value)):
        w = f"{'+' if h.value > 0 else '−'}{h.term}"
        if w not in words:
            words.append(w)
    return _t(" ".join(words[:n]))


def analysis_renderables(a: Analysis) -> list:
    """The Rich renderables of one analysis (header, frame profile, paragraphs)."""
    art = a.article
    head = Text()
    head.append(story.printable(art.title or (a.paragraphs[0].text if a.paragraphs else art.id)), style="bold")
    meta = [story.printable(x) for x in (art.source, art.date, art.path) if x]
    head.append(f"\n{' · '.join(meta)}" if meta else "", style="dim")
    head.append(f"\nscript {a.script} · naming {a.naming.convention}"
                + (f" ({story.printable('、'.join(a.naming.evidence[:4]))})" if a.naming.evidence else "")
                + f" · {len(a.paragraphs)} paragraphs, {a.summary.n_scored} scored", style="dim")
    prof = Table(title="Frame profile (scored paragraphs)", title_justify="left", show_edge=False)
    prof.add_column("dimension")
    prof.add_column("present in", justify="right")
    prof.add_column("mean score", justify="right")
    prof.add_column("share", justify="right")
    prof.add_column("tone of its paragraphs", justify="right")
    for d, f in a.summary.frames.items():
        t = a.summary.tone_by_dimension.get(d)
        prof.add_row(d, f"{f.present_in}/{a.summary.n_scored}", f"{f.mean_score:.2f}", f"{f.share:.0%}",
                     "" if t is None else f"{t:+.2f}")
    prof.add_row("[bold]tone (all)[/]", "", "", "", f"{a.summary.tone_mean:+.2f}")
    paras = Table(title="Paragraphs", title_justify="left", show_edge=False, show_lines=False)
    paras.add_column("#", justify="right")
    paras.add_column("role")
    paras.add_column("text", max_width=36, no_wrap=True)
    paras.add_column("frames")
    paras.add_column("tone", justify="center")
    paras.add_column("evidence", no_wrap=False)
    for p in a.paragraphs:
        style = "" if p.scored else "dim"
        frames = " ".join(f"[b]{d}[/]" if d == p.primary else d for d in p.present)
        evidence = " | ".join(x for x in (_hits(p), _tone_words(p)) if x)
        paras.add_row(str(p.index), p.role, _excerpt(p.text), frames, TONE_MARK[p.tone.label] if p.scored else "",
                      evidence or (_t(p.paragraph.reason) if not p.scored else ""), style=style)
    return [head, prof, paras]


def render_analysis(a: Analysis, *, width: int | None = None, color: bool | None = None) -> str:
    """One article as a readable terminal report."""
    c = _console(width, color)
    for r in analysis_renderables(a):
        c.print(r)
        c.print()
    return c.file.getvalue()


def render_comparison(cmp: Comparison, *, width: int | None = None, color: bool | None = None) -> str:
    """The comparison told at a glance: frame profile with CIs, tone, key differences, then the detail."""
    c = _console(width, color)
    a, b = cmp.a, cmp.b
    c.print(Text("A: ", style="bold") + Text(story.printable(story.title(a))))
    c.print(Text("B: ", style="bold") + Text(story.printable(story.title(b))))
    c.print()
    c.print("[bold]Key differences[/]")
    for line in story.findings(cmp):
        c.print(f" • {_t(line)}")
    c.print()
    t = Table(title="Frames: mean score per paragraph (weighted hits / 100 words), 95% bootstrap CI",
              title_justify="left", show_edge=False)
    for col, just in (("dimension", "left"), ("A", "right"), ("B", "right"), ("A − B", "right"), ("95% CI", "right"),
                      ("p", "right"), ("present A / B", "right"), ("leans", "left")):
        t.add_column(col, justify=just)
    for f in cmp.frames:
        d = f.score
        t.add_row(f.dimension, f"{d.a:.2f}", f"{d.b:.2f}", f"{d.difference:+.2f}", f"[{d.ci[0]:+.2f}, {d.ci[1]:+.2f}]",
                  story.pvalue(d.p_value), f"{f.share_a:.0%} / {f.share_b:.0%}",
                  d.leans.upper() if d.leans else "[dim]no clear difference[/]")
    o = cmp.tone.overall
    t.add_row("[bold]tone[/]", f"{o.a:+.2f}", f"{o.b:+.2f}", f"{o.difference:+.2f}", f"[{o.ci[0]:+.2f}, {o.ci[1]:+.2f}]",
              story.pvalue(o.p_value), "", o.leans.upper() if o.leans else "[dim]no clear difference[/]")
    c.print(t)
    c.print()
    for title, lines in story.sections(cmp):
        c.print(f"[bold]{title}[/]")
        for line in lines:
            c.print(f"  {_t(line)}")
        c.print()
    return c.file.getvalue()
