"""frames.py: scores per 100 words, presence by threshold, primary, rejected frames, offsets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from framing.analysis import score_paragraph
from framing.frames import score_frames
from framing.model import Paragraph
from framing.text import normalize, tokenize


def frames(text, cfg):
    return score_frames(tokenize(text), text, normalize(text), cfg.lexicons, cfg.tone)


@pytest.mark.parametrize(
    "text, present",
    [
        ("美國商務部宣布擴大對華晶片出口管制，並將多家中國企業列入實體清單。", {"geopolitics"}),
        ("英伟达股价重挫17%，市值蒸发近6000亿美元，投资者恐慌抛售。", {"markets"}),
        ("DeepSeek以MIT許可證開源模型權重，開發者可在GitHub下載原始碼。", {"open_source"}),
        ("有用戶發現，該聊天機器人拒絕回答有關六四事件的提問，顯示出嚴格的內容審查。", {"censorship"}),
        ("企業要開源節流，才能度過寒冬。", {"markets"}),
        ("梁文鋒1985年出生於廣東省湛江市，就讀於浙江大學電子信息工程專業。", set()),
        ("团队引入AI辅助代码审查后，合并请求的平均审查时间从两天缩短到半天。", set()),
    ],
)
def test_presence_on_real_sentences(cfg, text, present):
    assert set(frames(text, cfg).present) == present


@pytest.mark.parametrize(
    "text, present",
    [
        # takedowns named with their object (2026-11-23); the bare verbs stay weak
        ("Google的透明度報告顯示，港府向該公司提出的內容移除要求較上半年增加。", {"censorship"}),
        ("YouTube按法庭命令在香港封鎖影片，用戶點開連結只見「此內容無法播放」。", {"censorship"}),
        ("禁制令生效後，部分串流平台上的原版錄音已一度下架。", {"censorship"}),
        # geopolitics too since 2026-11-23 (國安條例 0.5 there): the coders of all three sets code the HK security laws so
        ("网上发布煽动帖文 男子违国安条例判囚14个月", {"censorship", "geopolitics"}),
        ("多名网友发现，讨论此事的帖子已被删除，部分账号遭封号。", {"censorship"}),
        # markets from 新創公司 alone: the known cost of markets' 0.5 threshold (one supporting term suffices)
        ("新創公司負責人表示，部分敏感詞庫更需要每天更新。", {"censorship", "markets"}),
        # ... and their everyday senses do not count
        ("超市已將過期食品下架，並向顧客退款。", set()),
        ("警方為處理多車追撞事故，封鎖國道一號南下路段約兩小時。", set()),
        ("他把舊照片從相簿中移除，又刪除了手機裏的檔案。", set()),
        # sanctions: by states (geopolitics), not by sports bodies
        ("美國宣布對俄羅斯實施新一輪制裁。", {"geopolitics"}),
        ("7名球員各被罰款2000瑞郎，這是國際足聯近年對亞洲會員協會開出的最重制裁之一。", set()),
        ("球會遭亞足聯制裁，須閉門作賽兩場。", set()),
        # Taiwan's and South-East Asia's export-control wording
        ("經濟部將華為、中芯列入戰略性高科技貨品出口實體名單。", {"geopolitics"}),
        ("出口美國製人工智能晶片，今後須申請戰略貿易許可證。", {"geopolitics"}),
    ],
)
def test_presence_on_takedowns_sanctions_and_export_lists(cfg, text, present):
    assert set(frames(text, cfg).present) == present


@pytest.mark.parametrize(
    "text, present",
    [
        # 2026-11-23 recall pass: national security in its Taiwan / HK short form and the HK security laws
        ("台灣國安單位警告，部分中國App可能將用戶資料回傳境外。", {"geopolitics"}),
        ("《國安法》實施以來，多家本地媒體相繼停刊。", {"censorship", "geopolitics"}),
        ("中共透過網紅影片對台統戰。", {"geopolitics"}),
        # export controls named through their instruments
        ("美方要求相關工廠今後逐案申請許可，才能採購美國設備。", {"geopolitics"}),
        ("中国坚决反对美方对华芯片限制。", {"geopolitics"}),
        # censorship through its acts
        ("立委批評政府以行政命令封鎖平台，恐成箝制言論的先例。", {"censorship"}),
        ("部分貼文遭到刪除，相關話題一度無法搜尋。", {"censorship"}),
        ("電信業者須對相關網域實施連線阻斷。", {"censorship"}),
        ("政府沒有、也不會審查內容。", {"censorship"}),
        # debt through its instruments, and public spending in money terms
        ("該房企未能按期支付美元債利息，觸發債券違約。", {"markets"}),
        ("本澳銀行業資本充足率維持在15%以上。", {"markets"}),
        ("財委會審核電台的營運開支。", {"markets"}),
        # a press-freedom index is not a market index
        ("無國界記者公布世界新聞自由指數，香港排名再跌。", {"censorship"}),
        # ... and the everyday senses do not count
        ("北京國安隊主場以2比1擊敗對手。", set()),  # the football club
        ("李國安在會上介紹了部隊打井的經驗。", set()),  # a person's name
        ("政協委員在統戰聯誼活動上發言。", set()),  # mainland domestic united-front work
        ("這位台中美妝網紅分享保養心得。", set()),  # 台中 + 美妝, not 中美
        ("用戶可以自行設置思考預算，在效果與速度之間權衡。", set()),  # a model's "thinking budget"
    ],
)
def test_presence_on_security_export_licences_censorship_acts_and_debt(cfg, text, present):
    assert set(frames(text, cfg).present) == present


def test_scores_are_weighted_hits_per_100_words(cfg):
    text = "美國對華晶片出口管制再升級。"
    fs = frames(text, cfg)
    w = sum(h.weight for h in fs.hits if h.dimension == "geopolitics")
    assert fs.scores["geopolitics"] == pytest.approx(100 * w / fs.n_tokens)
    assert fs.primary == "geopolitics"


def test_a_rejected_frame_is_flagged_and_does_not_count(cfg):
    text = "他並不認為這是地緣政治問題，而是單純的商業競爭。"
    fs = frames(text, cfg)
    geo = [h for h in fs.hits if h.dimension == "geopolitics"]
    assert geo and all(h.negated for h in geo)
    assert "geopolitics" not in fs.present
    assert cfg.tone.rejected_frame_weight == 0.0


def test_a_negated_fact_is_not_a_rejected_frame(cfg):
    # 未取消 negates the action, not the frame: export controls are still the subject
    fs = frames("美國至今仍未取消對華晶片出口管制。", cfg)
    assert "geopolitics" in fs.present
    assert not any(h.negated for h in fs.hits)


def test_captions_and_boilerplate_are_not_scored(cfg):
    para = Paragraph(0, "caption", "美國出口管制下的輝達晶片。攝：路透社", (1, 1), ((0, 19),))
    ps = score_paragraph(para, cfg, script="traditional")
    assert ps.present == () and ps.hits == () and ps.tone.label == 0


@given(st.text(st.one_of(st.sampled_from(list("美國對華出口管制開源模型股價暴跌審查，。 不")), st.characters()), max_size=80))
@hsettings(max_examples=120, deadline=None)
def test_hit_offsets_slice_back_to_the_term(cfg, text):
    para = Paragraph(0, "body", text, (1, 1), ((0, len(text)),))
    ps = score_paragraph(para, cfg, script="unknown")
    for h in ps.hits + ps.tone_hits:
        assert 0 <= h.start < h.end <= len(text)
        assert text[h.start : h.end] == h.term
