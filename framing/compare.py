"""``compare(a, b) -> Comparison``: how two articles cover the same event, and how sure we can be.

Every statistic is computed from the two :class:`~framing.model.Analysis` objects alone (no
re-scoring), deterministically (fixed seeds), in pure Python: no numpy, scipy or scikit-learn
import on this path, so a cold comparison costs little more than loading jieba.

Frames and tone
---------------
For each dimension, the unit is the *scored paragraph* (headline, standfirst, subheading, body).
``difference = mean_a - mean_b`` of the paragraph scores (weighted hits per 100 tokens), with

* a percentile bootstrap confidence interval (default 95%, 2000 resamples): each side's paragraphs
  are resampled with replacement, independently. The interval's ends are the order statistics
  ``k`` and ``R - 1 - k`` of the ``R`` resampled differences, ``k = floor(alpha/2 * (R + 1)) - 1``
  (the 50th smallest and 50th largest of 2000), so the interval of ``compare(b, a)`` is exactly
  the negated interval of ``compare(a, b)``;
* a two-sided permutation p-value: the paragraphs of both sides are pooled and the side labels
  reshuffled (2000 permutations); ``p = (1 + #{|d*| >= |d|}) / (1 + 2000)``, which is never 0;
* ``leans`` = "a" when the interval lies wholly above 0, "b" when wholly below, else None ("no
  clear difference"), exactly as DESIGN.md says. The plain percentile bootstrap is too narrow for
  small samples (it ignores the n/(n-1) variance factor and the t tails): in a simulation with 15
  and 20 normal values per side its 95% interval covered the true difference 92% of the time, and
  with four paragraphs a side ([1, 2, 3, 4.5] against [0, 1, 0.5, 2]) it excluded 0 while the
  exact permutation p is 0.14. So the interval is Hesterberg's *expanded percentile* interval
  (see :func:`expanded_alpha`): the same resamples read further out in the tails for small
  articles (the 1.07% and 98.93% points for 12 paragraphs a side), which restores the coverage
  in most cases. The exact permutation test must agree too (``p < 1 - confidence``): it guards
  the cases no bootstrap can see, e.g. two paragraphs a side with no variation within a side
  (the interval collapses to a point while the exact p is 0.33). With the expanded interval the
  two criteria rarely disagree; when they do the reports say "no clear difference".

Resampling works on rows: one set of resampled paragraph indexes per side (and one set of random
permutations of the pooled paragraphs) serves every dimension and the tone, the way one resamples
the rows of a table. The tone by dimension uses the paragraphs where the dimension is present; its
permutations are the pooled permutations restricted to those paragraphs (the relative order of a
subset under a uniform random permutation is itself uniform, so the test stays exact).

Edge cases, decided:

* a side with no scored paragraphs: its mean is reported as 0.0, the interval collapses to the
  observed difference, ``p_value`` is 1.0 and ``leans`` is None;
* a side with a single paragraph: the bootstrap cannot see that side's variability, so the interval
  is too narrow; it is reported, but ``leans`` stays None unless both sides have at least two
  paragraphs. The permutation p-value is still valid;
* all values equal (e.g. a dimension absent from both articles): difference 0, interval (0, 0),
  ``p_value`` 1.0, ``leans`` None;
* two identical samples: the bootstrap distribution of the difference is symmetric about 0 by
  exchangeability; it is symmetrised (each resampled difference also counted negated) so that
  ``compare(a, a)`` gives an interval exactly centred on 0.

The whole comparison runs in a canonical order of the two articles (by id and text) and is mirrored
when the caller's order is the other one, so ``compare(b, a)`` is exactly the mirror image of
``compare(a, b)``: differences and intervals negate, leans, keyness sides and aligned pairs swap.

Figures are paired by ``claims.pair_figures``; voices and naming are passed through side by side.

Cost: two 40-paragraph articles take about 0.09 s of CPU (2,000 resamples and 2,000 permutations
for 4 dimensions, the tone and the tone by dimension, ~20 ms of it drawing the permutations), the
two seeds (35 and 16 scored paragraphs) 0.05 s. Paragraph indexes are drawn as bytes
(``randbytes`` + ``bytes.translate`` with rejection, so no modulo bias) and permutations by
sorting random keys, as long as a side (for permutations: both sides together) has at most 256
scored paragraphs; longer articles fall back to lists and cost several times more.

Tone disagreements list the paragraphs where snownlp and the tone lexicon point in opposite
directions, both at least :data:`DISAGREEMENT_MARGIN` (0.2) away from neutral.

Keyness
-------
Dunning's (1993) log-likelihood G² on the 2x2 table (term, other words) x (side A, side B), as in
Rayson & Garside (2000), with all four cells: ``G² = 2 * sum(O * ln(O / E))``. Counts use the
tokens' analysis form (``Token.norm``), so 審查/审查 count as one term; a term is reported as the
favoured side writes it (its most frequent surface form there). The side totals are all word tokens
of the scored paragraphs (punctuation out). Stop words (``lexicons/keyness.toml``), numbers and
single Latin letters are never candidates. ``p = erfc(sqrt(G² / 2))`` (chi-square, 1 df). A term is
kept when the side that uses it more (by rate) has at least ``min_count`` occurrences and
``p < alpha``; each side lists its ``top_n`` terms by G². When neither side has a key term, the note
says what count a term would need (the smallest ``k`` with ``G²(k, 0) >= chi2_crit``).

Coverage (paragraph alignment)
------------------------------
Scored paragraphs are represented by TF-IDF vectors of Simplified **character bigrams** inside runs
of CJK characters, plus whole Latin/digit words ("deepseek", "16.86%" -> "16.86"); sublinear tf
``1 + ln(tf)``, smoothed idf ``ln((1 + n) / (1 + df)) + 1`` fitted on the paragraphs of the two
articles, L2-normalised, cosine similarity. Character bigrams were chosen over jieba word tokens
(see "Calibration" for the comparison and the reasons).

A pair must also share at least :data:`MIN_SHARED` (3) distinct features: short subheadings
("更廣泛的背景與影響" against "AI投資基金背景") reach a high cosine on a single shared bigram, which is no
evidence of shared content. A one-to-one assignment maximising the total similarity of the eligible
pairs is found with the Hungarian algorithm (:func:`max_assignment`, pure Python, run per connected
component of the graph of eligible pairs, so long articles stay cheap). Pairs below the floor are
never kept and never displace a pair above it.

Calibration of the floor (:data:`ALIGNMENT_FLOOR` = 0.08)
---------------------------------------------------------
The floor is a similarity that a paragraph rarely reaches with *any* paragraph of an unrelated
article. Five short unrelated news articles written as fixtures (``tests/data/compare/``: a Hong
Kong typhoon warning, a Taiwan central bank decision, a TSMC earnings call, a mainland metro fare
hearing, a mainland phone launch with chip and AI vocabulary) and the two seed articles give 20
pairs of articles about different events: 2,434 paragraph pairs, 477 paragraphs (idf fitted per
article pair, as in :func:`compare`).

                                               char bigrams    jieba words
  all paragraph pairs, 95th / 99th percentile    0.023 / 0.041   0.037 / 0.060
  all paragraph pairs, 99.9th percentile / max   0.080 / 0.101   0.098 / 0.198
  best eligible match of a paragraph, 95th       0.049           0.051
  ... 99th percentile / max                      0.074 / 0.101   0.086 / 0.166
  seeds: the same sell-off (000 #4 / 004 #6)     0.176           0.284
  seeds: the two leads (000 #0 / 004 #0)         0.091           0.054

Word tokens separate the one unambiguous partner pair of the seeds a little better, bigrams the
leads; the evidence either way is thin (one article pair). Bigrams were kept because they do not
depend on the tokenizer's dictionary (adding a lexicon term re-cuts jieba's words, and would move
word-based alignments), they partly match regional variants that OpenCC leaves different
(人工智慧 / 人工智能 share 人工 and 工智), and their tail on short paragraphs is lighter (a four-word
subheading "市場反應分析" reaches 0.198 with an unrelated paragraph on words, 0.084 on bigrams).
The floor, 0.08, lies above the 99th percentile (0.074) of a paragraph's best match in an unrelated
article: about 1 paragraph in 100 without a partner would be given a false one (in the calibration
set one of 477 was: two "market share grew in the first half, year on year" sentences at 0.101).
On the seeds it aligns the two reports of the sell-off (0.176), the two leads (0.091) and the two
cost-efficiency paragraphs (0.095), plus one loose pair (0.111, both about US leadership in AI
infrastructure). A paragraph and a light paraphrase of it (reworded, and Simplified against
Traditional) score 0.59 to 0.67 inside unrelated articles (``tests/test_compare.py``).
"""

