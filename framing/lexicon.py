"""Loading, validating and compiling lexicon files; matching terms on token boundaries.

A lexicon directory holds one TOML file per framing dimension plus the reserved
rule files ``tone.toml`` (tone words and modifiers), ``naming.toml`` (regional naming),
``roles.toml`` (segmentation rules), ``claims.toml`` (figures and voices) and
``keyness.toml`` (stop words for keyness). Terms are
written in either script; they are matched on their analysis form (Simplified, lower
case), on token boundaries: a term matches one token or the concatenation of up to
four consecutive tokens. See DESIGN.md for the format.

Examples
--------
>>> from framing.lexicon import load_lexicons
>>> lex = load_lexicons()
>>> sorted(lex.dimensions)[:2]
['censorship', 'geopolitics']
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import LexiconError, UsageError
from .model import Hit, Token
from .text import normalize_term
from .tomlfile import fail, key_lines, line_of, read_toml

#: rule files that are not framing dimensions
RESERVED = frozenset({"tone", "naming", "roles", "claims", "keyness"})
#: a term may span at most this many jieba tokens
MAX_TOKENS = 4
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def shipped_dir() -> Path:
    """The lexicons shipped with the package (the repository's ``lexicons/`` in a checkout)."""
    here = Path(__file__).resolve().parent
    inside = here / "lexicons"  # in an installed wheel
    if inside.is_dir():
        return inside
    repo = here.parent / "lexicons"  # in a source checkout / editable install
    if repo.is_dir():
        return repo
    return Path(str(resources.files("framing") / "lexicons"))


def rule_file(name: str, directory: str | Path | None = None) -> Path:
    """Path of a reserved rule file: the user's directory first, else the shipped one."""
    if directory is not None:
        p = Path(directory) / f"{name}.toml"
        if p.is_file():
            return p
    return shipped_dir() / f"{name}.toml"


# --------------------------------------------------------------------------- phrase matching


@dataclass(frozen=True, slots=True)
class PhraseSet:
    """A set of words (analysis form) found over token n-grams, longest first, with exclusions."""

    keys: frozenset[str]
    exclude: dict[str, tuple[str, ...]] = field(default_factory=dict)
    max_tokens: int = MAX_TOKENS
    #: every string prefix of every key: a token that is none of them cannot start a match, and an
    #: n-gram that is none of them cannot grow into one (so most tokens cost one set lookup)
    prefixes: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "prefixes", frozenset(k[:n] for k in self.keys for n in range(1, len(k) + 1)))

    def find(self, tokens: Sequence[Token], norm_text: str | None = None, *,
             norms: Sequence[str] | None = None) -> list[tuple[int, int, str]]:
        """(first token, last token + 1, key) of each non-overlapping match, left to right.

        ``norms`` is ``[t.norm for t in tokens]`` when the caller matches several sets over one paragraph.
        """
        if norms is None:
            norms = [t.norm for t in tokens]
        keys, prefixes = self.keys, self.prefixes
        first = prefixes.intersection(norms)  # the tokens that may start a match (usually none)
        if not first:
            return []
        out: list[tuple[int, int, str]] = []
        n = len(tokens)
        after = 0  # the first token a match may start at (matches do not overlap)
        for i in [i for i, w in enumerate(norms) if w in first]:
            if i < after:
                continue
            best = None
            key = ""
            for j in range(i, min(n, i + self.max_tokens)):
                if j > i:
                    gap = tokens[j].start - tokens[j - 1].end
                    if gap:
                        if not (tokens[j].norm.isascii() and tokens[j - 1].norm.isascii()):
                            break
                        key += " "
                key += tokens[j].norm
                if key not in prefixes:
                    break
                if key in keys:
                    best = (i, j + 1, key)
            if best is not None and norm_text is not None and self._excluded(best[2], tokens[i].start, norm_text):
                best = None
            if best is not None:
                out.append(best)
                after = best[1]
        return out

    def _excluded(self, key: str, start: int, norm_text: str) -> bool:
        for longer in self.exclude.get(key, ()):
            k = longer.find(key)
            while k >= 0:
                s = start - k
                if s >= 0 and norm_text[s : s + len(longer)] == longer:
                    return True
                k = longer.find(key, k + 1)
        return False


# --------------------------------------------------------------------------- dimension lexicons


@dataclass(frozen=True, slots=True)
class Term:
    entry: str  # as written in the file
    key: str  # analysis form
    weight: float
    line: int


