"""Naming: which regional usage (mainland, Hong Kong, Taiwan) a text follows (:func:`naming_convention`).

``naming.toml`` (concepts, each with its regional variants: 英偉達 / 輝達, 特朗普 / 川普) is read, validated
(a malformed file raises :class:`framing.errors.LexiconError` naming the line) and compiled into a
:class:`NamingTable` by :func:`load_naming`; its variants go into the tokenizer's vocabulary
(:func:`_ensure_vocabulary`, which the figure and voice readers call too, so that 英偉達 stays one word).
Caching as for claims.toml (:mod:`framing.claims.rules`): the shipped file once a process, a file given by
path reloaded when it changes.

Variants are counted on the analysis form at token boundaries, in the clauses that hold one
(:mod:`framing.claims.clauses`); the decision thresholds are ``[naming]`` of claims.toml.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import LexiconError
from ..model import Naming, Token
from ..text import add_words, normalize_term
from ..tomlfile import read_toml
from .clauses import _clause_tokens, _given
from .rules import ClaimRules, load_cached, load_claim_rules


# =========================================================================== naming conventions


REGIONS = ("mainland", "hongkong", "taiwan")


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
    """Load and validate ``naming.toml`` (cached; a file given by path is reloaded when it changes).

    Parameters
    ----------
    path : str or Path, optional
        A naming file; the shipped ``lexicons/naming.toml`` when omitted (compiled once; see
        :func:`~framing.claims.rules.load_cached`).

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
    return load_cached(path, "naming.toml", _load_naming_cached)


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
