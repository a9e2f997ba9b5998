"""The annotated HTML report: one self-contained page (or a notebook snippet) per ``Analysis``/``Comparison``.

It reads what ``analyze``/``compare`` produced and computes no statistic; sentences come from
:mod:`framing.report.story`. Templates live in ``templates/`` (Jinja2, autoescape on); the CSS and
JS are inlined with ``{% include %}`` so the page opens offline, and a Content-Security-Policy meta
tag forbids every network request (the one inline script is allowed by its sha256).

Article text and metadata are untrusted. Paragraph text is rendered the way displaCy renders
entities: walk the hit offsets, escape every text fragment with :func:`markupsafe.escape`, and
open/close ``<mark>`` elements around the fragments; overlapping hits are split so the elements
nest properly. Attribute values built here are escaped too; everything else goes through the
template's autoescaping. A URL becomes a link only when it is http(s).

Examples
--------
>>> from framing.model import Hit
>>> str(annotate("美國晶片出口管制", [Hit("出口管制", "geopolitics", 4, 8, 1.0)], ())).split(" data-h")[0]
'美國晶片<mark class="hit d-geopolitics"'
"""

from __future__ import annotations

import base64
import functools
import hashlib
import itertools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from .. import __version__
from ..model import (
    AlignedPair,
    Analysis,
    Comparison,
    Difference,
    Hit,
    ParagraphScore,
    Tone,
    ToneHit,
)
from . import story

TEMPLATES = Path(__file__).resolve().parent / "templates"

#: Okabe-Ito colours for dimensions the lexicon set does not know (a user's own lexicon directory)
FALLBACK_COLORS = ("#E69F00", "#56B4E9", "#F0E442", "#000000", "#D55E00", "#0072B2", "#CC79A7", "#009E73")
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_CLASS = re.compile(r"[^a-z0-9_-]")
LANG = {"traditional": "zh-Hant", "simplified": "zh-Hans", "mixed": "zh", "latin": "en", "unknown": "zh"}
TONE_LABEL = {1: "positive", 0: "neutral", -1: "negative"}
_fragment_ids = itertools.count(1)


# --------------------------------------------------------------------------- environment


