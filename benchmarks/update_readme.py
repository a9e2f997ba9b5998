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
CODER2 = ROOT / "tests" / "data" / "dev_coder2.jsonl"
HELDOUT = ROOT / "tests" / "data" / "heldout" / "heldout.jsonl"
HELDOUT2 = ROOT / "tests" / "data" / "heldout2" / "heldout2.jsonl"
HELDOUT3 = ROOT / "tests" / "data" / "heldout3" / "heldout3.jsonl"


def block(name: str) -> re.Pattern:
    return re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.S)


def agreement_markdown() -> str:
    """The agreement tables, as `framing evaluate tests/data/dev.jsonl --format markdown` prints them."""
    from framing.evaluate import evaluate, read_gold
    from framing.report.agreement import render_markdown

    return render_markdown(evaluate(read_gold(DEV)))


def split_markdown() -> str:
    """Agreement on the tuning half vs the half held out of the 2026-11-23 lexicon revision."""
    import tomllib

    from framing.evaluate import evaluate, read_gold

    pairs = tomllib.loads((DEV.parent / "pairs.toml").read_text(encoding="utf-8"))["pair"]
    tuning_sources = {p[side] for i, p in enumerate(pairs) if i % 2 == 0 for side in ("a", "b")}
    gold = read_gold(DEV)

    def tuning(g) -> bool:
        if g.id.startswith("hard-"):
            return int(g.id.split("-")[1]) % 2 == 1
        return g.extra.get("source") in tuning_sources

    rows = ["| half | paragraphs scored | micro F1 | macro F1 | tone accuracy | tone κ |", "|---|---:|---:|---:|---:|---:|"]
    for name, part in (("tuning (even pairs, odd hard cases)", [g for g in gold if tuning(g)]),
                       ("held out (odd pairs, even hard cases, seeds)", [g for g in gold if not tuning(g)])):
        r = evaluate(part)
        rows.append(f"| {name} | {r['n']} | {r['micro_f1']:.2f} | {r['macro_f1']:.2f} | {r['tone']['accuracy']:.2f} | "
                    f"{r['tone']['kappa']:.2f} |")
    return "\n".join(rows) + "\n"


def heldout_markdown() -> str:
    """Agreement on the held-out sets. Each was coded blind and judged one revision; sets 1 and 2 were then used
    for tuning; set 3 is still blind (its per-dimension table follows)."""
    from framing.evaluate import evaluate, read_gold

    rows = ["| set | articles | outlet kinds | paragraphs scored | micro F1 | macro F1 | primary accuracy | "
            "tone accuracy | tone κ |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    results = {}
    for name, path in (("set 1 (tuned on since it judged the first revision)", HELDOUT),
                       ("set 2 (tuned on since it judged the threshold change)", HELDOUT2),
                       ("**set 3 (blind: never tuned on)**", HELDOUT3)):
        gold = read_gold(path)
        r = results[path] = evaluate(gold)
        rows.append(f"| {name} | {len({g.extra.get('source') for g in gold})} | "
                    f"{len({g.extra.get('outlet_kind') for g in gold})} | {r['n']} | {r['micro_f1']:.2f} | "
                    f"{r['macro_f1']:.2f} | {r['primary_accuracy']:.2f} | {r['tone']['accuracy']:.2f} | "
                    f"{r['tone']['kappa']:.2f} |")
    rows += ["", "Set 3, by dimension:", "", "| dimension | precision | recall | F1 | coded present |",
             "|---|---:|---:|---:|---:|"]
    for dim, m in results[HELDOUT3]["dimensions"].items():
        rows.append(f"| {dim} | {m['precision']:.2f} | {m['recall']:.2f} | {m['f1']:.2f} | {m['support']} |")
    return "\n".join(rows) + "\n"


def intercoder_markdown() -> str:
    """Agreement between the two hand codings, as `framing evaluate --coders ... --format markdown` prints it."""
    from framing.evaluate import intercoder, read_gold
    from framing.report.agreement import render_intercoder_markdown

    return render_intercoder_markdown(intercoder([read_gold(DEV), read_gold(CODER2)], names=["A", "B"]))


def updated(readme: str, table: str, name: str = "agreement") -> str:
    """The README text with the named block replaced."""
    pattern = block(name)
    if not pattern.search(readme):
        raise SystemExit(f"README.md has no <!-- {name}:start --> / <!-- {name}:end --> markers")
    return pattern.sub(lambda m: m.group(1) + table + m.group(2), readme)


def regenerate(text: str) -> str:
    """The README with every generated block recomputed."""
    new = updated(text, agreement_markdown())
    new = updated(new, intercoder_markdown(), "intercoder")
    new = updated(new, split_markdown(), "split")
    return updated(new, heldout_markdown(), "heldout")


def main(argv: list[str]) -> int:
    text = README.read_text(encoding="utf-8")
    new = regenerate(text)
    if "--check" in argv:
        return 0 if new == text else 1
    README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
