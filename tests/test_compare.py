"""compare.py: frame and tone differences with intervals, keyness, alignment, mirror symmetry."""

from __future__ import annotations

import copy
import doctest
import itertools
import math
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import framing.compare as compare_module
from framing.compare import (
    expanded_alpha,
    ALIGNMENT_FLOOR,
    align,
    compare,
    difference,
    g2_p_value,
    g_squared,
    keyness,
    load_keyness,
    max_assignment,
)
from framing.errors import LexiconError, UsageError
from framing.model import (
    SCORED_ROLES,
    Analysis,
    Article,
    Comparison,
    Difference,
    Paragraph,
    ParagraphScore,
    Summary,
    Token,
    Tone,
)

DIMS = ("geopolitics", "markets", "censorship", "open_source")
DATA = Path(__file__).resolve().parent / "data" / "compare"
FIXTURES = sorted(DATA.glob("*.txt"))
SWAP = {"a": "b", "b": "a", None: None}


# --------------------------------------------------------------------------- factories


def words_tokens(words: list[str]) -> tuple[Token, ...]:
    """Tokens for a list of words written back to back (norm = the word itself)."""
    out, pos = [], 0
    for w in words:
        out.append(Token(w, w, pos, pos + len(w)))
        pos += len(w)
    return tuple(out)


def para(index: int, scores: dict[str, float] | None = None, *, role: str = "body", tone: float = 0.0,
         snownlp: float | None = None, lexicon: float | None = None, text: str = "",
         tokens: tuple[Token, ...] | None = None, present: tuple[str, ...] | None = None) -> ParagraphScore:
    """One scored paragraph; a dimension is present when its score reaches 1 unless given."""
    scores = {d: float((scores or {}).get(d, 0.0)) for d in DIMS}
    if present is None:
        present = tuple(d for d in DIMS if scores[d] >= 1.0)
    if tokens is None:
        from framing.text import tokenize

        tokens = tokenize(text) if text else ()
    lex = tone if lexicon is None else lexicon
    return ParagraphScore(
        paragraph=Paragraph(index, role, text, (index + 1, index + 1), ((0, len(text)),)),
        n_tokens=max(1, len(tokens)),
        scores=scores,
        present=present,
        primary=present[0] if present else None,
        tone=Tone(snownlp, lex, tone, 0),
        tokens=tokens,
    )


def analysis(paragraphs: list[ParagraphScore], *, id: str = "a",  # noqa: A002
             dims: tuple[str, ...] = DIMS) -> Analysis:
    """An Analysis around ready-made paragraphs (summary left minimal: compare does not read it)."""
    text = "\n\n".join(p.text for p in paragraphs)
    n = sum(1 for p in paragraphs if p.scored)
    return Analysis(Article(id, text), "traditional", dims, tuple(paragraphs), Summary({}, 0.0, {}, n))


def scores_side(values: list[float], dim: str = "markets", *, id: str, tones: list[float] | None = None) -> Analysis:
    tones = tones or [0.0] * len(values)
    return analysis([para(i, {dim: v}, tone=t) for i, (v, t) in enumerate(zip(values, tones))], id=id)


def from_text(text: str, *, id: str) -> Analysis:  # noqa: A002
    """Paragraphs split on blank lines, the first a headline, tokenised by the project's tokenizer."""
    blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
    return analysis([para(i, role="headline" if i == 0 else "body", text=b) for i, b in enumerate(blocks)], id=id)


# --------------------------------------------------------------------------- mirror check


def assert_difference_mirror(d1: Difference, d2: Difference) -> None:
    assert (d2.a, d2.b) == (d1.b, d1.a)
    assert d2.difference == -d1.difference
    assert d2.ci == (-d1.ci[1], -d1.ci[0])
    assert d2.p_value == d1.p_value
    assert d2.leans == SWAP[d1.leans]


