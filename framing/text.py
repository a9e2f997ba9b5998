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

import array
import functools
import hashlib
import importlib.util
import itertools
import logging
import marshal
import math
import os
import re
import struct
import sys
import tempfile
import threading
import unicodedata
from collections import Counter
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
    # isalnum() settles most tokens at C speed, and a one-character token it rejects is punctuation
    return token.isalnum() or (len(token) > 1 and any(ch.isalnum() for ch in token))


def count_words(tokens: Iterable[Token]) -> int:
    """How many tokens are words (:func:`is_word`): the length that per-100-word scores divide by.

    >>> count_words(tokenize("輝達股價重挫16.86%！"))
    4
    """
    texts = [t.text for t in tokens]
    # str.isalnum settles nearly every token at C speed; the rest (punctuation, 16.86%, COVID-19) is asked
    return sum(map(str.isalnum, texts)) + sum(1 for w in itertools.filterfalse(str.isalnum, texts) if is_word(w))


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


_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]+")


def _unwide(m: re.Match) -> str:
    return "".join(" " if ch == "\u3000" else chr(ord(ch) - 0xFEE0).lower() for ch in m.group())


def _fold(text: str) -> str:
    """Full-width ASCII -> ASCII and lower case, character by character (same length)."""
    # str.lower() on the whole text is 40x faster than the loop; it equals the loop when no character
    # lower-cases to two (none lower-cases to nothing, so an equal length says so) and there is no
    # capital sigma (str.lower() picks final or medial sigma by context; _fold_char does not).
    # Full-width letters lower-case to full-width lower case, which _unwide maps like _fold_char.
    if "\u03a3" not in text:
        low = text.lower()
        if len(low) == len(text):
            return _FULL_WIDTH.sub(_unwide, low)
    return "".join(_fold_char(ch) for ch in text)


def normalize(text: str) -> str:
    """The analysis form of ``text``: Simplified, ASCII-folded, lower case, same length."""
    return to_simplified(_fold(text))


def normalize_term(term: str) -> str:
    """The key a lexicon term is matched by (its analysis form, stripped)."""
    return normalize(unicodedata.normalize("NFC", term.strip()))


# --------------------------------------------------------------------------- script


_OTHER, _LATIN, _SHARED, _TRAD, _SIMP = range(5)
_CHAR_CLASS: dict[str, int] = {}  # characters met so far -> class (bounded: hostile text may hold any)
_CHAR_CLASS_MAX = 100_000


def _char_class(ch: str) -> int:
    """A character's class for script detection: other, Latin letter, or CJK shared / Traditional-only /
    Simplified-only (OpenCC converts it one way only), memoised."""
    c = _CHAR_CLASS.get(ch)
    if c is None:
        if is_cjk(ch):
            t2s, s2t = _converters()
            c = _TRAD if t2s.convert(ch) != ch else _SIMP if s2t.convert(ch) != ch else _SHARED
        else:
            c = _LATIN if ch.isalpha() else _OTHER
        if len(_CHAR_CLASS) < _CHAR_CLASS_MAX:
            _CHAR_CLASS[ch] = c
    return c


def detect_script(text: str) -> str:
    """Which script a text is written in: traditional, simplified, mixed, latin or unknown.

    Counts characters that exist only in one script. A text with almost no such characters
    (short, or written with shared characters only) is "unknown" unless it is mostly Latin.

    >>> detect_script("開源模型的許可證")
    'traditional'
    >>> detect_script("开源模型的许可证")
    'simplified'
    """
    counts = [0] * 5
    known = _CHAR_CLASS.get
    for ch, n in Counter(text).items():  # each distinct character once
        c = known(ch)
        counts[_char_class(ch) if c is None else c] += n
    latin, trad, simp = counts[_LATIN], counts[_TRAD], counts[_SIMP]
    cjk = counts[_SHARED] + trad + simp
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
    """jieba's whole prefix dictionary (word -> frequency) and its total, loaded once and never changed.

    Only needed to build a vocabulary's cache (:func:`_build_cache`) and by :func:`_reference_tokenize`.
    """
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


def _addable(word: str) -> bool:
    """Whether a vocabulary word goes into the tokenizer's dictionary (ASCII words and phrases do not)."""
    return len(word) > 1 and not word.isascii() and " " not in word


