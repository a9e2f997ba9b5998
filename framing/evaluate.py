"""Agreement with hand coding, computed from the tool's own ``present`` and ``label`` fields.

Each gold paragraph (CODEBOOK.md's format) is scored by :func:`framing.analysis.score_paragraph`,
the very function ``framing analyze`` uses, with the coder's role; there is no second
scoring path. Metrics: per-dimension precision, recall, F1 and Cohen's kappa, micro and
macro F1, primary-dimension accuracy, tone accuracy, macro F1, kappa and confusion matrix,
and the paragraphs where tool and coder disagree most. Inter-coder agreement: Cohen's kappa
per dimension and Krippendorff's alpha (nominal) across two or more coders.

Examples
--------
>>> cohen_kappa([1, 1, 0, 0], [1, 0, 0, 0])
0.5
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError
from .model import ROLES, Paragraph

TONES = (-1, 0, 1)


# --------------------------------------------------------------------------- metrics


def prf(gold: Sequence[bool], pred: Sequence[bool]) -> tuple[float, float, float]:
    """Precision, recall and F1 of binary predictions (0.0 where undefined)."""
    tp = sum(1 for g, p in zip(gold, pred) if g and p)
    fp = sum(1 for g, p in zip(gold, pred) if p and not g)
    fn = sum(1 for g, p in zip(gold, pred) if g and not p)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Cohen's kappa of two codings of the same units (1.0 when both are constant and equal).

    >>> round(cohen_kappa(["y"] * 20 + ["n"] * 15 + ["y"] * 5 + ["n"] * 10,
    ...                   ["y"] * 20 + ["n"] * 15 + ["n"] * 5 + ["y"] * 10), 3)
    0.4
    """
    if len(a) != len(b):
        raise ValueError("the two codings must have the same length")
    n = len(a)
    if n == 0:
        return 0.0
    po = sum(1 for x, y in zip(a, b) if x == y) / n
    ca, cb = Counter(a), Counter(b)
    pe = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    if pe == 1.0:
        return 1.0 if po == 1.0 else 0.0
    return (po - pe) / (1 - pe)


def krippendorff_alpha(units: Sequence[Sequence[Hashable | None]]) -> float:
    """Krippendorff's alpha for nominal data; ``units[i]`` = the values coders gave unit i (None = missing).

    Uses the coincidence-matrix formulation (Krippendorff 2011); units with fewer than two
    values are not pairable and are ignored.

    >>> round(krippendorff_alpha([[1, 1], [2, 2], [3, 3], [1, 2]]), 3)
    0.667
    """
    coincid: Counter = Counter()
    for unit in units:
        vals = [v for v in unit if v is not None]
        m = len(vals)
        if m < 2:
            continue
        for i, x in enumerate(vals):
            for j, y in enumerate(vals):
                if i != j:
                    coincid[(x, y)] += 1 / (m - 1)
    n_c: Counter = Counter()
    for (x, _), w in coincid.items():
        n_c[x] += w
    n = sum(n_c.values())
    if n <= 1:
        return 0.0
    d_o = sum(w for (x, y), w in coincid.items() if x != y)
    d_e = sum(n_c[x] * n_c[y] for x in n_c for y in n_c if x != y) / (n - 1)
    if d_e == 0:
        return 1.0
    return 1 - d_o / d_e


def macro_f1(gold: Sequence[Hashable], pred: Sequence[Hashable], labels: Sequence[Hashable]) -> float:
    """Mean over ``labels`` of the one-vs-rest F1."""
    scores = [prf([g == k for g in gold], [p == k for p in pred])[2] for k in labels]
    return sum(scores) / len(scores) if scores else 0.0


# --------------------------------------------------------------------------- gold files


@dataclass(frozen=True, slots=True)
class GoldParagraph:
    id: str
    text: str
    role: str
    dims: tuple[str, ...]
    primary: str
    tone: int
    extra: dict[str, Any] = field(default_factory=dict)


def _parse_record(rec: dict[str, Any], where: str) -> GoldParagraph:
    try:
        text = rec["text"]
        pid = str(rec.get("id", where))
        role = rec.get("role", "body")
        dims = rec.get("dims", [])
        if isinstance(dims, str):
            dims = [d for d in dims.replace(";", ",").split(",") if d.strip()]
        tone = int(rec.get("tone", 0))
        primary = rec.get("primary") or "none"
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"{where}: not a gold record ({exc}); see CODEBOOK.md for the format") from None
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{where}: gold record has no text")
    if role not in ROLES:
        raise InputError(f"{where}: unknown role {role!r}; one of {', '.join(ROLES)}")
    if tone not in TONES:
        raise InputError(f"{where}: tone must be -1, 0 or 1, not {tone}")
    extra = {k: v for k, v in rec.items() if k not in {"id", "text", "role", "dims", "primary", "tone"}}
    return GoldParagraph(pid, text, role, tuple(d.strip() for d in dims), primary, tone, extra)


