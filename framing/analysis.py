"""``analyze(article) -> Analysis``: segment, tokenise and score every paragraph, then summarise.

Examples
--------
>>> from framing.io import article_from_text
>>> from framing.analysis import analyze
>>> a = analyze(article_from_text("美國擴大晶片出口管制\\n\\n美國商務部宣布擴大對華晶片出口管制，輝達股價應聲下跌。"))
>>> [p.role for p in a.paragraphs]
['headline', 'body']
>>> a.paragraphs[1].present
('geopolitics', 'markets')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .frames import score_frames
from .lexicon import LexiconSet, ToneRules, load_lexicons, load_tone, rule_file, tone_words
from .model import (
    Analysis,
    Article,
    FrameSummary,
    Paragraph,
    ParagraphScore,
    Summary,
    Tone,
)
from .readability import measure
from .text import check_backend, count_words, detect_script, normalize, tokenize, use_words
from .tone import score_tone

NO_TONE = Tone(None, 0.0, 0.0, 0)


@dataclass(frozen=True, slots=True)
class Settings:
    """What an analysis runs with: lexicons, tone rules and options (build once, reuse)."""

    lexicons: LexiconSet
    tone: ToneRules
    words: frozenset[str]
    use_snownlp: bool = True
    tokenizer: str = "jieba"  # or "rjieba" (text.BACKENDS)


def settings(lexicon_dir: str | Path | None = None, *, dimensions: Sequence[str] | None = None,
             use_snownlp: bool = True, tokenizer: str = "jieba") -> Settings:
    """Load lexicons and rules once for many analyses (``tokenizer``: "jieba" or "rjieba")."""
    from .claims import load_claim_rules, load_naming

    check_backend(tokenizer)

    lex = load_lexicons(lexicon_dir, dimensions=dimensions)
    tone = load_tone(lexicon_dir)
    claims = load_claim_rules(rule_file("claims", lexicon_dir))
    naming = load_naming(rule_file("naming", lexicon_dir))
    # every rule file's words go into the tokenizer's dictionary (a term jieba cut in two would never
    # match); the cuts depend only on this set, so both sides of a comparison are tokenised alike
    words = use_words(lex.words() | tone_words(tone) | {w for w in claims.words if len(w) > 1}
                      | frozenset(naming.variants), backend=tokenizer)
    return Settings(lex, tone, words, use_snownlp, tokenizer)


def score_paragraph(paragraph: Paragraph, cfg: Settings, *, script: str, readability: bool = True) -> ParagraphScore:
    """Score one paragraph; captions and boilerplate are kept but not scored.

    ``readability=False`` leaves ``readability`` empty (a corpus run, whose rows do not carry it).
    """
    text = paragraph.text
    norm = normalize(text)
    tokens = tokenize(text, words=cfg.words, backend=cfg.tokenizer, norm=norm)
    figures = measure(text, tokens, script=script) if readability else {}
    dims = cfg.lexicons.dimensions
    if paragraph.role not in ("headline", "standfirst", "subheading", "body"):
        n = count_words(tokens)
        return ParagraphScore(paragraph, n, {d: 0.0 for d in dims}, (), None, NO_TONE, (), (), figures, tokens)
    fs = score_frames(tokens, text, norm, cfg.lexicons, cfg.tone)
    tone, tone_hits = score_tone(tokens, text, norm, cfg.tone, use_snownlp=cfg.use_snownlp)
    return ParagraphScore(paragraph, fs.n_tokens, fs.scores, fs.present, fs.primary, tone, fs.hits,
                          tone_hits, figures, tokens)


def score_article(article: Article, cfg: Settings, *, readability: bool = True) -> tuple[str, tuple[ParagraphScore, ...]]:
    """The article's script and every paragraph segmented and scored: the per-paragraph half of :func:`analyze`.

    A corpus run needs only this (its rows carry frames and tone, not the article's figures, voices,
    naming or readability), so it does not pay for the rest.
    """
    from .segment import segment

    paragraphs = segment(article.text, line_offset=article.line_offset, title=article.title)
    script = detect_script(article.text)
    return script, tuple(score_paragraph(p, cfg, script=script, readability=readability) for p in paragraphs)


def summarize(paragraphs: Sequence[ParagraphScore], dimensions: Sequence[str], *, script: str) -> Summary:
    """Frame profile, tone overall and by dimension, readability over the scored paragraphs."""
    scored = [p for p in paragraphs if p.scored]
    n = len(scored)
    weight = {d: sum(h.weight for p in scored for h in p.hits if h.dimension == d) for d in dimensions}
    all_weight = sum(weight.values())
    frames = {
        d: FrameSummary(
            share=weight[d] / all_weight if all_weight else 0.0,
            present_in=sum(1 for p in scored if d in p.present),
            mean_score=sum(p.scores.get(d, 0.0) for p in scored) / n if n else 0.0,
        )
        for d in dimensions
    }
    tone_mean = sum(p.tone.score for p in scored) / n if n else 0.0
    by_dim = {}
    for d in dimensions:
        framed = [p.tone.score for p in scored if d in p.present]
        if framed:
            by_dim[d] = sum(framed) / len(framed)
    return Summary(frames, tone_mean, by_dim, n, _pool_readability(scored))


def _pool_readability(scored: Sequence[ParagraphScore]) -> dict[str, float]:
    """Article readability from its paragraphs': per-sentence figures weighted by sentences, shares by words."""
    sentences = sum(p.readability.get("sentences", 0.0) for p in scored)
    words = sum(p.n_tokens for p in scored)
    if not sentences:
        return {}
    out = {"sentences": sentences}
    for key in scored[0].readability:
        if key == "sentences":
            continue
        if key.endswith("_per_sentence"):
            out[key] = sum(p.readability.get(key, 0.0) * p.readability.get("sentences", 0.0) for p in scored) / sentences
        else:
            out[key] = sum(p.readability.get(key, 0.0) * p.n_tokens for p in scored) / words if words else 0.0
    return out


def analyze(article: Article, cfg: Settings | None = None, *, lexicon_dir: str | Path | None = None,
            dimensions: Sequence[str] | None = None) -> Analysis:
    """Analyse one article: every paragraph with its role, frames, tone and evidence.

    Parameters
    ----------
    article : Article
        From :mod:`framing.io` (``read_path``, ``article_from_text``).
    cfg : Settings, optional
        Pre-loaded lexicons and rules (see :func:`settings`); built from ``lexicon_dir`` and
        ``dimensions`` when omitted.
    """
    from .claims import extract_figures, extract_voices, naming_convention

    if cfg is None:
        cfg = settings(lexicon_dir, dimensions=dimensions)
    use_words(cfg.words, backend=cfg.tokenizer)  # claims tokenise with the same vocabulary as the scorers
    script, scores = score_article(article, cfg)
    dims = cfg.lexicons.dimensions
    scored_text = [(p.index, p.text) for p in scores if p.scored]
    tokens = {p.index: p.tokens for p in scores if p.scored}  # the claims readers reuse the scorers' cuts
    provenance = {
        "tool": f"framing {__version__}",
        "input_sha256": article.sha256,
        "lexicons_sha256": cfg.lexicons.sha256,
    }
    return Analysis(
        article=article,
        script=script,
        dimensions=dims,
        paragraphs=scores,
        summary=summarize(scores, dims, script=script),
        figures=extract_figures(scored_text, tokens=tokens),
        voices=extract_voices(scored_text, tokens=tokens),
        naming=naming_convention([t for _, t in scored_text], script=script, tokens=list(tokens.values())),
        provenance=provenance,
    )
