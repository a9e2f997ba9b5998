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
import re
import sys
import unicodedata
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
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


@functools.lru_cache(maxsize=8192)
def _char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


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
    return sum(_char_width(ch) for ch in s)


def _is_wide(ch: str) -> bool:
    return _char_width(ch) == 2


def _is_latin(ch: str) -> bool:
    """A narrow character a reader separates from the next narrow one by a space (letters, digits, ASCII marks)."""
    return not ch.isspace() and _char_width(ch) == 1


_IDEOGRAPH = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_LATIN_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f][A-Za-z0-9\u00c0-\u024f'’\-_.]*")
_CJK_LATIN = re.compile(rf"(?=([{_IDEOGRAPH}] ?[A-Za-z0-9]|[A-Za-z0-9] ?[{_IDEOGRAPH}]))")
_HAS_IDEOGRAPH = re.compile(f"[{_IDEOGRAPH}]")
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
        lead = len(raw) - len(raw.lstrip())
        head = raw[:lead]
        s = start + lead
        width = display_width(content)
        out.append(_Line(
            no=no, start=s, end=s + len(content), text=content, gap=blank if out else 0,
            indent=("\u3000" in head or "\t" in head or head.count(" ") >= 2),
            page_break=head == " ", width=width, nchar=len(content),
            raw_width=display_width(raw) if raw != content else width,
            raw_nchar=len(raw), lead_space=raw[:1] == " ", trail_space=raw[-1:] == " ",
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
        # wide sentence-final marks a title never has inside it (。．)
        self._full_stops = "".join(c for c in rules.sentence_end if _is_wide(c) and c not in rules.title_end)
        self.lines = _split_lines(text)
        self.n = len(self.lines)
        for ln in self.lines:
            self._classify_line(ln)
        self.title = title
        self.forced = self._title_lines(title)
        self.space_cjk_latin = self._spacing_style()
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
        if width > limit or not any(ch.isalnum() for ch in text):
            return False
        if text[-1] in self.r.continuing:
            return False
        t = text.rstrip(self.r.closing)
        if t and t[-1] in self.r.sentence_end and t[-1] not in self.r.title_end:
            return False
        return not any(c in text[:-1] for c in self._full_stops)

    def _first(self, rules: tuple[Rule, ...], text: str) -> Rule | None:
        for rule in rules:
            if rule.search(text):
                return rule
        return None

    def _caption_rule(self, text: str) -> Rule | None:
        return self._first(self.r.caption, text) if len(text) <= self.r.caption_max_chars else None

    def _boiler_rule(self, text: str) -> Rule | None:
        return self._first(self.r.boilerplate, text) if len(text) <= self.r.boilerplate_max_chars else None

    def _boiler_words(self, text: str) -> tuple[Rule, ...]:
        if len(text) > self.r.boilerplate_words_max_chars:
            return ()
        hits = tuple(rule for rule in self.r.boilerplate_words if rule.search(text))
        return hits if len(hits) >= self.r.boilerplate_words_min else ()

    def _is_dateline(self, text: str) -> bool:
        return self._first(self.r.dateline, text) is not None

    def _classify_line(self, ln: _Line) -> None:
        ln.terminal = self._terminal(ln.text)
        ln.caption = self._caption_rule(ln.text)
        for rule in self.r.related:
            m = rule.search(ln.text)
            if m:
                ln.related = rule
                ln.related_bare = not any(ch.isalnum() for ch in ln.text[m.end():])
                break
        ln.boiler = self._boiler_rule(ln.text)
        ln.dateline = self._is_dateline(ln.text)

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

    def _spacing_style(self) -> bool:
        spaced = total = 0
        for ln in self.lines:
            for m in _CJK_LATIN.finditer(ln.text):
                total += 1
                spaced += " " in m.group(1)
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
        return (not _HAS_IDEOGRAPH.search(ln.text) and any(ch.isalnum() for ch in ln.text)
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
        text = self._join(group)
        return _Para(list(group), text, display_width(text), moved=block >= 0, rejoined=rejoined, block=block)

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
            rule = self._first(self.r.dateline, p.text)
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
        rule = self._first(self.r.dateline, p.text)
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
    rules = rules if rules is not None else load_rules()
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
