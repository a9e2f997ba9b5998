"""The data model: frozen dataclasses that every stage returns and every renderer reads.

Nothing here imports the rest of the project at load time (``_repr_html_`` imports the HTML
renderer when a notebook calls it; ``to_frame``/``*_frame`` import ``report.frames`` and pandas,
``plot_*`` import ``report.plots`` and matplotlib, each when called). Sequences are tuples; keyed values are
plain dicts that are never mutated after construction (a test checks that analysing
and comparing leave their inputs untouched). Change a value with ``dataclasses.replace``.

Offsets
-------
``Paragraph.spans`` are ``(start, end)`` character offsets into ``Article.text``;
``Hit``/``ToneHit``/``Figure`` offsets are into that paragraph's ``text`` as written
(Traditional stays Traditional), so ``paragraph.text[hit.start:hit.end] == hit.term``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # for annotations only: pandas is imported by the methods that return frames
    import pandas

Role = Literal["headline", "standfirst", "subheading", "body", "caption", "boilerplate"]
ROLES: tuple[str, ...] = ("headline", "standfirst", "subheading", "body", "caption", "boilerplate")
#: Roles that carry frames and tone into summaries (CODEBOOK.md); the others are shown, not scored.
SCORED_ROLES: frozenset[str] = frozenset({"headline", "standfirst", "subheading", "body"})

Script = Literal["traditional", "simplified", "mixed", "latin", "unknown"]
Convention = Literal["mainland", "hongkong", "taiwan", "mixed", "unknown"]


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class Article:
    """One article as read: its whole text (newlines normalised to ``\\n``) and metadata."""

    id: str
    text: str
    path: str = ""
    source: str = ""
    title: str = ""
    date: str = ""
    url: str = ""
    encoding: str = "utf-8"
    #: sha256 of the bytes this article came from (the file, or the dataset record's text)
    sha256: str = ""
    #: lines of the file before ``text`` starts (front matter), so paragraph line numbers are file lines
    line_offset: int = 0
    #: "text", "html" or "record" (one row of a .jsonl/.csv dataset)
    kind: str = "text"


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph as a reader sees it, with where its pieces came from."""

    index: int
    role: Role
    text: str
    #: 1-based first and last line of the source file that this paragraph's pieces occupy
    lines: tuple[int, int]
    #: (start, end) offsets into ``Article.text`` of each piece joined into ``text``, in order
    spans: tuple[tuple[int, int], ...]
    #: why the segmenter gave this role (e.g. "photo credit 攝：", "subscription plea")
    reason: str = ""


# --------------------------------------------------------------------------- text


@dataclass(frozen=True, slots=True)
class Token:
    """A word as jieba cut it: surface as written, Simplified lower-cased form, offsets."""

    text: str
    norm: str
    start: int
    end: int


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True, slots=True)
class Hit:
    """A lexicon term found in a paragraph; ``term`` is the text as written at ``start:end``."""

    term: str
    dimension: str
    start: int
    end: int
    weight: float
    negated: bool = False
    #: the lexicon entry that matched, as written in the lexicon file
    entry: str = ""


@dataclass(frozen=True, slots=True)
class ToneHit:
    """A tone word with what modified it. ``value`` = polarity x weight x modifiers (signed)."""

    term: str
    polarity: int
    start: int
    end: int
    negated: bool = False
    weight: float = 1.0
    value: float = 0.0
    #: the modifiers that acted on it, e.g. ("negator:不", "intensifier:大幅", "contrast:但")
    rules: tuple[str, ...] = ()
    entry: str = ""


@dataclass(frozen=True, slots=True)
class Tone:
    """Tone of a paragraph: both signals in [-1, 1], their combination and a label in {-1, 0, 1}."""

    snownlp: float | None
    lexicon: float
    score: float
    label: int


@dataclass(frozen=True, slots=True)
class ParagraphScore:
    """Everything measured on one paragraph, with the hits that produced it."""

    paragraph: Paragraph
    n_tokens: int
    scores: dict[str, float]
    present: tuple[str, ...]
    primary: str | None
    tone: Tone
    hits: tuple[Hit, ...] = ()
    tone_hits: tuple[ToneHit, ...] = ()
    readability: dict[str, float] = field(default_factory=dict)
    #: the paragraph's tokens (punctuation included), for keyness, alignment and notebooks
    tokens: tuple[Token, ...] = ()

    @property
    def index(self) -> int:
        return self.paragraph.index

    @property
    def role(self) -> str:
        return self.paragraph.role

    @property
    def text(self) -> str:
        return self.paragraph.text

    @property
    def scored(self) -> bool:
        """True when the paragraph's role counts in summaries."""
        return self.paragraph.role in SCORED_ROLES