def assert_mirror(ab: Comparison, ba: Comparison) -> None:
    """ba = compare(b, a) is the exact mirror image of ab = compare(a, b)."""
    assert ba.a is ab.b and ba.b is ab.a
    assert [f.dimension for f in ab.frames] == [f.dimension for f in ba.frames]
    for f1, f2 in zip(ab.frames, ba.frames):
        assert_difference_mirror(f1.score, f2.score)
        assert (f2.share_a, f2.share_b) == (f1.share_b, f1.share_a)
        assert (f2.headline_a, f2.headline_b) == (f1.headline_b, f1.headline_a)
    assert_difference_mirror(ab.tone.overall, ba.tone.overall)
    assert set(ab.tone.by_dimension) == set(ba.tone.by_dimension)
    for d, x in ab.tone.by_dimension.items():
        assert_difference_mirror(x, ba.tone.by_dimension[d])
    assert sorted((SWAP[s], i, x, y) for s, i, x, y in ab.tone.disagreements) == sorted(ba.tone.disagreements)
    swap_terms = lambda terms: [(t.term, t.b, t.a, t.g2, t.p_value) for t in terms]  # noqa: E731
    assert swap_terms(ab.keyness.a) == [(t.term, t.a, t.b, t.g2, t.p_value) for t in ba.keyness.b]
    assert swap_terms(ab.keyness.b) == [(t.term, t.a, t.b, t.g2, t.p_value) for t in ba.keyness.a]
    assert ab.keyness.note == ba.keyness.note
    c1, c2 = ab.coverage, ba.coverage
    assert sorted((p.b, p.a, p.similarity) for p in c1.aligned) == [(p.a, p.b, p.similarity) for p in c2.aligned]
    assert (c2.only_a, c2.only_b) == (c1.only_b, c1.only_a)
    assert (c2.only_a_frames, c2.only_b_frames) == (c1.only_b_frames, c1.only_a_frames)
    assert c1.floor == c2.floor
    assert (ba.voices_a, ba.voices_b, ba.naming_a, ba.naming_b) == (ab.voices_b, ab.voices_a, ab.naming_b, ab.naming_a)


def assert_indexes_exist(c: Comparison) -> None:
    """Every paragraph index the comparison reports is a scored paragraph of its side."""
    sides = {"a": {p.index for p in c.a.scored}, "b": {p.index for p in c.b.scored}}
    for p in c.coverage.aligned:
        assert p.a in sides["a"] and p.b in sides["b"]
    assert set(c.coverage.only_a) <= sides["a"] and set(c.coverage.only_b) <= sides["b"]
    for idx in c.coverage.only_a_frames.values():
        assert set(idx) <= set(c.coverage.only_a)
    for idx in c.coverage.only_b_frames.values():
        assert set(idx) <= set(c.coverage.only_b)
    aligned_a = [p.a for p in c.coverage.aligned]
    aligned_b = [p.b for p in c.coverage.aligned]
    assert len(set(aligned_a)) == len(aligned_a) and len(set(aligned_b)) == len(aligned_b)  # one to one
    assert set(aligned_a) | set(c.coverage.only_a) == sides["a"]
    assert set(aligned_b) | set(c.coverage.only_b) == sides["b"]
    for side, i, _, _ in c.tone.disagreements:
        assert i in sides[side]


# --------------------------------------------------------------------------- frames


def test_clear_difference_leans_a():
    a = scores_side([4.0, 5.5, 5.0, 6.0, 4.5, 5.2, 4.8, 5.9, 5.1, 4.6], id="a")
    b = scores_side([0.0, 0.3, 0.0, 0.0, 0.5, 0.0, 0.2, 0.0, 0.0, 0.1], id="b")
    c = compare(a, b)
    markets = next(f for f in c.frames if f.dimension == "markets")
    d = markets.score
    assert d.a == pytest.approx(5.06) and d.b == pytest.approx(0.11)
    assert d.difference == pytest.approx(4.95)
    assert d.ci[0] > 0 and d.ci[0] <= d.difference <= d.ci[1]
    assert d.p_value < 0.05
    assert d.p_value == pytest.approx(1 / 2001)  # no permutation reaches the observed split
    assert d.leans == "a"
    assert (markets.share_a, markets.share_b) == (1.0, 0.0)
    for f in c.frames:  # the other dimensions are absent from both: no difference at all
        if f.dimension != "markets":
            assert f.score == Difference(0.0, 0.0, 0.0, (0.0, 0.0), 1.0, None)


