"""lexicon_tools.py, evaluate.suggest_terms and ``framing lexicon ...``: list, show, check, suggest, import, export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from framing.cli import app
from framing.errors import LexiconError
from framing.lexicon import load_dimension, load_lexicons
from framing.lexicon_tools import (
    check_lexicons,
    export_dimension,
    import_dictionary,
    parse_dic,
    parse_yaml,
    read_dictionary,
    show_dimension,
    yaml_categories,
)
from framing.text import normalize_term

from conftest import DATA

FIX = DATA / "lexicon_tools"
ARTICLES = DATA / "articles"
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def _error(r, code, words):
    assert r.exit_code == code, (r.exit_code, r.output)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("framing: error:") and words in lines[0], lines[0]
    assert "Traceback" not in r.output
    assert r.stdout == ""


def write(d: Path, name: str, body: str) -> Path:
    p = d / name
    p.write_text(body, encoding="utf-8")
    return p


# --------------------------------------------------------------------------- list and show


def test_list_table_and_json():
    r = run("lexicon", "list")
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[0].split() == ["dimension", "label", "terms", "colour", "file"]
    assert "censorship" in r.stdout and "#CC79A7" in r.stdout and "markets.toml" in r.stdout
    data = json.loads(run("lexicon", "list", "--format", "json").stdout)
    assert [d["name"] for d in data] == ["censorship", "geopolitics", "markets", "open_source"]
    shipped = load_lexicons()
    for d in data:
        assert set(d) >= {"name", "label", "terms", "color", "file"}
        assert d["terms"] == len(shipped[d["name"]].terms)


def test_show_groups_terms_as_in_the_file():
    view = show_dimension("censorship")
    assert view.groups[0].heading == "censorship itself"
    first = view.groups[0].terms[0]
    assert (first.entry, first.weight) == ("審查", 0.5)
    assert "代碼審查" in first.exclude and first.note.startswith("ambiguous alone")
    assert sum(len(g.terms) for g in view.groups) == len(load_lexicons()["censorship"].terms)
    headings = [g.heading for g in view.groups]
    assert "the Great Firewall and getting around it" in headings
    r = run("lexicon", "show", "censorship")
    assert r.exit_code == 0, r.output
    assert "## censorship itself" in r.stdout and "not inside: 代碼審查" in r.stdout
    data = json.loads(run("lexicon", "show", "markets", "--format", "json").stdout)
    assert data["name"] == "markets" and data["groups"][0]["terms"][0]["term"] == "股價"


def test_show_unknown_dimension():
    _error(run("lexicon", "show", "sports"), 4, "unknown dimension 'sports'")


@pytest.mark.parametrize("command", [["list"], ["show", "markets"], ["check"], ["export", "markets", "--to", "x.dic"]])
def test_malformed_toml_in_lexicons_dir_names_file_and_line(tmp_path, command):
    write(tmp_path, "markets.toml", 'name = "markets"\n[terms]\n股價 = 1.0\n')
    r = run("lexicon", *command, "--lexicons", tmp_path)
    _error(r, 3, f"{tmp_path / 'markets.toml'}:3:")


def test_missing_lexicons_dir(tmp_path):
    _error(run("lexicon", "list", "--lexicons", tmp_path / "nope"), 3, "no such lexicon directory")


# --------------------------------------------------------------------------- check

PLANTED = {
    "markets.toml": """\
name = "markets"
[terms]
"股價" = 1.0
"融資" = 1.0
"股价" = 1.0
"審查" = 0.5
"自我審查" = 0.5
"a-b-c-d-e-f" = 0.5
[exclude]
"融資" = ["融資", "融資融券", "融资融券"]
""",
    "censorship.toml": """\
name = "censorship"
[terms]
"審查" = 1.0
"刪帖" = 1.5
""",
    "tone.toml": """\
