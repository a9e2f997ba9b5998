"""Agreement with the hand-coded dev set: a regression floor, and the README's table kept current."""

from __future__ import annotations

import importlib.util

import pytest

from conftest import DATA, ROOT

# Floors a little under the figures measured when they were last raised; a lexicon or rule change
# that loses agreement fails here. Raise them when agreement improves (see README).
FLOORS = {"micro_f1": 0.86, "macro_f1": 0.87, "tone_accuracy": 0.69, "primary_accuracy": 0.82}


@pytest.fixture(scope="module")
def result(cfg):
    from framing.evaluate import evaluate, read_gold

    return evaluate(read_gold(DATA / "dev.jsonl"), cfg)


def test_dev_set_is_large_and_varied():
    from framing.evaluate import read_gold

    gold = read_gold(DATA / "dev.jsonl")
    assert len(gold) >= 300
    assert len({g.extra.get("outlet_kind") for g in gold}) >= 8
    assert {g.extra.get("script") for g in gold} >= {"traditional", "simplified"}


def test_agreement_does_not_drop(result):
    assert result["micro_f1"] >= FLOORS["micro_f1"]
    assert result["macro_f1"] >= FLOORS["macro_f1"]
    assert result["tone"]["accuracy"] >= FLOORS["tone_accuracy"]
    assert result["primary_accuracy"] >= FLOORS["primary_accuracy"]
    for dim, m in result["dimensions"].items():
        assert m["f1"] >= 0.70, (dim, m)


# Held-out set 3 (tests/data/heldout3/) was coded blind and is never tuned on; sets 1 and 2 each judged one change
# and were then used for tuning. These floors only catch a change that loses agreement (measured 2026-11-23: set 3
# micro F1 0.76, tone accuracy 0.59; set 2 0.89, 0.66; set 1 0.92, 0.76).
HELDOUT_FLOORS = {"heldout3/heldout3.jsonl": {"micro_f1": 0.73, "tone_accuracy": 0.55},
                  "heldout2/heldout2.jsonl": {"micro_f1": 0.86, "tone_accuracy": 0.62},
                  "heldout/heldout.jsonl": {"micro_f1": 0.89, "tone_accuracy": 0.72}}


@pytest.mark.parametrize("name", sorted(HELDOUT_FLOORS))
def test_heldout_agreement_does_not_drop(cfg, name):
    from framing.evaluate import evaluate, read_gold

    result = evaluate(read_gold(DATA / name), cfg)
    assert result["n"] >= 70
    assert result["micro_f1"] >= HELDOUT_FLOORS[name]["micro_f1"]
    assert result["tone"]["accuracy"] >= HELDOUT_FLOORS[name]["tone_accuracy"]


def test_readme_figures_are_regenerated():
    spec = importlib.util.spec_from_file_location("update_readme", ROOT / "benchmarks" / "update_readme.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert mod.regenerate(readme) == readme, "README's agreement figures are stale: run `python benchmarks/update_readme.py`"
