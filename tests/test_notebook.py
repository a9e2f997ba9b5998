"""The notebook side: DataFrame methods, plots (CJK labels), and notebooks/explore.ipynb executed offline."""

from __future__ import annotations

import io
import math
import time

import pytest

pd = pytest.importorskip("pandas")
matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from conftest import ROOT

from framing.report import frames as F
from framing.report import plots as P
from framing.report.tabular import paragraph_rows

NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"


@pytest.fixture(scope="module")
def comparison(seed_analyses):
    from framing.compare import compare

    return compare(*seed_analyses)


def _same(x, y) -> bool:
    """Equal, with None/NaN/NA as one missing value and floats compared approximately."""
    missing = lambda v: v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))
    if missing(x) or missing(y):
        return missing(x) and missing(y)
    if isinstance(x, float) or isinstance(y, float):
        return x == pytest.approx(y, abs=1e-9)
    return x == y


# --------------------------------------------------------------------------- DataFrames


def test_to_frame_has_the_tabular_rows(seed_analyses):
    a = seed_analyses[0]
    df = a.to_frame()
    rows = list(paragraph_rows(a))
    assert list(df.columns) == list(rows[0])
    assert len(df) == len(a.paragraphs)
    assert df["index"].tolist() == [p.index for p in a.paragraphs]
    assert df["role"].tolist() == [p.role for p in a.paragraphs]
    assert df["text"].tolist() == [p.text for p in a.paragraphs]
    for d in a.dimensions:
        assert df[f"score_{d}"].tolist() == pytest.approx([p.scores[d] for p in a.paragraphs], abs=1e-4)
        assert df[f"present_{d}"].tolist() == [d in p.present for p in a.paragraphs]
    assert df["tone_label"].tolist() == [p.tone.label for p in a.paragraphs]
    assert df["tone_score"].tolist() == pytest.approx([p.tone.score for p in a.paragraphs], abs=1e-4)
    assert df["tone_snownlp"].dtype == "float64"
    for value, p in zip(df["tone_snownlp"], a.paragraphs):
        assert (math.isnan(value) and p.tone.snownlp is None) or value == pytest.approx(p.tone.snownlp, abs=1e-4)
    assert df["scored"].tolist() == [p.scored for p in a.paragraphs]
    assert (df["article_id"] == a.article.id).all()


def test_frames_frame_matches_the_frame_differences(comparison):
    df = comparison.frames_frame()
    assert tuple(df.columns) == F.FRAMES_COLUMNS == (
        "dimension", "a", "b", "difference", "ci_low", "ci_high", "p_value", "leans", "share_a", "share_b")
    assert len(df) == len(comparison.frames) == len(comparison.a.dimensions)
    for row, f in zip(df.to_dict("records"), comparison.frames):
        d = f.score
        expected = {"dimension": f.dimension, "a": d.a, "b": d.b, "difference": d.difference, "ci_low": d.ci[0],
                    "ci_high": d.ci[1], "p_value": d.p_value, "leans": d.leans, "share_a": f.share_a,
                    "share_b": f.share_b}
        assert all(_same(row[k], v) for k, v in expected.items()), (row, expected)
    assert df["leans"].notna().sum() == sum(1 for f in comparison.frames if f.score.leans)


def test_tone_frame_has_overall_then_each_dimension(comparison):
    df = comparison.tone_frame()
    assert tuple(df.columns) == F.TONE_COLUMNS
    assert len(df) == 1 + len(comparison.tone.by_dimension)
    assert df["scope"].tolist() == ["overall"] + ["dimension"] * len(comparison.tone.by_dimension)
    diffs = [comparison.tone.overall, *comparison.tone.by_dimension.values()]
    assert df["dimension"].tolist()[1:] == list(comparison.tone.by_dimension)
    assert df["difference"].tolist() == pytest.approx([d.difference for d in diffs])
    assert df["ci_low"].tolist() == pytest.approx([d.ci[0] for d in diffs])


def test_numbers_frame_matches_the_figure_pairs(comparison):
    df = comparison.numbers_frame()
    assert tuple(df.columns) == F.NUMBERS_COLUMNS
    assert len(df) == len(comparison.numbers)
    assert str(df["a_paragraph"].dtype) == "Int64" and df["a_value"].dtype == "float64"
    for row, n in zip(df.to_dict("records"), comparison.numbers):
        assert row["about"] == n.about and _same(row["agree"], n.agree)
        for side, fig in (("a", n.a), ("b", n.b)):
            for k in F.FIGURE_FIELDS:
                assert _same(row[f"{side}_{k}"], None if fig is None else getattr(fig, k)), (side, k, row)
    both = df[df["a_text"].notna() & df["b_text"].notna()]
    assert len(both) == sum(1 for n in comparison.numbers if n.a and n.b) > 0


def test_voices_frame_lists_both_sides(comparison):
    df = comparison.voices_frame()
    assert tuple(df.columns) == F.VOICES_COLUMNS
    voices = [("a", v) for v in comparison.voices_a] + [("b", v) for v in comparison.voices_b]
    assert len(df) == len(voices)
    assert [(r["side"], r["name"], r["kind"], r["paragraphs"], r["verbs"], r["n_mentions"])
            for r in df.to_dict("records")] == [(s, v.name, v.kind, v.paragraphs, v.verbs, len(v.mentions))
                                                for s, v in voices]


