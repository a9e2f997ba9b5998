"""Lexicon tools: list, show, check, import and export (pure functions that return data).

The ``framing lexicon`` commands render what these functions return; a notebook user gets the
same objects. Suggesting new terms from a corpus is :func:`framing.evaluate.suggest_terms`.

* :func:`list_dimensions` and :func:`show_dimension` describe a lexicon directory.
* :func:`check_lexicons` validates a directory and reports problems with ``file:line``, each at
  a level (``error`` makes ``framing lexicon check`` exit 1; ``warning`` and ``info`` do not).
  A malformed file raises :class:`~framing.errors.LexiconError`, as loading does.
* :func:`read_dictionary` reads a LIWC-style ``.dic`` file or a quanteda / cntext-style YAML
  dictionary; :func:`import_dictionary` turns one category into a commented lexicon TOML and
  :func:`write_lexicon` writes it (and loads it back, so a file it writes always loads).
* :func:`export_dimension` writes a dimension as ``.dic`` or ``.yml`` (weights and exclusions
  are not part of those formats: the header comment says so).

Examples
--------
>>> from framing.lexicon_tools import list_dimensions
>>> [d.name for d in list_dimensions()][:2]
['censorship', 'geopolitics']
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError, LexiconError, OutputError, UsageError
from .lexicon import MAX_TOKENS, RESERVED, PhraseSet, load_dimension, load_lexicons, load_tone, tone_words
from .text import add_words, normalize_term, tokenize
from .tomlfile import key_lines, read_toml

#: problem levels, most severe first; only ``error`` makes ``framing lexicon check`` fail
LEVELS = ("error", "warning", "info")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_HEADER = re.compile(r"^\s*\[+\s*([^\]]+?)\s*\]+")
_NOTE = re.compile(r"""=\s*[-+0-9.eE_]+\s*#\s*(.*?)\s*$""")


# --------------------------------------------------------------------------- list and show


@dataclass(frozen=True, slots=True)
class DimensionInfo:
    """One dimension file in brief: what ``framing lexicon list`` shows."""

    name: str
    label: dict[str, str]
    n_terms: int
    color: str
    file: str
    threshold: float
    description: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "label": dict(self.label), "terms": self.n_terms, "color": self.color,
                "file": self.file, "threshold": self.threshold, "description": self.description}


@dataclass(frozen=True, slots=True)
class ShownTerm:
    """A term as the file gives it: written form, analysis key, weight, line, inline comment, exclusions."""

    entry: str
    key: str
    weight: float
    line: int
    note: str = ""
    exclude: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"term": self.entry, "key": self.key, "weight": self.weight, "line": self.line, "note": self.note,
                "exclude": list(self.exclude)}


@dataclass(frozen=True, slots=True)
class TermGroup:
    """The terms under one comment heading of ``[terms]`` (heading "" before the first)."""

    heading: str
    line: int
    terms: tuple[ShownTerm, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"heading": self.heading, "line": self.line, "terms": [t.to_dict() for t in self.terms]}


@dataclass(frozen=True, slots=True)
class DimensionView:
    """What ``framing lexicon show`` shows: the dimension and its terms grouped as in the file."""

    info: DimensionInfo
    groups: tuple[TermGroup, ...]

    def to_dict(self) -> dict[str, Any]:
        return {**self.info.to_dict(), "groups": [g.to_dict() for g in self.groups]}


def _info(lex) -> DimensionInfo:
    return DimensionInfo(lex.name, dict(lex.label), len(lex.terms), lex.color, lex.path, lex.threshold,
                         lex.description)


def list_dimensions(directory: str | Path | None = None) -> tuple[DimensionInfo, ...]:
    """The dimensions of a lexicon directory (default: the shipped one), in file-name order.

    >>> d = list_dimensions()[0]
    >>> d.name, d.label["en"], d.n_terms > 100
    ('censorship', 'Censorship', True)
    """
    return tuple(_info(lex) for lex in load_lexicons(directory).lexicons.values())


def _groups_of(raw: str) -> list[tuple[str, int]]:
    """(heading, line) of each run of full-line comments inside ``[terms]``."""
    out: list[tuple[str, int]] = []
    section = ""
    in_comment = False
    for i, line in enumerate(raw.splitlines(), 1):
        s = line.strip()
        h = _HEADER.match(line)
        if h and not s.startswith("#"):
            section = h.group(1).strip().strip('"')
            in_comment = False
            continue
        if section != "terms":
            continue
        if s.startswith("#"):
            if not in_comment:
                out.append((s.lstrip("#").strip().strip("-").strip(), i))
            in_comment = True
        else:
            in_comment = False
    return out


