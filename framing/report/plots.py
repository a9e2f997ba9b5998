"""matplotlib figures of ``Comparison`` and ``Analysis``: the frame profile with CIs and the tone arc.

Both plots draw what ``compare``/``analyze`` computed; nothing is recomputed here. matplotlib is
imported inside the functions (the ``notebook`` extra). Figures are made with
``matplotlib.figure.Figure`` (not pyplot), so nothing accumulates in pyplot's global state; pass
``ax`` to draw into axes of your own.

Chinese labels need a CJK font: every text these functions draw uses the family list
:data:`CJK_FONTS` + ``DejaVu Sans``, filtered to the fonts matplotlib's font manager has (the first
that has a glyph draws it). When none of the CJK fonts is installed, a ``UserWarning`` (once per
process) names the fix; matplotlib's own "Glyph missing" warnings are left as they are.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import framing
>>> c = framing.compare("美國收緊出口管制\\n\\n美國商務部收緊對華晶片出口管制，中美科技戰升級。",
...                     "輝達股價暴跌\\n\\n輝達股價暴跌，市值蒸發，投資者拋售晶片股。", resamples=200)
>>> fig = plot_frames(c)
>>> [ax.get_title() for ax in fig.axes]
['mean score (weighted hits per 100 words)', 'A − B with 95% CI']
>>> len(plot_tone_arc(c).axes)
2
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import Any

from ..model import Analysis, Comparison, Difference

#: CJK-capable families, Traditional first (most seeds are Traditional; all cover both scripts)
CJK_FONTS = ("Noto Sans CJK TC", "Noto Sans CJK SC", "Source Han Sans TC", "PingFang TC", "Microsoft JhengHei",
             "Heiti TC")
#: the last resort for Latin text and digits (matplotlib's bundled font)
LATIN_FONT = "DejaVu Sans"
NO_CJK_FONT = ("no CJK font found by matplotlib (looked for {fonts}): Chinese labels will show as empty boxes. "
               "Install one (Debian/Ubuntu: apt install fonts-noto-cjk; macOS and Windows ship PingFang TC and "
               "Microsoft JhengHei), then delete matplotlib's font cache in {cache} so it is found")
#: the tone label's colour and hatch (hatching keeps the label readable in grey scale)
LABEL_STYLE = {-1: ("#D55E00", "///", "negative (label −1)"), 0: ("#BBBBBB", "", "neutral (label 0)"),
               1: ("#009E73", "...", "positive (label +1)")}
A_COLOR, B_COLOR = "#0072B2", "#D55E00"
_warned = False


def font_family() -> list[str]:
    """The families to draw with: the CJK fonts matplotlib has, then DejaVu Sans; warns once when no CJK font."""
    global _warned
    from matplotlib import font_manager

    have = {f.name for f in font_manager.fontManager.ttflist}
    family = [f for f in (*CJK_FONTS, LATIN_FONT) if f in have]
    if not any(f in have for f in CJK_FONTS) and not _warned:
        import matplotlib

        _warned = True
        warnings.warn(NO_CJK_FONT.format(fonts=", ".join(CJK_FONTS), cache=matplotlib.get_cachedir()),
                      UserWarning, stacklevel=3)
    return family or ["sans-serif"]


def _apply_font(axes: Sequence[Any], family: list[str]) -> None:
    """Every text of these axes (titles, labels, tick labels, legends, annotations) in ``family``."""
    from matplotlib.text import Text

    for ax in axes:
        for t in ax.findobj(Text):
            t.set_fontfamily(family)


def _new_figure(nrows: int, ncols: int, *, figsize: tuple[float, float], **kw: Any) -> tuple[Any, list[Any]]:
    """A pyplot-free Figure with a grid of axes."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False, **kw)
    return fig, [ax for row in axes for ax in row]


def _axes_list(ax: Any) -> list[Any] | None:
    """``ax`` as a list of Axes (one Axes, or a sequence/array of them), None when not given."""
    if ax is None:
        return None
    from matplotlib.axes import Axes

    if isinstance(ax, Axes):
        return [ax]
    try:
        axes = list(getattr(ax, "flat", ax))
    except TypeError:
        raise TypeError(f"ax must be a matplotlib Axes or a sequence of them, not {type(ax).__name__}") from None
    if not axes or not all(isinstance(a, Axes) for a in axes):
        raise TypeError("ax must be a matplotlib Axes or a sequence of them")
    return axes


def _labels(dimensions: Sequence[str], lexicons: Any = None) -> dict[str, tuple[str, str]]:
    """dimension -> (label "English 中文", colour), from the lexicon files as the HTML report has them."""
    from .html import dimension_styles

    if lexicons is not None and not hasattr(lexicons, "lexicons"):  # a directory
        from ..lexicon import load_lexicons

        lexicons = load_lexicons(lexicons)
    out = {}
    for name, s in dimension_styles(dimensions, lexicons).items():
        label = f"{s.label} {s.label_zh}".strip() if s.label_zh else s.label
        out[name] = (label, s.color)
    return out


