"""Voices: who a text quotes or cites (:func:`extract_voices`): people, organisations, media, anonymous sources.

A voice is the name nearest before an attribution verb (X表示, X稱), the source of 據X報導, or the source after
a citing verb (報導引述業界人士); mentions of one voice are merged across paragraphs. Only the clauses that
hold an attribution word (``voice_triggers`` of :class:`~framing.claims.rules.ClaimRules`) are read, with the
tokens of :mod:`framing.claims.clauses`. No part-of-speech tagger: names, organisations and media are
recognised from the ``[voices]`` words of claims.toml and jieba's word frequencies (see the comment below).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Token, Voice
from ..text import is_cjk, is_word, normalize, word_frequency
from .clauses import _LATIN, _Cuts, _clause, _clause_tokens, _given, _time_word
from .naming import _ensure_vocabulary
from .rules import ClaimRules, load_claim_rules


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