def show_dimension(name: str, directory: str | Path | None = None) -> DimensionView:
    """One dimension's terms with weights, inline comments and exclusions, grouped as in the file.

    Terms written twice in different scripts appear once (as loading keeps the first).

    >>> v = show_dimension("markets")
    >>> v.groups[0].heading, v.groups[0].terms[0].entry
    ('stocks and exchanges', '股價')
    """
    lex = load_lexicons(directory)[name]
    data, raw = read_toml(lex.path)
    lines = raw.splitlines()
    written: dict[str, list[str]] = defaultdict(list)
    for entry, longer in (data.get("exclude") or {}).items():
        written[normalize_term(entry)].extend(longer)
    heads = _groups_of(raw)
    buckets: dict[int, list[ShownTerm]] = defaultdict(list)
    for t in sorted(lex.terms.values(), key=lambda t: t.line):
        m = _NOTE.search(lines[t.line - 1]) if 0 < t.line <= len(lines) else None
        shown = ShownTerm(t.entry, t.key, t.weight, t.line, m.group(1) if m else "", tuple(written.get(t.key, ())))
        g = max((k for k, (_, ln) in enumerate(heads) if ln < t.line), default=-1)
        buckets[g].append(shown)
    groups = []
    for g in sorted(buckets):
        heading, line = heads[g] if g >= 0 else ("", 0)
        groups.append(TermGroup(heading, line, tuple(buckets[g])))
    return DimensionView(_info(lex), tuple(groups))


