"""Regenerate the README's agreement table from the dev set (the figures are computed, never typed).

    python benchmarks/update_readme.py          # rewrite the block between the agreement markers
    python benchmarks/update_readme.py --check  # exit 1 when the README is stale
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DEV = ROOT / "tests" / "data" / "dev.jsonl"
BLOCK = re.compile(r"(<!-- agreement:start -->\n).*?(<!-- agreement:end -->)", re.S)


def agreement_markdown() -> str:
    """The agreement tables, as `framing evaluate tests/data/dev.jsonl --format markdown` prints them."""
    from framing.evaluate import evaluate, read_gold
    from framing.report.agreement import render_markdown

    return render_markdown(evaluate(read_gold(DEV)))


def updated(readme: str, table: str) -> str:
    """The README text with the agreement block replaced."""
    if not BLOCK.search(readme):
        raise SystemExit("README.md has no <!-- agreement:start --> / <!-- agreement:end --> markers")
    return BLOCK.sub(lambda m: m.group(1) + table + m.group(2), readme)


def main(argv: list[str]) -> int:
    text = README.read_text(encoding="utf-8")
    new = updated(text, agreement_markdown())
    if "--check" in argv:
        return 0 if new == text else 1
    README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