def read_gold(path: str | Path) -> tuple[GoldParagraph, ...]:
    """Read a gold file (JSON Lines or CSV) in CODEBOOK.md's format."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such gold file")
    out = []
    if p.suffix.lower() == ".csv":
        with p.open(encoding="utf-8-sig", newline="") as fh:
            for n, rec in enumerate(csv.DictReader(fh), 2):
                out.append(_parse_record(rec, f"{p}:{n}"))
    else:
        with p.open(encoding="utf-8-sig") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{p}:{n}: not JSON ({exc.msg})") from None
                out.append(_parse_record(rec, f"{p}:{n}"))
    if not out:
        raise InputError(f"{p}: no gold records")
    return tuple(out)


# --------------------------------------------------------------------------- evaluation


def predictions(gold: Sequence[GoldParagraph], cfg=None) -> Iterator[tuple[GoldParagraph, Any]]:
    """Score each gold paragraph with ``analysis.score_paragraph`` (the analyze path)."""
    from .analysis import score_paragraph, settings
    from .text import detect_script

    cfg = cfg or settings()
    for g in gold:
        para = Paragraph(0, g.role, g.text, (1, 1), ((0, len(g.text)),))
        yield g, score_paragraph(para, cfg, script=detect_script(g.text))


def evaluate(gold: Sequence[GoldParagraph], cfg=None, *, worst: int = 15) -> dict[str, Any]:
    """Agreement of the tool with the coders on ``gold`` (JSON-ready dict, see issue 5's contract)."""
    pairs = list(predictions(gold, cfg))
    dims = list(pairs[0][1].scores) if pairs else []
    scored = [(g, p) for g, p in pairs if p.scored]
    out_dims = {}
    f1s = []
    tp = fp = fn = 0
    for d in dims:
        gv = [d in g.dims for g, _ in scored]
        pv = [d in p.present for _, p in scored]
        pr, rc, f1 = prf(gv, pv)
        tp += sum(1 for a, b in zip(gv, pv) if a and b)
        fp += sum(1 for a, b in zip(gv, pv) if b and not a)
        fn += sum(1 for a, b in zip(gv, pv) if a and not b)
        out_dims[d] = {"precision": pr, "recall": rc, "f1": f1, "kappa": cohen_kappa(gv, pv),
                       "support": sum(gv), "predicted": sum(pv)}
        f1s.append(f1)
    micro_p = tp / (tp + fp) if tp + fp else 0.0
    micro_r = tp / (tp + fn) if tp + fn else 0.0
    micro = 2 * micro_p * micro_r / (micro_p + micro_r) if micro_p + micro_r else 0.0
    primary_ok = sum(1 for g, p in scored if (p.primary or "none") == (g.primary or "none"))
    gt = [g.tone for g, _ in scored]
    pt = [p.tone.label for _, p in scored]
    confusion = {str(a): {str(b): sum(1 for x, y in zip(gt, pt) if x == a and y == b) for b in TONES} for a in TONES}
    disagreements = []
    for g, p in scored:
        missed = sorted(set(g.dims) - set(p.present))
        extra = sorted(set(p.present) - set(g.dims))
        tone_gap = abs(g.tone - p.tone.label)
        cost = len(missed) + len(extra) + tone_gap
        if cost:
            disagreements.append({
                "id": g.id, "text": g.text, "cost": cost, "gold_dims": list(g.dims), "tool_dims": list(p.present),
                "missed": missed, "extra": extra, "gold_tone": g.tone, "tool_tone": p.tone.label,
                "tone_score": p.tone.score, "hits": [f"{h.dimension}:{h.term}" for h in p.hits],
                "tone_hits": [f"{h.value:+.2f}:{h.term}" for h in p.tone_hits],
            })
    disagreements.sort(key=lambda r: (-r["cost"], r["id"]))
    n = len(scored)
    return {
        "n": n,
        "n_unscored": len(pairs) - n,
        "dimensions": out_dims,
        "micro_f1": micro,
        "macro_f1": sum(f1s) / len(f1s) if f1s else 0.0,
        "primary_accuracy": primary_ok / n if n else 0.0,
        "tone": {
            "accuracy": sum(1 for a, b in zip(gt, pt) if a == b) / n if n else 0.0,
            "macro_f1": macro_f1(gt, pt, TONES),
            "kappa": cohen_kappa(gt, pt),
            "confusion": confusion,
        },
        "disagreements": disagreements[:worst],
    }