@functools.lru_cache(maxsize=1)
def _env() -> Environment:
    """The Jinja2 environment (autoescape on, strict undefined), built once."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = lambda x, d=2: "n/a" if x is None else f"{x:.{d}f}"
    env.filters["signed"] = lambda x, d=2: "n/a" if x is None else f"{x:+.{d}f}"
    env.filters["pct"] = lambda x: f"{x:.0%}"
    env.filters["pval"] = story.pvalue
    return env


@functools.lru_cache(maxsize=1)
def _script() -> tuple[str, str]:
    """The inline script as the page includes it, and its CSP hash source."""
    js = _env().get_template("report.js").render()
    digest = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode("ascii")
    return js, f"'sha256-{digest}'"


def csp() -> str:
    """The Content-Security-Policy of the page: nothing from the network, only our own script."""
    return ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'; "
            f"media-src 'none'; object-src 'none'; frame-src 'none'; script-src {_script()[1]}; base-uri 'none'; "
            "form-action 'none'")


# --------------------------------------------------------------------------- dimensions


@dataclass(frozen=True, slots=True)
class DimStyle:
    name: str
    cls: str
    label: str
    label_zh: str
    color: str
    tint: str


def _tint(color: str, alpha: float) -> str:
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def dimension_styles(dimensions: Iterable[str], lexicons: Any = None) -> dict[str, DimStyle]:
    """Colour and labels of each dimension from the lexicon files (Okabe-Ito fallback for unknown ones)."""
    if lexicons is None:
        from ..errors import FramingError
        from ..lexicon import load_lexicons

        try:
            lexicons = load_lexicons()
        except FramingError:  # a broken shipped lexicon must not stop a report from rendering
            lexicons = None
    known = dict(getattr(lexicons, "lexicons", {}) or {})
    out: dict[str, DimStyle] = {}
    spare = iter(itertools.cycle(FALLBACK_COLORS))
    for name in dict.fromkeys(dimensions):
        lex = known.get(name)
        color = getattr(lex, "color", "")
        if not _HEX.match(color or ""):
            color = next(spare)
        label = getattr(lex, "label", {}) or {}
        en = label.get("en") or name.replace("_", " ").capitalize()
        cls = _CLASS.sub("-", name.lower()) or "x"
        out[name] = DimStyle(name, cls, en, label.get("zh", ""), color.upper(), _tint(color, 0.22))
    return out


# --------------------------------------------------------------------------- annotated text


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    order: int  # 0 frame hit, 1 tone word (a tone word nests inside a frame hit on the same characters)
    key: str
    tag: str
    classes: str
    tip: str


def _hit_tip(h: Hit, dims: Mapping[str, DimStyle]) -> str:
    d = dims.get(h.dimension)
    name = f"{d.label} ({h.dimension})" if d else h.dimension
    tip = f"{h.term} — frame: {name}\nweight {h.weight:g} · lexicon entry “{h.entry or h.term}”"
    if h.negated:
        tip += "\n¬ negated: the frame is named only to be rejected"
    return tip


def _tone_tip(h: ToneHit) -> str:
    pol = "positive" if h.polarity > 0 else "negative"
    tip = f"{h.term} — {pol} tone word\nweight {h.weight:g} → counts {h.value:+.2f}"
    if h.rules:
        tip += "\nrules: " + ", ".join(h.rules)
    if h.negated:
        tip += "\n¬ negated: its polarity is flipped"
    return tip


def _spans(text: str, hits: Sequence[Hit], tone_hits: Sequence[ToneHit], dims: Mapping[str, DimStyle],
           prefix: str) -> list[_Span]:
    n = len(text)
    out = []
    for k, h in enumerate(hits):
        if 0 <= h.start < h.end <= n:
            d = dims.get(h.dimension)
            cls = f"hit d-{d.cls if d else _CLASS.sub('-', h.dimension.lower())}" + (" neg" if h.negated else "")
            out.append(_Span(h.start, h.end, 0, f"{prefix}h{k}", "mark", cls, _hit_tip(h, dims)))
    for k, t in enumerate(tone_hits):
        if 0 <= t.start < t.end <= n:
            sign = t.value if t.value else t.polarity
            cls = f"tw {'pos' if sign > 0 else 'neg'}" + (" negated" if t.negated else "")
            out.append(_Span(t.start, t.end, 1, f"{prefix}t{k}", "span", cls, _tone_tip(t)))
    return out


def _open(s: _Span, first: bool) -> str:
    attrs = f' class="{s.classes}{"" if first else " cont"}" data-h="{escape(s.key)}" title="{escape(s.tip)}"'
    if first:
        attrs += f' tabindex="0" data-tip="{escape(s.tip)}"'
    return f"<{s.tag}{attrs}>"


def annotate(text: str, hits: Sequence[Hit], tone_hits: Sequence[ToneHit],
             dims: Mapping[str, DimStyle] | None = None, *, prefix: str = "") -> Markup:
    """A paragraph's text with frame hits as ``<mark>`` and tone words as underlined ``<span>``.

    Offsets are walked left to right (displaCy's way): every fragment of text between two
    boundaries is escaped, and elements open and close around it. When two hits cross, the one
    that ends first closes and the other closes and reopens around it (a continuation part,
    class ``cont``), so the markup always nests. Each element carries ``data-h``; the parts of a
    hit share it, so joining their text gives the hit's term back. Only a hit's first part is
    focusable and shows the tooltip on focus.
    """
    if dims is None:
        dims = dimension_styles({h.dimension for h in hits})
    spans = _spans(text, hits, tone_hits, dims, prefix)
    if not spans:
        return Markup(escape(text))
    starts: dict[int, list[_Span]] = {}
    for s in spans:
        starts.setdefault(s.start, []).append(s)
    bounds = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    out: list[str] = []
    stack: list[_Span] = []
    opened: set[str] = set()
    for pos, nxt in itertools.pairwise(bounds):
        ending = [k for k, s in enumerate(stack) if s.end <= pos]
        reopen: list[_Span] = []
        if ending:
            low = ending[0]
            for s in reversed(stack[low:]):
                out.append(f"</{s.tag}>")
            reopen = [s for s in stack[low:] if s.end > pos]
            del stack[low:]
        fresh = reopen + starts.get(pos, [])
        for s in sorted(fresh, key=lambda s: (-s.end, s.order, s.key)):
            out.append(_open(s, s.key not in opened))
            opened.add(s.key)
            stack.append(s)
        out.append(str(escape(text[pos:nxt])))
    for s in reversed(stack):
        out.append(f"</{s.tag}>")
    return Markup("".join(out))


# --------------------------------------------------------------------------- charts (inline SVG)


def _nice_step(span: float, target: int = 4) -> float:
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / target
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * mag >= raw:
            return m * mag
    return 10 * mag


def _ticks(lo: float, hi: float, step: float | None = None) -> list[float]:
    step = step or _nice_step(hi - lo)
    first = math.ceil(lo / step - 1e-9) * step
    out = []
    v = first
    while v <= hi + 1e-9:
        out.append(round(v, 10) + 0.0)
        v += step
    return out


def _extent(lo: float, hi: float, target: int = 4) -> tuple[float, float, float]:
    """``lo``/``hi`` widened to whole ticks, and the tick step."""
    step = _nice_step(hi - lo, target)
    return math.floor(lo / step + 1e-9) * step, math.ceil(hi / step - 1e-9) * step, step


def _fmt(v: float) -> str:
    return f"{v:g}" if abs(v) >= 0.01 or v == 0 else f"{v:.2g}"


def _finite(*xs: float) -> list[float]:
    return [x for x in xs if x is not None and math.isfinite(x)]


def _svg_open(width: float, height: float, caption: str, cls: str) -> str:
    e = escape
    return (f'<svg class="chart {cls}" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
            f'aria-label="{e(caption)}"><title>{e(caption)}</title>')


def paired_chart(rows: Sequence[tuple[str, str, Difference]], *, domain: tuple[float, float] | None,
                 value_title: str, diff_title: str, caption: str, narrow: bool = False) -> Markup:
    """Two panels per row: A and B values (● A, □ B, joined), then A − B with its 95% CI whisker.

    ``rows`` are (label, css class, Difference). Shapes and positions carry the meaning, so the
    chart reads in grey scale; a filled diamond marks a difference whose CI excludes zero. The
    wide layout puts the panels side by side; the narrow one (phones) stacks them.
    """
    e = escape
    n = max(1, len(rows))
    if narrow:
        label_w, panel_w, gap, row_h, top = 112, 196, 0, 30, 40
        width = label_w + panel_w + 92
        x0 = x1 = label_w
        top1, top2 = top, top + row_h * n + 92
        height = top2 + row_h * n + 66
    else:
        label_w, panel_w, gap, row_h, top = 170, 280, 44, 34, 42
        width = label_w + 2 * panel_w + gap + 110
        x0, x1 = label_w, label_w + panel_w + gap
        top1 = top2 = top
        height = top + row_h * n + 50
    vals = _finite(*(x for _, _, d in rows for x in (d.a, d.b)))
    lo, hi = domain if domain else (0.0, max(vals + [1e-9]))
    lo, hi, vstep = _extent(min([lo] + vals), max([hi] + vals))
    dmax = max(_finite(*(abs(x) for _, _, d in rows for x in (d.ci[0], d.ci[1], d.difference))) + [1e-9])
    _, dext, dstep = _extent(0.0, dmax, 2)

    def vx(v: float) -> float:
        return x0 + (v - lo) / (hi - lo or 1) * panel_w

    def dx(v: float) -> float:
        return x1 + (v + dext) / (2 * dext) * panel_w

    def labels(top_: float) -> None:
        for k, (label, cls, _) in enumerate(rows):
            y = top_ + row_h * k + row_h / 2
            parts.append(f'<g class="d-{cls}"><rect class="sw" x="4" y="{y - 6:.1f}" width="12" height="12"/>'
                         f'<text class="lab" x="22" y="{y + 4:.1f}">{e(label)}</text></g>')

    def axis(ticks: list[float], pos, top_: float, zero: bool) -> None:
        yb = top_ + row_h * n
        for t in ticks:
            x = pos(t)
            cls = "zero" if zero and abs(t) < 1e-12 else "grid"
            parts.append(f'<line class="{cls}" x1="{x:.1f}" x2="{x:.1f}" y1="{top_ - 6}" y2="{yb}"/>'
                         f'<text class="tick" x="{x:.1f}" y="{yb + 14}" text-anchor="middle">{_fmt(t)}</text>')

    parts = [_svg_open(width, height, caption, "narrow" if narrow else "wide")]
    parts.append(f'<text class="ct" x="{x0}" y="{top1 - 26}">{e(value_title)}</text>')
    parts.append(f'<text class="ct" x="{x1}" y="{top2 - 26}">{e(diff_title)}</text>')
    axis(_ticks(lo, hi, vstep), vx, top1, False)
    axis(_ticks(-dext, dext, dstep), dx, top2, True)
    parts.append(f'<text class="tick" x="{dx(-dext):.1f}" y="{top2 - 12}">← B higher</text>'
                 f'<text class="tick" x="{dx(dext):.1f}" y="{top2 - 12}" text-anchor="end">A higher →</text>')
    labels(top1)
    if narrow:
        labels(top2)
    for k, (label, cls, d) in enumerate(rows):
        y, y2 = top1 + row_h * k + row_h / 2, top2 + row_h * k + row_h / 2
        parts.append(f'<g class="r d-{cls}">')
        if _finite(d.a, d.b) == [d.a, d.b]:
            xa, xb = vx(d.a), vx(d.b)
            parts.append(f'<line class="join" x1="{xa:.1f}" x2="{xb:.1f}" y1="{y:.1f}" y2="{y:.1f}"/>'
                         f'<circle class="pa" cx="{xa:.1f}" cy="{y:.1f}" r="5.5"><title>A {d.a:.2f}</title></circle>'
                         f'<rect class="pb" x="{xb - 5:.1f}" y="{y - 5:.1f}" width="10" height="10">'
                         f'<title>B {d.b:.2f}</title></rect>')
        if _finite(d.difference, *d.ci) == [d.difference, *d.ci]:
            c0, c1, xm = dx(d.ci[0]), dx(d.ci[1]), dx(d.difference)
            filled = "lean" if d.leans else "nolean"
            parts.append(f'<line class="ci" x1="{c0:.1f}" x2="{c1:.1f}" y1="{y2:.1f}" y2="{y2:.1f}"/>'
                         f'<line class="ci" x1="{c0:.1f}" x2="{c0:.1f}" y1="{y2 - 5:.1f}" y2="{y2 + 5:.1f}"/>'
                         f'<line class="ci" x1="{c1:.1f}" x2="{c1:.1f}" y1="{y2 - 5:.1f}" y2="{y2 + 5:.1f}"/>'
                         f'<path class="{filled}" d="M{xm:.1f} {y2 - 6:.1f}l6 6l-6 6l-6-6z">'
                         f'<title>A − B {d.difference:+.2f}, 95% CI [{d.ci[0]:+.2f}, {d.ci[1]:+.2f}]</title></path>')
            verdict = f"{d.leans.upper()} higher" if d.leans else "no clear diff."
            parts.append(f'<text class="val" x="{x1 + panel_w + 8}" y="{y2 + 4:.1f}">{e(verdict)}</text>')
        parts.append("</g>")
    # legend: A/B shapes under the value panel, the diamonds under the difference panel
    la = top1 + row_h * n + 36
    lb = top2 + row_h * n + 36 + (18 if narrow else 0)
    parts.append(f'<g class="legend"><circle class="pa" cx="{x0 + 5}" cy="{la - 4}" r="5"/>'
                 f'<text class="tick" x="{x0 + 14}" y="{la}">A</text>'
                 f'<rect class="pb" x="{x0 + 32}" y="{la - 9}" width="10" height="10"/>'
                 f'<text class="tick" x="{x0 + 47}" y="{la}">B</text>'
                 f'<path class="lean" d="M{x1 + 5} {lb - 10}l6 6l-6 6l-6-6z"/>'
                 f'<text class="tick" x="{x1 + 15}" y="{lb}">CI excludes 0</text>'
                 f'<path class="nolean" d="M{x1 + 105} {lb - 10}l6 6l-6 6l-6-6z"/>'
                 f'<text class="tick" x="{x1 + 115}" y="{lb}">CI includes 0{"" if narrow else " (no clear difference)"}'
                 f'</text></g>')
    parts.append("</svg>")
    return Markup("".join(parts))


def profile_chart(a: Analysis, dims: Mapping[str, DimStyle], *, narrow: bool = False) -> Markup:
    """One article's frame profile: a bar per dimension (mean score), labelled with its values."""
    e = escape
    frames = a.summary.frames
    names = [d for d in a.dimensions if d in frames] or list(frames)
    if narrow:
        label_w, panel_w, row_h, top, val_w = 112, 150, 30, 26, 130
    else:
        label_w, panel_w, row_h, top, val_w = 170, 300, 30, 26, 230
    width = label_w + panel_w + val_w
    height = top + row_h * max(1, len(names)) + 24
    _, hi, step = _extent(0.0, max(_finite(*(frames[d].mean_score for d in names)) + [1e-9]))
    caption = f"Frame profile of {story.title(a)}: mean weighted hits per 100 words in scored paragraphs"
    parts = [_svg_open(width, height, caption, "narrow" if narrow else "wide"),
             f'<text class="ct" x="{label_w}" y="14">mean score (weighted hits per 100 words)</text>']
    yb = top + row_h * max(1, len(names))
    for t in _ticks(0, hi, step):
        x = label_w + t / hi * panel_w
        parts.append(f'<line class="{"zero" if t == 0 else "grid"}" x1="{x:.1f}" x2="{x:.1f}" y1="{top - 4}" '
                     f'y2="{yb}"/><text class="tick" x="{x:.1f}" y="{yb + 14}" text-anchor="middle">{_fmt(t)}</text>')
    n = a.summary.n_scored
    for k, name in enumerate(names):
        f = frames[name]
        d = dims.get(name)
        y = top + row_h * k
        w = max(0.0, f.mean_score) / hi * panel_w
        label = d.label if d else name
        val = (f"{f.mean_score:.2f} · {f.present_in}/{n} ¶" if narrow else
               f"{f.mean_score:.2f} · in {f.present_in}/{n} ¶ · {f.share:.0%} of hits")
        parts.append(f'<g class="r d-{d.cls if d else "x"}"><rect class="sw" x="4" y="{y + 9}" width="12" '
                     f'height="12"/><text class="lab" x="22" y="{y + 19}">{e(label)}</text>'
                     f'<rect class="bar" x="{label_w}" y="{y + 6}" width="{w:.1f}" height="{row_h - 12}"/>'
                     f'<text class="val" x="{label_w + panel_w + 10}" y="{y + 19}">{e(val)}</text></g>')
    parts.append("</svg>")
    return Markup("".join(parts))


def both(render, *args, **kw) -> Markup:
    """A chart in its wide and its narrow layout; CSS shows one by the width of the screen."""
    return Markup(render(*args, **kw, narrow=False)) + Markup(render(*args, **kw, narrow=True))


def tone_bar(t: Tone | None) -> Markup:
    """A paragraph's two tone signals as bars from a centre line: lexicon (dark), snownlp (light)."""
    if t is None:
        return Markup("")
    w, half = 84, 42

    def bar(v: float | None, y: int, h: int, cls: str) -> str:
        if v is None or not math.isfinite(v):
            return ""
        v = max(-1.0, min(1.0, v))
        x = half + min(0.0, v) * half
        return f'<rect class="{cls}" x="{x:.1f}" y="{y}" width="{abs(v) * half:.1f}" height="{h}"/>'

    return Markup(f'<svg class="tb" viewBox="0 0 {w} 14" width="{w}" height="14" aria-hidden="true">'
                  f'<rect class="tbg" x="0" y="0" width="{w}" height="14"/>'
                  f'{bar(t.lexicon, 1, 6, "tl")}{bar(t.snownlp, 8, 5, "ts")}'
                  f'<line class="tz" x1="{half}" x2="{half}" y1="0" y2="14"/></svg>')


# --------------------------------------------------------------------------- view model


def safe_url(url: str) -> str | None:
    """``url`` when it is an absolute http(s) URL, else None (it is then shown as text)."""
    url = (url or "").strip()
    if not url or any(ord(c) < 33 for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def _lang(a: Analysis) -> str:
    return LANG.get(a.script, "zh")


def _article_view(a: Analysis, side: str) -> dict[str, Any]:
    art = a.article
    return {
        "side": side,
        "label": side.upper() if side in ("a", "b") else "",
        "title": art.title or next((p.text for p in a.paragraphs if p.role == "headline"), "") or art.id,
        "story_title": story.title(a),
        "source": art.source,
        "date": art.date,
        "url": art.url,
        "href": safe_url(art.url),
        "path": art.path,
        "lang": _lang(a),
        "script": a.script,
        "naming": a.naming,
        "n_paragraphs": len(a.paragraphs),
        "n_scored": a.summary.n_scored,
        "n_chars": a.n_chars,
        "provenance": dict(a.provenance),
        "encoding": art.encoding,
        "analysis": a,
    }


def _para_view(p: ParagraphScore, side: str, dims: Mapping[str, DimStyle], prefix: str) -> dict[str, Any]:
    pid = f"{prefix}{side}-p{p.index}"
    chips = [
        {"cls": dims[d].cls if d in dims else _CLASS.sub("-", d), "label": dims[d].label if d in dims else d,
         "score": p.scores.get(d, 0.0), "primary": d == p.primary, "name": d}
        for d in p.present
    ]
    t = p.tone if p.scored else None
    return {
        "id": pid,
        "side": side,
        "side_label": side.upper() if side in ("a", "b") else "",
        "index": p.index,
        "role": p.role,
        "scored": p.scored,
        "reason": p.paragraph.reason,
        "lines": p.paragraph.lines,
        "chips": chips,
        "tone": t,
        "tone_label": TONE_LABEL.get(t.label, str(t.label)) if t else "",
        "tone_svg": tone_bar(t),
        "html": annotate(p.text, p.hits, p.tone_hits, dims, prefix=pid + "-"),
        "n_hits": len(p.hits),
        "status": "",
        "partners": [],
    }


def _chain(pairs: Sequence[AlignedPair], pos_a: Mapping[int, int], pos_b: Mapping[int, int]) -> list[AlignedPair]:
    """The longest run of pairs in reading order on both sides (they share rows); ties keep similarity."""
    ps = sorted(pairs, key=lambda p: (pos_a[p.a], pos_b[p.b]))
    if not ps:
        return []
    best = [1] * len(ps)
    score = [p.similarity for p in ps]
    prev = [-1] * len(ps)
    for i, p in enumerate(ps):
        for j in range(i):
            q = ps[j]
            if pos_a[q.a] < pos_a[p.a] and pos_b[q.b] < pos_b[p.b]:
                cand = (best[j] + 1, score[j] + p.similarity)
                if cand > (best[i], score[i]):
                    best[i], score[i], prev[i] = cand[0], cand[1], j
    i = max(range(len(ps)), key=lambda k: (best[k], score[k]))
    out = []
    while i >= 0:
        out.append(ps[i])
        i = prev[i]
    return out[::-1]


def _rows(c: Comparison, dims: Mapping[str, DimStyle], prefix: str) -> list[dict[str, Any]]:
    """Rows of the side-by-side view: aligned pairs share a row; the rest keep their reading order."""
    va = [_para_view(p, "a", dims, prefix) for p in c.a.paragraphs]
    vb = [_para_view(p, "b", dims, prefix) for p in c.b.paragraphs]
    pos_a = {v["index"]: k for k, v in enumerate(va)}
    pos_b = {v["index"]: k for k, v in enumerate(vb)}
    valid = [p for p in c.coverage.aligned if p.a in pos_a and p.b in pos_b]
    for p in valid:
        va[pos_a[p.a]]["partners"].append({"id": f"{prefix}b-p{p.b}", "label": f"B ¶{p.b}", "sim": p.similarity})
        vb[pos_b[p.b]]["partners"].append({"id": f"{prefix}a-p{p.a}", "label": f"A ¶{p.a}", "sim": p.similarity})
    # one row partner per paragraph: the most similar pair first
    used_a: set[int] = set()
    used_b: set[int] = set()
    one_to_one = []
    for p in sorted(valid, key=lambda p: (-p.similarity, p.a, p.b)):
        if p.a not in used_a and p.b not in used_b:
            used_a.add(p.a)
            used_b.add(p.b)
            one_to_one.append(p)
    chain = _chain(one_to_one, pos_a, pos_b)
    only_a, only_b = set(c.coverage.only_a), set(c.coverage.only_b)
    for views, only in ((va, only_a), (vb, only_b)):
        for v in views:
            if v["index"] in only:
                v["status"] = "only"
            elif v["partners"]:
                v["status"] = "elsewhere"
    rows: list[dict[str, Any]] = []
    i = j = 0

    def single(v: dict[str, Any], side: str) -> None:
        rows.append({"kind": "single", "side": side, "a": v if side == "a" else None, "b": v if side == "b" else None,
                     "unscored": not v["scored"]})

    for k, p in enumerate(chain):
        ia, ib = pos_a[p.a], pos_b[p.b]
        while i < ia:
            single(va[i], "a")
            i += 1
        while j < ib:
            single(vb[j], "b")
            j += 1
        for v in (va[ia], vb[ib]):
            v["status"] = "aligned"
        rows.append({"kind": "aligned", "a": va[ia], "b": vb[ib], "pair": p, "n": k,
                     "id": f"{prefix}pair-{k}", "prev": f"{prefix}pair-{k - 1}" if k else None,
                     "next": f"{prefix}pair-{k + 1}" if k + 1 < len(chain) else None,
                     "unscored": not (va[ia]["scored"] or vb[ib]["scored"])})
        i, j = ia + 1, ib + 1
    while i < len(va):
        single(va[i], "a")
        i += 1
    while j < len(vb):
        single(vb[j], "b")
        j += 1
    return rows


def _frame_rows(c: Comparison, dims: Mapping[str, DimStyle]) -> list[dict[str, Any]]:
    out = []
    for f in c.frames:
        d = dims.get(f.dimension)
        out.append({"name": f.dimension, "label": d.label if d else f.dimension, "zh": d.label_zh if d else "",
                    "cls": d.cls if d else "x", "f": f, "d": f.score})
    return out


def _context(dims: Mapping[str, DimStyle], prefix: str, fragment: bool) -> dict[str, Any]:
    return {"dims": list(dims.values()), "prefix": prefix, "fragment": fragment, "csp": csp(),
            "version": __version__}


def _all_dims(analyses: Iterable[Analysis]) -> list[str]:
    out: dict[str, None] = {}
    for a in analyses:
        for d in a.dimensions:
            out.setdefault(d, None)
    return list(out)


def _comparison_context(c: Comparison, *, prefix: str, fragment: bool, lexicons: Any) -> dict[str, Any]:
    dims = dimension_styles(_all_dims((c.a, c.b)) or [f.dimension for f in c.frames], lexicons)
    frows = _frame_rows(c, dims)
    frames_chart = both(
        paired_chart, [(r["label"], r["cls"], r["d"]) for r in frows], domain=None,
        value_title="mean score (weighted hits per 100 words)", diff_title="A − B with 95% CI",
        caption="Frame profile of A and B: mean paragraph score per dimension, and the difference A − B with its "
                "95% bootstrap confidence interval")
    tone_rows = [("all paragraphs", "all", c.tone.overall)]
    for d, diff in c.tone.by_dimension.items():
        s = dims.get(d)
        tone_rows.append((f"{s.label if s else d} paragraphs", s.cls if s else "x", diff))
    tone_chart = both(paired_chart, tone_rows, domain=(-1.0, 1.0), value_title="mean tone (−1 negative … +1 positive)",
                              diff_title="A − B with 95% CI",
                              caption="Tone of A and B overall and in the paragraphs of each frame, with the "
                                      "difference A − B and its 95% CI")
    ctx = _context(dims, prefix, fragment)
    ctx.update({
        "kind": "comparison",
        "c": c,
        "A": _article_view(c.a, "a"),
        "B": _article_view(c.b, "b"),
        "findings": story.findings(c),
        "sections": story.sections(c),
        "frame_rows": frows,
        "frames_chart": frames_chart,
        "tone_chart": tone_chart,
        "rows": _rows(c, dims, prefix),
        "figures_both": [n for n in c.numbers if n.a is not None and n.b is not None],
        "figures_one": [n for n in c.numbers if (n.a is None) != (n.b is None)],
        "title": f"Framing: {story.title(c.a)} vs {story.title(c.b)}",
    })
    ctx["n_pairs"] = sum(1 for r in ctx["rows"] if r["kind"] == "aligned")
    return ctx


def _analysis_context(analyses: Sequence[Analysis], *, prefix: str, fragment: bool, lexicons: Any) -> dict[str, Any]:
    dims = dimension_styles(_all_dims(analyses), lexicons)
    arts = []
    for k, a in enumerate(analyses):
        side = f"x{k}"
        view = _article_view(a, side)
        view.update({
            "id": f"{prefix}art-{k}",
            "chart": both(profile_chart, a, dims),
            "paragraphs": [_para_view(p, side, dims, prefix) for p in a.paragraphs],
            "tone_by_dim": [(dims[d].label if d in dims else d, v) for d, v in a.summary.tone_by_dimension.items()],
            "tone_mean": a.summary.tone_mean,
            "figures": a.figures,
            "voices": a.voices,
        })
        arts.append(view)
    ctx = _context(dims, prefix, fragment)
    if len(analyses) == 1:
        title = f"Framing: {story.title(analyses[0])}"
    else:
        title = f"Framing: {len(analyses)} articles"
    ctx.update({"kind": "analysis", "articles": arts, "title": title, "n_pairs": 0})
    return ctx


# --------------------------------------------------------------------------- public API


def render_comparison_page(comparison: Comparison, *, lexicons: Any = None) -> str:
    """The comparison as one self-contained HTML page (opens offline, can be mailed).

    Parameters
    ----------
    comparison : Comparison
        From :func:`framing.compare.compare`.
    lexicons : LexiconSet, optional
        Where dimension colours and labels come from (default: the shipped lexicons).

    Examples
    --------
    >>> from framing.analysis import analyze  # doctest: +SKIP
    >>> html = render_comparison_page(compare(analyze(a), analyze(b)))  # doctest: +SKIP
    >>> html.startswith("<!doctype html>")  # doctest: +SKIP
    True
    """
    ctx = _comparison_context(comparison, prefix="", fragment=False, lexicons=lexicons)
    return _env().get_template("page.html").render(body="comparison.html", **ctx)


def render_analysis_page(analyses: Sequence[Analysis] | Analysis, *, lexicons: Any = None) -> str:
    """One or more analysed articles as one self-contained page: profile and annotated paragraphs each."""
    if isinstance(analyses, Analysis):
        analyses = [analyses]
    ctx = _analysis_context(list(analyses), prefix="", fragment=False, lexicons=lexicons)
    return _env().get_template("page.html").render(body="analysis.html", **ctx)


def render_fragment(obj: Analysis | Comparison | Sequence[Analysis], *, lexicons: Any = None,
                    prefix: str | None = None) -> str:
    """The same report as an HTML snippet for a notebook's ``_repr_html_``.

    No ``<html>`` wrapper; every style is scoped under ``.framing-report`` so nothing leaks into
    the notebook, and element ids carry ``prefix`` (default: a fresh one per call) so two
    snippets in one notebook do not collide.
    """
    if prefix is None:
        prefix = f"fr{next(_fragment_ids)}-"
    prefix = _CLASS.sub("-", prefix.lower())
    if isinstance(obj, Comparison):
        ctx = _comparison_context(obj, prefix=prefix, fragment=True, lexicons=lexicons)
        body = "comparison.html"
    else:
        items = [obj] if isinstance(obj, Analysis) else list(obj)
        if not all(isinstance(a, Analysis) for a in items):
            raise TypeError("render_fragment takes an Analysis, a sequence of Analysis or a Comparison, "
                            f"not {type(obj).__name__}")
        ctx = _analysis_context(items, prefix=prefix, fragment=True, lexicons=lexicons)
        body = "analysis.html"
    return _env().get_template("fragment.html").render(body=body, **ctx)
