"""Script detection, Simplified normalisation for analysis, tokens with offsets, sentences.

The one adapter to jieba and OpenCC. What users see stays as written: analysis runs on a
*normalised* copy of the text that has exactly the same length (Traditional -> Simplified
character by character where OpenCC's phrase conversion would change the length, full-width
ASCII -> ASCII, lower case), so every offset found on the copy is an offset into the original.

Examples
--------
>>> from framing.text import normalize, tokenize
>>> normalize("開源模型")
'开源模型'
>>> [(t.text, t.start, t.end) for t in tokenize("輝達股價暴跌")][:2]
[('輝達', 0, 2), ('股價', 2, 4)]
"""

from __future__ import annotations

import functools
import hashlib
import logging
import marshal
import os
import sys
import tempfile
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from .model import Token

# --------------------------------------------------------------------------- characters


def is_cjk(ch: str) -> bool:
    """True for a CJK ideograph (unified, extension A, compatibility)."""
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x2FA1F
    )


def is_word(token: str) -> bool:
    """True when a token holds a letter, digit or ideograph (not punctuation or space)."""
    return any(ch.isalnum() for ch in token)


def _fold_char(ch: str) -> str:
    o = ord(ch)
    if 0xFF01 <= o <= 0xFF5E:  # full-width ASCII
        return chr(o - 0xFEE0).lower()
    if o == 0x3000:
        return " "
    low = ch.lower()
    return low if len(low) == 1 else ch


# --------------------------------------------------------------------------- OpenCC


@functools.lru_cache(maxsize=1)
def _converters():
    import opencc

    return opencc.OpenCC("t2s"), opencc.OpenCC("s2t")


_SURROGATE = re.compile("[\ud800-\udfff]")


def to_simplified(text: str) -> str:
    """Traditional -> Simplified with OpenCC, guaranteed to keep the length (offsets hold)."""
    if not text:
        return text
    if _SURROGATE.search(text):  # lone surrogates (only from Python strings, never from decoded files)
        safe = to_simplified(_SURROGATE.sub("\ufffd", text))
        return "".join(o if _SURROGATE.match(o) else c for o, c in zip(text, safe))
    t2s = _converters()[0]
    out = t2s.convert(text)
    if len(out) == len(text):
        return out
    # a phrase rule changed the length: convert piece by piece between ideograph runs
    pieces = []
    for run in re.finditer(r"[\u3400-\u9fff\uf900-\ufaff]+|[^\u3400-\u9fff\uf900-\ufaff]+", text):
        seg = run.group()
        conv = t2s.convert(seg)
        if len(conv) != len(seg):
            conv = "".join(c if len(c) == 1 else o for o, c in ((o, t2s.convert(o)) for o in seg))
        pieces.append(conv)
    return "".join(pieces)


def normalize(text: str) -> str:
    """The analysis form of ``text``: Simplified, ASCII-folded, lower case, same length."""
    folded = "".join(_fold_char(ch) for ch in text)
    return to_simplified(folded)


def normalize_term(term: str) -> str:
    """The key a lexicon term is matched by (its analysis form, stripped)."""
    return normalize(unicodedata.normalize("NFC", term.strip()))


# --------------------------------------------------------------------------- script


@functools.lru_cache(maxsize=4096)
def _char_kind(ch: str) -> int:
    """+1 a Traditional-only character, -1 a Simplified-only one, 0 shared or not CJK."""
    if not is_cjk(ch):
        return 0
    t2s, s2t = _converters()
    if t2s.convert(ch) != ch:
        return 1
    if s2t.convert(ch) != ch:
        return -1
    return 0


def detect_script(text: str) -> str:
    """Which script a text is written in: traditional, simplified, mixed, latin or unknown.

    Counts characters that exist only in one script. A text with almost no such characters
    (short, or written with shared characters only) is "unknown" unless it is mostly Latin.

    >>> detect_script("開源模型的許可證")
    'traditional'
    >>> detect_script("开源模型的许可证")
    'simplified'
    """
    trad = simp = cjk = latin = 0
    for ch in text:
        if is_cjk(ch):
            cjk += 1
            k = _char_kind(ch)
            trad += k == 1
            simp += k == -1
        elif ch.isalpha():
            latin += 1
    if cjk == 0:
        return "latin" if latin else "unknown"
    if latin > 2 * cjk:
        return "latin"
    marked = trad + simp
    if marked < 2:
        return "unknown"
    if trad >= 0.9 * marked:
        return "traditional"
    if simp >= 0.9 * marked:
        return "simplified"
    return "mixed"


# --------------------------------------------------------------------------- jieba


def _import_jieba():
    """Import jieba without letting it import pkg_resources (0.18 s of a 1 s cold start, measured).

    jieba's ``_compat`` falls back to plain ``open()`` for its data files when ``pkg_resources``
    cannot be imported; we hide it for the duration of that one import only.
    """
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    hide = "pkg_resources" not in sys.modules
    if hide:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]
    try:
        import jieba
    finally:
        if hide:
            del sys.modules["pkg_resources"]
    jieba.setLogLevel(logging.WARNING)
    return jieba


