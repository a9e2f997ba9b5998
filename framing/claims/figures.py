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
the skipping of model names, dates, times and tickers, and where a clause ends are algorithm and live here.

Matching runs on the analysis form of a paragraph (:func:`framing.text.normalize`: Simplified, lower case,
full-width folded, same length), so every offset found there is an offset into the text as written:
``text[figure.start:figure.end] == figure.text``. Every reader works inside a clause, so only the clauses
that hold a figure, an attribution word or a naming variant are cut into words (jieba also cuts at the
punctuation that ends a clause: the words are those of the whole paragraph). A caller that has tokenised the
paragraphs already (:func:`framing.analysis.analyze`) hands its tokens over (``tokens=``) and nothing is cut or
normalised again. No part-of-speech tagger is used (jieba.posseg costs a second and 200 MB to load); importing
this module imports neither jieba nor OpenCC.

Examples
--------
>>> from framing.claims import extract_figures
>>> [(f.text, f.value, f.unit, f.qualifier) for f in extract_figures([(0, "市值蒸發約5890億美元")])]
[('約5890億美元', 589000000000.0, 'USD', 'approx')]
"""

from __future__ import annotations

import functools
import math
import operator
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import LexiconError
from ..model import Figure, FigurePair, Naming, Token, Voice
from ..text import add_words, is_cjk, is_word, normalize, normalize_term, tokenize, word_frequency
from ..lexicon import shipped_dir
from ..tomlfile import fail, read_toml

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

REGIONS = ("mainland", "hongkong", "taiwan")


# =========================================================================== rule file: claims.toml


@dataclass(frozen=True, slots=True)
class ClaimRules:
    """``claims.toml`` compiled: every word in analysis form, ready for lookup. Load with :func:`load_claim_rules`."""

    path: str
    # numbers
    digits: dict[str, int]
    places: dict[str, int]
    magnitudes: dict[str, float]
    decimal_point: frozenset[str]
    vague: tuple[str, ...]
    # units: analysis-form word -> (kind, unit code or "" for "the word as written", currency)
    units: dict[str, tuple[str, str, str]]
    tenths: frozenset[str]
    tenths_not_before: tuple[str, ...]
    percent_prefixes: tuple[str, ...]
    percent_words: dict[str, float]
    percent_words_exclude: tuple[str, ...]
    currency_before: dict[str, str]
    # hedges: word -> qualifier ("" for a word that only looks like a hedge)
    hedges_before: dict[str, str]
    hedges_after: dict[str, str]
    hedges_inside: dict[str, str]
    range_connectors: tuple[str, ...]
    range_adjacent_before: tuple[str, ...]
    # not figures: rank markers (word -> True, exception -> False), dates and times
    rank_before: dict[str, bool]
    date_after: tuple[str, ...]
    time_before: tuple[str, ...]
    year_after: tuple[str, ...]
    # context and about
    clause_breaks: frozenset[str]
    context_before: int
    context_after: int
    stopwords: frozenset[str]
    synonyms: dict[str, str]
    weak: frozenset[str]
    measures: frozenset[str]
    subject_skip: frozenset[str]
    # date and time anchors: word -> number
    anchor_weekdays: dict[str, int]
    anchor_days: dict[str, int]
    anchor_quarters: dict[str, int]
    anchor_halves: dict[str, int]
    since_after: tuple[str, ...]
    # agreement
    tol_relative: float
    tol_approx: float
    floor: float
    # voices
    verbs: frozenset[str]
    cite: frozenset[str]
    according_open: frozenset[str]
    according_close: frozenset[str]
    addressee: frozenset[str]
    prepositions: frozenset[str]
    titles: frozenset[str]
    surnames: frozenset[str]
    name_max_freq: int
    transliteration: frozenset[str]
    people: frozenset[str]
    place_names: frozenset[str]
    place_suffixes: frozenset[str]
    name_glue: frozenset[str]
    verb_glue: frozenset[str]
    pause_verbs: frozenset[str]
    max_gap: int
    stop: frozenset[str]
    anonymous: frozenset[str]
    media_open: str
    media_close: str
    media_suffixes: frozenset[str]
    media: frozenset[str]
    org_suffixes: frozenset[str]
    generic: frozenset[str]
    body_suffixes: frozenset[str]
    organisations: frozenset[str]
    latin_org_words: frozenset[str]
    latin_media_words: frozenset[str]
    # naming decision
    naming_consistent: float
    naming_mixed_min: float
    # derived: words that are never part of a name (function words, verbs, pronouns and crowds); the words that
    # make a clause worth reading for voices; dates and times (see _anchor_regex); the characters a figure's
    # numeral can start with (see _find_figures)
    function_words: frozenset[str]
    speech_verbs: frozenset[str]
    closers: frozenset[str]
    listed_lengths: tuple[int, ...]
    voice_triggers: re.Pattern[str]
    anchor_regex: re.Pattern[str]
    figure_starts: re.Pattern[str]

    @property
    def words(self) -> frozenset[str]:
        """Words the tokenizer should keep whole (names, phrases, measure nouns, verbs)."""
        return (
            self.measures | self.verbs | self.cite | self.anonymous | self.media | self.organisations | self.people
            | frozenset(self.according_open) | frozenset(self.according_close)
        )


# section -> key -> type; "list" = list of non-empty strings, "str", "int", "float", "intmap", "floatmap"
_CLAIMS_SCHEMA: dict[str, dict[str, str]] = {
    "numbers": {"digits": "intmap", "places": "intmap", "magnitudes": "floatmap", "decimal_point": "list",
                "vague": "list"},
    "percent": {"signs": "list", "prefixes": "list", "tenths": "list", "tenths_not_before": "list",
                "points": "list", "words": "floatmap", "words_exclude": "list"},
    "local_currency": {"after": "list", "dollar": "list"},
    "units": {"count": "list", "duration": "list", "measure": "list", "multiple": "list"},
    "hedges.approx": {"before": "list", "after": "list", "inside": "list"},
    "hedges.upper": {"before": "list", "after": "list", "inside": "list"},
    "hedges.lower": {"before": "list", "after": "list", "inside": "list"},
    "hedges.none": {"before": "list"},
    "ranges": {"connectors": "list", "adjacent_before": "list"},
    "not_figures": {"before": "list", "before_exceptions": "list", "after": "list", "time_before": "list",
                    "year_after": "list"},
    "context": {"clause_breaks": "str", "before": "int", "after": "int", "stopwords": "list", "synonyms": "synmap",
                "weak": "list"},
    "about": {"measures": "list", "subject_skip": "list"},
    "anchors": {"weekdays": "intmap", "days": "intmap", "quarters": "intmap", "halves": "intmap",
                "since_after": "list"},
    "agreement": {"relative": "float", "approx": "float", "floor": "float"},
    "voices": {"verbs": "list", "cite": "list", "according_open": "list", "according_close": "list",
               "addressee": "list", "prepositions": "list", "titles": "list", "surnames": "list",
               "name_max_freq": "int", "transliteration": "str", "people": "list", "places": "list",
               "place_suffixes": "list", "name_glue": "list",
               "verb_glue": "list", "pause_verbs": "list", "max_gap": "int", "stop": "list", "anonymous": "list",
               "media_open": "str", "media_close": "str", "media_suffixes": "list", "media": "list",
               "org_suffixes": "list", "generic": "list", "body_suffixes": "list", "organisations": "list",
               "latin_org_words": "list", "latin_media_words": "list"},
    "naming": {"consistent": "float", "mixed_min": "float"},
}
_ISO = re.compile(r"^[A-Z]{3}$")


def _section(data: dict[str, Any], name: str) -> Any:
    node: Any = data
    for part in name.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _check_value(path, raw, section: str, key: str, kind: str, value: Any) -> Any:
    """Validate one value of the rule file against its declared kind; a LexiconError points at its line."""
    where = f"[{section}] {key}"

    def bad(what: str) -> LexiconError:
        return fail(path, raw, key, f"{where}: {what}", section=section)

    if kind == "list":
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise bad('must be a list of non-empty strings, e.g. ["約", "大約"]')
        return [normalize_term(v) for v in value]
    if kind == "str":
        if not isinstance(value, str) or not value:
            raise bad("must be a non-empty string")
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise bad("must be a whole number >= 0")
        return value
    if kind == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 1e6:
            raise bad("must be a number >= 0")
        return float(value)
    if kind == "synmap":
        if not isinstance(value, dict):
            raise bad('must be a table of canonical = [words], e.g. "成本" = ["耗資", "花費"]')
        out_syn = {}
        for canon, words in value.items():
            if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
                raise fail(path, raw, canon, f"{where}: {canon!r} must map to a list of words",
                           section=f"{section}.{key}")
            for w in [canon, *words]:
                out_syn[normalize_term(w)] = normalize_term(canon)
        return out_syn
    if kind in ("intmap", "floatmap"):
        if not isinstance(value, dict) or not value:
            raise bad('must be a table of word = number, e.g. { "萬" = 1e4 }')
        out = {}
        for word, number in value.items():
            ok = isinstance(number, (int, float)) and not isinstance(number, bool) and number >= 0
            if kind == "intmap":
                ok = ok and isinstance(number, int)
            if not ok or not word.strip():
                if re.search(rf"^\s*\[\s*{re.escape(section)}\.{re.escape(key)}\s*\]", raw, re.M):
                    # a [section.key] table, one entry a line: point at the entry
                    raise fail(path, raw, word, f"{where}: {word!r} must map to a number >= 0",
                               section=f"{section}.{key}")
                raise bad(f"{word!r} must map to a number >= 0")
            out[normalize_term(word)] = number
        return out
    raise AssertionError(kind)  # pragma: no cover


def _read_claims(path: Path) -> dict[str, dict[str, Any]]:
    data, raw = read_toml(path)
    known_top = {s.split(".")[0] for s in _CLAIMS_SCHEMA} | {"currencies"}
    for key in data:
        if key not in known_top:
            raise fail(path, raw, key, f"unknown section [{key}]; expected one of {', '.join(sorted(known_top))}")
    out: dict[str, dict[str, Any]] = {}
    for section, keys in _CLAIMS_SCHEMA.items():
        table = _section(data, section)
        if not isinstance(table, dict):
            raise LexiconError(f"{path}: missing section [{section}] (keys: {', '.join(keys)})")
        for key in table:
            if key not in keys:
                raise fail(path, raw, key, f"[{section}] unknown key {key!r}; expected one of {', '.join(keys)}",
                           section=section)
        vals = {}
        for key, kind in keys.items():
            if key not in table:
                raise LexiconError(f"{path}: [{section}] is missing {key!r}")
            vals[key] = _check_value(path, raw, section, key, kind, table[key])
        out[section] = vals
    hedges = data.get("hedges", {})
    for key in hedges:
        if key not in ("approx", "upper", "lower", "none"):
            raise fail(path, raw, f"hedges.{key}", f"unknown hedge table [hedges.{key}]; expected approx, upper, "
                       "lower or none")
    cur = data.get("currencies")
    if not isinstance(cur, dict) or not cur:
        raise LexiconError(f"{path}: missing section [currencies] (ISO code = {{ after = [...], before = [...] }})")
    currencies = {}
    for code, spec in cur.items():
        if not _ISO.match(code):
            raise fail(path, raw, code, f"[currencies] {code!r} is not an ISO 4217 code (three capitals, e.g. USD)",
                       section="currencies")
        if not isinstance(spec, dict) or set(spec) - {"after", "before"} or "after" not in spec:
            raise fail(path, raw, code, f"[currencies] {code} must be {{ after = [...], before = [...] }}",
                       section="currencies")
        currencies[code] = {k: _check_value(path, raw, "currencies", code, "list", v) for k, v in spec.items()}
    out["currencies"] = currencies
    return out


def _compile_claims(path: Path) -> ClaimRules:
    c = _read_claims(path)
    num, pct, units = c["numbers"], c["percent"], c["units"]

    table: dict[str, tuple[str, str, str]] = {}
    for w in pct["signs"]:
        table[w] = ("percent", "%", "")
    for w in pct["points"]:
        table[w] = ("percent-point", "pp", "")
    for kind in ("count", "duration", "measure"):
        for w in units[kind]:
            table[w] = (kind, "", "")
    for w in units["multiple"]:
        table[w] = ("multiple", "", "")
    for w in c["local_currency"]["after"]:
        table[w] = ("money", "元", "")
    currency_before = {w: "USD" for w in c["local_currency"]["dollar"]}
    for code, spec in c["currencies"].items():
        for w in spec["after"]:
            table[w] = ("money", code, code)
        for w in spec.get("before", ()):
            currency_before[w] = code

    def hedge_map(where: str) -> dict[str, str]:
        m = {w: q for q in ("approx", "upper", "lower") for w in c[f"hedges.{q}"][where]}
        if where == "before":
            m.update({w: "" for w in c["hedges.none"]["before"]})
        return m

    nf = c["not_figures"]
    rank = {w: True for w in nf["before"]}
    rank.update({w: False for w in nf["before_exceptions"]})
    ctx, about, agr, v, nm, an = c["context"], c["about"], c["agreement"], c["voices"], c["naming"], c["anchors"]
    function_words = frozenset(
        ctx["stopwords"] + v["addressee"] + v["prepositions"] + v["stop"] + v["verb_glue"] + v["verbs"] + v["cite"]
        + v["according_open"] + v["according_close"] + v["pause_verbs"]
    )
    return ClaimRules(
        path=str(path),
        digits=num["digits"], places=num["places"], magnitudes=num["magnitudes"],
        decimal_point=frozenset(num["decimal_point"]), vague=tuple(num["vague"]),
        units=table, tenths=frozenset(pct["tenths"]), tenths_not_before=tuple(pct["tenths_not_before"]),
        percent_prefixes=tuple(pct["prefixes"]), percent_words=pct["words"],
        percent_words_exclude=tuple(pct["words_exclude"]), currency_before=currency_before,
        hedges_before=hedge_map("before"), hedges_after=hedge_map("after"), hedges_inside=hedge_map("inside"),
        range_connectors=tuple(c["ranges"]["connectors"]),
        range_adjacent_before=tuple(c["ranges"]["adjacent_before"]),
        rank_before=rank, date_after=tuple(nf["after"]), time_before=tuple(nf["time_before"]),
        year_after=tuple(nf["year_after"]),
        clause_breaks=frozenset(normalize(ctx["clause_breaks"].replace("\\n", "\n"))) | {"\n"},
        context_before=ctx["before"], context_after=ctx["after"], stopwords=frozenset(ctx["stopwords"]),
        synonyms=ctx["synonyms"], weak=frozenset(ctx["weak"]),
        measures=frozenset(about["measures"]), subject_skip=frozenset(about["subject_skip"]),
        anchor_weekdays=an["weekdays"], anchor_days=an["days"], anchor_quarters=an["quarters"],
        anchor_halves=an["halves"], since_after=tuple(an["since_after"]),
        tol_relative=agr["relative"], tol_approx=agr["approx"], floor=agr["floor"],
        verbs=frozenset(v["verbs"]), cite=frozenset(v["cite"]), according_open=frozenset(v["according_open"]),
        according_close=frozenset(v["according_close"]), addressee=frozenset(v["addressee"]),
        prepositions=frozenset(v["prepositions"]), titles=frozenset(v["titles"]),
        name_max_freq=v["name_max_freq"],
        transliteration=frozenset(ch for ch in normalize(v["transliteration"]) if is_cjk(ch)),
        people=frozenset(v["people"]), place_names=frozenset(v["places"]),
        place_suffixes=frozenset(v["place_suffixes"]), name_glue=frozenset(v["name_glue"]),
        surnames=frozenset(v["surnames"]),
        verb_glue=frozenset(v["verb_glue"]), pause_verbs=frozenset(v["pause_verbs"]),
        max_gap=v["max_gap"], stop=frozenset(v["stop"]), anonymous=frozenset(v["anonymous"]),
        media_open=normalize(v["media_open"]), media_close=normalize(v["media_close"]),
        media_suffixes=frozenset(v["media_suffixes"]), media=frozenset(v["media"]),
        org_suffixes=frozenset(v["org_suffixes"]), generic=frozenset(v["generic"]),
        body_suffixes=frozenset(v["body_suffixes"]),
        organisations=frozenset(v["organisations"]),
        latin_org_words=frozenset(v["latin_org_words"]), latin_media_words=frozenset(v["latin_media_words"]),
        naming_consistent=nm["consistent"], naming_mixed_min=nm["mixed_min"],
        function_words=function_words,
        speech_verbs=frozenset(v["verbs"] + v["pause_verbs"]), closers=frozenset(v["according_close"] + v["verbs"]),
        listed_lengths=tuple(sorted({len(w) for w in v["anonymous"] + v["media"] + v["organisations"]}, reverse=True)),
        voice_triggers=_alternation(v["verbs"] + v["pause_verbs"] + v["cite"] + v["according_open"]),
        anchor_regex=_anchor_regex([*an["weekdays"], *an["days"], *an["quarters"], *an["halves"]]),
        figure_starts=re.compile("[0-9" + re.escape("".join({**num["digits"], **num["places"], **num["magnitudes"]}))
                                 + "]"),
    )


def _alternation(words: Iterable[str]) -> re.Pattern[str]:
    """A pattern matching any of ``words``, longest first."""
    return re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))


_NUM_CN = "〇零一二两三四五六七八九十"


def _anchor_regex(words: Iterable[str]) -> re.Pattern[str]:
    """Dates and times in analysis form: 第N天, 2025年(1月(27日)), 1月(27日), 27日, and the rule file's words.

    Groups: nth, y, m, d (years are Arabic; a month or a day after a month may be a Chinese numeral; a day
    alone must be Arabic, 一日 is a duration), word.
    """
    n = rf"[0-9]{{1,2}}|[{_NUM_CN}]{{1,3}}"
    return re.compile(
        rf"第(?P<nth>{n})[天日]"
        rf"|(?<![0-9])(?P<y>[0-9]{{4}})年(?:(?P<ym>{n})月份?(?:(?P<yd>{n})[日号])?)?"
        rf"|(?<![0-9{_NUM_CN}])(?P<m>{n})月份?(?:(?P<md>{n})[日号])?"
        rf"|(?<![0-9月第])(?P<d>[0-9]{{1,2}})日"
        rf"|(?P<word>{_alternation(words).pattern})"
    )


@functools.lru_cache(maxsize=8)
def _load_claims_cached(path: str, mtime_ns: int) -> ClaimRules:
    rules = _compile_claims(Path(path))
    add_words(w for w in rules.words if len(w) > 1)
    return rules


def _stat(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        raise LexiconError(f"{path}: no such lexicon file") from None


def load_claim_rules(path: str | Path | None = None) -> ClaimRules:
    """Load and validate ``claims.toml`` (cached; reloaded when the file changes).

    Parameters
    ----------
    path : str or Path, optional
        A rule file; the shipped ``lexicons/claims.toml`` when omitted.

    Raises
    ------
    LexiconError
        When the file is malformed; the message names the file, the line and the fix.

    Examples
    --------
    >>> rules = load_claim_rules()
    >>> rules.units["美元"]
    ('money', 'USD', 'USD')
    >>> rules.hedges_before["不到"]
    'upper'
    """
    p = Path(path) if path is not None else shipped_dir() / "claims.toml"
    p = p.resolve()
    return _load_claims_cached(str(p), _stat(p))


# =========================================================================== figures: numerals

_ARABIC = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?")
_LATIN = re.compile(r"[a-z]")


@dataclass(slots=True)
class _Num:
    """A numeral read from the analysis form: its value, where it ends, and how it was written."""

    value: float
    end: int
    chinese: bool
    first: str  # its first character (a digit, or a place / magnitude as in 萬張)
    has_place: bool  # a place or magnitude character (十百千萬億兆) was used
    magnitude: float  # product of the magnitudes written after an Arabic number (1萬億 -> 1e12)
    inside: str  # qualifier of an inside hedge (1萬多張, 二十多萬), or ""
    int_digits: int  # Arabic digits before the decimal point (2025 -> 4), 0 for a Chinese numeral


def _parse_small(s: str, rules: ClaimRules) -> float | None:
    """A Chinese numeral below 萬 (三千五百, 十二, 一百零五, 三千五, 三點五); None when malformed."""
    if not s:
        return 1.0  # a bare magnitude: 萬 = 一萬
    dec = next((p for p in rules.decimal_point if p in s), None)
    if dec is not None:
        head, _, tail = s.partition(dec)
        if not head or not tail or any(ch not in rules.digits for ch in tail):
            return None
        whole = _parse_small(head, rules)
        if whole is None:
            return None
        return whole + float("0." + "".join(str(rules.digits[ch]) for ch in tail))
    total = 0
    digit: int | None = None
    last_place: int | None = None
    for ch in s:
        if ch in rules.digits:
            if digit is not None and rules.digits[ch] != 0 and digit != 0:
                return None  # two digits in a row (六四) is not a numeral
            digit = rules.digits[ch]
        elif ch in rules.places:
            place = rules.places[ch]
            if last_place is not None and place >= last_place:
                return None
            total += (1 if digit is None else digit) * place
            digit = None
            last_place = place
        else:
            return None
    if digit is not None:
        if last_place is not None and last_place >= 100 and s[-2] in rules.places:
            total += digit * last_place // 10  # 三千五 = 3500: the next lower place
        else:
            total += digit
    return float(total)


def _parse_chinese(s: str, rules: ClaimRules) -> float | None:
    """A Chinese numeral with magnitudes (三億五千萬, 一萬億, 兩萬, 萬); None when malformed."""
    mags = [(rules.magnitudes[ch], i) for i, ch in enumerate(s) if ch in rules.magnitudes]
    if not mags:
        return _parse_small(s, rules)
    top = max(m for m, _ in mags)
    i = max(i for m, i in mags if m == top)
    left = _parse_chinese(s[:i], rules) if i else 1.0
    if left is None:
        return None
    tail = s[i + 1:]
    right = 0.0
    if tail:
        if len(tail) == 1 and tail in rules.digits and i > 0:
            right = rules.digits[tail] * top / 10  # 一萬五 = 15000
        else:
            r = _parse_chinese(tail, rules)
            if r is None or r >= top:
                return None
            right = r
    return left * top + right


def _read_number(norm: str, i: int, rules: ClaimRules, unit_at) -> _Num | int:
    """Read the numeral starting at ``i``; return a :class:`_Num`, or where the run to skip ends."""
    mag_chars = {**rules.places, **rules.magnitudes}
    n = len(norm)
    m = _ARABIC.match(norm, i)
    if m:
        j = m.end()
        if j < n - 1 and norm[j] == "." and norm[j + 1].isdigit():
            while j < n and (norm[j].isdigit() or norm[j] == "."):
                j += 1
            return j  # a version number (3.1.2)
        lit = m.group().replace(",", "")
        num = _Num(float(lit), j, False, lit[0], False, 1.0, "", len(lit.split(".")[0]))
    else:
        chars = set(rules.digits) | set(mag_chars)
        j = i
        while j < n and (norm[j] in chars or (norm[j] in rules.decimal_point and j > i)):
            if j > i and norm[j] in rules.places and unit_at(j):
                break  # 3百分點: the place starts a unit word
            j += 1
        while j > i and norm[j - 1] in rules.decimal_point:
            j -= 1
        s = norm[i:j]
        if not s:
            return i + 1
        value = _parse_chinese(s, rules)
        if value is None:
            return j
        num = _Num(float(value), j, True, s[0], any(ch in mag_chars for ch in s), 1.0, "", 0)
    # magnitudes after an Arabic number (5890億, 1萬億), and an inside hedge (1萬多張, 二十多萬, 100餘人)
    while True:
        j = num.end
        if j < n and norm[j] in rules.hedges_inside and not num.inside and (
            (j + 1 < n and norm[j + 1] in rules.magnitudes) or unit_at(j + 1)
        ):
            num.inside = rules.hedges_inside[norm[j]]
            num.end = j + 1
            continue
        after_inside = norm[j - 1] in rules.hedges_inside
        if j < n and norm[j] in mag_chars and not unit_at(j) and (not num.chinese or after_inside):
            num.value *= mag_chars[norm[j]]
            num.magnitude *= mag_chars[norm[j]]
            num.has_place = True
            num.end = j + 1
            continue
        break
    return num


def _longest(norm: str, at: int, words: Iterable[str], *, ending: bool = False) -> str | None:
    """The longest word of ``words`` starting (or, with ``ending``, ending) at ``at``."""
    best = None
    for w in words:
        if ending:
            ok = at - len(w) >= 0 and norm.startswith(w, at - len(w))
        else:
            ok = norm.startswith(w, at)
        if ok and (best is None or len(w) > len(best)):
            best = w
    return best


@dataclass(slots=True)
class _Cand:
    start: int  # of the numeral (or of its percent prefix 百分之)
    end: int  # after the unit (before a suffix hedge)
    num: _Num
    kind: str
    unit: str  # a code (%, USD, 元) or "" when the unit is the word as written
    currency: str
    qualifier: str
    unit_span: tuple[int, int]
    high: float | None = None
    prefix_pct: bool = False


def _read_figure(norm: str, i: int, rules: ClaimRules, floor: int) -> tuple[_Cand | None, int]:
    """Read a numeral starting at ``i`` with its unit: (candidate or None for a date, where to resume)."""

    def unit_at(j: int) -> bool:
        return _longest(norm, j, rules.units) is not None

    num = _read_number(norm, i, rules, unit_at)
    if isinstance(num, int):
        return None, max(num, i + 1)
    start = i
    pre = _longest(norm, i, rules.percent_prefixes, ending=True)
    prefix_pct = bool(pre) and i - len(pre) >= floor
    if prefix_pct:
        start = i - len(pre)
    j = num.end
    k = j + 1 if j < len(norm) and norm[j] == " " and not num.chinese else j
    unit = _longest(norm, k, rules.units)
    date = _longest(norm, j, rules.date_after)
    if date and (unit is None or len(date) >= len(unit)):
        return None, j + len(date)
    cand = _Cand(start, j, num, "", "", "", num.inside or "exact", (j, j), prefix_pct=prefix_pct)
    if prefix_pct:
        cand.kind, cand.unit = "percent", "%"
        if unit and rules.units[unit][0] == "percent":
            cand.end = k + len(unit)
    elif unit:
        kind, code, currency = rules.units[unit]
        cand.kind, cand.unit, cand.currency = kind, code, currency
        cand.end = k + len(unit)
        cand.unit_span = (k, k + len(unit))
    elif norm[j:j + 1] in rules.tenths and not any(norm.startswith(w, j + 1) for w in rules.tenths_not_before):
        cand.kind, cand.unit, cand.end = "percent", "%", j + 1
        num.value *= 10
    return cand, cand.end


def _valid(c: _Cand, norm: str, rules: ClaimRules, *, ranged: bool = False, second: bool = False) -> bool:
    """Is this numeral a figure (not a model name, date, time, rank, ticker or vague number)?"""
    n = c.num
    s, e = c.start, n.end
    b1 = norm[s - 1] if s > 0 else ""
    b2 = norm[s - 2] if s > 1 else ""
    a1 = norm[e] if e < len(norm) else ""
    a2 = norm[e + 1] if e + 1 < len(norm) else ""
    if not second:
        # glued to Latin letters, hyphens or dots: GPT-4o, H800, V3, Qwen2.5-72B, COVID-19, Llama 3.1-405B
        if _LATIN.match(b1) or (b1 in ("-", ".", "/", "_") and b2.isalnum()) or (b1 == " " and _LATIN.match(b2)):
            return False
        mark = _longest(norm, s, rules.rank_before, ending=True)
        if mark and rules.rank_before[mark]:
            return False  # ranks and ordinals: 第二季度, 前十
    last = norm[c.end - 1]
    if c.end < len(norm) and _LATIN.match(norm[c.end]) and last.isascii() and last.isalnum():
        return False  # 4o, 405B, 5G
    if not ranged and a1 == "-" and a2.isalnum() and not c.kind:
        return False  # 3.5-Sonnet
    if a1 == "." and _LATIN.match(a2):
        return False  # ticker 0700.HK
    if a1 in (":", "/") and a2.isdigit():
        return False  # clock time 10:30, fraction 3/4
    if any(norm.startswith(w, e) or norm.startswith(w, s - len(w)) and s >= len(w) for w in rules.vague):
        return False  # 數十億, 十幾萬
    if n.chinese and not c.prefix_pct:
        mag_chars = {**rules.places, **rules.magnitudes}
        if not n.has_place:
            # a lone Chinese digit is a figure only as a percent (九成), a multiple (兩倍) or money (三美元)
            if c.kind not in ("percent", "multiple", "money"):
                return False
        elif n.first in mag_chars:
            # a numeral that starts with a place: 十二個, 萬張, 千億美元; but 百度, 十分, 千萬 are words
            place = mag_chars[n.first]
            if not c.kind or (place != 10 and (place < 1000 or c.kind not in ("count", "money"))):
                return False
        elif not c.kind and n.value < 1000:
            return False
    elif not n.chinese and not c.kind and n.magnitude == 1.0 and not ranged:
        return False  # a bare Arabic number without unit or magnitude says nothing checkable
    word = norm[c.unit_span[0]:c.unit_span[1]]
    if c.kind == "duration" and word in rules.units and _is_year_word(word):
        if not n.chinese and n.int_digits == 4 and "." not in norm[s:e] and n.magnitude == 1.0:
            return False  # 2025年
        rest = norm[c.end:]
        if rest[:1].isdigit() or any(rest.startswith(w) for w in rules.year_after):
            return False  # 24年第一季, 25年1月
    if c.kind == "measure" and _longest(norm, s, rules.time_before, ending=True):
        return False  # 下午3點
    return math.isfinite(n.value)


def _is_year_word(word: str) -> bool:
    """True for the duration word that is also how years are written (年)."""
    return word == normalize("年")


def _range_end(first: _Cand, norm: str, rules: ClaimRules, starts: re.Pattern) -> _Cand | None:
    """The second figure of a range after ``first`` (2.1%至4.2%, 10-20%, 2.1%4.2%不等), or None."""
    end = first.end
    k = end + (1 if norm[end:end + 1] == " " else 0)
    conn = _longest(norm, k, rules.range_connectors)
    q = k + len(conn) if conn else end
    q += 1 if conn and norm[q:q + 1] == " " else 0
    if not (q < len(norm) and starts.match(norm, q) and (conn or first.kind)):
        return None
    second, _ = _read_figure(norm, q, rules, q)
    if second is None or not second.kind or not _valid(second, norm, rules, second=True):
        return None
    if first.kind:
        same_word = norm[first.unit_span[0]:first.unit_span[1]] == norm[second.unit_span[0]:second.unit_span[1]]
        if (first.kind, first.unit) != (second.kind, second.unit) or not same_word:
            return None
    if not conn and not any(norm.startswith(w, second.end) for w in rules.range_adjacent_before):
        return None  # two figures side by side are a range only before 不等
    low = first.num.value
    if not first.kind and first.num.magnitude == 1.0 and not first.num.chinese:
        low *= second.num.magnitude
    return second if second.num.value >= low else None


def _find_figures(norm: str, rules: ClaimRules) -> list[tuple[int, int, _Cand]]:
    """(start, end, candidate) of each figure in one paragraph, hedges and ranges included."""
    out: list[tuple[int, int, _Cand]] = []
    starts = rules.figure_starts
    if not starts.search(norm) and not any(w in norm for w in rules.percent_words):
        return out  # no numeral starts here and no percent word (一半): what the scans below would find
    last_end = 0
    i = 0
    while True:
        m = starts.search(norm, i)
        if not m:
            break
        i = m.start()
        cand, resume = _read_figure(norm, i, rules, last_end)
        if cand is None:
            i = max(resume, i + 1)
            continue
        end = cand.end
        second = _range_end(cand, norm, rules, starts)
        if second is not None:
            if not cand.kind:  # 10-20%: the first number takes the second's unit (and magnitude: 1至2萬)
                cand.kind, cand.unit, cand.currency = second.kind, second.unit, second.currency
                cand.unit_span = second.unit_span
                if cand.num.magnitude == 1.0 and not cand.num.chinese:
                    cand.num.value *= second.num.magnitude
            cand.high = second.num.value
            if cand.qualifier == "exact":
                cand.qualifier = second.qualifier
            end = second.end
        if not _valid(cand, norm, rules, ranged=second is not None):
            i = max(resume, i + 1)
            while i < len(norm) and (norm[i].isascii() and norm[i].isalnum() or norm[i] in ".-"):
                i += 1  # skip the rest of an alphanumeric run (Qwen2.5-72B)
            continue
        if not cand.kind:
            cand.kind = "count"
        s = cand.start
        # a currency before the number (US$5億, 人民幣1000億元)
        cur = _longest(norm, s, rules.currency_before, ending=True)
        bare = cand.kind == "count" and cand.unit_span[0] == cand.unit_span[1]
        if cur and s - len(cur) >= last_end and (bare or cand.unit == "元"):
            code = rules.currency_before[cur]
            cand.kind, cand.unit, cand.currency = "money", code, code
            s -= len(cur)
        # a hedge before (約, 不到, 逾), allowing one space
        hs = s - 1 if s > 0 and norm[s - 1] == " " else s
        hedge = _longest(norm, hs, rules.hedges_before, ending=True)
        if hedge and hs - len(hedge) >= last_end and rules.hedges_before[hedge]:
            cand.qualifier = rules.hedges_before[hedge]
            s = hs - len(hedge)
        after = _longest(norm, end, rules.hedges_after)
        if after:
            cand.qualifier = rules.hedges_after[after]
            end += len(after)
        out.append((s, end, cand))
        last_end = end
        i = end
    # words that are a percentage on their own (一半)
    for word, value in rules.percent_words.items():
        for m in re.finditer(re.escape(word), norm):
            s, e = m.start(), m.end()
            if any(s < oe and os_ < e for os_, oe, _ in out):
                continue
            if any(x in norm[max(0, s - len(x)):e + len(x)] for x in rules.percent_words_exclude):
                continue
            num = _Num(float(value), e, True, word[0], False, 1.0, "", 0)
            out.append((s, e, _Cand(s, e, num, "percent", "%", "", "exact", (e, e))))
    out.sort(key=lambda t: t[0])
    return out


# =========================================================================== figures: context and about


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


_NUMERIC = re.compile(r"^[0-9.,%]+$")


def _content(tok: Token, rules: ClaimRules, *, dates: bool = False) -> bool:
    """A word that says what a figure measures; a date says when (it goes to the anchor, see :func:`_anchors`)
    and counts only with ``dates``."""
    n = tok.norm
    return (is_word(n) and n not in rules.stopwords and not _NUMERIC.match(n) and len(n) > 1
            and (dates or not _time_word(n, rules)))


def _outside(tokens: Sequence[Token], spans: Sequence[tuple[int, int]], text: str, norm: str) -> list[Token]:
    """Tokens outside the figures; a token that runs into a figure keeps its outside part (a lexicon term
    such as 二十三條立法 is one token: 立法 stays a context word of 二十三條)."""
    out = []
    for t in tokens:
        cuts = [(max(fs, t.start), min(fe, t.end)) for fs, fe in spans if t.start < fe and fs < t.end]
        if not cuts:
            out.append(t)
            continue
        pos = t.start
        for a, b in sorted(cuts) + [(t.end, t.end)]:
            if a - pos >= 2:
                out.append(Token(text[pos:a], norm[pos:a], pos, a))
            pos = max(pos, b)
    return out


def _about(before: Sequence[Token], rules: ClaimRules) -> str:
    """'subject measure' from the nearest measure noun before the figure, else its two nearest content words.

    Words inside parentheses (a gloss, a ticker: 英偉達公司 (NVDA) 股價) are skipped.
    """
    outside: list[Token] = []
    depth = 0
    for t in before:
        if t.norm == "(":
            depth += 1
        elif t.norm == ")":
            depth = max(0, depth - 1)
        elif not depth:
            outside.append(t)
    for k in range(len(outside) - 1, -1, -1):
        if outside[k].norm not in rules.measures:
            continue
        measure = outside[k]
        for t in reversed(outside[:k]):
            if t.norm in rules.subject_skip:
                continue
            if not _content(t, rules):
                break
            return f"{t.text} {measure.text}"
        return measure.text
    # no measure noun: a compound ending in one (費城半導體指數), else the two content words nearest before
    for t in reversed(outside):
        if _measure_suffix(t.norm, rules):
            return t.text
    words = [t.text for t in outside if _content(t, rules)]
    return " ".join(words[-2:])


# =========================================================================== figures: date and time anchors

_SENTENCE_ENDS = frozenset("。！？!?\n")
_CLOCK = re.compile(r"[0-9]{1,2}[:：][0-9]{2}|[0-9]{1,2}[点时][0-9]{0,2}分?|[0-9]{1,2}:[0-9]{2}")
_WEEKDAY_NAMES = "一二三四五六日"
_ANCHOR_FIELDS = ("y", "q", "h", "m", "d", "w", "n")  # year, quarter, half year, month, day, weekday, ordinal day
_ANCHOR_TOKEN = re.compile(r"^@(?:(?P<y>[0-9]{4})年|q(?P<q>[1-4])|h(?P<h>[12])|(?P<m>[0-9]{1,2})月|(?P<d>[0-9]{1,2})日"
                           r"|周(?P<w>[一二三四五六日])|第(?P<n>[0-9]+)日)$")


def _time_word(word: str, rules: ClaimRules) -> bool:
    """A date or time word (周五, 27日, 首日, 第一季): never a name."""
    return rules.anchor_regex.fullmatch(word) is not None


def _anchor_number(s: str | None, rules: ClaimRules) -> int | None:
    if not s:
        return None
    if s.isdigit():
        return int(s)
    v = _parse_small(s, rules)
    return int(v) if v is not None and v == int(v) else None


def _anchor_fields(m: re.Match[str], rules: ClaimRules) -> list[tuple[str, int]]:
    """(field, value) of one date or time expression; [] when the numbers are no date (13月, 32日)."""
    g = m.groupdict()
    word = g["word"]
    if word is not None:
        for field, table in (("w", rules.anchor_weekdays), ("n", rules.anchor_days), ("q", rules.anchor_quarters),
                             ("h", rules.anchor_halves)):
            if word in table:
                return [(field, table[word])]
        return []
    out: list[tuple[str, int]] = []
    if g["nth"] is not None:
        n = _anchor_number(g["nth"], rules)
        return [("n", n)] if n else []
    if g["y"] is not None:
        out.append(("y", int(g["y"])))
    month = _anchor_number(g["ym"] or g["m"], rules)
    day = _anchor_number(g["yd"] or g["md"] or g["d"], rules)
    if (g["ym"] or g["m"]) and not (month and 1 <= month <= 12):
        return []
    if (g["yd"] or g["md"] or g["d"]) and not (day and 1 <= day <= 31):
        return []
    if month:
        out.append(("m", month))
    if day:
        out.append(("d", day))
    return out


def _anchor_tokens(fields: dict[str, int]) -> tuple[str, ...]:
    out = []
    for f in _ANCHOR_FIELDS:
        if f not in fields:
            continue
        v = fields[f]
        out.append({"y": f"@{v}年", "q": f"@q{v}", "h": f"@h{v}", "m": f"@{v}月", "d": f"@{v}日",
                    "w": f"@周{_WEEKDAY_NAMES[(v - 1) % 7]}", "n": f"@第{v}日"}[f])
    return tuple(out)


def _anchors(norm: str, s: int, e: int, clause: tuple[int, int], rules: ClaimRules) -> tuple[str, ...]:
    """The date or time a figure at ``s:e`` holds for, as context tokens ("@27日", "@周一"; see claims.toml
    [anchors]).

    One expression (adjacent matches make one: 2025年 + 第一季度) from the figure's clause, the nearest before
    it, else the nearest after it (从2020年的约3.9%升至2023年9月的约25%: 3.9% is 2020's); else the first clause of
    its sentence when that is only a date and a time of day ("1月27日，美國科技股…，納斯達克指數收跌3.07%";
    "4月29日凌晨，"; "在1月27日，"). A date
    followed by 以來 (since) is where a comparison starts, not when the figure holds.
    """
    cs, ce = clause

    def expressions(lo: int, hi: int) -> list[list[re.Match[str]]]:
        groups: list[list[re.Match[str]]] = []
        for m in rules.anchor_regex.finditer(norm, lo, hi):
            if m.start() < e and s < m.end():
                continue  # inside the figure
            if groups and groups[-1][-1].end() == m.start():
                groups[-1].append(m)
            else:
                groups.append([m])
        return [g for g in groups if not any(norm.startswith(w, g[-1].end()) for w in rules.since_after)]

    chosen: list[list[re.Match[str]]] = []
    here = expressions(cs, ce)
    before = [g for g in here if g[-1].end() <= s]
    after = [g for g in here if g[0].start() >= e]
    if before:
        chosen = [before[-1]]
    elif after:
        chosen = [after[0]]
    else:
        begin = cs
        while begin > 0 and norm[begin - 1] not in _SENTENCE_ENDS:
            begin -= 1
        c0, c1 = _clause(norm, begin, begin, rules)  # the sentence's first clause, when it is only a date
        if c1 < cs:
            groups = expressions(c0, c1)
            rest = _CLOCK.sub("", rules.anchor_regex.sub("", norm[c0:c1]))
            for w in (*rules.time_before, *rules.prepositions):
                rest = rest.replace(w, "")
            if groups and not rest.strip():
                chosen = groups
    fields: dict[str, int] = {}
    for g in chosen:
        for m in g:
            for f, v in _anchor_fields(m, rules):
                fields.setdefault(f, v)
    return _anchor_tokens(fields)


def _anchor_of(f: Figure) -> dict[str, int]:
    """The anchor fields stored in a figure's context."""
    out: dict[str, int] = {}
    for w in f.context:
        m = _ANCHOR_TOKEN.match(w) if w.startswith("@") else None
        if m:
            field = next(k for k, v in m.groupdict().items() if v is not None)
            value = m.group(field)
            out[field] = _WEEKDAY_NAMES.index(value) + 1 if field == "w" else int(value)
    return out


def _anchors_clash(a: Figure, b: Figure) -> bool:
    """Two figures hold for different dates or times (週一 vs 週二, 27日 vs 28日, 首日 vs 次日)."""
    fa, fb = _anchor_of(a), _anchor_of(b)
    return any(fa[k] != fb[k] for k in fa.keys() & fb.keys())


def extract_figures(paragraphs: Sequence[tuple[int, str]], *, rules: ClaimRules | None = None,
                    tokens: Mapping[int, Sequence[Token]] | None = None) -> tuple[Figure, ...]:
    """Numbers with units, normalised to values, with their hedges, ranges and what they measure.

    Parameters
    ----------
    paragraphs : sequence of (int, str)
        (paragraph index, text) pairs, Traditional or Simplified.
    rules : ClaimRules, optional
        From :func:`load_claim_rules`; the shipped rules when omitted.
    tokens : mapping of int to sequence of Token, optional
        Paragraph index -> that paragraph's tokens, as :func:`framing.text.tokenize` gives them for its text
        (offsets into the paragraph, whitespace left out), when the caller has them already (as
        :func:`framing.analysis.analyze` does). The words of each figure's clause are then taken from them, and
        the paragraph's analysis form is put together from them, instead of cutting and normalising again; a
        paragraph missing from the mapping is cut as without it. The result is the same when they were cut
        with the vocabulary and backend :func:`framing.text.tokenize` uses by default (``analyze`` sets both).
        ValueError when a paragraph's tokens do not cover its text.

    Returns
    -------
    tuple of Figure
        In paragraph and text order. ``text[start:end] == figure.text`` (hedge included); ``value`` in base
        units (5890億美元 -> 5.89e11, 九成 -> 90); ``kind`` is percent, percent-point, money, count, duration,
        measure or multiple; ``qualifier`` exact, approx, upper or lower; ``high`` the other end of a range.
        Dates, years, clock times, model names and versions (GPT-4o, H800, Qwen2.5-72B), ranks (前十,
        第二季度) and tickers are not figures. ``context`` holds the content words of the figure's clause, then
        the date or time it holds for, one token per field ("@2025年", "@q1", "@h1", "@1月", "@27日", "@周一",
        "@第2日"; see ``[anchors]`` in claims.toml): from its clause, else from a sentence that opens with a
        date ("1月27日，…"); :func:`pair_figures` never pairs figures whose anchors differ in a field.

    Examples
    --------
    >>> figs = extract_figures([(4, "英偉達股價更重創16.86%，市值蒸發5890億美元")])
    >>> [(f.text, f.value, f.unit, f.kind) for f in figs]
    [('16.86%', 16.86, '%', 'percent'), ('5890億美元', 589000000000.0, 'USD', 'money')]
    >>> figs[0].about
    '英偉達 股價'
    >>> [f.text for f in extract_figures([(0, "2025年1月20日，DeepSeek發布R1，訓練成本不到600萬美元")])]
    ['不到600萬美元']
    """
    rules = rules or load_claim_rules()
    _ensure_vocabulary()
    out: list[Figure] = []
    for index, text in paragraphs:
        if not text:
            continue
        norm, cuts = _given(text, None if tokens is None else tokens.get(index), f"paragraph {index}")
        found = _find_figures(norm, rules)
        if not found:
            continue
        spans = [(s, e) for s, e, _ in found]
        words = _outside(_clause_tokens(text, norm, spans, rules, cuts), spans, text, norm)
        for s, e, c in found:
            cs, ce = _clause(norm, s, e, rules)
            inside = [t for t in words if t.start >= cs and t.end <= ce]
            before_all = [t for t in inside if t.end <= s]
            # the window counts date words (so that it reaches as far as before), then they leave for the anchor
            after = [t for t in inside if t.start >= e and _content(t, rules, dates=True)][: rules.context_after]
            before = [t for t in before_all if _content(t, rules, dates=True)]
            before = before[-rules.context_before:] if rules.context_before else []
            context = tuple(dict.fromkeys(t.norm for t in (*before, *after) if _content(t, rules)))
            context += _anchors(norm, s, e, (cs, ce), rules)
            unit = c.unit or text[c.unit_span[0]:c.unit_span[1]]
            high = c.high if c.high is not None else c.num.value
            out.append(Figure(
                text=text[s:e], value=c.num.value, unit=unit, kind=c.kind, paragraph=index, start=s, end=e,
                qualifier=c.qualifier, high=high, currency=c.currency, context=context,
                about=_about(before_all, rules),
            ))
    return tuple(out)


# =========================================================================== pairing figures

_JIEBA_TOTAL = 6.0e7  # word occurrences behind jieba's dictionary frequencies (its dict.txt sums to ~6e7)


def _info(word: str) -> float:
    """Self-information of a context word (nats): rare words (英偉達, 市值) weigh more than common ones (指數)."""
    return math.log(_JIEBA_TOTAL / (word_frequency(word) + 1))


def _canon(word: str, rules: ClaimRules, names: dict[str, str]) -> str:
    """A context word in the form pair_figures compares: synonyms folded (耗資 -> 成本), regional names
    folded to their concept's first variant (輝達 -> 英偉達, 川普 -> 特朗普)."""
    word = rules.synonyms.get(word, word)
    return names.get(word, word)


def _meets(word: str, others: set[str]) -> bool:
    """``word`` is in ``others``, or one contains the other (納斯達克 / 達克, 投資總額 / 投資)."""
    if word in others:
        return True
    return len(word) >= 2 and any(len(o) >= 2 and (word in o or o in word) for o in others)


def _credit(word: str, others: set[str]) -> float:
    """What ``word`` brings to the overlap: its information when the other side has it; when a word only
    contains it or is contained in it (納斯達克 / 達克), the information of the shorter one, so that a head
    noun inside a specific compound (指數 in 費城半導體指數) does not lend it the compound's weight."""
    if word in others:
        return _info(word)
    best = 0.0
    if len(word) >= 2:
        for o in others:
            if len(o) >= 2 and (word in o or o in word):
                best = max(best, _info(word if len(word) <= len(o) else o))
    return best


def _subject(f: Figure, rules: ClaimRules, names: dict[str, str]) -> tuple[str, str] | None:
    """(subject, measure), compared forms, when ``about`` was read from a measure noun (英偉達 股價, or one
    word ending in one: 費城半導體指數)."""
    words = [normalize(w) for w in f.about.split()]
    if len(words) == 2 and words[1] in rules.measures:
        return _canon(words[0], rules, names), _canon(words[1], rules, names)
    if len(words) == 1:
        m = _measure_suffix(words[0], rules)
        if m:
            return _canon(words[0][: -len(m)], rules, names), _canon(m, rules, names)
    return None


def _measure_suffix(word: str, rules: ClaimRules) -> str | None:
    """The measure noun a compound ends with (費城半導體指數 -> 指數), when something stands before it."""
    best = None
    for m in rules.measures:
        if len(word) > len(m) + 1 and word.endswith(m) and (best is None or len(m) > len(best)):
            best = m
    return best


def _similarity(a: Figure, b: Figure, rules: ClaimRules, names: dict[str, str] | None = None) -> float:
    """Information-weighted Dice overlap of two figures' context words (0..1).

    Words are compared after folding synonyms and regional names (:func:`_canon`); a word also meets a
    word that contains it (:func:`_credit`). Weak words (下跌, 上漲: which way it moved, not what moved) are
    left out. Labels that name different subjects of one measure (納斯達克 指數 vs 製造商 指數) give 0 when
    neither subject appears near the other figure.
    """
    names = names or {}
    ca = {_canon(w, rules, names) for w in a.context if not w.startswith("@")} - rules.weak
    cb = {_canon(w, rules, names) for w in b.context if not w.startswith("@")} - rules.weak
    if not ca or not cb:
        return 0.0
    shared = 0.0
    met: set[str] = set()
    for mine, theirs in ((ca, cb), (cb, ca)):
        for w in mine:
            credit = _credit(w, theirs)
            if credit:
                shared += credit
                met.add(w)
    sa, sb = _subject(a, rules, names), _subject(b, rules, names)
    if sa and sb and sa[1] == sb[1] and sa[0] != sb[0] and not _meets(sa[0], cb) and not _meets(sb[0], ca):
        return 0.0
    total = sum(_info(w) for w in ca) + sum(_info(w) for w in cb)
    return shared / total if total else 0.0


def _name_folds(table: NamingTable | None) -> dict[str, str]:
    """Regional variant -> the first variant of its concept (輝達 -> 英偉達), in analysis form."""
    if table is None:
        return {}
    first: dict[int, str] = {}
    for norm, v in table.variants.items():
        first.setdefault(v.concept, norm)
    return {norm: first[v.concept] for norm, v in table.variants.items()}


def _family(f: Figure) -> tuple[str, str]:
    if f.kind == "money":
        return ("money", f.currency or f.unit)
    if f.kind in ("percent", "percent-point"):
        return (f.kind, f.unit)
    return (f.kind, normalize(f.unit))


_LOCAL = {"元", "CNY", "HKD", "TWD"}


def _compatible(a: Figure, b: Figure) -> bool:
    fa, fb = _family(a), _family(b)
    if fa == fb:
        return True
    return fa[0] == fb[0] == "money" and "元" in (fa[1], fb[1]) and fa[1] in _LOCAL and fb[1] in _LOCAL


def _twins(figs: Sequence[Figure]) -> list[list[Figure]]:
    """Group a figure with its conversion written beside it: 334億人民幣(46億美元) is one quantity."""
    groups: list[list[Figure]] = []
    for f in figs:
        if groups:
            g = groups[-1][-1]
            gap = f.start - g.end
            if (g.paragraph == f.paragraph and g.kind == f.kind == "money" and 0 <= gap <= 2
                    and _family(g) != _family(f)):
                groups[-1].append(f)
                continue
        groups.append([f])
    return groups


def _step(f: Figure) -> float:
    """Half the rounding step of a figure as written: 17 -> 0.5, 16.86 -> 0.005, 6000億 -> at most 5%."""
    m = _ARABIC.search(normalize(f.text))
    v = abs(f.value)
    if m:
        lit = m.group().replace(",", "")
        literal = float(lit)
        scale = v / literal if literal else 1.0
        if "." in lit:
            return 10.0 ** -len(lit.split(".")[1]) * scale / 2
        zeros = len(lit) - len(lit.rstrip("0")) if literal else 0
    else:
        scale = 1.0
        whole = f"{v:.0f}"
        zeros = len(whole) - len(whole.rstrip("0")) if v >= 1 else 0
    half = 10.0 ** zeros * scale / 2
    # trailing zeros may be rounding or exact: read them as rounding, but never wider than 5%
    return min(half, v * 0.05) if zeros else half


def _significant(f: Figure) -> int:
    """Significant digits as written: 17 -> 2, 16.86 -> 4, 2.61 -> 3, 6000 -> 1 (trailing zeros are rounding)."""
    m = _ARABIC.search(normalize(f.text))
    lit = m.group().replace(",", "") if m else f"{abs(f.value):.0f}"
    digits = lit.replace(".", "").lstrip("0")
    if "." not in lit:
        digits = digits.rstrip("0")
    return max(1, len(digits))


def _interval(f: Figure, rules: ClaimRules) -> tuple[float, float]:
    v = f.value
    if f.high is not None and f.high != f.value:
        return (v, f.high)
    if f.qualifier == "upper":
        return (-math.inf, v)
    if f.qualifier == "lower":
        return (v, math.inf)
    half = _step(f)
    if f.qualifier == "approx":
        half = max(half, abs(v) * rules.tol_approx)
    return (v - half, v + half)


def _hedge_word(f: Figure, rules: ClaimRules) -> str:
    """The hedge as written in the figure's text (約, 不到, 以上), or ''."""
    norm = normalize(f.text)
    w = _longest(norm, 0, rules.hedges_before)
    if w and rules.hedges_before[w]:
        return f.text[: len(w)]
    w = _longest(norm, len(norm), rules.hedges_after, ending=True)
    if w:
        return f.text[len(norm) - len(w):]
    for ch in rules.hedges_inside:
        if ch in norm:
            return f.text[norm.index(ch)]
    return ""


def _judge(a: Figure, b: Figure, rules: ClaimRules) -> tuple[bool, str]:
    """Do two figures for the same quantity agree, and why (a few words)."""
    ia, ib = _interval(a, rules), _interval(b, rules)
    rel = rules.tol_relative

    def widen(iv, f):
        # the slack is for coarse figures (one or two significant digits, 17%, 6000億), which writers round
        # loosely; a figure written to three or more digits (2.61萬億) is taken at its precision
        r = rel if _significant(f) <= 2 else 0.0
        lo, hi = iv
        return (lo - abs(lo) * r if math.isfinite(lo) else lo, hi + abs(hi) * r if math.isfinite(hi) else hi)

    wa, wb = widen(ia, a), widen(ib, b)
    agree = wa[0] <= wb[1] and wb[0] <= wa[1]
    strict = ia[0] <= ib[1] and ib[0] <= ia[1]
    bound = next((f for f in (a, b) if f.qualifier in ("upper", "lower")), None)
    approx = next((f for f in (a, b) if f.qualifier == "approx"), None)
    ranged = next((f for f in (a, b) if f.high is not None and f.high != f.value), None)
    if agree:
        if a.qualifier in ("upper", "lower") and b.qualifier in ("upper", "lower"):
            return True, "both bounds"
        if bound is not None:
            word = _hedge_word(bound, rules)
            side = "below" if bound.qualifier == "upper" else "above"
            return True, f"{side} the bound {word}".strip()
        if ranged is not None:
            return True, "inside the range"
        if approx is not None:
            return True, f"within the hedge {_hedge_word(approx, rules)}".strip()
        if a.value == b.value:
            return True, "same figure"
        return True, "rounding" if strict else f"within {rel:.0%}"
    if bound is not None:
        other = b if bound is a else a
        word = _hedge_word(bound, rules)
        if bound.qualifier == "upper" and other.value > bound.value:
            return False, f"exceeds the bound {word}".strip()
        if bound.qualifier == "lower" and other.value < bound.value:
            return False, f"under the bound {word}".strip()
    big = max(abs(a.value), abs(b.value))
    diff = abs(a.value - b.value) / big if big else 0.0
    return False, f"differ by {diff:.0%}"


def _pair_about(a: Figure, b: Figure) -> str:
    wa, wb = a.about.split(), b.about.split()
    nb = {normalize(w) for w in wb}
    common = [w for w in wa if normalize(w) in nb]
    return " ".join(common) or a.about or b.about


def pair_figures(a: Sequence[Figure], b: Sequence[Figure], *, rules: ClaimRules | None = None,
                 table: NamingTable | None = None) -> tuple[FigurePair, ...]:
    """Pair the figures two sources give for the same quantity, and judge whether they agree.

    Two figures are candidates when they are of the same kind and unit family (percent with percent, money
    in the same currency; a conversion written in the text, 334億人民幣(46億美元), lets either currency pair)
    and their context words overlap: the information-weighted Dice coefficient (each word weighs its
    self-information in jieba's dictionary, so 英偉達 or 市值 count more than 指數; synonyms of
    ``[context.synonyms]`` and the regional variants of ``naming.toml`` count as one word, 輝達 = 英偉達;
    a word meets a word containing it; labels naming different subjects of one measure never pair) must
    reach ``[agreement] floor`` of ``claims.toml``. Candidates are taken greedily, best overlap first (a
    closer value breaks ties), one to one.

    Agreement: each figure stands for an interval — rounding to the precision written (17 -> 16.5-17.5;
    trailing zeros at most ±5%), ±``approx`` for 約/近/左右, up to the bound for 不到/逾, the range itself —
    widened by ``relative`` when the figure is coarse (one or two significant digits); they agree when the
    intervals meet.

    Parameters
    ----------
    a, b : sequence of Figure
        The figures of each source (from :func:`extract_figures`).
    rules : ClaimRules, optional
        Tolerances and hedge words; the shipped rules when omitted.
    table : NamingTable, optional
        Regional variants that name the same thing (輝達 / 英偉達); the shipped table when omitted.

    Returns
    -------
    tuple of FigurePair
        The pairs in the order of ``a``, then figures only ``a`` gives, then figures only ``b`` gives
        (``agree`` None), each by paragraph. ``note`` says why: "rounding", "within the hedge 約",
        "below the bound 不到", "differ by 46%".

    Examples
    --------
    >>> a = extract_figures([(4, "英偉達股價更重創16.86%，市值蒸發5890億美元")])
    >>> b = extract_figures([(2, "英偉達公司股價暴跌17%，導致市值損失約6000億美元")])
    >>> [(p.about, p.agree, p.note) for p in pair_figures(a, b)]
    [('英偉達 股價', True, 'rounding'), ('市值', True, 'within the hedge 約')]
    """
    rules = rules or load_claim_rules()
    if table is None:
        try:
            table = load_naming()
        except LexiconError:
            table = None
    names = _name_folds(table)
    ga, gb = _twins(a), _twins(b)
    cands = []
    for i, x in enumerate(ga):
        for j, y in enumerate(gb):
            best = None
            for fa in x:
                for fb in y:
                    if not _compatible(fa, fb) or _anchors_clash(fa, fb):
                        continue
                    sim = _similarity(fa, fb, rules, names)
                    if sim < rules.floor:
                        continue
                    big = max(abs(fa.value), abs(fb.value)) or 1.0
                    close = 1 - min(1.0, abs(fa.value - fb.value) / big)
                    key = (round(sim, 6), close)
                    if best is None or key > best[0]:
                        best = (key, fa, fb)
            if best is not None:
                cands.append((best[0], i, j, best[1], best[2]))
    cands.sort(key=lambda c: (-c[0][0], -c[0][1], c[1], c[2]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for _, i, j, fa, fb in cands:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        agree, note = _judge(fa, fb, rules)
        pairs.append(FigurePair(_pair_about(fa, fb), fa, fb, agree, note))
    pairs.sort(key=lambda p: (p.a.paragraph, p.a.start))
    only_a = [FigurePair(g[0].about, g[0], None, None) for i, g in enumerate(ga) if i not in used_a]
    only_b = [FigurePair(g[0].about, None, g[0], None) for j, g in enumerate(gb) if j not in used_b]
    only_a.sort(key=lambda p: (p.a.paragraph, p.a.start))
    only_b.sort(key=lambda p: (p.b.paragraph, p.b.start))
    return tuple(pairs + only_a + only_b)


# =========================================================================== voices
#
# No part-of-speech tagger: jieba.posseg costs half a second to import and loads its whole word-tag dictionary
# (about a second and 200 MB). What a tagger gave is read from the rule file and from the one tokenizer instead:
# a person's name is two to four characters right before the verb (or its adverbs and place phrases) that are not
# a common word (jieba's HMM cuts an unknown name as one token; a name in jieba's dictionary has a low frequency)
# and start with a common surname, or stand right after a title, or are a transliteration; organisations and
# media end in a suffix (with the place or brand their name starts with); anonymous sources are listed phrases.

_NAME_DOTS = frozenset("·‧•・")
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9.'&\-]*(?: [A-Za-z][A-Za-z0-9.'&\-]*)*")


@dataclass(slots=True)
class _W:
    """A token of a clause: its analysis form and its offsets in the paragraph."""

    word: str
    start: int
    end: int


@dataclass(slots=True)
class _Voice:
    name: str  # as written
    kind: str  # person | organisation | media | anonymous | surname (resolved later)
    start: int
    end: int
    verb: str


def _split_glued(ws: list[_W], rules: ClaimRules) -> list[_W]:
    """Split a function character that jieba's HMM glued to an unknown name (梁對 -> 梁 + 對, 王毅稱 -> 王毅 + 稱)."""
    out: list[_W] = []
    for w in ws:
        word = w.word
        if len(word) >= 2 and all(is_cjk(ch) for ch in word) and not word_frequency(word):
            if word[-1] in rules.name_glue:
                out += [_W(word[:-1], w.start, w.end - 1), _W(word[-1], w.end - 1, w.end)]
                continue
            if len(word) >= 3 and word[0] in rules.name_glue:
                out += [_W(word[0], w.start, w.start + 1), _W(word[1:], w.start + 1, w.end)]
                continue
        out.append(w)
    return out


def _latin_kind(name: str, rules: ClaimRules) -> str:
    """person / organisation / media / surname / none for a run of Latin words (rule words are lower case)."""
    words = name.split()
    low = [w.lower() for w in words]
    if len(words) == 1 and low[0] in rules.latin_org_words:
        return "none"  # AI, Group: a word, not a name
    key = name.lower() if name.isascii() else normalize(name)
    if key in rules.media or any(w in rules.latin_media_words for w in low):
        return "media"
    if key in rules.organisations or any(w in rules.latin_org_words for w in low):
        return "organisation"
    if len(words) >= 2 and all(w[0].isupper() and not w.isupper() for w in words if len(w) > 2):
        return "person"
    if len(words) == 1 and words[0][0].isupper() and words[0][1:].islower():
        return "surname"  # Lea: a person's surname if a full name ends with it, else an organisation
    return "organisation"


def _known(norm: str, end: int, starts: set[int], rules: ClaimRules) -> tuple[str, int] | None:
    """A listed anonymous phrase, medium or organisation ending at ``end`` on a word boundary: (kind, start)."""
    for n in rules.listed_lengths:  # longest first
        s = end - n
        if s < 0 or s not in starts:
            continue
        w = norm[s:end]
        for kind, words in (("anonymous", rules.anonymous), ("media", rules.media),
                            ("organisation", rules.organisations)):
            if w in words:
                return (kind, s)
    return None


def _is_title(word: str, rules: ClaimRules) -> bool:
    """A title, or a word ending in one (德國總理)."""
    return word in rules.titles or _suffix_of(word, rules.titles, shortest=2) is not None


def _is_place(word: str, rules: ClaimRules) -> bool:
    """A listed place or jurisdiction, or a longer word ending in a place suffix (佛羅里達州, 湛江市)."""
    return word in rules.place_names or (
        len(word) >= 3 and word[-1] in rules.place_suffixes and all(is_cjk(ch) for ch in word)
    )


def _listed(word: str, rules: ClaimRules) -> bool:
    return word in rules.organisations or word in rules.media or word in rules.anonymous


def _suffix_of(word: str, suffixes: frozenset[str], *, shortest: int = 1) -> str | None:
    """The longest of ``suffixes`` (up to six characters) that ``word`` ends with, something standing before it."""
    for n in range(min(len(word) - 1, 6), shortest - 1, -1):
        if word[-n:] in suffixes:
            return word[-n:]
    return None


def _surname(core: str, rules: ClaimRules) -> str | None:
    """The common surname a name starts with (compound first: 歐陽娜娜 -> 歐陽)."""
    for n in (2, 1):
        if len(core) > n and core[:n] in rules.surnames:
            return core[:n]
    return None


def _translit(core: str, rules: ClaimRules) -> bool:
    return bool(core) and all(ch in rules.transliteration for ch in core)


def _piece_ok(w: _W, rules: ClaimRules) -> bool:
    """Can this token be (part of) a person's name: ideographs or a name dot, and no function word, title,
    crowd, listed source, place, date or organisation-suffix word."""
    word = w.word
    if word in _NAME_DOTS:
        return True
    if not word or not all(is_cjk(ch) for ch in word):
        return False
    return not (
        word in rules.function_words or _is_title(word, rules) or _listed(word, rules) or _is_place(word, rules)
        or _time_word(word, rules) or word in rules.org_suffixes or word in rules.media_suffixes
    )


def _name_like(name: str, rules: ClaimRules, *, titled: bool) -> bool:
    """Is ``name`` (analysis form, pieces joined) a person's name? See the module notes above."""
    if name[:1] in _NAME_DOTS or name[-1:] in _NAME_DOTS:
        return False
    core = "".join(ch for ch in name if ch not in _NAME_DOTS)
    if not core or not all(is_cjk(ch) for ch in core):
        return False
    if core in rules.people:
        return True
    if _listed(core, rules) or _is_place(core, rules) or _time_word(core, rules) or core in rules.measures:
        return False
    if _suffix_of(core, rules.org_suffixes) or _suffix_of(core, rules.media_suffixes):
        return False
    if word_frequency(core) > rules.name_max_freq:
        return False  # a common word: 此前, 隨即, 公開
    n = len(core)
    if len(core) != len(name):  # 艾米麗·卡特: a dotted transliteration
        return n <= 12
    sur = _surname(core, rules)
    if titled:
        # after a title: a surname, a transliteration, or a word jieba does not know (發表講話 is known)
        return (2 <= n <= 4 and (sur is not None or not word_frequency(core))) or (
            2 <= n <= 10 and _translit(core, rules))
    if sur and n - len(sur) <= 2:
        return True  # 梁文鋒, 李強, 歐陽娜娜
    return 3 <= n <= 10 and _translit(core, rules)  # 特朗普, 奧爾特曼


def _contiguous(ws: list[_W], j: int, k: int) -> bool:
    return all(ws[i].end == ws[i + 1].start for i in range(j, k))


def _person_start(ws: list[_W], k: int, rules: ClaimRules) -> int | None:
    """Index of the first token of a person's name ending with ``ws[k]``, or None.

    Right after a title, any name-like run of up to four tokens (研究員 林志豪, 主席 穆勒 納爾, 德國總理 朔 爾茨,
    委員 東布羅夫斯基 斯, 研究員 艾米麗 · 卡特); without one, one token, or two when one is a single character
    (李家 + 超, 梁 + 文鋒) or both are transliteration (朔 + 爾茨), that starts with a surname or transliterates.
    """
    if not _piece_ok(ws[k], rules) or ws[k].word in _NAME_DOTS:
        return None
    for j in range(k, max(-1, k - 4), -1):
        if not _piece_ok(ws[j], rules) or not _contiguous(ws, j, k):
            break
        if j < k and len(ws[j].word) > 1 and word_frequency(ws[j].word) > rules.name_max_freq and not (
                _surname(ws[j].word, rules) or _translit(ws[j].word, rules)):
            break  # a common word does not start a name: 發表 + 講話
        if j >= 1 and ws[j - 1].end == ws[j].start and _is_title(ws[j - 1].word, rules):
            if _name_like("".join(w.word for w in ws[j:k + 1]), rules, titled=True):
                return j
    if k >= 1 and _piece_ok(ws[k - 1], rules) and _contiguous(ws, k - 1, k):
        a, b = ws[k - 1].word, ws[k].word
        shape = a in rules.surnames or (len(b) == 1 and _surname(a + b, rules)) or (
            _translit(a, rules) and _translit(b, rules))
        if shape and a not in _NAME_DOTS and _name_like(a + b, rules, titled=False):
            return k - 1
    if _name_like(ws[k].word, rules, titled=False):
        return k
    return None


def _proper(w: _W, rules: ClaimRules) -> bool:
    """A word an organisation's name can start with: a place, a listed name, a Latin name, a brand written in
    transliteration characters (比亞迪)."""
    word = w.word
    if _is_place(word, rules) or _listed(word, rules) or word in rules.people:
        return True
    if _LATIN.match(word[:1]):
        return True
    return len(word) >= 2 and _translit(word, rules) and word_frequency(word) <= rules.name_max_freq


def _nominal(w: _W, rules: ClaimRules) -> bool:
    """Could be a word inside an organisation's name (not a function word, verb, crowd or date)."""
    word = w.word
    if not is_word(word) or any(ch.isdigit() for ch in word) or word in rules.function_words:
        return False
    return not _time_word(word, rules)


def _org_start(ws: list[_W], k: int, rules: ClaimRules) -> tuple[str, int] | None:
    """(kind, index of the first token) of an organisation or medium whose name ends with ``ws[k]``, or None.

    A word ending in a suffix (美國商務部, 工業協會, 陸委會) is one, unless what stands before the suffix makes a
    kind (該公司, 母公司); it takes the place or listed name before it (德國 + 汽車 + 工業協會). A suffix standing
    alone (公司, 聯盟) needs that proper noun before it (杭州 幻方 公司, 美國 公民自由 聯盟, not 大 模型 公司).
    """
    w = ws[k]
    word = w.word
    if not word or not all(is_cjk(ch) for ch in word):
        return None
    alone = word in rules.org_suffixes or word in rules.media_suffixes
    kind = "media" if (word in rules.media_suffixes or _suffix_of(word, rules.media_suffixes)) else "organisation"
    if not alone:
        suffix = _suffix_of(word, rules.org_suffixes) or _suffix_of(word, rules.media_suffixes)
        if suffix is None or word[: -len(suffix)] in rules.generic:
            return None
        if len(word) == 2 and word_frequency(word) > rules.name_max_freq:
            return None  # 頭部, 內部, 全部: common words, not 港府
    # the proper noun the name starts with, up to four words back over nouns (美國 公民自由 聯盟)
    start = None
    j = k
    while j > 0 and k - j < 4 and ws[j - 1].end == ws[j].start and _nominal(ws[j - 1], rules):
        j -= 1
        if _proper(ws[j], rules):
            start = j
    if alone:
        if start is None and word in rules.body_suffixes and j < k and ws[j].word not in rules.generic:
            start = j  # 網信 + 辦: a public body's name may be common nouns
        if start is None or ws[k].end - ws[start].start < 3:
            return None
        return kind, start
    return kind, (start if start is not None else k)


def _candidate_ending(ws: list[_W], k: int, text: str, norm: str, starts: set[int],
                      rules: ClaimRules) -> tuple[str, int, int, int] | None:
    """A voice whose last word is ``ws[k]``: (kind, start, end, index of its first word), or None."""
    w = ws[k]
    if w.word == rules.media_close:
        for j in range(k - 1, max(-1, k - 12), -1):
            if ws[j].word == rules.media_open:
                if j + 1 < k:
                    return ("media", ws[j + 1].start, ws[k - 1].end, j)
                return None
        return None
    known = _known(norm, w.end, starts, rules)
    if known:
        kind, s = known
        j = next(i for i in range(k, -1, -1) if ws[i].start == s)
        return (kind, s, w.end, j)
    if _LATIN.match(w.word[:1]):
        # a run of Latin words separated by single spaces: Robert Lea, Aravind Srinivas, OpenAI
        j = k
        while j > 0 and _LATIN.match(ws[j - 1].word[:1]) and ws[j - 1].end in (ws[j].start, ws[j].start - 1):
            j -= 1
        s, e = ws[j].start, w.end
        name = text[s:e]
        m = _LATIN_RUN.fullmatch(name)
        if not m or len(name) < 2 or not name[0].isupper() or _latin_kind(name, rules) == "none":
            return None
        return (_latin_kind(name, rules), s, e, j)
    org = _org_start(ws, k, rules)
    if org is not None:
        kind, j = org
        return (kind, ws[j].start, w.end, j)
    j = _person_start(ws, k, rules)
    if j is not None:
        return ("person", ws[j].start, w.end, j)
    # a lone surname before an addressee (梁對總理稱): kept only if it starts a known person's name
    if len(w.word) == 1 and w.word in rules.surnames and k + 1 < len(ws) and ws[k + 1].word in rules.addressee:
        return ("surname", w.start, w.end, k)
    return None


def _spoken_to(ws: list[_W], j: int, rules: ClaimRules) -> bool:
    """The voice starting at ``ws[j]`` follows an addressee or a preposition, before its titles and places
    (梁文鋒對李強表示, 與美國總統川普共同宣布, 接受《聯合早報》訪問): it is not the speaker."""
    i = j
    while i > 0 and (_is_title(ws[i - 1].word, rules) or _is_place(ws[i - 1].word, rules)) and j - i < 3:
        i -= 1
    return i > 0 and (ws[i - 1].word in rules.addressee or ws[i - 1].word in rules.prepositions)


def _possessor(ws: list[_W], k: int, rules: ClaimRules) -> bool:
    """The voice ending at ``ws[k]`` (a gloss in parentheses after it skipped) owns the noun after 的 — 提交美國
    證券交易委員會（SEC）的文件中指出 — unless that noun is a title (商務部的發言人表示 cites the ministry)."""
    i = k + 1
    if i < len(ws) and ws[i].word == "(":
        while i < len(ws) and ws[i].word != ")":
            i += 1
    if i < len(ws) and ws[i].word == ")":
        i += 1
    if i >= len(ws) or ws[i].word != "的":
        return False
    return not (i + 1 < len(ws) and _is_title(ws[i + 1].word, rules))


def _speaker(ws: list[_W], text: str, norm: str, rules: ClaimRules) -> tuple[str, int, int] | None:
    """The voice nearest before an attribution verb (``ws`` ends just before it), skipping addressees."""
    starts = {w.start for w in ws}
    gap = 0
    k = len(ws) - 1
    while k >= 0 and gap <= rules.max_gap:
        w = ws[k]
        if w.word in rules.stop:
            if k > 0 and ws[k - 1].word in rules.addressee:
                k -= 2
                continue
            if not any(x.word in rules.prepositions for x in ws[max(0, k - 3):k]):
                return None  # 他認為, 外界認為; but 在社交媒體上 is where, not who
            gap += 1
            k -= 1
            continue
        cand = _candidate_ending(ws, k, text, norm, starts, rules)
        if cand is not None:
            kind, s, e, j = cand
            if j > 0 and _spoken_to(ws, j, rules):
                k = j - 2  # 梁文鋒對李強表示: 李強 is spoken to; 接受《聯合早報》訪問: not the speaker
                gap += 2
                continue
            # a Latin gloss in parentheses after a Chinese name: 楊立昆（Yann Le Cun）
            if j >= 2 and ws[j - 1].word == "(" and ws[j - 2].end == ws[j - 1].start:
                prev = _candidate_ending(ws[: j - 1], j - 2, text, norm, starts, rules)
                if prev is not None and prev[0] in ("person", "organisation", "media", "surname"):
                    kind, s, e, j = ("person" if prev[0] == "surname" else prev[0]), prev[1], prev[2], prev[3]
                    if j > 0 and _spoken_to(ws, j, rules):
                        k = j - 2
                        gap += 2
                        continue
            if kind != "anonymous" and _possessor(ws, k, rules):
                k = j - 1  # the owner of what is cited (…委員會的文件中指出): not the speaker
                gap += 1
                continue
            return (kind, s, e)
        gap += 1 if is_word(w.word) else 0
        k -= 1
    return None


def _clause_subject(ws: list[_W], text: str, norm: str, rules: ClaimRules) -> tuple[str, int, int] | None:
    """The voice that opens a clause as its subject, for a verb whose own clause has none (麥考爾（Michael
    McCaul）則要求商務部…，批評現行管制…): the noun phrase before the clause's first function word (則, 也, 在,
    曾 ...), whose last name (a gloss in parentheses aside) is a voice. A clause that does not open with such a
    phrase gives none (DeepSeek發布R1，稱…: 發布 is no function word, so no subject is read)."""
    m = depth = 0
    while m < len(ws):
        word = ws[m].word
        if word == "(":
            depth += 1
        elif word == ")":
            depth = max(0, depth - 1)
        elif not depth and (word in rules.function_words or not is_word(word) or any(ch.isdigit() for ch in word)):
            break
        m += 1
    if m == 0 or m == len(ws) or ws[m].word not in rules.function_words or ws[m].word in rules.stop:
        return None
    v = _speaker(ws[:m], text, norm, rules)
    if v is None:
        return None
    rest = [w.word for w in ws[:m] if w.start >= v[2]]
    if rest and not (rest[0] == "(" and rest[-1] == ")"):
        return None  # the name must end the phrase: 英偉達股價也…，稱 has no voice
    return v


def _following(ws: list[_W], text: str, norm: str, rules: ClaimRules) -> tuple[str, int, int] | None:
    """The voice just after a citing verb (報導引述業界人士), within its first three words."""
    starts = {w.start for w in ws}
    for k in range(len(ws)):
        if k >= 4:
            break
        cand = _candidate_ending(ws, k, text, norm, starts, rules)
        if cand is not None and cand[3] <= 2:
            kind, s, e, _ = cand
            # take the longest candidate starting there (a Latin run or a listed phrase may go on)
            for k2 in range(k + 1, min(len(ws), k + 4)):
                longer = _candidate_ending(ws, k2, text, norm, starts, rules)
                if longer is not None and longer[1] == s:
                    kind, s, e = longer[0], longer[1], longer[2]
            return (kind, s, e)
    return None


def _verb_spans(tokens: Sequence[_W], words: frozenset[str],
                glue: frozenset[str] = frozenset()) -> list[tuple[int, int, str]]:
    """(start, end, key) of each word of ``words`` made of one to three whole tokens, left to right.

    With ``glue``, a one-character verb that jieba glued to a particle before it (時說, 並稱) counts too.
    """
    out = []
    prefixes = _prefixes(words)
    i = 0
    while i < len(tokens):
        key = ""
        best = None
        for j in range(i, min(len(tokens), i + 3)):
            if j > i and tokens[j].start != tokens[j - 1].end:
                break
            key += tokens[j].word
            if key not in prefixes:
                break
            if key in words:
                best = (tokens[i].start, tokens[j].end, key, j)
        if best:
            out.append(best[:3])
            i = best[3] + 1
            continue
        t = tokens[i]
        if len(t.word) == 2 and t.word[0] in glue and t.word[1] in words:
            out.append((t.start + 1, t.end, t.word[1]))
        i += 1
    return out


@functools.lru_cache(maxsize=16)
def _prefixes(words: frozenset[str]) -> frozenset[str]:
    return frozenset(w[:i] for w in words for i in range(1, len(w) + 1))


def _clause_start(norm: str, at: int, rules: ClaimRules) -> int:
    return _clause(norm, at, at, rules)[0]


def _clause_words(text: str, norm: str, rules: ClaimRules, cuts: _Cuts | None = None) -> list[_W]:
    """The tokens of the clauses that hold an attribution word, in order (the rest of the paragraph is not cut).

    Every voice rule works inside one clause, and clause breaks are punctuation, where jieba cuts anyway: the
    tokens are those of the whole paragraph (taken from ``cuts`` when the caller gave them).
    """
    hits = ((m.start(), m.end()) for m in rules.voice_triggers.finditer(norm))
    return _split_glued([_W(norm[t.start:t.end], t.start, t.end)
                         for t in _clause_tokens(text, norm, hits, rules, cuts)], rules)


def _paragraph_voices(text: str, rules: ClaimRules, norm: str | None = None,
                      cuts: _Cuts | None = None) -> list[_Voice]:
    if norm is None:
        norm = normalize(text)
    if not rules.voice_triggers.search(norm):
        return []  # no attribution word: no clause to read (what _clause_words would give)
    tokens = _clause_words(text, norm, rules, cuts)
    if not tokens:
        return []
    found: list[_Voice] = []
    seen: set[tuple[int, int]] = set()
    used_verbs: set[int] = set()

    def add(v: tuple[str, int, int] | None, verb: str) -> None:
        if v is None:
            return
        kind, s, e = v
        name = text[s:e].strip()
        if not name or (s, e) in seen or norm[s:e].strip() in rules.stop:
            return
        seen.add((s, e))
        found.append(_Voice(name, kind, s, e, verb))

    def window(s: int, e: int) -> list[_W]:
        return [t for t in tokens if t.start >= s and t.end <= e]

    # 據X報導: the source between the opener and its closer
    opens = _verb_spans(tokens, rules.according_open)
    closes = _verb_spans(tokens, rules.closers)
    for os_, oe, _ in opens:
        cs, ce = _clause(norm, oe, oe, rules)
        close = next(((s, e) for s, e, k in closes if s > oe and e <= ce and s - oe <= 24
                      and k in rules.according_close), None)
        if close is None or close[0] == oe:
            continue
        v = _speaker(window(oe, close[0]), text, norm, rules)
        add(v, f"{text[os_:oe]}…{text[close[0]:close[1]]}")
        if v is not None:
            used_verbs.add(close[0])
    # 引述X: the source after the verb (and the citing one before it)
    for s, e, _ in _verb_spans(tokens, rules.cite):
        ce = _clause(norm, e, e, rules)[1]
        add(_following(window(e, min(ce, e + 30)), text, norm, rules), text[s:e])
        cs = max(_clause_start(norm, s, rules), s - 40)
        add(_speaker(window(cs, s), text, norm, rules), text[s:e])
    # X表示 (a verb right after 的 is a noun: 引發對AI產業的質疑)
    noun_marker = normalize("的")
    pauses = {",", ":", ";"}
    spans = _verb_spans(tokens, rules.speech_verbs, rules.verb_glue)
    for s, e, key in spans:
        if s in used_verbs or norm[s - 1:s] == noun_marker:
            continue
        if key in rules.pause_verbs and key not in rules.verbs and norm[e:e + 1] not in pauses:
            continue
        c0 = _clause_start(norm, s, rules)
        cs = max(c0, s - 40)
        before = window(cs, s)
        if before and not all(w.word in rules.function_words for w in before):
            add(_speaker(before, text, norm, rules), text[s:e])
        elif key in rules.verbs and c0 > 1 and norm[c0 - 1] in (",", ";"):
            # no subject in the verb's clause (…，批評現行管制): the one opening the clause before, same sentence
            p0 = _clause_start(norm, c0 - 1, rules)
            prev = [_W(norm[t.start:t.end], t.start, t.end)
                    for t in _clause_tokens(text, norm, [(p0, p0)], rules, cuts)]
            add(_clause_subject(_split_glued(prev, rules), text, norm, rules), text[s:e])
    found.sort(key=lambda v: v.start)
    return found


def extract_voices(paragraphs: Sequence[tuple[int, str]], *, rules: ClaimRules | None = None,
                   tokens: Mapping[int, Sequence[Token]] | None = None) -> tuple[Voice, ...]:
    """Who is quoted or cited, and how: people, organisations, media and anonymous sources.

    A voice is the name nearest before an attribution verb (X表示, X在…中表示, X稱 — titles before the name
    are left out, "清華大學計算機系副教授劉知遠表示" gives 劉知遠), the source of 據X報導, or the source after a
    citing verb (報導引述業界人士). In "X對Y表示" X speaks and Y is spoken to. A pronoun or a generic crowd
    (他, 外界, 輿論, 許多媒體) before the verb gives no voice: precision over recall. Mentions of one voice
    are merged across paragraphs, and a Latin surname (Lea表示) joins the full name (Robert Lea) written in the
    text.

    No part-of-speech tagger: a person's name is a token (or two adjacent ones) of two to four characters that
    is not a common word (jieba frequency at most ``[voices] name_max_freq``; jieba's HMM cuts an unknown name
    whole) and starts with a common surname (梁文鋒, 歐陽娜娜), or stands right after a title (研究員林志豪,
    外交大臣卡麥隆), or is a transliteration (特朗普, 委員東布羅夫斯基斯); an organisation or medium ends in a
    suffix and takes the place or listed name it starts with (德國汽車工業協會, 國務院港澳辦); what owns the
    noun after 的 (…委員會的文件中指出) is not the speaker. Words: ``[voices]`` of claims.toml.

    Parameters
    ----------
    paragraphs : sequence of (int, str)
        (paragraph index, text) pairs.
    rules : ClaimRules, optional
        From :func:`load_claim_rules`; the shipped rules when omitted.
    tokens : mapping of int to sequence of Token, optional
        Paragraph index -> that paragraph's tokens, as :func:`framing.text.tokenize` gives them for its text
        (offsets into the paragraph, whitespace left out), when the caller has them already (as
        :func:`framing.analysis.analyze` does). The words of the clauses that hold an attribution word are then
        taken from them, and the paragraph's analysis form is put together from them, instead of cutting and
        normalising again; a paragraph missing from the mapping is cut as without it. The result is the same
        when they were cut with the vocabulary and backend :func:`framing.text.tokenize` uses by default
        (``analyze`` sets both). ValueError when a paragraph's tokens do not cover its text.

    Returns
    -------
    tuple of Voice
        In order of first mention; ``paragraphs`` sorted unique, ``verbs`` as written (unique, in order),
        ``mentions`` (paragraph, start, end) of the name in the paragraph's text.

    Examples
    --------
    >>> vs = extract_voices([(0, "清華大學計算機系副教授劉知遠表示，我們仍在追趕階段。"),
    ...                      (1, "據英國《金融時報》報導，有業內人士表示，這種做法非常常見。")])
    >>> [(v.name, v.kind, v.paragraphs) for v in vs]
    [('劉知遠', 'person', (0,)), ('金融時報', 'media', (1,)), ('業內人士', 'anonymous', (1,))]
    """
    rules = rules or load_claim_rules()
    _ensure_vocabulary()
    raw: list[tuple[int, _Voice]] = []
    latin_people: dict[str, str] = {}
    for index, text in paragraphs:
        if not text:
            continue
        norm, cuts = _given(text, None if tokens is None else tokens.get(index), f"paragraph {index}")
        for v in _paragraph_voices(text, rules, norm, cuts):
            raw.append((index, v))
        for m in _LATIN_RUN.finditer(text):
            name = m.group()
            if _latin_kind(name, rules) == "person":
                latin_people.setdefault(name.split()[-1].lower(), name)
    people_cjk = [v.name for _, v in raw if v.kind == "person" and not v.name.isascii()]
    folded = {p: normalize(p) for p in people_cjk}  # each name normalised once, not once a comparison
    # a person's name cut short (李家 for 李家超) joins the one full name it starts
    longer = {}
    for p in people_cjk:
        owners = {q for q in people_cjk if len(q) > len(p) and folded[q].startswith(folded[p])}
        if len(owners) == 1:
            longer[p] = owners.pop()
    merged: dict[str, dict[str, Any]] = {}
    for index, v in raw:
        name, kind = v.name, v.kind
        if kind == "surname":
            if name.isascii():
                full = latin_people.get(name.lower())
                name, kind = (full, "person") if full else (name, "organisation")
            else:
                short = normalize(name)
                owners = {p for p in people_cjk if folded[p].startswith(short)}
                if len(owners) != 1:
                    continue
                name, kind = owners.pop(), "person"
        if kind == "person" and name in longer:
            name = longer[name]
        key = normalize(name)
        entry = merged.setdefault(key, {"name": name, "kinds": Counter(), "paragraphs": set(), "verbs": [],
                                        "mentions": []})
        entry["kinds"][kind] += 1
        entry["paragraphs"].add(index)
        if v.verb not in entry["verbs"]:
            entry["verbs"].append(v.verb)
        entry["mentions"].append((index, v.start, v.end))
    out = []
    for e in merged.values():
        kind = e["kinds"].most_common(1)[0][0]
        out.append(Voice(e["name"], kind, tuple(sorted(e["paragraphs"])), tuple(e["verbs"]),
                         tuple(sorted(e["mentions"]))))
    out.sort(key=lambda v: v.mentions[0])
    return tuple(out)


# =========================================================================== naming conventions


@dataclass(frozen=True, slots=True)
class Variant:
    term: str  # as written in naming.toml
    norm: str
    regions: frozenset[str]
    concept: int
    weight: float


@dataclass(frozen=True, slots=True)
class NamingTable:
    """``naming.toml`` compiled: variants by analysis form. Load with :func:`load_naming`."""

    path: str
    glosses: tuple[str, ...]
    variants: dict[str, Variant]
    max_tokens: int = 4
    #: finds where a variant may be used (only those clauses are tokenised); built from ``variants`` when None
    pattern: re.Pattern[str] | None = None


_CONCEPT_KEYS = {"gloss", "weight", "variants", "note", "source", "category"}
_VARIANT_KEYS = {"term", "regions", "note", "weight"}


_TERM_LINE = re.compile(r"""\bterm\s*=\s*["']""")


def _naming_lines(raw: str) -> tuple[list[int], list[int], list[str]]:
    """1-based lines of each [[concept]] header and of each ``term =``, in file order, and the raw lines."""
    lines = raw.splitlines()
    heads = [i for i, ln in enumerate(lines, 1) if ln.strip().replace(" ", "") == "[[concept]]"]
    terms = [i for i, ln in enumerate(lines, 1) for _ in _TERM_LINE.finditer(ln.split("#")[0])]
    return heads, terms, lines


def _compile_naming(path: Path) -> NamingTable:
    data, raw = read_toml(path)
    heads, term_lines, lines = _naming_lines(raw)

    def err(line: int, what: str) -> LexiconError:
        return LexiconError(f"{path}:{line}: {what}" if line else f"{path}: {what}")

    def key_line(ci: int, key: str) -> int:
        """Line of ``key =`` inside concept ``ci`` (its header when not found)."""
        start = heads[ci] if ci < len(heads) else 0
        end = heads[ci + 1] if ci + 1 < len(heads) else len(lines) + 1
        pat = re.compile(rf"^\s*{re.escape(key)}\s*=")
        return next((i for i in range(start, end) if pat.match(lines[i - 1])), start)

    concepts = data.get("concept")
    if not isinstance(concepts, list) or not concepts:
        raise LexiconError(f"{path}: no [[concept]] tables; add one with gloss = \"...\" and variants = [...]")
    glosses: list[str] = []
    variants: dict[str, Variant] = {}
    ordinal = 0
    for ci, concept in enumerate(concepts):
        gloss = concept.get("gloss", "")
        where = f"concept {gloss!r}" if isinstance(gloss, str) and gloss else f"concept #{ci + 1}"
        if not isinstance(gloss, str) or not gloss.strip():
            raise err(key_line(ci, "gloss"), f"{where}: needs gloss = \"...\" (what the variants name)")
        for key in concept:
            if key not in _CONCEPT_KEYS:
                raise err(key_line(ci, key), f"{where}: unknown key {key!r}; expected gloss, weight, variants")
        weight = concept.get("weight", 1.0)
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 < weight <= 1:
            raise err(key_line(ci, "weight"), f"{where}: weight must be a number in (0, 1] (0.5 for a weak clue)")
        vs = concept.get("variants")
        if not isinstance(vs, list) or not vs:
            raise err(key_line(ci, "variants"),
                      f"{where}: needs variants = [{{ term = \"...\", regions = [...] }}, ...]")
        for v in vs:
            if not isinstance(v, dict) or not isinstance(v.get("term"), str) or not v["term"].strip():
                raise err(key_line(ci, "variants"), f"{where}: each variant needs term = \"...\"")
            line = term_lines[ordinal] if ordinal < len(term_lines) else key_line(ci, "variants")
            ordinal += 1
            term = v["term"]
            for key in v:
                if key not in _VARIANT_KEYS:
                    raise err(line, f"{where}: variant {term!r} has unknown key {key!r}; expected term, regions")
            regions = v.get("regions")
            if not isinstance(regions, list) or not regions or any(r not in REGIONS for r in regions):
                raise err(line, f"{where}: variant {term!r} needs regions among {', '.join(REGIONS)} "
                          f"(got {regions!r})")
            vw = v.get("weight", weight)
            if isinstance(vw, bool) or not isinstance(vw, (int, float)) or not 0 < vw <= 1:
                raise err(line, f"{where}: variant {term!r} weight must be in (0, 1]")
            norm = normalize_term(term)
            other = variants.get(norm)
            if other is not None and other.concept != ci:
                raise err(line, f"{where}: {term!r} is already a variant of concept {glosses[other.concept]!r}; "
                          "a term can belong to one concept only")
            variants[norm] = Variant(term, norm, frozenset(regions), ci, float(vw))
        glosses.append(gloss)
    return NamingTable(str(path), tuple(glosses), variants, pattern=_variant_pattern(variants))


def _variant_pattern(variants: Iterable[str]) -> re.Pattern[str]:
    """Any variant in analysis form, longest first (a space in a Latin name matches any run of spaces)."""
    alts = sorted(set(variants), key=len, reverse=True)
    return re.compile("|".join(r"\s+".join(re.escape(part) for part in v.split()) for v in alts if v.strip()))


@functools.lru_cache(maxsize=8)
def _load_naming_cached(path: str, mtime_ns: int) -> NamingTable:
    table = _compile_naming(Path(path))
    add_words(table.variants)
    return table


def load_naming(path: str | Path | None = None) -> NamingTable:
    """Load and validate ``naming.toml`` (cached; reloaded when the file changes).

    Parameters
    ----------
    path : str or Path, optional
        A naming file; the shipped ``lexicons/naming.toml`` when omitted.

    Raises
    ------
    LexiconError
        When the file is malformed; the message names the file, the line and the fix.

    Examples
    --------
    >>> table = load_naming()
    >>> sorted(table.variants["辉达"].regions)
    ['taiwan']
    """
    p = Path(path) if path is not None else shipped_dir() / "naming.toml"
    p = p.resolve()
    return _load_naming_cached(str(p), _stat(p))


def _ensure_vocabulary() -> None:
    """Teach the tokenizer the shipped naming terms (英偉達 stays one word in contexts and voices)."""
    try:
        load_naming()
    except LexiconError:
        pass


def _naming_uses(texts: Sequence[str], table: NamingTable, rules: ClaimRules,
                 given: Sequence[Sequence[Token] | None] | None = None) -> list[tuple[str, Variant]]:
    """(surface, variant) of each variant used in the texts, longest match on token boundaries, glosses skipped.

    ``given``: each text's tokens (parallel to ``texts``, None for a text to cut), see :func:`_given`.
    """
    uses = []
    pattern = table.pattern or _variant_pattern(table.variants)
    for n, text in enumerate(texts):
        if not text:
            continue
        norm, cuts = _given(text, None if given is None else given[n], f"text {n}")
        hits = [(m.start(), m.end()) for m in pattern.finditer(norm)]
        if not hits:
            continue  # no variant anywhere: no clause to read, no use
        tokens = _clause_tokens(text, norm, hits, rules, cuts)
        found: list[tuple[int, int, Variant]] = []
        i = 0
        while i < len(tokens):
            key = ""
            best = None
            for j in range(i, min(len(tokens), i + table.max_tokens)):
                if j > i and tokens[j].start != tokens[j - 1].end:
                    if not (tokens[j].norm.isascii() and tokens[j - 1].norm.isascii()
                            and norm[tokens[j - 1].end:tokens[j].start].isspace()):
                        break
                    key += " "
                key += tokens[j].norm
                if key in table.variants:
                    best = (tokens[i].start, tokens[j].end, table.variants[key], j)
            if best:
                found.append(best[:3])
                i = best[3] + 1
            else:
                i += 1
        prev = None
        for s, e, v in found:
            # 扎克伯格（祖克柏）: a variant in parentheses right after another of its concept is a gloss, not usage
            gloss = (prev is not None and prev[2].concept == v.concept and s == prev[1] + 1
                     and norm[s - 1:s] == "(" and norm[e:e + 1] == ")")
            if not gloss:
                uses.append((text[s:e], v))
            prev = (s, e, v)
    return uses


def naming_convention(texts: Sequence[str], *, script: str, table: NamingTable | None = None,
                      rules: ClaimRules | None = None,
                      tokens: Sequence[Sequence[Token] | None] | None = None) -> Naming:
    """Which regional naming convention a text follows: mainland, hongkong, taiwan, mixed or unknown.

    Variants from ``naming.toml`` are counted on the analysis form at token boundaries (shared variants,
    listed for all three regions, are no evidence; a variant in parentheses right after another of its
    concept is a translation aid and is not counted). A region is *consistent* with the text when the
    variants listing it carry at least ``[naming] consistent`` (0.8) of the weighted uses. The script then
    chooses: Simplified prefers mainland; Traditional prefers Hong Kong or Taiwan, whichever explains more
    uses (英偉達/特朗普/人工智能/芯片 are listed for mainland and Hong Kong, so a Traditional text using them
    reads "hongkong"; a Traditional text whose words only the mainland uses reads "mainland", a converted
    mainland text). No consistent region and at least ``mixed_min`` weight of uses against the best one gives
    "mixed". Without evidence: Simplified script alone gives "mainland" (it is the mainland's script, and
    Singapore and Malaysia follow mainland usage); anything else gives "unknown" (Traditional alone does not
    separate Hong Kong from Taiwan).

    Parameters
    ----------
    texts : sequence of str
        The article's paragraphs (or any texts of one source).
    script : str
        From :func:`framing.text.detect_script`: traditional, simplified, mixed, latin or unknown.
    table : NamingTable, optional
        From :func:`load_naming`; the shipped table when omitted.
    rules : ClaimRules, optional
        The decision thresholds (``[naming]`` of claims.toml); the shipped rules when omitted.
    tokens : sequence of sequence of Token, optional
        Each text's tokens, parallel to ``texts``, as :func:`framing.text.tokenize` gives them (offsets into
        that text, whitespace left out), when the caller has them already (as :func:`framing.analysis.analyze`
        does); an entry may be None (that text is cut as without them). The words of the clauses that hold a
        variant are then taken from them, and each text's analysis form is put together from them, instead of
        cutting and normalising again. The result is the same when they were cut with the vocabulary and
        backend :func:`framing.text.tokenize` uses by default (``analyze`` sets both). ValueError when there
        are not as many as texts, or a text's tokens do not cover it.

    Returns
    -------
    Naming
        ``evidence``: the variant words as written, most frequent first; ``counts``: region -> uses.

    Examples
    --------
    >>> naming_convention(["輝達股價下跌，川普稱人工智慧晶片管制將擴大。"], script="traditional").convention
    'taiwan'
    >>> naming_convention(["英伟达股价下跌，特朗普称人工智能芯片管制将扩大。"], script="simplified").convention
    'mainland'
    """
    table = table or load_naming()
    rules = rules or load_claim_rules()
    if tokens is not None and len(tokens) != len(texts):
        raise ValueError(f"tokens: {len(tokens)} token sequences for {len(texts)} texts; give one per text")
    uses = [(s, v) for s, v in _naming_uses(texts, table, rules, tokens) if len(v.regions) < len(REGIONS)]
    counts = {r: sum(1 for _, v in uses if r in v.regions) for r in REGIONS}
    counts = {r: n for r, n in counts.items() if n}
    freq = Counter(s for s, _ in uses)
    evidence = tuple(sorted(freq, key=lambda s: (-freq[s], next(i for i, (x, _) in enumerate(uses) if x == s))))
    total = sum(v.weight for _, v in uses)
    if not total:
        return Naming("mainland" if script == "simplified" else "unknown", (), {})
    cover = {r: sum(v.weight for _, v in uses if r in v.regions) / total for r in REGIONS}
    prefer = {"simplified": ("mainland",), "traditional": ("hongkong", "taiwan")}.get(script, ())
    consistent = [r for r in REGIONS if cover[r] >= rules.naming_consistent - 1e-9]
    best_any = max(REGIONS, key=lambda r: cover[r])
    against = (1 - cover[best_any]) * total
    if not consistent:
        if against >= rules.naming_mixed_min:
            return Naming("mixed", evidence, counts)
        consistent = [r for r in REGIONS if cover[r] == cover[best_any]]
    pool = [r for r in consistent if r in prefer] or consistent
    top = max(cover[r] for r in pool)
    best = [r for r in pool if cover[r] == top]
    if len(best) > 1:
        if "mainland" in best and script == "simplified":
            return Naming("mainland", evidence, counts)
        return Naming("unknown", evidence, counts)
    return Naming(best[0], evidence, counts)  # type: ignore[arg-type]
