"""Golden files of the seed comparison (JSON, Markdown, terminal). Review the diff, then update with

    python -m pytest tests/test_golden.py --update-goldens

Scrubs: the repository path and the lexicon hash (it changes with every lexicon edit, which the
golden diff already shows term by term).
"""

from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"


@pytest.fixture(scope="module")
def comparison(seed_analyses):
    from framing.compare import compare

    return compare(*seed_analyses)


def scrub(text: str) -> str:
    text = text.replace(str(ROOT) + "/", "")
    return re.sub(r'("lexicons_sha256": ")[0-9a-f]{64}', r"\1<sha256>", text)


def check(name: str, text: str, update: bool) -> None:
    path = GOLDEN / name
    text = scrub(text)
    if update or not path.exists():
        path.write_text(text, encoding="utf-8")
        if not update:
            pytest.fail(f"{path} did not exist; written now, check it in")
        return
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{name} differs from the golden file; if the change is right: pytest tests/test_golden.py --update-goldens"


def test_comparison_json(comparison, update_goldens):
    from framing.report.jsonout import comparison_dict, dumps

    text = dumps(comparison_dict(comparison)) + "\n"
    data = json.loads(text)
    assert data["schema"] == "framing.comparison/1"
    check("compare_seeds.json", text, update_goldens)


def test_comparison_markdown(comparison, update_goldens):
    from framing.report.markdown import render_comparison

    check("compare_seeds.md", render_comparison(comparison), update_goldens)


def test_comparison_terminal(comparison, update_goldens):
    from framing.report.terminal import render_comparison

    check("compare_seeds.txt", render_comparison(comparison, width=120, color=False), update_goldens)


def test_analysis_markdown(seed_analyses, update_goldens):
    from framing.report.markdown import render_analysis

    check("analyze_seed000.md", render_analysis(seed_analyses[0]), update_goldens)
