"""Claims readers given the paragraphs' tokens (``tokens=``) give exactly what they give cutting clauses themselves.

``analysis.analyze`` tokenises every paragraph to score it; ``extract_figures``, ``extract_voices`` and
``naming_convention`` can take those tokens instead of cutting the clauses they read (and normalising) again.
Checked on every paragraph of the test articles, the seeds and the dev set, with both tokenizer backends.
"""

from __future__ import annotations

import importlib.util
import json

import pytest

from framing import claims
from framing import text as T
from framing.claims import clauses
from framing.io import read_path
from framing.model import Token
from framing.segment import segment

from conftest import DATA, ROOT

ARTICLES = sorted((DATA / "articles").glob("*.txt")) + sorted((ROOT / "seeds").glob("*.txt"))
DEV = DATA / "dev.jsonl"
BACKENDS = ["jieba", pytest.param("rjieba", marks=pytest.mark.skipif(
    importlib.util.find_spec("rjieba") is None, reason="rjieba is not installed"))]


@pytest.fixture
def vocabulary(cfg, request):
    """What analyze does before the claims: the settings' words and backend become tokenize's defaults
    (restored afterwards: other tests load rule files that add words)."""
    backend = getattr(request, "param", "jieba")
    words, was = T.vocabulary(), T.backend()
    T.use_words(cfg.words, backend=backend)
    yield backend
    T.use_words(words, backend=was)


def _article(path) -> tuple[str, list[tuple[int, str]]]:
    article = next(read_path(path))
    paragraphs = segment(article.text, line_offset=article.line_offset, title=article.title)
    return T.detect_script(article.text), [(p.index, p.text) for p in paragraphs]


def _dev() -> list[list[tuple[int, str]]]:
    """Each dev record is one paragraph, read on its own."""
    lines = DEV.read_text(encoding="utf-8").splitlines()
    return [[(n, json.loads(line)["text"])] for n, line in enumerate(lines) if line.strip()]


def _check(groups, script, cfg, backend) -> int:
    """Assert both ways agree on each group of paragraphs; the number of paragraphs checked."""
    n = 0
    for group in groups:
        tokens = {i: T.tokenize(t, words=cfg.words, backend=backend) for i, t in group}
        texts = [t for _, t in group]
        for i, t in group:  # the analysis form put together from the tokens is normalize's
            assert clauses._given(t, tokens[i], "test")[0] == T.normalize(t), i
        assert claims.extract_figures(group, tokens=tokens) == claims.extract_figures(group)
        assert claims.extract_voices(group, tokens=tokens) == claims.extract_voices(group)
        s = script or T.detect_script("\n".join(texts))
        assert (claims.naming_convention(texts, script=s, tokens=[tokens[i] for i, _ in group])
                == claims.naming_convention(texts, script=s))
        n += len(group)
    return n


@pytest.mark.parametrize("vocabulary", BACKENDS, indirect=True)
@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_articles_same_with_tokens(path, cfg, vocabulary):
    script, paragraphs = _article(path)
    assert _check([paragraphs], script, cfg, vocabulary) == len(paragraphs) > 0


@pytest.mark.parametrize("vocabulary", BACKENDS, indirect=True)
def test_dev_set_same_with_tokens(cfg, vocabulary):
    groups = _dev()
    assert _check(groups, None, cfg, vocabulary) == len(groups) > 300


def test_the_corpus_holds_what_is_compared(cfg, vocabulary):
    """Not a vacuous check: the articles hold figures, voices and naming evidence."""
    script, paragraphs = _article(DATA / "articles" / "cna-h20.txt")
    tokens = {i: T.tokenize(t, words=cfg.words) for i, t in paragraphs}
    assert len(claims.extract_figures(paragraphs, tokens=tokens)) >= 5
    assert len(claims.extract_voices(paragraphs, tokens=tokens)) >= 3
    texts = [t for _, t in paragraphs]
    assert claims.naming_convention(texts, script=script, tokens=[tokens[i] for i, _ in paragraphs]).evidence


