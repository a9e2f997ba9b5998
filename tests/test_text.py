"""text.py: normalisation keeps offsets, script detection, tokens, sentences."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from framing.text import add_words, detect_script, normalize, split_sentences, tokenize

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
TEXT = st.text(st.one_of(CJK, st.sampled_from(list("，。「」！？ ab1%　\n")), st.characters()), max_size=60)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("開源模型", "开源模型"),
        ("輝達股價暴跌", "辉达股价暴跌"),
        ("ＡＢＣ１２３", "abc123"),
        ("DeepSeek", "deepseek"),
        ("　臺灣", " 台湾"),
    ],
)
def test_normalize_examples(text, expected):
    assert normalize(text) == expected


@given(TEXT)
@settings(max_examples=200, deadline=None)
def test_normalize_keeps_length(text):
    assert len(normalize(text)) == len(text)


@pytest.mark.parametrize(
    "text, script",
    [
        ("美國主要科技股市出現大幅拋售，英偉達股價更重創", "traditional"),
        ("美国主要科技股市出现大幅抛售，英伟达股价更重创", "simplified"),
        ("Nvidia shares fell 17 percent on Monday", "latin"),
        ("", "unknown"),
        ("美國主要科技股市出現大幅拋售。美国主要科技股市出现大幅抛售。", "mixed"),
    ],
)
def test_detect_script(text, script):
    assert detect_script(text) == script


def test_tokens_keep_offsets_into_traditional_text():
    s = "DeepSeek以開源、低價的定位挑戰人工智能相關股票"
    toks = tokenize(s)
    for t in toks:
        assert s[t.start : t.end] == t.text
        assert normalize(t.text) == t.norm
    assert "開源" in [t.text for t in toks]


def test_added_words_stay_whole():
    s = "這是彎道超車的時刻"
    add_words({normalize("彎道超車")})
    assert "彎道超車" in [t.text for t in tokenize(s)]


@given(TEXT)
@settings(max_examples=150, deadline=None)
def test_tokens_slice_back(text):
    for t in tokenize(text):
        assert text[t.start : t.end] == t.text
        assert not t.text.isspace()


@pytest.mark.parametrize(
    "text, n",
    [
        ("他說：「好。」然後走了！", 2),
        ("英偉達股價重創16.86%，市值蒸發。次日收復不少。", 2),
        ("沒有句號的一句話", 1),
        ("Shares fell. Investors sold.", 2),
        ("這是什麼？真的嗎！", 2),
    ],
)
def test_split_sentences(text, n):
    spans = split_sentences(text)
    assert len(spans) == n
    assert "".join(text[s:e] for s, e in spans).strip() == text.strip()
