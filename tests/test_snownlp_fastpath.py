"""tone.py reads snownlp's sentiment model directly: the result equals snownlp's own classifier."""

from __future__ import annotations

import pytest

from framing.text import is_word, tokenize
from framing.tone import snownlp_positive

SENTENCES = [
    "英伟达股价重创16.86%，市值蒸发5890亿美元。",
    "DeepSeek不但性能表现令人惊叹，其低成本和高效训练模式也引人重视。",
    "这是非常危险的，人们曾质疑是否应该信任。",
    "市场反应表明投资者担心利润丰厚的人工智能领域竞争加剧。",
    "",
]


@pytest.mark.slow
@pytest.mark.parametrize("sentence", SENTENCES)
def test_equals_snownlp_classifier(sentence):
    sentiment = pytest.importorskip("snownlp.sentiment")  # the slow import, only in this test
    words = [t.norm for t in tokenize(sentence) if is_word(t.text)]
    ours = snownlp_positive(words)
    theirs = sentiment.classifier.classifier.classify(sentiment.normal.filter_stop(words))
    expected = theirs[1] if theirs[0] == "pos" else 1 - theirs[1]
    assert ours == pytest.approx(expected, abs=1e-12)