from __future__ import annotations

import bisect
import functools
import math
import operator
import random
import re
import statistics
import sys
from array import array
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import UsageError
from .lexicon import rule_file
from .model import (
    AlignedPair,
    Analysis,
    Comparison,
    Coverage,
    Difference,
    Figure,
    FigurePair,
    FrameDifference,
    KeyTerm,
    Keyness,
    ParagraphScore,
    ToneComparison,
)
from .text import is_word, normalize_term
from .tomlfile import fail, read_toml

__all__ = [
    "ALIGNMENT_FLOOR",
    "DISAGREEMENT_MARGIN",
    "KeynessRules",
    "MIN_SHARED",
    "align",
    "compare",
    "difference",
    "g_squared",
    "g2_p_value",
    "keyness",
    "load_keyness",
    "max_assignment",
]

#: cosine similarity below which two paragraphs are not considered to report the same thing
#: (calibrated on unrelated articles; see the module docstring)
ALIGNMENT_FLOOR = 0.08
#: ... and share at least this many distinct features (bigrams / Latin words)
MIN_SHARED = 3
#: snownlp and the lexicon "disagree" on a paragraph when both are at least this far from 0
#: and have opposite signs
DISAGREEMENT_MARGIN = 0.2
#: the roles a reader sees first (for ``FrameDifference.headline_a``/``headline_b``)
LEAD_ROLES = frozenset({"headline", "standfirst"})

_STREAM = "framing.compare"


# --------------------------------------------------------------------------- validation


def _check_options(resamples: int, confidence: float) -> None:
    """Raise UsageError for a confidence outside (0, 1) or too few resamples for its tails."""
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not 0 < confidence < 1:
        raise UsageError(f"confidence must be a number between 0 and 1 (e.g. 0.95), not {confidence!r}")
    if isinstance(resamples, bool) or not isinstance(resamples, int):
        raise UsageError(f"resamples must be an integer (e.g. 2000), not {resamples!r}")
    need = math.ceil(2 / (1 - confidence) - 1 - 1e-9)
    if resamples < need:
        raise UsageError(
            f"resamples={resamples} is too few for a {confidence:.0%} interval; use at least {need} (2000 recommended)"
        )


def _seed_text(seed: int | str | random.Random) -> str:
    """A stable text form of a seed (a Random instance gives 64 bits of its stream)."""
    if isinstance(seed, random.Random):
        return f"rng{seed.getrandbits(64)}"
    if isinstance(seed, bool) or not isinstance(seed, (int, str)):
        raise UsageError(f"seed must be an integer, not {seed!r}")
    return str(seed)


# --------------------------------------------------------------------------- random draws

_LITTLE = sys.byteorder == "little"


@functools.lru_cache(maxsize=512)
def _byte_tables(n: int) -> tuple[bytes, bytes]:
    """translate() table mapping a byte to ``byte % n`` and the bytes to reject (no modulo bias)."""
    table = bytes(i % n for i in range(256))
    return table, bytes(range(256 - 256 % n, 256))


