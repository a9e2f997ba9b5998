"""The public API in framing/__init__.py: load, analyze, compare, evaluate, Lexicon; ``import framing`` stays light."""

from __future__ import annotations

import doctest
import json
import subprocess
import sys
from dataclasses import replace

import pytest
from conftest import ROOT, SEED_A, SEED_B

import framing
from framing.errors import InputError, UsageError
from framing.model import Analysis, Article, Comparison

HEAVY = ("jieba", "opencc", "snownlp", "pandas", "matplotlib", "sklearn", "numpy", "scipy", "jinja2", "rich",
         "typer", "trafilatura", "charset_normalizer")
TEXT = "美國擴大晶片出口管制\n\n美國商務部宣布擴大對華晶片出口管制，輝達股價應聲下跌。"


def _fresh(code: str) -> str:
    """Run ``code`` in a new interpreter (from the repository root) and return its stdout."""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return out.stdout


# --------------------------------------------------------------------------- import cost


def test_import_framing_loads_no_heavy_library():
    code = ("import sys, json, framing; framing.load; framing.analyze; framing.compare; framing.evaluate; "
            "framing.Lexicon; print(json.dumps(sorted(m for m in sys.modules)))")
    loaded = set(json.loads(_fresh(code)))
    assert not {m for m in loaded if m.split(".")[0] in HEAVY}


def test_bare_import_loads_nothing_of_the_pipeline():
    loaded = set(json.loads(_fresh("import sys, json, framing; print(json.dumps(sorted(sys.modules)))")))
    assert {m for m in loaded if m.startswith("framing.")} == set()


def test_importtime_of_framing_itself_is_small():
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", "import framing"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stderr
    line = next(row for row in out.splitlines() if row.rstrip().endswith("| framing"))
    cumulative_us = int(line.split("|")[1])
    assert cumulative_us < 50_000  # measured ~3 ms; only os, sys, types, warnings, typing


# --------------------------------------------------------------------------- load


def test_load_a_path_gives_one_article_as_read_path_does():
    from framing.io import read_path

    expected = next(read_path(SEED_A))
    assert framing.load(SEED_A) == expected
    assert framing.load(str(SEED_A)) == expected


def test_load_text_is_article_from_text():
    from framing.io import article_from_text

    art = framing.load(TEXT, source="端傳媒", id="t")
    assert art == article_from_text(TEXT, source="端傳媒", id="t")
    assert isinstance(art, Article) and art.kind == "text"


def test_load_directory_glob_and_dataset_give_lists(tmp_path):
    (tmp_path / "b.txt").write_text("第二篇。", encoding="utf-8")
    (tmp_path / "a.md").write_text("第一篇。", encoding="utf-8")
    data = tmp_path / "d.jsonl"
    data.write_text('{"id": "r1", "text": "一。", "source": "甲"}\n{"id": "r2", "text": "二。"}\n', encoding="utf-8")
    assert [a.id for a in framing.load(tmp_path)] == ["a", "b", "r1", "r2"]
    assert [a.id for a in framing.load(str(tmp_path / "*.txt"))] == ["b"]
    records = framing.load(data)
    assert isinstance(records, list) and [(a.id, a.source) for a in records] == [("r1", "甲"), ("r2", "")]
    one = tmp_path / "one.jsonl"
    one.write_text('{"text": "一。"}\n', encoding="utf-8")
    assert isinstance(framing.load(one), list)  # a dataset is a list even with one record


