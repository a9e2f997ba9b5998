"""framing.evaluate: the metrics against published worked examples, `evaluate` against figures
recomputed independently from `framing analyze`'s output, inter-coder agreement (`--coders`), and
broken gold files through the CLI."""

from __future__ import annotations

import json
import random

import pytest
from typer.testing import CliRunner

from framing.cli import app
from framing.errors import InputError
from framing.evaluate import (
    GoldParagraph,
    cohen_kappa,
    evaluate,
    intercoder,
    krippendorff_alpha,
    macro_f1,
    prf,
    read_gold,
)

from conftest import DATA

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def table(cells: dict[tuple[str, str], int]) -> tuple[list[str], list[str]]:
    """Two codings from a contingency table {(coder A's value, coder B's value): count}."""
    a, b = [], []
    for (x, y), count in cells.items():
        a += [x] * count
        b += [y] * count
    return a, b


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- Cohen's kappa


def test_kappa_wikipedia_worked_example():
    # Wikipedia, "Cohen's kappa", simple example: 50 proposals, both yes 20, A yes/B no 5,
    # A no/B yes 10, both no 15: p_o = .70, p_e = .50, kappa = .40
    a, b = table({("yes", "yes"): 20, ("yes", "no"): 5, ("no", "yes"): 10, ("no", "no"): 15})
    assert cohen_kappa(a, b) == pytest.approx(0.4)


@pytest.mark.parametrize(
    "cells, expected",
    [
        # Wikipedia, "Same percentages but different numbers": both tables agree on 60 of 100,
        # kappa .1304 and .2593
        ({("y", "y"): 45, ("y", "n"): 15, ("n", "y"): 25, ("n", "n"): 15}, 0.1304),
        ({("y", "y"): 25, ("y", "n"): 35, ("n", "y"): 5, ("n", "n"): 35}, 0.2593),
    ],
)
def test_kappa_same_agreement_different_marginals(cells, expected):
    assert cohen_kappa(*table(cells)) == pytest.approx(expected, abs=5e-5)


def test_kappa_three_categories_by_hand():
    # 25 units: p_o = (8 + 5 + 5) / 25 = .72; marginals A 10/8/7, B 11/7/7:
    # p_e = (10*11 + 8*7 + 7*7) / 625 = .344; kappa = (.72 - .344) / .656
    a, b = table({("x", "x"): 8, ("x", "y"): 1, ("x", "z"): 1, ("y", "x"): 2, ("y", "y"): 5, ("y", "z"): 1,
                  ("z", "x"): 1, ("z", "y"): 1, ("z", "z"): 5})
    assert len(a) == 25
    assert cohen_kappa(a, b) == pytest.approx((0.72 - 0.344) / 0.656)


def test_kappa_edge_cases():
    assert cohen_kappa([1, 1, 1], [1, 1, 1]) == 1.0  # both constant and equal
    assert cohen_kappa([1, 1, 1], [0, 0, 0]) == 0.0  # both constant, never agree
    assert cohen_kappa([], []) == 0.0
    assert cohen_kappa([1, 0, 1, 0], [0, 1, 0, 1]) == pytest.approx(-1.0)
    with pytest.raises(ValueError):
        cohen_kappa([1, 0], [1])


def test_kappa_matches_scikit_learn_on_random_codings():
    sklearn = pytest.importorskip("sklearn.metrics")
    rng = random.Random(7)
    for _ in range(20):
        a = [rng.choice((-1, 0, 1)) for _ in range(60)]
        b = [x if rng.random() < 0.6 else rng.choice((-1, 0, 1)) for x in a]
        assert cohen_kappa(a, b) == pytest.approx(sklearn.cohen_kappa_score(a, b))


# --------------------------------------------------------------------------- Krippendorff's alpha

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: nominal data, any
# number of observers, missing data. 4 observers x 12 units; unit 12 holds one value (not pairable).
_ = None
K2011_OBSERVERS = (
    (1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _),  # A
    (1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3),  # B
    (_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _),  # C
    (1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _),  # D
)


