"""The CLI: thin commands, data on stdout, one-line errors with documented exit codes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from framing.cli import app

from conftest import SEED_A, SEED_B

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_analyze_json_follows_the_contract():
    r = run("analyze", SEED_B, "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert isinstance(data, list) and len(data) == 1
    a = data[0]
    assert a["schema"] == "framing.analysis/1"
    assert a["dimensions"] == ["censorship", "geopolitics", "markets", "open_source"]
    assert set(a["article"]) >= {"id", "path", "source", "title", "script", "n_chars"}
    p = a["paragraphs"][0]
    assert set(p) >= {"index", "role", "text", "lines", "n_tokens", "scores", "present", "primary", "tone", "hits",
                      "tone_hits"}
    assert set(p["tone"]) == {"snownlp", "lexicon", "score", "label"}
    for para in a["paragraphs"]:
        for h in para["hits"]:
            assert para["text"][h["start"] : h["end"]] == h["term"]
            assert set(h) >= {"term", "dimension", "start", "end", "weight", "negated"}
        for h in para["tone_hits"]:
            assert para["text"][h["start"] : h["end"]] == h["term"]
            assert set(h) >= {"term", "polarity", "start", "end", "negated"}
    assert set(a["summary"]["frames"]["markets"]) == {"share", "present_in", "mean_score"}
    assert set(a["summary"]["tone"]) == {"mean", "by_dimension"}


@pytest.mark.parametrize("fmt", ["table", "jsonl", "csv", "markdown"])
def test_analyze_formats(fmt):
    r = run("analyze", SEED_B, "--format", fmt)
    assert r.exit_code == 0, r.output
    assert "DeepSeek" in r.stdout


def test_analyze_json_of_nothing_is_an_empty_list(tmp_path):
    ds = tmp_path / "d.jsonl"
    ds.write_text('{"id": "x", "text": "   "}\n{"id": "y", "text": "中國人工智能初創公司DeepSeek推出新模型。"}\n', encoding="utf-8")
    r = run("analyze", ds, "--format", "json")
    assert r.exit_code == 0, r.output
    assert [a["article"]["id"] for a in json.loads(r.stdout)] == ["y"]
    assert "record has no" in r.stderr


def test_dimensions_option_restricts_and_validates():
    r = run("analyze", SEED_B, "--format", "json", "--dimensions", "markets")
    assert r.exit_code == 0
    assert json.loads(r.stdout)[0]["dimensions"] == ["markets"]
    r = run("analyze", SEED_B, "--dimensions", "sports")
    assert r.exit_code == 4
    assert r.stderr.strip().startswith("framing: error: unknown dimension 'sports'")


def _error(r, code, words):
    assert r.exit_code == code, (r.exit_code, r.output)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("framing: error:") and words in lines[0], lines[0]
    assert "Traceback" not in r.output


def test_missing_file(tmp_path):
    _error(run("analyze", tmp_path / "nope.txt"), 2, "no such file")


def test_empty_and_whitespace_files(tmp_path):
    (tmp_path / "e.txt").write_bytes(b"")
    (tmp_path / "w.txt").write_text(" \n\u3000\n\t\n", encoding="utf-8")
    _error(run("analyze", tmp_path / "e.txt"), 2, "empty")
    _error(run("analyze", tmp_path / "w.txt"), 2, "whitespace")


def test_binary_and_undecodable_files(tmp_path):
    (tmp_path / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (tmp_path / "u.txt").write_bytes(bytes(range(0x80, 0x100)) * 4)
    _error(run("analyze", tmp_path / "b.txt"), 2, "binary")
    _error(run("analyze", tmp_path / "u.txt"), 2, "decode")


def test_directory_without_articles(tmp_path):
    (tmp_path / "notes.bin").write_bytes(b"x")
    _error(run("analyze", tmp_path), 2, "no article files")


def test_malformed_lexicon_names_file_and_line(tmp_path):
    (tmp_path / "markets.toml").write_text('name = "markets"\n[terms]\n"股價" = 9\n', encoding="utf-8")
    r = run("analyze", SEED_B, "--lexicons", tmp_path)
    _error(r, 3, f"{tmp_path / 'markets.toml'}:3:")


def test_unknown_format_is_a_usage_error():
    r = run("analyze", SEED_B, "--format", "yaml")
    assert r.exit_code == 2
    assert "Traceback" not in r.output


def test_unwritable_output(tmp_path):
    _error(run("analyze", SEED_B, "--output", tmp_path / "no" / "such" / "dir.json"), 5, "cannot write")


def test_compare_rejects_a_dataset_with_many_articles(tmp_path):
    ds = tmp_path / "d.jsonl"
    ds.write_text('{"text": "甲文。"}\n{"text": "乙文。"}\n', encoding="utf-8")
    _error(run("compare", ds, SEED_B), 2, "one article on each side")


def test_compare_json_is_deterministic():
    r1 = run("compare", SEED_A, SEED_B, "--format", "json")
    r2 = run("compare", SEED_A, SEED_B, "--format", "json")
    assert r1.exit_code == 0, r1.output
    assert r1.stdout == r2.stdout
    assert json.loads(r1.stdout)["schema"] == "framing.comparison/1"


def test_json_list_is_streamed_but_identical(seed_analyses):
    from framing.report.jsonout import analysis_dict, dumps, render_analyses

    for items in ([], list(seed_analyses[:1]), list(seed_analyses)):
        assert "".join(render_analyses(iter(items))) == dumps([analysis_dict(a) for a in items])
