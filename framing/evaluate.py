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


def _parse_record(rec: Any, where: str) -> GoldParagraph:
    if not isinstance(rec, dict):
        raise InputError(f"{where}: not a gold record (a JSON object per line); see CODEBOOK.md for the format")
    text = rec.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{where}: gold record has no text")
    pid = str(rec.get("id", where))
    role = rec.get("role", "body")
    if role not in ROLES:
        raise InputError(f"{where}: unknown role {role!r}; one of {', '.join(ROLES)}")
    dims = rec.get("dims", [])
    if isinstance(dims, str):  # CSV: "markets;geopolitics"
        dims = [d for d in dims.replace(";", ",").split(",") if d.strip()]
    if not isinstance(dims, list) or not all(isinstance(d, str) for d in dims):
        raise InputError(f"{where}: dims must be a list of dimension names, not {dims!r}")
    dims = [d.strip() for d in dims]
    raw_tone = rec.get("tone", 0)
    try:
        tone = int(raw_tone)
    except (TypeError, ValueError):
        raise InputError(f"{where}: tone must be -1, 0 or 1, not {raw_tone!r}") from None
    if tone not in TONES or (isinstance(raw_tone, float) and raw_tone != tone) or isinstance(raw_tone, bool):
        raise InputError(f"{where}: tone must be -1, 0 or 1, not {raw_tone!r}")
    primary = rec.get("primary") or "none"
    if primary != "none" and primary not in dims:
        raise InputError(f"{where}: primary {primary!r} is not among dims {dims}; use one of them or \"none\"")
    if primary == "none" and dims and "primary" in rec:
        raise InputError(f"{where}: primary is \"none\" but dims is {dims}; name the dominant one")
    extra = {k: v for k, v in rec.items() if k not in {"id", "text", "role", "dims", "primary", "tone"}}
    return GoldParagraph(pid, text, role, tuple(dims), primary, tone, extra)


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
    seen: dict[str, int] = {}
    for n, g in enumerate(out, 1):
        if g.id in seen:
            raise InputError(f"{p}: id {g.id!r} is given twice (records {seen[g.id]} and {n}); ids must be unique")
        seen[g.id] = n
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


# --------------------------------------------------------------------------- inter-coder agreement


def _coder_names(codings: Sequence[Sequence[GoldParagraph]], names: Sequence[str] | None) -> list[str]:
    """``names`` if given, else each file's own ``coder`` field when it is one value, else coder1, coder2..."""
    out = []
    for i, coding in enumerate(codings):
        if names is not None:
            name = str(names[i])
        else:
            tags = {str(g.extra.get("coder", "")) for g in coding}
            name = tags.pop() if len(tags) == 1 and "" not in tags else f"coder{i + 1}"
        out.append(name)
    seen: Counter = Counter(out)
    if len(seen) < len(out):  # two files claim the same coder: keep them apart
        out = [f"{n}#{i + 1}" if seen[n] > 1 else n for i, n in enumerate(out)]
    return out


def _agreement(columns: Sequence[Sequence[Hashable]], names: Sequence[str]) -> dict[str, Any]:
    """Kappa, alpha and percent agreement of k codings (``columns[c][u]``) of the same units."""
    k = len(columns)
    n = len(columns[0]) if columns else 0
    pairs = {}
    for i in range(k):
        for j in range(i + 1, k):
            a, b = columns[i], columns[j]
            pairs[f"{names[i]}~{names[j]}"] = {
                "kappa": cohen_kappa(a, b),
                "agreement": sum(1 for x, y in zip(a, b) if x == y) / n if n else 0.0,
            }
    kappas = [p["kappa"] for p in pairs.values()]
    units = [[col[u] for col in columns] for u in range(n)]
    return {
        # Cohen's kappa for two coders; for more, the mean over pairs (Light's kappa)
        "kappa": sum(kappas) / len(kappas) if kappas else 0.0,
        "alpha": krippendorff_alpha(units),
        # share of units on which every coder gave the same value
        "agreement": sum(1 for vals in units if len(set(vals)) == 1) / n if n else 0.0,
        "pairwise": pairs,
    }


