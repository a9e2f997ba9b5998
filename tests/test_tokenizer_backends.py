"""The opt-in rjieba tokenizer (issue 6): same dictionary, offsets and lexicon words as jieba; the
dev set's agreement with the hand coding within 0.01 of jieba's."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest

from framing import text as T
from framing.errors import UsageError

from conftest import DATA, ROOT, SEED_A, SEED_B

HAVE_RJIEBA = importlib.util.find_spec("rjieba") is not None
needs_rjieba = pytest.mark.skipif(not HAVE_RJIEBA, reason='rjieba is not installed (pip install "framing[fast]")')


@pytest.fixture(autouse=True)
def _back_to_jieba():
    """settings(tokenizer=...) makes its backend the default of text.tokenize; leave jieba behind."""
    yield
    T.use_words(T.vocabulary(), backend="jieba")


def test_unknown_backend_is_a_usage_error():
    from framing.analysis import settings

    with pytest.raises(UsageError):
        settings(tokenizer="thulac")


@needs_rjieba
def test_rjieba_offsets_and_lexicon_words():
    s = "這是彎道超車的時刻，輝達股價暴跌 COVID-19"
    words = frozenset({T.normalize("彎道超車")})
    toks = T.tokenize(s, words=words, backend="rjieba")
    for t in toks:
        assert s[t.start : t.end] == t.text and T.normalize(t.text) == t.norm and not t.text.isspace()
    texts = [t.text for t in toks]
    assert "彎道超車" in texts and "輝達" in texts and "COVID-19" in texts  # jieba: COVID, -, 19
    assert "彎道超車" not in [t.text for t in T.tokenize(s, words=frozenset(), backend="rjieba")]


@needs_rjieba
def test_rjieba_tokens_mostly_agree_with_jieba(cfg):
    """Token boundaries of the dev texts: the two backends share the dictionary and the algorithm."""
    same = total = 0
    for line in (DATA / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        a = {(t.start, t.end) for t in T.tokenize(text, words=cfg.words, backend="jieba")}
        b = {(t.start, t.end) for t in T.tokenize(text, words=cfg.words, backend="rjieba")}
        same += len(a & b)
        total += len(a | b)
    assert same / total > 0.98


@needs_rjieba
def test_dev_agreement_within_001_on_both_backends():
    from framing.analysis import settings
    from framing.evaluate import evaluate, read_gold

    gold = read_gold(DATA / "dev.jsonl")
    a = evaluate(gold, settings(tokenizer="jieba"))
    b = evaluate(gold, settings(tokenizer="rjieba"))
    assert a["n"] == b["n"]
    assert abs(a["micro_f1"] - b["micro_f1"]) <= 0.01, (a["micro_f1"], b["micro_f1"])
    assert abs(a["tone"]["accuracy"] - b["tone"]["accuracy"]) <= 0.01, (a["tone"]["accuracy"], b["tone"]["accuracy"])


@needs_rjieba
def test_cli_compare_with_rjieba():
    cmd = [sys.executable, "-m", "framing.cli", "compare", str(SEED_A), str(SEED_B), "--format", "json",
           "--tokenizer", "rjieba"]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=True)
    assert json.loads(out.stdout)["schema"].startswith("framing.comparison/")


def test_cli_rejects_an_unknown_tokenizer():
    cmd = [sys.executable, "-m", "framing.cli", "analyze", str(SEED_A), "--tokenizer", "thulac"]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    assert out.returncode != 0 and "tokenizer" in out.stderr
