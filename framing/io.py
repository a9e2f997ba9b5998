"""Reading paths into :class:`~framing.model.Article` objects.

Real articles arrive as PDF extractions, scraped HTML and files in old encodings, so reading
is a product feature, not plumbing. This module turns bytes into clean text and metadata and
knows nothing about scoring.

Supported inputs (by extension; ``read_paths`` also takes directories and glob patterns):

* ``.txt``, ``.md``, ``.text`` and files without an extension: plain text with an optional
  ``---`` front matter block (title, source, date, url). A text file whose content starts
  with ``<!DOCTYPE html`` or ``<html`` is read as HTML.
* ``.html``, ``.htm``, ``.xhtml``: the article's main text (trafilatura) and its metadata.
* ``.jsonl``, ``.ndjson`` (one JSON object per line) and ``.csv`` (a header row): datasets
  in which every record is one article. They are streamed, never held in memory whole.

Encodings: UTF-8 (with or without BOM), UTF-16 and UTF-32 with a BOM, UTF-16 without a BOM,
Big5 (cp950, then Big5-HKSCS) and GB18030 are detected; see :func:`decode`.

Nothing in an HTML file is executed or fetched: the markup is parsed as data.
"""

from __future__ import annotations

import codecs
import csv
import glob
import hashlib
import html.parser
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import InputError, UsageError
from .model import Article

__all__ = [
    "ARTICLE_SUFFIXES",
    "article_from_text",
    "clean_text",
    "decode",
    "parse_front_matter",
    "read_html",
    "read_path",
    "read_paths",
]