def test_identical_sides_show_no_difference():
    values = [0.0, 2.0, 3.5, 1.0, 0.0, 4.0]
    c = compare(scores_side(values, id="a", tones=[0.1, -0.3, 0.5, 0.0, 0.2, -0.1]),
                scores_side(values, id="b", tones=[0.1, -0.3, 0.5, 0.0, 0.2, -0.1]))
    for f in c.frames:
        assert f.score.difference == 0.0
        assert f.score.leans is None
        assert f.score.ci[0] <= 0.0 <= f.score.ci[1]
        assert f.score.ci == (-f.score.ci[1], -f.score.ci[0])  # symmetrised: identical samples
    assert c.tone.overall.difference == 0.0 and c.tone.overall.leans is None


def test_compare_with_itself_shows_no_lean_anywhere():
    a = from_text(FIXTURES[0].read_text(encoding="utf-8"), id="x")
    a = analysis([para(p.index, {"markets": 2.0 * (p.index % 3), "geopolitics": 1.0 * (p.index % 2)},
                       role=p.role, tone=0.1 * (p.index % 4) - 0.15, snownlp=0.9, lexicon=-0.5, text=p.text,
                       tokens=p.tokens) for p in a.paragraphs], id="x")
    c = compare(a, a)
    for f in c.frames:
        assert f.score.difference == 0.0 and f.score.leans is None
        assert f.score.ci == (-f.score.ci[1], -f.score.ci[0])
    assert c.tone.overall.leans is None
    assert all(d.leans is None and d.difference == 0.0 for d in c.tone.by_dimension.values())
    assert c.keyness.a == () and c.keyness.b == ()
    assert [(p.a, p.b) for p in c.coverage.aligned] == [(p.index, p.index) for p in a.scored]
    assert c.coverage.only_a == () and c.coverage.only_b == ()
    assert_mirror(c, compare(a, a))


def test_mirror_and_determinism_on_texts():
    texts = [f.read_text(encoding="utf-8") for f in FIXTURES[:2]]
    rng = random.Random(3)

    def scored(text, id):  # noqa: A002
        base = from_text(text, id=id)
        return analysis([para(p.index, {d: rng.choice([0.0, 0.0, 1.5, 4.0]) for d in DIMS}, role=p.role,
                              tone=rng.uniform(-1, 1), snownlp=rng.uniform(-1, 1), lexicon=rng.uniform(-1, 1),
                              text=p.text, tokens=p.tokens) for p in base.paragraphs], id=id)

    a = scored(texts[0] + "\n\n" + texts[1].split("\n\n", 2)[2], "a")  # shares paragraphs with b
    b = scored(texts[1], "b")
    ab, ba = compare(a, b), compare(b, a)
    assert_mirror(ab, ba)
    assert ab == compare(a, b)  # deterministic
    assert ab.coverage.aligned  # the shared paragraphs are found
    assert_indexes_exist(ab)
    assert_indexes_exist(ba)
    other = compare(a, b, seed=1)
    assert other.frames[0].score.difference == ab.frames[0].score.difference
    assert ab.settings == {"resamples": 2000, "seed": 0, "confidence": 0.95, "alignment_floor": ALIGNMENT_FLOOR}


def test_inputs_are_not_mutated():
    a = scores_side([1.0, 2.0, 3.0], id="a")
    b = scores_side([0.0, 1.0, 0.0], id="b")
    before = copy.deepcopy((a, b))
    compare(a, b)
    assert (a, b) == before


def test_headline_dimensions():
    a = analysis([para(0, {"geopolitics": 2.0}, role="headline"), para(1, {"markets": 3.0}, role="standfirst"),
                  para(2, {"censorship": 5.0})], id="a")
    b = analysis([para(0, {"markets": 2.0}, role="headline"), para(1, {"markets": 1.0})], id="b")
    c = compare(a, b)
    assert all(f.headline_a == ("geopolitics", "markets") for f in c.frames)
    assert all(f.headline_b == ("markets",) for f in c.frames)