@functools.lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, int], int]:
    """jieba's prefix dictionary (word -> frequency) and its total, loaded once and never changed."""
    jieba = _import_jieba()
    # jieba reads its cache with marshal.load on a file object; reading the bytes first and using
    # marshal.loads is about 3x faster (the same data; jieba writes the file on its first run)
    cache = Path(tempfile.gettempdir()) / "jieba.cache"
    if cache.is_file():
        try:
            freq, total = marshal.loads(cache.read_bytes())
            return freq, total
        except (ValueError, EOFError, TypeError):
            pass
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok.FREQ, tok.total


@functools.lru_cache(maxsize=3)
def _tokenizer(words: frozenset[str] = frozenset()):
    """A private jieba tokenizer whose dictionary is jieba's plus exactly ``words``.

    Built from a copy of the shared dictionary with the words added in sorted order, so the cuts
    depend only on the word set, never on what was loaded before (jieba's global tokenizer is left
    alone). The result is cached next to jieba's own cache, keyed by the word set, so a cold start
    loads one file instead of loading jieba's and re-adding a thousand words.
    """
    jieba = _import_jieba()
    tok = jieba.Tokenizer()
    if not words:
        tok.FREQ, tok.total = _dictionary()
        tok.initialized = True
        return tok
    key = hashlib.sha256(("\n".join(sorted(words)) + "\0" + jieba.__version__).encode()).hexdigest()[:20]
    cache = Path(tempfile.gettempdir()) / f"framing-jieba-{key}.cache"
    if cache.is_file():
        try:
            tok.FREQ, tok.total = marshal.loads(cache.read_bytes())
            tok.initialized = True
            return tok
        except (ValueError, EOFError, TypeError):
            pass
    freq, total = _dictionary()
    tok.FREQ, tok.total, tok.initialized = dict(freq), total, True
    for w in sorted(words):
        if len(w) > 1 and not w.isascii() and " " not in w:
            tok.add_word(w, freq=tok.suggest_freq(w, False))
    try:  # write atomically; a read-only temp dir only costs speed
        fd, tmp = tempfile.mkstemp(dir=cache.parent, prefix=".framing-jieba-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(marshal.dumps((tok.FREQ, tok.total)))
        os.replace(tmp, cache)
    except OSError:
        pass
    return tok


_vocabulary: frozenset[str] = frozenset()


def use_words(words: Iterable[str]) -> frozenset[str]:
    """Make ``words`` (analysis form) the extra vocabulary of :func:`tokenize`; returns the set.

    Lexicon terms must be words of the tokenizer, otherwise jieba may cut a term in two and it
    never matches. ``analysis.settings`` gathers every rule file's words and calls this.
    """
    global _vocabulary
    _vocabulary = frozenset(words)
    return _vocabulary


def add_words(words: Iterable[str]) -> None:
    """Add words to the current vocabulary (a rule file loaded on its own registers its words)."""
    use_words(_vocabulary | frozenset(words))


def vocabulary() -> frozenset[str]:
    """The extra words :func:`tokenize` currently knows."""
    return _vocabulary


def tokenize(text: str, *, words: frozenset[str] | None = None) -> tuple[Token, ...]:
    """Cut ``text`` into word tokens with offsets into ``text`` as written.

    Whitespace is dropped; punctuation stays as tokens (filter with :func:`is_word`).
    jieba runs on the normalised (Simplified) form, where its dictionary is strongest.
    ``words`` overrides the current vocabulary (see :func:`use_words`).
    """
    if not text:
        return ()
    norm = normalize(text)
    tok = _tokenizer(_vocabulary if words is None else words)
    out = []
    for word, start, end in tok.tokenize(norm):
        if word.isspace():
            continue
        out.append(Token(text[start:end], norm[start:end], start, end))
    return tuple(out)


def base_cut(norm: str) -> tuple[str, ...]:
    """How jieba's own dictionary (no lexicon words) cuts a string in analysis form.

    >>> base_cut("自我审查")
    ('自我', '审查')
    """
    return tuple(w for w, _, _ in _tokenizer(frozenset()).tokenize(norm) if not w.isspace())


def word_frequency(norm_word: str) -> int:
    """jieba's dictionary frequency of a word in analysis form (0 when unknown)."""
    return _tokenizer(_vocabulary).FREQ.get(norm_word, 0) or 0


# --------------------------------------------------------------------------- sentences

_SENT_END = re.compile(r"[。！？!?…]+[」』”’\"'）)]*|\n+|[.](?=\s)")


def split_sentences(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each sentence: ends at 。！？!? (with closing quotes), a newline, or '. '."""
    spans = []
    start = 0
    for m in _SENT_END.finditer(text):
        end = m.end()
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    return tuple(spans)