def test_alpha_krippendorff_2011_four_observers_missing_values():
    units = list(zip(*K2011_OBSERVERS))
    assert round(krippendorff_alpha(units), 3) == 0.743


def test_alpha_krippendorff_2011_binary_two_observers():
    # Same paper, section A (binary data, two observers, no missing data), Ben and Gerry on 10 units:
    # o_00 = 10, o_11 = 2, o_01 = o_10 = 4; alpha = 1 - (20 - 1) * 4 / (14 * 6) = .095
    ben = (0, 1, 0, 0, 0, 0, 0, 0, 1, 0)
    gerry = (1, 1, 1, 0, 0, 1, 0, 0, 0, 0)
    assert krippendorff_alpha(list(zip(ben, gerry))) == pytest.approx(1 - 19 * 4 / (14 * 6))
    assert round(krippendorff_alpha(list(zip(ben, gerry))), 3) == 0.095


def test_alpha_krippendorff_2011_nominal_two_observers():
    # Same paper, section B (nominal data, two observers, no missing data), 12 units: alpha = .692
    obs1 = "a a b b d c c c e d d a".split()
    obs2 = "b a b b b c c c e d d d".split()
    assert round(krippendorff_alpha(list(zip(obs1, obs2))), 3) == 0.692


def test_alpha_wikipedia_computational_example():
    # Wikipedia, "Krippendorff's alpha", a computational example: 3 coders x 15 units, nominal .691
    rows = ("* * * * * 3 4 1 2 1 1 3 3 * 3", "1 * 2 1 3 3 4 3 * * * * * * *", "* * 2 1 3 4 4 * 2 1 1 3 3 * 4")
    coders = [[None if v == "*" else int(v) for v in r.split()] for r in rows]
    assert round(krippendorff_alpha(list(zip(*coders))), 3) == 0.691


def test_alpha_edge_cases():
    assert krippendorff_alpha([[1, 1], [2, 2], [1, 1]]) == 1.0
    assert krippendorff_alpha([[1, 1], [1, 1]]) == 1.0  # no variation: no expected disagreement
    assert krippendorff_alpha([[1, None], [None, 2]]) == 0.0  # nothing pairable
    # values may be any hashable: labels and numbers give the same figure
    units = list(zip(*K2011_OBSERVERS))
    relabelled = [[None if v is None else "abcde"[v - 1] for v in u] for u in units]
    assert krippendorff_alpha(relabelled) == pytest.approx(krippendorff_alpha(units))


def test_alpha_order_of_coders_and_units_does_not_matter():
    units = list(zip(*K2011_OBSERVERS))
    shuffled = [tuple(reversed(u)) for u in reversed(units)]
    assert krippendorff_alpha(shuffled) == pytest.approx(krippendorff_alpha(units))


# --------------------------------------------------------------------------- P/R/F1, macro F1


def test_prf_on_a_small_table():
    # tp = 2 (units 1, 3), fp = 1 (unit 4), fn = 2 (units 2, 7): P = 2/3, R = 1/2, F1 = 4/7
    gold = [1, 1, 1, 0, 0, 0, 1, 0]
    pred = [1, 0, 1, 1, 0, 0, 0, 0]
    p, r, f = prf([bool(g) for g in gold], [bool(x) for x in pred])
    assert (p, r) == (pytest.approx(2 / 3), pytest.approx(1 / 2))
    assert f == pytest.approx(4 / 7)


def test_prf_undefined_cases_are_zero():
    assert prf([False, False], [False, False]) == (0.0, 0.0, 0.0)
    assert prf([True, False], [False, False]) == (0.0, 0.0, 0.0)
    assert prf([False, False], [True, False]) == (0.0, 0.0, 0.0)
    assert prf([True], [True]) == (1.0, 1.0, 1.0)


