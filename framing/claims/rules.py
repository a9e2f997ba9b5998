"""``claims.toml`` read, validated and compiled into :class:`ClaimRules`, the word lists every claims reader uses.

:func:`load_claim_rules` loads the file (the shipped ``lexicons/claims.toml`` when no path is given): each
value is checked against ``_CLAIMS_SCHEMA`` (a malformed file raises :class:`framing.errors.LexiconError`
naming the file, the line and the fix), every word is put in analysis form (:func:`framing.text.normalize_term`)
and the derived lookups are built once: the unit table, the hedge maps, the words that never start a name, the
patterns that find attribution verbs (``voice_triggers``), dates and times (``anchor_regex``) and where a
figure's numeral may start (``figure_starts``). The compiled rules' words go into the tokenizer's vocabulary.

Caching: the shipped file is resolved, read and compiled once a process (a call without a path is a dict
lookup); a file given by path is cached by its resolved path and modification time, so an edited file is
reloaded. :func:`_stat` is shared with :func:`framing.claims.naming.load_naming`.

Nothing here reads a text: the readers are :mod:`framing.claims.figures`, :mod:`framing.claims.voices` and
:mod:`framing.claims.naming`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from ..errors import LexiconError
from ..text import add_words, is_cjk, normalize, normalize_term
from ..lexicon import shipped_dir
from ..tomlfile import fail, read_toml

T = TypeVar("T")


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


_shipped: dict[str, Any] = {}  # "claims.toml", "naming.toml" -> the shipped file's compiled form


def load_cached(path: str | Path | None, name: str, cached: Callable[[str, int], T]) -> T:
    """A rule file compiled by ``cached(resolved path, mtime)`` (an lru_cache keyed by both).

    Without a path, the shipped ``name`` is found, read and compiled on the first call and later calls cost a
    dict lookup (resolving and statting it again took ~40 µs a call, ~6% of the readers' time on the seeds:
    every reader loads its rules). A path is resolved and statted on every call, so edits to a user's file are
    picked up.
    """
    if path is None:
        value = _shipped.get(name)
        if value is None:
            value = _shipped[name] = load_cached(shipped_dir() / name, name, cached)
        return value
    p = Path(path).resolve()
    return cached(str(p), _stat(p))


def load_claim_rules(path: str | Path | None = None) -> ClaimRules:
    """Load and validate ``claims.toml`` (cached; a file given by path is reloaded when it changes).

    Parameters
    ----------
    path : str or Path, optional
        A rule file; the shipped ``lexicons/claims.toml`` when omitted (compiled once; see :func:`load_cached`).

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
    return load_cached(path, "claims.toml", _load_claims_cached)