@pytest.mark.parametrize("n_b", [0, 1])
def test_small_sides_never_lean(n_b):
    a = scores_side([9.0, 10.0, 11.0, 9.5, 10.5], id="a")
    b = scores_side([0.0] * n_b, id="b")
    d = next(f for f in compare(a, b).frames if f.dimension == "markets").score
    assert d.leans is None
    if n_b == 0:  # documented: mean 0, degenerate interval, p = 1
        assert d.b == 0.0 and d.ci == (d.difference, d.difference) and d.p_value == 1.0
    else:
        assert d.ci[0] > 0  # the interval is computed, but one paragraph cannot support a lean


def test_captions_and_boilerplate_are_not_compared():
    a = analysis([para(0, {"markets": 9.0}, role="caption"), para(1, {"markets": 1.0}),
                  para(2, {"markets": 1.0}, role="boilerplate"), para(3, {"markets": 1.0})], id="a")
    b = scores_side([1.0, 1.0], id="b")
    d = next(f for f in compare(a, b).frames if f.dimension == "markets").score
    assert d.a == 1.0 and d.difference == 0.0


def test_different_dimensions_are_a_usage_error():
    a = scores_side([1.0], id="a")
    b = analysis([para(0)], id="b", dims=("markets", "geopolitics"))
    with pytest.raises(UsageError, match="different dimensions.*censorship.*markets, geopolitics"):
        compare(a, b)


@pytest.mark.parametrize("kw, match", [({"confidence": 1.5}, "confidence"), ({"confidence": 0}, "confidence"),
                                       ({"resamples": 10}, "at least 39"), ({"alignment_floor": 0}, "alignment_floor"),
                                       ({"seed": "x"}, "seed")])
def test_bad_options(kw, match):
    a = scores_side([1.0, 2.0], id="a")
    with pytest.raises(UsageError, match=match):
        compare(a, a, **kw)


# --------------------------------------------------------------------------- difference()


def test_difference_helper():
    d = difference([5.0, 6.0, 4.5, 5.5, 6.5], [0.0, 0.5, 0.0, 1.0, 0.0])
    assert d.leans == "a" and d.ci[0] > 0 and d.p_value < 0.05
    assert_difference_mirror(d, difference([0.0, 0.5, 0.0, 1.0, 0.0], [5.0, 6.0, 4.5, 5.5, 6.5]))
    assert d == difference([5.0, 6.0, 4.5, 5.5, 6.5], [0.0, 0.5, 0.0, 1.0, 0.0], seed=0)
    assert difference([1.0, 2.0], [1.0, 2.0], seed=random.Random(5)).leans is None
    zero = difference([0.0, 0.0, 0.0], [0.0, 0.0])
    assert zero == Difference(0.0, 0.0, 0.0, (0.0, 0.0), 1.0, None)
    with pytest.raises(UsageError, match="finite"):
        difference([1.0, math.nan], [1.0])


def test_small_samples_get_the_expanded_interval():
    # four paragraphs a side: the plain percentile interval excludes 0 although the exact permutation
    # p is 0.14; the expanded percentile interval (Hesterberg) does not, so no lean is invented
    d = difference([1.0, 2.0, 3.0, 4.5], [0.0, 1.0, 0.5, 2.0])
    assert d.p_value > 0.05
    assert d.ci[0] < 0 < d.ci[1]
    assert d.leans is None


def test_expanded_alpha_tends_to_the_nominal_level():
    assert expanded_alpha(0.95, 4) < expanded_alpha(0.95, 12) < expanded_alpha(0.95, 100) < 0.05
    assert expanded_alpha(0.95, 10_000) == pytest.approx(0.05, abs=2e-4)


def test_permutation_p_value_matches_exact_enumeration():
    xs, ys = [3.0, 5.0, 4.0, 6.0, 2.5], [1.0, 2.0, 0.5, 3.0, 1.5]
    pooled = xs + ys
    obs = abs(sum(xs) / 5 - sum(ys) / 5)
    splits = list(itertools.combinations(range(10), 5))
    extreme = 0
    for s in splits:
        g = sum(pooled[i] for i in s) / 5
        h = (sum(pooled) - g * 5) / 5
        extreme += abs(g - h) >= obs - 1e-12
    exact = extreme / len(splits)
    d = difference(xs, ys, resamples=4000)
    assert d.p_value == pytest.approx(exact, abs=0.012)  # Monte Carlo error ~ sqrt(p(1-p)/4000)