def _full_freq(words: frozenset[str]) -> tuple[dict[str, int], int]:
    """jieba's dictionary plus ``words`` (in sorted order, so the result depends only on the set)."""
    jieba = _import_jieba()
    freq, total = _dictionary()
    tok = jieba.Tokenizer()
    tok.FREQ, tok.total, tok.initialized = dict(freq), total, True
    for w in sorted(words):
        if _addable(w):
            tok.add_word(w, freq=tok.suggest_freq(w, False))
    return tok.FREQ, tok.total


# The prefix dictionary of a vocabulary (~500k entries: words and their prefixes) costs 0.3 s to
# unmarshal whole, yet tokenising a text only ever looks up substrings of that text: jieba's
# get_DAG looks up text[k:i+1] for each start k, calc and the HMM fallback look up pieces of the
# text too (finalseg's model is separate). So the cache stores the entries in buckets by their
# first two characters (one character for one-character entries), and before a text is tokenised
# the buckets of its characters and adjacent pairs are merged in: every key jieba asks about is
# then present exactly when it is in the whole dictionary, and the cuts are the same
# (tests/test_text.py compares with the whole dictionary on the dev set and the articles).
_CACHE_MAGIC = b"framing-jieba-buckets 2\n"
_NBUCKETS = 1 << 18  # ~180k distinct first pairs in the dictionary: few pairs share a bucket
_HEADER = struct.Struct("<24sIQQ")  # magic, buckets, total, entries; then buckets+1 uint32 offsets (LE)
_U32 = next(c for c in "IL" if array.array(c).itemsize == 4)


def _bucket(gram: str) -> int:
    """The bucket of a dictionary key's first two characters (or its only one)."""
    h = ord(gram[0])
    if len(gram) > 1:
        h = h * 1000003 ^ ord(gram[1]) * 7919
    return h & (_NBUCKETS - 1)


def _cache_bytes(freq: dict[str, int], total: int) -> bytes:
    """The bucketed cache file's content for a prefix dictionary."""
    groups: list[dict[str, int]] = [{} for _ in range(_NBUCKETS)]
    for word, f in freq.items():
        groups[_bucket(word[:2])][word] = f
    blobs = [marshal.dumps(g) if g else b"" for g in groups]
    offsets = array.array(_U32, [_HEADER.size + 4 * (_NBUCKETS + 1)])
    for b in blobs:
        offsets.append(offsets[-1] + len(b))
    if sys.byteorder == "big":
        offsets.byteswap()
    head = _HEADER.pack(_CACHE_MAGIC, _NBUCKETS, total, len(freq))
    return b"".join([head, offsets.tobytes(), *blobs])


class _Dictionary:
    """A vocabulary's prefix dictionary, filled bucket by bucket from its cache as texts need it.

    ``freq`` is the dict a jieba tokenizer looks words up in; it only ever grows, and every entry
    it holds is the whole dictionary's. :meth:`cover` must run on a text before it is tokenised.
    """

    def __init__(self, data: bytes):
        magic, n, total, entries = _HEADER.unpack_from(data)
        if magic != _CACHE_MAGIC or n != _NBUCKETS:
            raise ValueError("not a framing dictionary cache")
        self.offsets = array.array(_U32)
        self.offsets.frombytes(data[_HEADER.size : _HEADER.size + 4 * (n + 1)])
        if sys.byteorder == "big":
            self.offsets.byteswap()
        if len(self.offsets) != n + 1 or self.offsets[-1] != len(data):
            raise ValueError("truncated framing dictionary cache")
        self.data = memoryview(data)
        self.total = total
        self.entries = entries
        self.freq: dict[str, int] = {}
        self.loaded = bytearray(n)
        self.complete = False
        self.lock = threading.Lock()

    def _load(self, buckets: Iterable[int]) -> None:
        offsets, data, loaded, freq = self.offsets, self.data, self.loaded, self.freq
        for b in buckets:
            if not loaded[b]:
                start, end = offsets[b], offsets[b + 1]
                if end > start:
                    freq.update(marshal.loads(data[start:end]))
                loaded[b] = 1

    def cover(self, text: str) -> None:
        """Merge in every bucket a lookup while tokenising ``text`` can reach."""
        if self.complete:
            return
        grams = {text[i : i + 2] for i in range(len(text))}  # the pairs, and the last character
        grams.update(text)
        loaded = self.loaded
        need = {b for b in map(_bucket, grams) if not loaded[b]}
        if not need:
            return
        with self.lock:
            self._load(sorted(need))
            if 3 * len(self.freq) > self.entries:  # most of it is needed anyway (a corpus): take it all
                self._load_all()

    def load_all(self) -> None:
        """Merge in every bucket (then :meth:`cover` has nothing left to check)."""
        with self.lock:
            self._load_all()

    def _load_all(self) -> None:
        if not self.complete:
            self._load(range(_NBUCKETS))
            self.complete = True
            self.data = memoryview(b"")

    def get(self, word: str) -> int:
        """A word's frequency (0 when unknown or only a prefix)."""
        if word and not self.complete:
            with self.lock:
                self._load((_bucket(word[:2]),))
        return self.freq.get(word, 0) or 0