@dataclass(frozen=True, slots=True)
class Lexicon:
    """One framing dimension: its terms with weights, exclusions and presentation."""

    name: str
    label: dict[str, str]
    description: str
    color: str
    terms: dict[str, Term]
    phrases: PhraseSet
    #: weighted hits needed in a paragraph for the dimension to count as present
    threshold: float = 1.0
    path: str = ""

    def match(self, tokens: Sequence[Token], text: str, norm_text: str, *,
              norms: Sequence[str] | None = None) -> tuple[Hit, ...]:
        """Hits of this lexicon in a tokenised paragraph (offsets into ``text`` as written); ``norms`` as
        in :meth:`PhraseSet.find`.

        >>> from framing.text import tokenize, normalize
        >>> lex = load_lexicons()["open_source"]
        >>> s = "公司決定開源其模型"
        >>> [h.term for h in lex.match(tokenize(s), s, normalize(s))]
        ['開源']
        """
        hits = []
        for i, j, key in self.phrases.find(tokens, norm_text, norms=norms):
            t = self.terms[key]
            start, end = tokens[i].start, tokens[j - 1].end
            hits.append(Hit(text[start:end], self.name, start, end, t.weight, False, t.entry))
        return tuple(hits)


@dataclass(frozen=True, slots=True)
class LexiconSet:
    """The dimensions in use plus where they came from (for provenance)."""

    lexicons: dict[str, Lexicon]
    directory: str
    sha256: str

    @property
    def dimensions(self) -> tuple[str, ...]:
        return tuple(self.lexicons)

    def __getitem__(self, name: str) -> Lexicon:
        try:
            return self.lexicons[name]
        except KeyError:
            known = ", ".join(self.lexicons)
            raise UsageError(f"unknown dimension {name!r}; known dimensions: {known}") from None

    def select(self, names: Sequence[str] | None) -> LexiconSet:
        """A set restricted to ``names`` (each must exist)."""
        if not names:
            return self
        return LexiconSet({n: self[n] for n in names}, self.directory, self.sha256)

    def words(self) -> frozenset[str]:
        """Every term key, for the tokenizer's dictionary."""
        return frozenset(k for lex in self.lexicons.values() for k in lex.terms)


def _check_keys(path, raw, data: dict, allowed: set[str], required: set[str]) -> None:
    for k in data:
        if k not in allowed:
            raise fail(path, raw, k, f"unknown key {k!r}; allowed keys: {', '.join(sorted(allowed))}")
    for k in sorted(required - set(data)):
        raise LexiconError(f"{path}:1: missing required key {k!r}")


def _weights(path, raw, table: Any, section: str, *, low=0.0, high=2.0, allow_equal_low=False) -> dict[str, Term]:
    """Validate a table of term -> weight; keys normalised; duplicates across scripts resolved."""
    if not isinstance(table, dict):
        raise fail(path, raw, section, f"[{section}] must be a table of \"term\" = weight")
    out: dict[str, Term] = {}
    lines = _lines(raw)
    for entry, w in table.items():
        line_no = lines.get((section, entry)) or _line(raw, entry, section)
        if isinstance(w, bool) or not isinstance(w, (int, float)):
            raise LexiconError(f"{path}:{line_no}: weight of {entry!r} must be a number, not {type(w).__name__}")
        w = float(w)
        bad = (w < low or w > high) if allow_equal_low else (w <= low or w > high)
        if bad or math.isnan(w):
            lo = f"[{low}" if allow_equal_low else f"({low}"
            raise LexiconError(f"{path}:{line_no}: weight {w} of {entry!r} is out of range {lo}, {high}]")
        key = normalize_term(entry)
        if not key or not any(ch.isalnum() for ch in key):
            raise LexiconError(f"{path}:{line_no}: term {entry!r} has no letters; remove it")
        prev = out.get(key)
        if prev is not None and prev.weight != w:
            raise LexiconError(
                f"{path}:{line_no}: {entry!r} is the same term as {prev.entry!r} (line {prev.line}) "
                f"with another weight ({w} vs {prev.weight}); keep one"
            )
        if prev is None:
            out[key] = Term(entry, key, w, line_no)
    return out


def _line(raw: str, key: str, section: str | None) -> int:
    return _lines(raw).get((section or "", key)) or line_of(raw, key, section)


@functools.lru_cache(maxsize=16)
def _lines(raw: str) -> dict[tuple[str, str], int]:
    return key_lines(raw)


