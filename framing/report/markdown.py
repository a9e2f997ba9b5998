"""Markdown renderings: the same content as the terminal report, for pasting into notes and issues."""

from __future__ import annotations

from ..model import Analysis, Comparison
from . import story


def _cell(text: str) -> str:
    return story.printable(text).replace("|", "\\|").replace("\n", " ")


def render_analysis(a: Analysis) -> str:
    """One article: header, frame profile, one table row per paragraph with its evidence."""
    art = a.article
    lines = [f"# {_cell(story.title(a))}", ""]
    meta = [f"script: {a.script}", f"naming: {a.naming.convention}", f"paragraphs: {len(a.paragraphs)}",
            f"scored: {a.summary.n_scored}"]
    if art.path:
        meta.insert(0, f"file: `{art.path}`")
    lines += [" · ".join(meta), "", "## Frame profile", "",
              "| dimension | present in | mean score | share | tone of its paragraphs |", "|---|---:|---:|---:|---:|"]
    for d, f in a.summary.frames.items():
        t = a.summary.tone_by_dimension.get(d)
        lines.append(f"| {d} | {f.present_in}/{a.summary.n_scored} | {f.mean_score:.2f} | {f.share:.0%} | "
                     f"{'' if t is None else f'{t:+.2f}'} |")
    lines += [f"| **tone (all)** | | | | {a.summary.tone_mean:+.2f} |", "", "## Paragraphs", "",
              "| # | role | frames | tone | evidence | text |", "|---:|---|---|---:|---|---|"]
    for p in a.paragraphs:
        hits = "、".join(dict.fromkeys(f"{h.term}{'¬' if h.negated else ''}" for h in p.hits))
        tones = " ".join(dict.fromkeys(f"{'+' if h.value > 0 else '−'}{h.term}" for h in p.tone_hits))
        evidence = " / ".join(x for x in (hits, tones) if x) if p.scored else f"_{p.paragraph.reason}_"
        tone = f"{p.tone.label:+d}" if p.scored else ""
        lines.append(f"| {p.index} | {p.role} | {', '.join(p.present)} | {tone} | {_cell(evidence)} | {_cell(p.text)} |")
    return "\n".join(lines) + "\n"


def render_comparison(cmp: Comparison) -> str:
    """The comparison: key differences, the frame table with CIs, then the detail sections."""
    lines = ["# Comparison", "", f"- **A**: {_cell(story.title(cmp.a))}", f"- **B**: {_cell(story.title(cmp.b))}", "",
             "## Key differences", ""]
    lines += [f"- {_cell(s)}" for s in story.findings(cmp)]
    lines += ["", "## Frames", "", "Mean paragraph score (weighted hits per 100 words) with the 95% bootstrap CI of A − B.",
              "", "| dimension | A | B | A − B | 95% CI | p | present A / B | leans |", "|---|---:|---:|---:|---|---:|---:|---|"]
    for f in cmp.frames:
        d = f.score
        lines.append(f"| {f.dimension} | {d.a:.2f} | {d.b:.2f} | {d.difference:+.2f} | [{d.ci[0]:+.2f}, {d.ci[1]:+.2f}] | "
                     f"{story.pvalue(d.p_value)} | {f.share_a:.0%} / {f.share_b:.0%} | "
                     f"{d.leans.upper() if d.leans else 'no clear difference'} |")
    o = cmp.tone.overall
    lines.append(f"| **tone** | {o.a:+.2f} | {o.b:+.2f} | {o.difference:+.2f} | [{o.ci[0]:+.2f}, {o.ci[1]:+.2f}] | "
                 f"{story.pvalue(o.p_value)} | | {o.leans.upper() if o.leans else 'no clear difference'} |")
    for title, body in story.sections(cmp):
        lines += ["", f"## {title}", ""]
        lines += [f"- {_cell(s)}" for s in body]
    return "\n".join(lines) + "\n"
