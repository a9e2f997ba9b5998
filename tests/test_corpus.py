"""`framing corpus` and `framing compare-sources`: same rows whatever the engine, streaming writers, resume."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from framing import corpus as fc
from framing.cli import app
from framing.errors import OutputError, UsageError

from conftest import DATA

ARTICLES = DATA / "articles"
runner = CliRunner()

# two "desks" with a clear difference on markets (the rest keep their own source)
MARKETS_DESK = ("stcn-rally", "cnyes-deepseek", "zaobao-rally", "hket-qwen3", "globaltimes-deepseek")
POLICY_DESK = ("bbc-genai-rules", "xinhua-genai-rules", "ltn-article23", "wenweipo-article23", "36kr-qwen3")


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def csv_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    """A JSONL dataset of the 20 articles (bodies only), two of them relabelled into desks, plus a record without text."""
    path = tmp_path_factory.mktemp("ds") / "news.jsonl"
    lines = []
    for i, file in enumerate(sorted(ARTICLES.glob("*.txt"))):
        text = file.read_text(encoding="utf-8")
        meta = dict(line.split(": ", 1) for line in text.split("\n---\n", 1)[0].splitlines()[1:] if ": " in line)
        body = text.split("\n---\n", 1)[1]
        source = ("desk-markets" if file.stem in MARKETS_DESK else "desk-policy" if file.stem in POLICY_DESK
                  else meta["source"])
        lines.append(json.dumps({"id": file.stem, "source": source, "title": meta["title"], "text": body},
                                ensure_ascii=False))
        if i == 3:
            lines.append(json.dumps({"id": "empty", "source": "nobody", "title": "no text"}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    """The articles directory in one process: the rows every other run must reproduce."""
    out = tmp_path_factory.mktemp("ref") / "rows.csv"
    r = run("corpus", ARTICLES, "--out", out, "--workers", 1, "-q")
    assert r.exit_code == 0, r.output
    return out


@pytest.fixture(scope="module")
def dataset_rows(tmp_path_factory, dataset) -> Path:
    out = tmp_path_factory.mktemp("dsout") / "rows.csv"
    r = run("corpus", dataset, "--out", out, "--workers", 2, "--chunk-size", 3, "-q")
    assert r.exit_code == 0, r.output
    assert "news.jsonl:5: record has no 'text'; skipped" in r.stderr
    return out


def test_one_row_per_paragraph_with_article_metadata(reference):
    rows = csv_rows(reference)
    assert len({r["article_id"] for r in rows}) == 20
    assert {"article_id", "source", "title", "date", "path", "index", "role", "score_markets",
            "present_markets", "tone_score", "text"} <= set(rows[0])
    # the one row builder's rows, in input order
    from framing.analysis import analyze, settings
    from framing.io import read_paths
    from framing.report.tabular import render_csv

    cfg = settings()
    expected = "".join(render_csv(analyze(a, cfg) for a in read_paths([ARTICLES])))
    assert reference.read_text(encoding="utf-8") == expected


def test_profile_on_stdout(reference):
    r = run("corpus", ARTICLES, "--out", reference.parent / "again.csv", "--workers", 1)
    assert r.exit_code == 0, r.output
    assert "Profile by source" in r.stdout and "证券时报" in r.stdout
    assert "20 articles" in r.stderr
    profiles = {p.source: p for p in fc.profiles(reference)}
    assert len(profiles) == 20 and all(p.n_articles == 1 for p in profiles.values())
    stcn = profiles["证券时报"]
    assert stcn.share_present["markets"] == 1.0 and stcn.mean_score["markets"] > 10


@pytest.mark.parametrize("options", [("--workers", 2, "--chunk-size", 3), ("--workers", 2, "--chunk-size", 64),
                                     ("--engine", "local", "--workers", 1, "--chunk-size", 1)],
                         ids=["2-workers", "one-chunk", "in-process"])
def test_same_rows_whatever_the_workers(tmp_path, reference, options):
    out = tmp_path / "rows.csv"
    r = run("corpus", ARTICLES, "--out", out, "-q", *options)
    assert r.exit_code == 0, r.output
    assert out.read_bytes() == reference.read_bytes()


def test_dataset_rows_same_in_one_process(tmp_path, dataset, dataset_rows):
    out = tmp_path / "rows.csv"
    r = run("corpus", dataset, "--out", out, "--workers", 1, "-q")
    assert r.exit_code == 0, r.output
    assert out.read_bytes() == dataset_rows.read_bytes()
    rows = csv_rows(out)
    assert "empty" not in {r["article_id"] for r in rows}
    assert {r["path"] for r in rows} == {str(dataset)}


def test_parquet_directory_holds_the_same_rows(tmp_path, reference):
    pa = pytest.importorskip("pyarrow.parquet", reason="Parquet output needs pyarrow (the corpus extra)")
    out = tmp_path / "rows.parquet"
    r = run("corpus", ARTICLES, "--out", out, "--workers", 2, "--chunk-size", 4, "-q")
    assert r.exit_code == 0, r.output
    assert [p.name for p in out.iterdir()] == ["part-00000.parquet"]
    table = pa.read_table(out)
    assert table.schema.field("score_markets").type == "double"
    assert table.schema.field("present_markets").type == "bool"
    assert list(fc.iter_rows(out)) == list(fc.iter_rows(reference))
    assert fc.profiles(out) == fc.profiles(reference)


def test_resume_csv_after_a_partial_run(tmp_path, reference):
    out = tmp_path / "rows.csv"
    first = sorted(ARTICLES.glob("*.txt"))[:7]
    assert run("corpus", *first, "--out", out, "--workers", 1, "-q").exit_code == 0
    r = run("corpus", ARTICLES, "--out", out, "--workers", 2, "--chunk-size", 2, "--resume")
    assert r.exit_code == 0, r.output
    # the last article of a CSV is always redone (an interruption may have cut its rows)
    assert "14 articles" in r.stderr and "6 already there" in r.stderr
    assert out.read_bytes() == reference.read_bytes()
    assert "证券时报" in r.stdout  # the profile covers the whole output


@pytest.mark.parametrize("cut", [0.001, 0.37, 0.5, 0.93])
def test_resume_csv_cut_mid_row(tmp_path, reference, cut):
    """An interrupted write may stop anywhere, even inside a quoted field: the tail is redone."""
    data = reference.read_bytes()
    out = tmp_path / "rows.csv"
    out.write_bytes(data[: int(len(data) * cut)])
    r = run("corpus", ARTICLES, "--out", out, "--workers", 1, "--resume", "-q")
    assert r.exit_code == 0, r.output
    assert out.read_bytes() == data


def test_resume_parquet_writes_a_new_part(tmp_path, reference):
    pytest.importorskip("pyarrow", reason="Parquet output needs pyarrow (the corpus extra)")
    out = tmp_path / "rows.parquet"
    first = sorted(ARTICLES.glob("*.txt"))[:7]
    assert run("corpus", *first, "--out", out, "--workers", 1, "-q").exit_code == 0
    (out / ".part-00007.parquet.tmp").write_bytes(b"PAR1 never finished")  # a killed run's leftover
    r = run("corpus", ARTICLES, "--out", out, "--workers", 2, "--resume", "-q")
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in out.glob("part-*")) == ["part-00000.parquet", "part-00001.parquet"]
    assert list(fc.iter_rows(out)) == list(fc.iter_rows(reference))
    # resuming a complete output does nothing
    r = run("corpus", ARTICLES, "--out", out, "--resume")
    assert r.exit_code == 0 and "0 articles" in r.stderr and "20 already there" in r.stderr


def test_resume_refuses_other_dimensions(tmp_path, reference):
    out = tmp_path / "rows.csv"
    shutil.copy(reference, out)
    r = run("corpus", ARTICLES, "--out", out, "--dimensions", "markets", "--resume", "-q")
    assert r.exit_code == 4
    assert len(r.stderr.strip().splitlines()) == 1 and "columns differ" in r.stderr


def test_compare_sources_leans_on_a_clear_difference(dataset_rows):
    r = run("compare-sources", dataset_rows, "--by", "source", "--format", "json", "--resamples", 500)
    assert r.exit_code == 0, r.output
    items = json.loads(r.stdout)
    assert set(items[0]) >= {"a", "b", "dimension", "a_mean", "b_mean", "difference", "ci", "p_value", "leans"}
    desks = {i["dimension"]: i for i in items if (i["a"], i["b"]) == ("desk-markets", "desk-policy")}
    assert set(desks) == {"censorship", "geopolitics", "markets", "open_source", "tone"}
    m = desks["markets"]
    assert m["leans"] == "a" and m["ci"][0] > 0 and m["p_value"] < 0.05
    assert m["difference"] == pytest.approx(m["a_mean"] - m["b_mean"], abs=1e-3)
    # single-article sources never lean: no interval from one article
    assert all(i["leans"] is None for i in items if "desk" not in i["a"] + i["b"])
    table = run("compare-sources", dataset_rows, "--resamples", 500)
    assert table.exit_code == 0 and "desk-markets" in table.stdout


def test_mirrored_pairs_mirror(dataset_rows):
    dims, values = fc.article_values(fc.iter_rows(dataset_rows))
    ab = fc.compare_pair(values, "desk-markets", "desk-policy", (*dims, "tone"), resamples=300, seed=3)
    ba = fc.compare_pair(values, "desk-policy", "desk-markets", (*dims, "tone"), resamples=300, seed=3)
    for x, y in zip(ab, ba):
        assert (x.a_mean, x.b_mean, x.difference, x.p_value) == (y.b_mean, y.a_mean, -y.difference, y.p_value)
        assert x.ci == (-y.ci[1], -y.ci[0])
        assert {"a": "b", "b": "a", None: None}[x.leans] == y.leans


def test_errors_are_one_line_with_an_exit_code(tmp_path, reference):
    cases = [
        (("corpus", ARTICLES, "--out", tmp_path / "missing" / "rows.csv"), 5, "cannot write"),
        (("corpus", ARTICLES, "--out", tmp_path / "rows.csv", "--engine", "spark"), 4, "unknown engine 'spark'"),
        (("corpus", ARTICLES, "--out", tmp_path / "rows.json"), 4, "must end in .csv or .parquet"),
        (("corpus", ARTICLES, "--out", tmp_path / "rows.csv", "--scheduler", "tcp://x:1", "--engine", "local"), 4,
         "--scheduler"),
        (("corpus", ARTICLES, "--out", tmp_path / "rows.csv", "--by", "outlet"), 4, "--by 'outlet'"),
        (("corpus", ARTICLES, "--out", tmp_path / "rows.csv", "--workers", 0), 4, "workers"),
        (("corpus", tmp_path / "nothing", "--out", tmp_path / "rows.csv"), 2, "nothing"),
        (("compare-sources", tmp_path / "none.csv"), 2, "none.csv"),
        (("compare-sources", reference, "--by", "outlet"), 4, "--by 'outlet'"),
    ]
    for args, code, words in cases:
        r = run(*args)
        assert r.exit_code == code, (args, r.output)
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("framing: error:") and words in lines[0], (args, r.stderr)
    assert not (tmp_path / "rows.csv").exists()


def test_library_errors():
    with pytest.raises(UsageError, match="chunk size"):
        list(fc.chunked([1], 0))
    with pytest.raises(UsageError, match="unknown engine"):
        fc.analyze_corpus([], None, engine="spark")
    with pytest.raises(OutputError, match="cannot write"):
        fc.run_corpus([], Path("/proc/no/such/rows.csv"), _cfg(), workers=1)


def _cfg():
    from framing.analysis import settings

    return settings()


def test_dask_engine_gives_the_same_rows(tmp_path, reference):
    """Last in the file: dask.distributed leaves an event-loop thread behind, and the fork pool
    prefers a process without threads."""
    distributed = pytest.importorskip("dask.distributed", reason="the dask engine needs dask[distributed] (corpus extra)")
    from framing.analysis import settings
    from framing.io import read_paths

    out = tmp_path / "rows.csv"
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cl, \
            distributed.Client(cl) as client:
        result = fc.run_corpus(read_paths([ARTICLES]), out, settings(), engine="dask", client=client, chunk_size=3)
    assert result.n_articles == 20
    assert out.read_bytes() == reference.read_bytes()


def test_dask_cli_with_worker_processes(tmp_path, reference):
    """`--engine dask` through the command: a LocalCluster of one spawned worker process (its own hash
    seed, its own jieba), still the same bytes."""
    pytest.importorskip("dask.distributed", reason="the dask engine needs dask[distributed] (corpus extra)")
    out = tmp_path / "rows.csv"
    r = run("corpus", ARTICLES, "--out", out, "--engine", "dask", "--workers", 1, "--chunk-size", 5, "-q")
    assert r.exit_code == 0, r.output
    assert out.read_bytes() == reference.read_bytes()


def test_rjieba_tokenizer_reaches_the_workers(tmp_path, reference):
    """--tokenizer rjieba is used by forked workers too: their rows equal one process's with rjieba, and differ
    from jieba's where the two backends cut differently (on these articles, 33 rows: n_tokens and scores)."""
    pytest.importorskip("rjieba")
    from framing.analysis import settings
    from framing.io import read_paths
    from framing.report.tabular import render_csv

    out = tmp_path / "rj.csv"
    r = run("corpus", ARTICLES, "--out", out, "--workers", 2, "--chunk-size", 3, "--tokenizer", "rjieba", "-q")
    assert r.exit_code == 0, r.output
    from framing.analysis import analyze

    cfg = settings(tokenizer="rjieba")
    expected = "".join(render_csv(analyze(a, cfg) for a in read_paths([ARTICLES])))
    assert out.read_text(encoding="utf-8") == expected
    assert expected != reference.read_text(encoding="utf-8")  # so the workers did not fall back to jieba
    settings()  # back to the default tokenizer for the other tests