def _exclusions(path, raw, table: Any, keys: set[str], section: str = "exclude") -> dict[str, tuple[str, ...]]:
    if table is None:
        return {}
    if not isinstance(table, dict):
        raise fail(path, raw, section, f"[{section}] must be a table of \"term\" = [\"longer string\", ...]")
    out: dict[str, tuple[str, ...]] = {}
    for entry, longer in table.items():
        line_no = _line(raw, entry, section)
        if not isinstance(longer, list) or not all(isinstance(s, str) for s in longer):
            raise LexiconError(f"{path}:{line_no}: exclusions of {entry!r} must be a list of strings")
        key = normalize_term(entry)
        if key not in keys:
            raise LexiconError(f"{path}:{line_no}: exclusion for {entry!r}, which is not a term of this file")
        normed = []
        for s in longer:
            ns = normalize_term(s)
            if key not in ns:
                raise LexiconError(f"{path}:{line_no}: exclusion {s!r} does not contain the term {entry!r}")
            normed.append(ns)
        out[key] = tuple(out.get(key, ())) + tuple(normed)
    return out


def load_dimension(path: str | Path) -> Lexicon:
    """Load and validate one dimension file.

    >>> load_dimension(shipped_dir() / "markets.toml").name
    'markets'
    """
    path = Path(path)
    data, raw = read_toml(path)
    allowed = {"name", "label", "description", "color", "terms", "exclude", "threshold", "version"}
    _check_keys(path, raw, data, allowed, {"name", "terms"})
    name = data["name"]
    if not isinstance(name, str) or not _NAME.match(name):
        raise fail(path, raw, "name", f"name {name!r} must be lower-case letters, digits and _")
    if name != path.stem:
        raise fail(path, raw, "name", f"name {name!r} must equal the file name {path.stem!r}")
    label = data.get("label", {"en": name})
    if isinstance(label, str):
        label = {"en": label}
    if not isinstance(label, dict) or not all(isinstance(v, str) for v in label.values()):
        raise fail(path, raw, "label", 'label must be a table like { zh = "市場", en = "Markets" }')
    color = data.get("color", "#777777")
    if not isinstance(color, str) or not _COLOR.match(color):
        raise fail(path, raw, "color", f"color {color!r} must be a hex colour like \"#0072B2\"")
    threshold = data.get("threshold", 1.0)
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 < threshold <= 10:
        raise fail(path, raw, "threshold", "threshold must be a number in (0, 10]")
    terms = _weights(path, raw, data["terms"], "terms")
    if not terms:
        raise fail(path, raw, "terms", "[terms] is empty; add at least one term")
    exclude = _exclusions(path, raw, data.get("exclude"), set(terms))
    return Lexicon(
        name=name,
        label={str(k): v for k, v in label.items()},
        description=str(data.get("description", "")),
        color=color,
        terms=terms,
        phrases=PhraseSet(frozenset(terms), exclude),
        threshold=float(threshold),
        path=str(path),
    )


def _digest(paths: Sequence[Path]) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.name.encode())
        h.update(b"\0")
        h.update(p.read_bytes())
    return h.hexdigest()


@functools.lru_cache(maxsize=8)
def _load_dir(directory: str) -> LexiconSet:
    d = Path(directory)
    if not d.is_dir():
        raise LexiconError(f"{d}: no such lexicon directory")
    files = sorted(p for p in d.glob("*.toml") if p.stem not in RESERVED and not p.name.startswith("."))
    if not files:
        raise LexiconError(f"{d}: no dimension files (*.toml other than {', '.join(sorted(RESERVED))})")
    lexicons = {}
    for p in files:
        lex = load_dimension(p)
        lexicons[lex.name] = lex
    rule_files = [rule_file(n, d) for n in sorted(RESERVED)]
    digest = _digest(files + [p for p in rule_files if p.is_file()])
    return LexiconSet(lexicons, str(d), digest)


def load_lexicons(directory: str | Path | None = None, *, dimensions: Sequence[str] | None = None) -> LexiconSet:
    """Load every dimension file of ``directory`` (default: the shipped lexicons).

    Raises :class:`LexiconError` naming file and line when a file is malformed, and
    :class:`UsageError` when a requested dimension does not exist.
    """
    d = Path(directory).resolve() if directory is not None else shipped_dir()
    return _load_dir(str(d)).select(dimensions)


# --------------------------------------------------------------------------- tone rules


@dataclass(frozen=True, slots=True)
class ToneRules:
    """The news tone lexicon and its modifiers (from ``tone.toml``)."""

    positive: dict[str, Term]
    negative: dict[str, Term]
    words: PhraseSet
    negators: PhraseSet
    intensifiers: dict[str, float]
    diminishers: dict[str, float]
    modifiers: PhraseSet
    contrast: PhraseSet
    rejectors: PhraseSet
    window: int = 3
    rejection_window: int = 6
    negation_scalar: float = -0.75
    #: the most a negated negative word may add (a denial of something bad is at most mildly good)
    negated_negative_cap: float = 0.25
    before_contrast: float = 0.5
    after_contrast: float = 1.5
    label_threshold: float = 0.15
    #: weight of a frame hit inside a rejection ("並不認為這是地緣政治問題")
    rejected_frame_weight: float = 1.0
    #: how much snownlp counts in the combined score (the lexicon leads)
    snownlp_weight: float = 0.25
    #: VADER-style normalisation constant: x / sqrt(x^2 + alpha)
    alpha: float = 4.0
    path: str = ""


