"""text.py: normalisation keeps offsets, script detection, tokens, sentences."""

from __future__ import annotations

import math

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


# --------------------------------------------------------------------------- speed work must not change the cuts

import json  # noqa: E402
from pathlib import Path  # noqa: E402

import framing.text as T  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"


def _dev_texts() -> list[str]:
    lines = (DATA / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines if line.strip()]
    texts += [p.read_text(encoding="utf-8") for p in sorted((DATA / "articles").glob("*.txt"))]
    return texts


def test_tokens_equal_the_previous_implementation():
    """tokens_jieba_base.jsonl: jieba's own dictionary's tokens of every 5th dev text, saved before the
    bucketed dictionary cache and the fast fold (issue 6) replaced the whole-dictionary load."""
    for line in (DATA / "tokens_jieba_base.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        got = [[t.text, t.start, t.end] for t in tokenize(item["text"], words=frozenset(), backend="jieba")]
        assert got == item["tokens"]


def test_bucketed_dictionary_cuts_like_the_whole_dictionary(cfg):
    """Every dev text and article, each on a dictionary holding only the buckets that text needs, is cut
    exactly as jieba cuts it with the whole dictionary (jieba's plus the lexicon words) in memory."""
    words = cfg.words
    data = bytes(T._dictionary_for(words).data) or None
    if data is None:  # the shared dictionary was completed and let its bytes go: rebuild them
        data = T._cache_bytes(*T._full_freq(words))
    jieba = T._import_jieba()
    shared = T._Dictionary(data)
    ours = T._jieba_for(shared)  # one tokenizer: its memo of word scores lives across texts
    for text in _dev_texts():
        norm = normalize(text)
        fresh = T._Dictionary(data)
        fresh.cover(norm)
        tok = jieba.Tokenizer()
        tok.FREQ, tok.total, tok.initialized = fresh.freq, fresh.total, True
        reference = T._reference_tokenize(norm, words)
        assert list(tok.tokenize(norm)) == reference, text[:40]
        assert fresh.complete or len(fresh.freq) < fresh.entries  # only part of it was loaded
        shared.cover(norm)
        assert list(ours.tokenize(norm)) == reference, text[:40]


def test_tighter_loops_cut_like_stock_jieba(cfg):
    """_tokenizer_class rewrites jieba's get_DAG and calc: on hostile and ordinary strings alike, the cuts
    (and the DAG and route themselves) equal the stock Tokenizer's."""
    freq, total = T._full_freq(cfg.words)
    jieba = T._import_jieba()
    stock = jieba.Tokenizer()
    stock.FREQ, stock.total, stock.initialized = freq, total, True
    ours = T._tokenizer_class()()
    ours.FREQ, ours.total, ours.initialized = freq, total, True
    ours.logtotal, ours.logp = math.log(total), {}
    samples = [*(normalize(t) for t in _dev_texts()), "", "a", "的的的的的的", "中华人民共和国中华人民共和国",
               "研究生命起源", "结婚的和尚未结婚的", "ＡＢＣ abc 123 ４５６", "长江大桥" * 50, "\u3000\ufffd"]
    for s in samples:
        for blk in jieba.re_han_default.split(s):
            if blk and jieba.re_han_default.match(blk):
                dag = ours.get_DAG(blk)
                assert dag == stock.get_DAG(blk), blk[:30]
                r1, r2 = {}, {}
                ours.calc(blk, dag, r1)
                stock.calc(blk, dag, r2)
                assert r1 == r2, blk[:30]
        assert ours.lcut(s) == stock.lcut(s), s[:30]


def test_word_frequency_reads_the_whole_dictionary(cfg):
    freq, _ = T._full_freq(cfg.words)
    T.use_words(cfg.words)
    for w in ("中国", "股价", "辉达", "自我审查", "不存在的词语", "a", "芯"):
        assert T.word_frequency(w) == (freq.get(w, 0) or 0)


def test_cache_round_trip():
    freq = {"中": 5, "中国": 7, "中国人": 0, "a": 1} | {chr(0x4E00 + i): 1 for i in range(20)}  # 一丁丂 ...
    d = T._Dictionary(T._cache_bytes(freq, 13))
    assert d.total == 13 and d.entries == 24 and not d.freq
    d.cover("中国")  # the buckets of 中, 国 and 中国: every key starting with 中 or 中国 (or 国)
    assert d.freq == {"中": 5, "中国": 7, "中国人": 0}
    assert d.get("a") == 1 and d.get("b") == 0 and not d.complete  # a word's own bucket
    d.cover("一丁丂七丄丅丆万")  # past a third of the entries: the rest comes at once
    assert d.freq == freq and d.complete
    with pytest.raises(ValueError):
        T._Dictionary(T._cache_bytes(freq, 13)[:-1])


@given(st.text(st.one_of(st.sampled_from(list("ΣσςİIiAaＡａ　，Ǆß")), st.characters()), max_size=40))
@settings(max_examples=300, deadline=None)
def test_fast_fold_equals_folding_each_character(text):
    assert T._fold(text) == "".join(T._fold_char(ch) for ch in text)


@given(TEXT)
@settings(max_examples=300, deadline=None)
def test_tighter_loops_cut_like_the_whole_dictionary_on_any_text(s):
    tok, d = T._tokenizer(frozenset())
    norm = normalize(s)
    d.cover(norm)
    assert tok.lcut(norm) == [w for w, _, _ in T._reference_tokenize(norm, frozenset())]