# --------------------------------------------------------------------------- check


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding of :func:`check_lexicons`, at a file and line."""

    file: str
    line: int
    level: str  # error | warning | info
    code: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "level": self.level, "code": self.code, "message": self.message}


def base_cut(key: str) -> tuple[str, ...]:
    """How jieba's own dictionary cuts a term's analysis form (see :func:`framing.text.base_cut`)."""
    from .text import base_cut as cut

    return cut(key)


@dataclass(frozen=True, slots=True)
class _Entry:
    entry: str
    key: str
    line: int
    section: str


def _table_entries(raw: str, table: Any, section: str) -> list[_Entry]:
    lines = key_lines(raw)
    if not isinstance(table, dict):
        return []
    return [_Entry(e, normalize_term(e), lines.get((section, e), 0), section) for e in table]


def _list_entries(raw: str, data: dict, section: str) -> list[_Entry]:
    """Entries of a word-list section (``[negators] terms = [...]``), with the line of each word."""
    table = data.get(section, {})
    words = table.get("terms", []) if isinstance(table, dict) else table
    if not isinstance(words, list):
        return []
    where: dict[str, int] = {}
    current = ""
    for i, line in enumerate(raw.splitlines(), 1):
        h = _HEADER.match(line)
        if h and not line.strip().startswith("#"):
            current = h.group(1).strip().strip('"')
            continue
        if current != section:
            continue
        code = line.split("#", 1)[0]
        for m in re.finditer(r'"((?:[^"\\]|\\.)*)"|\'([^\']*)\'', code):
            w = m.group(1) if m.group(1) is not None else m.group(2)
            where.setdefault(w, i)
    return [_Entry(w, normalize_term(w), where.get(w, 0), section) for w in words if isinstance(w, str)]


def _duplicates(path: str, entries: Sequence[_Entry], what: str) -> list[Problem]:
    first: dict[str, _Entry] = {}
    out = []
    for e in entries:
        prev = first.setdefault(e.key, e)
        if prev is not e:
            out.append(Problem(path, e.line, "error", "duplicate-term",
                               f"{e.entry!r} in [{e.section}] is the same {what} as {prev.entry!r} (line {prev.line}) "
                               f"once converted to the analysis form {e.key!r}; keep one"))
    return out


def _exclusion_problems(path: str, raw: str, data: dict) -> list[Problem]:
    table = data.get("exclude") or {}
    if not isinstance(table, dict):
        return []
    lines = key_lines(raw)
    out = []
    seen_keys: dict[str, str] = {}
    for entry, longer in table.items():
        line = lines.get(("exclude", entry), 0)
        key = normalize_term(entry)
        if key in seen_keys:
            out.append(Problem(path, line, "warning", "duplicate-exclusion",
                               f"[exclude] lists {entry!r} and {seen_keys[key]!r}, one term in two scripts; "
                               f"their lists are merged: write them under one entry"))
        seen_keys.setdefault(key, entry)
        seen: dict[str, str] = {}
        for s in longer if isinstance(longer, list) else ():
            ns = normalize_term(s)
            if ns == key:
                out.append(Problem(path, line, "error", "exclusion-is-term",
                                   f"exclusion {s!r} of {entry!r} is the term itself, so the term never counts; "
                                   f"remove the exclusion (or the term)"))
            elif ns in seen:
                out.append(Problem(path, line, "warning", "duplicate-exclusion",
                                   f"exclusion {s!r} of {entry!r} repeats {seen[ns]!r}; remove one"))
            seen.setdefault(ns, s)
    return out


def _match_problems(path: str, entries: Iterable[_Entry]) -> list[Problem]:
    """A term that cannot match even with the lexicon words added (error); one jieba would cut (info)."""
    out = []
    for e in entries:
        tokens = tokenize(e.key)
        found = PhraseSet(frozenset({e.key})).find(tokens)
        if not (len(found) == 1 and found[0][:2] == (0, len(tokens))):
            pieces = " / ".join(t.norm for t in tokens)
            why = f"more than {MAX_TOKENS} tokens" if len(tokens) > MAX_TOKENS else "tokens that do not join into it"
            out.append(Problem(path, e.line, "error", "never-matches",
                               f"{e.entry!r} is cut into {pieces} ({why}), so it never matches; shorten or split it"))
            continue
        if len(e.key) > 1 and not e.key.isascii() and " " not in e.key:
            cut = base_cut(e.key)
            if len(cut) > 1:
                out.append(Problem(path, e.line, "info", "split-by-jieba",
                                   f"jieba's own dictionary cuts {e.entry!r} into {' / '.join(cut)}; it matches "
                                   f"because framing adds lexicon terms to its tokenizer"))
    return out


def check_lexicons(directory: str | Path | None = None) -> tuple[Problem, ...]:
    """Validate a lexicon directory (default: the shipped one) and report what is wrong or doubtful.

    Every dimension file and the ``tone.toml`` in effect are loaded first: a malformed file (bad
    TOML, a weight out of range, an exclusion that does not contain its term ...) raises
    :class:`~framing.errors.LexiconError` with its file and line. Then each problem is reported:

    ``error``
        ``duplicate-term``: a term given twice in one section, also across scripts or case
        (股價 / 股价: loading accepts equal weights and keeps the first, check reports it);
        ``exclusion-is-term``: an exclusion equal to its term (the term never counts);
        ``never-matches``: a term that tokenises into more than four tokens (or tokens that do
        not join back into it), so it can never match.
    ``warning``
        ``cross-dimension``: a term in two dimension files (sometimes intended: the files say so
        in comments); ``tone-negator``: a tone word, intensifier or diminisher that is also a
        negator; ``duplicate-exclusion``: an exclusion listed twice.
    ``info``
        ``split-by-jieba``: a term jieba's own dictionary cuts in pieces; it matches only because
        framing adds the lexicon terms to its tokenizer.

    Returns the problems sorted by file, line, level and code.

    >>> [p.code for p in check_lexicons() if p.level == "error"]  # the shipped lexicons
    []
    """
    lexset = load_lexicons(directory)
    tone = load_tone(directory)
    add_words(lexset.words() | tone_words(tone))
    problems: list[Problem] = []
    owners: dict[str, list[tuple[str, _Entry]]] = defaultdict(list)
    for lex in lexset.lexicons.values():
        data, raw = read_toml(lex.path)
        entries = _table_entries(raw, data.get("terms"), "terms")
        problems += _duplicates(lex.path, entries, "term")
        problems += _exclusion_problems(lex.path, raw, data)
        kept = {e.key: e for e in reversed(entries)}  # first of each key
        problems += _match_problems(lex.path, sorted(kept.values(), key=lambda e: e.line))
        for e in sorted(kept.values(), key=lambda e: e.line):
            owners[e.key].append((lex.path, e))
    for key, where in owners.items():
        first_path, first = where[0]
        for path, e in where[1:]:
            problems.append(Problem(path, e.line, "warning", "cross-dimension",
                                    f"{e.entry!r} is also a term of {Path(first_path).stem} "
                                    f"({Path(first_path).name}:{first.line}); a hit counts for both dimensions"))
    tone_path = tone.path
    data, raw = read_toml(tone_path)
    tables = {s: _table_entries(raw, data.get(s, {}), s) for s in ("positive", "negative", "intensifiers", "diminishers")}
    lists = {s: _list_entries(raw, data, s) for s in ("negators", "contrast", "frame_rejection")}
    for s, entries in (*tables.items(), *lists.items()):
        problems += _duplicates(tone_path, entries, "word")
    problems += _exclusion_problems(tone_path, raw, data)
    seen: dict[str, _Entry] = {}
    for entries in (*tables.values(), *lists.values()):
        for e in entries:
            seen.setdefault(e.key, e)
    problems += _match_problems(tone_path, sorted(seen.values(), key=lambda e: e.line))
    negators = {e.key for e in lists["negators"]}
    for s, entries in tables.items():
        kind = {"positive": "positive word", "negative": "negative word", "intensifiers": "intensifier",
                "diminishers": "diminisher"}[s]
        for e in entries:
            if e.key in negators:
                problems.append(Problem(tone_path, e.line, "warning", "tone-negator",
                                        f"{e.entry!r} is a {kind} and also a negator: it scores and flips the "
                                        f"tone word after it; keep it in one list"))
    order = {lv: i for i, lv in enumerate(LEVELS)}
    problems.sort(key=lambda p: (p.file, p.line, order[p.level], p.code, p.message))
    return tuple(problems)


def count_levels(problems: Iterable[Problem]) -> dict[str, int]:
    """How many problems of each level (every level present, zeros included)."""
    out = dict.fromkeys(LEVELS, 0)
    for p in problems:
        out[p.level] += 1
    return out


# --------------------------------------------------------------------------- foreign dictionaries


@dataclass(frozen=True, slots=True)
class Dictionary:
    """A dictionary read from another tool's format: categories of words, in file order."""

    path: str
    format: str  # "LIWC .dic" | "YAML"
    categories: dict[str, tuple[str, ...]]
    meta: dict[str, str] = field(default_factory=dict)