def test_macro_f1_by_hand():
    # -1: P 1/2 R 1/2 F .5; 0: P 2/3 R 1 F .8; +1: P 1 R 1/2 F 2/3
    gold = [-1, -1, 0, 0, 1, 1]
    pred = [-1, 0, 0, 0, 1, -1]
    assert macro_f1(gold, pred, (-1, 0, 1)) == pytest.approx((0.5 + 0.8 + 2 / 3) / 3)
    sklearn = pytest.importorskip("sklearn.metrics")
    assert macro_f1(gold, pred, (-1, 0, 1)) == pytest.approx(sklearn.f1_score(gold, pred, average="macro"))
    assert macro_f1([], [], ()) == 0.0


# --------------------------------------------------------------------------- evaluate on a tiny gold file

TINY = [
    {"id": "t1", "text": "英偉達股價暴跌17%，市值蒸發近6000億美元，投資者恐慌拋售。", "role": "body",
     "dims": ["markets"], "primary": "markets", "tone": -1},
    {"id": "t2", "text": "美國商務部宣布擴大對華晶片出口管制，將更多中國企業列入實體清單。", "role": "body",
     "dims": ["geopolitics"], "primary": "geopolitics", "tone": -1},
    {"id": "t3", "text": "該團隊在GitHub上開源了模型權重和訓練代碼，歡迎社區貢獻。", "role": "body",
     "dims": ["open_source"], "primary": "open_source", "tone": 1},
    {"id": "t4", "text": "聊天機器人拒絕回答有關六四事件的問題，相關內容遭到審查和刪除。", "role": "body",
     "dims": ["censorship"], "primary": "censorship", "tone": -1},
    {"id": "t5", "text": "美國對中國電動車加徵100%關稅，比亞迪股價應聲下跌5%。", "role": "headline",
     "dims": ["geopolitics", "markets"], "primary": "geopolitics", "tone": -1},
    {"id": "t6", "text": "現年52歲的李明畢業於北京大學物理系，後赴史丹福大學攻讀博士學位。", "role": "body",
     "dims": [], "primary": "none", "tone": 0},
    {"id": "t7", "text": "特朗普警告北京不要越界，称美国将不惜一切代价赢得这场竞争。", "role": "body",
     "dims": ["geopolitics"], "primary": "geopolitics", "tone": -1},
    {"id": "t8", "text": "攝：記者王小明", "role": "caption", "dims": [], "primary": "none", "tone": 0},
]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return write_jsonl(tmp_path_factory.mktemp("gold") / "tiny.jsonl", TINY)


@pytest.fixture(scope="module")
def tiny_result(tiny, cfg):
    return evaluate(read_gold(tiny), cfg)


def test_evaluate_counts_on_obvious_frames(tiny_result):
    r = tiny_result
    assert (r["n"], r["n_unscored"]) == (7, 1)  # the caption is kept out
    support = {d: m["support"] for d, m in r["dimensions"].items()}
    assert support == {"censorship": 1, "geopolitics": 3, "markets": 2, "open_source": 1}
    # the obvious markers are found, and t7's geopolitics (a leader's warning) through 特朗普 alone: one
    # supporting term reaches geopolitics' presence threshold (0.5)
    predicted = {d: m["predicted"] for d, m in r["dimensions"].items()}
    assert predicted == {"censorship": 1, "geopolitics": 3, "markets": 2, "open_source": 1}
    geo = r["dimensions"]["geopolitics"]
    assert (geo["precision"], geo["recall"], geo["f1"]) == (1.0, 1.0, 1.0)
    assert r["dimensions"]["markets"]["f1"] == 1.0
    # what is left to disagree on is tone (t2 and t7 read neutral where the coder felt a threat)
    assert {d["id"] for d in r["disagreements"]} == {"t2", "t7"}
    assert all(not d["missed"] and not d["extra"] for d in r["disagreements"])