@functools.lru_cache(maxsize=1)
def _jieba_stamp() -> str:
    """What identifies the installed jieba and its dictionary, found without importing it."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.origin:
        raise ImportError("jieba is not installed")
    parts = [spec.origin]
    for f in (Path(spec.origin), Path(spec.origin).with_name("dict.txt")):
        try:
            st = f.stat()
            parts.append(f"{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append("-")
    return "|".join(parts)


@functools.lru_cache(maxsize=4)
def _dictionary_for(words: frozenset[str]) -> _Dictionary:
    """The bucketed prefix dictionary of jieba's dictionary plus ``words``, cached in the temp dir.

    Keyed by the word set and the installed jieba, so a cold start reads one file (and unmarshals
    only the buckets its texts need) instead of loading jieba's dictionary and re-adding the words.
    """
    key_text = "\n".join(sorted(words)) + "\0" + _jieba_stamp() + "\0" + _CACHE_MAGIC.decode()
    key = hashlib.sha256(key_text.encode("utf-8", "surrogatepass")).hexdigest()[:20]
    cache = Path(tempfile.gettempdir()) / f"framing-jieba-{key}.buckets"
    try:
        return _Dictionary(cache.read_bytes())
    except (OSError, ValueError, struct.error):
        pass
    data = _cache_bytes(*_full_freq(words))
    try:  # write atomically; a read-only temp dir only costs speed
        fd, tmp = tempfile.mkstemp(dir=cache.parent, prefix=".framing-jieba-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, cache)
    except OSError:
        pass
    return _Dictionary(data)


@functools.lru_cache(maxsize=3)
def _tokenizer(words: frozenset[str] = frozenset()):
    """A private jieba tokenizer whose dictionary is jieba's plus exactly ``words``; returns it and its
    :class:`_Dictionary` (call ``cover(text)`` on that before tokenising ``text``).

    The cuts depend only on the word set, never on what was loaded before (jieba's global
    tokenizer is left alone).
    """
    d = _dictionary_for(words)
    return _jieba_for(d), d


def _jieba_for(d: _Dictionary):
    """A tokenizer (see :func:`_tokenizer_class`) that looks words up in ``d``."""
    tok = _tokenizer_class()()
    tok.FREQ, tok.total, tok.initialized = d.freq, d.total, True
    tok.logtotal, tok.logp = math.log(d.total), {}
    return tok


@functools.lru_cache(maxsize=1)
def _tokenizer_class():
    """jieba's Tokenizer with its two inner loops, ``get_DAG`` and ``calc``, written tighter.

    Same algorithm, same floating-point operations in the same order, so the same cuts (the tests
    compare with the stock Tokenizer on every dev text); about 20% less time per text. ``calc``
    memoises each word's log(freq) - log(total): under :meth:`_Dictionary.cover` every word jieba
    looks up already has its whole-dictionary frequency, so a memoised value never goes stale.
    """
    jieba = _import_jieba()

    class Tokenizer(jieba.Tokenizer):
        logtotal: float
        logp: dict[str, float]

        def get_DAG(self, sentence: str) -> dict[int, list[int]]:  # noqa: N802 - jieba's name
            freq = self.FREQ
            dag = {}
            n = len(sentence)
            for k in range(n):
                frag = sentence[k]
                if frag not in freq:
                    dag[k] = [k]
                    continue
                ends = []
                i = k
                while True:
                    if freq[frag]:
                        ends.append(i)
                    i += 1
                    if i >= n:
                        break
                    frag = sentence[k : i + 1]
                    if frag not in freq:
                        break
                dag[k] = ends or [k]
            return dag

        def calc(self, sentence: str, DAG: dict[int, list[int]], route: dict) -> None:  # noqa: N803
            n = len(sentence)
            route[n] = (0, 0)
            logp, freq, logtotal, log = self.logp, self.FREQ, self.logtotal, math.log
            for idx in range(n - 1, -1, -1):
                best = None
                for x in DAG[idx]:  # max() over (score, end): ends differ, so no ties to break
                    w = sentence[idx : x + 1]
                    p = logp.get(w)
                    if p is None:
                        p = logp[w] = log(freq.get(w) or 1) - logtotal
                    cand = (p + route[x + 1][0], x)
                    if best is None or cand > best:
                        best = cand
                route[idx] = best

    return Tokenizer


@functools.lru_cache(maxsize=1)
def _reference_tokenizer(words: frozenset[str]):
    jieba = _import_jieba()
    tok = jieba.Tokenizer()
    tok.FREQ, tok.total = _full_freq(words)
    tok.initialized = True
    return tok


def _reference_tokenize(norm: str, words: frozenset[str]) -> list[tuple[str, int, int]]:
    """jieba's tokens of ``norm`` with the whole dictionary in memory (what :func:`tokenize` must equal)."""
    return list(_reference_tokenizer(words).tokenize(norm))


