"""Plain-text renderings of the lexicon tools' results (``framing lexicon ...``); they compute nothing.

Columns are padded by display width (a CJK character takes two), one record per line, so the
output reads as a table in a terminal and still greps by ``file:line``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any

from ..lexicon_tools import LEVELS, DimensionInfo, DimensionView, Problem, count_levels, display_width


def _pad(s: str, width: int) -> str:
    return s + " " * max(0, width - display_width(s))


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max([display_width(h)] + [display_width(r[i]) for r in rows]) for i, h in enumerate(header)]
    out = []
    for row in [tuple(header), *rows]:
        cells = [_pad(c, w) for c, w in zip(row[:-1], widths)] + [row[-1]]
        out.append("  ".join(cells).rstrip())
    return out


def short_path(path: str) -> str:
    """``path`` relative to the working directory when it lies below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return path
    return path if rel.startswith("..") else rel


def _label(label: dict[str, str]) -> str:
    parts = [label[k] for k in ("zh", "en") if k in label] or list(label.values())
    return " / ".join(dict.fromkeys(parts))


def render_list(infos: Iterable[DimensionInfo]) -> str:
    """``framing lexicon list``: one dimension a line."""
    rows = [(i.name, _label(i.label), str(i.n_terms), i.color, short_path(i.file)) for i in infos]
    return "\n".join(_table(("dimension", "label", "terms", "colour", "file"), rows)) + "\n"


def render_show(view: DimensionView) -> str:
    """``framing lexicon show DIM``: the terms under their headings, weight, inline comment and exclusions."""
    i = view.info
    out = [f"{i.name} — {_label(i.label)} · {i.n_terms} terms · colour {i.color} · threshold {i.threshold:g}",
           f"{short_path(i.file)}"]
    if i.description:
        out.append(i.description)
    for g in view.groups:
        out += ["", f"## {g.heading}" if g.heading else "## (before the first heading)"]
        rows = [(t.entry, f"{t.weight:g}", t.note) for t in g.terms]
        width = max(display_width(t.entry) for t in g.terms)
        for t, (entry, weight, note) in zip(g.terms, rows):
            line = f"  {_pad(entry, width)}  {weight:>3}" + (f"  # {note}" if note else "")
            out.append(line)
            if t.exclude:
                out.append(f"  {' ' * width}       not inside: {', '.join(t.exclude)}")
    return "\n".join(out) + "\n"


def render_problems(problems: Sequence[Problem]) -> str:
    """``framing lexicon check``: one problem a line (location, level, code, message); empty when none."""
    if not problems:
        return ""
    rows = [(f"{short_path(p.file)}:{p.line}", p.level, p.code, p.message) for p in problems]
    return "\n".join(_table(("location", "level", "code", "message"), rows)) + "\n"


def summary_line(problems: Sequence[Problem]) -> str:
    """``3 errors, 1 warning, 424 info`` (every level named)."""
    n = count_levels(problems)
    word = {"error": "error", "warning": "warning", "info": "info"}
    return ", ".join(f"{n[lv]} {word[lv]}{'s' if n[lv] != 1 and lv != 'info' else ''}" for lv in LEVELS)


def render_suggestions(items: Sequence[dict[str, Any]], dimension: str) -> str:
    """``framing lexicon suggest``: rank, term, score, count and up to three contexts."""
    if not items:
        return f"no candidate terms for {dimension}\n"
    rows = []
    for n, it in enumerate(items, 1):
        ctx = [f"{e['left']}【{e['match']}】{e['right']}" for e in it["examples"]]
        rows.append((str(n), it["term"], f"{it['score']:.2f}", str(it["count"]), ctx[0] if ctx else ""))
        rows += [("", "", "", "", c) for c in ctx[1:]]
    return "\n".join(_table(("#", "term", "z", "count", f"in paragraphs where {dimension} is present"), rows)) + "\n"
