"""Per-paragraph framing scores: weighted hits per 100 word tokens, presence and the primary frame.

A dimension is *present* in a paragraph when its weighted hits reach the lexicon's
``threshold`` (1.0 by default: one clear marker, or two supporting terms; a lexicon may set its own,
as geopolitics and markets do). Presence is decided
on raw weights, not per-100-token scores, so that a long paragraph is not penalised for its
length and a headline is not inflated by its shortness. The *primary* dimension is the
present one with the highest score (ties: the higher raw weight, then lexicon order).

A frame named only to be rejected ("並不認為這是地緣政治問題", "不是中國AI超越美國") is flagged
``negated``. How such a hit counts is a setting of ``tone.toml`` (``rejected_frame_weight``):
we count it fully by default, because naming a frame, even to deny it, puts it before the
reader, and the codebook asks coders to mark every dimension a paragraph *invokes*; the
flag keeps the rejection visible in every report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .lexicon import LexiconSet, ToneRules
from .model import Hit, Token
from .text import count_words, is_word

#: punctuation that closes the reach of a rejecting expression
CLAUSE_END = frozenset("，,。！？!?；;：:\n")


@dataclass(frozen=True, slots=True)
class FrameScores:
    scores: dict[str, float]
    present: tuple[str, ...]
    primary: str | None
    hits: tuple[Hit, ...]
    n_tokens: int
    #: dimension -> weighted hits (before dividing by length)
    weights: dict[str, float]


def rejected_spans(tokens: Sequence[Token], rules: ToneRules, *, norms: Sequence[str] | None = None) -> list[tuple[int, int]]:
    """Token ranges [i, j) that a frame-rejecting expression reaches (its clause, ``rejection_window`` words)."""
    spans = []
    for _, end, _key in rules.rejectors.find(tokens, norms=norms):
        words = 0
        j = end
        while j < len(tokens) and words < rules.rejection_window:
            if tokens[j].text in CLAUSE_END or tokens[j].norm in CLAUSE_END:
                break
            if is_word(tokens[j].text):
                words += 1
            j += 1
        spans.append((end, j))
    return spans


def score_frames(
    tokens: Sequence[Token], text: str, norm_text: str, lexicons: LexiconSet, rules: ToneRules
) -> FrameScores:
    """Score one tokenised paragraph on every dimension of ``lexicons``.

    Examples
    --------
    >>> from framing.lexicon import load_lexicons, load_tone
    >>> from framing.text import tokenize, normalize
    >>> s = "美國擴大對華晶片出口管制，輝達股價應聲下跌。"
    >>> fs = score_frames(tokenize(s), s, normalize(s), load_lexicons(), load_tone())
    >>> "geopolitics" in fs.present
    True
    """
    n_words = count_words(tokens)
    norms = [t.norm for t in tokens]  # shared by every lexicon's matcher
    rejected = rejected_spans(tokens, rules, norms=norms) if rules.rejectors.keys else []
    # token index of each character start, to map hits back to tokens
    start_index = {t.start: i for i, t in enumerate(tokens)}
    hits: list[Hit] = []
    weights: dict[str, float] = {}
    for name, lex in lexicons.lexicons.items():
        total = 0.0
        for h in lex.match(tokens, text, norm_text, norms=norms):
            i = start_index[h.start]
            if any(a <= i < b for a, b in rejected):
                h = replace(h, negated=True)
                total += h.weight * rules.rejected_frame_weight
            else:
                total += h.weight
            hits.append(h)
        weights[name] = total
    per100 = 100.0 / n_words if n_words else 0.0
    scores = {name: w * per100 for name, w in weights.items()}
    order = list(lexicons.lexicons)
    present = tuple(n for n in order if weights[n] > 0 and weights[n] >= lexicons.lexicons[n].threshold - 1e-9)
    primary = max(present, key=lambda n: (scores[n], weights[n], -order.index(n))) if present else None
    hits.sort(key=lambda h: (h.start, h.dimension))
    return FrameScores(scores, present, primary, tuple(hits), n_words, weights)
