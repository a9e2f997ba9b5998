"""Renderings of ``evaluate``'s agreement figures (the README's table is this Markdown, regenerated)."""

from __future__ import annotations

from typing import Any


def _rows(r: dict[str, Any]) -> list[tuple[str, ...]]:
    rows = []
    for d, m in r["dimensions"].items():
        rows.append((d, f"{m['precision']:.2f}", f"{m['recall']:.2f}", f"{m['f1']:.2f}", f"{m['kappa']:.2f}",
                     str(m["support"])))
    rows.append(("micro F1", "", "", f"{r['micro_f1']:.2f}", "", ""))
    rows.append(("macro F1", "", "", f"{r['macro_f1']:.2f}", "", ""))
    return rows


def render_markdown(r: dict[str, Any]) -> str:
    """Agreement as Markdown tables."""
    t = r["tone"]
    lines = [f"Paragraphs scored: {r['n']} (captions and boilerplate excluded: {r['n_unscored']}).", "",
             "| dimension | precision | recall | F1 | Cohen's κ | coded present |", "|---|---:|---:|---:|---:|---:|"]
    lines += ["| " + " | ".join(row) + " |" for row in _rows(r)]
    lines += ["", f"Primary dimension accuracy: {r['primary_accuracy']:.2f}.", "",
              "| tone | accuracy | macro F1 | Cohen's κ |", "|---|---:|---:|---:|",
              f"| label −1 / 0 / +1 | {t['accuracy']:.2f} | {t['macro_f1']:.2f} | {t['kappa']:.2f} |", "",
              "Tone confusion (rows: coder, columns: tool):", "", "| coder \\ tool | −1 | 0 | +1 |", "|---|---:|---:|---:|"]
    for g in ("-1", "0", "1"):
        c = t["confusion"][g]
        lines.append(f"| {g} | {c['-1']} | {c['0']} | {c['1']} |")
    return "\n".join(lines) + "\n"


def render_table(r: dict[str, Any]) -> str:
    """Agreement for the terminal, with the worst disagreements."""
    out = [render_markdown(r), "Largest disagreements:"]
    for d in r["disagreements"]:
        out.append(f"  {d['id']}: coder {d['gold_dims']} tone {d['gold_tone']:+d} · tool {d['tool_dims']} "
                   f"tone {d['tool_tone']:+d} · {d['text'][:60]}")
    return "\n".join(out) + "\n"