def test_evaluate_matches_figures_recomputed_from_analyze_output(tiny, tiny_result):
    """The figures recomputed here from `framing analyze --format jsonl` (one record = one article of
    one paragraph) with scikit-learn, from the `present` and `label` fields only."""
    sk = pytest.importorskip("sklearn.metrics")
    out = run("analyze", tiny, "--format", "jsonl")
    assert out.exit_code == 0, out.output
    analyses = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    assert [a["article"]["id"] for a in analyses] == [g["id"] for g in TINY]
    assert all(len(a["paragraphs"]) == 1 for a in analyses)
    scored = [(g, a["paragraphs"][0]) for g, a in zip(TINY, analyses) if g["role"] not in {"caption", "boilerplate"}]
    r = tiny_result
    assert r["n"] == len(scored)
    tp = fp = fn = 0
    f1s = []
    for d, m in r["dimensions"].items():
        gv = [int(d in g["dims"]) for g, _ in scored]
        pv = [int(d in p["present"]) for _, p in scored]
        assert m["support"] == sum(gv) and m["predicted"] == sum(pv)
        assert m["precision"] == pytest.approx(sk.precision_score(gv, pv, zero_division=0))
        assert m["recall"] == pytest.approx(sk.recall_score(gv, pv, zero_division=0))
        assert m["f1"] == pytest.approx(sk.f1_score(gv, pv, zero_division=0))
        if len(set(gv) | set(pv)) > 1:
            assert m["kappa"] == pytest.approx(sk.cohen_kappa_score(gv, pv))
        f1s.append(sk.f1_score(gv, pv, zero_division=0))
        tp += sum(g and p for g, p in zip(gv, pv))
        fp += sum(p and not g for g, p in zip(gv, pv))
        fn += sum(g and not p for g, p in zip(gv, pv))
    assert r["micro_f1"] == pytest.approx(2 * tp / (2 * tp + fp + fn))
    assert r["macro_f1"] == pytest.approx(sum(f1s) / len(f1s))
    gold_primary = [g["primary"] for g, _ in scored]
    tool_primary = [p["primary"] or "none" for _, p in scored]
    assert r["primary_accuracy"] == pytest.approx(sk.accuracy_score(gold_primary, tool_primary))
    gt = [g["tone"] for g, _ in scored]
    pt = [p["tone"]["label"] for _, p in scored]
    assert r["tone"]["accuracy"] == pytest.approx(sk.accuracy_score(gt, pt))
    assert r["tone"]["macro_f1"] == pytest.approx(sk.f1_score(gt, pt, labels=[-1, 0, 1], average="macro",
                                                               zero_division=0))
    assert r["tone"]["kappa"] == pytest.approx(sk.cohen_kappa_score(gt, pt))
    matrix = sk.confusion_matrix(gt, pt, labels=[-1, 0, 1])
    for i, a in enumerate(("-1", "0", "1")):
        for j, b in enumerate(("-1", "0", "1")):
            assert r["tone"]["confusion"][a][b] == matrix[i][j]


def test_evaluate_cli_json_is_the_library_result(tiny, tiny_result):
    out = run("evaluate", tiny, "--format", "json")
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout) == json.loads(json.dumps(tiny_result))
    table_out = run("evaluate", tiny)
    assert table_out.exit_code == 0 and "Largest disagreements:" in table_out.stdout


# --------------------------------------------------------------------------- inter-coder agreement


def gp(pid, dims=(), tone=0, primary=None, role="body", **extra):
    return GoldParagraph(pid, f"段落{pid}", role, tuple(dims), primary or (dims[0] if dims else "none"), tone, extra)


def test_intercoder_two_coders_by_hand():
    a = [gp("p1", ["markets"], -1), gp("p2", ["markets", "geopolitics"], -1, "geopolitics"), gp("p3", [], 0),
         gp("p4", ["censorship"], 1)]
    b = [gp("p1", ["markets"], -1), gp("p2", ["geopolitics"], 0), gp("p3", [], 0), gp("p4", ["censorship"], 1)]
    r = intercoder([a, b], names=["A", "B"])
    assert r["coders"] == ["A", "B"] and r["n"] == 4 and r["only_in_some"] == {}
    assert list(r["dimensions"]) == ["censorship", "geopolitics", "markets"]
    m = r["dimensions"]["markets"]
    # A 1,1,0,0 / B 1,0,0,0: kappa .5; alpha: o11 = 2, o00 = 4, o10 = o01 = 1, n1 = 3, n0 = 5 -> 1 - 7/15
    assert m["kappa"] == pytest.approx(0.5)
    assert m["alpha"] == pytest.approx(1 - 7 * 1 / (3 * 5))
    assert m["agreement"] == 0.75 and m["present"] == {"A": 2, "B": 1}
    assert r["dimensions"]["censorship"]["kappa"] == 1.0
    assert r["tone"]["agreement"] == 0.75
    assert r["tone"]["kappa"] == pytest.approx(cohen_kappa([-1, -1, 0, 1], [-1, 0, 0, 1]))
    assert r["tone"]["confusion"]["-1"] == {"-1": 1, "0": 1, "1": 0}
    assert r["primary"]["agreement"] == 1.0  # p2: both chose geopolitics
    assert [d["id"] for d in r["disagreements"]] == ["p2"]
    assert r["disagreements"][0]["dims_split"] == ["markets"] and r["disagreements"][0]["cost"] == 2


