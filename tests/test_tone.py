"""tone.py: the news tone lexicon with negation, intensity and contrast; thresholds from tone.toml."""

from __future__ import annotations

import pytest

from framing.text import normalize, tokenize
from framing.tone import lexicon_tone, score_tone


def tone(text, cfg):
    return score_tone(tokenize(text), text, normalize(text), cfg.tone)


@pytest.mark.parametrize(
    "text, label",
    [
        ("英偉達股價重挫17%，市值蒸發近6000億美元，創下史上最大單日跌幅。", -1),
        ("該公司季度營收創新高，股價大漲，分析師普遍看好其前景。", 1),
        ("會議於週二在北京舉行，與會者包括專家和企業代表。", 0),
        ("华为Mate 60 Pro开售即售罄，国产芯片实现重大突破。", 1),
        ("批評人士擔心，新法將嚴重損害香港的新聞自由。", -1),
    ],
)
def test_labels_on_news_sentences(cfg, text, label):
    t, _ = tone(text, cfg)
    assert t.label == label


def test_negation_flips_a_tone_word(cfg):
    plain, _ = lexicon_tone(*(lambda s: (tokenize(s), s, normalize(s)))("市場出現恐慌"), cfg.tone)
    s = "市場並未出現恐慌"
    negated, hits = lexicon_tone(tokenize(s), s, normalize(s), cfg.tone)
    assert plain < 0 < negated
    assert any(h.negated for h in hits)


def test_intensifier_strengthens(cfg):
    s1, s2 = "股價下跌", "股價大幅下跌"
    a, _ = lexicon_tone(tokenize(s1), s1, normalize(s1), cfg.tone)
    b, hits = lexicon_tone(tokenize(s2), s2, normalize(s2), cfg.tone)
    assert b < a < 0
    assert any(r.startswith("intensifier:") for h in hits for r in h.rules)


def test_contrast_weights_the_clause_after_but(cfg):
    s = "雖然股價下跌，但分析師普遍看好前景。"
    t, hits = tone(s, cfg)
    after = [h for h in hits if any(r.startswith("after-contrast") for r in h.rules)]
    before = [h for h in hits if any(r.startswith("before-contrast") for r in h.rules)]
    assert after and before
    assert t.lexicon > 0


def test_every_tone_hit_explains_its_value(cfg):
    s = "市場並未出現恐慌性拋售，但投資者仍然十分擔憂。"
    t, hits = tone(s, cfg)
    for h in hits:
        assert s[h.start : h.end] == h.term
        assert h.polarity in (-1, 1)
        assert h.value != 0
    assert -1 <= t.score <= 1 and -1 <= t.lexicon <= 1


def test_snownlp_is_a_minor_signal(cfg):
    t, _ = tone("會議於週二在北京舉行。", cfg)
    assert t.snownlp is not None and -1 <= t.snownlp <= 1
    assert abs(t.score) <= cfg.tone.snownlp_weight + 1e-9


# --- asymmetric negation (2026-11-23): a denial of something bad is not praise

def _lex(s, cfg):
    return lexicon_tone(tokenize(s), s, normalize(s), cfg.tone)


@pytest.mark.parametrize(
    "text",
    [
        "儘管隔夜外圍市場大幅波動，A股今日並未出現恐慌性拋售，三大指數全天窄幅震盪。",  # codebook: neutral-to-mild
        "足總署理會長說，足總尊重國際足聯的決定，但足總沒有任何欺騙的意圖，將在規定期限內提出上訴。",
    ],
)
def test_a_negated_negative_word_is_at_most_mildly_positive(cfg, text):
    t, hits = tone(text, cfg)
    denied = [h for h in hits if h.negated and h.polarity < 0]
    assert denied and all(0 < h.value <= cfg.tone.negated_negative_cap for h in denied)
    assert t.label == 0  # neither the word's weight (2.0, 1.5) nor the contrast after 但 makes it praise


def test_a_negated_positive_word_still_turns_negative(cfg):
    t, hits = tone("這輪改革最終未能成功。", cfg)
    assert any(h.negated and h.polarity > 0 and h.value < 0 for h in hits)
    assert t.label == -1


def test_an_intensifier_inside_the_negation_does_not_strengthen_it(cfg):
    plain, _ = _lex("分析師對前景並不樂觀", cfg)
    very, hits = _lex("分析師對前景並不十分樂觀", cfg)  # "not very optimistic" is not more negative than "not optimistic"
    assert plain < 0 and very == pytest.approx(plain)
    assert any(r.startswith("intensifier:") for h in hits for r in h.rules)
    outside, _ = _lex("這次改革完全不成功", cfg)  # an intensifier before the negator still strengthens it
    inside, _ = _lex("這次改革不成功", cfg)
    assert outside < inside < 0


@pytest.mark.parametrize(
    "text",
    [
        "如果把砍預算當成政績，最先被砍到的，往往是那些短期看不到成果的基礎建設。",
        "政府推出多輪刺激措施，但樓市至今仍未見起色。",
        "這項計畫投入大量經費，卻一直不見成效。",
    ],
)
def test_no_sign_of_negates_what_follows(cfg, text):
    # 看不到 / 未見 / 不見 are one jieba token each, so the 不 / 未 inside them was not seen before 2026-11-23
    t, hits = tone(text, cfg)
    assert any(h.negated and h.polarity > 0 and h.value < 0 for h in hits)
    assert t.label == -1


@pytest.mark.parametrize(
    "text",
    [
        "被告承認一項煽動罪，案件昨日判刑，被告被判監14個月。",  # HK legal news
        "一名男子在網上發布帖文煽惑他人憎恨政府，早前被捕。",
        "7名球員各遭禁賽12個月，足總表示將提出上訴。",  # sport
        "受雷暴影響，球場嚴重積水，賽事延後兩小時開賽，天文台已發出黃色暴雨警告。",  # weather
        "美國近年加緊追查先進晶片經第三地流入中國，東南亞被推到中美科技角力的前沿。",
    ],
)
def test_punishment_hatred_bans_and_storms_are_negative(cfg, text):
    t, _ = tone(text, cfg)
    assert t.label == -1


@pytest.mark.parametrize(
    "text",
    [
        # 2026-11-23: restriction and conflict that had no tone word
        "歐盟對中國電動車加徵關稅正式生效，北京誓言反制。",
        "特朗普多次以加征芯片关税相威胁。",  # 相威胁 is one jieba token hiding 威胁
        "恒生指數昨日收報25,830點，跌0.6%。",  # the market report's bare 跌
        "逾七成受訪記者認為新聞自由較一年前倒退。",
        "聊天機器人回覆：「這個問題我暫時無法回答，我們換個話題吧。」",
        "立委批評政府以行政命令封鎖平台，恐成箝制言論的先例。",
        "讨论此事的部分帖文遭到删除。",
        "多间媒体相继停刊。",
    ],
)
def test_tariffs_retaliation_regression_and_censorship_acts_are_negative(cfg, text):
    t, _ = tone(text, cfg)
    assert t.label == -1


@pytest.mark.parametrize("text", ["老人在家中不慎跌倒。", "騰訊微跌，美團則升1.2%。"])
def test_bare_fall_is_not_read_inside_other_words(cfg, text):
    # 跌倒 (a fall of a person) and 微跌 (a slight dip) are tokens of their own: the bare 跌 does not fire
    t, hits = tone(text, cfg)
    assert not any(h.term == "跌" for h in hits) and t.label == 0


def test_the_all_clear_is_not_a_warning(cfg):
    _, hits = tone("天文台下午解除暴雨警報，學校明日復課。", cfg)
    assert not any(h.term == "警報" for h in hits)
