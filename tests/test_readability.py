"""readability.py: Chinese measures for Chinese text, textstat only for Latin text, offline."""

from __future__ import annotations

import pytest

from framing.readability import measure
from framing.text import tokenize


def test_chinese_measures():
    text = "英偉達股價重挫。市值蒸發近六千億美元，創下史上最大單日跌幅。"
    r = measure(text, tokenize(text), script="traditional")
    assert r["sentences"] == 2
    assert r["chars_per_sentence"] == pytest.approx(sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") / 2)
    assert 0 <= r["rare_word_share"] <= 1
    assert "flesch_reading_ease" not in r


def test_rare_words_raise_the_share():
    plain = "今天的天氣很好，我們去公園。"
    hard = "蒸餾模型的推論算力與稀疏專家混合架構。"
    rp = measure(plain, tokenize(plain), script="simplified")["rare_word_share"]
    rh = measure(hard, tokenize(hard), script="traditional")["rare_word_share"]
    assert rh > rp


def test_latin_text_uses_textstat_offline():
    text = "Nvidia shares fell sharply on Monday. Investors sold chip stocks."
    r = measure(text, tokenize(text), script="latin")
    assert "flesch_reading_ease" in r and "chars_per_sentence" not in r
    assert r["sentences"] == 2