def _word_list(path, raw, data: dict, section: str) -> tuple[str, ...]:
    table = data.get(section, {})
    if isinstance(table, dict):
        table = table.get("terms", [])
    if not isinstance(table, list) or not all(isinstance(s, str) and s.strip() for s in table):
        raise fail(path, raw, section, f"[{section}] terms must be a list of non-empty strings")
    return tuple(normalize_term(s) for s in table)


_SETTINGS = {
    "window": (int, 1, 10),
    "rejection_window": (int, 1, 15),
    "negation_scalar": (float, -2.0, 0.0),
    "negated_negative_cap": (float, 0.0, 2.0),
    "before_contrast": (float, 0.0, 2.0),
    "after_contrast": (float, 0.0, 4.0),
    "label_threshold": (float, 0.0, 1.0),
    "rejected_frame_weight": (float, 0.0, 1.0),
    "snownlp_weight": (float, 0.0, 1.0),
    "alpha": (float, 0.1, 100.0),
}


@functools.lru_cache(maxsize=8)
def _load_tone(path: str) -> ToneRules:
    p = Path(path)
    data, raw = read_toml(p)
    allowed = {"name", "settings", "positive", "negative", "negators", "intensifiers", "diminishers",
               "contrast", "frame_rejection", "exclude", "version", "description"}
    _check_keys(p, raw, data, allowed, {"positive", "negative"})
    settings = data.get("settings", {})
    if not isinstance(settings, dict):
        raise fail(p, raw, "settings", "[settings] must be a table")
    kw: dict[str, Any] = {}
    for k, v in settings.items():
        if k not in _SETTINGS:
            raise fail(p, raw, k, f"unknown setting {k!r}; known: {', '.join(_SETTINGS)}", section="settings")
        typ, lo, hi = _SETTINGS[k]
        if isinstance(v, bool) or not isinstance(v, (int, float)) or (typ is int and not isinstance(v, int)):
            raise fail(p, raw, k, f"setting {k} must be {'an integer' if typ is int else 'a number'}", section="settings")
        if not lo <= v <= hi:
            raise fail(p, raw, k, f"setting {k} = {v} is out of range [{lo}, {hi}]", section="settings")
        kw[k] = typ(v)
    pos = _weights(p, raw, data["positive"], "positive")
    neg = _weights(p, raw, data["negative"], "negative")
    both = set(pos) & set(neg)
    if both:
        k = sorted(both)[0]
        raise fail(p, raw, pos[k].entry, f"{pos[k].entry!r} is both positive and negative; keep one")
    exclude = _exclusions(p, raw, data.get("exclude"), set(pos) | set(neg))
    inten = _weights(p, raw, data.get("intensifiers", {}), "intensifiers", low=1.0, high=4.0)
    dimin = _weights(p, raw, data.get("diminishers", {}), "diminishers", low=0.0, high=1.0)
    negators = _word_list(p, raw, data, "negators")
    contrast = _word_list(p, raw, data, "contrast")
    rejectors = _word_list(p, raw, data, "frame_rejection")
    return ToneRules(
        positive=pos,
        negative=neg,
        words=PhraseSet(frozenset(pos) | frozenset(neg), exclude),
        negators=PhraseSet(frozenset(negators)),
        intensifiers={k: t.weight for k, t in inten.items()},
        diminishers={k: t.weight for k, t in dimin.items()},
        modifiers=PhraseSet(frozenset(inten) | frozenset(dimin)),
        contrast=PhraseSet(frozenset(contrast)),
        rejectors=PhraseSet(frozenset(rejectors)),
        path=str(p),
        **kw,
    )


def load_tone(directory: str | Path | None = None) -> ToneRules:
    """Load ``tone.toml`` from ``directory`` if it has one, else the shipped file."""
    return _load_tone(str(rule_file("tone", directory).resolve()))


def tone_words(rules: ToneRules) -> frozenset[str]:
    """Every tone-file word, for the tokenizer's dictionary."""
    return (rules.words.keys | rules.negators.keys | rules.modifiers.keys | rules.contrast.keys
            | rules.rejectors.keys)