def test_load_metadata_overrides_a_file(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("---\nsource: 甲\n---\n正文。", encoding="utf-8")
    art = framing.load(f, source="乙", id="x")
    assert (art.id, art.source, art.text, art.line_offset) == ("x", "乙", "正文。", 3)
    with pytest.raises(UsageError, match="id= applies to a single"):
        framing.load(tmp_path, id="x")


def test_load_missing_pathlib_path_raises():
    with pytest.raises(InputError, match="no such file"):
        framing.load(ROOT / "seeds" / "missing.txt")


def test_load_a_string_that_looks_like_a_missing_path_warns_and_reads_text():
    with pytest.warns(UserWarning, match="not an existing file"):
        art = framing.load("seeds/missing.txt")
    assert art.text == "seeds/missing.txt"


@pytest.mark.parametrize("text", ["英偉達股價下跌。", "Nvidia fell 17%.", "見 https://example.com/a.html", "x" * 5000])
def test_load_plain_text_does_not_warn(text):
    assert framing.load(text).text == text  # filterwarnings=error: any warning fails


def test_load_option_errors():
    with pytest.raises(TypeError, match="unknown option"):
        framing.load(TEXT, colour="red")
    with pytest.raises(UsageError, match="only apply to paths"):
        framing.load(TEXT, text_field="body")
    with pytest.raises(TypeError, match="path or a string"):
        framing.load(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="only whitespace"):
        framing.load("   ")


# --------------------------------------------------------------------------- analyze


def test_analyze_article_path_and_text_agree(seed_analyses):
    a = seed_analyses[0]
    for given in (SEED_A, str(SEED_A), framing.load(SEED_A), SEED_A.read_text(encoding="utf-8")):
        got = framing.analyze(given)
        assert isinstance(got, Analysis)
        assert [(p.role, p.text, p.scores, p.tone) for p in got.paragraphs] == \
            [(p.role, p.text, p.scores, p.tone) for p in a.paragraphs]


def test_analyze_dimensions_and_lexicons(tmp_path):
    assert framing.analyze(TEXT, dimensions=["markets"]).dimensions == ("markets",)
    with pytest.raises(UsageError, match="unknown dimension"):
        framing.analyze(TEXT, dimensions=["weather"])
    with pytest.raises(UsageError, match="list of names"):
        framing.analyze(TEXT, dimensions="markets")  # type: ignore[arg-type]
    (tmp_path / "energy.toml").write_text('name = "energy"\n[terms]\n"電力" = 1.0\n"能源" = 1.0\n', encoding="utf-8")
    a = framing.analyze("數據中心耗電驚人，電力與能源成為瓶頸。", lexicons=tmp_path)
    assert a.dimensions == ("energy",)
    assert [h.term for h in a.paragraphs[0].hits] == ["電力", "能源"]


def test_analyze_a_dataset_path_says_how_to_analyse_each(tmp_path):
    data = tmp_path / "d.jsonl"
    data.write_text('{"text": "一。"}\n{"text": "二。"}\n', encoding="utf-8")
    with pytest.raises(UsageError, match=r"holds 2 articles.*for a in framing.load"):
        framing.analyze(data)


# --------------------------------------------------------------------------- compare


def test_compare_paths_equals_compare_of_analyses(seed_analyses):
    from framing.compare import compare as core

    expected = core(*seed_analyses)
    for a, b in ((SEED_A, SEED_B), (str(SEED_A), seed_analyses[1]), seed_analyses):
        got = framing.compare(a, b)
        assert isinstance(got, Comparison)
        assert got.frames == expected.frames and got.tone == expected.tone and got.numbers == expected.numbers


def test_compare_options_pass_through(seed_analyses):
    c = framing.compare(*seed_analyses, resamples=200, seed=3)
    assert (c.settings["resamples"], c.settings["seed"]) == (200, 3)
    with pytest.raises(UsageError):
        framing.compare(*seed_analyses, confidence=1.5)


def test_compare_takes_the_dimensions_of_an_analysis_given_for_the_other_side():
    a = framing.analyze(TEXT, dimensions=["markets", "geopolitics"])
    c = framing.compare(a, "輝達股價暴跌，投資者拋售晶片股。")
    assert [f.dimension for f in c.frames] == ["markets", "geopolitics"]


def test_compare_and_evaluate_stay_callable_and_stay_modules():
    """The API names shadow submodules of the same name; both uses must work in any import order."""
    code = (
        "import framing.compare as m, framing.evaluate as e, framing\n"
        "assert callable(m) and m is framing.compare and hasattr(m, '_needed')\n"
        "assert callable(e) and hasattr(e, 'read_gold') and hasattr(e, 'suggest_terms')\n"
        "c = framing.compare('輝達股價暴跌。', '美國收緊出口管制。', resamples=50)\n"
        "print(type(c).__name__)\n"
    )
    assert _fresh(code).strip() == "Comparison"
    code = "import framing; c = framing.compare('輝達股價暴跌。', '美國收緊出口管制。', resamples=50)\n" \
           "from framing.compare import difference; import framing.compare as m; print(m is framing.compare)"
    assert _fresh(code).strip() == "True"


# --------------------------------------------------------------------------- evaluate, Lexicon


def test_evaluate_from_a_path_equals_the_core_evaluate(tmp_path, cfg):
    from framing.evaluate import evaluate as core
    from framing.evaluate import read_gold

    gold = tmp_path / "gold.jsonl"
    recs = [
        {"id": "g1", "text": "美國商務部擴大對華晶片出口管制。", "dims": ["geopolitics"], "primary": "geopolitics",
         "tone": -1},
        {"id": "g2", "text": "英偉達股價暴跌17%，市值蒸發近6000億美元。", "dims": ["markets"], "primary": "markets",
         "tone": -1},
    ]
    gold.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs), encoding="utf-8")
    report = framing.evaluate(gold)
    assert report == core(read_gold(gold), cfg)
    assert report == framing.evaluate(read_gold(gold))
    assert report["n"] == 2


def test_lexicon_is_the_lexicon_class():
    from framing.lexicon import Lexicon, load_dimension, shipped_dir

    assert framing.Lexicon is Lexicon
    assert isinstance(load_dimension(shipped_dir() / "markets.toml"), framing.Lexicon)
    assert set(framing.__all__) <= set(dir(framing))
    with pytest.raises(AttributeError):
        framing.no_such_thing  # noqa: B018


# --------------------------------------------------------------------------- docstrings


def _modules() -> list[str]:
    import pkgutil

    return ["framing", *(m.name for m in pkgutil.walk_packages(framing.__path__, "framing."))]


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples_run(name):
    """Every module's examples (pytest is not run with --doctest-modules: this collects them all)."""
    import importlib

    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, name


def test_analysis_is_unchanged_by_the_api(seed_analyses):
    a = seed_analyses[0]
    snapshot = replace(a)
    framing.compare(a, seed_analyses[1], resamples=100)
    assert a == snapshot