TEXT_SUFFIXES = (".txt", ".md", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
CSV_SUFFIXES = (".csv",)
#: Extensions picked up when a directory or a glob pattern is expanded.
ARTICLE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + CSV_SUFFIXES
_NO_ARTICLES = "no article files (.txt, .md, .html, .jsonl, .csv) found"

Warn = Callable[[str], None] | list | None

# --------------------------------------------------------------------------- decoding

# UTF-32 first: its little-endian BOM starts with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Encodings in which a b"\n" byte is always a line feed (datasets are split on it).
_ASCII_SAFE = ("utf-8", "utf-8-sig", "cp950", "big5hkscs", "gb18030")
_LEGACY = ("cp950", "big5hkscs", "gb18030")
_UTF16 = ("utf-16-le", "utf-16-be")
#: C0 controls that mark binary data: all but tab, LF, VT, FF, CR, SUB (DOS end of file), ESC.
_BINARY_CONTROLS = bytes(b for b in range(0x20) if b not in b"\t\n\x0b\x0c\r\x1a\x1b")
#: A legacy decoding must reach this plausibility (see ``_plausibility``) to be accepted.
_MIN_PLAUSIBILITY = 0.5
#: UTF-16 without BOM and NUL bytes decodes almost any even-length input: ask for more.
_MIN_UTF16_PLAUSIBILITY = 0.9
#: Characters looked at when judging plausibility (enough for a verdict, cheap on 5 MB).
_PLAUSIBILITY_SAMPLE = 200_000


def decode(data: bytes, *, path: str = "") -> tuple[str, str]:
    """Decode the bytes of a text file, detecting its encoding.

    The order of the checks:

    1. a byte order mark: UTF-32, UTF-8 (``utf-8-sig``), UTF-16;
    2. strict UTF-8 (when the bytes hold no NUL);
    3. UTF-16 without BOM, when NUL bytes fall on odd (little-endian) or even (big-endian)
       positions as ASCII characters put them, and the decoded text holds no NUL and almost no
       control, unassigned or private-use characters;
    4. binary data: NUL bytes, or more than 1% C0 control bytes, is refused;
    5. Big5 (``cp950``, or ``big5hkscs`` when cp950 fails) against ``gb18030``: each must decode
       strictly; when several do, the most plausible wins. Plausibility is the share of
       non-ASCII characters that are common (GB2312 level-1 hanzi, Big5 level-1 hanzi, CJK and
       full-width punctuation), plus half the share that are among the 100 most frequent
       Chinese characters. Text in the wrong legacy encoding decodes to rare characters, kana,
       private-use and symbol rows: about 0.25 against 1.0 or more for the right one. An exact
       tie (a few characters) goes to GB18030 only when its reading contains simplified-only
       and no traditional-only characters. UTF-16 without BOM and without NUL bytes (pure CJK
       text) competes here too when it scores 0.9 or more. A winner below 0.5 is refused.

    Parameters
    ----------
    data
        The file's bytes.
    path
        Named in error messages.

    Returns
    -------
    tuple of (str, str)
        The text (a BOM removed, nothing else changed) and the name of the Python codec that
        decodes ``data`` to it: ``utf-8``, ``utf-8-sig``, ``utf-16``, ``utf-16-le``,
        ``utf-16-be``, ``utf-32``, ``cp950``, ``big5hkscs`` or ``gb18030``.

    Raises
    ------
    InputError
        Binary data (a PDF gets its own message), UTF-8 with a few corrupt bytes (their
        offset named), or bytes that no candidate decodes plausibly.

    Examples
    --------
    >>> decode("新聞自由".encode("cp950"))
    ('新聞自由', 'cp950')
    >>> decode("新闻自由".encode("gb18030"))
    ('新闻自由', 'gb18030')
    >>> decode("\\ufeff新聞".encode("utf-8"))
    ('新聞', 'utf-8-sig')
    """
    return _detect(data, path=path, final=True)


def _detect(data: bytes, *, path: str, final: bool) -> tuple[str, str]:
    """Detect and decode; with ``final=False`` an incomplete sequence at the end is allowed."""
    label = _show(path) if path else "input"
    if data.startswith(b"%PDF-"):
        raise InputError(
            f"{label}: a PDF file; extract its text first (e.g. pdftotext) and read the .txt"
        )
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _decode_as(data, enc, final=final), enc
            except UnicodeDecodeError:
                break  # a BOM followed by something else: detect as if it were not there
    bad_offset = 0
    if b"\x00" not in data:
        try:
            return _decode_as(data, "utf-8", final=final), "utf-8"
        except UnicodeDecodeError as exc:
            bad_offset = exc.start
    else:
        found = _utf16_by_nuls(data, final=final)
        if found:
            return found
        raise InputError(f"{label}: binary file (NUL bytes); give a text, HTML, JSONL or CSV file")
    controls = len(data) - len(data.translate(None, _BINARY_CONTROLS))
    if controls > len(data) / 100:
        # Legacy CJK bytes are never C0 controls, but UTF-16 code units often hold them.
        best = _best_legacy(data, final=final, encodings=_UTF16)
        if best is None:
            raise InputError(
                f"{label}: binary file (control bytes); give a text, HTML, JSONL or CSV file"
            )
        return best
    best = _best_legacy(data, final=final)
    if best is None and _mostly_utf8(data):
        raise InputError(
            f"{label}: invalid UTF-8 at byte offset {bad_offset} in a file that is otherwise "
            "UTF-8; repair those bytes or re-save the file as UTF-8"
        )
    if best is None:
        raise InputError(
            f"{label}: cannot decode the bytes as UTF-8, UTF-16, Big5 or GB18030 "
            f"(first bad byte at offset {bad_offset}); convert the file to UTF-8"
        )
    return best


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 but for a few bad bytes: under 1 bad sequence per 100 non-ASCII characters."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    return 0 < bad * 100 <= sum(1 for ch in text if ch >= "\x80") - bad


def _decode_as(data: bytes, encoding: str, *, final: bool) -> str:
    """Strictly decode ``data``; when not final, a cut multi-byte sequence at the end is fine."""
    if final:
        return data.decode(encoding)
    return codecs.getincrementaldecoder(encoding)(errors="strict").decode(data, final=False)


def _utf16_by_nuls(data: bytes, *, final: bool) -> tuple[str, str] | None:
    """UTF-16 without BOM, recognised by where ASCII characters put their NUL bytes."""
    if len(data) % 2 and final:
        return None
    at_even, at_odd = data[0::2].count(0), data[1::2].count(0)
    order = ("utf-16-le", "utf-16-be") if at_odd >= at_even else ("utf-16-be", "utf-16-le")
    for enc in order:
        if (at_odd if enc == "utf-16-le" else at_even) == 0:
            continue
        try:
            text = _decode_as(data[: len(data) - len(data) % 2], enc, final=final)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text, enc
    return None


def _looks_like_text(text: str) -> bool:
    """No NUL, and under 2% control, unassigned, private-use or surrogate characters."""
    if "\x00" in text:
        return False
    sample = text[:_PLAUSIBILITY_SAMPLE]
    odd = sum(
        1
        for ch in sample
        if unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs") and ch not in "\t\n\x0b\x0c\r"
    )
    return odd <= len(sample) / 50


def _best_legacy(
    data: bytes, *, final: bool, encodings: tuple[str, ...] = _LEGACY + _UTF16
) -> tuple[str, str] | None:
    """The most plausible strict decoding among Big5, GB18030 and BOM-less UTF-16."""
    candidates: list[tuple[float, int, str, str]] = []
    for rank, enc in enumerate(encodings):
        if enc == "big5hkscs" and any(c[2] == "cp950" for c in candidates):
            continue  # HKSCS only adds to Big5: needed only when cp950 fails
        if enc in _UTF16 and len(data) % 2 and final:
            continue
        try:
            text = _decode_as(data, enc, final=final)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text)
        if enc in _UTF16 and (score < _MIN_UTF16_PLAUSIBILITY or not _looks_like_text(text)):
            continue  # without BOM or NUL bytes, UTF-16 must look like real Chinese text
        candidates.append((score, rank, enc, text))
    if not candidates:
        return None
    best_score = max(c[0] for c in candidates)
    tied = [c for c in candidates if c[0] == best_score]
    if len(tied) > 1:  # a few characters that read well both ways
        prefer_gb = any(c[2] == "gb18030" and _gb_reading_is_simplified(c[3]) for c in tied)
        tied = [c for c in tied if (c[2] == "gb18030") == prefer_gb] or tied
    score, _, enc, text = min(tied, key=lambda c: c[1])
    if score < _MIN_PLAUSIBILITY:
        return None
    return text, enc


def _plausibility(text: str) -> float:
    """Share of non-ASCII characters that are common, plus half the share among the top 100."""
    rare = common = top = 0
    frequent = _most_frequent_hanzi()
    for ch in text[:_PLAUSIBILITY_SAMPLE]:
        if ch < "\x80":
            continue
        if _is_common(ch):
            common += 1
            top += ch in frequent
        else:
            rare += 1
    total = rare + common
    if total == 0:
        return 1.0
    return (common + 0.5 * top) / total


