"""Plain-language sentences about a comparison, shared by every renderer (terminal, Markdown, HTML).

It words what ``compare`` found; it computes no statistic. A difference is called only when
its confidence interval excludes zero (``leans``); otherwise it says "no clear difference".
"""

from __future__ import annotations

import re

from ..model import Analysis, Comparison, FigurePair, Voice

#: C0/C1 control characters other than newline and tab (ESC sequences could retitle or clear a terminal)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Article text made safe for a terminal or a Markdown file: control characters shown as U+FFFD-free escapes."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


KIND = {"person": "person", "organisation": "organisation", "media": "medium", "anonymous": "anonymous source"}


def title(a: Analysis) -> str:
    """A one-line name for an article: title, source, and id."""
    t = a.article.title or next((p.text for p in a.paragraphs if p.role == "headline"), "") or a.article.id
    src = a.article.source or a.article.id
    return f"{t} ({src})" if src and src != t else t


def pvalue(p: float) -> str:
    return "<0.001" if p < 0.001 else f"{p:.3f}"


def side(cmp: Comparison, s: str) -> str:
    return "A" if s == "a" else "B"


def findings(cmp: Comparison) -> list[str]:
    """The key differences, most important first, each a sentence."""
    out = []
    for f in sorted(cmp.frames, key=lambda f: -abs(f.score.difference)):
        d = f.score
        if d.leans:
            more, less = ("A", "B") if d.leans == "a" else ("B", "A")
            hi, lo = (d.a, d.b) if d.leans == "a" else (d.b, d.a)
            out.append(
                f"{more} leans on the {f.dimension} frame more than {less} ({hi:.2f} vs {lo:.2f} weighted hits per "
                f"100 words; difference 95% CI [{d.ci[0]:+.2f}, {d.ci[1]:+.2f}], p {pvalue(d.p_value)})."
            )
    clear = {f.dimension for f in cmp.frames if f.score.leans}
    unclear = [f.dimension for f in cmp.frames if f.dimension not in clear and (f.score.a or f.score.b)]
    if unclear:
        out.append(f"No clear difference on {', '.join(unclear)} (the 95% CIs include zero).")
    o = cmp.tone.overall
    if o.leans:
        neg = "B" if o.leans == "a" else "A"
        out.append(f"{neg} is more negative in tone ({o.a:+.2f} vs {o.b:+.2f}; CI [{o.ci[0]:+.2f}, {o.ci[1]:+.2f}]).")
    else:
        out.append(f"No clear difference in tone ({o.a:+.2f} vs {o.b:+.2f}; CI [{o.ci[0]:+.2f}, {o.ci[1]:+.2f}]).")
    for d, idx in cmp.coverage.only_a_frames.items():
        if idx and not cmp.coverage.only_b_frames.get(d):
            out.append(f"B leaves out the {d} angle that A covers ({_paras('A', idx)} no counterpart in B).")
    for d, idx in cmp.coverage.only_b_frames.items():
        if idx and not cmp.coverage.only_a_frames.get(d):
            out.append(f"A leaves out the {d} angle that B covers ({_paras('B', idx)} no counterpart in A).")
    shared = [n for n in cmp.numbers if n.a is not None and n.b is not None]
    if shared:
        bad = [n for n in shared if n.agree is False]
        out.append(f"{len(shared)} figures appear on both sides; {len(shared) - len(bad)} agree"
                   + (f", {len(bad)} do not ({'; '.join(_pair(n) for n in bad[:3])})." if bad else "."))
    na, nb = cmp.naming_a.convention, cmp.naming_b.convention
    if na != nb:
        out.append(f"Naming: A follows {na} usage ({_words(cmp.naming_a.evidence)}), B {nb} usage "
                   f"({_words(cmp.naming_b.evidence)}).")
    only_a = _only(cmp.voices_a, cmp.voices_b)
    only_b = _only(cmp.voices_b, cmp.voices_a)
    if only_a or only_b:
        out.append(f"Voices only A quotes: {_names(only_a)}; only B: {_names(only_b)}.")
    return out


def _paras(side: str, idx) -> str:
    """'A paragraph 40 has' / 'A paragraphs 6, 7 have'."""
    return f"{side} paragraph {idx[0]} has" if len(idx) == 1 else f"{side} paragraphs {_list(idx)} have"