def test_frames_of_a_comparison_without_figures_or_voices_keep_their_columns():
    import framing

    c = framing.compare("輝達股價暴跌。", "美國收緊出口管制。", resamples=50)
    assert not c.numbers and not c.voices_a and not c.voices_b
    for df, columns in ((c.numbers_frame(), F.NUMBERS_COLUMNS), (c.voices_frame(), F.VOICES_COLUMNS)):
        assert tuple(df.columns) == columns and len(df) == 0


# --------------------------------------------------------------------------- plots


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=60)  # a missing glyph would warn, and warnings are errors here
    return buf.getvalue()


def _texts(fig) -> list[str]:
    from matplotlib.text import Text

    return [t.get_text() for t in fig.findobj(Text)]


def test_plot_frames_renders_with_cjk_labels(comparison):
    fig = comparison.plot_frames()
    data = _png(fig)
    assert data.startswith(b"\x89PNG") and len(data) > 5_000
    values, _ = fig.axes
    labels = [t.get_text() for t in values.get_yticklabels()]
    assert labels == ["Censorship 審查", "Geopolitics 地緣政治", "Markets 市場", "Open source 開源"]
    assert values.get_yticklabels()[0].get_fontfamily()[0] in P.CJK_FONTS
    verdicts = [t for t in _texts(fig) if t in ("A higher", "B higher", "no clear diff.")]
    assert len(verdicts) == len(comparison.frames)
    assert verdicts.count("A higher") == sum(1 for f in comparison.frames if f.score.leans == "a")


def test_plot_frames_into_given_axes(comparison):
    from matplotlib.figure import Figure

    fig = Figure()
    pair = fig.subplots(1, 2)
    assert comparison.plot_frames(ax=pair) is fig
    one = Figure().subplots()
    out = P.plot_frames(comparison, ax=one)
    assert any("A " in t.get_text() and "· B" in t.get_text() for t in one.get_yticklabels())
    assert _png(out)
    with pytest.raises(ValueError, match="one panel"):
        P.plot_frames(comparison, ax=Figure().subplots(1, 3))
    with pytest.raises(TypeError, match="Axes"):
        P.plot_frames(comparison, ax="left")


def test_plot_tone_arc_of_an_analysis_draws_scored_paragraphs_only(seed_analyses):
    a = seed_analyses[0]
    fig = a.plot_tone_arc()
    assert len(fig.axes) == 1 and _png(fig)
    ax = fig.axes[0]
    assert len(ax.patches) == len(a.scored) < len(a.paragraphs)
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert lines["tone lexicon"].get_ydata().tolist() == pytest.approx([p.tone.lexicon for p in a.scored])
    assert lines["snownlp"].get_xdata().tolist() == [p.index for p in a.scored]
    assert any("衝擊" in t for t in _texts(fig))  # the title, in Chinese


def test_plot_tone_arc_of_a_comparison_has_two_panels(comparison):
    fig = comparison.plot_tone_arc()
    assert len(fig.axes) == 2 and _png(fig)
    assert fig.axes[0].get_title(loc="left").startswith("A: ") and fig.axes[1].get_title(loc="left").startswith("B: ")
    with pytest.raises(ValueError, match="two panels"):
        P.plot_tone_arc(comparison, ax=fig.axes[0])
    with pytest.raises(TypeError, match="Analysis or a Comparison"):
        P.plot_tone_arc("text")


def test_no_cjk_font_warns_once_naming_the_fix(comparison, monkeypatch):
    monkeypatch.setattr(P, "CJK_FONTS", ("No Such Font TC",))
    monkeypatch.setattr(P, "_warned", False)
    with pytest.warns(UserWarning, match="fonts-noto-cjk"):
        family = P.font_family()
    assert family == ["DejaVu Sans"]
    P.font_family()  # once per process: no second warning (warnings are errors here)


def test_plots_do_not_use_pyplot(comparison):
    import subprocess
    import sys

    code = ("import matplotlib; matplotlib.use('Agg'); import sys, framing\n"
            "c = framing.compare('輝達股價暴跌。', '美國收緊出口管制。', resamples=50)\n"
            "c.plot_frames(); c.plot_tone_arc(); print('matplotlib.pyplot' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------- the notebook


def test_notebook_is_stored_without_outputs():
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)
    assert nb.metadata.kernelspec.name == "python3"


@pytest.mark.slow
@pytest.mark.parametrize("cwd", ["notebooks", "."])
def test_notebook_executes_without_errors(cwd):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, kernel_name="python3", timeout=300,
                                     resources={"metadata": {"path": str(ROOT / cwd)}})
    start = time.perf_counter()
    client.execute()  # raises CellExecutionError on the first failing cell
    elapsed = time.perf_counter() - start
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    stderr = [o.text for o in outputs if o.output_type == "stream" and o.name == "stderr"]
    assert not stderr, stderr  # no warnings (a missing CJK glyph would show here)
    images = [o for o in outputs if "data" in o and "image/png" in o.data]
    assert len(images) >= 3  # plot_frames, plot_tone_arc, plot_frames with the custom lexicon
    print(f"notebook executed in {elapsed:.1f} s from {cwd}")


def test_docstring_examples_of_plots_and_model_run():
    import doctest

    import framing.model

    for module in (P, framing.model):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0 and result.attempted > 0, module.__name__