def intercoder(codings: Sequence[Sequence[GoldParagraph]], *, names: Sequence[str] | None = None,
               dimensions: Sequence[str] | None = None, worst: int = 15) -> dict[str, Any]:
    """Agreement between two or more hand codings of the same paragraphs (matched by ``id``).

    Only the paragraphs every coding holds are compared (``only_in_some`` lists the rest, per
    coder), and of those only the ones some coder gave a scored role (headline, standfirst,
    subheading, body): captions and boilerplate carry no frames. For each dimension
    (present/absent), for tone (-1/0/+1) and for the primary dimension: Cohen's kappa (two
    coders; the mean over coder pairs for more), Krippendorff's alpha (nominal, all coders) and
    percent agreement, plus the paragraphs on which the coders differ most. ``dimensions``
    fixes the dimensions compared; by default, every dimension any coder used. Raises
    :class:`InputError` for fewer than two codings, an id given twice in one coding, or no
    shared paragraph.

    >>> a = [GoldParagraph("p1", "股價大跌", "body", ("markets",), "markets", -1),
    ...      GoldParagraph("p2", "開源模型", "body", ("open_source",), "open_source", 1)]
    >>> b = [GoldParagraph("p1", "股價大跌", "body", ("markets",), "markets", -1),
    ...      GoldParagraph("p2", "開源模型", "body", (), "none", 0)]
    >>> r = intercoder([a, b], names=["A", "B"])
    >>> r["n"], r["dimensions"]["markets"]["agreement"], r["dimensions"]["open_source"]["agreement"]
    (2, 1.0, 0.5)
    """
    from .model import SCORED_ROLES

    if len(codings) < 2:
        raise InputError("inter-coder agreement needs at least two codings")
    if names is not None and len(names) != len(codings):
        raise ValueError("one name per coding")
    who = _coder_names(codings, names)
    by_id: list[dict[str, GoldParagraph]] = []
    for name, coding in zip(who, codings):
        index: dict[str, GoldParagraph] = {}
        for g in coding:
            if g.id in index:
                raise InputError(f"{name}: paragraph id {g.id!r} is coded twice")
            index[g.id] = g
        by_id.append(index)
    shared_ids = [g.id for g in codings[0] if all(g.id in idx for idx in by_id[1:])]
    shared_set = set(shared_ids)
    only_in_some = {name: sorted(set(idx) - shared_set) for name, idx in zip(who, by_id)}
    only_in_some = {name: ids for name, ids in only_in_some.items() if ids}
    if not shared_ids:
        raise InputError("the codings share no paragraph id")
    units = [[idx[pid] for idx in by_id] for pid in shared_ids]
    scored = [u for u in units if any(g.role in SCORED_ROLES for g in u)]
    dims = list(dimensions) if dimensions is not None else sorted({d for u in scored for g in u for d in g.dims})

    out_dims = {}
    for d in dims:
        cols = [[d in u[c].dims for u in scored] for c in range(len(who))]
        m = _agreement(cols, who)
        m["present"] = {name: sum(col) for name, col in zip(who, cols)}
        out_dims[d] = m
    tone = _agreement([[u[c].tone for u in scored] for c in range(len(who))], who)
    if len(who) == 2:
        tone["confusion"] = {str(a): {str(b): sum(1 for u in scored if u[0].tone == a and u[1].tone == b)
                                      for b in TONES} for a in TONES}
    primary = _agreement([[u[c].primary or "none" for u in scored] for c in range(len(who))], who)

    disagreements = []
    for u in scored:
        split = [d for d in dims if len({d in g.dims for g in u}) > 1]
        tones = [g.tone for g in u]
        cost = len(split) + max(tones) - min(tones)
        primaries = {g.primary or "none" for g in u}
        if cost or len(primaries) > 1:
            disagreements.append({
                "id": u[0].id, "text": u[0].text, "cost": cost, "dims_split": split,
                "coders": {name: {"dims": list(g.dims), "primary": g.primary or "none", "tone": g.tone, "role": g.role}
                           for name, g in zip(who, u)},
            })
    disagreements.sort(key=lambda r: (-r["cost"], r["id"]))
    n = len(scored)
    return {
        "coders": who,
        "n": n,
        "n_unscored": len(units) - n,
        "only_in_some": only_in_some,
        "dimensions": out_dims,
        "mean_kappa": sum(m["kappa"] for m in out_dims.values()) / len(out_dims) if out_dims else 0.0,
        "mean_alpha": sum(m["alpha"] for m in out_dims.values()) / len(out_dims) if out_dims else 0.0,
        "tone": tone,
        "primary": primary,
        "disagreements": disagreements[:worst],
    }


# --------------------------------------------------------------------------- lexicon suggestion
#
# Candidate new terms for a dimension, from the tool's own analyses of a corpus: each scored
# paragraph is labelled by whether the dimension is present (the same ``present`` field
# ``framing analyze`` reports), and each candidate word is ranked by how much more the
# "present" paragraphs use it: the log-odds ratio with an informative Dirichlet prior,
# divided by its standard deviation (a z-score; Monroe, Colaresi & Quinn 2008, "Fightin'
# Words", section 3.5).


def _suggest_candidate(norm: str, stop: frozenset[str], known: frozenset[str]) -> bool:
    """A content word that is not a stop word, a number, a one-character word or a lexicon term."""
    from .text import is_cjk, is_word

    if not is_word(norm) or norm in stop or norm in known or len(norm) < 2:
        return False
    if all(ch.isnumeric() or ch in ".,:/%+-~" for ch in norm):
        return False
    return any(is_cjk(ch) or ch.isalpha() for ch in norm)


def _identity(tokens: list[str]) -> list[str]:
    """The analyzer of CountVectorizer: the tokens are already cut and filtered."""
    return tokens