def _list(idx) -> str:
    return ", ".join(str(i) for i in idx)


def _words(ws) -> str:
    return "、".join(ws[:4]) if ws else "no marked words"


def _figure(about: str, f) -> str:
    """A figure with what it measures, when that was found ("股價 16.86% (¶4)", else "16.86% (¶4)")."""
    return f"{about} {f.text} (¶{f.paragraph})" if about else f"{f.text} (¶{f.paragraph})"


def _pair(n: FigurePair) -> str:
    return f"{n.about}: {n.a.text if n.a else '—'} vs {n.b.text if n.b else '—'}"


def _key(v: Voice) -> str:
    from ..text import normalize

    return normalize(v.name)


def _only(mine, theirs) -> list[Voice]:
    other = {_key(v) for v in theirs}
    return [v for v in mine if _key(v) not in other]


def _names(vs) -> str:
    return "、".join(v.name for v in vs[:6]) + ("…" if len(vs) > 6 else "") if vs else "none"


def sections(cmp: Comparison) -> list[tuple[str, list[str]]]:
    """The detail sections after the summary: headline, figures, voices, omissions, naming, keyness."""
    out = []
    heads = []
    ha = sorted({d for f in cmp.frames for d in f.headline_a})
    hb = sorted({d for f in cmp.frames for d in f.headline_b})
    heads.append(f"A's headline and standfirst frame: {', '.join(ha) or 'none'}")
    heads.append(f"B's headline and standfirst frame: {', '.join(hb) or 'none'}")
    out.append(("What the reader sees first", heads))
    figs = []
    for n in cmp.numbers:
        if n.a is not None and n.b is not None:
            verdict = "agree" if n.agree else "DISAGREE"
            figs.append(f"{n.about}: A {n.a.text} (¶{n.a.paragraph}) vs B {n.b.text} (¶{n.b.paragraph}) — {verdict}"
                        + (f" ({n.note})" if n.note else ""))
    only = [n for n in cmp.numbers if (n.a is None) != (n.b is None)]
    if only:
        figs.append("Only A: " + ("; ".join(_figure(n.about, n.a) for n in only if n.a) or "none"))
        figs.append("Only B: " + ("; ".join(_figure(n.about, n.b) for n in only if n.b) or "none"))
    out.append(("Figures", figs or ["No figures found."]))
    voices = []
    for label, vs in (("A", cmp.voices_a), ("B", cmp.voices_b)):
        if vs:
            voices.append(f"{label}: " + "; ".join(
                f"{v.name} ({KIND.get(v.kind, v.kind)}, ¶{_list(v.paragraphs)})" for v in vs))
        else:
            voices.append(f"{label}: nobody quoted")
    out.append(("Voices", voices))
    cov = cmp.coverage
    omissions = [f"{len(cov.aligned)} paragraph pairs cover the same ground (similarity ≥ {cov.floor:.2f})."]
    for label, idx, frames in (("A", cov.only_a, cov.only_a_frames), ("B", cov.only_b, cov.only_b_frames)):
        framed = "; ".join(f"{d}: ¶{_list(v)}" for d, v in frames.items() if v)
        omissions.append(f"Only in {label}: ¶{_list(idx) or 'none'}" + (f" — framed {framed}" if framed else ""))
    out.append(("Coverage and omissions", omissions))
    out.append(("Naming convention", [
        f"A: {cmp.naming_a.convention} ({_words(cmp.naming_a.evidence)})",
        f"B: {cmp.naming_b.convention} ({_words(cmp.naming_b.evidence)})",
    ]))
    keys = []
    for label, terms in (("A", cmp.keyness.a), ("B", cmp.keyness.b)):
        keys.append(f"{label} over-uses: " + ("、".join(f"{k.term} ({k.a}:{k.b}, G² {k.g2:.1f})" for k in terms[:10])
                                              or "no term significantly"))
    if cmp.keyness.note:
        keys.append(cmp.keyness.note)
    out.append(("Distinctive words (G², p < 0.05)", keys))
    dis = cmp.tone.disagreements
    if dis:
        out.append(("Where snownlp and the tone lexicon disagree", [
            f"{s.upper()} ¶{i}: lexicon {lx:+.2f}, snownlp {sn:+.2f}" for s, i, sn, lx in dis[:8]]))
    return out