SAMPLE = st.lists(st.floats(0, 20, allow_nan=False, allow_infinity=False), max_size=9)


@given(SAMPLE, SAMPLE, st.integers(0, 3))
@settings(max_examples=60, deadline=None)
def test_difference_properties(xs, ys, seed):
    d = difference(xs, ys, seed=seed, resamples=500)
    assert d.ci[0] - 1e-9 <= d.difference <= d.ci[1] + 1e-9
    assert 0 < d.p_value <= 1
    assert_difference_mirror(d, difference(ys, xs, seed=seed, resamples=500))
    if d.leans == "a":
        assert d.ci[0] > 0 and d.p_value < 0.05
    elif d.leans == "b":
        assert d.ci[1] < 0 and d.p_value < 0.05
    elif len(xs) >= 2 and len(ys) >= 2 and d.p_value < 0.05:
        assert d.ci[0] <= 0 <= d.ci[1]


# --------------------------------------------------------------------------- tone


def test_tone_by_dimension_and_disagreements():
    a = analysis([para(0, {"markets": 2.0}, tone=-0.6, snownlp=0.9, lexicon=-0.7),
                  para(1, {"markets": 2.0}, tone=-0.5, snownlp=0.1, lexicon=-0.8),
                  para(2, {"markets": 2.0, "censorship": 1.0}, tone=-0.4, snownlp=-0.5, lexicon=-0.4),
                  para(3, {"geopolitics": 1.0}, tone=0.0, snownlp=None, lexicon=0.0)], id="a")
    b = analysis([para(0, {"markets": 2.0}, tone=0.5, snownlp=-0.25, lexicon=0.3),
                  para(1, {"markets": 2.0, "censorship": 2.0}, tone=0.6),
                  para(2, {"censorship": 2.0}, tone=0.2)], id="b")
    c = compare(a, b)
    assert set(c.tone.by_dimension) == {"markets"}  # censorship: one paragraph in A; geopolitics: none in B
    m = c.tone.by_dimension["markets"]
    assert m.a == pytest.approx(-0.5) and m.b == pytest.approx(0.55)
    assert c.tone.disagreements == (("a", 0, 0.9, -0.7), ("b", 0, -0.25, 0.3))
    assert c.tone.overall.a == pytest.approx(-0.375)


# --------------------------------------------------------------------------- keyness


def test_g_squared_by_hand():
    def by_hand(a, b, na, nb):
        n, k = na + nb, a + b
        observed = [a, b, na - a, nb - b]
        expected = [na * k / n, nb * k / n, na * (n - k) / n, nb * (n - k) / n]
        return 2 * sum(o * math.log(o / e) for o, e in zip(observed, expected) if o)

    # a = 10 of 1000, b = 0 of 1000: E = 5, 5, 995, 995
    hand = 2 * (10 * math.log(10 / 5) + 990 * math.log(990 / 995) + 1000 * math.log(1000 / 995))
    assert g_squared(10, 0, 1000, 1000) == pytest.approx(hand)
    assert hand == pytest.approx(13.9132, abs=1e-4)
    for cell in [(30, 10, 5000, 8000), (3, 0, 120, 4000), (7, 7, 700, 700), (0, 4, 50, 60)]:
        assert g_squared(*cell) == pytest.approx(by_hand(*cell))
    assert g_squared(7, 7, 700, 700) == 0.0
    assert g_squared(3, 1, 100, 200) == g_squared(1, 3, 200, 100)  # symmetric in the sides
    assert g2_p_value(3.841458820694124) == pytest.approx(0.05, abs=1e-9)
    assert g2_p_value(3.84) == pytest.approx(0.05, abs=1e-4)
    assert g2_p_value(0.0) == 1.0
    with pytest.raises(ValueError, match="within the totals"):
        g_squared(5, 0, 4, 10)