def _uniform_indices(rng: random.Random, n: int, count: int) -> bytes | list[int]:
    """``count`` independent uniform indices in [0, n): bytes when n <= 256 (fast), else a list."""
    if n > 256:
        return rng.choices(range(n), k=count)
    table, reject = _byte_tables(n)
    out = bytearray()
    while len(out) < count:
        need = count - len(out)
        out += rng.randbytes(need + need // 2 + 16).translate(table, reject)
    return bytes(out[:count])


_SET_EXPONENT = bytes(0xF0 | (i & 0x0F) for i in range(256))


def _random_permutations(rng: random.Random, n: int, count: int) -> list[bytes] | list[list[int]]:
    """``count`` independent uniform permutations of range(n) (sorting random keys)."""
    if n == 0:
        return []
    if n > 256:
        out = []
        for _ in range(count):
            keys = [rng.random() for _ in range(n)]
            out.append(sorted(range(n), key=keys.__getitem__))
        return out
    # Each item gets a double in [1, 2) whose 44 high mantissa bits are random and whose low
    # mantissa byte is the item's index: sorting the doubles of one permutation orders the items
    # by their random keys (ties have probability ~ n^2 / 2^45), and floats sort fast.
    size = n * count
    buf = bytearray(rng.randbytes(8 * size))  # little-endian layout of each double
    buf[0::8] = bytes(range(n)) * count  # lowest mantissa byte: the index
    buf[6::8] = bytes(buf[6::8]).translate(_SET_EXPONENT)  # exponent 0x3FF: the value lies in [1, 2)
    buf[7::8] = b"\x3f" * size
    keys = array("d")
    keys.frombytes(buf)
    if not _LITTLE:
        keys.byteswap()
    low = 0 if _LITTLE else 7
    perms = []
    for off in range(0, size, n):
        perms.append(array("d", sorted(keys[off : off + n])).tobytes()[low::8])
    return perms


class _Resampler:
    """Index draws shared by every statistic of one comparison, made once and cached."""

    def __init__(self, n_a: int, n_b: int, resamples: int, permutations: int, seed: str) -> None:
        self.n_a, self.n_b = n_a, n_b
        self.resamples = resamples
        self.n_permutations = permutations
        self.seed = seed
        self._boot: dict[tuple[str, int], list] = {}
        self._heads: dict[int, list] = {}
        self._perms: list | None = None

    def draws(self, side: str, m: int) -> list:
        """Bootstrap resamples of a sample of size m on one side: ``resamples`` index blocks of m."""
        key = (side, m)
        got = self._boot.get(key)
        if got is None:
            rng = random.Random(f"{_STREAM}:{self.seed}:bootstrap:{side}:{m}")
            flat = _uniform_indices(rng, m, m * self.resamples)
            got = self._boot[key] = [flat[i : i + m] for i in range(0, m * self.resamples, m)]
        return got

    def heads(self, k: int) -> list:
        """The first k items of every pooled permutation (a uniform random k-subset each)."""
        got = self._heads.get(k)
        if got is None:
            got = self._heads[k] = [perm[:k] for perm in self.permutations()]
        return got

    def permutations(self) -> list:
        """Random permutations of the pooled paragraphs (A's first, then B's)."""
        if self._perms is None:
            n = self.n_a + self.n_b
            rng = random.Random(f"{_STREAM}:{self.seed}:permutation:{n}")
            self._perms = _random_permutations(rng, n, self.n_permutations)
        return self._perms


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _sums(values: list[float], blocks: list) -> list[float]:
    """Sum of ``values`` over each block of indexes (sparse columns count their few non-zero items)."""
    nonzero = [i for i, v in enumerate(values) if v]
    if len(nonzero) * 8 <= len(values):  # counting pays for up to n/8 non-zero items (measured)
        if not nonzero:
            return [0.0] * len(blocks)
        if len(nonzero) == 1:
            i, v = nonzero[0], values[nonzero[0]]
            return [v * block.count(i) for block in blocks]
        weights = [values[i] for i in nonzero]
        mul = operator.mul
        return [sum(map(mul, weights, map(block.count, nonzero))) for block in blocks]
    get = values.__getitem__
    return [sum(map(get, block)) for block in blocks]


def _boot_means(values: list[float], blocks: list) -> list[float]:
    """Mean of each bootstrap resample of ``values`` (constant values need no resampling)."""
    n = len(values)
    first = values[0]
    if all(v == first for v in values):
        return [_mean(values)] * len(blocks)
    return [t / n for t in _sums(values, blocks)]


def _t_quantile(p: float, df: int) -> float:
    """Student's t quantile (exact for 1 and 2 df, Cornish-Fisher expansion beyond; |error| < 1e-3 for df >= 3)."""
    if df == 1:
        return math.tan(math.pi * (p - 0.5))
    if df == 2:
        return (2 * p - 1) / math.sqrt(2 * p * (1 - p))
    z = statistics.NormalDist().inv_cdf(p)
    v = float(df)
    return (z + (z**3 + z) / (4 * v) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * v**2)
            + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * v**3)
            + (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / (92160 * v**4))


def expanded_alpha(confidence: float, n: int) -> float:
    """The two-sided level at which to read a percentile bootstrap so it covers as a t interval would.

    Hesterberg's "expanded percentile" interval (Hesterberg 2015, *What teachers should know
    about the bootstrap*): the plain percentile interval is too narrow for small samples (it
    misses the n/(n-1) variance factor and the t distribution's tails); reading it at
    ``alpha' = 2 * (1 - Phi(sqrt(n / (n - 1)) * t_{1 - alpha/2, n - 1}))`` fixes most of that.
    ``n`` is the smaller side's size (conservative for two samples).

    >>> round(expanded_alpha(0.95, 12), 4), round(expanded_alpha(0.95, 1000), 4)
    (0.0215, 0.0496)
    """
    alpha = 1.0 - confidence
    if n < 2:
        return alpha
    t = _t_quantile(1.0 - alpha / 2.0, n - 1)
    return 2.0 * (1.0 - statistics.NormalDist().cdf(math.sqrt(n / (n - 1)) * t))


