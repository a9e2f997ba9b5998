"""lexicon.py: validation with file:line errors, matching on token boundaries, exclusions."""

from __future__ import annotations

import pytest

from framing.errors import LexiconError, UsageError
from framing.lexicon import PhraseSet, load_dimension, load_lexicons, load_tone
from framing.model import Token
from framing.text import normalize, tokenize

GOOD = """\
name = "demo"
label = { zh = "示例", en = "Demo" }
color = "#0072B2"

[terms]
"開源" = 1.0
"許可證" = 0.5

[exclude]
"開源" = ["開源節流"]
"""


def write(tmp_path, body, name="demo"):
    p = tmp_path / f"{name}.toml"
    p.write_text(body, encoding="utf-8")
    return p


def test_loads_a_good_file(tmp_path):
    lex = load_dimension(write(tmp_path, GOOD))
    assert lex.name == "demo"
    assert set(lex.terms) == {"开源", "许可证"}
    assert lex.terms["开源"].entry == "開源"


@pytest.mark.parametrize(
    "body, line, words",
    [
        (GOOD.replace('"許可證" = 0.5', '"許可證" = 3.5'), 7, "out of range"),
        (GOOD.replace('"許可證" = 0.5', '"許可證" = "high"'), 7, "must be a number"),
        (GOOD.replace('"許可證" = 0.5', '許可證 = 0.5'), 7, "TOML syntax error"),
        (GOOD.replace('"開源節流"', '"節流"'), 10, "does not contain the term"),
        (GOOD.replace('[exclude]\n"開源"', '[exclude]\n"閉源"'), 10, "not a term of this file"),
        (GOOD.replace('"#0072B2"', '"blue"'), 3, "hex colour"),
        (GOOD.replace('name = "demo"', 'name = "other"'), 1, "must equal the file name"),
        (GOOD.replace('"許可證" = 0.5', '"許可證" = 0.5\n"开源" = 0.5'), 8, "same term"),
        (GOOD.replace("[terms]", "[terms]\n[term]"), 6, "unknown key"),
    ],
)
def test_malformed_files_name_file_and_line(tmp_path, body, line, words):
    p = write(tmp_path, body)
    with pytest.raises(LexiconError) as err:
        load_dimension(p)
    msg = str(err.value)
    assert msg.startswith(str(p))
    assert words in msg
    assert "\n" not in msg
    if line:
        assert msg.startswith(f"{p}:{line}:"), msg


def test_duplicate_across_scripts_with_other_weight_is_an_error(tmp_path):
    body = GOOD.replace('"許可證" = 0.5', '"許可證" = 0.5\n"许可证" = 1.0')
    with pytest.raises(LexiconError, match="same term"):
        load_dimension(write(tmp_path, body))


def test_unknown_dimension_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown dimension 'sports'"):
        load_lexicons(dimensions=["sports"])


def test_shipped_lexicons_load_with_the_four_dimensions():
    lex = load_lexicons()
    assert {"geopolitics", "markets", "censorship", "open_source"} <= set(lex.dimensions)
    assert len(lex.sha256) == 64
    tone = load_tone()
    assert tone.words.keys and tone.negators.keys


def _tokens(words):
    out, pos = [], 0
    for w in words:
        out.append(Token(w, normalize(w), pos, pos + len(w)))
        pos += len(w)
    return out


def test_phrases_match_token_ngrams_longest_first():
    ps = PhraseSet(frozenset({"出口", "出口管制", "管制"}))
    toks = _tokens(["美國", "出口", "管制", "新規"])
    assert [k for _, _, k in ps.find(toks)] == ["出口管制"]


def test_phrases_respect_token_boundaries():
    ps = PhraseSet(frozenset({"股价"}))
    assert ps.find(_tokens(["股", "价格"])) == []


def test_exclusion_blocks_the_term_inside_a_longer_string(tmp_path):
    lex = load_dimension(write(tmp_path, GOOD))
    for s, n in (("企業要開源節流，度過寒冬", 0), ("DeepSeek決定開源其模型", 1), ("開源節流之外，公司也宣布開源其代碼", 1)):
        assert len(lex.match(tokenize(s), s, normalize(s))) == n, s