def _read_text(path: str | Path) -> str:
    from .io import decode

    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if not p.is_file():
        raise InputError(f"{p}: not a file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})") from None
    return decode(data, path=str(p))[0]


def read_dictionary(path: str | Path) -> Dictionary:
    """Read a LIWC ``.dic`` or a YAML (``.yml``/``.yaml``) dictionary, by extension.

    Raises :class:`InputError` for a missing file or another extension and
    :class:`LexiconError` (with file and line) for a malformed one.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in (".dic", ".yml", ".yaml"):
        raise InputError(f"{p}: cannot tell the dictionary format from {suffix or 'no extension'!r}; "
                         f"name it .dic (LIWC) or .yml / .yaml (quanteda, cntext)")
    text = _read_text(p)
    if suffix == ".dic":
        return Dictionary(str(p), "LIWC .dic", parse_dic(text, str(p)))
    data = parse_yaml(text, str(p))
    meta = {}
    if isinstance(data, dict) and isinstance(data.get("Dictionary"), dict):  # cntext: Name, Desc, Refer, Dictionary
        meta = {k: v for k, v in data.items() if k in ("Name", "Desc", "Refer") and isinstance(v, str)}
    return Dictionary(str(p), "YAML", yaml_categories(data, str(p)), meta)


def parse_dic(text: str, path: str = "<dic>") -> dict[str, tuple[str, ...]]:
    """Categories of a LIWC-style dictionary: ``%``, ``id<TAB>name`` lines, ``%``, ``word<TAB>id id ...``.

    Lines before the first ``%`` are ignored (as quanteda does; ``export`` writes a comment
    there). A word line splits on tabs when it has any (so a word may hold spaces), else on
    whitespace.

    >>> parse_dic("%\\n1\\tpos\\n2\\tneg\\n%\\ngood\\t1\\nbad*\\t2\\n")
    {'pos': ('good',), 'neg': ('bad*',)}
    """
    lines = text.splitlines()
    marks = [i for i, line in enumerate(lines) if line.strip() == "%"]
    if not marks:
        raise LexiconError(f"{path}:1: not a LIWC dictionary: no '%' line opens the category list "
                           f"(expected '%', then 'number<TAB>name' lines, then '%', then 'word<TAB>numbers')")
    if len(marks) < 2:
        raise LexiconError(f"{path}:{marks[0] + 1}: the category list opened here is never closed by a second '%' line")
    names: dict[str, str] = {}
    for i in range(marks[0] + 1, marks[1]):
        s = lines[i].strip()
        if not s:
            continue
        parts = [x.strip() for x in s.split("\t") if x.strip()] if "\t" in s else s.split()
        if len(parts) < 2:
            raise LexiconError(f"{path}:{i + 1}: expected 'number<TAB>category name' in the category list, got {s!r}")
        cid, name = parts[0], parts[1]
        if cid in names:
            raise LexiconError(f"{path}:{i + 1}: category number {cid!r} is given twice; renumber one")
        if name in names.values():
            raise LexiconError(f"{path}:{i + 1}: category name {name!r} is given twice; rename one")
        names[cid] = name
    if not names:
        raise LexiconError(f"{path}:{marks[0] + 1}: the category list is empty")
    cats: dict[str, list[str]] = {n: [] for n in names.values()}
    for i in range(marks[1] + 1, len(lines)):
        s = lines[i].strip()
        if not s:
            continue
        if s == "%":
            raise LexiconError(f"{path}:{i + 1}: a third '%' line; a .dic has one category list")
        parts = s.split("\t") if "\t" in s else s.split()
        word, ids = parts[0].strip(), " ".join(parts[1:]).split()
        if not ids:
            raise LexiconError(f"{path}:{i + 1}: {word!r} has no category numbers (expected 'word<TAB>1 2 ...')")
        for cid in ids:
            if cid not in names:
                raise LexiconError(f"{path}:{i + 1}: category {cid!r} of {word!r} is not in the category list "
                                   f"(lines {marks[0] + 1}-{marks[1] + 1}); known: {', '.join(names)}")
            if word not in cats[names[cid]]:
                cats[names[cid]].append(word)
    return {k: tuple(v) for k, v in cats.items()}


# --------------------------------------------------------------------------- a small YAML reader

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", '"': '"', "\\": "\\", "/": "/", " ": " ", "a": "\a",
            "b": "\b", "e": "\x1b", "f": "\f", "v": "\v", "N": "\x85", "_": "\xa0"}


class _Yaml:
    """Block mappings and sequences of scalars, flow sequences, quoted and plain scalars, comments.

    The subset dictionaries are written in (quanteda's ``as.yaml``, cntext's files). Anchors,
    aliases, tags, block scalars (``|``, ``>``) and mappings inside lists are refused with the
    line. Every scalar is read as a string.
    """

    def __init__(self, text: str, path: str):
        self.lines = text.splitlines()
        self.path = path
        self.i = 0

    def fail(self, i: int, what: str) -> LexiconError:
        return LexiconError(f"{self.path}:{i + 1}: YAML: {what}")

    def skip(self) -> None:
        while self.i < len(self.lines):
            line = self.lines[self.i]
            s = line.strip()
            top = line[:1] not in (" ", "\t")
            if not s or s.startswith("#") or (top and (s in ("---", "...") or s.startswith("%"))):
                self.i += 1
                continue
            break

    def indent(self, i: int) -> int:
        line = self.lines[i]
        n = len(line) - len(line.lstrip(" "))
        if line[n : n + 1] == "\t":
            raise self.fail(i, "a tab in the indentation; indent with spaces")
        return n

    def is_item(self, i: int, ind: int) -> bool:
        rest = self.lines[i][ind:]
        return rest.startswith("- ") or rest.rstrip() == "-"

    def parse(self) -> Any:
        self.skip()
        if self.i >= len(self.lines):
            return None
        value = self.block(self.indent(self.i))
        self.skip()
        if self.i < len(self.lines):
            raise self.fail(self.i, "unexpected indentation")
        return value

    def block(self, ind: int) -> Any:
        return self.seq(ind) if self.is_item(self.i, ind) else self.mapping(ind)

    def seq(self, ind: int) -> list:
        out: list = []
        while True:
            self.skip()
            if self.i >= len(self.lines):
                return out
            cur = self.indent(self.i)
            if cur > ind:
                raise self.fail(self.i, "unexpected indentation inside a list")
            if cur < ind or not self.is_item(self.i, ind):
                return out
            line = self.lines[self.i]
            pos = ind + 1
            while pos < len(line) and line[pos] == " ":
                pos += 1
            rest = _strip_comment(line[pos:])
            if not rest:
                raise self.fail(self.i, "an empty list item; write the word after '- '")
            if rest.startswith("- ") or rest == "-" or _key_colon(rest) is not None and rest[:1] not in "\"'[":
                raise self.fail(self.i, "a list or mapping inside a list item is not supported; "
                                        "a dictionary maps each category to a list of words")
            out.append(self.value(pos, ind))

    def mapping(self, ind: int) -> dict:
        out: dict = {}
        while True:
            self.skip()
            if self.i >= len(self.lines):
                return out
            cur = self.indent(self.i)
            if cur < ind:
                return out
            if cur > ind:
                raise self.fail(self.i, "unexpected indentation")
            if self.is_item(self.i, ind):
                raise self.fail(self.i, "a list item where a 'key:' was expected")
            key, pos = self.key(self.i, ind)
            if key in out:
                raise self.fail(self.i, f"key {key!r} is given twice")
            line = self.lines[self.i]
            if _strip_comment(line[pos:]):
                out[key] = self.value(pos, ind)
                continue
            self.i += 1
            self.skip()
            value = None
            if self.i < len(self.lines):
                nxt = self.indent(self.i)
                if nxt > ind:
                    value = self.block(nxt)
                elif nxt == ind and self.is_item(self.i, ind):
                    value = self.seq(ind)  # a list at the key's own indentation ("Category:\n- a")
            out[key] = value

    def key(self, i: int, ind: int) -> tuple[str, int]:
        line = self.lines[i]
        rest = line[ind:]
        if rest[:1] in ("'", '"'):
            key, end = _quoted(rest, 0, lambda: None)
            if key is None:
                raise self.fail(i, "a key's quote is not closed on its line")
            after = rest[end:].lstrip()
            if not after.startswith(":") or after[1:2] not in ("", " ", "\t"):
                raise self.fail(i, "expected ':' after the quoted key")
            return key, ind + len(rest) - len(after) + 1
        if rest[:1] in ("?", "&", "*", "!", "{", "["):
            raise self.fail(i, f"keys starting with {rest[0]!r} are not supported; write 'category:'")
        k = _key_colon(rest)
        if k is None:
            raise self.fail(i, f"expected 'key:' (a category name and a colon), got {rest.strip()!r}")
        key = rest[:k].strip()
        if " #" in key:
            raise self.fail(i, f"expected 'key:' (a category name and a colon), got {rest.strip()!r}")
        return key, ind + k + 1

    def value(self, pos: int, parent: int) -> Any:
        """The value starting at column ``pos`` of line ``self.i``; moves past it (maybe several lines)."""
        line = self.lines[self.i]
        while pos < len(line) and line[pos] == " ":
            pos += 1
        c = line[pos : pos + 1]
        start = self.i
        if c in ("'", '"'):
            value, end = _quoted(line, pos, self.next_line)
            if value is None:
                raise self.fail(start, "a quoted string is never closed")
            tail = _strip_comment(self.lines[self.i][end:])
            if tail:
                raise self.fail(self.i, f"text after the closing quote: {tail!r}")
            self.i += 1
            return value
        if c == "[":
            return self.flow(pos, start)
        if c == "{":
            if _strip_comment(line[pos:]) == "{}":
                self.i += 1
                return {}
            raise self.fail(start, "flow mappings ({...}) are not supported; write 'key:' lines")
        if c in ("|", ">"):
            raise self.fail(start, "block scalars (| and >) are not supported; write the word on the line")
        if c in ("&", "*", "!", "@", "`", "%"):
            raise self.fail(start, f"a value starting with {c!r} (anchor, alias, tag or reserved); "
                                   f"quote it, e.g. \"{_strip_comment(line[pos:])}\"")
        parts = [_strip_comment(line[pos:])]
        self.i += 1
        while self.i < len(self.lines):  # a plain scalar folded over more-indented lines
            nxt = self.lines[self.i]
            s = nxt.strip()
            if not s or s.startswith("#") or self.indent(self.i) <= parent:
                break
            parts.append(_strip_comment(s))
            self.i += 1
        return " ".join(parts)

    def next_line(self) -> str | None:
        if self.i + 1 >= len(self.lines):
            return None
        self.i += 1
        return self.lines[self.i]

    def flow(self, pos: int, start: int) -> list:
        items: list = []
        buf = ""
        line = self.lines[self.i]
        j = pos + 1
        quoted_item = False
        while True:
            if j >= len(line):
                nxt = self.next_line()
                if nxt is None:
                    raise self.fail(start, "a '[' list is never closed by ']'")
                line, j = nxt, 0
                buf += " "
                continue
            c = line[j]
            if c in ("'", '"') and not buf.strip():
                value, end = _quoted(line, j, self.next_line)
                if value is None:
                    raise self.fail(start, "a quoted string is never closed")
                line = self.lines[self.i]
                buf, j, quoted_item = value, end, True
                continue
            if c == "#" and (j == 0 or line[j - 1] in " \t"):
                j = len(line)
                continue
            if c in "[{":
                raise self.fail(self.i, "nested lists or mappings inside [...] are not supported")
            if c in ",]":
                item = buf if quoted_item else buf.strip()
                if quoted_item or item:
                    items.append(item)
                buf, quoted_item = "", False
                j += 1
                if c == "]":
                    tail = _strip_comment(line[j:])
                    if tail:
                        raise self.fail(self.i, f"text after ']': {tail!r}")
                    self.i += 1
                    return items
                continue
            if quoted_item and not c.isspace():
                raise self.fail(self.i, "text after a quoted item; separate items with commas")
            if not quoted_item:
                buf += c
            j += 1


def _key_colon(s: str) -> int | None:
    """Index of the ':' that ends a plain key (followed by a space or the end of the line)."""
    for m in re.finditer(":", s):
        if m.end() == len(s) or s[m.end()] in " \t":
            return m.start()
    return None


def _strip_comment(s: str) -> str:
    """A plain line's text without a trailing ``# comment`` (a '#' after a space or at the start)."""
    m = re.search(r"(^|[ \t])#", s)
    return (s[: m.start()] if m else s).strip()