@lru_cache(maxsize=65536)
def _is_common(ch: str) -> bool:
    """A GB2312 or Big5 level-1 hanzi, or CJK / full-width / general punctuation."""
    cp = ord(ch)
    if 0x3000 <= cp <= 0x303F or 0xFF00 <= cp <= 0xFFEF or 0x2010 <= cp <= 0x2027 or cp == 0xB7:
        return True
    try:
        gb = ch.encode("gb2312")
        if len(gb) == 2 and 0xB0 <= gb[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        big5 = ch.encode("cp950")
        return len(big5) == 2 and 0xA440 <= (big5[0] << 8 | big5[1]) <= 0xC67E
    except UnicodeEncodeError:
        return False


@lru_cache(maxsize=1)
def _most_frequent_hanzi() -> frozenset[str]:
    """The 100 most frequent Chinese characters, as charset-normalizer ships them."""
    try:
        from charset_normalizer.constant import FREQUENCIES

        return frozenset(FREQUENCIES["Chinese"])
    except (ImportError, KeyError, AttributeError):  # pragma: no cover - a private table moved
        return frozenset()


@lru_cache(maxsize=65536)
def _script_only(ch: str) -> str:
    """Which script alone has it: "simplified" (only GB2312), "traditional" (only Big5), or ""."""
    if ch < "\x80":
        return ""
    in_gb = in_big5 = True
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        in_gb = False
    try:
        ch.encode("cp950")
    except UnicodeEncodeError:
        in_big5 = False
    if in_gb and not in_big5:
        return "simplified"
    if in_big5 and not in_gb:
        return "traditional"
    return ""


def _gb_reading_is_simplified(text: str) -> bool:
    """True when a GB18030 reading has simplified-only and no traditional-only characters."""
    kinds = {_script_only(ch) for ch in text[:_PLAUSIBILITY_SAMPLE]}
    return "simplified" in kinds and "traditional" not in kinds


# --------------------------------------------------------------------------- cleaning

#: Removed by ``clean_text``: invisible characters that split words without being seen.
#: U+FEFF ZERO WIDTH NO-BREAK SPACE (a BOM, or a stray one mid-text), U+200B ZERO WIDTH SPACE
#: (scraped pages put it between words), U+2060 WORD JOINER, U+00AD SOFT HYPHEN.
#: (A regex, not str.translate: translate with a dict is 20x slower on CJK text.)
_INVISIBLE = re.compile("[\ufeff\u200b\u2060\u00ad]")


def clean_text(text: str) -> str:
    """Normalise line ends, remove invisible format characters and apply NFC.

    Exactly three changes, none of which removes a content character:

    * ``\\r\\n`` and a lone ``\\r`` become ``\\n`` (the number of lines stays the same);
    * U+FEFF ZERO WIDTH NO-BREAK SPACE (BOM), U+200B ZERO WIDTH SPACE, U+2060 WORD JOINER and
      U+00AD SOFT HYPHEN are removed: invisible, they break term matching. ZWJ (U+200D) and
      ZWNJ (U+200C) are kept, since they change how emoji and some scripts render;
    * Unicode NFC (this also maps CJK compatibility ideographs to their unified forms).

    Everything else (tabs, form feeds, U+2028, no-break spaces, full-width spaces) is kept.

    Parameters
    ----------
    text
        Decoded text.

    Returns
    -------
    str
        The cleaned text.

    Examples
    --------
    >>> clean_text("英偉\\u200b達\\r\\n股價\\u00ad下跌\\r")
    '英偉達\\n股價下跌\\n'
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


# --------------------------------------------------------------------------- front matter

_FM_KEY = re.compile(r"^(\w[\w .-]*?)[ \t]*:(?:[ \t]+(.*?))?[ \t]*$")


def parse_front_matter(text: str) -> tuple[dict[str, str], str, int]:
    """Split an optional ``---`` front matter block from the top of a text.

    The block starts with a ``---`` line (blank lines before it are allowed) and ends with a
    ``---`` or ``...`` line. Inside, every line is ``key: value`` (keys lower-cased, values kept
    as strings, surrounding quotes removed, ``[a, b]`` becomes ``a, b``), a ``# comment``, a
    blank line, or an indented / ``- item`` line that continues the previous key (items are
    joined with ``", "``). Anything else means there is no front matter: the text is returned
    whole. No YAML library is involved.

    Parameters
    ----------
    text
        Text with ``\\n`` line ends (see :func:`clean_text`).

    Returns
    -------
    tuple of (dict, str, int)
        The metadata, the body after the block, and the number of lines the block used (blank
        lines before it included), so that body line ``n`` is file line ``n + consumed``.

    Examples
    --------
    >>> meta, body, consumed = parse_front_matter("---\\ntitle: '美股大跌'\\nsource: 端傳媒\\n---\\n正文。")
    >>> meta, body, consumed
    ({'title': '美股大跌', 'source': '端傳媒'}, '正文。', 4)
    >>> parse_front_matter("沒有前言。")
    ({}, '沒有前言。', 0)
    """
    lines = text.split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start >= len(lines) or lines[start].strip() != "---":
        return {}, text, 0
    meta: dict[str, str] = {}
    last: str | None = None
    for index in range(start + 1, len(lines)):
        line = lines[index]
        stripped = line.strip()
        if stripped in ("---", "..."):
            return meta, "\n".join(lines[index + 1 :]), index + 1
        if not stripped or stripped.startswith("#"):
            continue
        if last is not None and (line[:1].isspace() or stripped.startswith("- ")):
            item = _unquote(stripped[2:].strip() if stripped.startswith("- ") else stripped)
            meta[last] = f"{meta[last]}, {item}" if meta[last] else item
            continue
        match = _FM_KEY.match(line)
        if match is None:
            return {}, text, 0
        last = match.group(1).strip().lower()
        meta[last] = _unquote(match.group(2) or "")
    return {}, text, 0  # never closed: not front matter


def _unquote(value: str) -> str:
    """Remove YAML-style quotes and inline-list brackets from a scalar."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    if len(value) >= 2 and value[0] == "[" and value[-1] == "]":
        return ", ".join(_unquote(v) for v in value[1:-1].split(",") if v.strip())
    return value


# --------------------------------------------------------------------------- HTML


def read_html(text: str, *, headline: bool = True, on_warning: Warn = None) -> tuple[str, dict]:
    """Extract an HTML page's main text and metadata.

    trafilatura finds the article body (``include_comments=False``, ``include_tables=False``,
    neither ``favor_precision`` nor ``favor_recall``: on our news fixtures all three kept the
    same paragraphs, and the default is trafilatura's tested balance). Each paragraph is one
    line and paragraphs are separated by a blank line, so that the segmenter cannot mistake
    them for hard-wrapped lines of one paragraph. When ``headline`` is true and the page title
    is not already among the first lines, it is put first, as the text file's headline would
    be. When trafilatura finds nothing (or cannot be imported), the tags are stripped with the
    standard library's parser: the content of ``head``, ``script``, ``style``, ``noscript``,
    ``template``, ``svg``, ``iframe``, ``object`` and of navigation chrome (``nav``, ``aside``,
    ``form``, ``button``, ``select``) is dropped and block elements become line breaks.

    The HTML is data: nothing in it is executed, and nothing it links to is fetched.

    Parameters
    ----------
    text
        The page, decoded.
    headline
        Put the page title first when the body does not start with it.
    on_warning
        Called with a message when trafilatura cannot be imported (a list gets it appended).

    Returns
    -------
    tuple of (str, dict)
        The text and the metadata found among ``title``, ``date``, ``url``, ``source`` (the
        site name), all strings; missing ones are left out.

    Examples
    --------
    >>> page = ("<html><head><title>股市</title><script>alert('x')</script></head><body>"
    ...         "<p>美國科技股大幅下跌。</p><p>英偉達市值蒸發。</p></body></html>")
    >>> body, meta = read_html(page)
    >>> body
    '股市\\n\\n美國科技股大幅下跌。\\n\\n英偉達市值蒸發。'
    >>> meta["title"]
    '股市'
    """
    paragraphs: list[str] = []
    meta: dict[str, str] = {}
    try:
        import trafilatura
    except ImportError as exc:  # e.g. lxml without lxml_html_clean
        _warn(on_warning, f"trafilatura cannot be imported ({exc}); used the plain HTML reader")
        trafilatura = None
    if trafilatura is not None:
        doc = trafilatura.bare_extraction(
            text,
            include_comments=False,
            include_tables=False,
            with_metadata=True,
            date_extraction_params={"original_date": True, "extensive_search": False},
        )
        if doc is not None and (doc.text or "").strip():
            paragraphs = _paragraph_lines(clean_text(doc.text))
            for key, value in (
                ("title", doc.title),
                ("date", doc.date),
                ("url", doc.url),
                ("source", doc.sitename),
            ):
                if isinstance(value, str) and value.strip():
                    meta[key] = clean_text(value.strip())
    if not paragraphs:
        parser = _TextHTMLParser(drop_chrome=True)
        paragraphs = parser.run(text)
        if not paragraphs:
            paragraphs = _TextHTMLParser(drop_chrome=False).run(text)
        for key, value in parser.meta.items():
            meta.setdefault(key, clean_text(value))
    title = meta.get("title", "")
    if headline and title and paragraphs and title not in paragraphs[:3]:
        paragraphs.insert(0, title)
    return "\n\n".join(paragraphs), meta


def _paragraph_lines(text: str) -> list[str]:
    """Non-blank lines, stripped."""
    return [line.strip() for line in text.split("\n") if line.strip()]


_SKIP_ALWAYS = frozenset(
    {"head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object"}
)
_SKIP_CHROME = frozenset({"nav", "aside", "form", "button", "select"})
_BLOCKS = frozenset(
    "address article blockquote body br caption dd details div dl dt fieldset figcaption figure "
    "footer h1 h2 h3 h4 h5 h6 header hr html li main ol p pre section summary table tbody td "
    "tfoot th thead tr ul".split()
)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_BREAK_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\r\f]*\n\s*(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\n\r\f]+")
_META_KEYS = {
    "og:title": "title",
    "og:site_name": "source",
    "og:url": "url",
    "article:published_time": "date",
    "date": "date",
}