def _short_title(a: Analysis, n: int = 28) -> str:
    from . import story

    t = story.title(a)
    return t if len(t) <= n else t[: n - 1] + "…"


def _finite(*xs: float) -> bool:
    return all(isinstance(x, (int, float)) and math.isfinite(x) for x in xs)


# --------------------------------------------------------------------------- frames


def plot_frames(comparison: Comparison, ax: Any = None, *, lexicons: Any = None) -> Any:
    """A vs B per dimension, and the difference A − B with its 95% CI whisker (the HTML report's chart).

    Left panel: each dimension's mean paragraph score (weighted hits per 100 words) in A (●)
    and B (□), joined. Right panel: A − B as a diamond with the bootstrap CI as a whisker;
    the diamond is filled when the CI excludes zero (``leans``), hollow otherwise, and the
    verdict ("A higher", "B higher", "no clear diff.") is written beside it.

    Parameters
    ----------
    comparison : Comparison
    ax : matplotlib Axes or a pair of Axes, optional
        A pair draws the two panels into them; a single Axes draws the difference panel only,
        with A's and B's values in the row labels. Default: a new figure with both panels.
    lexicons : str, os.PathLike or LexiconSet, optional
        Where the dimensions' labels and colours come from (default: the shipped lexicons; pass
        the directory the comparison was made with for dimensions of your own).

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn on (save it with ``fig.savefig(...)``).
    """
    family = font_family()
    import matplotlib

    axes = _axes_list(ax)
    with matplotlib.rc_context({"font.family": family}):
        frames = comparison.frames
        n = max(1, len(frames))
        if axes is None:
            fig, axes = _new_figure(1, 2, figsize=(10.5, 1.0 + 0.55 * n), sharey=True)
        elif len(axes) not in (1, 2):
            raise ValueError(f"plot_frames draws one panel (one Axes) or two (a pair), not {len(axes)}")
        fig = axes[0].figure
        styles = _labels([f.dimension for f in frames], lexicons)
        ys = list(range(len(frames)))[::-1]  # first dimension on top
        names = [styles[f.dimension][0] for f in frames]
        if len(axes) == 2:
            _values_panel(axes[0], frames, ys, styles)
            diff_ax = axes[1]
            axes[0].set_yticks(ys, names)
        else:
            diff_ax = axes[0]
            diff_ax.set_yticks(ys, [f"{name}\nA {f.score.a:.2f} · B {f.score.b:.2f}" for name, f in zip(names, frames)])
        _difference_panel(diff_ax, [f.score for f in frames], ys, [styles[f.dimension][1] for f in frames])
        for a in axes:
            a.set_ylim(-0.7, len(frames) - 0.3)
        if ax is None:
            title = fig.suptitle(f"A: {_short_title(comparison.a)}   vs   B: {_short_title(comparison.b)}",
                                 fontsize=11)
            title.set_fontfamily(family)
        _apply_font(axes, family)
    return fig


def _values_panel(ax: Any, frames: Sequence[Any], ys: Sequence[int], styles: dict[str, tuple[str, str]]) -> None:
    """A ● and B □ per dimension, joined by a line."""
    for y, f in zip(ys, frames):
        d, color = f.score, styles[f.dimension][1]
        if not _finite(d.a, d.b):
            continue
        ax.plot([d.a, d.b], [y, y], color="#888888", linewidth=1.5, zorder=1)
        ax.plot([d.a], [y], marker="o", markersize=9, color=color, linestyle="", zorder=3,
                label="A" if y == ys[0] else None)
        ax.plot([d.b], [y], marker="s", markersize=8, markerfacecolor="white", markeredgecolor=color,
                markeredgewidth=1.8, linestyle="", zorder=3, label="B" if y == ys[0] else None)
    ax.set_xlim(left=0)
    ax.set_title("mean score (weighted hits per 100 words)", fontsize=10)
    ax.grid(axis="x", color="#DDDDDD")
    from matplotlib.lines import Line2D

    ax.legend(handles=[Line2D([], [], marker="o", color="#444444", linestyle="", label="A"),
                       Line2D([], [], marker="s", markerfacecolor="white", markeredgecolor="#444444",
                              linestyle="", label="B")],
              loc="lower right", fontsize=9, frameon=False)


def _difference_panel(ax: Any, diffs: Sequence[Difference], ys: Sequence[int], colors: Sequence[str],
                      *, title: str = "A − B with 95% CI") -> None:
    """A − B as a diamond (filled when the CI excludes zero) with its CI whisker, and the verdict."""
    ext = max([abs(x) for d in diffs for x in (d.difference, *d.ci) if _finite(x)] + [1e-9]) * 1.15
    for y, d, color in zip(ys, diffs, colors):
        if not _finite(d.difference, *d.ci):
            continue
        ax.errorbar([d.difference], [y], xerr=[[d.difference - d.ci[0]], [d.ci[1] - d.difference]], fmt="D",
                    markersize=8, color=color, ecolor="#333333", elinewidth=1.4, capsize=4,
                    markerfacecolor=color if d.leans else "white", markeredgewidth=1.6, zorder=3)
        verdict = f"{d.leans.upper()} higher" if d.leans else "no clear diff."
        ax.annotate(verdict, xy=(1.0, y), xycoords=("axes fraction", "data"), xytext=(6, 0),
                    textcoords="offset points", va="center", fontsize=9, annotation_clip=False)
    ax.axvline(0, color="#333333", linewidth=1)
    ax.set_xlim(-ext, ext)
    ax.set_title(title, fontsize=10)
    ax.grid(axis="x", color="#DDDDDD")
    ax.annotate("← B higher", xy=(0.0, 0.0), xycoords="axes fraction", xytext=(2, 3), textcoords="offset points",
                fontsize=8, color="#555555")
    ax.annotate("A higher →", xy=(1.0, 0.0), xycoords="axes fraction", xytext=(-2, 3), textcoords="offset points",
                fontsize=8, color="#555555", ha="right")