def _quoted(line: str, pos: int, more) -> tuple[str | None, int]:
    """A quoted scalar starting at ``line[pos]``; ``more()`` gives the next line or None. (value, end column)."""
    q = line[pos]
    out: list[str] = []
    j = pos + 1
    while True:
        if j >= len(line):
            nxt = more()
            if nxt is None:
                return None, j
            line, j = nxt, 0
            while j < len(line) and line[j] in " \t":
                j += 1
            if out and out[-1] != " ":
                out.append(" ")
            continue
        c = line[j]
        if q == "'":
            if c == "'":
                if line[j + 1 : j + 2] == "'":
                    out.append("'")
                    j += 2
                    continue
                return "".join(out), j + 1
            out.append(c)
            j += 1
            continue
        if c == '"':
            return "".join(out), j + 1
        if c == "\\" and j + 1 < len(line):
            e = line[j + 1]
            if e in ("x", "u", "U"):
                n = {"x": 2, "u": 4, "U": 8}[e]
                try:
                    out.append(chr(int(line[j + 2 : j + 2 + n], 16)))
                except ValueError:
                    out.append(line[j : j + 2 + n])
                j += 2 + n
                continue
            out.append(_ESCAPES.get(e, "\\" + e))
            j += 2
            continue
        out.append(c)
        j += 1