def _tail_index(count: int, confidence: float, n: int = 0) -> int:
    """Index of the lower interval end among ``count`` sorted values: floor(alpha'/2 (count+1)) - 1."""
    alpha = expanded_alpha(confidence, n) if n else 1.0 - confidence
    return min(max(0, math.floor(alpha / 2 * (count + 1) + 1e-9) - 1), (count - 1) // 2)


def _permutation_p(pooled: list[float], subset: tuple[Sequence[int], Sequence[int]] | None, n: int, m: int,
                   observed: float, res: _Resampler) -> float:
    """Two-sided permutation p-value of a difference of means (pooled positions, A's first)."""
    values = pooled if subset is None else [pooled[i] for i in (*subset[0], *subset[1])]
    first = values[0]
    if all(v == first for v in values):
        return 1.0
    k = min(n, m)
    if subset is None:
        heads = res.heads(k)
    else:
        keep = set(subset[0]) | set(subset[1])
        perms = res.permutations()
        if perms and isinstance(perms[0], bytes):
            reject = bytes(i for i in range(res.n_a + res.n_b) if i not in keep)
            heads = [perm.translate(None, reject)[:k] for perm in perms]
        else:
            heads = [[i for i in perm if i in keep][:k] for perm in perms]
    # |s/k - (total - s)/rest| = size * |s - centre| with size = (k + rest) / (k * rest), so the
    # permuted differences at least as extreme as the observed one are the sums far from the centre
    total = sum(values)
    rest = n + m - k
    size = (k + rest) / (k * rest)
    centre = total * k / (k + rest)
    reach = (abs(observed) - 1e-9 * (1.0 + max(abs(v) for v in values))) / size
    sums = sorted(_sums(pooled, heads))
    count = bisect.bisect_right(sums, centre - reach) + len(sums) - bisect.bisect_left(sums, centre + reach)
    if reach <= 0:  # every permutation is at least as extreme (observed difference ~ 0)
        count = len(sums)
    return (1 + count) / (1 + len(heads))


def _difference(xs: list[float], ys: list[float], res: _Resampler, confidence: float, *,
                pooled: list[float] | None = None,
                subset: tuple[Sequence[int], Sequence[int]] | None = None) -> Difference:
    """Difference of means with bootstrap CI and permutation p (``subset``: pooled positions)."""
    n, m = len(xs), len(ys)
    mean_a, mean_b = _mean(xs), _mean(ys)
    d = mean_a - mean_b
    if n == 0 or m == 0:
        return Difference(mean_a, mean_b, d, (d, d), 1.0, None)
    boot_a = _boot_means(xs, res.draws("a", n))
    boot_b = _boot_means(ys, res.draws("b", m))
    diffs = list(map(operator.sub, boot_a, boot_b))
    if xs == ys:
        diffs += [-v for v in diffs]
    diffs.sort()
    k = _tail_index(len(diffs), confidence, min(n, m))
    lo, hi = diffs[k], diffs[-1 - k]
    p = _permutation_p(xs + ys if pooled is None else pooled, subset, n, m, d, res)
    leans = None
    if n >= 2 and m >= 2 and p < 1.0 - confidence:
        if lo > 0:
            leans = "a"
        elif hi < 0:
            leans = "b"
    return Difference(mean_a, mean_b, d, (lo, hi), p, leans)


def _mirror_difference(d: Difference) -> Difference:
    """The same difference seen from the other side: b - a."""
    leans = {"a": "b", "b": "a"}.get(d.leans) if d.leans else None
    return Difference(d.b, d.a, -d.difference, (-d.ci[1], -d.ci[0]), d.p_value, leans)


def difference(xs: Sequence[float], ys: Sequence[float], *, resamples: int = 2000,
               seed: int | str | random.Random = 0, confidence: float = 0.95,
               permutations: int | None = None) -> Difference:
    """Difference of two means with a bootstrap interval and a permutation p-value.

    Parameters
    ----------
    xs, ys : sequence of float
        The two samples (e.g. paragraph scores of two articles, or article means of two sources).
    resamples : int, default 2000
        Bootstrap resamples (each sample resampled with replacement, independently).
    seed : int, str or random.Random, default 0
        The same seed gives the same numbers. ``difference(ys, xs)`` is exactly the mirror of
        ``difference(xs, ys)`` for any seed.
    confidence : float, default 0.95
        Coverage of the percentile interval.
    permutations : int, optional
        Label permutations for the p-value (default: ``resamples``).

    Returns
    -------
    Difference
        ``a``/``b`` the means, ``difference = a - b``, ``ci`` the percentile interval, ``p_value``
        two-sided, ``leans`` "a"/"b" when the interval excludes 0, the permutation test agrees
        (``p < 1 - confidence``) and both samples have at least two values, else None. An empty
        sample has mean 0.0, a degenerate interval and p = 1.

    Examples
    --------
    >>> d = difference([5.0, 6.0, 4.5, 5.5, 6.5], [0.0, 0.5, 0.0, 1.0, 0.0])
    >>> round(d.difference, 2), d.leans, d.ci[0] > 0, d.p_value < 0.05
    (5.2, 'a', True, True)
    >>> difference([1.0, 2.0], [1.0, 2.0]).leans is None
    True
    """
    _check_options(resamples, confidence)
    n_perm = resamples if permutations is None else permutations
    if isinstance(n_perm, bool) or not isinstance(n_perm, int) or n_perm < 1:
        raise UsageError(f"permutations must be a positive integer, not {permutations!r}")
    xs = [float(x) for x in xs]
    ys = [float(y) for y in ys]
    if not all(math.isfinite(v) for v in (*xs, *ys)):
        raise UsageError("difference() needs finite numbers; drop NaN/inf values first")
    seed_text = _seed_text(seed)
    if (len(ys), ys) < (len(xs), xs):  # canonical order: the mirror call computes the same thing
        res = _Resampler(len(ys), len(xs), resamples, n_perm, seed_text)
        return _mirror_difference(_difference(ys, xs, res, confidence))
    res = _Resampler(len(xs), len(ys), resamples, n_perm, seed_text)
    return _difference(xs, ys, res, confidence)


# --------------------------------------------------------------------------- keyness


@dataclass(frozen=True, slots=True)
class KeynessRules:
    """Stop words and settings for keyness (from ``keyness.toml``)."""

    stopwords: frozenset[str]
    min_count: int = 3
    top_n: int = 15
    alpha: float = 0.05
    path: str = ""


_KEYNESS_SETTINGS = {"min_count": (int, 1, 1000), "top_n": (int, 1, 1000), "alpha": (float, 1e-6, 0.5)}


@functools.lru_cache(maxsize=8)
def _load_keyness(path: str) -> KeynessRules:
    p = Path(path)
    data, raw = read_toml(p)
    allowed = {"name", "description", "version", "settings", "stopwords"}
    for key in data:
        if key not in allowed:
            raise fail(p, raw, key, f"unknown key {key!r}; allowed keys: {', '.join(sorted(allowed))}")
    settings = data.get("settings", {})
    if not isinstance(settings, dict):
        raise fail(p, raw, "settings", "[settings] must be a table")
    kw: dict[str, float | int] = {}
    for key, value in settings.items():
        if key not in _KEYNESS_SETTINGS:
            raise fail(p, raw, key, f"unknown setting {key!r}; known: {', '.join(_KEYNESS_SETTINGS)}",
                       section="settings")
        typ, lo, hi = _KEYNESS_SETTINGS[key]
        wrong_type = typ is int and not isinstance(value, int)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or wrong_type:
            raise fail(p, raw, key, f"setting {key} must be {'an integer' if typ is int else 'a number'}",
                       section="settings")
        if not lo <= value <= hi:
            raise fail(p, raw, key, f"setting {key} = {value} is out of range [{lo}, {hi}]", section="settings")
        kw[key] = typ(value)
    groups = data.get("stopwords", {})
    if not isinstance(groups, dict):
        raise fail(p, raw, "stopwords", '[stopwords] must be a table of groups, e.g. particles = ["的", "了"]')
    stop: set[str] = set()
    for group, words in groups.items():
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            raise fail(p, raw, group, f"stop-word group {group!r} must be a list of non-empty strings",
                       section="stopwords")
        stop.update(normalize_term(w) for w in words)
    return KeynessRules(frozenset(stop), path=str(p), **kw)  # type: ignore[arg-type]


def load_keyness(directory: str | Path | None = None) -> KeynessRules:
    """Load ``keyness.toml`` from ``directory`` if it has one, else the shipped file.

    Examples
    --------
    >>> rules = load_keyness()
    >>> "的" in rules.stopwords, rules.alpha
    (True, 0.05)
    """
    return _load_keyness(str(rule_file("keyness", directory).resolve()))


def g_squared(a: int, b: int, total_a: int, total_b: int) -> float:
    """Log-likelihood G² of a term seen ``a`` times in ``total_a`` words and ``b`` in ``total_b``.

    ``G² = 2 * sum(O * ln(O / E))`` over the four cells of the 2x2 table (term / other words by
    side), expected counts from the margins (Dunning 1993).

    Examples
    --------
    >>> round(g_squared(10, 0, 1000, 1000), 3)
    13.913
    >>> g_squared(5, 5, 1000, 1000)
    0.0
    """
    if not (0 <= a <= total_a and 0 <= b <= total_b):
        raise ValueError(f"counts must lie within the totals: a={a} of {total_a}, b={b} of {total_b}")
    n = total_a + total_b
    k = a + b
    if n == 0 or k == 0 or k == n:
        return 0.0
    cells = (
        (a, total_a * k / n),
        (b, total_b * k / n),
        (total_a - a, total_a * (n - k) / n),
        (total_b - b, total_b * (n - k) / n),
    )
    return max(0.0, 2.0 * sum(o * math.log(o / e) for o, e in cells if o > 0))


def g2_p_value(g2: float) -> float:
    """p-value of a G² statistic (chi-square with 1 degree of freedom): ``erfc(sqrt(G²/2))``.

    Examples
    --------
    >>> round(g2_p_value(3.841), 3)
    0.05
    """
    return math.erfc(math.sqrt(max(g2, 0.0) / 2.0))


def _critical(alpha: float) -> float:
    """The chi-square (1 df) value with upper tail ``alpha``."""
    return statistics.NormalDist().inv_cdf(1.0 - alpha / 2.0) ** 2


def _needed(total_a: int, total_b: int, alpha: float) -> int | None:
    """Smallest k such that k occurrences in A and none in B reach p < alpha (None: unreachable)."""
    crit = _critical(alpha)
    for k in range(1, total_a + 1):
        if g_squared(k, 0, total_a, total_b) >= crit:
            return k
    return None


_NUMERIC_PUNCT = frozenset(".,:/%+-~")


def _is_candidate(norm: str, stop: frozenset[str]) -> bool:
    """A token that may be a key term: a word, not a stop word, a number or a single Latin letter."""
    if not is_word(norm) or norm in stop:
        return False
    if all(ch.isnumeric() or ch in _NUMERIC_PUNCT for ch in norm):
        return False
    return not (len(norm) == 1 and norm.isascii() and norm.isalpha())


def _count_terms(paragraphs: Sequence[ParagraphScore], stop: frozenset[str]) -> tuple[Counter, dict[str, Counter], int]:
    """Candidate counts by analysis form, their surface forms, and the total of word tokens."""
    forms = Counter((t.norm, t.text) for p in paragraphs for t in p.tokens)
    counts: Counter = Counter()
    surfaces: dict[str, Counter] = defaultdict(Counter)
    total = 0
    for (norm, text), c in forms.items():
        if not is_word(norm):
            continue
        total += c
        if _is_candidate(norm, stop):
            counts[norm] += c
            surfaces[norm][text] += c
    return counts, surfaces, total


def keyness(a: Sequence[ParagraphScore], b: Sequence[ParagraphScore], rules: KeynessRules | None = None) -> Keyness:
    """The terms each side over-uses, by G² (see the module docstring).

    Parameters
    ----------
    a, b : sequence of ParagraphScore
        The paragraphs to count (``compare`` passes the scored ones); their ``tokens`` are used.
    rules : KeynessRules, optional
        Stop words and settings; the shipped ``keyness.toml`` by default.

    Examples
    --------
    >>> from framing.model import Paragraph, ParagraphScore, Tone, Token
    >>> def para(words):
    ...     toks, pos = [], 0
    ...     for w in words:
    ...         toks.append(Token(w, w, pos, pos + len(w)))
    ...         pos += len(w)
    ...     return ParagraphScore(Paragraph(0, "body", "".join(words), (1, 1), ()), len(words), {}, (), None,
    ...                           Tone(None, 0.0, 0.0, 0), tokens=tuple(toks))
    >>> k = keyness([para(["审查"] * 8 + ["模型"] * 40)], [para(["报道"] * 8 + ["模型"] * 40)])
    >>> [(t.term, t.a, t.b) for t in k.a], [(t.term, t.a, t.b) for t in k.b]
    ([('审查', 8, 0)], [('报道', 0, 8)])
    """
    rules = rules or load_keyness()
    ca, sa, na = _count_terms(a, rules.stopwords)
    cb, sb, nb = _count_terms(b, rules.stopwords)
    if na == 0 or nb == 0:
        return Keyness((), (), "no key terms: one side has no scored words")
    side_a: list[KeyTerm] = []
    side_b: list[KeyTerm] = []
    for term in ca.keys() | cb.keys():
        x, y = ca.get(term, 0), cb.get(term, 0)
        if x * nb > y * na and x >= rules.min_count:
            target, surf = side_a, sa[term]
        elif y * na > x * nb and y >= rules.min_count:
            target, surf = side_b, sb[term]
        else:
            continue
        g2 = g_squared(x, y, na, nb)
        p = g2_p_value(g2)
        if p < rules.alpha:
            # the most frequent surface form on the favoured side (ties: the first in code-point order)
            written = min(surf.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            target.append(KeyTerm(written, x, y, g2, p))
    order = lambda t: (-t.g2, normalize_term(t.term))  # noqa: E731
    side_a.sort(key=order)
    side_b.sort(key=order)
    note = ""
    if not side_a and not side_b:
        needs = [k for k in (_needed(na, nb, rules.alpha), _needed(nb, na, rules.alpha)) if k is not None]
        lo, hi = sorted((na, nb))
        if needs:
            k = max(min(needs), rules.min_count)
            note = (f"no term is over-used by either side at p < {rules.alpha:g}; with {lo} and {hi} words, "
                    f"a term needs at least {k} occurrences on one side and none on the other"
                    + (" (texts too short)" if k > max(max(ca.values(), default=0), max(cb.values(), default=0))
                       else ""))
        else:
            note = f"texts too short: with {lo} and {hi} words no term can reach p < {rules.alpha:g}"
    return Keyness(tuple(side_a[: rules.top_n]), tuple(side_b[: rules.top_n]), note)


# --------------------------------------------------------------------------- alignment

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]+")
_LATIN_WORD = re.compile(r"[0-9a-z]+(?:[.\-_][0-9a-z]+)*")


def _analysis_text(p: ParagraphScore) -> str:
    """The paragraph's analysis form rebuilt from its tokens (a space where the text had a gap)."""
    parts: list[str] = []
    end = None
    for t in p.tokens:
        if end is not None and t.start != end:
            parts.append(" ")
        parts.append(t.norm)
        end = t.end
    return "".join(parts)


def _bigram_features(p: ParagraphScore) -> Counter:
    """Character bigrams inside CJK runs (a lone character counts as itself) plus Latin/digit words."""
    text = _analysis_text(p)
    feats: Counter = Counter()
    for run in _CJK_RUN.findall(text):
        if len(run) == 1:
            feats[run] += 1
        else:
            feats.update(run[i : i + 2] for i in range(len(run) - 1))
    feats.update(_LATIN_WORD.findall(text))
    return feats


def _tfidf(docs: Sequence[Counter]) -> list[dict[str, float]]:
    """Sublinear-tf, smoothed-idf, L2-normalised vectors of feature counts."""
    n = len(docs)
    df: Counter = Counter()
    for doc in docs:
        df.update(doc.keys())
    idf = {f: math.log((1 + n) / (1 + c)) + 1.0 for f, c in df.items()}
    vectors = []
    for doc in docs:
        v = {f: (1.0 + math.log(c)) * idf[f] for f, c in doc.items()}
        norm = math.sqrt(sum(w * w for w in v.values()))
        vectors.append({f: w / norm for f, w in v.items()} if norm else {})
    return vectors


def _similarities(va: Sequence[dict[str, float]],
                  vb: Sequence[dict[str, float]]) -> tuple[list[list[float]], list[list[int]]]:
    """Cosine similarities (vectors are unit length) and shared-feature counts, via an inverted index of B."""
    index: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for j, v in enumerate(vb):
        for f, w in v.items():
            index[f].append((j, w))
    sims = [[0.0] * len(vb) for _ in va]
    shared = [[0] * len(vb) for _ in va]
    for i, v in enumerate(va):
        row = sims[i]
        count = shared[i]
        for f, w in v.items():
            for j, w2 in index.get(f, ()):
                row[j] += w * w2
                count[j] += 1
    return sims, shared


def _hungarian_min(cost: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """Minimum-cost assignment of every row (rows <= columns), potentials method, O(n^2 m)."""
    n, m = len(cost), len(cost[0])
    inf = math.inf
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    owner = [0] * (m + 1)  # owner[j]: row (1-based) assigned to column j, 0 = free
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        owner[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = owner[j0]
            row = cost[i0 - 1]
            ui0 = u[i0]
            delta = inf
            j1 = 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = row[j - 1] - ui0 - v[j]
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    return sorted((owner[j] - 1, j - 1) for j in range(1, m + 1) if owner[j])


def max_assignment(weights: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """One-to-one (row, column) pairs maximising the total weight (Hungarian algorithm).

    Every row is paired when there are no more rows than columns, else every column.

    Examples
    --------
    >>> max_assignment([[0.9, 0.8], [0.8, 0.1]])
    [(0, 1), (1, 0)]
    >>> max_assignment([[1.0, 0.0, 0.5]])
    [(0, 0)]
    """
    if not weights or not weights[0]:
        return []
    n, m = len(weights), len(weights[0])
    if any(len(r) != m for r in weights):
        raise ValueError("max_assignment needs a rectangular matrix (every row the same length)")
    if n <= m:
        return _hungarian_min([[-w for w in r] for r in weights])
    pairs = _hungarian_min([[-weights[i][j] for i in range(n)] for j in range(m)])
    return sorted((i, j) for j, i in pairs)


def _match(sims: Sequence[Sequence[float]], floor: float) -> list[tuple[int, int]]:
    """Maximum-weight matching over the pairs with similarity >= floor, per connected component."""
    n = len(sims)
    m = len(sims[0]) if n else 0
    parent = list(range(n + m))  # union-find: rows 0..n-1, columns n..n+m-1

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    edges = [(i, j) for i in range(n) for j in range(m) if sims[i][j] >= floor]
    for i, j in edges:
        ri, rj = find(i), find(n + j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, tuple[set[int], set[int]]] = {}
    for i, j in edges:
        rows, cols = groups.setdefault(find(i), (set(), set()))
        rows.add(i)
        cols.add(j)
    pairs: list[tuple[int, int]] = []
    for rows_set, cols_set in groups.values():
        rows, cols = sorted(rows_set), sorted(cols_set)
        sub = [[sims[i][j] if sims[i][j] >= floor else 0.0 for j in cols] for i in rows]
        for r, c in max_assignment(sub):
            if sub[r][c] >= floor:
                pairs.append((rows[r], cols[c]))
    return sorted(pairs)


def align(a: Sequence[ParagraphScore], b: Sequence[ParagraphScore], *,
          floor: float = ALIGNMENT_FLOOR) -> list[tuple[int, int, float]]:
    """Pair paragraphs of two articles that report the same thing.

    Parameters
    ----------
    a, b : sequence of ParagraphScore
        The paragraphs to align (their ``tokens`` are used).
    floor : float
        Minimum cosine similarity of a kept pair (:data:`ALIGNMENT_FLOOR` by default).

    Returns
    -------
    list of (int, int, float)
        ``(position in a, position in b, similarity)``, one-to-one, sorted by position in a.

    Examples
    --------
    >>> from framing.model import Paragraph, ParagraphScore, Tone
    >>> from framing.text import tokenize
    >>> def para(text):
    ...     return ParagraphScore(Paragraph(0, "body", text, (1, 1), ()), 1, {}, (), None,
    ...                           Tone(None, 0.0, 0.0, 0), tokens=tokenize(text))
    >>> a = [para("美國商務部宣布擴大對華晶片出口管制。"), para("天文台發出八號烈風信號。")]
    >>> b = [para("今日天氣晴朗。"), para("美国商务部宣布扩大对华芯片出口管制措施。")]
    >>> [(i, j) for i, j, _ in align(a, b)]
    [(0, 1)]
    """
    if not a or not b:
        return []
    feats = [_bigram_features(p) for p in (*a, *b)]
    vectors = _tfidf(feats)
    va, vb = vectors[: len(a)], vectors[len(a) :]
    sims, shared = _similarities(va, vb)
    # a paragraph that says word for word what a paragraph of the other side says is the same ground,
    # however short (a two-character subheading, an emoji line) -- the features need not reach the floor
    key_a = [_same_text_key(p) for p in a]
    key_b = [_same_text_key(p) for p in b]
    for i, ka in enumerate(key_a):
        for j, kb in enumerate(key_b):
            if ka and ka == kb:
                sims[i][j] = 1.0
                shared[i][j] = max(shared[i][j], MIN_SHARED)
    eligible = [[s if c >= MIN_SHARED else 0.0 for s, c in zip(srow, crow)] for srow, crow in zip(sims, shared)]
    if key_a == key_b:  # the same article on both sides: each paragraph is its own partner
        pairs = [(i, i) for i in range(len(a)) if eligible[i][i] >= floor]
    else:
        pairs = _match(eligible, floor)
    return [(i, j, sims[i][j]) for i, j in pairs]


def _same_text_key(p: ParagraphScore) -> str:
    """The paragraph's text without spaces, in analysis form, for spotting word-for-word repeats."""
    return "".join(t.norm for t in p.tokens) if p.tokens else "".join(p.text.split())


# --------------------------------------------------------------------------- the comparison


@dataclass(frozen=True, slots=True)
class _Core:
    """The side-dependent parts of a comparison (mirrored together)."""

    frames: tuple[FrameDifference, ...]
    tone: ToneComparison
    keyness: Keyness
    coverage: Coverage


def _lead_dimensions(scored: Sequence[ParagraphScore], dims: Sequence[str]) -> tuple[str, ...]:
    """Dimensions present in the headline and standfirst."""
    seen = {d for p in scored if p.role in LEAD_ROLES for d in p.present}
    return tuple(d for d in dims if d in seen)


def _disagreements(side: str, scored: Sequence[ParagraphScore]) -> list[tuple[str, int, float, float]]:
    """Paragraphs whose snownlp and lexicon tone point opposite ways, both beyond the margin."""
    out = []
    for p in scored:
        s, lex = p.tone.snownlp, p.tone.lexicon
        if s is None:
            continue
        if abs(s) >= DISAGREEMENT_MARGIN and abs(lex) >= DISAGREEMENT_MARGIN and (s > 0) != (lex > 0):
            out.append((side, p.index, s, lex))
    return out


def _core(a: Analysis, b: Analysis, dims: Sequence[str], *, resamples: int, seed: str, confidence: float,
          floor: float, rules: KeynessRules) -> _Core:
    """Frames, tone, keyness and coverage of a against b (in this order)."""
    pa, pb = a.scored, b.scored
    na, nb = len(pa), len(pb)
    res = _Resampler(na, nb, resamples, resamples, seed)
    lead_a, lead_b = _lead_dimensions(pa, dims), _lead_dimensions(pb, dims)

    frames = []
    for d in dims:
        xs = [p.scores.get(d, 0.0) for p in pa]
        ys = [p.scores.get(d, 0.0) for p in pb]
        share_a = sum(1 for p in pa if d in p.present) / na if na else 0.0
        share_b = sum(1 for p in pb if d in p.present) / nb if nb else 0.0
        frames.append(FrameDifference(d, _difference(xs, ys, res, confidence), share_a, share_b, lead_a, lead_b))

    tone_a = [p.tone.score for p in pa]
    tone_b = [p.tone.score for p in pb]
    pooled = tone_a + tone_b
    overall = _difference(tone_a, tone_b, res, confidence, pooled=pooled)
    by_dim = {}
    for d in dims:
        sub_a = [i for i, p in enumerate(pa) if d in p.present]
        sub_b = [j for j, p in enumerate(pb) if d in p.present]
        if len(sub_a) >= 2 and len(sub_b) >= 2:
            by_dim[d] = _difference([tone_a[i] for i in sub_a], [tone_b[j] for j in sub_b], res, confidence,
                                    pooled=pooled, subset=(sub_a, [na + j for j in sub_b]))
    disagreements = tuple(_disagreements("a", pa) + _disagreements("b", pb))
    tone = ToneComparison(overall, by_dim, disagreements)

    key_terms = keyness(pa, pb, rules)

    pairs = align(pa, pb, floor=floor)
    aligned = tuple(AlignedPair(pa[i].index, pb[j].index, s) for i, j, s in pairs)
    paired_a = {i for i, _, _ in pairs}
    paired_b = {j for _, j, _ in pairs}
    alone_a = [p for i, p in enumerate(pa) if i not in paired_a]
    alone_b = [p for j, p in enumerate(pb) if j not in paired_b]
    coverage = Coverage(
        aligned=aligned,
        only_a=tuple(p.index for p in alone_a),
        only_b=tuple(p.index for p in alone_b),
        floor=floor,
        only_a_frames=_frames_of(alone_a, dims),
        only_b_frames=_frames_of(alone_b, dims),
    )
    return _Core(tuple(frames), tone, key_terms, coverage)


def _frames_of(paragraphs: Sequence[ParagraphScore], dims: Sequence[str]) -> dict[str, tuple[int, ...]]:
    """dimension -> indexes of the paragraphs that carry it (dimensions carried by none left out)."""
    out = {}
    for d in dims:
        idx = tuple(p.index for p in paragraphs if d in p.present)
        if idx:
            out[d] = idx
    return out


def _mirror_core(c: _Core) -> _Core:
    """The core seen from the other side: every a <-> b swapped, differences negated."""
    frames = tuple(
        FrameDifference(f.dimension, _mirror_difference(f.score), f.share_b, f.share_a, f.headline_b, f.headline_a)
        for f in c.frames
    )
    swap = {"a": "b", "b": "a"}
    tone = ToneComparison(
        _mirror_difference(c.tone.overall),
        {d: _mirror_difference(x) for d, x in c.tone.by_dimension.items()},
        tuple(sorted(((swap[s], i, sn, lx) for s, i, sn, lx in c.tone.disagreements), key=lambda t: (t[0], t[1]))),
    )
    kw = Keyness(
        tuple(replace(t, a=t.b, b=t.a) for t in c.keyness.b),
        tuple(replace(t, a=t.b, b=t.a) for t in c.keyness.a),
        c.keyness.note,
    )
    cov = c.coverage
    coverage = Coverage(
        aligned=tuple(sorted((AlignedPair(p.b, p.a, p.similarity) for p in cov.aligned), key=lambda p: (p.a, p.b))),
        only_a=cov.only_b,
        only_b=cov.only_a,
        floor=cov.floor,
        only_a_frames=cov.only_b_frames,
        only_b_frames=cov.only_a_frames,
    )
    return _Core(frames, tone, kw, coverage)


def _comes_first(a: Analysis, b: Analysis) -> bool:
    """True when a precedes b in the canonical order (id, text, then the whole analysis)."""
    ka, kb = (a.article.id, a.article.text), (b.article.id, b.article.text)
    if ka != kb:
        return ka < kb
    return repr(a) <= repr(b)


def _pair_figures(a: Sequence[Figure], b: Sequence[Figure]) -> tuple[FigurePair, ...]:
    """Numeric claims of the two sides paired (claims.pair_figures)."""
    from .claims import pair_figures

    return tuple(pair_figures(a, b))


def compare(a: Analysis, b: Analysis, *, resamples: int = 2000, seed: int = 0, confidence: float = 0.95,
            alignment_floor: float | None = None, lexicon_dir: str | Path | None = None) -> Comparison:
    """Compare how two articles cover the same event, with the uncertainty of every difference.

    Parameters
    ----------
    a, b : Analysis
        Two analyses made with the same dimensions (``framing.analysis.analyze``).
    resamples : int, default 2000
        Bootstrap resamples and label permutations per statistic.
    seed : int, default 0
        The same seed gives the same numbers.
    confidence : float, default 0.95
        Coverage of the bootstrap intervals; ``leans`` needs the interval to exclude 0.
    alignment_floor : float, optional
        Minimum cosine similarity of aligned paragraphs (default :data:`ALIGNMENT_FLOOR`).
    lexicon_dir : str or Path, optional
        A lexicon directory whose ``keyness.toml`` overrides the shipped one.

    Returns
    -------
    Comparison
        Frames, tone, keyness, coverage (aligned paragraphs and omissions), paired figures,
        voices and naming of both sides. ``compare(b, a)`` is the exact mirror of ``compare(a, b)``
        (``numbers`` come from ``claims.pair_figures`` called in the caller's order).

    Raises
    ------
    UsageError
        When the analyses have different dimensions, or an option is out of range.

    Examples
    --------
    >>> from framing.analysis import analyze
    >>> from framing.io import article_from_text
    >>> a = analyze(article_from_text("輝達股價暴跌\\n\\n輝達股價暴跌，市值蒸發。投資者拋售晶片股。", id="a"))
    >>> b = analyze(article_from_text("美國收緊出口管制\\n\\n美國商務部收緊對華晶片出口管制。", id="b"))
    >>> c = compare(a, b)
    >>> [f.dimension for f in c.frames] == list(a.dimensions)
    True
    >>> c.settings["resamples"], c.settings["seed"]
    (2000, 0)
    """
    if set(a.dimensions) != set(b.dimensions) or len(a.dimensions) != len(b.dimensions):
        raise UsageError(
            f"cannot compare analyses made with different dimensions: A has {', '.join(a.dimensions) or 'none'}, "
            f"B has {', '.join(b.dimensions) or 'none'}; analyse both with the same lexicons"
        )
    _check_options(resamples, confidence)
    floor = ALIGNMENT_FLOOR if alignment_floor is None else alignment_floor
    if isinstance(floor, bool) or not isinstance(floor, (int, float)) or not 0 < floor <= 1:
        raise UsageError(f"alignment_floor must be a number in (0, 1], not {alignment_floor!r}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise UsageError(f"seed must be an integer, not {seed!r}")
    rules = load_keyness(lexicon_dir)
    seed_text = _seed_text(seed)
    kw = dict(resamples=resamples, seed=seed_text, confidence=confidence, floor=float(floor), rules=rules)
    if _comes_first(a, b):
        core = _core(a, b, a.dimensions, **kw)
    else:
        core = _mirror_core(_core(b, a, b.dimensions, **kw))
    order = {d: i for i, d in enumerate(a.dimensions)}
    frames = tuple(sorted(core.frames, key=lambda f: order[f.dimension]))
    tone = replace(core.tone, by_dimension={d: core.tone.by_dimension[d] for d in a.dimensions
                                            if d in core.tone.by_dimension})
    cov = core.coverage
    coverage = replace(
        cov,
        only_a_frames={d: cov.only_a_frames[d] for d in a.dimensions if d in cov.only_a_frames},
        only_b_frames={d: cov.only_b_frames[d] for d in a.dimensions if d in cov.only_b_frames},
    )
    return Comparison(
        a=a,
        b=b,
        frames=frames,
        tone=tone,
        keyness=core.keyness,
        coverage=coverage,
        numbers=_pair_figures(a.figures, b.figures),
        voices_a=a.voices,
        voices_b=b.voices,
        naming_a=a.naming,
        naming_b=b.naming,
        settings={"resamples": resamples, "seed": seed, "confidence": confidence, "alignment_floor": float(floor)},
    )