def suggest_terms(corpus, dimension: str, cfg=None, *, top: int = 20, min_count: int = 3, prior: float = 100.0,
                  context: int = 12, n_examples: int = 3) -> list[dict[str, Any]]:
    """Candidate new terms for ``dimension``, ranked by association with the paragraphs it is present in.

    Parameters
    ----------
    corpus : iterable of Article or Analysis
        Articles are analysed with ``cfg`` (``analysis.analyze``); analyses are used as they are.
    dimension : str
        A dimension of ``cfg``'s lexicons (:class:`~framing.errors.UsageError` otherwise).
    cfg : analysis.Settings, optional
        Lexicons and rules (default: the shipped ones).
    top : int
        How many candidates to return.
    min_count : int
        A candidate must occur at least this often in paragraphs where the dimension is present.
    prior : float
        Size of the informative Dirichlet prior (pseudo-counts), spread over the vocabulary in
        proportion to each word's frequency in the whole corpus: larger values shrink rare
        words' log-odds harder toward zero.
    context, n_examples : int
        Characters each side of an example and how many examples (from different paragraphs
        where the dimension is present, in corpus order).

    Returns
    -------
    list of dict
        ``{"term", "score", "count", "examples"}``: the most frequent written form, the z-score
        of the log-odds ratio (present vs other scored paragraphs), the occurrences in present
        paragraphs, and examples ``{"article", "paragraph", "left", "match", "right"}``. Sorted by
        score descending, then term; only positive scores. Candidates are content words (no
        stop word of ``keyness.toml``, number, single character or punctuation) that are not a
        term of any dimension lexicon in ``cfg``'s directory (compared on analysis form) and do
        not lie inside a hit.

    Examples
    --------
    >>> from framing.io import article_from_text
    >>> text = "\\n\\n".join(["網信辦要求平台刪帖，博主帳號遭到處罰。"] * 4 + ["晶片股價上漲，投資者歡迎財報。"] * 4)
    >>> [s["term"] for s in suggest_terms([article_from_text(text)], "censorship", min_count=2)][:2]
    ['博主', '帳號']
    """
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer

    from .analysis import analyze, settings
    from .compare import load_keyness
    from .lexicon import load_lexicons
    from .model import Analysis

    cfg = cfg or settings()
    cfg.lexicons[dimension]  # an unknown dimension is a UsageError naming the known ones
    if top < 1 or min_count < 1 or prior <= 0 or context < 0 or n_examples < 0:
        raise ValueError("top and min_count must be >= 1, prior > 0, context and n_examples >= 0")
    stop = load_keyness(cfg.lexicons.directory).stopwords
    known = load_lexicons(cfg.lexicons.directory).words()
    docs: list[list[str]] = []
    labels: list[bool] = []
    surfaces: dict[str, Counter] = {}
    examples: dict[str, list[dict[str, Any]]] = {}
    for item in corpus:
        a = item if isinstance(item, Analysis) else analyze(item, cfg)
        for p in a.scored:
            present = dimension in p.present
            spans = [(h.start, h.end) for h in p.hits]
            words = []
            for t in p.tokens:
                if not _suggest_candidate(t.norm, stop, known):
                    continue
                if any(s < t.end and t.start < e for s, e in spans):
                    continue
                words.append(t.norm)
                if present:
                    surfaces.setdefault(t.norm, Counter())[t.text] += 1
                    ex = examples.setdefault(t.norm, [])
                    if len(ex) < n_examples and all(x["paragraph"] != p.index or x["article"] != a.article.id for x in ex):
                        left = p.text[max(0, t.start - context) : t.start]
                        right = p.text[t.end : t.end + context]
                        ex.append({"article": a.article.id, "paragraph": p.index, "left": " ".join(left.split()),
                                   "match": t.text, "right": " ".join(right.split())})
            docs.append(words)
            labels.append(present)
    if not any(labels) or not any(docs):
        return []
    vec = CountVectorizer(analyzer=_identity)
    counts = vec.fit_transform(docs)
    vocab = vec.get_feature_names_out()
    y = np.asarray(labels, dtype=bool)
    ci = np.asarray(counts[y].sum(axis=0), dtype=float).ravel()
    cj = np.asarray(counts[~y].sum(axis=0), dtype=float).ravel()
    total = ci + cj
    alpha = prior * total / total.sum()
    ni, nj = ci.sum(), cj.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = (np.log((ci + alpha) / (ni + prior - ci - alpha))
                 - np.log((cj + alpha) / (nj + prior - cj - alpha)))
        z = delta / np.sqrt(1.0 / (ci + alpha) + 1.0 / (cj + alpha))
    out = []
    for k in np.flatnonzero((ci >= min_count) & np.isfinite(z) & (z > 0)):
        key = str(vocab[k])
        written = min(surfaces[key].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        out.append({"term": written, "score": float(z[k]), "count": int(ci[k]), "examples": examples[key]})
    out.sort(key=lambda r: (-r["score"], r["term"]))
    return out[:top]
