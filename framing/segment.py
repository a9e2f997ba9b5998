"""Raw article text -> the paragraphs a reader sees, each with a role and the lines it came from.

Real articles do not arrive clean. PDF extractions hard-wrap every line at a fixed display width
(CJK = 2 columns), sometimes with a blank line after every line, start a line with a space at a page
break, and drop photo captions, subscription pleas and "related reading" (延伸閱讀) blocks into the
middle of sentences. Scraped pages carry captions, share buttons and copyright lines. :func:`segment`
rebuilds the paragraphs:

1. **Pieces.** Every non-blank line is a piece: its content without surrounding whitespace (full-width
   indents included) and its offsets into the text.
2. **Wrap detection.** When a good share of lines cluster just under a common maximum width ``W`` (in
   display columns, or in characters for text cut by a program such as ``textwrap``), few lines are
   wider, and most of the full lines end mid-sentence, the text is hard-wrapped: a full line that does
   not end a sentence continues into the next line, whatever blank lines lie between; a line noticeably
   shorter than ``W`` ends its paragraph. A line whose last Latin word (or space-delimited chunk, for a
   program's wrap) would not have fitted with the next line's first one counts as full ("Marc" /
   "Andreessen"). A full line ending a sentence ends its paragraph, unless the blank lines after wrapped
   lines differ from those after paragraphs and say it is a wrap. When every wrapped line is followed by
   a blank line (double-spaced extraction, seed 000), two short lines *not* separated by a blank line
   belong together (a headline wrapped at a narrower measure). A full-width indent starts a paragraph.
   Otherwise (not wrapped) each non-blank line is a paragraph, and inside a blank-line separated text the
   lines of one block are joined only when the first clearly runs on.
3. **Inserted blocks.** When a paragraph is cut mid-sentence and the following lines form a short block
   of captions, boilerplate, related-reading markers and title-like lines, after which a line goes on,
   the sentence is rejoined around the block and the block's paragraphs are placed right after the
   rejoined paragraph.
4. **Roles.** caption and boilerplate from the rules file; related-reading titles next to a bare marker
   (on the side the document's unambiguous markers show, else after it); headline (the line matching
   ``title``, else the first title-like paragraph, else a title line right after a summary paragraph);
   standfirst (the summary right after the headline when a caption, boilerplate, title line or a
   dateline follows it, or the summary right before the headline); subheading (a short line without
   sentence punctuation before body text); title-like lines after the last body paragraph are
   boilerplate (link titles); the rest is body.

Nothing is dropped: every non-whitespace character of the input lies in exactly one piece of exactly one
paragraph, and a paragraph's ``text`` is its pieces joined (no space between ideographs, one space
between Latin letters or digits). Rules (patterns, reasons, thresholds) live in ``lexicons/roles.toml``.

Examples
--------
>>> from framing.segment import segment
>>> text = "標題在此\\n\\n第一段正文。\\n\\n第二段正文。\\n\\n小標題\\n\\n第三段正文，在小標題之後。"
>>> [(p.role, p.text) for p in segment(text)]  # doctest: +NORMALIZE_WHITESPACE
[('headline', '標題在此'), ('body', '第一段正文。'), ('body', '第二段正文。'), ('subheading', '小標題'),
 ('body', '第三段正文，在小標題之後。')]
>>> p = segment(text)[3]
>>> p.lines, p.spans, p.reason
((7, 7), ((22, 25),), 'short line without sentence punctuation between body paragraphs')
"""

from __future__ import annotations

import functools
import os
import re
import sys
import unicodedata
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import LexiconError
from .model import Paragraph
from .lexicon import shipped_dir as shipped_lexicons_dir
from .tomlfile import fail, read_toml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = [
    "Rule",
    "SegmentRules",
    "display_width",
    "load_rules",
    "segment",
    "shipped_lexicons_dir",
]


# --------------------------------------------------------------------------- widths


def _char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


class _WidthTable(dict):  # type: ignore[type-arg]
    """Character -> columns, each worked out on first sight.

    ``sum(map(table.__getitem__, chars))`` runs in C, one dict lookup a character: several times faster than
    calling unicodedata (or an lru_cache) per character. Cleared when it grows large, so hostile text that
    touches every code point cannot make it hold much memory.
    """

    __slots__ = ()
    MAX_SIZE = 1 << 16

    def __missing__(self, ch: str) -> int:
        if len(self) >= self.MAX_SIZE:
            self.clear()
        width = self[ch] = _char_width(ch)
        return width


_WIDTHS = _WidthTable()

#: where the common wide characters are: CJK punctuation, ideographs (extension A, main block), full-width forms
_COMMON_WIDE_RANGES = ((0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xFF01, 0xFF60))


@functools.lru_cache(maxsize=1)
def _not_common_wide() -> re.Pattern[str]:
    """A character class of everything but the common wide characters (Chinese text is mostly those).

    Built on first use (~3 ms) from :func:`_char_width` of every candidate, so it agrees with this Python's
    unicodedata (U+302A..U+302F are combining, U+303F is narrow).
    """
    runs: list[list[int]] = []
    for low, high in _COMMON_WIDE_RANGES:
        for cp in range(low, high + 1):
            if _char_width(chr(cp)) != 2:
                continue
            if runs and runs[-1][1] == cp - 1:
                runs[-1][1] = cp
            else:
                runs.append([cp, cp])
    return re.compile("[^" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in runs) + "]")


def display_width(s: str) -> int:
    """Columns ``s`` takes in a terminal or a monospaced PDF line.

    East Asian Wide and Fullwidth characters take 2 columns, combining marks 0, everything else 1.

    Examples
    --------
    >>> display_width("AI股")
    4
    >>> display_width("　")  # ideographic space
    2
    >>> display_width("e\\u0301")  # e + combining acute accent
    1
    """
    if s.isascii():
        return len(s)  # every ASCII character, controls included, is narrow and not combining
    # 2 columns for each common wide character, found by elimination in one C-level scan; a table lookup for
    # the others (a lookup per character would cost a str object per character)
    rest = _not_common_wide().findall(s)
    return 2 * (len(s) - len(rest)) + sum(map(_WIDTHS.__getitem__, rest))


def _is_wide(ch: str) -> bool:
    return _WIDTHS[ch] == 2


def _is_latin(ch: str) -> bool:
    """A narrow character a reader separates from the next narrow one by a space (letters, digits, ASCII marks)."""
    return not ch.isspace() and _WIDTHS[ch] == 1