name = "tone"
[positive]
"歡迎" = 1.0
[negative]
"無法" = 1.0
"擔憂" = 1.0
[negators]
terms = ["不", "無法", "没有", "沒有"]
""",
}


@pytest.fixture
def planted(tmp_path):
    for name, body in PLANTED.items():
        write(tmp_path, name, body)
    return tmp_path


def test_check_finds_planted_problems(planted):
    problems = check_lexicons(planted)
    got = {(Path(p.file).name, p.line, p.level, p.code) for p in problems}
    assert ("markets.toml", 5, "error", "duplicate-term") in got  # 股价 after 股價: loading accepts it, check does not
    assert ("markets.toml", 6, "warning", "cross-dimension") in got  # 審查 is also in censorship.toml
    assert ("markets.toml", 7, "info", "split-by-jieba") in got  # 自我審查: 自我 / 审查 in jieba's own dictionary
    assert ("markets.toml", 8, "error", "never-matches") in got  # more than four tokens
    assert ("markets.toml", 10, "error", "exclusion-is-term") in got
    assert ("markets.toml", 10, "warning", "duplicate-exclusion") in got  # 融資融券 / 融资融券
    assert ("tone.toml", 5, "warning", "tone-negator") in got  # 無法 is a negative word and a negator
    assert ("tone.toml", 8, "error", "duplicate-term") in got  # 沒有 / 没有 in the negators list
    dup = next(p for p in problems if p.code == "duplicate-term" and p.file.endswith("markets.toml"))
    assert "'股价'" in dup.message and "'股價' (line 3)" in dup.message
    cross = next(p for p in problems if p.code == "cross-dimension")
    assert "censorship.toml:3" in cross.message
    assert not any(Path(p.file).name == "censorship.toml" and p.level == "error" for p in problems)


def test_check_cli_exit_codes_and_formats(planted):
    r = run("lexicon", "check", "--lexicons", planted)
    assert r.exit_code == 1, r.output
    row = next(line for line in r.stdout.splitlines() if f"{planted / 'markets.toml'}:5 " in line)
    assert row.split()[1:3] == ["error", "duplicate-term"]
    assert r.stderr.startswith("framing: lexicon check: ") and "errors" in r.stderr
    data = json.loads(run("lexicon", "check", "--lexicons", planted, "--format", "json").stdout)
    assert data and all(set(d) == {"file", "line", "level", "code", "message"} for d in data)
    assert {d["level"] for d in data} == {"error", "warning", "info"}
    only_errors = json.loads(run("lexicon", "check", "--lexicons", planted, "-f", "json", "--level", "error").stdout)
    assert only_errors and {d["level"] for d in only_errors} == {"error"}


def test_check_warnings_and_info_only_exit_zero(tmp_path):
    write(tmp_path, "markets.toml", 'name = "markets"\n[terms]\n"股價" = 1.0\n"自我審查" = 1.0\n')
    write(tmp_path, "censorship.toml", 'name = "censorship"\n[terms]\n"股價" = 0.5\n')
    r = run("lexicon", "check", "--lexicons", tmp_path, "--format", "json")
    assert r.exit_code == 0, r.output
    codes = {(d["level"], d["code"]) for d in json.loads(r.stdout)}
    assert ("warning", "cross-dimension") in codes and ("info", "split-by-jieba") in codes
    assert not any(level == "error" for level, _ in codes)


def test_check_shipped_lexicons_has_no_errors():
    r = run("lexicon", "check", "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert not [d for d in data if d["level"] == "error"]
    assert all(d["line"] > 0 for d in data)
    r = run("lexicon", "check", "--level", "error", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout) == []


@pytest.mark.parametrize(
    "body, line, words",
    [
        ('name = "markets"\n[terms]\n"股價" = 3.0\n', 3, "out of range"),
        ('name = "markets"\n[terms]\n"股價" = 1.0\n"股价" = 0.5\n', 4, "another weight"),
        ('name = "markets"\n[terms]\n"融資" = 1.0\n[exclude]\n"融資" = ["貸款"]\n', 5, "does not contain the term"),
    ],
)
def test_check_stops_on_a_malformed_file(tmp_path, body, line, words):
    write(tmp_path, "markets.toml", body)
    r = run("lexicon", "check", "--lexicons", tmp_path)
    _error(r, 3, f"markets.toml:{line}:")
    assert words in r.stderr


# --------------------------------------------------------------------------- suggest


@pytest.fixture(scope="module")
def suggestions():
    r = run("lexicon", "suggest", "censorship", ARTICLES, "--format", "json", "--top", "15")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_suggest_returns_new_terms_with_examples(suggestions):
    assert suggestions
    known = load_lexicons().words()
    for s in suggestions:
        assert set(s) == {"term", "score", "count", "examples"}
        assert normalize_term(s["term"]) not in known
        assert s["score"] > 0 and s["count"] >= 3
        assert 1 <= len(s["examples"]) <= 3
        for e in s["examples"]:
            assert normalize_term(e["match"]) == normalize_term(s["term"])
            assert len(e["left"]) <= 12 and len(e["right"]) <= 12
    order = [(-s["score"], s["term"]) for s in suggestions]
    assert order == sorted(order)


def test_suggest_is_deterministic_and_renders_a_table(suggestions):
    again = json.loads(run("lexicon", "suggest", "censorship", ARTICLES, "-f", "json", "--top", "15").stdout)
    assert again == suggestions
    r = run("lexicon", "suggest", "censorship", ARTICLES, "--top", "3")
    assert r.exit_code == 0, r.output
    assert suggestions[0]["term"] in r.stdout and "【" in r.stdout


def test_suggest_library_excludes_lexicon_terms_and_stopwords(cfg):
    from framing.evaluate import suggest_terms
    from framing.io import article_from_text

    text = "\n\n".join(["網信辦要求平台刪帖，博主的帳號遭到處罰。"] * 4 + ["晶片股價上漲，投資者歡迎財報。"] * 4)
    got = suggest_terms([article_from_text(text)], "censorship", cfg, min_count=2)
    terms = [s["term"] for s in got]
    assert "博主" in terms
    assert not {"刪帖", "網信辦", "的", "晶片"} & set(terms)
    assert suggest_terms([article_from_text("晶片股價上漲。")], "censorship", cfg) == []


def test_suggest_broken_inputs(tmp_path):
    _error(run("lexicon", "suggest", "sports", ARTICLES), 4, "unknown dimension 'sports'")
    _error(run("lexicon", "suggest", "censorship", tmp_path / "nope.txt"), 2, "no such file")
    (tmp_path / "a.txt").write_text("晶片股價上漲，投資者歡迎財報。\n", encoding="utf-8")
    r = run("lexicon", "suggest", "censorship", tmp_path / "a.txt", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout) == []


# --------------------------------------------------------------------------- import


def test_parse_dic():
    cats = parse_dic((FIX / "emotions.dic").read_text(encoding="utf-8"))
    assert list(cats) == ["posemo", "negemo", "money"]
    assert cats["negemo"] == ("擔憂", "恐慌", "崩盤", "暴跌*")
    assert "崩盤" in cats["money"]


@pytest.mark.parametrize(
    "name, line, words",
    [
        ("no_header.dic", 1, "no '%' line"),
        ("unclosed.dic", 1, "never closed"),
        ("unknown_id.dic", 5, "category '7'"),
        ("no_ids.dic", 5, "no category numbers"),
    ],
)
def test_malformed_dic(name, line, words):
    with pytest.raises(LexiconError, match=f":{line}: .*{words}"):
        read_dictionary(FIX / name)
    _error(run("lexicon", "import", FIX / name, "--as", "x", "--category", "posemo"), 3, f"{name}:{line}:")


def test_import_dic_category(tmp_path):
    r = run("lexicon", "import", FIX / "emotions.dic", "--as", "money_talk", "--category", "money", "--out", tmp_path)
    assert r.exit_code == 0, r.output
    target = tmp_path / "money_talk.toml"
    assert r.stdout.strip() == str(target)
    assert "approximated (暴跌* -> 暴跌)" in r.stderr and "1 merged" in r.stderr
    lex = load_dimension(target)
    assert set(lex.terms) == {"崩盘", "暴跌", "股价", "融资"}
    assert all(t.weight == 1.0 for t in lex.terms.values())
    text = target.read_text(encoding="utf-8")
    assert "#   暴跌* -> 暴跌" in text and "#   股价 = 股價" in text and "no weights" in text
    r = run("lexicon", "import", FIX / "emotions.dic", "--as", "money_talk", "--category", "money", "--out", tmp_path)
    _error(r, 5, "already exists")
    r = run("lexicon", "import", FIX / "emotions.dic", "--as", "money_talk", "--category", "money", "--out", tmp_path,
            "--force", "--weight", "0.5")
    assert r.exit_code == 0, r.output
    assert {t.weight for t in load_dimension(target).terms.values()} == {0.5}


def test_import_category_errors(tmp_path):
    _error(run("lexicon", "import", FIX / "emotions.dic", "--as", "x", "--out", tmp_path), 4,
           "has 3 categories; pick one with --category: posemo, negemo, money")
    _error(run("lexicon", "import", FIX / "emotions.dic", "--as", "x", "--category", "joy", "--out", tmp_path), 4,
           "no category 'joy'; categories: posemo, negemo, money")
    _error(run("lexicon", "import", FIX / "missing.dic", "--as", "x", "--out", tmp_path), 2, "no such file")
    _error(run("lexicon", "import", FIX / "emotions.dic", "--as", "Bad-Name", "--category", "money"), 4,
           "dimension name 'Bad-Name'")
    _error(run("lexicon", "import", FIX / "emotions.dic", "--as", "tone", "--category", "money"), 4, "dimension name")
    _error(run("lexicon", "import", FIX / "emotions.dic", "--as", "x", "--category", "money", "--weight", "3"), 4,
           "out of range")
    bad = write(tmp_path, "words.txt", "恐慌\n")
    _error(run("lexicon", "import", bad, "--as", "x"), 2, "cannot tell the dictionary format")
    assert not list(tmp_path.glob("*.toml"))


def test_import_yaml_quanteda_and_cntext(tmp_path):
    d = read_dictionary(FIX / "quanteda.yml")
    assert d.categories == {"economy.prices": ("通脹", "物價*"), "economy.jobs": ("失業", "就業"),
                            "fear": ("恐慌", "panic attack")}
    imp = import_dictionary(FIX / "quanteda.yml", "prices", category="economy.prices")
    assert imp.terms == ("通脹", "物價") and imp.approximated == (("物價*", "物價"),)
    d = read_dictionary(FIX / "cntext.yaml")
    assert list(d.categories) == ["審查", "開放"] and d.meta["Name"] == "測試詞典"
    r = run("lexicon", "import", FIX / "cntext.yaml", "--as", "openness", "--category", "開放", "--out", tmp_path)
    assert r.exit_code == 0, r.output
    text = (tmp_path / "openness.toml").read_text(encoding="utf-8")
    assert "# Source: 測試詞典" in text and 'A dictionary for tests.' in text
    assert set(load_dimension(tmp_path / "openness.toml").terms) == {"开源", "开放权重"}
    r = run("lexicon", "import", FIX / "single.yaml", "--as", "surveillance", "--out", tmp_path)  # the only category
    assert r.exit_code == 0, r.output
    assert len(load_dimension(tmp_path / "surveillance.toml").terms) == 3


@pytest.mark.parametrize(
    "name, line, words",
    [
        ("bad_indent.yml", 3, "unexpected indentation"),
        ("block_scalar.yml", 1, "block scalars"),
        ("not_a_dictionary.yaml", 1, "not a dictionary"),
    ],
)
def test_malformed_yaml(name, line, words):
    _error(run("lexicon", "import", FIX / name, "--as", "x"), 3, f"{name}:{line}:")
    with pytest.raises(LexiconError, match=words):
        read_dictionary(FIX / name)


YAML_CASES = [
    "a:\n  - x\n  - y\n",
    "a:\n- x\n- y\nb: [z, 'w w', \"v\"]\n",
    "# c\n---\na:  # comment\n  b:\n    - 'it''s'\n    - \"q\\\"uote\"\n  c: [1, 2,\n      3]\n",
    "Name: x\nRefer: 'long\n    text'\nDictionary:\n    k:\n    - 開源\n    - 閉源 # note\n",
    "a:\n  - C# and F#\n  - 'x: y'\n  - http://e.org\n",
    "a: plain\n  folded\nb:\n",
]


@pytest.mark.parametrize("text", YAML_CASES)
def test_yaml_subset_agrees_with_pyyaml(text):
    yaml = pytest.importorskip("yaml")
    ref = yaml.safe_load(text)

    def strings(x):
        if isinstance(x, dict):
            return {str(k): strings(v) for k, v in x.items()}
        if isinstance(x, list):
            return [strings(v) for v in x]
        return None if x is None else str(x)

    assert parse_yaml(text) == strings(ref)


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("a:\n  - x\n  - *ref\n", 3, "quote it"),
        ("a:\n  - x: y\n", 2, "inside a list item"),
        ("a:\n\t- x\n", 2, "tab"),
        ("a: 'open\n", 1, "never closed"),
        ("a: [x, y\n", 1, "never closed"),
        ("a: x\na: y\n", 2, "given twice"),
        ("just words\n", 1, "expected 'key:'"),
    ],
)
def test_yaml_errors_name_the_line(text, line, words):
    with pytest.raises(LexiconError, match=f"^f.yml:{line}: YAML: .*{words}"):
        parse_yaml(text, "f.yml")


def test_yaml_categories_rejects_non_word_lists():
    with pytest.raises(LexiconError, match="not a list of words"):
        yaml_categories({"valence": {"good": "1.5", "bad": {"x": 1}}})


# --------------------------------------------------------------------------- export and round trip


@pytest.mark.parametrize("suffix", [".dic", ".yml", ".yaml"])
def test_export_then_import_gives_the_same_terms(tmp_path, suffix):
    out = tmp_path / f"censorship{suffix}"
    r = run("lexicon", "export", "censorship", "--to", out)
    assert r.exit_code == 0, r.output
    assert "weights and exclusions" in r.stderr and r.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# framing lexicon 'censorship'") and "were dropped" in text
    r = run("lexicon", "import", out, "--as", "censorship", "--out", tmp_path / "back")
    assert r.exit_code == 0, r.output
    back = load_dimension(tmp_path / "back" / "censorship.toml")
    assert set(back.terms) == set(load_lexicons()["censorship"].terms)


def test_exported_yaml_and_dic_read_by_other_parsers(tmp_path):
    yaml = pytest.importorskip("yaml")
    terms = [t.entry for t in sorted(load_lexicons()["markets"].terms.values(), key=lambda t: t.line)]
    assert yaml.safe_load(export_dimension("markets", "m.yml")) == {"markets": terms}
    assert parse_dic(export_dimension("markets", "m.dic")) == {"markets": tuple(terms)}


def test_export_from_a_lexicons_dir_and_errors(tmp_path):
    write(tmp_path, "demo.toml", 'name = "demo"\n[terms]\n"開源" = 1.0\n"許可證" = 0.5\n')
    r = run("lexicon", "export", "demo", "--to", tmp_path / "demo.dic", "--lexicons", tmp_path)
    assert r.exit_code == 0, r.output
    assert (tmp_path / "demo.dic").read_text(encoding="utf-8").endswith("%\n1\tdemo\n%\n開源\t1\n許可證\t1\n")
    _error(run("lexicon", "export", "sports", "--to", tmp_path / "s.dic"), 4, "unknown dimension 'sports'")
    _error(run("lexicon", "export", "markets", "--to", tmp_path / "m.csv"), 4, "name the file .dic")
    _error(run("lexicon", "export", "markets", "--to", tmp_path / "no" / "dir" / "m.dic"), 5, "cannot write")
