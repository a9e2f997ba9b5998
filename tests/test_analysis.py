"""analysis.py on the seeds: the article as a reader sees it, scored, summarised, nothing mutated."""

from __future__ import annotations

import copy
import dataclasses

import pytest

from framing.model import SCORED_ROLES


@pytest.fixture(scope="module")
def seed_a(seed_analyses):
    return seed_analyses[0]


def texts(a, role):
    return [p.text for p in a.paragraphs if p.role == role]


def test_seed_000_reads_as_a_reader_sees_it(seed_a):
    assert texts(seed_a, "headline") == ["DeepSeek衝擊美股和人工智能商業模式，或反映中美AI差距縮小｜Whatsnew"]
    boiler = texts(seed_a, "boilerplate")
    assert any(t.startswith("新春快樂！端傳媒新聞不停歇") and t.endswith("支持華語獨立新聞。") for t in boiler)
    for title in ("生成中國式AI：審查之外，科技公司的煩惱清單", "新興AI「答案引擎」大戰Google模式，媒體將成為犧牲品嗎？",
                  "什麼「困」住了中國 AI｜端聞"):
        assert title in boiler
    captions = texts(seed_a, "caption")
    assert len(captions) == 2 and all("攝：" in c for c in captions)
    body = texts(seed_a, "body")
    assert 27 <= len(body) <= 33
    quote = [t for t in body if "望塵莫及，但也只能說是望其項背" in t]
    assert len(quote) == 1 and "延伸閱讀" not in quote[0]
    assert not any("延伸閱讀" in t or "攝：" in t for t in body)


def test_unscored_roles_carry_no_frames_or_tone(seed_a):
    for p in seed_a.paragraphs:
        if p.role not in SCORED_ROLES:
            assert not p.scored and p.present == () and p.hits == () and p.tone.label == 0


def test_summary_counts_only_scored_paragraphs(seed_a):
    s = seed_a.summary
    assert s.n_scored == sum(1 for p in seed_a.paragraphs if p.role in SCORED_ROLES)
    for d, f in s.frames.items():
        assert f.present_in == sum(1 for p in seed_a.paragraphs if p.scored and d in p.present)
    assert sum(f.share for f in s.frames.values()) == pytest.approx(1.0)
    assert s.readability["chars_per_sentence"] > 10


def test_every_hit_points_back_to_its_words(seed_analyses):
    for a in seed_analyses:
        for p in a.paragraphs:
            for h in p.hits + p.tone_hits:
                assert p.text[h.start : h.end] == h.term
            w = {d: sum(h.weight for h in p.hits if h.dimension == d and not h.negated) for d in a.dimensions}
            for d in a.dimensions:
                if p.n_tokens:
                    assert p.scores[d] == pytest.approx(100 * w[d] / p.n_tokens)


def test_seed_frames_and_claims(seed_analyses):
    a, b = seed_analyses
    markets = [p for p in a.paragraphs if p.text.startswith("1月27日，美國主要科技股市出現大幅拋售")][0]
    assert markets.primary == "markets" and markets.tone.label == -1
    assert "英偉達 股價" in {f.about for f in a.figures} or any(f.text == "16.86%" for f in a.figures)
    assert {v.name for v in a.voices} >= {"梁文鋒", "特朗普", "劉知遠"}
    assert a.script == "traditional" and a.naming.convention == "hongkong"
    assert a.provenance["input_sha256"] and a.provenance["lexicons_sha256"]


def test_analysis_is_frozen_and_analyze_does_not_mutate(cfg):
    from framing.analysis import analyze
    from framing.io import read_path

    from conftest import SEED_B

    art = next(read_path(SEED_B))
    before = copy.deepcopy(art)
    a = analyze(art, cfg)
    assert art == before
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.script = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.paragraphs[0].paragraph.text = "x"  # type: ignore[misc]
    assert analyze(art, cfg) == a