_IDEOGRAPH = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_LATIN_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f][A-Za-z0-9\u00c0-\u024f'’\-_.]*")
# Where an ideograph meets a Latin letter or digit, with or without one space between. Each pattern starts at the
# Latin character, so a scan skips runs of Chinese at C speed (a lookahead at every character is 2-3x slower).
_LATIN_BEFORE_IDEOGRAPH = re.compile(rf"[A-Za-z0-9](?=( ?)[{_IDEOGRAPH}])")  # the group: the space, if any
_LATIN_AFTER_IDEOGRAPH = re.compile(rf"[A-Za-z0-9](?<=[{_IDEOGRAPH}][A-Za-z0-9])")
_LATIN_AFTER_IDEOGRAPH_SPACE = re.compile(rf"[A-Za-z0-9](?<=[{_IDEOGRAPH}] [A-Za-z0-9])")
_HAS_IDEOGRAPH = re.compile(f"[{_IDEOGRAPH}]")
_ALNUM = re.compile(r"[^\W_]")  # what str.isalnum() accepts: re's \w is exactly isalnum() plus "_"
_NO_SPACE_AFTER = frozenset("-/–([{<@#$")
_NO_SPACE_BEFORE = frozenset(")]},.;:!?%/>")


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True, slots=True)
class Rule:
    """One pattern of ``roles.toml`` and the reason it gives a paragraph."""

    pattern: re.Pattern[str]
    reason: str

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text)


@dataclass(frozen=True, slots=True)
class SegmentRules:
    """The compiled contents of ``roles.toml`` (see that file for what each value means)."""

    caption: tuple[Rule, ...]
    related: tuple[Rule, ...]
    boilerplate: tuple[Rule, ...]
    boilerplate_words: tuple[Rule, ...]
    dateline: tuple[Rule, ...]
    sentence_end: str
    closing: str
    continuing: str
    title_end: str
    wrap_tolerance: int
    wrap_min_width: int
    wrap_min_lines: int
    wrap_min_share: float
    wrap_max_over_share: float
    block_join_min_width: int
    subheading_max_width: int
    headline_max_width: int
    standfirst_max_chars: int
    caption_max_chars: int
    boilerplate_max_chars: int
    boilerplate_words_min: int
    boilerplate_words_max_chars: int
    max_block_lines: int
    cjk_latin_space_share: float
    path: str = ""


#: threshold name -> (type, lowest allowed, highest allowed). A schema, not rules: the values live in roles.toml.
_THRESHOLDS: dict[str, tuple[type, float, float]] = {
    "wrap_tolerance": (int, 0, 40),
    "wrap_min_width": (int, 2, 1000),
    "wrap_min_lines": (int, 2, 1000),
    "wrap_min_share": (float, 0.0, 1.0),
    "wrap_max_over_share": (float, 0.0, 1.0),
    "block_join_min_width": (int, 1, 1000),
    "subheading_max_width": (int, 1, 1000),
    "headline_max_width": (int, 1, 1000),
    "standfirst_max_chars": (int, 1, 100_000),
    "caption_max_chars": (int, 1, 100_000),
    "boilerplate_max_chars": (int, 1, 100_000),
    "boilerplate_words_min": (int, 1, 100),
    "boilerplate_words_max_chars": (int, 1, 100_000),
    "max_block_lines": (int, 1, 100),
    "cjk_latin_space_share": (float, 0.0, 1.0),
}
_PUNCTUATION = ("sentence_end", "closing", "continuing", "title_end")
_RULE_SECTIONS = ("caption", "related", "boilerplate", "boilerplate_words", "dateline")
_SECTIONS = ("thresholds", "punctuation", *_RULE_SECTIONS)


def _key_line(raw: str, section: str, key: str) -> int:
    """1-based line of ``key`` inside ``[section]`` (parsing each line, so escapes in keys are handled); 0 if not found."""
    current = None
    for n, line in enumerate(raw.splitlines(), 1):
        s = line.strip()
        if s.startswith("[") and not s.startswith("[["):
            current = s.strip("[] ")
            if key == section and current == section:
                return n
            continue
        if current != section or "=" not in s or s.startswith("#"):
            continue
        try:
            parsed = tomllib.loads(s)
        except tomllib.TOMLDecodeError:
            continue
        if key in parsed:
            return n
    return 0


def _err(path: Path, raw: str, section: str, key: str, what: str) -> LexiconError:
    n = _key_line(raw, section, key)
    if n:
        return LexiconError(f"{path}:{n}: {what}")
    return fail(path, raw, key, what, section=section if key != section else None)


def _compile_rules(path: Path, raw: str, section: str, table: Any) -> tuple[Rule, ...]:
    if not isinstance(table, dict):
        raise _err(path, raw, section, section, f"[{section}] must be a table of 'pattern' = \"reason\" lines")
    out = []
    for key, reason in table.items():
        if not isinstance(reason, str) or not reason.strip():
            raise _err(path, raw, section, key,
                       f"[{section}] {key!r}: the reason must be a non-empty string, e.g. '{key}' = \"photo credit\"")
        if not key:
            raise _err(path, raw, section, key, f"[{section}]: an empty pattern matches everything; remove it")
        try:
            pattern = re.compile(key)
        except re.error as exc:
            raise _err(path, raw, section, key,
                       f"[{section}] bad regular expression {key!r}: {exc}; fix the pattern "
                       "(write it as a '...' literal string so backslashes stay as typed)") from None
        out.append(Rule(pattern, reason.strip()))
    return tuple(out)


def _parse_rules(path: Path) -> SegmentRules:
    data, raw = read_toml(path)
    for name in data:
        if name not in _SECTIONS:
            raise _err(path, raw, name, name, f"unknown section or key {name!r}; expected one of {', '.join(_SECTIONS)}")
    for name in _SECTIONS:
        if name not in data:
            raise LexiconError(f"{path}: missing section [{name}]; copy it from the shipped roles.toml")
    values: dict[str, Any] = {}
    thresholds = data["thresholds"]
    if not isinstance(thresholds, dict):
        raise _err(path, raw, "thresholds", "thresholds", "[thresholds] must be a table")
    for key, value in thresholds.items():
        if key not in _THRESHOLDS:
            raise _err(path, raw, "thresholds", key,
                       f"[thresholds] unknown key {key!r}; expected one of {', '.join(_THRESHOLDS)}")
        kind, low, high = _THRESHOLDS[key]
        ok_type = isinstance(value, (int, float)) and not isinstance(value, bool)
        if kind is int and (not ok_type or float(value) != int(value)):
            raise _err(path, raw, "thresholds", key, f"[thresholds] {key} must be a whole number, got {value!r}")
        if kind is float and not ok_type:
            raise _err(path, raw, "thresholds", key, f"[thresholds] {key} must be a number, got {value!r}")
        if not low <= value <= high:
            raise _err(path, raw, "thresholds", key, f"[thresholds] {key} = {value!r} is out of range [{low}, {high}]")
        values[key] = kind(value)
    for key in _THRESHOLDS:
        if key not in values:
            raise _err(path, raw, "thresholds", "thresholds", f"[thresholds] is missing {key}; add it (see the shipped roles.toml)")
    punct = data["punctuation"]
    if not isinstance(punct, dict):
        raise _err(path, raw, "punctuation", "punctuation", "[punctuation] must be a table")
    for key, value in punct.items():
        if key not in _PUNCTUATION:
            raise _err(path, raw, "punctuation", key,
                       f"[punctuation] unknown key {key!r}; expected one of {', '.join(_PUNCTUATION)}")
        if not isinstance(value, str):
            raise _err(path, raw, "punctuation", key, f"[punctuation] {key} must be a string of characters, got {value!r}")
        values[key] = value
    for key in _PUNCTUATION:
        if key not in values:
            raise _err(path, raw, "punctuation", "punctuation", f"[punctuation] is missing {key}")
    for name in _RULE_SECTIONS:
        values[name] = _compile_rules(path, raw, name, data[name])
    return SegmentRules(path=str(path), **values)


