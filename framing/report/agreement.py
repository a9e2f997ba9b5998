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


# --------------------------------------------------------------------------- inter-coder agreement


def _coder_rows(r: dict[str, Any]) -> list[tuple[str, ...]]:
    rows = []
    for d, m in r["dimensions"].items():
        rows.append((d, f"{m['kappa']:.2f}", f"{m['alpha']:.2f}", f"{m['agreement']:.0%}",
                     " / ".join(str(v) for v in m["present"].values())))
    rows.append(("mean over dimensions", f"{r['mean_kappa']:.2f}", f"{r['mean_alpha']:.2f}", "", ""))
    for key, label in (("primary", "primary dimension"), ("tone", "tone −1 / 0 / +1")):
        m = r[key]
        rows.append((label, f"{m['kappa']:.2f}", f"{m['alpha']:.2f}", f"{m['agreement']:.0%}", ""))
    return rows


def render_intercoder_markdown(r: dict[str, Any]) -> str:
    """``evaluate --coders``'s agreement between coders as Markdown tables."""
    coders = r["coders"]
    kappa = "Cohen's κ" if len(coders) == 2 else "mean pairwise κ"
    lines = [f"Coders: {', '.join(coders)}. Paragraphs coded by all: {r['n']} "
             f"(captions and boilerplate excluded: {r['n_unscored']}).", "",
             f"| | {kappa} | Krippendorff's α | % agreement | coded present ({' / '.join(coders)}) |",
             "|---|---:|---:|---:|---:|"]
    lines += ["| " + " | ".join(row) + " |" for row in _coder_rows(r)]
    confusion = r["tone"].get("confusion")
    if confusion:
        lines += ["", f"Tone (rows: {coders[0]}, columns: {coders[1]}):", "",
                  "| | −1 | 0 | +1 |", "|---|---:|---:|---:|"]
        for g in ("-1", "0", "1"):
            c = confusion[g]
            lines.append(f"| {g} | {c['-1']} | {c['0']} | {c['1']} |")
    if len(coders) > 2:
        lines += ["", "Pairwise Cohen's κ:", "", "| pair | " + " | ".join(r["dimensions"]) + " | tone | primary |",
                  "|---|" + "---:|" * (len(r["dimensions"]) + 2)]
        for pair in r["tone"]["pairwise"]:
            vals = [r["dimensions"][d]["pairwise"][pair]["kappa"] for d in r["dimensions"]]
            vals += [r["tone"]["pairwise"][pair]["kappa"], r["primary"]["pairwise"][pair]["kappa"]]
            lines.append(f"| {pair} | " + " | ".join(f"{v:.2f}" for v in vals) + " |")
    return "\n".join(lines) + "\n"


def render_intercoder_table(r: dict[str, Any]) -> str:
    """Agreement between coders for the terminal, with the paragraphs they differ on most."""
    out = [render_intercoder_markdown(r), "Largest disagreements:"]
    for d in r["disagreements"]:
        labels = " · ".join(f"{name} {c['dims']} {c['primary']} tone {c['tone']:+d}"
                            for name, c in d["coders"].items())
        out.append(f"  {d['id']}: {labels} · {d['text'][:60]}")
    if not r["disagreements"]:
        out.append("  none")
    return "\n".join(out) + "\n"