# --------------------------------------------------------------------------- claims


@dataclass(frozen=True, slots=True)
class Figure:
    """A number with its unit, normalised. ``value`` is in base units (e.g. 5890億 -> 5.89e11)."""

    text: str
    value: float
    unit: str
    #: "percent", "money", "count", "multiple", "date-free number"...
    kind: str
    paragraph: int
    start: int
    end: int
    #: "exact", "approx" (約/近/大約), "upper" (不到/不足/低於), "lower" (逾/超過/以上)
    qualifier: str = "exact"
    #: for a range ("2.1%至4.2%"), the other end; else equal to ``value``
    high: float | None = None
    currency: str = ""
    #: content words near the figure that say what it measures (used to pair figures across sources)
    context: tuple[str, ...] = ()
    #: a short human label of what is measured, e.g. "英偉達 股價"
    about: str = ""


@dataclass(frozen=True, slots=True)
class Voice:
    """Someone quoted or cited: a person, an organisation, a medium or an anonymous source."""

    name: str
    kind: str  # person | organisation | media | anonymous
    paragraphs: tuple[int, ...]
    verbs: tuple[str, ...] = ()
    #: (paragraph, start, end) of each mention used as attribution
    mentions: tuple[tuple[int, int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Naming:
    """Which regional naming convention a text follows, and the words that show it."""

    convention: Convention
    evidence: tuple[str, ...] = ()
    #: region -> number of variant uses seen
    counts: dict[str, int] = field(default_factory=dict)


# --------------------------------------------------------------------------- article


@dataclass(frozen=True, slots=True)
class FrameSummary:
    share: float  # this dimension's share of all weighted frame hits in scored paragraphs
    present_in: int  # scored paragraphs where the dimension is present
    mean_score: float  # mean paragraph score over scored paragraphs


@dataclass(frozen=True, slots=True)
class Summary:
    frames: dict[str, FrameSummary]
    tone_mean: float
    tone_by_dimension: dict[str, float]
    n_scored: int
    readability: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Analysis:
    """One article analysed: paragraphs with scores, summaries and claims."""

    article: Article
    script: str
    dimensions: tuple[str, ...]
    paragraphs: tuple[ParagraphScore, ...]
    summary: Summary
    figures: tuple[Figure, ...] = ()
    voices: tuple[Voice, ...] = ()
    naming: Naming = Naming("unknown")
    #: tool version, input sha256, lexicon sha256 — enough to reproduce a published figure
    provenance: dict[str, str] = field(default_factory=dict)

    @property
    def scored(self) -> tuple[ParagraphScore, ...]:
        return tuple(p for p in self.paragraphs if p.scored)

    def _repr_html_(self) -> str:
        from .report.html import render_fragment  # the renderer is imported on use, never at load

        return render_fragment(self)

    @property
    def n_chars(self) -> int:
        return sum(len(p.text) for p in self.paragraphs)

    def to_frame(self) -> pandas.DataFrame:
        """One row per paragraph as a pandas DataFrame (columns: docs/notebook.md).

        The rows of ``framing analyze --format csv``: article metadata, ``index``, ``role``,
        ``scored``, lines, ``n_tokens``, ``score_<dim>`` and ``present_<dim>`` for each dimension,
        ``primary``, ``tone_label``/``tone_score``/``tone_lexicon``/``tone_snownlp``, ``hits``,
        ``tone_hits`` and ``text``. Needs pandas (the ``notebook`` extra).

        Examples
        --------
        >>> import framing
        >>> df = framing.analyze("輝達股價暴跌\\n\\n輝達股價暴跌，投資者拋售晶片股。").to_frame()
        >>> df[["index", "role", "present_markets"]].values.tolist()
        [[0, 'headline', True], [1, 'body', True]]
        """
        from .report.frames import analysis_frame  # pandas is imported on use, never at load

        return analysis_frame(self)

    def plot_tone_arc(self, ax: Any = None) -> Any:
        """Tone paragraph by paragraph (scored paragraphs): snownlp, lexicon, combined score, label.

        See :func:`framing.report.plots.plot_tone_arc`; returns the matplotlib Figure.
        """
        from .report.plots import plot_tone_arc  # matplotlib is imported on use, never at load

        return plot_tone_arc(self, ax=ax)


# --------------------------------------------------------------------------- comparison


@dataclass(frozen=True, slots=True)
class Difference:
    """A difference a - b with its 95% CI and p-value; ``leans`` only when the CI excludes zero."""

    a: float
    b: float
    difference: float
    ci: tuple[float, float]
    p_value: float
    leans: str | None  # "a" | "b" | None


@dataclass(frozen=True, slots=True)
class FrameDifference:
    dimension: str
    score: Difference  # mean paragraph score (weighted hits per 100 tokens)
    share_a: float  # share of scored paragraphs where present
    share_b: float
    headline_a: tuple[str, ...] = ()  # dimensions present in A's headline + standfirst
    headline_b: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ToneComparison:
    overall: Difference
    by_dimension: dict[str, Difference]
    #: (side, paragraph index, snownlp, lexicon) where the two signals point opposite ways
    disagreements: tuple[tuple[str, int, float, float], ...] = ()


@dataclass(frozen=True, slots=True)
class KeyTerm:
    term: str
    a: int
    b: int
    g2: float
    p_value: float


@dataclass(frozen=True, slots=True)
class Keyness:
    a: tuple[KeyTerm, ...]
    b: tuple[KeyTerm, ...]
    #: e.g. "texts too short: a term needs at least N occurrences on one side to reach p < 0.05"
    note: str = ""


@dataclass(frozen=True, slots=True)
class AlignedPair:
    a: int
    b: int
    similarity: float


@dataclass(frozen=True, slots=True)
class Coverage:
    aligned: tuple[AlignedPair, ...]
    only_a: tuple[int, ...]
    only_b: tuple[int, ...]
    floor: float = 0.0
    #: dimension -> paragraphs only on that side that carry it
    only_a_frames: dict[str, tuple[int, ...]] = field(default_factory=dict)
    only_b_frames: dict[str, tuple[int, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class FigurePair:
    about: str
    a: Figure | None
    b: Figure | None
    agree: bool | None  # None when only one side gives it
    note: str = ""


@dataclass(frozen=True, slots=True)
class Comparison:
    a: Analysis
    b: Analysis
    frames: tuple[FrameDifference, ...]
    tone: ToneComparison
    keyness: Keyness
    coverage: Coverage
    numbers: tuple[FigurePair, ...]
    voices_a: tuple[Voice, ...]
    voices_b: tuple[Voice, ...]
    naming_a: Naming
    naming_b: Naming
    settings: dict[str, float] = field(default_factory=dict)

    def _repr_html_(self) -> str:
        from .report.html import render_fragment  # the renderer is imported on use, never at load

        return render_fragment(self)

    def frames_frame(self) -> pandas.DataFrame:
        """One row per dimension: ``dimension, a, b, difference, ci_low, ci_high, p_value, leans, share_a, share_b``.

        ``a``/``b`` are mean paragraph scores (weighted hits per 100 tokens), ``difference`` is
        a − b with its bootstrap CI, ``leans`` is "a"/"b" only when the CI excludes zero, else
        None; ``share_*`` is the share of scored paragraphs where the dimension is present.
        Needs pandas (the ``notebook`` extra).
        """
        from .report.frames import frames_frame  # pandas is imported on use, never at load

        return frames_frame(self)

    def tone_frame(self) -> pandas.DataFrame:
        """Tone differences: the ``overall`` row, then one per dimension (``scope``, ``dimension``, a, b, ...)."""
        from .report.frames import tone_frame

        return tone_frame(self)

    def numbers_frame(self) -> pandas.DataFrame:
        """Figures paired across the sides: ``about``, ``a_text``, ``a_value``..., ``b_...``, ``agree``, ``note``."""
        from .report.frames import numbers_frame

        return numbers_frame(self)

    def voices_frame(self) -> pandas.DataFrame:
        """Quoted and cited voices of both sides: ``side, name, kind, paragraphs, verbs, n_mentions``."""
        from .report.frames import voices_frame

        return voices_frame(self)

    def plot_frames(self, ax: Any = None, *, lexicons: Any = None) -> Any:
        """A vs B mean score per dimension, and A − B with its CI; see :func:`framing.report.plots.plot_frames`."""
        from .report.plots import plot_frames  # matplotlib is imported on use, never at load

        return plot_frames(self, ax=ax, lexicons=lexicons)

    def plot_tone_arc(self, ax: Any = None) -> Any:
        """Tone paragraph by paragraph, A above B; see :func:`framing.report.plots.plot_tone_arc`."""
        from .report.plots import plot_tone_arc

        return plot_tone_arc(self, ax=ax)