# --------------------------------------------------------------------------- rjieba (opt-in backend)

#: The tokenizer backends: jieba (the default) and rjieba (jieba's dictionary and algorithm in Rust,
#: ``pip install "framing[fast]"``; it keeps hyphenated names such as COVID-19 whole).
BACKENDS = ("jieba", "rjieba")


def check_backend(name: str) -> str:
    """``name`` if it is a usable backend; a one-line UsageError otherwise."""
    from .errors import UsageError

    if name not in BACKENDS:
        raise UsageError(f"unknown tokenizer {name!r}: choose one of {', '.join(BACKENDS)}")
    if name == "rjieba" and "rjieba" not in sys.modules and importlib.util.find_spec("rjieba") is None:
        raise UsageError('the rjieba tokenizer is not installed: pip install "framing[fast]" (or rjieba)')
    return name


def _rjieba_class():
    """rjieba's ``Jieba`` class, importing its compiled module only.

    The ``rjieba`` package's ``__init__`` builds a default tokenizer (0.1 s, measured) that we never
    use; its compiled module ``rjieba.rjieba`` is imported alone, registered under its own name so a
    later ``import rjieba`` elsewhere reuses it.
    """
    for name in ("rjieba.rjieba", "rjieba"):
        mod = sys.modules.get(name)
        if mod is not None and hasattr(mod, "Jieba"):
            return mod.Jieba
    try:
        import importlib.machinery

        pkg = importlib.util.find_spec("rjieba")
        spec = importlib.machinery.PathFinder.find_spec("rjieba.rjieba", list(pkg.submodule_search_locations or ()))
        if spec is None or spec.loader is None:
            raise ImportError("rjieba.rjieba not found")
        mod = importlib.util.module_from_spec(spec)
        sys.modules["rjieba.rjieba"] = mod
        spec.loader.exec_module(mod)
        return mod.Jieba
    except Exception:  # an unusual layout: the ordinary import
        import rjieba

        return rjieba.Jieba


@functools.lru_cache(maxsize=3)
def _rjieba(words: frozenset[str] = frozenset()):
    """A private rjieba tokenizer whose dictionary is its own (jieba's) plus exactly ``words``.

    Each word gets the frequency jieba's tokenizer gave it (from the vocabulary's cache: 10 ms for
    1,800 words where rjieba's own suggest_freq takes 110 ms), so both backends share one dictionary.
    """
    tok = _rjieba_class()()
    freq = _dictionary_for(words)
    for w in sorted(words):
        if _addable(w):
            tok.add_word(w, freq.get(w) or tok.suggest_freq(w), None)
    return tok