class _TextHTMLParser(html.parser.HTMLParser):
    """Strips tags: block elements become line breaks, invisible and chrome elements vanish."""

    def __init__(self, *, drop_chrome: bool) -> None:
        super().__init__(convert_charrefs=True)
        self._skip = _SKIP_ALWAYS | (_SKIP_CHROME if drop_chrome else frozenset())
        self._depth = 0
        self._chunks: list[str] = []
        self._in_title = False
        self._title_seen = False
        self._title: list[str] = []
        self.meta: dict[str, str] = {}

    def run(self, text: str) -> list[str]:
        """Parse ``text`` and return its paragraphs."""
        self.feed(text)
        self.close()
        if self._title and "title" not in self.meta:
            self.meta["title"] = " ".join("".join(self._title).split())
        raw = "".join(self._chunks)
        lines = []
        for block in raw.split("\x00"):
            block = _BREAK_BETWEEN_CJK.sub("", block)
            block = _SPACES.sub(" ", block).strip()
            if block:
                lines.append(block)
        return lines

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Track skipped elements, block breaks, the title and metadata."""
        if tag == "body" and self._depth:
            self._depth = 0  # an unclosed <head>
        if tag == "title" and not self._title_seen:
            self._in_title = self._title_seen = True
        elif tag == "meta":
            self._meta(dict(attrs))
        elif tag == "link":
            found = dict(attrs)
            if (found.get("rel") or "").lower() == "canonical" and found.get("href"):
                self.meta.setdefault("url", found["href"] or "")
        if tag in self._skip and tag not in _VOID:
            self._depth += 1
        elif tag in _BLOCKS and not self._depth:
            self._chunks.append("\x00")

    def handle_endtag(self, tag: str) -> None:
        """Close skipped elements and blocks."""
        if tag == "title":
            self._in_title = False
        if tag in self._skip:
            self._depth = max(0, self._depth - 1)
        elif tag in _BLOCKS and not self._depth:
            self._chunks.append("\x00")

    def handle_data(self, data: str) -> None:
        """Keep text outside skipped elements."""
        if self._in_title:
            self._title.append(data)
        elif not self._depth:
            self._chunks.append(data.replace("\x00", ""))

    def _meta(self, attrs: dict[str, str | None]) -> None:
        """Read OpenGraph / article metadata."""
        key = (attrs.get("property") or attrs.get("name") or "").lower()
        content = (attrs.get("content") or "").strip()
        if key in _META_KEYS and content:
            self.meta.setdefault(_META_KEYS[key], content)


# --------------------------------------------------------------------------- paths


def read_path(
    path: str | os.PathLike[str],
    *,
    text_field: str = "text",
    id_field: str = "id",
    max_chars: int = 5_000_000,
    on_warning: Warn = None,
) -> Iterator[Article]:
    """Read one file into articles: one for a text or HTML file, one per dataset record.

    By extension: ``.txt``/``.md``/``.text`` and no extension are text with optional front
    matter; ``.html``/``.htm``/``.xhtml`` are HTML; ``.jsonl``/``.ndjson`` and ``.csv`` are
    datasets, streamed record by record. Any other extension is read as text (binary files are
    refused by :func:`decode`), except ``.json``, which asks for JSON Lines. A text file or a
    record's text that starts like an HTML page (``<!DOCTYPE html``, ``<html``) is read as HTML.

    A dataset record needs a non-empty ``text_field``; ``id_field``, ``source``, ``title``,
    ``date`` and ``url`` are optional and other fields are ignored. A record without text, a
    malformed JSON line or a record longer than ``max_chars`` is skipped with a warning
    ``"PATH:LINE: ..."``. Its id is the ``id_field`` value, else ``"STEM#N"`` (N counts the
    records from 1, skipped ones included, so ids do not shift).

    Parameters
    ----------
    path
        The file.
    text_field, id_field
        Dataset fields holding the text and the id.
    max_chars
        Longest text accepted (characters, after cleaning).
    on_warning
        Receives each warning: a callable, or a list to append to. ``None`` drops them
        (this module never prints).

    Yields
    ------
    Article
        ``id`` (file stem, front matter ``id``, or record id), ``text`` cleaned (see
        :func:`clean_text`), ``path`` as given, ``encoding`` detected, ``sha256`` of the file's
        bytes (of a record's text as UTF-8), ``line_offset`` (front matter lines) and ``kind``
        (``"text"``, ``"html"`` or ``"record"``).

    Raises
    ------
    InputError
        Missing or unreadable path, a directory, an empty or whitespace-only file, binary or
        undecodable bytes, a text longer than ``max_chars``, a dataset without any usable record.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("---\\ntitle: 美股大跌\\n---\\n英偉達股價下跌。\\n", encoding="utf-8")
    >>> [(a.id, a.title, a.text, a.line_offset) for a in read_path(folder / "a.txt")]
    [('a', '美股大跌', '英偉達股價下跌。\\n', 3)]
    >>> import shutil; shutil.rmtree(folder)
    """
    if isinstance(max_chars, bool) or not isinstance(max_chars, int) or max_chars < 1:
        raise UsageError(f"max_chars must be a positive whole number, got {max_chars!r}")
    given = os.fspath(path)
    file = Path(given)
    label = _show(given)
    try:
        info = file.stat()
    except OSError as exc:
        raise _os_error(label, exc) from None
    if file.is_dir():
        raise InputError(f"{label}: is a directory; read_paths reads every article file in it")
    suffix = file.suffix.lower()
    if suffix in JSONL_SUFFIXES or suffix in CSV_SUFFIXES:
        reader = _read_jsonl if suffix in JSONL_SUFFIXES else _read_csv
        yield from reader(
            file,
            given,
            text_field=text_field,
            id_field=id_field,
            max_chars=max_chars,
            on_warning=on_warning,
        )
        return
    if suffix == ".json":
        raise InputError(f"{label}: .json is not read; write one JSON object per line as .jsonl")
    if info.st_size > 4 * max_chars + 4:  # no supported encoding spends more than 4 bytes a char
        raise InputError(
            f"{label}: {info.st_size:,} bytes, more than --max-chars {max_chars:,} characters "
            "allows; raise --max-chars or split the file"
        )
    yield _read_document(file, given, suffix=suffix, max_chars=max_chars, on_warning=on_warning)


def _read_document(
    file: Path, given: str, *, suffix: str, max_chars: int, on_warning: Warn
) -> Article:
    """A text or HTML file as one article."""
    label = _show(given)
    try:
        with open(file, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise _os_error(label, exc) from None
    if not data:
        raise InputError(f"{label}: empty file")
    text, encoding = decode(data, path=given)
    text = clean_text(text)
    if not text.strip():
        raise InputError(f"{label}: only whitespace")
    is_html = suffix in HTML_SUFFIXES or _looks_like_html(text)
    meta: dict[str, str]
    if is_html:
        text, meta = read_html(text, on_warning=on_warning)
        offset = 0
        if not text.strip():
            raise InputError(f"{label}: no text found in the HTML")
    else:
        meta, text, offset = parse_front_matter(text)
        if not text.strip():
            raise InputError(f"{label}: no text after the front matter")
    if len(text) > max_chars:
        raise InputError(
            f"{label}: {len(text):,} characters, more than --max-chars {max_chars:,}; "
            "raise --max-chars or split the file"
        )
    return Article(
        id=meta.get("id") or file.stem,
        text=text,
        path=given,
        source=meta.get("source", ""),
        title=meta.get("title", ""),
        date=meta.get("date", ""),
        url=meta.get("url", ""),
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        line_offset=offset,
        kind="html" if is_html else "text",
    )


def _looks_like_html(text: str) -> bool:
    """A document that starts like an HTML page."""
    head = text.lstrip()[:15].lower()
    return head.startswith("<!doctype html") or head.startswith("<html")


def read_paths(paths: Sequence[str | os.PathLike[str]], **options: Any) -> Iterator[Article]:
    """Read files, directories and glob patterns into articles, in a deterministic order.

    A directory contributes every article file below it (extensions in ``ARTICLE_SUFFIXES``),
    recursively, sorted by path, skipping hidden files and directories. A glob pattern
    (``*``, ``?``, ``[``; ``**`` recurses) contributes its matches, sorted, keeping article
    files and expanding matched directories. A path that exists is never treated as a
    pattern. Every argument is checked before the first article is read.

    Parameters
    ----------
    paths
        Files, directories or glob patterns.
    **options
        Passed to :func:`read_path` (``text_field``, ``id_field``, ``max_chars``,
        ``on_warning``).

    Yields
    ------
    Article
        In argument order, then path order within a directory or pattern.

    Raises
    ------
    InputError
        A path that does not exist, a directory or pattern without article files, or any
        error of :func:`read_path`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "b.txt").write_text("第二篇。", encoding="utf-8")
    >>> _ = (folder / "a.md").write_text("第一篇。", encoding="utf-8")
    >>> _ = (folder / "notes.pdf").write_bytes(b"%PDF-1.7")
    >>> [a.id for a in read_paths([folder])]
    ['a', 'b']
    >>> [a.id for a in read_paths([str(folder / "*.txt")])]
    ['b']
    >>> import shutil; shutil.rmtree(folder)
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    if not paths:
        raise InputError("no paths given; name a file, a directory or a glob pattern")
    files = [file for path in paths for file in _expand(path)]
    for file in files:
        yield from read_path(file, **options)


def _expand(path: str | os.PathLike[str]) -> list[str]:
    """The files one argument stands for."""
    given = os.fspath(path)
    label = _show(given)
    candidate = Path(given)
    if candidate.is_dir():
        found = _walk(given)
    elif candidate.exists() or os.path.lexists(given):
        return [given]
    elif glob.has_magic(given):
        found = []
        for match in sorted(glob.glob(given, recursive=True)):
            if os.path.isdir(match):
                found.extend(_walk(match))
            elif _is_article_file(Path(match)):
                found.append(match)
        found = list(dict.fromkeys(found))
    else:
        try:
            candidate.stat()
        except OSError as exc:
            raise _os_error(label, exc) from None
        raise InputError(f"{label}: no such file or directory")
    if not found:
        raise InputError(f"{label}: {_NO_ARTICLES}")
    return found


def _walk(top: str) -> list[str]:
    """Article files below ``top``, sorted by path parts, hidden entries skipped."""
    found: list[tuple[tuple[str, ...], str]] = []
    for root, dirs, names in os.walk(top):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            full = Path(root, name)
            if _is_article_file(full):
                found.append((full.relative_to(top).parts, str(full)))
    return [full for _, full in sorted(found)]


def _is_article_file(path: Path) -> bool:
    """A non-hidden file with an article extension."""
    return (
        not path.name.startswith(".")
        and path.suffix.lower() in ARTICLE_SUFFIXES
        and path.is_file()
    )


# --------------------------------------------------------------------------- datasets

_SNIFF_BYTES = 1 << 18


def _sniff_encoding(file: Path, label: str, given: str) -> str:
    """The encoding of a dataset, judged on its first 256 KiB; empty files are refused."""
    try:
        with open(file, "rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError as exc:
        raise _os_error(label, exc) from None
    if not head:
        raise InputError(f"{label}: empty file")
    # A sequence cut by the sample's end is fine: the incremental decoders wait for more.
    return _detect(head, path=given, final=len(head) < _SNIFF_BYTES)[1]


def _read_jsonl(
    file: Path,
    given: str,
    *,
    text_field: str,
    id_field: str,
    max_chars: int,
    on_warning: Warn,
) -> Iterator[Article]:
    """Stream a JSON Lines dataset, one article per object."""
    label = _show(given)
    encoding = _sniff_encoding(file, label, given)
    counts = {"records": 0, "articles": 0}
    for lineno, line in _jsonl_lines(file, label, encoding, on_warning):
        if not line.strip():
            continue
        counts["records"] += 1
        where = f"{label}:{lineno}"
        try:
            record = json.loads(line.rstrip("\r\n"))
        except ValueError as exc:
            _warn(on_warning, f"{where}: malformed JSON ({_first_line(exc)}); skipped")
            continue
        if not isinstance(record, dict):
            _warn(on_warning, f"{where}: not a JSON object; skipped")
            continue
        article = _record_article(
            record,
            where=where,
            number=counts["records"],
            file=file,
            given=given,
            encoding=encoding,
            text_field=text_field,
            id_field=id_field,
            max_chars=max_chars,
            on_warning=on_warning,
        )
        if article is not None:
            counts["articles"] += 1
            yield article
    _check_dataset(label, text_field, counts)


def _jsonl_lines(
    file: Path, label: str, encoding: str, on_warning: Warn
) -> Iterator[tuple[int, str]]:
    """Numbered decoded lines; line by line in memory whatever the file's size."""
    try:
        if encoding not in _ASCII_SAFE:  # UTF-16/32: let the codec find the line ends
            with open(file, encoding=encoding) as stream:
                lineno = 0
                try:
                    for lineno, line in enumerate(stream, 1):
                        yield lineno, line
                except UnicodeDecodeError:
                    raise InputError(
                        f"{label}: cannot decode the bytes after line {lineno} as {encoding}; "
                        "convert the file to UTF-8"
                    ) from None
            return
        with open(file, "rb") as handle:
            codec = "utf-8" if encoding == "utf-8-sig" else encoding
            for lineno, raw in enumerate(handle, 1):
                if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
                    raw = raw[len(codecs.BOM_UTF8) :]
                try:
                    yield lineno, raw.decode(codec)
                    continue
                except UnicodeDecodeError:
                    pass
                if codec == "utf-8":  # UTF-8 so far (ASCII, say): the rest may be Big5/GB
                    try:
                        text, found = decode(raw, path=f"{label}:{lineno}")
                    except InputError:
                        found = ""
                    if found in _LEGACY:
                        codec = found
                        yield lineno, text
                        continue
                _warn(on_warning, f"{label}:{lineno}: cannot decode the line as {codec}; skipped")
    except OSError as exc:
        raise _os_error(label, exc) from None


def _read_csv(
    file: Path,
    given: str,
    *,
    text_field: str,
    id_field: str,
    max_chars: int,
    on_warning: Warn,
) -> Iterator[Article]:
    """Stream a CSV dataset (a header row, then one article per row)."""
    label = _show(given)
    encoding = _sniff_encoding(file, label, given)
    # csv refuses fields over 128 KiB by default; an article may be longer (process-wide).
    if csv.field_size_limit() < max_chars + 1:
        csv.field_size_limit(max_chars + 1)
    counts = {"records": 0, "articles": 0}
    try:
        with open(file, encoding=encoding, newline="") as stream:
            reader = csv.reader(stream)
            header: list[str] | None = None
            done = 0
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except UnicodeDecodeError:
                    raise InputError(
                        f"{label}: cannot decode the bytes after line {reader.line_num} as "
                        f"{encoding}; convert the file to UTF-8"
                    ) from None
                except csv.Error as exc:
                    raise InputError(f"{label}:{reader.line_num}: {_first_line(exc)}") from None
                first_line, done = done + 1, reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                if header is None:
                    header = [cell.strip() for cell in row]
                    if text_field not in header:
                        raise InputError(
                            f"{label}: no column named {text_field!r} (columns: "
                            f"{', '.join(header)}); choose the text column with --text-field"
                        )
                    continue
                counts["records"] += 1
                record = dict(zip(header, row))
                article = _record_article(
                    record,
                    where=f"{label}:{first_line}",
                    number=counts["records"],
                    file=file,
                    given=given,
                    encoding=encoding,
                    text_field=text_field,
                    id_field=id_field,
                    max_chars=max_chars,
                    on_warning=on_warning,
                )
                if article is not None:
                    counts["articles"] += 1
                    yield article
    except OSError as exc:
        raise _os_error(label, exc) from None
    if header is None:
        raise InputError(f"{label}: only whitespace")
    if counts["records"] == 0:
        raise InputError(f"{label}: no rows after the header")
    _check_dataset(label, text_field, counts)


def _record_article(
    record: dict,
    *,
    where: str,
    number: int,
    file: Path,
    given: str,
    encoding: str,
    text_field: str,
    id_field: str,
    max_chars: int,
    on_warning: Warn,
) -> Article | None:
    """One dataset record as an article, or None (with a warning) when it cannot be one."""
    raw = record.get(text_field)
    if raw is not None and not isinstance(raw, str):
        _warn(on_warning, f"{where}: record's {text_field!r} is not a string; skipped")
        return None
    if raw is None or not raw.strip():
        _warn(on_warning, f"{where}: record has no {text_field!r}; skipped")
        return None
    text = clean_text(raw)
    meta: dict[str, str] = {}
    if _looks_like_html(text):  # a scraped page stored whole
        text, meta = read_html(text, on_warning=on_warning)
    if not text.strip():
        _warn(on_warning, f"{where}: record has no {text_field!r}; skipped")
        return None
    if len(text) > max_chars:
        _warn(
            on_warning,
            f"{where}: record has {len(text):,} characters, more than --max-chars "
            f"{max_chars:,}; skipped",
        )
        return None
    record_id = _scalar(record.get(id_field))
    return Article(
        id=record_id or f"{file.stem}#{number}",
        text=text,
        path=given,
        source=_scalar(record.get("source")) or meta.get("source", ""),
        title=_scalar(record.get("title")) or meta.get("title", ""),
        date=_scalar(record.get("date")) or meta.get("date", ""),
        url=_scalar(record.get("url")) or meta.get("url", ""),
        encoding=encoding,
        sha256=hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest(),
        kind="record",
    )


def _scalar(value: object) -> str:
    """A record field as a stripped string ('' for null, lists and objects)."""
    if value is None or isinstance(value, (dict, list)):
        return ""
    return clean_text(str(value)).strip()


def _check_dataset(label: str, text_field: str, counts: dict[str, int]) -> None:
    """Refuse a dataset that yielded nothing: almost always a wrong text field."""
    if counts["records"] == 0:
        raise InputError(f"{label}: only whitespace")
    if counts["articles"] == 0:
        raise InputError(
            f"{label}: none of its {counts['records']:,} records has a non-empty "
            f"{text_field!r}; choose the text field with --text-field"
        )


# --------------------------------------------------------------------------- notebook


def article_from_text(
    text: str,
    *,
    id: str = "text",  # noqa: A002 - the Article field's name
    source: str = "",
    title: str = "",
    date: str = "",
    url: str = "",
    path: str = "",
) -> Article:
    """Make an article from a string, as a file with that content would be read.

    :func:`clean_text` and :func:`parse_front_matter` are applied; a keyword given here wins
    over the same front matter key.

    Parameters
    ----------
    text
        The article, optionally with front matter.
    id, source, title, date, url, path
        Metadata.

    Returns
    -------
    Article
        ``kind="text"``, ``sha256`` of ``text`` encoded as UTF-8.

    Raises
    ------
    InputError
        When the text is empty or only whitespace.

    Examples
    --------
    >>> a = article_from_text("---\\nsource: 端傳媒\\n---\\n英偉達股價重創16.86%。", id="t1")
    >>> a.id, a.source, a.text, a.line_offset
    ('t1', '端傳媒', '英偉達股價重創16.86%。', 3)
    """
    label = _show(id)
    if not text:
        raise InputError(f"{label}: empty text")
    cleaned = clean_text(text)
    meta, body, offset = parse_front_matter(cleaned)
    if not body.strip():
        raise InputError(f"{label}: only whitespace")
    return Article(
        id=id,
        text=body,
        path=path,
        source=source or meta.get("source", ""),
        title=title or meta.get("title", ""),
        date=date or meta.get("date", ""),
        url=url or meta.get("url", ""),
        sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        line_offset=offset,
        kind="text",
    )


# --------------------------------------------------------------------------- helpers


def _warn(on_warning: Warn, message: str) -> None:
    """Hand a warning to the caller's callable or list; drop it when there is neither."""
    if on_warning is None:
        return
    if isinstance(on_warning, list):
        on_warning.append(message)
    else:
        on_warning(message)


def _show(path: str | os.PathLike[str]) -> str:
    """A path for a one-line message (control characters escaped)."""
    text = os.fspath(path)
    return text if text.isprintable() else repr(text)[1:-1]


def _first_line(exc: BaseException) -> str:
    """An exception's message on one line."""
    return " ".join(str(exc).split())


def _os_error(label: str, exc: OSError) -> InputError:
    """An operating-system error as a one-line InputError."""
    if isinstance(exc, FileNotFoundError):
        return InputError(f"{label}: no such file or directory")
    if isinstance(exc, PermissionError):
        return InputError(f"{label}: permission denied")
    if isinstance(exc, NotADirectoryError):
        return InputError(f"{label}: no such file or directory (a parent is not a directory)")
    return InputError(f"{label}: cannot read ({_first_line(exc.strerror or exc)})")
