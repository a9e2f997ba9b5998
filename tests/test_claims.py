"""Claims: figures, their pairing across sources, voices and naming conventions (framing/claims/)."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import tomllib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.claims import (
    extract_figures,
    extract_voices,
    load_claim_rules,
    load_naming,
    naming_convention,
    pair_figures,
)
from framing.errors import LexiconError
from framing.model import Figure

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data" / "claims"
SHIPPED = ROOT / "lexicons"

# --------------------------------------------------------------------------- seed paragraphs

_LATIN = re.compile(r"[A-Za-z]")


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _join_wrapped(path: Path) -> list[tuple[int, str]]:
    """Seed 000 is hard-wrapped with blank lines between lines: a short line ends a paragraph.

    A stand-in for framing.segment, good enough for these tests; Latin words cut at a line end
    (Marc / Andreessen) are joined with a space.
    """
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    paragraphs, cur = [], ""
    for n, line in enumerate(lines):
        glue = " " if cur and _LATIN.match(cur[-1]) and _LATIN.match(line[0]) else ""
        cur += glue + line
        nxt = lines[n + 1] if n + 1 < len(lines) else ""
        if _width(line) < 78 and not (_LATIN.match(line[-1]) and _LATIN.match(nxt[:1])):
            paragraphs.append(cur)
            cur = ""
    if cur:
        paragraphs.append(cur)
    return list(enumerate(paragraphs))


@pytest.fixture(scope="module")
def seed000() -> list[tuple[int, str]]:
    return _join_wrapped(SEEDS / "000_b17e242d43d4bd15.txt")


@pytest.fixture(scope="module")
def seed004() -> list[tuple[int, str]]:
    lines = (SEEDS / "004_eaafd85f2bd1e479.txt").read_text(encoding="utf-8").splitlines()
    return [(i, ln) for i, ln in enumerate(lines) if ln.strip()]


@pytest.fixture(scope="module")
def figs000(seed000):
    return extract_figures(seed000)


@pytest.fixture(scope="module")
def figs004(seed004):
    return extract_figures(seed004)


@pytest.fixture(scope="module")
def voices000(seed000):
    return extract_voices(seed000)


@pytest.fixture(scope="module")
def voices004(seed004):
    return extract_voices(seed004)


def _by_text(figs) -> dict[str, Figure]:
    return {f.text: f for f in figs}


def _one(text: str) -> Figure:
    figs = extract_figures([(0, text)])
    assert len(figs) == 1, [f.text for f in figs]
    return figs[0]


# --------------------------------------------------------------------------- figures: expectation tables

SEED000_FIGURES = {
    # text as written: (value, unit, kind, qualifier)
    "超1萬億美元": (1e12, "USD", "money", "lower"),
    "3.07%": (3.07, "%", "percent", "exact"),
    "16.86%": (16.86, "%", "percent", "exact"),
    "5890億美元": (5.89e11, "USD", "money", "exact"),
    "2048塊": (2048, "塊", "count", "exact"),
    "55天": (55, "天", "duration", "exact"),
    "557.6萬美元": (5.576e6, "USD", "money", "exact"),
    "百分之一": (1, "%", "percent", "exact"),
    "萬張": (1e4, "張", "count", "exact"),
    "大約5萬塊": (5e4, "塊", "count", "approx"),
    "5000億美元": (5e11, "USD", "money", "exact"),
}

SEED004_FIGURES = {
    "85.6%": (85.6, "%", "percent", "exact"),
    "12種": (12, "種", "count", "exact"),
    "9.2%": (9.2, "%", "percent", "exact"),
    "17%": (17, "%", "percent", "exact"),
    "約6000億美元": (6e11, "USD", "money", "approx"),
    "約11%": (11, "%", "percent", "approx"),
    "超過8%": (8, "%", "percent", "lower"),
    "不到600萬美元": (6e6, "USD", "money", "upper"),
    "低於600萬美元": (6e6, "USD", "money", "upper"),
    "0.10美元": (0.1, "USD", "money", "exact"),
    "90%": (90, "%", "percent", "exact"),
    "1.25億": (1.25e8, "", "count", "exact"),
    "5.2億美元": (5.2e8, "USD", "money", "exact"),
    "1,403項": (1403, "項", "count", "exact"),
    "**25%**".strip("*"): (25, "%", "percent", "exact"),
    "334億人民幣": (3.34e10, "CNY", "money", "exact"),
    "46億美元": (4.6e9, "USD", "money", "exact"),
    "超過1000億人民幣": (1e11, "CNY", "money", "lower"),
    "一倍以上": (1, "倍", "multiple", "lower"),
    "518億人民幣": (5.18e10, "CNY", "money", "exact"),
}


@pytest.mark.parametrize("text", sorted(SEED000_FIGURES))
def test_seed000_figure(figs000, text):
    f = _by_text(figs000)[text]
    value, unit, kind, qualifier = SEED000_FIGURES[text]
    assert (f.value, f.unit, f.kind, f.qualifier) == (pytest.approx(value), unit, kind, qualifier)


@pytest.mark.parametrize("text", sorted(SEED004_FIGURES))
def test_seed004_figure(figs004, text):
    f = _by_text(figs004)[text]
    value, unit, kind, qualifier = SEED004_FIGURES[text]
    assert (f.value, f.unit, f.kind, f.qualifier) == (pytest.approx(value), unit, kind, qualifier)


def test_seed000_figures_are_exactly_these(figs000):
    # pins behaviour: a new figure (a date or a model number read as one) shows up here
    assert [f.text for f in figs000] == list(SEED000_FIGURES)


def test_seed004_range_without_connector(figs004):
    f = _by_text(figs004)["2.1%4.2%"]  # the page lost its 至: "錄得2.1%4.2%不等的跌幅"
    assert (f.value, f.high, f.unit) == (2.1, 4.2, "%")


def test_seed_offsets_slice_back(seed000, seed004, figs000, figs004):
    for paragraphs, figs in ((seed000, figs000), (seed004, figs004)):
        texts = dict(paragraphs)
        for f in figs:
            assert texts[f.paragraph][f.start:f.end] == f.text
            assert f.high is not None and f.high >= f.value


def test_seed_money_currency(figs000, figs004):
    for f in (*figs000, *figs004):
        if f.kind == "money":
            assert f.currency == f.unit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Traditional
        ("英偉達股價更重創16.86%", ("16.86%", 16.86, "%", "percent", "exact", 16.86)),
        ("開盤縮水超1萬億美元", ("超1萬億美元", 1e12, "USD", "money", "lower", 1e12)),
        ("錄得2.1%至4.2%不等的跌幅", ("2.1%至4.2%", 2.1, "%", "percent", "exact", 4.2)),
        ("跌幅2.1%到4.2%", ("2.1%到4.2%", 2.1, "%", "percent", "exact", 4.2)),
        ("約有10-20%的用戶", ("10-20%", 10, "%", "percent", "exact", 20)),
        ("九成受訪者", ("九成", 90, "%", "percent", "exact", 90)),
        ("三成用戶", ("三成", 30, "%", "percent", "exact", 30)),
        ("五千名員工", ("五千名", 5000, "名", "count", "exact", 5000)),
        ("兩萬人參加", ("兩萬人", 2e4, "人", "count", "exact", 2e4)),
        ("營收增長5%左右", ("5%左右", 5, "%", "percent", "approx", 5)),
        ("投資近3000億港元", ("近3000億港元", 3e11, "HKD", "money", "approx", 3e11)),
        ("售價不足1萬新台幣", ("不足1萬新台幣", 1e4, "TWD", "money", "upper", 1e4)),
        ("罰款逾5億歐元", ("逾5億歐元", 5e8, "EUR", "money", "lower", 5e8)),
        ("收入1.5兆日圓", ("1.5兆日圓", 1.5e12, "JPY", "money", "exact", 1.5e12)),
        ("二十多萬人受影響", ("二十多萬人", 2e5, "人", "count", "lower", 2e5)),
        ("股價上漲3倍", ("3倍", 3, "倍", "multiple", "exact", 3)),
        ("用了3個月", ("3個月", 3, "個月", "duration", "exact", 3)),
        ("價格僅為對手的百分之十六點八", ("百分之十六點八", 16.8, "%", "percent", "exact", 16.8)),
        ("US$5億的投資", ("US$5億", 5e8, "USD", "money", "exact", 5e8)),
        ("失業率下降0.3個百分點", ("0.3個百分點", 0.3, "pp", "percent-point", "exact", 0.3)),
        ("大約1,200家公司", ("大約1,200家", 1200, "家", "count", "approx", 1200)),
        ("三億五千萬元", ("三億五千萬元", 3.5e8, "元", "money", "exact", 3.5e8)),
        # Simplified
        ("英伟达市值蒸发约5890亿美元", ("约5890亿美元", 5.89e11, "USD", "money", "approx", 5.89e11)),
        ("训练成本不到600万美元", ("不到600万美元", 6e6, "USD", "money", "upper", 6e6)),
        ("开盘缩水超过1万亿美元", ("超过1万亿美元", 1e12, "USD", "money", "lower", 1e12)),
        ("收入为334亿人民币", ("334亿人民币", 3.34e10, "CNY", "money", "exact", 3.34e10)),
        ("跌幅在2.1%至4.2%之间", ("2.1%至4.2%", 2.1, "%", "percent", "exact", 4.2)),
        ("九成用户来自国内", ("九成", 90, "%", "percent", "exact", 90)),
        ("储备万张A100芯片", ("万张", 1e4, "张", "count", "exact", 1e4)),
        ("两万块芯片", ("两万块", 2e4, "块", "count", "exact", 2e4)),
        ("运行55天完成", ("55天", 55, "天", "duration", "exact", 55)),
        ("月活跃用户1.25亿", ("1.25亿", 1.25e8, "", "count", "exact", 1.25e8)),
        ("100余人参加", ("100余人", 100, "人", "count", "lower", 100)),
        ("增长一倍以上", ("一倍以上", 1, "倍", "multiple", "lower", 1)),
    ],
)
def test_figure_table(text, expected):
    f = _one(text)
    got = (f.text, f.value, f.unit, f.kind, f.qualifier, f.high)
    assert got[0] == expected[0]
    assert got[1] == pytest.approx(expected[1])
    assert got[2:5] == expected[2:5]
    assert got[5] == pytest.approx(expected[5])
    assert text[f.start:f.end] == f.text


@pytest.mark.parametrize(
    "text",
    [
        "2025年1月28日，北京",
        "2020年3月16日以來",
        "20世紀50年代末",
        "24年第一季",
        "GPT-4o、V3、R1、H800、A100",
        "Qwen2.5-72B和Llama 3.1-405B",
        "Claude 3.5-Sonnet與GPT-4 Turbo",
        "COVID-19疫情",
        "Gemini-2.5 Pro和DeepSeek-V3.1",
        "全球前十",
        "2025年第二季度",
        "下午3點開會",
        "10:30開盤",
        "騰訊（0700.HK）",
        "數十億美元",
        "十幾萬人",
        "一家公司、三年、六四事件、四大天王、十分、百度、千萬不要、萬一",
        "首年只要 8 折",
        "版本3.1.2",
        "5G網絡",
        # Simplified
        "2025年1月20日发布",
        "英伟达H800型GPU",
        "排名第3",
        "数百万人",
    ],
)
def test_not_figures(text):
    assert extract_figures([(0, text)]) == ()


def test_hedge_not_read_from_longer_word():
    f = _one("最近5年")  # 最近 ends in 近 but is not a hedge
    assert (f.text, f.qualifier) == ("5年", "exact")


def test_context_and_about_seed(figs000, figs004):
    a = _by_text(figs000)
    assert a["16.86%"].context == ("英伟达", "股价", "重创")
    assert a["16.86%"].about == "英偉達 股價"
    assert a["5890億美元"].about == "市值"
    assert a["557.6萬美元"].about == "訓練 耗資"
    b = _by_text(figs004)
    assert b["17%"].about == "英偉達 股價"  # 英偉達公司 (NVDA) 股價: the company word and the ticker are skipped
    assert b["不到600萬美元"].about == "訓練 成本"


def test_about_in_the_texts_script():
    f = _one("英伟达股价暴跌17%")
    assert f.about == "英伟达 股价"
    assert "英伟达" in f.context


def test_context_stays_in_clause():
    f = extract_figures([(0, "英偉達股價更重創16.86%，市值蒸發5890億美元")])[1]
    assert f.context == ("市值", "蒸发")


def test_context_keeps_outside_part_of_a_token_that_runs_into_a_figure():
    from framing.claims.figures import _outside
    from framing.model import Token

    text = "「二十三條立法後"
    tokens = (Token("「", "「", 0, 1), Token("二十三條立法", "二十三条立法", 1, 7), Token("後", "后", 7, 8))
    kept = _outside(tokens, [(1, 5)], text, "「二十三条立法后")
    assert [(t.text, t.start, t.end) for t in kept] == [("「", 0, 1), ("立法", 5, 7), ("後", 7, 8)]


def _anchor(f: Figure) -> tuple[str, ...]:
    return tuple(w for w in f.context if w.startswith("@"))


@pytest.mark.parametrize(
    ("text", "figure", "anchor"),
    [
        ("英偉達股價週一暴跌17%", "17%", ("@周一",)),
        ("英伟达股价27日暴跌17%", "17%", ("@27日",)),
        ("1月27日，美國科技股大跌，納斯達克指數收跌3.07%。", "3.07%", ("@1月", "@27日")),  # the sentence opens with it
        ("在2025年上半年,阿里巴巴的模型佔中國企業級AI使用量的17.7%", "17.7%", ("@2025年", "@h1")),
        ("4月29日凌晨，阿里巴巴發布8款模型", "8款", ("@4月", "@29日")),
        ("阿里雲第一季收入增長13%", "13%", ("@q1",)),
        ("英偉達次日股價反彈9%", "9%", ("@第2日",)),
        ("上市第3天股價上漲20%", "20%", ("@第3日",)),
        # the nearest date before the figure in its clause, not one after it
        ("份額從2020年的約3.9%升至2023年9月的約25%", "約3.9%", ("@2020年",)),
        ("份額從2020年的約3.9%升至2023年9月的約25%", "約25%", ("@2023年", "@9月")),
        # not when the figure holds: a starting point (以來), a date in an earlier clause that is not only a date
        ("英偉達股價暴跌17%，創2020年3月以來最大跌幅", "17%", ()),
        ("是自2020年3月16日以來最差表現，股價暴跌17%", "17%", ()),
        ("DeepSeek於1月20日發布R1，英偉達股價暴跌17%", "17%", ()),
        ("英偉達股價暴跌17%。1月28日反彈", "17%", ()),
    ],
)
def test_figure_anchor(text, figure, anchor):
    f = _by_text(extract_figures([(0, text)]))[figure]
    assert _anchor(f) == anchor
    assert f.context[: len(f.context) - len(anchor)] == tuple(w for w in f.context if not w.startswith("@"))


def test_seed_anchors(figs000, figs004):
    a, b = _by_text(figs000), _by_text(figs004)
    assert _anchor(a["3.07%"]) == ("@1月", "@27日")  # "1月27日，美國主要科技股市出現大幅拋售，…收跌3.07%"
    assert _anchor(a["16.86%"]) == ()  # "自…2020年3月16日以來的最差表現" is no anchor
    assert _anchor(b["71%"]) == ("@2025年", "@q1")
    assert _anchor(b["28億美元"]) == ("@2025年", "@h1")


@pytest.mark.parametrize(
    ("a", "b", "paired"),
    [
        ("英偉達股價下跌17%", "英偉達股價下跌3%", True),  # no dates: the same quantity, a disagreement
        ("英偉達股價週一下跌17%", "英偉達股價週二下跌3%", False),  # different days: not the same quantity
        ("1月27日，英偉達股價下跌17%", "1月28日，英偉達股價下跌3%", False),
        ("英偉達股價首日下跌17%", "英偉達股價次日下跌3%", False),
        ("阿里雲第一季收入增長13%", "阿里雲第二季收入增長18%", False),
        ("2024年阿里雲收入增長13%", "2025年阿里雲收入增長18%", False),
        ("英偉達股價27日下跌17%", "1月27日，英偉達股價下跌16.86%", True),  # the same day, once with its month
        ("英偉達股價週一下跌17%", "英偉達股價27日下跌16.86%", True),  # a weekday and a date do not clash
        ("英偉達股價週一下跌17%", "英偉達股價下跌16.86%", True),  # one side gives no date
    ],
)
def test_anchors_in_pairing(a, b, paired):
    result = pair_figures(extract_figures([(0, a)]), extract_figures([(0, b)]))
    assert any(p.a and p.b for p in result) is paired, [(p.a and p.a.text, p.b and p.b.text) for p in result]


def test_dates_are_anchors_not_context_words():
    from framing.claims.figures import _similarity

    rules = load_claim_rules()
    plain = extract_figures([(0, "英偉達股價下跌17%")])[0]
    dated = extract_figures([(0, "英偉達股價週一下跌17%")])[0]
    assert dated.context == (*plain.context, "@周一")  # 週一 is when, not what
    a, b = (extract_figures([(0, t)])[0] for t in ("英偉達股價週一下跌17%", "英偉達市值週一蒸發17%"))
    c, d = (extract_figures([(0, t)])[0] for t in ("英偉達股價下跌17%", "英偉達市值蒸發17%"))
    assert _similarity(a, b, rules) == _similarity(c, d, rules)  # a shared date adds no overlap


def test_empty_and_no_figures():
    assert extract_figures([]) == ()
    assert extract_figures([(0, ""), (1, "沒有數字的句子。")]) == ()


def test_inputs_untouched():
    paragraphs = [(0, "市值蒸發5890億美元")]
    extract_figures(paragraphs)
    extract_voices(paragraphs)
    assert paragraphs == [(0, "市值蒸發5890億美元")]
    f = _one("市值蒸發5890億美元")
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.value = 1.0  # type: ignore[misc]


_ALPHABET = list(
    "0123456789.,%-~ 約近逾超過不到以上左右多餘萬億兆千百十一二兩三四五六七八九零〇點成倍年月日第前"
    "美元人民幣港元台幣塊張個天（）()$:：/。，、「」\n數幾百分之半AaHhVvGgPpTt"
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=40), st.lists(st.sampled_from(_ALPHABET), max_size=40).map("".join)))
def test_property_figures_never_raise_and_slice_back(text):
    for f in extract_figures([(3, text)]):
        assert text[f.start:f.end] == f.text
        assert f.paragraph == 3
        assert f.start < f.end
        assert f.kind


# --------------------------------------------------------------------------- pairing


def test_seed_pairs_agree(figs000, figs004):
    pairs = {(p.a.text, p.b.text): p for p in pair_figures(figs000, figs004) if p.a and p.b}
    assert pairs[("16.86%", "17%")].agree is True
    assert pairs[("16.86%", "17%")].note == "rounding"
    assert pairs[("16.86%", "17%")].about == "英偉達 股價"
    assert pairs[("5890億美元", "約6000億美元")].agree is True
    assert pairs[("5890億美元", "約6000億美元")].note == "within the hedge 約"
    assert pairs[("557.6萬美元", "不到600萬美元")].agree is True
    assert pairs[("557.6萬美元", "不到600萬美元")].note == "below the bound 不到"
    # 納斯達克指數 3.07% is not 芯片製造商指數 9.2%: different subjects of the same measure
    assert not any(p.a.text == "3.07%" for p in pairs.values())


def test_seed_unpaired_follow_pairs(figs000, figs004):
    result = pair_figures(figs000, figs004)
    kinds = ["pair" if p.a and p.b else "a" if p.a else "b" for p in result]
    assert kinds == sorted(kinds, key=["pair", "a", "b"].index)
    only_a = [p.a.paragraph for p in result if p.b is None]
    only_b = [p.b.paragraph for p in result if p.a is None]
    assert only_a == sorted(only_a) and only_b == sorted(only_b)
    assert all(p.agree is None for p in result if not (p.a and p.b))
    # every figure appears once (a conversion twin 46億美元 rides with 334億人民幣)
    assert len({id(p.a) for p in result if p.a}) == len(figs000)


def test_disagreeing_pair():
    a = extract_figures([(0, "英偉達股價暴跌9.2%")])
    b = extract_figures([(0, "英偉達股價暴跌17%")])
    (p,) = pair_figures(a, b)
    assert (p.agree, p.note) == (False, "differ by 46%")


def test_bound_violated_simplified():
    a = extract_figures([(0, "DeepSeek训练成本不到500万美元")])
    b = extract_figures([(0, "DeepSeek训练成本为557.6万美元")])
    (p,) = pair_figures(a, b)
    assert (p.agree, p.note) == (False, "exceeds the bound 不到")


@pytest.mark.parametrize(
    ("a", "b", "agree", "note"),
    [
        ("英伟达股价重创16.86%", "英伟达股价暴跌17%", True, "rounding"),
        ("英伟达股价重创16.86%", "英伟达股价暴跌16.86%", True, "same figure"),
        ("英伟达股价暴跌17%", "英伟达股价暴跌17.4%", True, "rounding"),
        ("英伟达股价暴跌17%", "英伟达股价暴跌17.9%", True, "within 3%"),
        ("英伟达股价暴跌20%", "英伟达股价暴跌17%", False, "differ by 15%"),
        ("英伟达市值蒸发5890亿美元", "英伟达市值损失约6000亿美元", True, "within the hedge 约"),
        ("英伟达市值蒸发超过5000亿美元", "英伟达市值损失5890亿美元", True, "above the bound 超过"),
        ("科技股跌幅2.1%至4.2%", "科技股跌幅3%", True, "inside the range"),
        ("两市成交额2.61万亿元", "两市成交额2.59万亿元", False, "differ by 1%"),  # precise figures: no slack
    ],
)
def test_agreement_table(a, b, agree, note):
    (p,) = pair_figures(extract_figures([(0, a)]), extract_figures([(0, b)]))
    assert (p.agree, p.note) == (agree, note)


def test_no_pair_across_kinds_currencies_or_topics():
    a = extract_figures([(0, "英偉達股價下跌17%，市值蒸發5890億美元")])
    b = extract_figures([(0, "英偉達股價下跌17萬股，市值蒸發5890億港元")])
    assert all(p.a is None or p.b is None for p in pair_figures(a, b))
    c = extract_figures([(0, "蘋果營收增長17%")])
    assert all(p.a is None or p.b is None for p in pair_figures(a, c))


def test_conversion_written_in_text_pairs_either_currency():
    a = extract_figures([(0, "阿里雲季度收入為334億人民幣(46億美元)")])
    b = extract_figures([(5, "阿里雲季度收入46億美元")])
    result = pair_figures(a, b)
    assert len(result) == 1
    (p,) = result
    assert (p.a.text, p.b.text, p.agree) == ("46億美元", "46億美元", True)


def test_pairing_is_symmetric(figs000, figs004):
    ab = {(p.a.text, p.b.text, p.agree) for p in pair_figures(figs000, figs004) if p.a and p.b}
    ba = {(p.b.text, p.a.text, p.agree) for p in pair_figures(figs004, figs000) if p.a and p.b}
    assert ab == ba


# --------------------------------------------------------------------------- voices


def _voices(voices) -> dict[str, object]:
    return {v.name: v for v in voices}


def test_seed000_voices(voices000, seed000):
    v = _voices(voices000)
    for name in ("梁文鋒", "特朗普", "劉知遠", "Aravind Srinivas", "Alexandr Wang", "Marc Andreessen"):
        assert v[name].kind == "person", name
    assert "楊立昆" in v or "Yann Le Cun" in v
    assert v["金融時報"].kind == "media"
    assert v["業內人士"].kind == "anonymous"
    assert v["業界人士"].kind == "anonymous"
    assert v["OpenAI"].kind == "organisation"
    assert v["英偉達"].kind == "organisation"
    assert len(v["梁文鋒"].paragraphs) >= 3
    assert v["梁文鋒"].paragraphs == tuple(sorted(set(v["梁文鋒"].paragraphs)))
    assert "強調" in v["梁文鋒"].verbs and "表示" in v["梁文鋒"].verbs
    assert v["英偉達"].verbs == ("回應指",)
    texts = dict(seed000)
    for voice in voices000:
        for p, s, e in voice.mentions:
            assert texts[p][s:e] in voice.name  # the name, or the surname standing for it (梁對總理稱)


def test_seed000_non_voices(voices000):
    names = {v.name for v in voices000}
    # spoken to, pronouns and crowds are not voices: 梁文鋒對李強表示, 他認為, 外界, 輿論, 許多媒體稱, 一部分批評認為
    for bad in ("李強", "他", "其", "外界", "輿論", "媒體", "許多媒體", "一部分批評", "一些聲音", "AI", "總理"):
        assert bad not in names


def test_seed004_voices(voices004, seed004):
    v = _voices(voices004)
    lea = v["Robert Lea"]
    assert lea.kind == "person"
    assert len(lea.mentions) == 2  # "彭博情報高級分析師Robert Lea對…表示" and "Lea表示"
    texts = dict(seed004)
    assert [texts[p][s:e] for p, s, e in lea.mentions] == ["Robert Lea", "Lea"]
    assert "Lea" not in v


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("美國總統特朗普稱，DeepSeek為業界敲響警鐘。", [("特朗普", "person", "稱")]),
        ("清華大學計算機系副教授劉知遠表示，我們仍在追趕。", [("劉知遠", "person", "表示")]),
        ("梁文鋒曾在少有的公開採訪中表示，過去多年。", [("梁文鋒", "person", "表示")]),
        ("據報梁文鋒對李強表示，芯片是瓶頸。", [("梁文鋒", "person", "表示")]),
        ("有業內人士表示，DeepSeek很單純。", [("業內人士", "anonymous", "表示")]),
        ("報導引述業界人士，指蒸餾很常見。", [("業界人士", "anonymous", "引述")]),
        ("據彭博報導，知情人士透露，華為將推出新芯片。",
         [("彭博", "media", "據…報導"), ("知情人士", "anonymous", "透露")]),
        ("OpenAI在1月29日表示，其有證據。", [("OpenAI", "organisation", "表示")]),
        ("英偉達回應指，這是一項卓越進步。", [("英偉達", "organisation", "回應指")]),
        ("輝達執行長黃仁勳並稱，需求強勁。", [("黃仁勳", "person", "稱")]),
        ("主導Meta AI研究的首席科學家楊立昆（Yann Le Cun）認為，開源模型超越專有模型。",
         [("楊立昆", "person", "認為")]),
        # Simplified
        ("美国总统特朗普称，DeepSeek为业界敲响警钟。", [("特朗普", "person", "称")]),
        ("据英国《金融时报》报道，ChatGPT的开发者OpenAI表示，其有证据。",
         [("金融时报", "media", "据…报道"), ("OpenAI", "organisation", "表示")]),
        ("中国外交部发言人毛宁表示，中方反对。", [("毛宁", "person", "表示")]),
        ("路透社援引消息人士称，台积电将提价。", [("路透社", "media", "援引"), ("消息人士", "anonymous", "援引")]),
        ("黄仁勋在接受采访时说，需求依然强劲。", [("黄仁勋", "person", "说")]),
        ("Scale AI表示，需求强劲。", [("Scale AI", "organisation", "表示")]),
        ("Financial Times报道称，谈判破裂。", [("Financial Times", "media", "称")]),
        ("有业内人士表示，竞争加剧。", [("业内人士", "anonymous", "表示")]),
        # a title before a name the tagger misses; the paper that interviews is not the speaker
        ("新加坡国立大学东亚研究所研究员林志豪接受《联合早报》访问时说：“这一轮上涨更多是政策驱动。”",
         [("林志豪", "person", "说")]),
        # 媒体 inside 在…上 is where, not a crowd
        ("OpenAI首席执行官奥尔特曼在社交媒体上坦言，R1令人印象深刻。", [("奥尔特曼", "person", "坦言")]),
        ("美国公民自由联盟等组织此前也表示，该法案违宪。", [("美国公民自由联盟", "organisation", "表示")]),
        # a transliterated name cut in pieces by the tagger, glossed in Latin
        ("欧盟贸易委员东布罗夫斯基斯（Valdis Dombrovskis）此前强调，欧盟欢迎谈判。",
         [("东布罗夫斯基斯", "person", "强调")]),
        ("德國總理朔爾茨此前曾公開表態反對加徵關稅。", [("朔爾茨", "person", "表態")]),
        # the object of another verb is not the speaker: 輝達 files, the SEC is filed with
        ("輝達在提交美國證券交易委員會（SEC）的文件中指出，將認列費用。", [("輝達", "organisation", "指出")]),
        ("政大東亞研究所副教授林怡廷分析，23條立法代表北京的控制。", [("林怡廷", "person", "分析")]),
        # no part-of-speech tagger: names from surnames, titles and transliteration; the cases it got wrong
        ("國台辦發言人朱鳳蓮表示，民進黨當局挾洋自重。", [("朱鳳蓮", "person", "表示")]),
        ("馬克龍表示，歐洲必須自主。", [("馬克龍", "person", "表示")]),  # the tagger cut 馬克
        ("美國白宮發言人萊維特表示，關稅將生效。", [("萊維特", "person", "表示")]),  # the tagger cut 萊維
        ("歐陽娜娜表示，很開心。", [("歐陽娜娜", "person", "表示")]),  # a compound surname
        ("王毅稱，中美應相向而行。", [("王毅", "person", "稱")]),  # jieba glued 王毅稱 into one word
        ("李家超指出，條例能有效防範風險。", [("李家超", "person", "指出")]),  # cut 李家 + 超
        ("特朗普周五表示，關稅將上調。", [("特朗普", "person", "表示")]),  # 周五 is a weekday, not 周 + a name
        ("俄羅斯總統普京表示，制裁失敗。", [("普京", "person", "表示")]),
        ("台積電董事長魏哲家3日與美國總統川普在白宮共同宣布，追加投資。", [("魏哲家", "person", "宣布")]),
        ("美国总统特朗普27日在佛罗里达州对共和党议员发表讲话时表示，这是警钟。", [("特朗普", "person", "表示")]),
        # organisations: a suffix with the place or listed name the name starts with
        ("德国汽车工业协会（VDA）批评此举。", [("德国汽车工业协会", "organisation", "批评")]),
        ("國務院港澳辦發言人表示，堅決支持。", [("國務院港澳辦", "organisation", "表示")]),
        ("港府則強調，條例符合國際標準。", [("港府", "organisation", "強調")]),
        ("陸委會指出，條例衝擊港人權利。", [("陸委會", "organisation", "指出")]),
        ("比亞迪公司表示，銷量創新高。", [("比亞迪公司", "organisation", "表示")]),
    ],
)
def test_voice_table(text, expected):
    got = [(v.name, v.kind, v.verbs[0]) for v in extract_voices([(0, text)])]
    assert got == expected


@pytest.mark.parametrize(
    "text",
    [
        "外界認為DeepSeek會改變格局。",
        "輿論稱這是彎道超車。",
        "但他認為這很危險。",
        "一部分批評認為，DeepSeek顯示出了嚴格審查。",
        "許多媒體稱DeepSeek為不知名公司。",
        "普遍認為其性能達到世界先進水平。",
        "因而引發對整個AI產業盈利模式的質疑。",
        "這種被稱為「蒸餾」的做法很常見。",
        # Simplified
        "外界认为这是突破。",
        "他认为这很危险。",
        "许多媒体称DeepSeek为不知名公司。",
        "该公司表示，收入增长。",
        "一位大模型公司技术负责人说，需要重新调优。",  # an unnamed source, not an organisation called 模型公司
        "一些外资机构认为，关系缓和。",
        "市場分析顯示需求強勁。",  # 分析 attributes only before a pause
        # no tagger: dates, places, kinds of organisation and common words are not names
        "發言人周五表示，中方反對。",
        "紐西蘭表示，將跟進。",
        "沙特表示，將增產。",
        "高管表示，需求強勁。",
        "母公司表示，將重組。",
        "研究機構表示，需求放緩。",
        "頭部券商認為，行情將延續。",
        "成交量表示市場活躍。",
        "DeepSeek的案例說明，這種思路正在失效。",  # DeepSeek owns the case; it does not speak
    ],
)
def test_not_voices(text):
    assert extract_voices([(0, text)]) == ()


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_no_heavy_imports_and_no_tagger():
    # importing the module loads neither jieba nor OpenCC; finding voices never loads jieba's POS tagger
    # (jieba.posseg: half a second to import, a second and ~200 MB for its word-tag dictionary)
    got = _run(
        "import sys, framing.claims as c\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('jieba', 'opencc', 'snownlp', 'sklearn'))\n"
        "c.extract_voices([(0, '輝達執行長黃仁勳表示，需求強勁。')])\n"
        "print(heavy, 'jieba.posseg' in sys.modules)"
    )
    assert got == "[] False"


def test_voices_fast_after_warm_up():
    # the brief: < 30 ms on the two seeds once the tokenizer is loaded (measured 13-20 ms); the bound here is
    # loose for loaded CI machines, but a tagger (over a second to build on first use) would break it
    got = _run(
        "import time\n"
        "from pathlib import Path\n"
        "from framing.claims import extract_voices, load_claim_rules, load_naming\n"
        "from framing.text import tokenize\n"
        "load_claim_rules(); load_naming(); tokenize('暖身')\n"
        "paras = [(i, ln) for f in sorted(Path('seeds').glob('*.txt'))\n"
        "         for i, ln in enumerate(f.read_text(encoding='utf-8').splitlines()) if ln.strip()]\n"
        "t = time.perf_counter(); extract_voices(paras); print(time.perf_counter() - t)"
    )
    assert float(got) < 0.3


def test_name_cut_short_joins_full_name():
    vs = extract_voices([(0, "行政長官李家超隨即在記者會上表示，這是歷史性時刻。"), (1, "李家超表示，香港將更穩定。")])
    assert [(v.name, v.paragraphs) for v in vs] == [("李家超", (0, 1))]


def test_voices_merge_across_paragraphs():
    vs = extract_voices([(2, "分析師Robert Lea表示，前景不明。"), (7, "Lea表示，價格戰將持續。"), (5, "特朗普稱，很好。")])
    v = _voices(vs)
    assert v["Robert Lea"].paragraphs == (2, 7)
    assert [v.name for v in vs] == ["Robert Lea", "特朗普"]  # order of first mention


# --------------------------------------------------------------------------- naming


@pytest.fixture(scope="module")
def table():
    return load_naming(DATA / "naming.toml")


@pytest.mark.parametrize(
    ("texts", "script", "convention"),
    [
        (["輝達股價下跌，川普稱人工智慧晶片管制將擴大。", "祖克柏也談人工智慧。"], "traditional", "taiwan"),
        (["英偉達股價下跌，特朗普稱人工智能芯片管制將擴大。"], "traditional", "hongkong"),
        (["英伟达股价下跌，特朗普称人工智能芯片管制将扩大。"], "simplified", "mainland"),
        (["輝達和英偉達、川普和特朗普都談人工智慧和人工智能。"], "traditional", "mixed"),
        (["英伟达和辉达、川普和特朗普都谈人工智慧和人工智能。"], "simplified", "mixed"),
        (["今天天氣很好。"], "traditional", "unknown"),
        (["今天天气很好。"], "simplified", "mainland"),
        (["台積電今天開盤。"], "traditional", "unknown"),  # a shared name is no evidence
        (["英偉達的服務器和服務器信息。"], "traditional", "mainland"),  # only mainland words: a converted text
        (["英偉達股價下跌，川普稱人工智能芯片管制將擴大。"], "traditional", "hongkong"),  # one stray Taiwan word
    ],
)
def test_naming_table(table, texts, script, convention):
    assert naming_convention(texts, script=script, table=table).convention == convention


def test_naming_evidence_and_counts(table):
    n = naming_convention(["輝達、輝達、川普和晶片。"], script="traditional", table=table)
    assert n.evidence == ("輝達", "川普", "晶片")
    assert n.counts == {"taiwan": 4, "hongkong": 1}


def test_naming_gloss_in_parentheses_is_not_usage(table):
    n = naming_convention(["人們曾質疑是否應該信任扎克伯格（祖克柏）"], script="traditional", table=table)
    assert n.evidence == ("扎克伯格",)
    assert "taiwan" not in n.counts


def test_naming_seeds_with_shipped_table(seed000, seed004):
    n = naming_convention([t for _, t in seed000], script="traditional")
    assert n.convention == "hongkong"
    assert {"英偉達", "特朗普", "人工智能", "芯片"} <= set(n.evidence[:8])
    assert n.evidence[0] == "人工智能"
    assert "祖克柏" not in n.evidence
    n4 = naming_convention([t for _, t in seed004], script="traditional")
    assert n4.convention in ("hongkong", "mainland")  # a mainland text converted to Traditional


# --------------------------------------------------------------------------- rule files


def test_loaders_cached_and_frozen():
    assert load_claim_rules() is load_claim_rules()
    assert load_naming() is load_naming()
    with pytest.raises(dataclasses.FrozenInstanceError):
        load_claim_rules().floor = 0.0  # type: ignore[misc]


def test_shipped_files_are_not_statted_again(monkeypatch):
    # every reader loads the rules and the naming table: without a path that is a dict lookup, no resolve or stat
    from framing.claims import rules

    shipped = load_claim_rules(), load_naming()

    def refuse(path):
        raise AssertionError(f"{path} statted on a call without a path")

    monkeypatch.setattr(rules, "_stat", refuse)  # the one loader both files go through (rules.load_cached)
    assert load_claim_rules() is shipped[0] and load_naming() is shipped[1]
    assert extract_figures([(0, "市值蒸發約5890億美元")])
    assert naming_convention(["輝達股價下跌"], script="traditional").convention == "taiwan"


def test_a_user_file_is_reloaded_when_edited(tmp_path):
    claims_toml = tmp_path / "claims.toml"
    shutil.copy(SHIPPED / "claims.toml", claims_toml)
    naming_toml = tmp_path / "naming.toml"
    shutil.copy(DATA / "naming.toml", naming_toml)
    assert load_claim_rules(claims_toml).floor == load_claim_rules().floor != 0.9
    assert "輝達" not in load_naming(naming_toml).glosses
    for path, old, new in ((claims_toml, "floor = ", "floor = 0.9 #"), (naming_toml, 'gloss = "', 'gloss = "輝達 ')):
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # a new mtime even on a coarse clock
    assert load_claim_rules(claims_toml).floor == 0.9
    assert load_naming(naming_toml).glosses[0].startswith("輝達 ")
    assert load_claim_rules().floor != 0.9  # the shipped rules are untouched


def test_docstring_examples_run():
    # pytest collects no doctests here (pyproject.toml has no --doctest-modules): run each module's
    import doctest

    import framing.claims as package
    from framing.claims import clauses, figures, naming, rules, voices

    attempted = 0
    for module in (package, rules, clauses, figures, voices, naming):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0, module.__name__
        attempted += result.attempted
    # the examples of the package, load_claim_rules, extract_figures, pair_figures, extract_voices, load_naming
    # and naming_convention
    assert attempted >= 18


def test_rules_cover_both_scripts():
    rules = load_claim_rules()
    assert rules.units["美元"] == ("money", "USD", "USD")
    assert rules.units["人民币"][1] == "CNY"  # written 人民幣 in the file, matched in analysis form
    assert rules.hedges_before["约"] == "approx" and rules.hedges_after["以上"] == "lower"
    assert rules.magnitudes["亿"] == 1e8


def test_voice_word_lists():
    rules = load_claim_rules()
    assert len(rules.surnames) >= 300
    assert all(1 <= len(s) <= 2 for s in rules.surnames)
    assert {"王", "李", "张", "陈", "黄", "欧阳", "司马", "诸葛", "张简", "赖", "邝"} <= rules.surnames
    # written once in either script: no entry repeats another after normalisation
    raw = tomllib.loads((SHIPPED / "claims.toml").read_text(encoding="utf-8"))["voices"]["surnames"]
    assert len(raw) == len(rules.surnames)
    assert "特" in rules.transliteration and "王" not in rules.transliteration


def _copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    src = (SHIPPED / name).read_text(encoding="utf-8")
    assert old in src
    dst = tmp_path / name
    dst.write_text(src.replace(old, new, 1), encoding="utf-8")
    return dst


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in ln)


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        ("relative = 0.03", 'relative = "three"', "relative =", "must be a number"),
        ("max_gap = 12", "max_gapp = 12", "max_gapp", "unknown key"),
        ('USD = { after = ["美元"', 'usd = { after = ["美元"', "usd =", "ISO 4217"),
        ('magnitudes = { "萬" = 1e4', 'magnitudes = { "萬" = "ten thousand"', "magnitudes", "must map to a number"),
        ('signs = ["%"]', "signs = [1]", "signs", "list of non-empty strings"),
        ("name_max_freq = 300", "name_max_freq = -1", "name_max_freq = -1", "whole number >= 0"),
        ('"週一" = 1', '"週一" = "Monday"', '"週一" = "Monday"', "must map to a number"),
    ],
)
def test_malformed_claims(tmp_path, old, new, needle, message):
    path = _copy(tmp_path, "claims.toml", old, new)
    with pytest.raises(LexiconError) as err:
        load_claim_rules(path)
    assert f"{path.resolve()}:{_line_of(path, needle)}:" in str(err.value)
    assert message in str(err.value)


def test_claims_syntax_error_has_line(tmp_path):
    path = _copy(tmp_path, "claims.toml", "floor = 0.3", "floor = = 0.3")
    with pytest.raises(LexiconError, match=rf":{_line_of(path, 'floor = =')}: TOML syntax error"):
        load_claim_rules(path)


def test_missing_rule_file(tmp_path):
    with pytest.raises(LexiconError, match="no such lexicon file"):
        load_claim_rules(tmp_path / "nope.toml")


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        ('{ term = "輝達", regions = ["taiwan"] }', '{ term = "輝達", regions = ["tw"] }', "輝達", "regions among"),
        ('{ term = "輝達", regions = ["taiwan"] }', '{ term = "輝達", region = ["taiwan"] }', "輝達", "unknown key"),
        ('{ term = "川普", regions = ["taiwan"] }', '{ term = "英偉達", regions = ["taiwan"] }',
         '"英偉達", regions = ["taiwan"]',
         "one concept only"),
        ("weight = 0.5", "weight = 5", "weight = 5", "weight must be"),
    ],
)
def test_malformed_naming(tmp_path, old, new, needle, message):
    src = DATA / "naming.toml"
    path = tmp_path / "naming.toml"
    shutil.copy(src, path)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        load_naming(path)
    assert f":{_line_of(path, needle)}:" in str(err.value)
    assert message in str(err.value)