def keyness_side(words: list[str], *, surface: dict[str, str] | None = None) -> list[ParagraphScore]:
    """One paragraph whose tokens are ``words`` (a surface form may differ from the analysis form)."""
    surface = surface or {}
    toks, pos = [], 0
    for w in words:
        text = surface.get(w, w)
        toks.append(Token(text, w, pos, pos + len(text)))
        pos += len(text)
    return [para(0, tokens=tuple(toks), text="".join(t.text for t in toks))]


def test_keyness_terms_sides_and_filters():
    filler = ["模型"] * 60 + ["公司"] * 40
    # A over-uses a stop word, a number, a Latin letter and punctuation; B uses other stop words as often
    a = keyness_side(["审查"] * 6 + ["的"] * 30 + ["2025"] * 9 + ["x"] * 9 + ["，"] * 20 + ["市场"] * 2 + filler,
                     surface={"审查": "審查"})
    b = keyness_side(["出口"] * 7 + ["了"] * 30 + ["在"] * 18 + filler)
    rules = load_keyness()
    k = keyness(a, b, rules)
    assert [(t.term, t.a, t.b) for t in k.a] == [("審查", 6, 0)]  # as written on A's side; stop words,
    assert [(t.term, t.a, t.b) for t in k.b] == [("出口", 0, 7)]  # numbers, letters, punctuation out
    for t in (*k.a, *k.b):  # totals: every word token (punctuation out), stop words included
        assert t.p_value < 0.05 and t.g2 == pytest.approx(g_squared(t.a, t.b, 156, 155))
    assert k.note == ""
    # min_count: two uses are never key, however lopsided
    assert all(t.term != "市场" for t in k.a)


def test_keyness_counts_scripts_together_and_reports_the_favoured_form():
    a = keyness_side(["审查"] * 4 + ["审查x"] * 0 + ["模型"] * 20, surface={"审查": "審查"})
    a += keyness_side(["审查"] * 3)  # Simplified surface in a second paragraph: still one term
    b = keyness_side(["模型"] * 27)
    k = keyness(a, b)
    assert [(t.term, t.a) for t in k.a] == [("審查", 7)]


def test_keyness_note_for_short_texts():
    a = keyness_side(["审查", "模型", "公司"])
    b = keyness_side(["出口", "模型", "公司"])
    k = keyness(a, b)
    assert k.a == () and k.b == ()
    need = int(k.note.split("at least ")[1].split()[0])
    assert need == 3  # min_count decides here: even 3 vs 0 in 6 words does not reach 3.84 ...
    bigger = keyness(keyness_side(["模型"] * 200), keyness_side(["公司"] * 200 + ["审查"] * 0))
    # ... with 200 words a side both words differ: they are key, no note
    assert bigger.note == "" and bigger.a and bigger.b


def test_keyness_minimum_count_is_computed():
    k = compare_module._needed(500, 800, 0.05)
    assert g_squared(k, 0, 500, 800) >= 3.8415 > g_squared(k - 1, 0, 500, 800)
    assert compare_module._needed(1, 1, 0.05) is None  # one word a side: nothing can be significant


def test_keyness_toml_errors_name_file_and_line(tmp_path):
    (tmp_path / "keyness.toml").write_text('[settings]\nmin_count = 0\n', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"keyness\.toml:2: setting min_count = 0 is out of range"):
        load_keyness(tmp_path)
    (tmp_path / "keyness.toml").write_text('[stopwords]\nparticles = ["的", ""]\n', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"keyness\.toml:2: stop-word group 'particles'"):
        load_keyness(tmp_path)
    (tmp_path / "keyness.toml").write_text('stop = ["的"]\n', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"keyness\.toml:1: unknown key 'stop'"):
        load_keyness(tmp_path)


def test_shipped_stop_words():
    stop = load_keyness().stopwords
    for w in ["的", "了", "在", "是", "和", "也", "与", "及", "等", "其", "对", "将", "已", "这", "该", "为", "被",
              "但", "而", "并"]:
        assert w in stop
    assert "审查" not in stop and "表示" not in stop


# --------------------------------------------------------------------------- assignment