def parse_yaml(text: str, path: str = "<yaml>") -> Any:
    """Parse the YAML subset dictionaries are written in (see :class:`_Yaml`); errors name file and line.

    >>> parse_yaml("pos:\\n  - good  # a comment\\n  - 'it''s'\\nneg: [bad, \\"worse\\"]\\n")
    {'pos': ['good', "it's"], 'neg': ['bad', 'worse']}
    """
    return _Yaml(text, path).parse()


def yaml_categories(data: Any, path: str = "<yaml>") -> dict[str, tuple[str, ...]]:
    """Categories of a parsed YAML dictionary: ``category: [words]``, nested levels joined with '.'.

    A cntext file (``Name``, ``Desc``, ``Refer``, ``Category``, ``Dictionary``) contributes its
    ``Dictionary`` mapping.

    >>> yaml_categories({"economy": {"prices": ["inflation"]}, "fear": ["panic"]})
    {'economy.prices': ('inflation',), 'fear': ('panic',)}
    """
    if isinstance(data, dict) and isinstance(data.get("Dictionary"), dict):
        data = data["Dictionary"]
    if not isinstance(data, dict) or not data:
        raise LexiconError(f"{path}:1: not a dictionary: expected 'category:' keys, each with a list of words")
    out: dict[str, tuple[str, ...]] = {}

    def walk(prefix: str, node: dict) -> None:
        for k, v in node.items():
            name = f"{prefix}.{k}" if prefix else str(k)
            if isinstance(v, dict):
                walk(name, v)
            elif isinstance(v, list):
                bad = [x for x in v if not isinstance(x, str)]
                if bad:
                    raise LexiconError(f"{path}: category {name!r} holds {bad[0]!r}, not a word; "
                                       f"a category is a list of words")
                out[name] = tuple(dict.fromkeys(v))
            elif isinstance(v, str):
                out[name] = (v,)
            elif v is None:
                out[name] = ()
            else:
                raise LexiconError(f"{path}: category {name!r} maps to {v!r}, not a list of words")

    walk("", data)
    return out