# --------------------------------------------------------------------------- vocabulary, tokens

_vocabulary: frozenset[str] = frozenset()
_backend: str = "jieba"


def use_words(words: Iterable[str], *, backend: str | None = None) -> frozenset[str]:
    """Make ``words`` (analysis form) the extra vocabulary of :func:`tokenize`; returns the set.

    Lexicon terms must be words of the tokenizer, otherwise jieba may cut a term in two and it
    never matches. ``analysis.settings`` gathers every rule file's words and calls this.
    ``backend`` (one of :data:`BACKENDS`) also makes that the default tokenizer.
    """
    global _vocabulary, _backend
    if backend is not None:
        _backend = check_backend(backend)
    _vocabulary = frozenset(words)
    return _vocabulary


def add_words(words: Iterable[str]) -> None:
    """Add words to the current vocabulary (a rule file loaded on its own registers its words)."""
    use_words(_vocabulary | frozenset(words))


def vocabulary() -> frozenset[str]:
    """The extra words :func:`tokenize` currently knows."""
    return _vocabulary


def backend() -> str:
    """The tokenizer :func:`tokenize` uses when not told (see :func:`use_words`)."""
    return _backend


def _cut(norm: str, words: frozenset[str], backend: str) -> list[str]:
    """The words of ``norm`` in order, whitespace included: they concatenate to ``norm`` (offsets follow)."""
    if backend == "rjieba":
        if _SURROGATE.search(norm):  # Rust strings cannot hold lone surrogates; same length
            norm = _SURROGATE.sub("\ufffd", norm)
        return _rjieba(words).cut(norm, True)
    tok, d = _tokenizer(words)
    d.cover(norm)
    return tok.lcut(norm)


def tokenize(text: str, *, words: frozenset[str] | None = None, backend: str | None = None,
             norm: str | None = None) -> tuple[Token, ...]:
    """Cut ``text`` into word tokens with offsets into ``text`` as written.

    Whitespace is dropped; punctuation stays as tokens (filter with :func:`is_word`).
    jieba runs on the normalised (Simplified) form, where its dictionary is strongest.
    ``words`` overrides the current vocabulary (see :func:`use_words`), ``backend`` the current
    tokenizer ("jieba" or "rjieba", see :data:`BACKENDS`); ``norm`` is ``normalize(text)`` when the
    caller has it already.
    """
    if not text:
        return ()
    if norm is None:
        norm = normalize(text)
    out = []
    start = 0
    for word in _cut(norm, _vocabulary if words is None else words, backend or _backend):
        end = start + len(word)
        if not word.isspace():
            out.append(Token(text[start:end], norm[start:end], start, end))
        start = end
    return tuple(out)


def preload(words: frozenset[str] | None = None, backend: str | None = None) -> None:
    """Load the whole dictionary of a vocabulary's tokenizer now.

    A corpus needs nearly every bucket anyway; loading them once before forking workers lets every
    worker share them (copy-on-write) and spares each paragraph the check of what it needs.
    """
    words = _vocabulary if words is None else words
    if (backend or _backend) == "rjieba":
        _rjieba(words)
        return
    _tokenizer(words)[1].load_all()


def base_cut(norm: str) -> tuple[str, ...]:
    """How jieba's own dictionary (no lexicon words) cuts a string in analysis form.

    >>> base_cut("自我审查")
    ('自我', '审查')
    """
    return tuple(w for w in _cut(norm, frozenset(), "jieba") if not w.isspace())


def word_frequency(norm_word: str) -> int:
    """jieba's dictionary frequency of a word in analysis form (0 when unknown).

    From jieba's dictionary plus the current vocabulary, whichever backend tokenises (rjieba
    uses the same dictionary), read from the cache without importing jieba.
    """
    return _dictionary_for(_vocabulary).get(norm_word)


# --------------------------------------------------------------------------- sentences

_SENT_END = re.compile(r"[。！？!?…]+[」』”’\"'）)]*|\n+|[.](?=\s)")


@functools.lru_cache(maxsize=16)  # the tone scorers ask twice per paragraph
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