# --------------------------------------------------------------------------- tone arc


def plot_tone_arc(analysis_or_comparison: Analysis | Comparison, ax: Any = None) -> Any:
    """Tone paragraph by paragraph: both signals, the combined score and its label (scored paragraphs only).

    For each scored paragraph (headline, standfirst, subheading, body; captions and boilerplate
    are skipped, as in the summaries) at its paragraph index: a bar of the combined tone score,
    coloured and hatched by the label (−1 negative, 0 neutral, +1 positive), and the two signals
    it combines as lines: snownlp (○, gaps where it gave no score) and the tone lexicon (△).

    Parameters
    ----------
    analysis_or_comparison : Analysis or Comparison
        One panel for an analysis; two (A above B, same scale) for a comparison.
    ax : matplotlib Axes (or a pair of them for a comparison), optional
        Default: a new figure.

    Returns
    -------
    matplotlib.figure.Figure
    """
    family = font_family()
    import matplotlib

    if isinstance(analysis_or_comparison, Comparison):
        sides = [("A", analysis_or_comparison.a), ("B", analysis_or_comparison.b)]
    elif isinstance(analysis_or_comparison, Analysis):
        sides = [("", analysis_or_comparison)]
    else:
        raise TypeError(f"plot_tone_arc takes an Analysis or a Comparison, not {type(analysis_or_comparison).__name__}")
    axes = _axes_list(ax)
    with matplotlib.rc_context({"font.family": family}):
        if axes is None:
            width = max(7.0, min(16.0, 0.22 * max(len(a.paragraphs) for _, a in sides) + 3))
            fig, axes = _new_figure(len(sides), 1, figsize=(width, 3.0 * len(sides) + 0.4), sharey=True)
        elif len(axes) != len(sides):
            what = "a comparison draws two panels: pass ax=(ax_a, ax_b)" if len(sides) == 2 else \
                "an analysis draws one panel: pass one Axes"
            raise ValueError(f"plot_tone_arc: {what}, not {len(axes)} Axes")
        fig = axes[0].figure
        for k, ((side, a), panel) in enumerate(zip(sides, axes)):
            _tone_panel(panel, a, side, legend=k == 0)
        _apply_font(axes, family)
    return fig


def _tone_panel(ax: Any, a: Analysis, side: str, *, legend: bool) -> None:
    """One article's arc."""
    from matplotlib.patches import Patch

    scored = a.scored
    xs = [p.index for p in scored]
    for p in scored:
        color, hatch, _ = LABEL_STYLE[p.tone.label]
        ax.bar(p.index, p.tone.score, width=0.8, color=color, alpha=0.55, hatch=hatch, edgecolor="#555555",
               linewidth=0.5, zorder=2)
    snow = [math.nan if p.tone.snownlp is None else p.tone.snownlp for p in scored]
    ax.plot(xs, snow, marker="o", markersize=4.5, markerfacecolor="white", color="#333333", linewidth=1.1,
            label="snownlp", zorder=3)
    ax.plot(xs, [p.tone.lexicon for p in scored], marker="^", markersize=5, color=A_COLOR, linewidth=1.1,
            linestyle="--", label="tone lexicon", zorder=3)
    ax.axhline(0, color="#333333", linewidth=0.8)
    ax.set_ylim(-1.08, 1.08)
    ax.set_ylabel("tone (−1 … +1)")
    if xs:
        ax.set_xlim(min(xs) - 0.8, max(xs) + 0.8)
        if len(xs) <= 40:
            ax.set_xticks(xs)
            ax.tick_params(axis="x", labelsize=7)
    ax.set_xlabel("paragraph")
    prefix = f"{side}: " if side else ""
    mean = a.summary.tone_mean
    ax.set_title(f"{prefix}{_short_title(a, 40)} — mean tone {mean:+.2f} over {len(scored)} scored paragraphs",
                 fontsize=10, loc="left")
    ax.grid(axis="y", color="#EEEEEE")
    if legend:
        lines, _ = ax.get_legend_handles_labels()
        bars = [Patch(facecolor=c, alpha=0.55, hatch=h, edgecolor="#555555", label=f"score: {t}")
                for c, h, t in LABEL_STYLE.values()]
        ax.legend(handles=lines + bars, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
