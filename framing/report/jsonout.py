"""JSON renderings of ``Analysis`` and ``Comparison`` (DESIGN.md's stable contracts).

Floats are rounded to 4 decimals here, at rendering time; keys keep a stable order, so two
runs give byte-identical output.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from ..model import Analysis, Comparison, Difference, Figure, Naming, ParagraphScore, Voice

ANALYSIS_SCHEMA = "framing.analysis/1"
COMPARISON_SCHEMA = "framing.comparison/1"
DIGITS = 4


def _r(x: float | None) -> float | None:
    return None if x is None else round(float(x), DIGITS) + 0.0


def paragraph_dict(p: ParagraphScore) -> dict[str, Any]:
    """One paragraph as in the analysis contract."""
    return {
        "index": p.index,
        "role": p.role,
        "text": p.text,
        "lines": list(p.paragraph.lines),
        "n_tokens": p.n_tokens,
        "scores": {d: _r(v) for d, v in p.scores.items()},
        "present": list(p.present),
        "primary": p.primary,
        "tone": {"snownlp": _r(p.tone.snownlp), "lexicon": _r(p.tone.lexicon), "score": _r(p.tone.score),
                 "label": p.tone.label},
        "hits": [
            {"term": h.term, "dimension": h.dimension, "start": h.start, "end": h.end, "weight": _r(h.weight),
             "negated": h.negated, "entry": h.entry}
            for h in p.hits
        ],
        "tone_hits": [
            {"term": h.term, "polarity": h.polarity, "start": h.start, "end": h.end, "negated": h.negated,
             "weight": _r(h.weight), "value": _r(h.value), "rules": list(h.rules)}
            for h in p.tone_hits
        ],
        "readability": {k: _r(v) for k, v in p.readability.items()},
        "reason": p.paragraph.reason,
    }


def figure_dict(f: Figure) -> dict[str, Any]:
    return {"text": f.text, "value": _r(f.value) if abs(f.value) < 1e6 else f.value, "unit": f.unit, "kind": f.kind,
            "qualifier": f.qualifier, "high": f.high, "paragraph": f.paragraph, "start": f.start, "end": f.end,
            "about": f.about}


def voice_dict(v: Voice) -> dict[str, Any]:
    return {"name": v.name, "kind": v.kind, "paragraphs": list(v.paragraphs), "verbs": list(v.verbs)}


def naming_dict(n: Naming) -> dict[str, Any]:
    return {"convention": n.convention, "evidence": list(n.evidence), "counts": dict(n.counts)}


def analysis_dict(a: Analysis) -> dict[str, Any]:
    """An analysis as the ``framing.analysis/1`` contract."""
    art = a.article
    s = a.summary
    return {
        "schema": ANALYSIS_SCHEMA,
        "article": {"id": art.id, "path": art.path, "source": art.source, "title": art.title, "date": art.date,
                    "url": art.url, "script": a.script, "n_chars": a.n_chars, "encoding": art.encoding},
        "dimensions": list(a.dimensions),
        "paragraphs": [paragraph_dict(p) for p in a.paragraphs],
        "summary": {
            "frames": {d: {"share": _r(f.share), "present_in": f.present_in, "mean_score": _r(f.mean_score)}
                       for d, f in s.frames.items()},
            "tone": {"mean": _r(s.tone_mean), "by_dimension": {d: _r(v) for d, v in s.tone_by_dimension.items()}},
            "n_scored": s.n_scored,
            "readability": {k: _r(v) for k, v in s.readability.items()},
        },
        "figures": [figure_dict(f) for f in a.figures],
        "voices": [voice_dict(v) for v in a.voices],
        "naming": naming_dict(a.naming),
        "provenance": dict(a.provenance),
    }


def _diff(d: Difference) -> dict[str, Any]:
    return {"a": _r(d.a), "b": _r(d.b), "difference": _r(d.difference), "ci": [_r(d.ci[0]), _r(d.ci[1])],
            "p_value": _r(d.p_value), "leans": d.leans}


def comparison_dict(c: Comparison) -> dict[str, Any]:
    """A comparison as the ``framing.comparison/1`` contract."""

    def side_figure(f: Figure | None) -> dict[str, Any] | None:
        if f is None:
            return None
        return {"text": f.text, "value": f.value, "unit": f.unit, "qualifier": f.qualifier, "paragraph": f.paragraph}

    return {
        "schema": COMPARISON_SCHEMA,
        "a": analysis_dict(c.a),
        "b": analysis_dict(c.b),
        "frames": [
            {"dimension": f.dimension, **_diff(f.score), "share_a": _r(f.share_a), "share_b": _r(f.share_b),
             "headline_a": list(f.headline_a), "headline_b": list(f.headline_b)}
            for f in c.frames
        ],
        "tone": {**_diff(c.tone.overall),
                 "by_dimension": [{"dimension": d, **_diff(v)} for d, v in c.tone.by_dimension.items()],
                 "disagreements": [{"side": s, "paragraph": i, "snownlp": _r(sn), "lexicon": _r(lx)}
                                   for s, i, sn, lx in c.tone.disagreements]},
        "keyness": {
            "a": [{"term": k.term, "a": k.a, "b": k.b, "g2": _r(k.g2), "p_value": _r(k.p_value)} for k in c.keyness.a],
            "b": [{"term": k.term, "a": k.a, "b": k.b, "g2": _r(k.g2), "p_value": _r(k.p_value)} for k in c.keyness.b],
            "note": c.keyness.note,
        },
        "coverage": {
            "aligned": [{"a": p.a, "b": p.b, "similarity": _r(p.similarity)} for p in c.coverage.aligned],
            "only_a": list(c.coverage.only_a),
            "only_b": list(c.coverage.only_b),
            "floor": _r(c.coverage.floor),
            "only_a_frames": {d: list(v) for d, v in c.coverage.only_a_frames.items()},
            "only_b_frames": {d: list(v) for d, v in c.coverage.only_b_frames.items()},
        },
        "numbers": [{"about": n.about, "a": side_figure(n.a), "b": side_figure(n.b), "agree": n.agree, "note": n.note}
                    for n in c.numbers],
        "voices": {"a": [voice_dict(v) for v in c.voices_a], "b": [voice_dict(v) for v in c.voices_b]},
        "naming": {"a": naming_dict(c.naming_a), "b": naming_dict(c.naming_b)},
        "settings": dict(c.settings),
    }


def dumps(obj: Any) -> str:
    """Stable, human-readable JSON (CJK kept as is)."""
    return json.dumps(obj, ensure_ascii=False, indent=2)


def render_analyses(analyses: Iterable[Analysis]) -> Iterator[str]:
    """``framing analyze --format json``: a list, ``[]`` when empty, streamed one analysis at a time.

    The chunks join to exactly ``dumps([analysis_dict(a) for a in analyses])`` (JSON strings hold no raw
    newline, so indenting every line of an element by two spaces is what ``indent=2`` does), without
    holding a dataset's analyses in memory.
    """
    first = True
    for a in analyses:
        body = dumps(analysis_dict(a))
        yield ("[\n" if first else ",\n") + "\n".join("  " + line for line in body.split("\n"))
        first = False
    yield "[]" if first else "\n]"


def render_jsonl(analyses: Iterable[Analysis]) -> Iterable[str]:
    """One compact JSON object per line."""
    for a in analyses:
        yield json.dumps(analysis_dict(a), ensure_ascii=False)
