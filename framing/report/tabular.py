"""One row per paragraph: the CSV output, and the rows behind ``Analysis.to_frame()``."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ..model import Analysis, Article, ParagraphScore


def paragraph_rows(a: Analysis) -> Iterator[dict[str, Any]]:
    """Rows of an analysis: article metadata, paragraph, each dimension's score and presence, tone."""
    return score_rows(a.article, a.dimensions, a.paragraphs)


def score_rows(art: Article, dimensions: Sequence[str], paragraphs: Iterable[ParagraphScore]) -> Iterator[dict[str, Any]]:
    """The rows of :func:`paragraph_rows` from an article's scored paragraphs alone (what a corpus run computes)."""
    for p in paragraphs:
        row: dict[str, Any] = {
            "article_id": art.id, "source": art.source, "title": art.title, "date": art.date, "path": art.path,
            "index": p.index, "role": p.role, "scored": p.scored, "line_start": p.paragraph.lines[0],
            "line_end": p.paragraph.lines[1], "n_tokens": p.n_tokens,
        }
        for d in dimensions:
            row[f"score_{d}"] = round(p.scores.get(d, 0.0), 4)
            row[f"present_{d}"] = d in p.present
        row.update({
            "primary": p.primary or "",
            "tone_label": p.tone.label,
            "tone_score": round(p.tone.score, 4),
            "tone_lexicon": round(p.tone.lexicon, 4),
            "tone_snownlp": "" if p.tone.snownlp is None else round(p.tone.snownlp, 4),
            "hits": "|".join(f"{h.dimension}:{h.term}" for h in p.hits),
            "tone_hits": "|".join(f"{h.value:+.2f}:{h.term}" for h in p.tone_hits),
            "text": p.text,
        })
        yield row


def render_csv(analyses: Iterable[Analysis]) -> Iterator[str]:
    """CSV text, streamed: a header from the first analysis, then one row per paragraph."""
    writer = None
    for a in analyses:
        for row in paragraph_rows(a):
            buf = io.StringIO()
            if writer is None:
                writer = csv.DictWriter(buf, fieldnames=list(row), lineterminator="\n")
                writer.writeheader()
            else:
                writer = csv.DictWriter(buf, fieldnames=writer.fieldnames, lineterminator="\n")
            writer.writerow(row)
            yield buf.getvalue()