@functools.lru_cache(maxsize=16)
def _cached_rules(path: str, mtime_ns: int, size: int) -> SegmentRules:
    return _parse_rules(Path(path))


def load_rules(path: str | Path | None = None) -> SegmentRules:
    """Load and compile the segmentation rules (``roles.toml``), once per file version.

    Parameters
    ----------
    path : str or Path, optional
        A ``roles.toml`` file, or a directory holding one. Default: the shipped file.

    Raises
    ------
    LexiconError
        The file is missing or malformed; the message names the file, the line and the fix.

    Examples
    --------
    >>> rules = load_rules()
    >>> any(r.reason.startswith("photo credit") for r in rules.caption)
    True
    """
    p = Path(path) if path is not None else shipped_lexicons_dir() / "roles.toml"
    if p.is_dir():
        p = p / "roles.toml"
    try:
        st = p.stat()
    except OSError:
        raise LexiconError(f"{p}: no such rules file") from None
    return _cached_rules(str(p.resolve()), st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=1)
def _shipped_rules_path() -> str:
    return str((shipped_lexicons_dir() / "roles.toml").resolve())


def _shipped_rules() -> SegmentRules:
    """``load_rules()`` at the cost of one ``stat``.

    Resolving the path on every call took ~60 µs, as much as segmenting a short article. An edited file is
    still reloaded; the path is resolved once per process.
    """
    path = _shipped_rules_path()
    try:
        st = os.stat(path)
    except OSError:
        return load_rules()  # gone: let load_rules say so
    return _cached_rules(path, st.st_mtime_ns, st.st_size)


# --------------------------------------------------------------------------- rule lookups
#
# Every line is checked against some 70 patterns, and most lines match none of them. Most patterns cannot
# match without some particular characters (攝, 圖, 訂 ...), so a rule is searched only when the text holds
# at least one character of each such set: on news text that skips six searches in seven. The sets are read
# off the pattern's parse tree (the ``re`` module's own parser). Anything the reading does not understand
# yields no set, and the rule is always searched, so skipping never changes a result.

try:
    from re import _parser as _sre  # Python 3.11+
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre  # type: ignore[no-redef]

_REPEATS = tuple(getattr(_sre, op) for op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_sre, op))
_MAX_RANGE = 64  # a character class wider than this (\w, [一-龥]) is no help: take no set from it

#: Characters that no character case-folds to or from (ASCII punctuation and digits, CJK punctuation and
#: ideographs, full-width punctuation): under re.IGNORECASE they still match only themselves.
_CASELESS = re.compile(
    r"[\x20-\x40\x5b-\x60\x7b-\x7e\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    r"\uff01-\uff20\uff3b-\uff40\uff5b-\uff65]+"
)


def _needed_in_sequence(items: Any, ignorecase: bool) -> list[frozenset[str]]:
    """Sets of which every match of the sequence ``items`` holds at least one character each."""
    out = []
    for op, av in items:
        one = _needed_in_item(op, av, ignorecase)
        if one is not None:
            out.append(one)
    return out


def _needed_in_item(op: Any, av: Any, ignorecase: bool) -> frozenset[str] | None:
    """A set of which every match of one parsed item holds at least one character; None if none or unknown."""
    chars: frozenset[str] | None = None
    if op is _sre.LITERAL:
        chars = frozenset(chr(av))
    elif op is _sre.IN:
        found: set[str] = set()
        for kind, value in av:
            if kind is _sre.LITERAL:
                found.add(chr(value))
            elif kind is _sre.RANGE and value[1] - value[0] < _MAX_RANGE:
                found.update(map(chr, range(value[0], value[1] + 1)))
            else:  # NEGATE, CATEGORY (\s, \d), a wide range
                return None
        chars = frozenset(found)
    elif op in _REPEATS:
        low, _high, sub = av
        return _smallest(_needed_in_sequence(sub, ignorecase)) if low >= 1 else None
    elif op is _sre.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        inner = bool(add_flags & re.IGNORECASE) or (ignorecase and not del_flags & re.IGNORECASE)
        return _smallest(_needed_in_sequence(sub, inner))
    elif op is _sre.BRANCH:
        union: set[str] = set()
        for alternative in av[1]:
            one = _smallest(_needed_in_sequence(alternative, ignorecase))
            if one is None:
                return None
            union |= one
        return frozenset(union)
    if chars is None:
        return None  # anchors, lookarounds, ANY, NOT_LITERAL, categories, group references: nothing certain
    if ignorecase and not _CASELESS.fullmatch("".join(chars)):
        return None  # a letter matches its other cases too
    return chars


def _smallest(sets: list[frozenset[str]]) -> frozenset[str] | None:
    return min(sets, key=len) if sets else None


def _needed_chars(pattern: re.Pattern[str]) -> tuple[frozenset[str], ...]:
    """Sets a text must hold a character of (one of each) for ``pattern`` to match in it; () when unknown."""
    try:
        tree = _sre.parse(pattern.pattern, pattern.flags)
        sets = _needed_in_sequence(tree, bool(pattern.flags & re.IGNORECASE))
    except Exception:  # pragma: no cover - a parser this code does not know: search always
        return ()
    return tuple(sorted(set(sets), key=lambda one: (len(one), sorted(one))))