def brute_force(weights):
    n, m = len(weights), len(weights[0])
    if n <= m:
        return max(sum(weights[i][j] for i, j in enumerate(cols)) for cols in itertools.permutations(range(m), n))
    return max(sum(weights[i][j] for j, i in enumerate(rows)) for rows in itertools.permutations(range(n), m))


@pytest.mark.parametrize("shape", [(5, 5), (4, 6), (6, 4), (1, 3), (3, 1)])
def test_hungarian_matches_brute_force(shape):
    rng = random.Random(sum(shape))
    for _ in range(40):
        w = [[rng.choice([0.0, rng.random(), round(rng.random(), 1)]) for _ in range(shape[1])]
             for _ in range(shape[0])]
        pairs = max_assignment(w)
        assert len(pairs) == min(shape)
        assert len({i for i, _ in pairs}) == len(pairs) == len({j for _, j in pairs})
        assert sum(w[i][j] for i, j in pairs) == pytest.approx(brute_force(w))


def test_matching_keeps_only_pairs_above_the_floor():
    rng = random.Random(7)
    for _ in range(40):
        sims = [[rng.random() * 0.3 for _ in range(5)] for _ in range(4)]
        pairs = compare_module._match(sims, 0.15)
        assert all(sims[i][j] >= 0.15 for i, j in pairs)
        thresholded = [[s if s >= 0.15 else 0.0 for s in row] for row in sims]
        assert sum(sims[i][j] for i, j in pairs) == pytest.approx(brute_force(thresholded))


# --------------------------------------------------------------------------- alignment


@pytest.fixture(scope="module")
def fixture_analyses():
    return {f.stem: from_text(f.read_text(encoding="utf-8"), id=f.stem) for f in FIXTURES}


def test_unrelated_articles_align_nothing(fixture_analyses):
    assert len(fixture_analyses) >= 3
    for (na, a), (nb, b) in itertools.combinations(fixture_analyses.items(), 2):
        assert align(a.scored, b.scored) == [], (na, nb)


PARAPHRASES = [
    ("港鐵表示，八號信號生效期間，露天路段列車服務會按實際情況調整，東鐵綫及屯馬綫班次將會減少；機場快綫維持服務，"
     "但乘客應預留更多時間。各渡輪公司已陸續停航，巴士公司亦逐步縮減服務。",
     "港铁称，八号信号生效期间，露天路段的列车服务将视乎实际情况作出调整，东铁线和屯马线班次会减少，"
     "机场快线则维持服务，乘客应预留更多时间。各轮渡公司相继停航，巴士公司也逐步减少服务。"),
    ("央行同時上調今年經濟成長率預測至百分之三點八，主要是受惠於出口暢旺與民間投資回溫；明年成長率則預估放緩至百分之二點九。",
     "央行也把今年經濟成長率預測上調到百分之三點八，主因出口暢旺、民間投資回溫，並預估明年成長率放緩至百分之二點九。"),
]


@pytest.mark.parametrize("original, paraphrase", PARAPHRASES)
def test_a_paraphrase_aligns_with_its_original(fixture_analyses, original, paraphrase):
    # the paraphrase replaces its original inside an unrelated article
    host = fixture_analyses["metro_fare_cn"]
    source = next(a for a in fixture_analyses.values() if any(p.text == original for p in a.paragraphs))
    b_paragraphs = [para(p.index, role=p.role, text=p.text, tokens=p.tokens) for p in host.paragraphs]
    b_paragraphs.insert(3, para(99, text=paraphrase))
    b = analysis(b_paragraphs, id="host")
    c = compare(source, b)
    i = next(p.index for p in source.paragraphs if p.text == original)
    assert [(p.a, p.b) for p in c.coverage.aligned] == [(i, 99)]
    assert 0.3 < c.coverage.aligned[0].similarity < 1.0
    assert set(c.coverage.only_b) == {p.index for p in host.paragraphs}


