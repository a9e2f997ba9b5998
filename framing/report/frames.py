"""pandas DataFrames of ``Analysis`` and ``Comparison``, for notebooks (docs/notebook.md lists the columns).

Rows are built here as plain dicts (``*_rows``: no pandas needed, testable alone); the ``*_frame``
functions turn them into DataFrames and are what the model's methods call
(``Analysis.to_frame()``, ``Comparison.frames_frame()`` ...). pandas is imported inside those
functions only, so importing this module costs nothing. A paragraph's row comes from
:func:`framing.report.tabular.paragraph_rows`, the same builder as ``--format csv``.

Examples
--------
>>> from framing.model import Difference, FrameDifference
>>> d = Difference(a=2.0, b=0.5, difference=1.5, ci=(0.4, 2.6), p_value=0.01, leans="a")
>>> frames_rows_of([FrameDifference("markets", d, share_a=0.5, share_b=0.25)])[0]["ci_low"]
0.4
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..model import Analysis, Comparison, Difference, Figure, FrameDifference

if TYPE_CHECKING:
    import pandas as pd

#: columns of ``Comparison.frames_frame()``
FRAMES_COLUMNS = ("dimension", "a", "b", "difference", "ci_low", "ci_high", "p_value", "leans", "share_a", "share_b")
#: columns of ``Comparison.tone_frame()``
TONE_COLUMNS = ("scope", "dimension", "a", "b", "difference", "ci_low", "ci_high", "p_value", "leans")
#: per-side fields of ``Comparison.numbers_frame()`` (prefixed ``a_`` and ``b_``)
FIGURE_FIELDS = ("text", "value", "high", "unit", "kind", "qualifier", "paragraph")
NUMBERS_COLUMNS = ("about", *(f"{s}_{f}" for s in "ab" for f in FIGURE_FIELDS), "agree", "note")
#: columns of ``Comparison.voices_frame()``
VOICES_COLUMNS = ("side", "name", "kind", "paragraphs", "verbs", "n_mentions")


def _pandas():
    """pandas, or an ImportError that names the extra to install."""
    try:
        import pandas
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise ImportError('DataFrames need pandas: pip install "framing[notebook]" (or pip install pandas)') from exc
    return pandas


def _difference(d: Difference) -> dict[str, Any]:
    return {"a": d.a, "b": d.b, "difference": d.difference, "ci_low": d.ci[0], "ci_high": d.ci[1],
            "p_value": d.p_value, "leans": d.leans}


# --------------------------------------------------------------------------- rows


def frames_rows_of(frames: Iterable[FrameDifference]) -> list[dict[str, Any]]:
    """One row per dimension: A and B mean scores, A − B with its CI and p-value, shares of paragraphs."""
    return [{"dimension": f.dimension, **_difference(f.score), "share_a": f.share_a, "share_b": f.share_b}
            for f in frames]


def tone_rows(c: Comparison) -> list[dict[str, Any]]:
    """The overall tone difference, then one row per dimension with framed paragraphs on both sides."""
    rows = [{"scope": "overall", "dimension": None, **_difference(c.tone.overall)}]
    rows += [{"scope": "dimension", "dimension": d, **_difference(v)} for d, v in c.tone.by_dimension.items()]
    return rows


def _figure(prefix: str, f: Figure | None) -> dict[str, Any]:
    if f is None:
        return {f"{prefix}_{k}": None for k in FIGURE_FIELDS}
    return {f"{prefix}_{k}": getattr(f, k) for k in FIGURE_FIELDS}


def numbers_rows(c: Comparison) -> list[dict[str, Any]]:
    """One row per figure pair (or figure given by one side only), in the comparison's order."""
    return [{"about": n.about, **_figure("a", n.a), **_figure("b", n.b), "agree": n.agree, "note": n.note}
            for n in c.numbers]


def voices_rows(c: Comparison) -> list[dict[str, Any]]:
    """One row per voice of each side: A's voices first, then B's, each in the analysis's order."""
    return [{"side": side, "name": v.name, "kind": v.kind, "paragraphs": v.paragraphs, "verbs": v.verbs,
             "n_mentions": len(v.mentions)}
            for side, voices in (("a", c.voices_a), ("b", c.voices_b)) for v in voices]


# --------------------------------------------------------------------------- frames


def analysis_frame(a: Analysis) -> pd.DataFrame:
    """``Analysis.to_frame()``: the rows of :func:`~framing.report.tabular.paragraph_rows`.

    ``tone_snownlp`` is NaN where snownlp gave no score (the CSV writes an empty cell).
    """
    pd = _pandas()
    from .tabular import paragraph_rows

    rows = list(paragraph_rows(a))
    if not rows:
        return pd.DataFrame()
    df = pd.DataFrame.from_records(rows, columns=list(rows[0]))
    df["tone_snownlp"] = df["tone_snownlp"].map(lambda v: float("nan") if v == "" else v).astype("float64")
    return df


def frames_frame(c: Comparison) -> pd.DataFrame:
    """``Comparison.frames_frame()``: one row per dimension, in the analyses' dimension order."""
    pd = _pandas()
    return pd.DataFrame.from_records(frames_rows_of(c.frames), columns=list(FRAMES_COLUMNS))


def tone_frame(c: Comparison) -> pd.DataFrame:
    """``Comparison.tone_frame()``: the overall row first, then one per dimension."""
    pd = _pandas()
    return pd.DataFrame.from_records(tone_rows(c), columns=list(TONE_COLUMNS))


def numbers_frame(c: Comparison) -> pd.DataFrame:
    """``Comparison.numbers_frame()``: paragraphs are nullable integers (``<NA>`` where a side has no figure)."""
    pd = _pandas()
    df = pd.DataFrame.from_records(numbers_rows(c), columns=list(NUMBERS_COLUMNS))
    for side in "ab":
        df[f"{side}_paragraph"] = df[f"{side}_paragraph"].astype("Int64")
        for k in ("value", "high"):
            df[f"{side}_{k}"] = df[f"{side}_{k}"].astype("float64")
    return df


def voices_frame(c: Comparison) -> pd.DataFrame:
    """``Comparison.voices_frame()``: ``paragraphs`` and ``verbs`` hold tuples."""
    pd = _pandas()
    return pd.DataFrame.from_records(voices_rows(c), columns=list(VOICES_COLUMNS))