@dataclass(frozen=True, slots=True)
class _Matcher:
    """The rules of one section, searched in order, each only when a text holds its needed characters.

    Which rules a text may match is found without a loop over the rules: ``by_char`` maps each character of
    a rule's first needed set to a bit mask of such rules, and a text's candidates are the union of the masks
    of the needed characters it holds (``present``), plus the rules with no needed characters.
    """

    rules: tuple[Rule, ...]
    searches: tuple[Any, ...]  # rule.pattern.search, bound once
    more_needed: tuple[tuple[frozenset[str], ...], ...]  # a rule's needed sets after the first
    by_char: dict[str, int]
    always: int  # bit mask of the rules with no needed characters
    #: present -> candidates: most lines hold one of a few small sets of needed characters
    seen: dict[frozenset[str], tuple[int, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, rules: tuple[Rule, ...]) -> _Matcher:
        by_char: dict[str, int] = {}
        always = 0
        more = []
        for i, rule in enumerate(rules):
            needed = _needed_chars(rule.pattern)
            more.append(needed[1:])
            if not needed:
                always |= 1 << i
            for ch in needed[0] if needed else ():
                by_char[ch] = by_char.get(ch, 0) | 1 << i
        return cls(rules, tuple(rule.pattern.search for rule in rules), tuple(more), by_char, always)

    def needed(self) -> set[str]:
        """Every character some rule needs."""
        return set(self.by_char).union(*(s for sets in self.more_needed for s in sets))

    def candidates(self, present: frozenset[str]) -> tuple[int, ...]:
        """Indices, in file order, of the rules a text holding the needed characters ``present`` may match."""
        hit = self.seen.get(present)
        if hit is not None:
            return hit
        mask = self.always
        for ch in present:
            mask |= self.by_char.get(ch, 0)
        out = []
        while mask:
            low = mask & -mask  # the lowest set bit
            mask ^= low
            i = low.bit_length() - 1
            if all(not s.isdisjoint(present) for s in self.more_needed[i]):
                out.append(i)
        if len(self.seen) >= 4096:
            self.seen.clear()
        found = self.seen[present] = tuple(out)
        return found

    def first(self, text: str, present: frozenset[str]) -> Rule | None:
        """The first rule matching ``text``."""
        for i in self.candidates(present):
            if self.searches[i](text):
                return self.rules[i]
        return None

    def first_match(self, text: str, present: frozenset[str]) -> tuple[Rule, re.Match[str]] | None:
        for i in self.candidates(present):
            m = self.searches[i](text)
            if m:
                return self.rules[i], m
        return None

    def every(self, text: str, present: frozenset[str]) -> tuple[Rule, ...]:
        """Every rule matching ``text``, in order."""
        return tuple(self.rules[i] for i in self.candidates(present) if self.searches[i](text))


@dataclass(frozen=True, slots=True)
class _Matchers:
    caption: _Matcher
    related: _Matcher
    boilerplate: _Matcher
    boilerplate_words: _Matcher
    dateline: _Matcher
    #: finds the characters of a text that some rule of some section needs (one C-level scan)
    needed: re.Pattern[str]

    @classmethod
    def of(cls, rules: SegmentRules) -> _Matchers:
        sections = [_Matcher.of(getattr(rules, name)) for name in _RULE_SECTIONS]
        chars = set().union(*(m.needed() for m in sections))
        needed = re.compile("[" + "".join(map(re.escape, sorted(chars))) + "]" if chars else "(?!)")
        return cls(*sections, needed)

    def present(self, text: str) -> frozenset[str]:
        """The needed characters ``text`` holds (a findall: set(text) would make an object per character)."""
        return frozenset(self.needed.findall(text))


#: id(rules) -> (rules, their matchers); the rules are held so that their id is not reused
_MATCHERS: dict[int, tuple[SegmentRules, _Matchers]] = {}


def _matchers(rules: SegmentRules) -> _Matchers:
    """The matchers of a rule set, built once per rule set (a corpus run uses one)."""
    hit = _MATCHERS.get(id(rules))
    if hit is not None and hit[0] is rules:
        return hit[1]
    built = _Matchers.of(rules)
    if len(_MATCHERS) >= 16:
        _MATCHERS.clear()  # not a pop of the oldest: that can race with another thread's
    _MATCHERS[id(rules)] = (rules, built)
    return built


class _PerText(dict):  # type: ignore[type-arg]
    """text -> ``compute(text)``, computed on first use (a dict's ``__missing__``: a repeat costs one lookup)."""

    __slots__ = ("compute",)

    def __init__(self, compute: Any) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, text: str) -> Any:
        value = self[text] = self.compute(text)
        return value


# --------------------------------------------------------------------------- lines


@dataclass(slots=True)
class _Line:
    no: int  # 0-based line number in the text
    start: int  # offsets of the stripped content
    end: int
    text: str
    gap: int  # blank lines between the previous non-blank line and this one
    indent: bool  # starts with a full-width space, a tab or 2+ spaces
    page_break: bool  # starts with exactly one ASCII space (a PDF page break)
    width: int
    nchar: int
    raw_width: int  # the whole line, surrounding whitespace included
    raw_nchar: int
    lead_space: bool  # the raw line starts with a space
    trail_space: bool  # the raw line ends with a space
    terminal: bool = False
    caption: Rule | None = None
    related: Rule | None = None
    related_bare: bool = False
    boiler: Rule | None = None
    dateline: bool = False


def _split_lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    blank = 0
    for no, raw in enumerate(text.split("\n")):
        start = pos
        pos += len(raw) + 1
        content = raw.strip()
        if not content:
            blank += 1
            continue
        if content is raw:  # nothing stripped (str.strip returns the string itself)
            lead, head, tail = 0, "", ""
        else:
            lead = len(raw) - len(raw.lstrip())
            head, tail = raw[:lead], raw[lead + len(content):]
        s = start + lead
        width = display_width(content)
        out.append(_Line(  # positional: a keyword call costs twice as much
            no, s, s + len(content), content, blank if out else 0,
            "\u3000" in head or "\t" in head or head.count(" ") >= 2,  # indent
            head == " ",  # page_break
            width, len(content),
            width + display_width(head) + display_width(tail) if head or tail else width,  # raw_width
            len(raw), raw[:1] == " ", raw[-1:] == " ",  # raw_nchar, lead_space, trail_space
        ))
        blank = 0
    return out


@dataclass(slots=True)
class _Para:
    group: list[int]
    text: str
    width: int
    moved: bool = False  # part of a block moved after the paragraph it cut
    block: int = -1  # which inserted block (-1: none)
    rejoined: bool = False  # a sentence rejoined around an inserted block
    role: str | None = None
    reason: str = ""
    marker: bool = False  # a bare related-reading marker


# --------------------------------------------------------------------------- the segmenter