def test_given_tokens_are_not_cut_again(cfg, vocabulary, monkeypatch):
    script, paragraphs = _article(DATA / "articles" / "cna-h20.txt")
    tokens = {i: T.tokenize(t, words=cfg.words) for i, t in paragraphs}
    texts = [t for _, t in paragraphs]
    expected = (claims.extract_figures(paragraphs), claims.extract_voices(paragraphs),
                claims.naming_convention(texts, script=script))

    def refuse(*args, **kwargs):
        raise AssertionError("tokenize called although the tokens were given")

    whole = set(texts)

    def normalize(s: str) -> str:  # a name may be normalised, not a paragraph (its clauses go through tokenize)
        if s in whole:
            raise AssertionError(f"normalize called on a paragraph although its tokens were given: {s[:20]!r}")
        return T.normalize(s)

    for module in (claims.rules, claims.clauses, claims.figures, claims.voices, claims.naming):
        for name, stand_in in (("tokenize", refuse), ("normalize", normalize)):
            if hasattr(module, name):  # every module of the package that imports it
                monkeypatch.setattr(module, name, stand_in)
    assert clauses.tokenize is refuse
    got = (claims.extract_figures(paragraphs, tokens=tokens), claims.extract_voices(paragraphs, tokens=tokens),
           claims.naming_convention(texts, script=script, tokens=[tokens[i] for i, _ in paragraphs]))
    assert got == expected


def test_a_paragraph_without_tokens_is_cut(cfg, vocabulary):
    paragraphs = [(0, "英偉達股價更重創16.86%，市值蒸發5890億美元"), (1, "清華大學計算機系副教授劉知遠表示，我們仍在追趕階段。")]
    tokens = {0: T.tokenize(paragraphs[0][1])}  # none for paragraph 1
    assert claims.extract_figures(paragraphs, tokens=tokens) == claims.extract_figures(paragraphs)
    assert claims.extract_voices(paragraphs, tokens=tokens) == claims.extract_voices(paragraphs)
    assert [v.name for v in claims.extract_voices(paragraphs, tokens=tokens)] == ["劉知遠"]
    texts = ["輝達股價下跌，川普稱人工智慧晶片管制將擴大。", "英偉達"]
    assert (claims.naming_convention(texts, script="traditional", tokens=[None, T.tokenize(texts[1])])
            == claims.naming_convention(texts, script="traditional"))


@pytest.mark.parametrize("text", [
    "據路透社報導，\u3000輝達市值蒸發約５８９０億美元，\t股價\xa0下跌17%。\r\n分析師 Robert Lea 表示，跌幅達一半。",
    "　　約三成受訪者表示「不到100萬元」，ΣΑΣ集團稱\u2028兩萬人",
    "   ",
])
def test_whitespace_and_full_width(text, cfg, vocabulary):
    tokens = T.tokenize(text, words=cfg.words)
    assert clauses._given(text, tokens, "test")[0] == T.normalize(text)
    group = [(3, text)]
    assert claims.extract_figures(group, tokens={3: tokens}) == claims.extract_figures(group)
    assert claims.extract_voices(group, tokens={3: tokens}) == claims.extract_voices(group)
    assert (claims.naming_convention([text], script="traditional", tokens=[tokens])
            == claims.naming_convention([text], script="traditional"))


def test_tokens_that_do_not_cover_the_text_are_refused():
    text = "輝達股價下跌17%，川普稱"
    tokens = T.tokenize(text)
    words = tuple(t for t in tokens if T.is_word(t.text))  # punctuation left out
    with pytest.raises(ValueError, match="paragraph 7: the tokens leave out"):
        claims.extract_figures([(7, text)], tokens={7: words})
    with pytest.raises(ValueError, match="does not fit"):
        claims.extract_voices([(7, text)], tokens={7: tokens + (Token("x", "x", 40, 41),)})
    with pytest.raises(ValueError, match="does not fit"):
        claims.extract_voices([(7, text)], tokens={7: tokens[:2] + tokens[1:]})  # one token twice
    with pytest.raises(ValueError, match="2 token sequences for 1 texts"):
        claims.naming_convention([text], script="traditional", tokens=[tokens, tokens])
    with pytest.raises(ValueError, match="text 0"):
        claims.naming_convention([text], script="traditional", tokens=[tokens[1:]])