# --------------------------------------------------------------------------- import


@dataclass(frozen=True, slots=True)
class Imported:
    """One category turned into a lexicon: the TOML text and what was approximated on the way."""

    name: str
    category: str
    source: str
    terms: tuple[str, ...]
    #: (as in the source, as written here): wildcard patterns cut to their stem, multi-word CJK joined
    approximated: tuple[tuple[str, str], ...]
    #: (as in the source, the earlier entry it duplicates once converted to the analysis form)
    merged: tuple[tuple[str, str], ...]
    #: entries with no letters or digits
    skipped: tuple[str, ...]
    toml: str


def _toml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def _comment(s: str) -> str:
    return " ".join(str(s).split())


def import_dictionary(path: str | Path, name: str, *, category: str | None = None, weight: float = 1.0) -> Imported:
    """Turn one category of a ``.dic`` / YAML dictionary into a commented lexicon TOML named ``name``.

    A wildcard pattern (``word*``) matches every word starting with ``word`` in LIWC and
    quanteda; framing matches whole tokens, so it is written as ``word`` and listed as
    approximated. Entries that are one term in the analysis form (股價 / 股价) are merged.

    Raises :class:`UsageError` for a bad ``name`` or ``weight``, or a ``category`` the file does
    not have (the message lists them), also when ``category`` is omitted and there are several.
    """
    if not _NAME.match(name) or name in RESERVED:
        raise UsageError(f"dimension name {name!r} must be lower-case letters, digits and _ "
                         f"(and not one of {', '.join(sorted(RESERVED))})")
    if isinstance(weight, bool) or not 0 < weight <= 2:
        raise UsageError(f"--weight {weight} is out of range (0, 2]; 1.0 = a clear marker, 0.5 = supporting")
    d = read_dictionary(path)
    names = list(d.categories)
    if category is None:
        if len(names) != 1:
            raise UsageError(f"{d.path} has {len(names)} categories; pick one with --category: {', '.join(names)}")
        category = names[0]
    if category not in d.categories:
        raise UsageError(f"{d.path} has no category {category!r}; categories: {', '.join(names)}")
    keys: dict[str, str] = {}
    approx: list[tuple[str, str]] = []
    merged: list[tuple[str, str]] = []
    skipped: list[str] = []
    rows: list[tuple[str, str]] = []  # (entry, comment)
    for word in d.categories[category]:
        entry = word.strip()
        note = ""
        if "*" in entry or "?" in entry:
            entry = entry.replace("*", "").replace("?", "").strip()
            note = f"from {word} (wildcard, approximated: whole word only)"
        if " " in entry and not entry.isascii():
            entry = "".join(entry.split())
            note = note or f"from {word} (multi-word pattern joined)"
        key = normalize_term(entry)
        if not entry or not any(ch.isalnum() for ch in key):
            skipped.append(word)
            continue
        if key in keys:
            merged.append((word, keys[key]))
            continue
        keys[key] = entry
        if note:
            approx.append((word, entry))
        rows.append((entry, note))
    if not rows:
        raise LexiconError(f"{d.path}: category {category!r} has no words to import")
    source = Path(d.path).name
    head = [f"# {name}: imported from {source} ({d.format}), category {category!r}, by `framing lexicon import`.", "#"]
    if d.meta:
        head += [f"# Source: {_comment(d.meta[k])}" for k in ("Name", "Desc", "Refer") if k in d.meta] + ["#"]
    head += [
        f"# The source format has no weights: every term weighs {float(weight)!r} (--weight). Review each term before use:",
        "# 1.0 = a clear marker of the frame on its own, 0.5 = supporting, up to 2.0; add [exclude] entries for",
        "# senses that misfire, and run `framing lexicon check`.",
    ]
    if approx:
        head += ["#", f"# Approximated ({len(approx)}): the source's wildcard patterns (word*) match every word that "
                      "starts with the stem;", "# framing matches whole tokens, so each is written as its stem and "
                      "matches that word only:"]
        head += [f"#   {_comment(a)} -> {_comment(b)}" for a, b in approx]
    if merged:
        head += ["#", f"# Merged ({len(merged)}): the same term as an earlier entry once converted to Simplified "
                      "(a term matches in both scripts):"]
        head += [f"#   {_comment(a)} = {_comment(b)}" for a, b in merged]
    if skipped:
        head += ["#", f"# Skipped ({len(skipped)}): entries with no letters or digits: "
                      + ", ".join(_comment(s) for s in skipped)]
    body = [
        "",
        f"name = {_toml_str(name)}",
        f"label = {{ en = {_toml_str(name.replace('_', ' ').capitalize())} }}",
        f"description = {_toml_str(f'Imported from {source}, category {category}.')}",
        'color = "#777777"',
        "",
        "[terms]",
    ]
    body += [f"{_toml_str(e)} = {weight!r}" + (f"  # {_comment(n)}" if n else "") for e, n in rows]
    return Imported(name, category, d.path, tuple(e for e, _ in rows), tuple(approx), tuple(merged),
                    tuple(skipped), "\n".join(head + body) + "\n")