class _Segmenter:
    """One article's lines, the reflow mode found in them and the rules; builds groups of lines, then roles."""

    def __init__(self, text: str, rules: SegmentRules, title: str) -> None:
        self.r = rules
        self.m = _matchers(rules)
        # what the rules say about a text, worked out once per text (the role decisions ask again and again)
        self._present = _PerText(self.m.present)
        self._captions = _PerText(self._find_caption)
        self._boilers = _PerText(self._find_boiler)
        self._words = _PerText(self._find_boiler_words)
        self._datelines = _PerText(self._find_dateline)
        # wide sentence-final marks a title never has inside it (。．)
        self._full_stops = "".join(c for c in rules.sentence_end if _is_wide(c) and c not in rules.title_end)
        self.lines = _split_lines(text)
        self.n = len(self.lines)
        for ln in self.lines:
            self._classify_line(ln)
        self.title = title
        self.forced = self._title_lines(title)
        self.space_cjk_latin = self._spacing_style(text)
        self.wrap = False
        self.measure_chars = False
        self.W = 0
        self.T = 0
        self.double_spaced = False
        self.exact = False  # lines were cut at exactly W (a program, not a typesetter, wrapped them)
        self.wrap_gap: int | None = None  # blank lines after a wrapped line, when that differs from after a paragraph
        self.indent_info = False
        self.blank_separated = False
        self._detect_mode()

    # ------------------------------------------------------------------ per line

    def _terminal(self, text: str) -> bool:
        t = text.rstrip(self.r.closing)
        if t[-1:] == "." and t[-2:-1].isdigit():
            return False  # a decimal point cut by the wrap ("下降4." / "6%")
        return bool(t) and t[-1] in self.r.sentence_end

    def _title_like(self, text: str, width: int, limit: int) -> bool:
        if width > limit or not _ALNUM.search(text):
            return False
        if text[-1] in self.r.continuing:
            return False
        t = text.rstrip(self.r.closing)
        if t and t[-1] in self.r.sentence_end and t[-1] not in self.r.title_end:
            return False
        return not any(c in text[:-1] for c in self._full_stops)

    def _find_caption(self, text: str) -> Rule | None:
        if len(text) > self.r.caption_max_chars:
            return None
        return self.m.caption.first(text, self._present[text])

    def _find_boiler(self, text: str) -> Rule | None:
        if len(text) > self.r.boilerplate_max_chars:
            return None
        return self.m.boilerplate.first(text, self._present[text])

    def _find_boiler_words(self, text: str) -> tuple[Rule, ...]:
        if len(text) > self.r.boilerplate_words_max_chars:
            return ()
        hits = self.m.boilerplate_words.every(text, self._present[text])
        return hits if len(hits) >= self.r.boilerplate_words_min else ()

    def _find_dateline(self, text: str) -> Rule | None:
        return self.m.dateline.first(text, self._present[text])

    def _caption_rule(self, text: str) -> Rule | None:
        return self._captions[text]

    def _boiler_rule(self, text: str) -> Rule | None:
        return self._boilers[text]

    def _boiler_words(self, text: str) -> tuple[Rule, ...]:
        return self._words[text]

    def _dateline_rule(self, text: str) -> Rule | None:
        return self._datelines[text]

    def _is_dateline(self, text: str) -> bool:
        return self._datelines[text] is not None

    def _classify_line(self, ln: _Line) -> None:
        # the verdicts are worked out here, not through the memos (a call less each), and remembered for the
        # line's text: a one-line paragraph is asked about again
        text = ln.text
        ln.terminal = self._terminal(text)
        ln.caption = self._captions[text] = self._find_caption(text)
        related = self.m.related.first_match(text, self._present[text])
        if related:
            ln.related = related[0]
            ln.related_bare = not _ALNUM.search(text, related[1].end())
        ln.boiler = self._boilers[text] = self._find_boiler(text)
        dateline = self._datelines[text] = self._find_dateline(text)
        ln.dateline = dateline is not None

    def _rule_line(self, i: int) -> bool:
        ln = self.lines[i]
        return bool(ln.caption or ln.related or ln.boiler)

    # ------------------------------------------------------------------ document-level

    def _title_lines(self, title: str) -> frozenset[int]:
        """Indices of the consecutive early lines that spell ``title`` (whitespace ignored), if any."""
        want = "".join(title.split())
        if not want:
            return frozenset()
        best: tuple[float, int, int] | None = None
        for i in range(min(self.n, 12)):
            acc = ""
            for j in range(i, min(self.n, i + 5)):
                acc += "".join(self.lines[j].text.split())
                if acc == want:
                    return frozenset(range(i, j + 1))
                if want.startswith(acc):
                    cover = len(acc) / len(want)
                    if cover >= 0.6 and (best is None or cover > best[0]):
                        best = (cover, i, j)
                    continue
                if j == i and acc.startswith(want) and len(want) >= 0.6 * len(acc):
                    cover = len(want) / len(acc)
                    if best is None or cover > best[0]:
                        best = (cover, i, j)
                break
        if best is None:
            return frozenset()
        return frozenset(range(best[1], best[2] + 1))

    def _spacing_style(self, text: str) -> bool:
        """Do the places where an ideograph meets a Latin letter or digit mostly have a space (盤古之白)?

        Counted in the whole text at once: a meeting is two non-space characters with at most one " " between
        them, so it never spans a line break nor touches the whitespace stripped off a line.
        """
        before = _LATIN_BEFORE_IDEOGRAPH.findall(text)
        after = len(_LATIN_AFTER_IDEOGRAPH.findall(text))
        after_space = len(_LATIN_AFTER_IDEOGRAPH_SPACE.findall(text))
        total = len(before) + after + after_space
        spaced = before.count(" ") + after_space
        return total >= 3 and spaced / total >= self.r.cjk_latin_space_share

    def _measure(self, i: int) -> int:
        ln = self.lines[i]
        return ln.nchar if self.measure_chars else ln.width

    def _exactly_full(self, i: int) -> bool:
        """The raw line fills the measure exactly (how a program, not a typesetter, cuts lines)."""
        ln = self.lines[i]
        if self.measure_chars:
            return ln.raw_nchar >= self.W
        return ln.raw_width >= self.W - 1  # a wide character that did not fit leaves one column

    def _detect_mode(self) -> None:
        r, n, lines = self.r, self.n, self.lines
        if n >= r.wrap_min_lines:
            best = None
            for chars in (False, True):
                vals = [ln.nchar if chars else ln.width for ln in lines]
                tol = max(1, r.wrap_tolerance // 2) if chars else r.wrap_tolerance
                floor = max(1, r.wrap_min_width // 2) if chars else r.wrap_min_width
                top, count = _densest(vals, tol, floor)
                if not top:
                    continue
                threshold = top - tol
                window = [i for i in range(n) if threshold <= vals[i] <= top]
                over = sum(1 for v in vals if v > top + tol)  # wider than the measure: captions, tables
                running = [i for i in window if i + 1 < n and not lines[i].terminal]
                if (len(window) < r.wrap_min_share * n or over > r.wrap_max_over_share * n
                        or len(running) < 2 or 2 * len(running) < len(window)):
                    continue
                cand = (count, not chars, top, threshold, running)
                if best is None or cand[:2] > best[:2]:
                    best = cand
            if best is not None:
                self.wrap = True
                self.measure_chars = not best[1]
                self.W, self.T = best[2], best[3]
                running = best[4]
                self.double_spaced = sum(lines[i + 1].gap > 0 for i in running) * 2 >= len(running)
                indented = sum(ln.indent for ln in lines)
                self.indent_info = 0 < indented <= 0.6 * n
                # in columns, a line ending in a Latin word is shorter when the next word did not fit: judge by the
                # lines ending in an ideograph; in characters, every cut line of a program's wrap is exactly W
                probe = running if self.measure_chars else [i for i in running if _is_wide(lines[i].text[-1])]
                self.exact = len(probe) >= 2 and sum(map(self._exactly_full, probe)) >= 0.8 * len(probe)
                wrap_gaps = Counter(lines[i + 1].gap for i in running)
                ends = [i for i in range(n - 1) if lines[i].terminal and self._measure(i) < self.T]
                end_gaps = Counter(lines[i + 1].gap for i in ends)
                if wrap_gaps and end_gaps:
                    wg, wc = wrap_gaps.most_common(1)[0]
                    eg, ec = end_gaps.most_common(1)[0]
                    if wg != eg and wc >= 0.8 * len(running) and ec >= 0.6 * len(ends):
                        self.wrap_gap = wg
                return
        ends = sum(1 for i in range(n) if i + 1 == n or lines[i + 1].gap)
        self.blank_separated = n > 0 and ends >= 0.6 * n
        self.indent_info = True

    # ------------------------------------------------------------------ line decisions

    def _full(self, i: int) -> bool:
        """In wrap mode: the line reached the measure (or its last Latin word pushed the next word down)."""
        m = self._measure(i)
        if m >= self.T:
            return True
        if i + 1 < self.n:
            nxt = self.lines[i + 1].text
            gap = 1 if _is_latin(self.lines[i].text[-1]) and _is_latin(nxt[0]) else 0
            size = self._measure_text
            word = _LATIN_WORD.match(nxt)
            if word and m + gap + size(word.group()) >= self.T:
                return True  # a typesetter moved the next Latin word down whole
            parts = nxt.split(maxsplit=1)
            chunk = parts[0]
            whole = len(parts) > 1 or self.lines[i].text[-1] == "-" or (
                self.lines[i + 1].terminal and self.lines[i].width > self.r.subheading_max_width)
            if self.measure_chars and whole and m + gap + size(chunk) > self.W:
                return True  # a program (textwrap) moved the next space-delimited chunk down whole
        return False

    def _measure_text(self, s: str) -> int:
        return len(s) if self.measure_chars else display_width(s)

    def _short_title(self, i: int) -> bool:
        """A title-like line (short, no sentence punctuation) that is not a wrapped full line."""
        ln = self.lines[i]
        if self.wrap and self._measure(i) >= self.T:
            return False
        return self._title_like(ln.text, ln.width, self.r.headline_max_width)

    def _caption_tail(self, i: int) -> bool:
        """A line that can continue a caption: a caption itself, or a short line with no ideograph (a credit)."""
        ln = self.lines[i]
        if ln.caption:
            return True
        return (not _HAS_IDEOGRAPH.search(ln.text) and _ALNUM.search(ln.text) is not None
                and ln.width <= self.r.subheading_max_width and not ln.related)

    def _adjacent(self, i: int, j: int) -> bool:
        nx = self.lines[j]
        return j == i + 1 and not nx.gap and not nx.page_break

    def _continues(self, group: list[int], j: int) -> bool:
        """Does the paragraph made of ``group`` go on into line ``j``? (no inserted-block handling)"""
        i = group[-1]
        L, N = self.lines[i], self.lines[j]
        if i in self.forced or j in self.forced:
            return i in self.forced and j in self.forced
        if self.indent_info and N.indent:
            return False
        if L.related or N.related:
            return False
        if any(self.lines[k].caption for k in group):
            if L.terminal or not self._caption_tail(j):
                return False
            return (self.wrap and self._full(i)) or self._adjacent(i, j)
        if self.wrap:
            return self._wrap_continues(group, i, j)
        if L.terminal:
            return False
        if self.blank_separated and not N.gap:
            return self._block_join(i, j)
        return False

    def _opens_paragraph(self, j: int) -> bool:
        """Line ``j`` is not the rest of a sentence: a caption, boilerplate, a dateline or a short title line."""
        N = self.lines[j]
        return bool(N.caption or N.boiler or N.dateline) or self._short_title(j)

    def _wrap_continues(self, group: list[int], i: int, j: int) -> bool:
        L, N = self.lines[i], self.lines[j]
        if L.terminal:
            # A sentence that ends at the measure ends the paragraph, unless the layout says it is a wrap: the
            # blank lines after it are those after wrapped lines (and not those after paragraphs).
            if self.wrap_gap is None or not self._full(i) or self._opens_paragraph(j):
                return False
            return N.gap == self.wrap_gap
        if self._full(i):
            if N.caption or (N.boiler and not self._group_boiler(group)):
                return False  # an inserted caption or boilerplate line (the block scan may rejoin around it)
            if (len(group) == 1 and ("\u3000" in L.text or N.dateline) and not self._short_title(j)
                    and self._title_like(L.text, L.width, self.r.headline_max_width)):
                return False  # a headline as wide as the measure (a 　 between its parts, or a dateline after it)
            return True
        if (self.wrap_gap is not None and N.gap == self.wrap_gap and L.text[-1] in self.r.continuing
                and not self._opens_paragraph(j)):
            return True
        # double-spaced text: two short lines with no blank line between them are one (a headline wrapped at a
        # narrower measure than the body)
        return (self.double_spaced and self._adjacent(i, j) and not N.caption and not N.boiler and not L.boiler
                and (self._short_title(j) or L.text[-1] in self.r.continuing))

    def _block_join(self, i: int, j: int) -> bool:
        """Not wrapped, blank-line separated: two lines of one block are one paragraph only when clearly so."""
        L, N = self.lines[i], self.lines[j]
        if N.indent or N.dateline or self._rule_line(j) or self._rule_line(i):
            return False
        if L.text[-1] in self.r.continuing:
            return True
        return L.width >= self.r.block_join_min_width and L.width + self.r.wrap_tolerance >= N.width

    def _group_boiler(self, group: list[int]) -> bool:
        if any(self.lines[k].boiler for k in group):
            return True
        return len(group) <= self.r.max_block_lines and bool(self._boiler_words(self._join(group)))

    def _cut(self, group: list[int]) -> bool:
        """The paragraph so far stops mid-sentence (so an inserted block may follow before it goes on)."""
        i = group[-1]
        L = self.lines[i]
        if L.terminal or L.related or any(self.lines[k].caption for k in group) or self._group_boiler(group):
            return False  # a caption or boilerplate paragraph going on is not a cut sentence
        if self.wrap:
            return self._full(i)
        last = L.text[-1]
        if L.width <= self.r.subheading_max_width:
            return False
        return last in self.r.continuing or last.isalnum()

    def _candidate(self, j: int) -> list[int]:
        group = [j]
        while group[-1] + 1 < self.n and len(group) <= self.r.max_block_lines and self._continues(group, group[-1] + 1):
            group.append(group[-1] + 1)
        return group

    def _block_kind(self, group: list[int]) -> str | None:
        """'rule' when the candidate is a caption / boilerplate / related marker, 'title' when a short title line."""
        if len(group) == 1:
            ln = self.lines[group[0]]
            if ln.related or ln.caption or ln.boiler:
                return "rule"
        text = self._join(group)
        if self._caption_rule(text) or self._boiler_rule(text) or self._boiler_words(text):
            return "rule"
        if len(group) == 1 and self._short_title(group[0]) and not self.lines[group[0]].dateline:
            return "title"
        return None

    def _scan_block(self, j: int) -> tuple[list[list[int]], int] | None:
        """From line ``j``: a short block of inserted paragraphs and the line after it that goes on, or None."""
        members: list[list[int]] = []
        size = 0
        has_rule = False
        k = j
        while k < self.n:
            if k in self.forced:
                return None
            group = self._candidate(k)
            kind = self._block_kind(group)
            if kind is None:
                break
            has_rule = has_rule or kind == "rule"
            members.append(group)
            size += len(group)
            if size > self.r.max_block_lines:
                return None
            k = group[-1] + 1
        if not has_rule or k >= self.n or k in self.forced:
            return None
        c = self.lines[k]
        if (self.indent_info and c.indent) or self._rule_line(k) or c.dateline or self._short_title(k):
            return None
        return members, k

    # ------------------------------------------------------------------ grouping

    def _join(self, group: list[int]) -> str:
        out = self.lines[group[0]].text
        for prev, k in zip(group, group[1:]):
            out += self._glue(prev, k) + self.lines[k].text
        return out

    def _glue(self, i: int, j: int) -> str:
        """What goes between line ``i`` and line ``j`` when one paragraph runs from one into the other."""
        L, N = self.lines[i], self.lines[j]
        a, b = L.text[-1], N.text[0]
        if self.exact and self.measure_chars:
            # text cut every W characters: a space at the cut survives as a trailing or leading space, and
            # letters on both sides of a cut at exactly W are one word
            if L.trail_space or N.lead_space:
                return " "
            if _is_latin(a) and _is_latin(b) and L.raw_nchar >= self.W:
                return ""
        if _is_latin(a) and _is_latin(b):
            return "" if a in _NO_SPACE_AFTER or b in _NO_SPACE_BEFORE else " "
        if self.space_cjk_latin and (
            (_HAS_IDEOGRAPH.match(a) and b.isascii() and b.isalnum())
            or (a.isascii() and a.isalnum() and _HAS_IDEOGRAPH.match(b))
        ):
            return " "
        return ""

    def groups(self) -> list[_Para]:
        """Group the lines into paragraphs in reading order (inserted blocks right after the paragraph they cut)."""
        out: list[_Para] = []
        i = 0
        while i < self.n:
            cur, blocks, rejoined = [i], [], False
            i += 1
            while i < self.n:
                block = self._scan_block(i) if self._cut(cur) and i not in self.forced else None
                if block is not None:
                    members, c = block
                    blocks.extend((members[0][0], g) for g in members)
                    cur.append(c)
                    rejoined = True
                    i = c + 1
                elif self._continues(cur, i):
                    cur.append(i)
                    i += 1
                else:
                    break
            out.append(self._para(cur, rejoined=rejoined))
            out.extend(self._para(g, block=b) for b, g in blocks)
        return out

    def _para(self, group: list[int], *, block: int = -1, rejoined: bool = False) -> _Para:
        if len(group) == 1:
            ln = self.lines[group[0]]
            text, width = ln.text, ln.width
        else:
            text = self._join(group)
            # display_width(text) without a second pass over the text: the glue between lines is only spaces
            width = len(text)
            for k in group:
                width += self.lines[k].width - self.lines[k].nchar
        return _Para(list(group), text, width, moved=block >= 0, rejoined=rejoined, block=block)

    # ------------------------------------------------------------------ roles

    def roles(self, paras: list[_Para]) -> None:
        r = self.r

        def title_like(p: _Para, limit: int) -> bool:
            return self._title_like(p.text, p.width, limit) and not self._is_dateline(p.text)

        # 1. rules: related-reading markers, captions, boilerplate
        for p in paras:
            first = self.lines[p.group[0]]
            if len(p.group) == 1 and first.related:
                p.role, p.reason, p.marker = "boilerplate", first.related.reason, first.related_bare
                continue
            rule = self._caption_rule(p.text)
            if rule:
                p.role, p.reason = "caption", rule.reason
                continue
            rule = self._boiler_rule(p.text)
            if rule:
                p.role, p.reason = "boilerplate", rule.reason
                continue
            words = self._boiler_words(p.text)
            if words:
                p.role = "boilerplate"
                p.reason = "boilerplate words: " + ", ".join(w.reason.rsplit(" ", 1)[-1] for w in words)

        # 2. headline (and a standfirst standing before it)
        open_ = [k for k, p in enumerate(paras) if p.role is None and not p.moved]
        head = None
        if self.forced:
            for k in open_:
                if self.forced.issuperset(paras[k].group):
                    head = k
                    paras[k].role, paras[k].reason = "headline", "matches the given title"
                    break
        if head is None and open_:
            k0 = open_[0]
            p0 = paras[k0]
            if title_like(p0, r.headline_max_width):
                head = k0
                p0.role, p0.reason = "headline", "first title-like line"
            elif (not self.title and len(open_) > 1 and open_[1] == k0 + 1
                  and title_like(paras[k0 + 1], r.headline_max_width)
                  and len(p0.text) <= r.standfirst_max_chars and not self._is_dateline(p0.text)
                  and not self._title_like(p0.text, p0.width, r.headline_max_width)
                  and any(not self._title_like(paras[k].text, paras[k].width, r.headline_max_width)
                          for k in open_[2:3])):
                head = k0 + 1
                paras[head].role, paras[head].reason = "headline", "short title line after a summary paragraph"
                p0.role, p0.reason = "standfirst", "summary paragraph before the headline"
        if head is not None and not any(p.role == "standfirst" for p in paras):
            before = [k for k in open_ if k < head and paras[k].role is None]
            if before == [head - 1] and self._summary(paras[head - 1]):
                paras[head - 1].role, paras[head - 1].reason = "standfirst", "summary paragraph before the headline"
            elif head + 1 < len(paras) and paras[head + 1].role is None and not paras[head + 1].moved:
                p = paras[head + 1]
                q = paras[head + 2] if head + 2 < len(paras) else None
                if self._summary(p) and q is not None and (
                    q.role in ("caption", "boilerplate")
                    or title_like(q, r.subheading_max_width)
                    or self._is_dateline(q.text)
                ):
                    after = {"caption": "a caption", "boilerplate": "boilerplate"}.get(q.role or "", "")
                    if not after:
                        after = "a dateline" if self._is_dateline(q.text) else "a title line"
                    p.role, p.reason = "standfirst", f"summary paragraph right after the headline, before {after}"

        # 3. related-reading titles next to a bare marker
        def eligible(k: int, block: int) -> bool:
            return (0 <= k < len(paras) and paras[k].role is None and paras[k].block == block
                    and title_like(paras[k], r.headline_max_width))

        def run(k: int, step: int) -> list[int]:
            got = []
            block = paras[k - step].block  # a marker inside an inserted block takes titles from that block only
            while eligible(k, block):
                got.append(k)
                k += step
            return got

        markers = [k for k, p in enumerate(paras) if p.marker]
        sides = {k: (run(k - 1, -1), run(k + 1, 1)) for k in markers}
        before = sum(1 for b, a in sides.values() if b and not a)
        after = sum(1 for b, a in sides.values() if a and not b)
        prefer_before = before > after
        for k in markers:
            b, a = run(k - 1, -1), run(k + 1, 1)  # recomputed: an earlier marker may have taken some
            take = (b if prefer_before else a) if (a and b) else (b or a)
            where = "before" if take is b and b else "after"
            for t in take:
                paras[t].role = "boilerplate"
                paras[t].reason = f"related-reading title {where} the marker {paras[k].text}"

        # 4. subheadings, trailing link titles, body
        long_ = [k for k, p in enumerate(paras) if p.role is None and not title_like(p, r.headline_max_width)]
        last_body = long_[-1] if long_ else -1
        first_body = long_[0] if long_ else -1
        for k, p in enumerate(paras):
            if p.role is not None:
                continue
            if p.moved and title_like(p, r.headline_max_width):
                p.role, p.reason = "boilerplate", "title-like line in a block inserted mid-sentence"
            elif title_like(p, r.subheading_max_width) and 0 <= k < last_body:
                p.role = "subheading"
                p.reason = ("short line without sentence punctuation before body text" if k < first_body
                            else "short line without sentence punctuation between body paragraphs")
            elif title_like(p, r.headline_max_width) and last_body >= 0 and k > last_body:
                p.role, p.reason = "boilerplate", "title-like line after the last body paragraph (link title)"
            else:
                p.role = "body"
                p.reason = self._body_reason(p, body_follows=k < last_body)

    def _summary(self, p: _Para) -> bool:
        return (len(p.text) <= self.r.standfirst_max_chars and not self._is_dateline(p.text)
                and not self._title_like(p.text, p.width, self.r.headline_max_width))

    def _body_reason(self, p: _Para, *, body_follows: bool) -> str:
        if self._title_like(p.text, p.width, self.r.headline_max_width):
            rule = self._dateline_rule(p.text)
            if rule:
                return f"{rule.reason} (kept with the running text)"
            if body_follows:
                return "title-like line, too wide for a subheading"
            return "short line with no running text after it"
        bits = []
        if p.rejoined:
            bits.append("sentence rejoined around an inserted block")
        if len(p.group) > 1:
            bits.append(f"{len(p.group)} lines rejoined")
        rule = self._dateline_rule(p.text)
        if rule:
            bits.append(f"starts with {rule.reason}")
        return "running text" + (f" ({'; '.join(bits)})" if bits else "")


def _densest(values: list[int], tol: int, floor: int) -> tuple[int, int]:
    """The top ``w`` of the window ``[w - tol, w]`` holding the most values >= ``floor`` (smallest such w), and the count."""
    xs = sorted(v for v in values if v >= floor)
    best_top, best_count = 0, 0
    for k, v in enumerate(xs):
        if k + 1 < len(xs) and xs[k + 1] == v:
            continue
        count = k + 1 - bisect_left(xs, v - tol)
        if count > best_count:
            best_top, best_count = v, count
    return best_top, best_count


def segment(
    text: str,
    *,
    line_offset: int = 0,
    title: str = "",
    rules: SegmentRules | None = None,
) -> tuple[Paragraph, ...]:
    """Split an article's text into paragraphs in reading order, each with a role and where it came from.

    Parameters
    ----------
    text : str
        The article body, decoded, with ``\\n`` newlines.
    line_offset : int
        Lines of the file before ``text`` (front matter), so ``Paragraph.lines`` are 1-based file lines.
    title : str
        The article's title from metadata, if known: the lines spelling it become the headline.
    rules : SegmentRules, optional
        Compiled ``roles.toml``; default: the shipped rules.

    Returns
    -------
    tuple of Paragraph
        ``index`` 0..n-1; ``text`` as a reader sees it (wrapped lines rejoined); ``spans`` the offsets into
        ``text`` of the pieces (stripped lines) it is made of, in order; ``lines`` the first and last file line
        of those pieces; ``role`` and the ``reason`` for it. Every non-whitespace character of ``text`` lies in
        exactly one span of one paragraph.

    Examples
    --------
    >>> text = "這是一段被硬換行的文字，\\n後半段在這裡。\\n\\n（完）"
    >>> [(p.role, p.text, p.lines) for p in segment(text, line_offset=3)]
    [('body', '這是一段被硬換行的文字，後半段在這裡。', (4, 5)), ('boilerplate', '（完）', (7, 7))]
    """
    if not isinstance(text, str):
        raise TypeError(f"segment() needs the article text as str, got {type(text).__name__}")
    if not isinstance(line_offset, int) or line_offset < 0:
        raise ValueError(f"line_offset must be a non-negative int, got {line_offset!r}")
    rules = rules if rules is not None else _shipped_rules()
    seg = _Segmenter(text, rules, title or "")
    paras = seg.groups()
    seg.roles(paras)
    out = []
    for index, p in enumerate(paras):
        pieces = [seg.lines[k] for k in p.group]
        out.append(Paragraph(
            index=index,
            role=p.role or "body",  # type: ignore[arg-type]
            text=p.text,
            lines=(pieces[0].no + 1 + line_offset, pieces[-1].no + 1 + line_offset),
            spans=tuple((ln.start, ln.end) for ln in pieces),
            reason=p.reason,
        ))
    return tuple(out)