def test_intercoder_three_coders_mean_pairwise_kappa_and_alpha():
    a = [gp("u1", ["markets"]), gp("u2", ["markets"]), gp("u3"), gp("u4"), gp("u5", ["markets"])]
    b = [gp("u1", ["markets"]), gp("u2"), gp("u3"), gp("u4"), gp("u5", ["markets"])]
    c = [gp("u1", ["markets"]), gp("u2", ["markets"]), gp("u3", ["markets"]), gp("u4"), gp("u5")]
    r = intercoder([a, b, c], names=["A", "B", "C"])
    cols = [[1, 1, 0, 0, 1], [1, 0, 0, 0, 1], [1, 1, 1, 0, 0]]
    pair = [cohen_kappa(cols[0], cols[1]), cohen_kappa(cols[0], cols[2]), cohen_kappa(cols[1], cols[2])]
    m = r["dimensions"]["markets"]
    assert m["kappa"] == pytest.approx(sum(pair) / 3)
    assert m["pairwise"]["A~C"]["kappa"] == pytest.approx(pair[1])
    assert m["alpha"] == pytest.approx(krippendorff_alpha(list(zip(*cols))))
    assert m["agreement"] == pytest.approx(2 / 5)  # u1 and u4 unanimous


def test_intercoder_matches_by_id_and_reports_the_rest():
    a = [gp("x"), gp("y", ["markets"]), gp("only-a")]
    b = [gp("y", ["markets"]), gp("x"), gp("only-b")]
    r = intercoder([a, b], names=["A", "B"])
    assert r["n"] == 2 and r["only_in_some"] == {"A": ["only-a"], "B": ["only-b"]}
    assert r["dimensions"]["markets"]["kappa"] == 1.0


def test_intercoder_leaves_out_what_no_coder_scored():
    a = [gp("c", role="caption"), gp("d", ["markets"], role="boilerplate"), gp("e", ["markets"])]
    b = [gp("c", role="caption"), gp("d", role="body"), gp("e", ["markets"])]
    r = intercoder([a, b], names=["A", "B"])
    assert (r["n"], r["n_unscored"]) == (2, 1)  # d stays: one coder scored it
    assert r["disagreements"][0]["coders"]["A"]["role"] == "boilerplate"


def test_intercoder_names_from_the_coder_field_and_fixed_dimensions():
    a = [gp("p", ["markets"], coder="A")]
    b = [gp("p", ["markets"], coder="B")]
    assert intercoder([a, b])["coders"] == ["A", "B"]
    assert intercoder([a, a])["coders"] == ["A#1", "A#2"]
    r = intercoder([a, b], dimensions=["markets", "open_source"])
    assert list(r["dimensions"]) == ["markets", "open_source"]


@pytest.mark.parametrize(
    "codings, message",
    [
        ([[gp("p")]], "at least two"),
        ([[gp("p"), gp("p")], [gp("p")]], "coded twice"),
        ([[gp("p")], [gp("q")]], "share no paragraph"),
    ],
)
def test_intercoder_refuses(codings, message):
    with pytest.raises(InputError, match=message):
        intercoder(codings)


