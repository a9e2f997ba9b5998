"""Claims: figures (numbers with units) normalised to values, the voices a text quotes, its naming convention.

Three readers of a news text that journalists compare across outlets:

* :func:`extract_figures` finds numbers with their units (percent, money, counts, durations), hedges
  (約, 不到, 逾 ...), ranges, what they measure and when they hold (週一, 27日, 第一季); :func:`pair_figures`
  pairs the figures two sources give for the same quantity and says whether they agree, allowing for rounding
  and hedges (two figures for different days or quarters are not the same quantity and never pair).
* :func:`extract_voices` finds who is quoted or cited (people, organisations, media, anonymous sources).
* :func:`naming_convention` says which regional usage (mainland, Hong Kong, Taiwan) a text follows.

The words are data: ``lexicons/claims.toml`` (units, currencies, hedges, date words, attribution verbs,
titles, surnames, source markers) and ``lexicons/naming.toml`` (regional variants). Chinese numeral parsing,
the skipping of model names, dates, times and tickers, and where a clause ends are algorithm and live in this
package, one module each:

* :mod:`framing.claims.rules` -- ``claims.toml`` read, validated and compiled: :class:`ClaimRules`,
  :func:`load_claim_rules`.
* :mod:`framing.claims.clauses` -- what the readers share: where a clause ends, a paragraph's analysis form and
  the tokens of its clauses (the caller's, or cut clause by clause), date and time words.
* :mod:`framing.claims.figures` -- numerals, units, hedges, ranges, what a figure measures and the date it
  holds for: :func:`extract_figures`; pairing across sources: :func:`pair_figures`.
* :mod:`framing.claims.voices` -- :func:`extract_voices`.
* :mod:`framing.claims.naming` -- ``naming.toml`` (:class:`NamingTable`, :func:`load_naming`) and
  :func:`naming_convention`.

Imports run one way: ``rules`` <- ``clauses`` <- ``naming`` <- ``figures``, ``voices`` (figures and voices use
the naming table: its variants are tokenizer vocabulary, and 輝達 = 英偉達 when figures are paired). The public
names are re-exported here; the private helpers are imported from the module that owns them.

Matching runs on the analysis form of a paragraph (:func:`framing.text.normalize`: Simplified, lower case,
full-width folded, same length), so every offset found there is an offset into the text as written:
``text[figure.start:figure.end] == figure.text``. Every reader works inside a clause, so only the clauses
that hold a figure, an attribution word or a naming variant are cut into words (jieba also cuts at the
punctuation that ends a clause: the words are those of the whole paragraph). A caller that has tokenised the
paragraphs already (:func:`framing.analysis.analyze`) hands its tokens over (``tokens=``) and nothing is cut or
normalised again. No part-of-speech tagger is used (jieba.posseg costs a second and 200 MB to load); importing
this package imports neither jieba nor OpenCC.

Examples
--------
>>> from framing.claims import extract_figures
>>> [(f.text, f.value, f.unit, f.qualifier) for f in extract_figures([(0, "市值蒸發約5890億美元")])]
[('約5890億美元', 589000000000.0, 'USD', 'approx')]
"""

from __future__ import annotations

from .rules import ClaimRules, load_claim_rules
from .naming import REGIONS, NamingTable, Variant, load_naming, naming_convention  # noqa: F401 - the names claims.py had
from .figures import extract_figures, pair_figures
from .voices import extract_voices

__all__ = [
    "ClaimRules",
    "NamingTable",
    "extract_figures",
    "extract_voices",
    "load_claim_rules",
    "load_naming",
    "naming_convention",
    "pair_figures",
]
