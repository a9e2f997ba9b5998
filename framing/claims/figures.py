"""Figures: numbers with units normalised to values (:func:`extract_figures`), and paired across sources
(:func:`pair_figures`).

* Numerals: Arabic (1,234.5) and Chinese (五千八百九十億, 两成), with magnitudes (萬/億/兆), read by
  ``_read_number``; ``_find_figures`` attaches units (percent, percentage points, currencies, counts, durations,
  measures, multiples), hedges (約, 不到, 逾 ...) and ranges, and skips what is no figure: dates, years, clock
  times, ranks (前十, 第二季度), model names and versions (GPT-4o, H800), tickers.
* Context and about: the content words of a figure's clause, and what it measures ("英偉達 股價": the nearest
  measure noun before it with its subject, else the two nearest content words).
* Anchors: the date or time a figure holds for (週一, 27日, 第一季), stored in its context as "@" tokens; two
  figures whose anchors differ in a field never pair.
* Pairing: candidates of one kind and unit family whose context words overlap (information-weighted Dice, with
  ``[context.synonyms]`` and the regional variants of naming.toml folded), taken greedily one to one; agreement
  allows for rounding, hedges and ranges (``[agreement]`` of claims.toml).

The words come from ``claims.toml`` (:mod:`framing.claims.rules`); clauses and tokens from
:mod:`framing.claims.clauses`; the naming table (vocabulary, and 輝達 = 英偉達 when pairing) from
:mod:`framing.claims.naming`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..errors import LexiconError
from ..model import Figure, FigurePair, Token
from ..text import is_word, normalize, word_frequency
from .clauses import _LATIN, _clause, _clause_tokens, _given, _time_word
from .naming import NamingTable, _ensure_vocabulary, load_naming
from .rules import ClaimRules, load_claim_rules


# =========================================================================== figures: numerals

_ARABIC = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?")


@dataclass(slots=True)
class _Num:
    """A numeral read from the analysis form: its value, where it ends, and how it was written."""

    value: float
    end: int
    chinese: bool
    first: str  # its first character (a digit, or a place / magnitude as in 萬張)
    has_place: bool  # a place or magnitude character (十百千萬億兆) was used
    magnitude: float  # product of the magnitudes written after an Arabic number (1萬億 -> 1e12)
    inside: str  # qualifier of an inside hedge (1萬多張, 二十多萬), or ""
    int_digits: int  # Arabic digits before the decimal point (2025 -> 4), 0 for a Chinese numeral


def _parse_small(s: str, rules: ClaimRules) -> float | None:
    """A Chinese numeral below 萬 (三千五百, 十二, 一百零五, 三千五, 三點五); None when malformed."""
    if not s:
        return 1.0  # a bare magnitude: 萬 = 一萬
    dec = next((p for p in rules.decimal_point if p in s), None)
    if dec is not None:
        head, _, tail = s.partition(dec)
        if not head or not tail or any(ch not in rules.digits for ch in tail):
            return None
        whole = _parse_small(head, rules)
        if whole is None:
            return None
        return whole + float("0." + "".join(str(rules.digits[ch]) for ch in tail))
    total = 0
    digit: int | None = None
    last_place: int | None = None
    for ch in s:
        if ch in rules.digits:
            if digit is not None and rules.digits[ch] != 0 and digit != 0:
                return None  # two digits in a row (六四) is not a numeral
            digit = rules.digits[ch]
        elif ch in rules.places:
            place = rules.places[ch]
            if last_place is not None and place >= last_place:
                return None
            total += (1 if digit is None else digit) * place
            digit = None
            last_place = place
        else:
            return None
    if digit is not None:
        if last_place is not None and last_place >= 100 and s[-2] in rules.places:
            total += digit * last_place // 10  # 三千五 = 3500: the next lower place
        else:
            total += digit
    return float(total)


def _parse_chinese(s: str, rules: ClaimRules) -> float | None:
    """A Chinese numeral with magnitudes (三億五千萬, 一萬億, 兩萬, 萬); None when malformed."""
    mags = [(rules.magnitudes[ch], i) for i, ch in enumerate(s) if ch in rules.magnitudes]
    if not mags:
        return _parse_small(s, rules)
    top = max(m for m, _ in mags)
    i = max(i for m, i in mags if m == top)
    left = _parse_chinese(s[:i], rules) if i else 1.0
    if left is None:
        return None
    tail = s[i + 1:]
    right = 0.0
    if tail:
        if len(tail) == 1 and tail in rules.digits and i > 0:
            right = rules.digits[tail] * top / 10  # 一萬五 = 15000
        else:
            r = _parse_chinese(tail, rules)
            if r is None or r >= top:
                return None
            right = r
    return left * top + right


def _read_number(norm: str, i: int, rules: ClaimRules, unit_at) -> _Num | int:
    """Read the numeral starting at ``i``; return a :class:`_Num`, or where the run to skip ends."""
    mag_chars = {**rules.places, **rules.magnitudes}
    n = len(norm)
    m = _ARABIC.match(norm, i)
    if m:
        j = m.end()
        if j < n - 1 and norm[j] == "." and norm[j + 1].isdigit():
            while j < n and (norm[j].isdigit() or norm[j] == "."):
                j += 1
            return j  # a version number (3.1.2)
        lit = m.group().replace(",", "")
        num = _Num(float(lit), j, False, lit[0], False, 1.0, "", len(lit.split(".")[0]))
    else:
        chars = set(rules.digits) | set(mag_chars)
        j = i
        while j < n and (norm[j] in chars or (norm[j] in rules.decimal_point and j > i)):
            if j > i and norm[j] in rules.places and unit_at(j):
                break  # 3百分點: the place starts a unit word
            j += 1
        while j > i and norm[j - 1] in rules.decimal_point:
            j -= 1
        s = norm[i:j]
        if not s:
            return i + 1
        value = _parse_chinese(s, rules)
        if value is None:
            return j
        num = _Num(float(value), j, True, s[0], any(ch in mag_chars for ch in s), 1.0, "", 0)
    # magnitudes after an Arabic number (5890億, 1萬億), and an inside hedge (1萬多張, 二十多萬, 100餘人)
    while True:
        j = num.end
        if j < n and norm[j] in rules.hedges_inside and not num.inside and (
            (j + 1 < n and norm[j + 1] in rules.magnitudes) or unit_at(j + 1)
        ):
            num.inside = rules.hedges_inside[norm[j]]
            num.end = j + 1
            continue
        after_inside = norm[j - 1] in rules.hedges_inside
        if j < n and norm[j] in mag_chars and not unit_at(j) and (not num.chinese or after_inside):
            num.value *= mag_chars[norm[j]]
            num.magnitude *= mag_chars[norm[j]]
            num.has_place = True
            num.end = j + 1
            continue
        break
    return num


def _longest(norm: str, at: int, words: Iterable[str], *, ending: bool = False) -> str | None:
    """The longest word of ``words`` starting (or, with ``ending``, ending) at ``at``."""
    best = None
    for w in words:
        if ending:
            ok = at - len(w) >= 0 and norm.startswith(w, at - len(w))
        else:
            ok = norm.startswith(w, at)
        if ok and (best is None or len(w) > len(best)):
            best = w
    return best


@dataclass(slots=True)
class _Cand:
    start: int  # of the numeral (or of its percent prefix 百分之)
    end: int  # after the unit (before a suffix hedge)
    num: _Num
    kind: str
    unit: str  # a code (%, USD, 元) or "" when the unit is the word as written
    currency: str
    qualifier: str
    unit_span: tuple[int, int]
    high: float | None = None
    prefix_pct: bool = False


def _read_figure(norm: str, i: int, rules: ClaimRules, floor: int) -> tuple[_Cand | None, int]:
    """Read a numeral starting at ``i`` with its unit: (candidate or None for a date, where to resume)."""

    def unit_at(j: int) -> bool:
        return _longest(norm, j, rules.units) is not None

    num = _read_number(norm, i, rules, unit_at)
    if isinstance(num, int):
        return None, max(num, i + 1)
    start = i
    pre = _longest(norm, i, rules.percent_prefixes, ending=True)
    prefix_pct = bool(pre) and i - len(pre) >= floor
    if prefix_pct:
        start = i - len(pre)
    j = num.end
    k = j + 1 if j < len(norm) and norm[j] == " " and not num.chinese else j
    unit = _longest(norm, k, rules.units)
    date = _longest(norm, j, rules.date_after)
    if date and (unit is None or len(date) >= len(unit)):
        return None, j + len(date)
    cand = _Cand(start, j, num, "", "", "", num.inside or "exact", (j, j), prefix_pct=prefix_pct)
    if prefix_pct:
        cand.kind, cand.unit = "percent", "%"
        if unit and rules.units[unit][0] == "percent":
            cand.end = k + len(unit)
    elif unit:
        kind, code, currency = rules.units[unit]
        cand.kind, cand.unit, cand.currency = kind, code, currency
        cand.end = k + len(unit)
        cand.unit_span = (k, k + len(unit))
    elif norm[j:j + 1] in rules.tenths and not any(norm.startswith(w, j + 1) for w in rules.tenths_not_before):
        cand.kind, cand.unit, cand.end = "percent", "%", j + 1
        num.value *= 10
    return cand, cand.end


def _valid(c: _Cand, norm: str, rules: ClaimRules, *, ranged: bool = False, second: bool = False) -> bool:
    """Is this numeral a figure (not a model name, date, time, rank, ticker or vague number)?"""
    n = c.num
    s, e = c.start, n.end
    b1 = norm[s - 1] if s > 0 else ""
    b2 = norm[s - 2] if s > 1 else ""
    a1 = norm[e] if e < len(norm) else ""
    a2 = norm[e + 1] if e + 1 < len(norm) else ""
    if not second:
        # glued to Latin letters, hyphens or dots: GPT-4o, H800, V3, Qwen2.5-72B, COVID-19, Llama 3.1-405B
        if _LATIN.match(b1) or (b1 in ("-", ".", "/", "_") and b2.isalnum()) or (b1 == " " and _LATIN.match(b2)):
            return False
        mark = _longest(norm, s, rules.rank_before, ending=True)
        if mark and rules.rank_before[mark]:
            return False  # ranks and ordinals: 第二季度, 前十
    last = norm[c.end - 1]
    if c.end < len(norm) and _LATIN.match(norm[c.end]) and last.isascii() and last.isalnum():
        return False  # 4o, 405B, 5G
    if not ranged and a1 == "-" and a2.isalnum() and not c.kind:
        return False  # 3.5-Sonnet
    if a1 == "." and _LATIN.match(a2):
        return False  # ticker 0700.HK
    if a1 in (":", "/") and a2.isdigit():
        return False  # clock time 10:30, fraction 3/4
    if any(norm.startswith(w, e) or norm.startswith(w, s - len(w)) and s >= len(w) for w in rules.vague):
        return False  # 數十億, 十幾萬
    if n.chinese and not c.prefix_pct:
        mag_chars = {**rules.places, **rules.magnitudes}
        if not n.has_place:
            # a lone Chinese digit is a figure only as a percent (九成), a multiple (兩倍) or money (三美元)
            if c.kind not in ("percent", "multiple", "money"):
                return False
        elif n.first in mag_chars:
            # a numeral that starts with a place: 十二個, 萬張, 千億美元; but 百度, 十分, 千萬 are words
            place = mag_chars[n.first]
            if not c.kind or (place != 10 and (place < 1000 or c.kind not in ("count", "money"))):
                return False
        elif not c.kind and n.value < 1000:
            return False
    elif not n.chinese and not c.kind and n.magnitude == 1.0 and not ranged:
        return False  # a bare Arabic number without unit or magnitude says nothing checkable
    word = norm[c.unit_span[0]:c.unit_span[1]]
    if c.kind == "duration" and word in rules.units and _is_year_word(word):
        if not n.chinese and n.int_digits == 4 and "." not in norm[s:e] and n.magnitude == 1.0:
            return False  # 2025年
        rest = norm[c.end:]
        if rest[:1].isdigit() or any(rest.startswith(w) for w in rules.year_after):
            return False  # 24年第一季, 25年1月
    if c.kind == "measure" and _longest(norm, s, rules.time_before, ending=True):
        return False  # 下午3點
    return math.isfinite(n.value)


def _is_year_word(word: str) -> bool:
    """True for the duration word that is also how years are written (年)."""
    return word == normalize("年")


def _range_end(first: _Cand, norm: str, rules: ClaimRules, starts: re.Pattern) -> _Cand | None:
    """The second figure of a range after ``first`` (2.1%至4.2%, 10-20%, 2.1%4.2%不等), or None."""
    end = first.end
    k = end + (1 if norm[end:end + 1] == " " else 0)
    conn = _longest(norm, k, rules.range_connectors)
    q = k + len(conn) if conn else end
    q += 1 if conn and norm[q:q + 1] == " " else 0
    if not (q < len(norm) and starts.match(norm, q) and (conn or first.kind)):
        return None
    second, _ = _read_figure(norm, q, rules, q)
    if second is None or not second.kind or not _valid(second, norm, rules, second=True):
        return None
    if first.kind:
        same_word = norm[first.unit_span[0]:first.unit_span[1]] == norm[second.unit_span[0]:second.unit_span[1]]
        if (first.kind, first.unit) != (second.kind, second.unit) or not same_word:
            return None
    if not conn and not any(norm.startswith(w, second.end) for w in rules.range_adjacent_before):
        return None  # two figures side by side are a range only before 不等
    low = first.num.value
    if not first.kind and first.num.magnitude == 1.0 and not first.num.chinese:
        low *= second.num.magnitude
    return second if second.num.value >= low else None


def _find_figures(norm: str, rules: ClaimRules) -> list[tuple[int, int, _Cand]]:
    """(start, end, candidate) of each figure in one paragraph, hedges and ranges included."""
    out: list[tuple[int, int, _Cand]] = []
    starts = rules.figure_starts
    if not starts.search(norm) and not any(w in norm for w in rules.percent_words):
        return out  # no numeral starts here and no percent word (一半): what the scans below would find
    last_end = 0
    i = 0
    while True:
        m = starts.search(norm, i)
        if not m:
            break
        i = m.start()
        cand, resume = _read_figure(norm, i, rules, last_end)
        if cand is None:
            i = max(resume, i + 1)
            continue
        end = cand.end
        second = _range_end(cand, norm, rules, starts)
        if second is not None:
            if not cand.kind:  # 10-20%: the first number takes the second's unit (and magnitude: 1至2萬)
                cand.kind, cand.unit, cand.currency = second.kind, second.unit, second.currency
                cand.unit_span = second.unit_span
                if cand.num.magnitude == 1.0 and not cand.num.chinese:
                    cand.num.value *= second.num.magnitude
            cand.high = second.num.value
            if cand.qualifier == "exact":
                cand.qualifier = second.qualifier
            end = second.end
        if not _valid(cand, norm, rules, ranged=second is not None):
            i = max(resume, i + 1)
            while i < len(norm) and (norm[i].isascii() and norm[i].isalnum() or norm[i] in ".-"):
                i += 1  # skip the rest of an alphanumeric run (Qwen2.5-72B)
            continue
        if not cand.kind:
            cand.kind = "count"
        s = cand.start
        # a currency before the number (US$5億, 人民幣1000億元)
        cur = _longest(norm, s, rules.currency_before, ending=True)
        bare = cand.kind == "count" and cand.unit_span[0] == cand.unit_span[1]
        if cur and s - len(cur) >= last_end and (bare or cand.unit == "元"):
            code = rules.currency_before[cur]
            cand.kind, cand.unit, cand.currency = "money", code, code
            s -= len(cur)
        # a hedge before (約, 不到, 逾), allowing one space
        hs = s - 1 if s > 0 and norm[s - 1] == " " else s
        hedge = _longest(norm, hs, rules.hedges_before, ending=True)
        if hedge and hs - len(hedge) >= last_end and rules.hedges_before[hedge]:
            cand.qualifier = rules.hedges_before[hedge]
            s = hs - len(hedge)
        after = _longest(norm, end, rules.hedges_after)
        if after:
            cand.qualifier = rules.hedges_after[after]
            end += len(after)
        out.append((s, end, cand))
        last_end = end
        i = end
    # words that are a percentage on their own (一半)
    for word, value in rules.percent_words.items():
        for m in re.finditer(re.escape(word), norm):
            s, e = m.start(), m.end()
            if any(s < oe and os_ < e for os_, oe, _ in out):
                continue
            if any(x in norm[max(0, s - len(x)):e + len(x)] for x in rules.percent_words_exclude):
                continue
            num = _Num(float(value), e, True, word[0], False, 1.0, "", 0)
            out.append((s, e, _Cand(s, e, num, "percent", "%", "", "exact", (e, e))))
    out.sort(key=lambda t: t[0])
    return out


# =========================================================================== figures: context and about


_NUMERIC = re.compile(r"^[0-9.,%]+$")


def _content(tok: Token, rules: ClaimRules, *, dates: bool = False) -> bool:
    """A word that says what a figure measures; a date says when (it goes to the anchor, see :func:`_anchors`)
    and counts only with ``dates``."""
    n = tok.norm
    return (is_word(n) and n not in rules.stopwords and not _NUMERIC.match(n) and len(n) > 1
            and (dates or not _time_word(n, rules)))


def _outside(tokens: Sequence[Token], spans: Sequence[tuple[int, int]], text: str, norm: str) -> list[Token]:
    """Tokens outside the figures; a token that runs into a figure keeps its outside part (a lexicon term
    such as 二十三條立法 is one token: 立法 stays a context word of 二十三條)."""
    out = []
    for t in tokens:
        cuts = [(max(fs, t.start), min(fe, t.end)) for fs, fe in spans if t.start < fe and fs < t.end]
        if not cuts:
            out.append(t)
            continue
        pos = t.start
        for a, b in sorted(cuts) + [(t.end, t.end)]:
            if a - pos >= 2:
                out.append(Token(text[pos:a], norm[pos:a], pos, a))
            pos = max(pos, b)
    return out


def _about(before: Sequence[Token], rules: ClaimRules) -> str:
    """'subject measure' from the nearest measure noun before the figure, else its two nearest content words.

    Words inside parentheses (a gloss, a ticker: 英偉達公司 (NVDA) 股價) are skipped.
    """
    outside: list[Token] = []
    depth = 0
    for t in before:
        if t.norm == "(":
            depth += 1
        elif t.norm == ")":
            depth = max(0, depth - 1)
        elif not depth:
            outside.append(t)
    for k in range(len(outside) - 1, -1, -1):
        if outside[k].norm not in rules.measures:
            continue
        measure = outside[k]
        for t in reversed(outside[:k]):
            if t.norm in rules.subject_skip:
                continue
            if not _content(t, rules):
                break
            return f"{t.text} {measure.text}"
        return measure.text
    # no measure noun: a compound ending in one (費城半導體指數), else the two content words nearest before
    for t in reversed(outside):
        if _measure_suffix(t.norm, rules):
            return t.text
    words = [t.text for t in outside if _content(t, rules)]
    return " ".join(words[-2:])


# =========================================================================== figures: date and time anchors

_SENTENCE_ENDS = frozenset("。！？!?\n")
_CLOCK = re.compile(r"[0-9]{1,2}[:：][0-9]{2}|[0-9]{1,2}[点时][0-9]{0,2}分?|[0-9]{1,2}:[0-9]{2}")
_WEEKDAY_NAMES = "一二三四五六日"
_ANCHOR_FIELDS = ("y", "q", "h", "m", "d", "w", "n")  # year, quarter, half year, month, day, weekday, ordinal day
_ANCHOR_TOKEN = re.compile(r"^@(?:(?P<y>[0-9]{4})年|q(?P<q>[1-4])|h(?P<h>[12])|(?P<m>[0-9]{1,2})月|(?P<d>[0-9]{1,2})日"
                           r"|周(?P<w>[一二三四五六日])|第(?P<n>[0-9]+)日)$")


def _anchor_number(s: str | None, rules: ClaimRules) -> int | None:
    if not s:
        return None
    if s.isdigit():
        return int(s)
    v = _parse_small(s, rules)
    return int(v) if v is not None and v == int(v) else None


def _anchor_fields(m: re.Match[str], rules: ClaimRules) -> list[tuple[str, int]]:
    """(field, value) of one date or time expression; [] when the numbers are no date (13月, 32日)."""
    g = m.groupdict()
    word = g["word"]
    if word is not None:
        for field, table in (("w", rules.anchor_weekdays), ("n", rules.anchor_days), ("q", rules.anchor_quarters),
                             ("h", rules.anchor_halves)):
            if word in table:
                return [(field, table[word])]
        return []
    out: list[tuple[str, int]] = []
    if g["nth"] is not None:
        n = _anchor_number(g["nth"], rules)
        return [("n", n)] if n else []
    if g["y"] is not None:
        out.append(("y", int(g["y"])))
    month = _anchor_number(g["ym"] or g["m"], rules)
    day = _anchor_number(g["yd"] or g["md"] or g["d"], rules)
    if (g["ym"] or g["m"]) and not (month and 1 <= month <= 12):
        return []
    if (g["yd"] or g["md"] or g["d"]) and not (day and 1 <= day <= 31):
        return []
    if month:
        out.append(("m", month))
    if day:
        out.append(("d", day))
    return out


def _anchor_tokens(fields: dict[str, int]) -> tuple[str, ...]:
    out = []
    for f in _ANCHOR_FIELDS:
        if f not in fields:
            continue
        v = fields[f]
        out.append({"y": f"@{v}年", "q": f"@q{v}", "h": f"@h{v}", "m": f"@{v}月", "d": f"@{v}日",
                    "w": f"@周{_WEEKDAY_NAMES[(v - 1) % 7]}", "n": f"@第{v}日"}[f])
    return tuple(out)


def _anchors(norm: str, s: int, e: int, clause: tuple[int, int], rules: ClaimRules) -> tuple[str, ...]:
    """The date or time a figure at ``s:e`` holds for, as context tokens ("@27日", "@周一"; see claims.toml
    [anchors]).

    One expression (adjacent matches make one: 2025年 + 第一季度) from the figure's clause, the nearest before
    it, else the nearest after it (从2020年的约3.9%升至2023年9月的约25%: 3.9% is 2020's); else the first clause of
    its sentence when that is only a date and a time of day ("1月27日，美國科技股…，納斯達克指數收跌3.07%";
    "4月29日凌晨，"; "在1月27日，"). A date
    followed by 以來 (since) is where a comparison starts, not when the figure holds.
    """
    cs, ce = clause

    def expressions(lo: int, hi: int) -> list[list[re.Match[str]]]:
        groups: list[list[re.Match[str]]] = []
        for m in rules.anchor_regex.finditer(norm, lo, hi):
            if m.start() < e and s < m.end():
                continue  # inside the figure
            if groups and groups[-1][-1].end() == m.start():
                groups[-1].append(m)
            else:
                groups.append([m])
        return [g for g in groups if not any(norm.startswith(w, g[-1].end()) for w in rules.since_after)]

    chosen: list[list[re.Match[str]]] = []
    here = expressions(cs, ce)
    before = [g for g in here if g[-1].end() <= s]
    after = [g for g in here if g[0].start() >= e]
    if before:
        chosen = [before[-1]]
    elif after:
        chosen = [after[0]]
    else:
        begin = cs
        while begin > 0 and norm[begin - 1] not in _SENTENCE_ENDS:
            begin -= 1
        c0, c1 = _clause(norm, begin, begin, rules)  # the sentence's first clause, when it is only a date
        if c1 < cs:
            groups = expressions(c0, c1)
            rest = _CLOCK.sub("", rules.anchor_regex.sub("", norm[c0:c1]))
            for w in (*rules.time_before, *rules.prepositions):
                rest = rest.replace(w, "")
            if groups and not rest.strip():
                chosen = groups
    fields: dict[str, int] = {}
    for g in chosen:
        for m in g:
            for f, v in _anchor_fields(m, rules):
                fields.setdefault(f, v)
    return _anchor_tokens(fields)


def _anchor_of(f: Figure) -> dict[str, int]:
    """The anchor fields stored in a figure's context."""
    out: dict[str, int] = {}
    for w in f.context:
        m = _ANCHOR_TOKEN.match(w) if w.startswith("@") else None
        if m:
            field = next(k for k, v in m.groupdict().items() if v is not None)
            value = m.group(field)
            out[field] = _WEEKDAY_NAMES.index(value) + 1 if field == "w" else int(value)
    return out


def _anchors_clash(a: Figure, b: Figure) -> bool:
    """Two figures hold for different dates or times (週一 vs 週二, 27日 vs 28日, 首日 vs 次日)."""
    fa, fb = _anchor_of(a), _anchor_of(b)
    return any(fa[k] != fb[k] for k in fa.keys() & fb.keys())


def extract_figures(paragraphs: Sequence[tuple[int, str]], *, rules: ClaimRules | None = None,
                    tokens: Mapping[int, Sequence[Token]] | None = None) -> tuple[Figure, ...]:
    """Numbers with units, normalised to values, with their hedges, ranges and what they measure.

    Parameters
    ----------
    paragraphs : sequence of (int, str)
        (paragraph index, text) pairs, Traditional or Simplified.
    rules : ClaimRules, optional
        From :func:`load_claim_rules`; the shipped rules when omitted.
    tokens : mapping of int to sequence of Token, optional
        Paragraph index -> that paragraph's tokens, as :func:`framing.text.tokenize` gives them for its text
        (offsets into the paragraph, whitespace left out), when the caller has them already (as
        :func:`framing.analysis.analyze` does). The words of each figure's clause are then taken from them, and
        the paragraph's analysis form is put together from them, instead of cutting and normalising again; a
        paragraph missing from the mapping is cut as without it. The result is the same when they were cut
        with the vocabulary and backend :func:`framing.text.tokenize` uses by default (``analyze`` sets both).
        ValueError when a paragraph's tokens do not cover its text.

    Returns
    -------
    tuple of Figure
        In paragraph and text order. ``text[start:end] == figure.text`` (hedge included); ``value`` in base
        units (5890億美元 -> 5.89e11, 九成 -> 90); ``kind`` is percent, percent-point, money, count, duration,
        measure or multiple; ``qualifier`` exact, approx, upper or lower; ``high`` the other end of a range.
        Dates, years, clock times, model names and versions (GPT-4o, H800, Qwen2.5-72B), ranks (前十,
        第二季度) and tickers are not figures. ``context`` holds the content words of the figure's clause, then
        the date or time it holds for, one token per field ("@2025年", "@q1", "@h1", "@1月", "@27日", "@周一",
        "@第2日"; see ``[anchors]`` in claims.toml): from its clause, else from a sentence that opens with a
        date ("1月27日，…"); :func:`pair_figures` never pairs figures whose anchors differ in a field.

    Examples
    --------
    >>> figs = extract_figures([(4, "英偉達股價更重創16.86%，市值蒸發5890億美元")])
    >>> [(f.text, f.value, f.unit, f.kind) for f in figs]
    [('16.86%', 16.86, '%', 'percent'), ('5890億美元', 589000000000.0, 'USD', 'money')]
    >>> figs[0].about
    '英偉達 股價'
    >>> [f.text for f in extract_figures([(0, "2025年1月20日，DeepSeek發布R1，訓練成本不到600萬美元")])]
    ['不到600萬美元']
    """
    rules = rules or load_claim_rules()
    _ensure_vocabulary()
    out: list[Figure] = []
    for index, text in paragraphs:
        if not text:
            continue
        norm, cuts = _given(text, None if tokens is None else tokens.get(index), f"paragraph {index}")
        found = _find_figures(norm, rules)
        if not found:
            continue
        spans = [(s, e) for s, e, _ in found]
        words = _outside(_clause_tokens(text, norm, spans, rules, cuts), spans, text, norm)
        for s, e, c in found:
            cs, ce = _clause(norm, s, e, rules)
            inside = [t for t in words if t.start >= cs and t.end <= ce]
            before_all = [t for t in inside if t.end <= s]
            # the window counts date words (so that it reaches as far as before), then they leave for the anchor
            after = [t for t in inside if t.start >= e and _content(t, rules, dates=True)][: rules.context_after]
            before = [t for t in before_all if _content(t, rules, dates=True)]
            before = before[-rules.context_before:] if rules.context_before else []
            context = tuple(dict.fromkeys(t.norm for t in (*before, *after) if _content(t, rules)))
            context += _anchors(norm, s, e, (cs, ce), rules)
            unit = c.unit or text[c.unit_span[0]:c.unit_span[1]]
            high = c.high if c.high is not None else c.num.value
            out.append(Figure(
                text=text[s:e], value=c.num.value, unit=unit, kind=c.kind, paragraph=index, start=s, end=e,
                qualifier=c.qualifier, high=high, currency=c.currency, context=context,
                about=_about(before_all, rules),
            ))
    return tuple(out)


# =========================================================================== pairing figures

_JIEBA_TOTAL = 6.0e7  # word occurrences behind jieba's dictionary frequencies (its dict.txt sums to ~6e7)


def _info(word: str) -> float:
    """Self-information of a context word (nats): rare words (英偉達, 市值) weigh more than common ones (指數)."""
    return math.log(_JIEBA_TOTAL / (word_frequency(word) + 1))


def _canon(word: str, rules: ClaimRules, names: dict[str, str]) -> str:
    """A context word in the form pair_figures compares: synonyms folded (耗資 -> 成本), regional names
    folded to their concept's first variant (輝達 -> 英偉達, 川普 -> 特朗普)."""
    word = rules.synonyms.get(word, word)
    return names.get(word, word)


def _meets(word: str, others: set[str]) -> bool:
    """``word`` is in ``others``, or one contains the other (納斯達克 / 達克, 投資總額 / 投資)."""
    if word in others:
        return True
    return len(word) >= 2 and any(len(o) >= 2 and (word in o or o in word) for o in others)


def _credit(word: str, others: set[str]) -> float:
    """What ``word`` brings to the overlap: its information when the other side has it; when a word only
    contains it or is contained in it (納斯達克 / 達克), the information of the shorter one, so that a head
    noun inside a specific compound (指數 in 費城半導體指數) does not lend it the compound's weight."""
    if word in others:
        return _info(word)
    best = 0.0
    if len(word) >= 2:
        for o in others:
            if len(o) >= 2 and (word in o or o in word):
                best = max(best, _info(word if len(word) <= len(o) else o))
    return best


def _subject(f: Figure, rules: ClaimRules, names: dict[str, str]) -> tuple[str, str] | None:
    """(subject, measure), compared forms, when ``about`` was read from a measure noun (英偉達 股價, or one
    word ending in one: 費城半導體指數)."""
    words = [normalize(w) for w in f.about.split()]
    if len(words) == 2 and words[1] in rules.measures:
        return _canon(words[0], rules, names), _canon(words[1], rules, names)
    if len(words) == 1:
        m = _measure_suffix(words[0], rules)
        if m:
            return _canon(words[0][: -len(m)], rules, names), _canon(m, rules, names)
    return None


def _measure_suffix(word: str, rules: ClaimRules) -> str | None:
    """The measure noun a compound ends with (費城半導體指數 -> 指數), when something stands before it."""
    best = None
    for m in rules.measures:
        if len(word) > len(m) + 1 and word.endswith(m) and (best is None or len(m) > len(best)):
            best = m
    return best


def _similarity(a: Figure, b: Figure, rules: ClaimRules, names: dict[str, str] | None = None) -> float:
    """Information-weighted Dice overlap of two figures' context words (0..1).

    Words are compared after folding synonyms and regional names (:func:`_canon`); a word also meets a
    word that contains it (:func:`_credit`). Weak words (下跌, 上漲: which way it moved, not what moved) are
    left out. Labels that name different subjects of one measure (納斯達克 指數 vs 製造商 指數) give 0 when
    neither subject appears near the other figure.
    """
    names = names or {}
    ca = {_canon(w, rules, names) for w in a.context if not w.startswith("@")} - rules.weak
    cb = {_canon(w, rules, names) for w in b.context if not w.startswith("@")} - rules.weak
    if not ca or not cb:
        return 0.0
    shared = 0.0
    met: set[str] = set()
    for mine, theirs in ((ca, cb), (cb, ca)):
        for w in mine:
            credit = _credit(w, theirs)
            if credit:
                shared += credit
                met.add(w)
    sa, sb = _subject(a, rules, names), _subject(b, rules, names)
    if sa and sb and sa[1] == sb[1] and sa[0] != sb[0] and not _meets(sa[0], cb) and not _meets(sb[0], ca):
        return 0.0
    total = sum(_info(w) for w in ca) + sum(_info(w) for w in cb)
    return shared / total if total else 0.0


def _name_folds(table: NamingTable | None) -> dict[str, str]:
    """Regional variant -> the first variant of its concept (輝達 -> 英偉達), in analysis form."""
    if table is None:
        return {}
    first: dict[int, str] = {}
    for norm, v in table.variants.items():
        first.setdefault(v.concept, norm)
    return {norm: first[v.concept] for norm, v in table.variants.items()}


def _family(f: Figure) -> tuple[str, str]:
    if f.kind == "money":
        return ("money", f.currency or f.unit)
    if f.kind in ("percent", "percent-point"):
        return (f.kind, f.unit)
    return (f.kind, normalize(f.unit))


_LOCAL = {"元", "CNY", "HKD", "TWD"}


def _compatible(a: Figure, b: Figure) -> bool:
    fa, fb = _family(a), _family(b)
    if fa == fb:
        return True
    return fa[0] == fb[0] == "money" and "元" in (fa[1], fb[1]) and fa[1] in _LOCAL and fb[1] in _LOCAL


def _twins(figs: Sequence[Figure]) -> list[list[Figure]]:
    """Group a figure with its conversion written beside it: 334億人民幣(46億美元) is one quantity."""
    groups: list[list[Figure]] = []
    for f in figs:
        if groups:
            g = groups[-1][-1]
            gap = f.start - g.end
            if (g.paragraph == f.paragraph and g.kind == f.kind == "money" and 0 <= gap <= 2
                    and _family(g) != _family(f)):
                groups[-1].append(f)
                continue
        groups.append([f])
    return groups


def _step(f: Figure) -> float:
    """Half the rounding step of a figure as written: 17 -> 0.5, 16.86 -> 0.005, 6000億 -> at most 5%."""
    m = _ARABIC.search(normalize(f.text))
    v = abs(f.value)
    if m:
        lit = m.group().replace(",", "")
        literal = float(lit)
        scale = v / literal if literal else 1.0
        if "." in lit:
            return 10.0 ** -len(lit.split(".")[1]) * scale / 2
        zeros = len(lit) - len(lit.rstrip("0")) if literal else 0
    else:
        scale = 1.0
        whole = f"{v:.0f}"
        zeros = len(whole) - len(whole.rstrip("0")) if v >= 1 else 0
    half = 10.0 ** zeros * scale / 2
    # trailing zeros may be rounding or exact: read them as rounding, but never wider than 5%
    return min(half, v * 0.05) if zeros else half


def _significant(f: Figure) -> int:
    """Significant digits as written: 17 -> 2, 16.86 -> 4, 2.61 -> 3, 6000 -> 1 (trailing zeros are rounding)."""
    m = _ARABIC.search(normalize(f.text))
    lit = m.group().replace(",", "") if m else f"{abs(f.value):.0f}"
    digits = lit.replace(".", "").lstrip("0")
    if "." not in lit:
        digits = digits.rstrip("0")
    return max(1, len(digits))


def _interval(f: Figure, rules: ClaimRules) -> tuple[float, float]:
    v = f.value
    if f.high is not None and f.high != f.value:
        return (v, f.high)
    if f.qualifier == "upper":
        return (-math.inf, v)
    if f.qualifier == "lower":
        return (v, math.inf)
    half = _step(f)
    if f.qualifier == "approx":
        half = max(half, abs(v) * rules.tol_approx)
    return (v - half, v + half)


def _hedge_word(f: Figure, rules: ClaimRules) -> str:
    """The hedge as written in the figure's text (約, 不到, 以上), or ''."""
    norm = normalize(f.text)
    w = _longest(norm, 0, rules.hedges_before)
    if w and rules.hedges_before[w]:
        return f.text[: len(w)]
    w = _longest(norm, len(norm), rules.hedges_after, ending=True)
    if w:
        return f.text[len(norm) - len(w):]
    for ch in rules.hedges_inside:
        if ch in norm:
            return f.text[norm.index(ch)]
    return ""


def _judge(a: Figure, b: Figure, rules: ClaimRules) -> tuple[bool, str]:
    """Do two figures for the same quantity agree, and why (a few words)."""
    ia, ib = _interval(a, rules), _interval(b, rules)
    rel = rules.tol_relative

    def widen(iv, f):
        # the slack is for coarse figures (one or two significant digits, 17%, 6000億), which writers round
        # loosely; a figure written to three or more digits (2.61萬億) is taken at its precision
        r = rel if _significant(f) <= 2 else 0.0
        lo, hi = iv
        return (lo - abs(lo) * r if math.isfinite(lo) else lo, hi + abs(hi) * r if math.isfinite(hi) else hi)

    wa, wb = widen(ia, a), widen(ib, b)
    agree = wa[0] <= wb[1] and wb[0] <= wa[1]
    strict = ia[0] <= ib[1] and ib[0] <= ia[1]
    bound = next((f for f in (a, b) if f.qualifier in ("upper", "lower")), None)
    approx = next((f for f in (a, b) if f.qualifier == "approx"), None)
    ranged = next((f for f in (a, b) if f.high is not None and f.high != f.value), None)
    if agree:
        if a.qualifier in ("upper", "lower") and b.qualifier in ("upper", "lower"):
            return True, "both bounds"
        if bound is not None:
            word = _hedge_word(bound, rules)
            side = "below" if bound.qualifier == "upper" else "above"
            return True, f"{side} the bound {word}".strip()
        if ranged is not None:
            return True, "inside the range"
        if approx is not None:
            return True, f"within the hedge {_hedge_word(approx, rules)}".strip()
        if a.value == b.value:
            return True, "same figure"
        return True, "rounding" if strict else f"within {rel:.0%}"
    if bound is not None:
        other = b if bound is a else a
        word = _hedge_word(bound, rules)
        if bound.qualifier == "upper" and other.value > bound.value:
            return False, f"exceeds the bound {word}".strip()
        if bound.qualifier == "lower" and other.value < bound.value:
            return False, f"under the bound {word}".strip()
    big = max(abs(a.value), abs(b.value))
    diff = abs(a.value - b.value) / big if big else 0.0
    return False, f"differ by {diff:.0%}"


def _pair_about(a: Figure, b: Figure) -> str:
    wa, wb = a.about.split(), b.about.split()
    nb = {normalize(w) for w in wb}
    common = [w for w in wa if normalize(w) in nb]
    return " ".join(common) or a.about or b.about


def pair_figures(a: Sequence[Figure], b: Sequence[Figure], *, rules: ClaimRules | None = None,
                 table: NamingTable | None = None) -> tuple[FigurePair, ...]:
    """Pair the figures two sources give for the same quantity, and judge whether they agree.

    Two figures are candidates when they are of the same kind and unit family (percent with percent, money
    in the same currency; a conversion written in the text, 334億人民幣(46億美元), lets either currency pair)
    and their context words overlap: the information-weighted Dice coefficient (each word weighs its
    self-information in jieba's dictionary, so 英偉達 or 市值 count more than 指數; synonyms of
    ``[context.synonyms]`` and the regional variants of ``naming.toml`` count as one word, 輝達 = 英偉達;
    a word meets a word containing it; labels naming different subjects of one measure never pair) must
    reach ``[agreement] floor`` of ``claims.toml``. Candidates are taken greedily, best overlap first (a
    closer value breaks ties), one to one.

    Agreement: each figure stands for an interval — rounding to the precision written (17 -> 16.5-17.5;
    trailing zeros at most ±5%), ±``approx`` for 約/近/左右, up to the bound for 不到/逾, the range itself —
    widened by ``relative`` when the figure is coarse (one or two significant digits); they agree when the
    intervals meet.

    Parameters
    ----------
    a, b : sequence of Figure
        The figures of each source (from :func:`extract_figures`).
    rules : ClaimRules, optional
        Tolerances and hedge words; the shipped rules when omitted.
    table : NamingTable, optional
        Regional variants that name the same thing (輝達 / 英偉達); the shipped table when omitted.

    Returns
    -------
    tuple of FigurePair
        The pairs in the order of ``a``, then figures only ``a`` gives, then figures only ``b`` gives
        (``agree`` None), each by paragraph. ``note`` says why: "rounding", "within the hedge 約",
        "below the bound 不到", "differ by 46%".

    Examples
    --------
    >>> a = extract_figures([(4, "英偉達股價更重創16.86%，市值蒸發5890億美元")])
    >>> b = extract_figures([(2, "英偉達公司股價暴跌17%，導致市值損失約6000億美元")])
    >>> [(p.about, p.agree, p.note) for p in pair_figures(a, b)]
    [('英偉達 股價', True, 'rounding'), ('市值', True, 'within the hedge 約')]
    """
    rules = rules or load_claim_rules()
    if table is None:
        try:
            table = load_naming()
        except LexiconError:
            table = None
    names = _name_folds(table)
    ga, gb = _twins(a), _twins(b)
    cands = []
    for i, x in enumerate(ga):
        for j, y in enumerate(gb):
            best = None
            for fa in x:
                for fb in y:
                    if not _compatible(fa, fb) or _anchors_clash(fa, fb):
                        continue
                    sim = _similarity(fa, fb, rules, names)
                    if sim < rules.floor:
                        continue
                    big = max(abs(fa.value), abs(fb.value)) or 1.0
                    close = 1 - min(1.0, abs(fa.value - fb.value) / big)
                    key = (round(sim, 6), close)
                    if best is None or key > best[0]:
                        best = (key, fa, fb)
            if best is not None:
                cands.append((best[0], i, j, best[1], best[2]))
    cands.sort(key=lambda c: (-c[0][0], -c[0][1], c[1], c[2]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for _, i, j, fa, fb in cands:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        agree, note = _judge(fa, fb, rules)
        pairs.append(FigurePair(_pair_about(fa, fb), fa, fb, agree, note))
    pairs.sort(key=lambda p: (p.a.paragraph, p.a.start))
    only_a = [FigurePair(g[0].about, g[0], None, None) for i, g in enumerate(ga) if i not in used_a]
    only_b = [FigurePair(g[0].about, None, g[0], None) for j, g in enumerate(gb) if j not in used_b]
    only_a.sort(key=lambda p: (p.a.paragraph, p.a.start))
    only_b.sort(key=lambda p: (p.b.paragraph, p.b.start))
    return tuple(pairs + only_a + only_b)