def coder_files(tmp_path):
    a = [{"id": "p1", "text": "股價大跌", "dims": ["markets"], "primary": "markets", "tone": -1},
         {"id": "p2", "text": "股價上漲，美國加徵關稅", "dims": ["markets", "geopolitics"], "primary": "markets",
          "tone": 1},
         {"id": "p3", "text": "簡歷", "dims": [], "primary": "none", "tone": 0},
         {"id": "p4", "text": "開源", "dims": ["open_source"], "primary": "open_source", "tone": 1},
         {"id": "a-only", "text": "只在A", "dims": [], "primary": "none", "tone": 0}]
    b = [dict(r) for r in a[:4]]
    b[1] = {**b[1], "dims": ["markets"], "tone": 0}
    return write_jsonl(tmp_path / "A.jsonl", a), write_jsonl(tmp_path / "B.jsonl", b)


def test_cli_coders_json(tmp_path):
    fa, fb = coder_files(tmp_path)
    out = run("evaluate", "--coders", fa, fb, "--format", "json")
    assert out.exit_code == 0, out.output
    r = json.loads(out.stdout)
    assert r["coders"] == ["A.jsonl", "B.jsonl"] and r["n"] == 4
    geo = r["dimensions"]["geopolitics"]
    # A 0,1,0,0 / B 0,0,0,0: kappa 0, alpha 1 - 7 * 1 / (1 * 7) = 0, agreement .75
    assert (geo["kappa"], geo["agreement"]) == (0.0, 0.75)
    assert geo["alpha"] == pytest.approx(0.0)
    assert r["dimensions"]["markets"]["kappa"] == 1.0
    assert r["tone"]["agreement"] == 0.75
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("framing: warning: A.jsonl: 1 paragraph id") and "a-only" in lines[0]


@pytest.mark.parametrize("fmt, marker", [("table", "Largest disagreements:"), ("markdown", "| geopolitics |")])
def test_cli_coders_table_and_markdown(tmp_path, fmt, marker):
    fa, fb = coder_files(tmp_path)
    out = run("evaluate", "--coders", fa, fb, "--format", fmt)
    assert out.exit_code == 0, out.output
    assert "Cohen's κ" in out.stdout and "Krippendorff's α" in out.stdout and marker in out.stdout


def test_cli_coders_three_files_and_dimensions(tmp_path):
    fa, fb = coder_files(tmp_path)
    fc = tmp_path / "C.jsonl"
    fc.write_text(fb.read_text(encoding="utf-8"), encoding="utf-8")
    out = run("evaluate", "--coders", fa, fb, fc, "--format", "json", "--dimensions", "markets,geopolitics")
    assert out.exit_code == 0, out.output
    r = json.loads(out.stdout)
    assert r["coders"] == ["A.jsonl", "B.jsonl", "C.jsonl"]
    assert list(r["dimensions"]) == ["markets", "geopolitics"]  # as asked
    assert set(r["dimensions"]["geopolitics"]["pairwise"]) == {"A.jsonl~B.jsonl", "A.jsonl~C.jsonl",
                                                                 "B.jsonl~C.jsonl"}
    assert run("evaluate", "--coders", fa, fb, "--dimensions", "sports").exit_code == 4  # unknown dimension


@pytest.mark.parametrize(
    "args, message",
    [
        ((), "evaluate needs a gold file"),
        (("a.jsonl", "b.jsonl"), "add --coders"),
        (("--coders", "x.jsonl"), "two or more coding files"),
    ],
)
def test_cli_usage_errors(args, message):
    out = run("evaluate", *args)
    assert out.exit_code == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("framing: error: ") and message in lines[0]


# --------------------------------------------------------------------------- broken gold files