def write_lexicon(imported: Imported, directory: str | Path = "lexicons-imported", *, force: bool = False) -> Path:
    """Write ``imported`` as ``DIRECTORY/NAME.toml`` and load it back (a written file always loads).

    Refuses to overwrite an existing file unless ``force``.
    """
    d = Path(directory)
    target = d / f"{imported.name}.toml"
    if target.exists() and not force:
        raise OutputError(f"{target}: already exists; pass --force to overwrite it or choose another --out")
    try:
        d.mkdir(parents=True, exist_ok=True)
        target.write_text(imported.toml, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise OutputError(f"{target}: cannot write ({exc.strerror or exc})") from None
    load_dimension(target)
    return target


# --------------------------------------------------------------------------- export

EXPORT_FORMATS = {".dic": "dic", ".yml": "yaml", ".yaml": "yaml"}


def export_dimension(name: str, to: str | Path, directory: str | Path | None = None) -> str:
    """The text of dimension ``name`` as a LIWC ``.dic`` or a YAML dictionary, chosen by ``to``'s extension.

    Weights and exclusions are not part of those formats; a header comment says so and gives
    the source file. Terms are written as in the lexicon, in file order.

    >>> print(export_dimension("open_source", "x.yml").splitlines()[-1].startswith('  - "'))
    True
    """
    fmt = EXPORT_FORMATS.get(Path(to).suffix.lower())
    if fmt is None:
        raise UsageError(f"{to}: cannot tell the export format; name the file .dic (LIWC) or .yml / .yaml")
    lex = load_lexicons(directory)[name]
    terms = sorted(lex.terms.values(), key=lambda t: t.line)
    weights = sorted({t.weight for t in terms})
    note = [
        f"# framing lexicon {name!r} ({len(terms)} terms) exported from {Path(lex.path).name} by `framing lexicon export`.",
        f"# Weights ({', '.join(f'{w:g}' for w in weights)} in the source) and exclusions are NOT part of this format",
        "# and were dropped: here every term counts the same and always matches.",
    ]
    if fmt == "dic":
        note.append("# (LIWC has no comments; readers such as quanteda ignore the lines before the first '%'.)")
        lines = note + ["%", f"1\t{name}", "%"] + [f"{t.entry}\t1" for t in terms]
    else:
        lines = note + [f"{name}:"] + [f"  - {_toml_str(t.entry)}  # weight {t.weight:g}" for t in terms]
    return "\n".join(lines) + "\n"


def display_width(s: str) -> int:
    """Terminal columns of ``s`` (wide and full-width characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in s)
