"""What the claims readers share: where a clause ends, a paragraph's analysis form and the tokens of its clauses.

Every reader (:mod:`~framing.claims.figures`, :mod:`~framing.claims.voices`, :mod:`~framing.claims.naming`)
works inside a clause, on the analysis form of a paragraph (:func:`framing.text.normalize`: same length as the
text, so an offset found there is an offset into the text as written):

* :func:`_given` gives a paragraph's analysis form, put together from the caller's tokens when it has them
  (``tokens=`` of the readers; checked to cover the text) instead of normalising again;
* :func:`_clause` finds the clause around a span (between the ``[context] clause_breaks`` of claims.toml; a
  comma between digits is not one);
* :func:`_clause_tokens` gives the tokens of only the clauses that hold a hit (a figure, an attribution word, a
  naming variant): taken from the caller's tokens, else cut clause by clause with :func:`framing.text.tokenize`;
* :func:`_time_word` says whether a word is a date or time (never a name, never what a figure measures), and
  ``_LATIN`` matches a Latin letter (a model name, a Latin name).

Importing this module imports neither jieba nor OpenCC.
"""

from __future__ import annotations

import operator
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from ..model import Token
from ..text import normalize, tokenize
from .rules import ClaimRules


_LATIN = re.compile(r"[a-z]")


def _clause(norm: str, start: int, end: int, rules: ClaimRules) -> tuple[int, int]:
    """(start, end) of the clause around ``start:end``: between clause breaks (a comma between digits is not one)."""

    def is_break(j: int) -> bool:
        ch = norm[j]
        if ch not in rules.clause_breaks:
            return False
        if ch == "," and 0 < j < len(norm) - 1 and norm[j - 1].isdigit() and norm[j + 1].isdigit():
            return False
        return True

    s = start
    while s > 0 and not is_break(s - 1):
        s -= 1
    e = end
    while e < len(norm) and not is_break(e):
        e += 1
    return s, e


class _Cuts(NamedTuple):
    """A paragraph's tokens as the caller handed them over, with their starts (to bisect on)."""

    tokens: Sequence[Token]
    starts: list[int]


def _given(text: str, tokens: Sequence[Token] | None, where: str) -> tuple[str, _Cuts | None]:
    """The analysis form of ``text``, and its tokens when the caller gave them (else None: clauses are cut).

    The tokens of :func:`framing.text.tokenize` cover the text but for its whitespace, and each holds its own
    slice of ``normalize(text)``: the analysis form is put together from them (whitespace normalises on its
    own: U+3000 becomes a space, every other space stays), for about 60% of what normalising again costs.
    Tokens that do not cover the text so (overlapping, out of order, past its end, or leaving out anything but
    whitespace) raise ValueError, ``where`` naming the text.
    """
    if tokens is None:
        return normalize(text), None
    n = len(text)
    starts = [t.start for t in tokens]
    if (starts and starts[0] == 0 and tokens[-1].end == n
            and all(map(operator.eq, starts[1:], (t.end for t in tokens)))):
        norm = "".join([t.norm for t in tokens])  # they tile the text (no whitespace in it): the common case
        if len(norm) == n:
            return norm, _Cuts(tokens, starts)
    parts: list[str] = []
    starts = []
    pos = 0
    for t in (*tokens, None):
        s, e = (t.start, t.end) if t is not None else (n, n)
        if t is not None and not (pos <= s < e <= n and len(t.norm) == e - s):
            raise ValueError(f"{where}: token {t.text!r} at {s}:{e} does not fit the text (length {n}) after "
                             f"offset {pos}; pass the tokens framing.text.tokenize gives for this text")
        if s > pos:
            gap = text[pos:s]
            if not gap.isspace():
                raise ValueError(f"{where}: the tokens leave out {gap[:20]!r} at {pos}:{s}; pass the tokens "
                                 "framing.text.tokenize gives for this text (it leaves out whitespace only)")
            parts.append(gap if gap.isascii() else normalize(gap))
        if t is not None:
            parts.append(t.norm)
            starts.append(s)
            pos = e
    return "".join(parts), _Cuts(tokens, starts)


def _clause_tokens(text: str, norm: str, hits: Iterable[tuple[int, int]], rules: ClaimRules,
                   cuts: _Cuts | None = None) -> list[Token]:
    """The tokens of the clauses of ``text`` that hold the ``hits`` (start, end, in order), offsets into ``text``.

    Every reader here works inside a clause, and clause breaks are punctuation, where jieba cuts anyway (none of
    them is a character its blocks are made of): these are the tokens the whole text has there. With ``cuts``
    (the whole paragraph's tokens, see :func:`_given`) they are taken from those; without, only those clauses
    are cut.
    """
    spans: list[tuple[int, int]] = []
    for s, e in hits:
        if not spans or s >= spans[-1][1]:
            spans.append(_clause(norm, s, e, rules))
    out: list[Token] = []
    if cuts is not None:
        tokens, starts = cuts
        for cs, ce in spans:
            i = bisect_left(starts, cs)
            j = bisect_left(starts, ce, i)
            if j > i and tokens[j - 1].end > ce:
                j -= 1  # a token running past the clause's end is not inside it (never one of tokenize's)
            out += tokens[i:j]
        return out
    for cs, ce in spans:
        out += [Token(t.text, t.norm, t.start + cs, t.end + cs) for t in tokenize(text[cs:ce])]
    return out


def _time_word(word: str, rules: ClaimRules) -> bool:
    """A date or time word (周五, 27日, 首日, 第一季): never a name."""
    return rules.anchor_regex.fullmatch(word) is not None