BROKEN = {
    "missing-text.jsonl": ('{"id": "p1", "role": "body", "dims": [], "tone": 0}\n', "has no text"),
    "empty-text.jsonl": ('{"id": "p1", "text": "  ", "role": "body", "tone": 0}\n', "no text"),
    "bad-role.jsonl": ('{"id": "p1", "text": "段落", "role": "footer", "tone": 0}\n', "unknown role 'footer'"),
    "bad-tone.jsonl": ('{"id": "p1", "text": "段落", "role": "body", "tone": 2}\n', "tone must be -1, 0 or 1"),
    "word-tone.jsonl": ('{"id": "p1", "text": "段落", "role": "body", "tone": "negative"}\n', "tone must be -1, 0 or 1"),
    "not-json.jsonl": ('{"id": "p1", "text": "段落", "role": "body", "tone": 0}\n{"id": "p2", "text": \n',
                       "not JSON"),
    "not-an-object.jsonl": ('["段落", "body"]\n', "not a gold record"),
    "empty.jsonl": ("\n\n", "no gold records"),
    "bad-tone.csv": ("id,text,role,dims,primary,tone\np1,段落,body,markets,markets,x\n", "tone must be -1, 0 or 1"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_gold_file_is_one_line_and_exit_2(tmp_path, name):
    content, message = BROKEN[name]
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    for args in (("evaluate", path), ("evaluate", "--coders", path, DATA / "dev_coder2.jsonl")):
        out = run(*args)
        assert out.exit_code == 2, (name, out.output)
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1, out.stderr
        assert lines[0].startswith("framing: error: ") and message in lines[0], lines[0]
        assert "Traceback" not in out.output


def test_missing_gold_file_is_exit_2(tmp_path):
    out = run("evaluate", tmp_path / "nope.jsonl")
    assert out.exit_code == 2 and "no such gold file" in out.stderr


def test_broken_line_is_named(tmp_path):
    path = tmp_path / "g.jsonl"
    path.write_text('{"id": "p1", "text": "好", "tone": 0}\n{"id": "p2", "text": "壞", "tone": 5}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"g\.jsonl:2: tone must be"):
        read_gold(path)


# --------------------------------------------------------------------------- the second coding of the dev set


def test_second_coding_is_a_valid_blind_sample_of_the_dev_set():
    dev = {g.id: g for g in read_gold(DATA / "dev.jsonl")}
    second = read_gold(DATA / "dev_coder2.jsonl")
    assert len(second) == 100 and len({g.id for g in second}) == 100
    assert {g.extra.get("coder") for g in second} == {"B"}
    for g in second:
        assert g.id in dev and g.text == dev[g.id].text and g.role == dev[g.id].role
        assert g.role in {"headline", "standfirst", "subheading", "body"}
        assert (g.primary == "none") == (not g.dims) and (g.primary == "none" or g.primary in g.dims)
    # stratified: every outlet kind and both scripts of the dev set are in the sample
    assert {dev[g.id].extra["outlet_kind"] for g in second} == {g.extra["outlet_kind"] for g in dev.values()}
    assert {dev[g.id].extra["script"] for g in second} == {"traditional", "simplified"}


def test_second_coding_agreement_is_computed():
    from framing.lexicon import load_lexicons

    r = intercoder([read_gold(DATA / "dev.jsonl"), read_gold(DATA / "dev_coder2.jsonl")], names=["A", "B"],
                   dimensions=load_lexicons().dimensions)
    assert r["n"] == 100 and len(r["only_in_some"]["A"]) > 0 and "B" not in r["only_in_some"]
    for m in r["dimensions"].values():
        assert -1.0 <= m["alpha"] <= 1.0 and 0.0 <= m["agreement"] <= 1.0


@pytest.mark.parametrize(
    "line, words",
    [
        ('{"id": "p1", "text": "段落", "dims": 5}', "dims must be a list"),
        ('{"id": "p1", "text": "段落", "tone": 1.5}', "tone must be -1, 0 or 1"),
        ('{"id": "p1", "text": "段落", "dims": ["markets"], "primary": "censorship"}', "not among dims"),
        ('{"id": "p1", "text": "段落"}\n{"id": "p1", "text": "另一段"}', "given twice"),
    ],
)
def test_gold_records_are_validated(tmp_path, line, words):
    from framing.errors import InputError
    from framing.evaluate import read_gold

    p = tmp_path / "g.jsonl"
    p.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=words):
        read_gold(p)