def test_unaligned_paragraphs_carry_their_frames():
    shared = "美國商務部宣布擴大對華晶片出口管制，限制先進人工智能晶片和製造設備出口。"
    a = analysis([para(0, {"geopolitics": 3.0}, text=shared),
                  para(1, {"censorship": 4.0}, text="網信辦要求平台下架未經審查的生成式人工智能應用，並加強內容審核。"),
                  para(2, {"markets": 2.0}, text="輝達股價應聲下跌，市值蒸發逾千億美元。", role="caption")], id="a")
    b = analysis([para(0, {"geopolitics": 2.0}, text="美國商務部宣佈擴大對華晶片出口管制，限制先進AI晶片及製造設備出口。"),
                  para(1, {"markets": 2.0}, text="天文台預料明日天氣晴朗，氣溫回升。")], id="b")
    cov = compare(a, b).coverage
    assert [(p.a, p.b) for p in cov.aligned] == [(0, 0)]
    assert cov.only_a == (1,) and cov.only_b == (1,)  # the caption is not compared
    assert cov.only_a_frames == {"censorship": (1,)}
    assert cov.only_b_frames == {"markets": (1,)}
    assert cov.floor == ALIGNMENT_FLOOR


# --------------------------------------------------------------------------- properties

WORDS = ["美國", "晶片", "出口", "管制", "股價", "下跌", "開源", "模型", "審查", "政府", "市場", "投資者"]
ROLES = ["headline", "standfirst", "body", "body", "body", "caption"]


@st.composite
def analyses(draw, id):  # noqa: A002
    n = draw(st.integers(0, 7))
    paragraphs = []
    for i in range(n):
        scores = {d: draw(st.sampled_from([0.0, 0.0, 0.5, 1.0, 2.5, 6.0])) for d in DIMS[:2]}
        words = draw(st.lists(st.sampled_from(WORDS), min_size=0, max_size=12))
        paragraphs.append(para(i, scores, role=draw(st.sampled_from(ROLES)),
                               tone=draw(st.floats(-1, 1)), snownlp=draw(st.none() | st.floats(-1, 1)),
                               lexicon=draw(st.floats(-1, 1)), tokens=words_tokens(words), text="".join(words)))
    return analysis(paragraphs, id=draw(st.sampled_from([id, "same"])))


@given(analyses("a"), analyses("b"))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_comparison_properties(a, b):
    ab = compare(a, b)
    ba = compare(b, a)
    assert_mirror(ab, ba)
    assert_indexes_exist(ab)
    assert_indexes_exist(ba)
    n_a, n_b = len(a.scored), len(b.scored)
    for d in [f.score for f in ab.frames] + [ab.tone.overall] + list(ab.tone.by_dimension.values()):
        assert d.ci[0] - 1e-9 <= d.difference <= d.ci[1] + 1e-9
        if d.leans == "a":
            assert d.ci[0] > 0
        elif d.leans == "b":
            assert d.ci[1] < 0
        if n_a < 2 or n_b < 2:
            assert d.leans is None
    for d, x in ab.tone.by_dimension.items():
        assert sum(d in p.present for p in a.scored) >= 2 and sum(d in p.present for p in b.scored) >= 2
    self_cmp = compare(a, a)
    assert all(f.score.leans is None and f.score.difference == 0.0 for f in self_cmp.frames)
    assert self_cmp.tone.overall.leans is None


# --------------------------------------------------------------------------- docs and the seeds


def test_docstring_examples_run():
    result = doctest.testmod(compare_module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted >= 8


def test_seeds_end_to_end(seed_analyses):
    a, b = seed_analyses
    c = compare(a, b)
    assert_indexes_exist(c)
    assert [f.dimension for f in c.frames] == list(a.dimensions)
    assert all(p.similarity >= c.coverage.floor for p in c.coverage.aligned)
    # the two reports of the 27 January sell-off are paired
    sell_off_a = next(p.index for p in a.scored if "16.86%" in p.text)
    sell_off_b = next(p.index for p in b.scored if "17%" in p.text and "6000億" in p.text)
    assert (sell_off_a, sell_off_b) in {(p.a, p.b) for p in c.coverage.aligned}
    for pair in c.numbers:
        for fig, side in ((pair.a, a), (pair.b, b)):
            if fig is not None:
                assert fig.paragraph in {p.index for p in side.paragraphs}
    ba = compare(b, a)
    assert_mirror(c, ba)
    assert c == compare(a, b)
    assert all(p.scored and p.role in SCORED_ROLES for p in a.scored)
