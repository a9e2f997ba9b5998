"""framing: how Chinese-language news frames an event, paragraph by paragraph, with the evidence.

The public API, for notebooks and scripts; every call returns the model objects the CLI renders
(:mod:`framing.model`):

``load(path_or_text)``
    Read a file (one :class:`~framing.model.Article`), a directory, glob or dataset (a list of
    them), or a string of text.
``analyze(article_or_path_or_text)``
    One :class:`~framing.model.Analysis`: every paragraph's role, frame scores, tone, hits.
``compare(a, b)``
    One :class:`~framing.model.Comparison`: frame and tone differences with bootstrap CIs,
    coverage, figures, voices, naming.
``evaluate(gold)``
    Agreement with hand coding (precision, recall, F1, kappa).
``Lexicon``
    One framing dimension as loaded from its TOML file.

Then ``Analysis.to_frame()``, ``Comparison.frames_frame()`` and the other ``*_frame`` methods give
pandas DataFrames, ``plot_frames()`` / ``plot_tone_arc()`` matplotlib figures (the ``notebook``
extra: ``pip install "framing[notebook]"``); see docs/notebook.md.

``import framing`` is cheap: jieba, OpenCC, snownlp, pandas and matplotlib are imported only by
the calls that need them.

``framing.compare`` and ``framing.evaluate`` are also the names of the submodules that implement
them (``framing/compare.py``, ``framing/evaluate.py``). So that the two never shadow each other
whatever is imported first, those two submodules are *callable*: ``framing.compare(a, b)`` calls
the API function documented here (see ``framing.compare.__call__``), and
``import framing.compare`` still gives the module with its helpers.

Examples
--------
>>> import framing
>>> c = framing.compare("美國擴大晶片出口管制\\n\\n美國商務部宣布擴大對華晶片出口管制，中美科技戰升級。",
...                     "輝達股價暴跌\\n\\n輝達股價暴跌，市值蒸發，投資者拋售晶片股。")
>>> [f.dimension for f in c.frames]
['censorship', 'geopolitics', 'markets', 'open_source']
"""

from __future__ import annotations

import os
import sys
import types
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the model and the pipeline are imported by the calls, not by ``import framing``
    from .evaluate import GoldParagraph
    from .model import Analysis, Article, Comparison

__version__ = "0.1.0"
__all__ = ["Lexicon", "analyze", "compare", "evaluate", "load"]

#: keywords of :func:`load` that go to :func:`framing.io.read_path` (paths only)
_PATH_OPTIONS = frozenset({"text_field", "id_field", "max_chars", "on_warning"})
#: keywords of :func:`load` that set an article's metadata (text, or a path read as one article)
_META_OPTIONS = frozenset({"id", "source", "title", "date", "url"})
#: a string longer than this, or with a line break, is never taken for a path
_MAX_PATH_CHARS = 4096


# --------------------------------------------------------------------------- load


def load(path_or_text: str | os.PathLike[str], **options: Any) -> Article | list[Article]:
    """Read an article from a path, or make one from a string of text.

    What the argument is decides what comes back:

    - an existing file (``.txt``/``.md``, ``.html``, any other text): one ``Article``;
    - a ``.jsonl``/``.csv`` dataset, a directory, or a glob pattern (``"news/*.txt"``) that
      matches: a ``list`` of ``Article`` (a dataset gives one per record, a directory every
      article file below it, sorted);
    - any other string: the article's **text** itself, read as a file with that content would
      be (front matter included, see :func:`framing.io.article_from_text`).

    A ``pathlib.Path`` is always a path (a missing one raises ``InputError``). A string is text
    unless it names something that exists, so a mistyped file name would be analysed as a
    (very short) article: when a string looks like a path (one line, no spaces, ending in an
    article extension or containing ``/``) but does not exist, a ``UserWarning`` says so.

    Parameters
    ----------
    path_or_text : str or os.PathLike
        A file, a directory, a glob pattern, or the text of an article.
    **options
        For paths, :func:`framing.io.read_path`'s ``text_field``, ``id_field`` (dataset
        fields), ``max_chars`` and ``on_warning`` (a list or callable receiving skipped-record
        warnings). For text and for a path read as one article, the metadata ``id``, ``source``,
        ``title``, ``date`` and ``url`` (they win over front matter).

    Returns
    -------
    Article or list of Article

    Raises
    ------
    InputError
        A path that cannot be read (see :func:`framing.io.read_path`), an empty text.
    UsageError
        An option that does not apply (``text_field`` with text, ``id`` with a directory).
    TypeError
        An unknown option or a value that is neither a string nor a path.

    Examples
    --------
    >>> import framing
    >>> art = framing.load("---\\nsource: 端傳媒\\n---\\n英偉達股價重創16.86%。", id="t1")
    >>> art.id, art.source, art.text
    ('t1', '端傳媒', '英偉達股價重創16.86%。')

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("第一篇。", encoding="utf-8")
    >>> _ = (folder / "b.txt").write_text("第二篇。", encoding="utf-8")
    >>> framing.load(folder / "a.txt").text
    '第一篇。'
    >>> [a.id for a in framing.load(folder)]
    ['a', 'b']
    >>> import shutil; shutil.rmtree(folder)
    """
    from .errors import UsageError

    unknown = set(options) - _PATH_OPTIONS - _META_OPTIONS
    if unknown:
        raise TypeError(f"load() got unknown option(s) {', '.join(sorted(unknown))}; "
                        f"known: {', '.join(sorted(_PATH_OPTIONS | _META_OPTIONS))}")
    if isinstance(path_or_text, os.PathLike):
        return _load_path(os.fspath(path_or_text), options)
    if not isinstance(path_or_text, str):
        raise TypeError(f"load() takes a path or a string of text, not {type(path_or_text).__name__}")
    kind = _path_kind(path_or_text)
    if kind:
        return _load_path(path_or_text, options)
    path_only = set(options) & _PATH_OPTIONS
    if path_only:
        raise UsageError(f"{', '.join(sorted(path_only))} only apply to paths, and {_short(path_or_text)!r} "
                         "is not an existing path, so it is read as text")
    if _looks_like_path(path_or_text):
        warnings.warn(
            f"{path_or_text!r} is not an existing file or directory (relative to {os.getcwd()}), so it is read "
            "as the article's text; pass a pathlib.Path to get an error for a missing file instead",
            UserWarning,
            stacklevel=2,
        )
    from .io import article_from_text

    return article_from_text(path_or_text, **options)


def _path_kind(s: str) -> str:
    """'path' when ``s`` names an existing file or directory, 'glob' when it is a matching pattern, else ''."""
    if not s or "\n" in s or len(s) > _MAX_PATH_CHARS:
        return ""
    try:
        if os.path.exists(s):
            return "path"
    except (OSError, ValueError):  # a name too long, an embedded NUL...
        return ""
    import glob

    if glob.has_magic(s) and glob.glob(s, recursive=True):
        return "glob"
    return ""


def _looks_like_path(s: str) -> bool:
    """A one-line string without spaces that ends like a file name or contains a path separator."""
    from .io import ARTICLE_SUFFIXES

    if not s or len(s) > 260 or any(ch.isspace() for ch in s):
        return False
    return s.lower().endswith(ARTICLE_SUFFIXES) or "/" in s or os.sep in s


def _short(s: str, n: int = 40) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _load_path(path: str, options: dict[str, Any]) -> Article | list[Article]:
    """One article for a text or HTML file; a list for a dataset, a directory or a glob."""
    from dataclasses import replace

    from .errors import UsageError
    from .io import CSV_SUFFIXES, JSONL_SUFFIXES, read_path, read_paths

    read_options = {k: v for k, v in options.items() if k in _PATH_OPTIONS}
    meta = {k: v for k, v in options.items() if k in _META_OPTIONS}
    is_file = os.path.isfile(path)
    if is_file and not path.lower().endswith(JSONL_SUFFIXES + CSV_SUFFIXES):
        article = next(read_path(path, **read_options))
        return replace(article, **meta) if meta else article
    if "id" in meta:
        raise UsageError(f"{path}: holds many articles; id= applies to a single text file, not a dataset or folder")
    articles = list(read_path(path, **read_options) if is_file else read_paths([path], **read_options))
    return [replace(a, **meta) for a in articles] if meta else articles


# --------------------------------------------------------------------------- analyze


def analyze(article_or_path_or_text: Article | str | os.PathLike[str], *,
            lexicons: str | os.PathLike[str] | None = None,
            dimensions: Sequence[str] | None = None) -> Analysis:
    """Analyse one article: every paragraph's role, frame scores, tone and the hits behind them.

    Parameters
    ----------
    article_or_path_or_text : Article, str or os.PathLike
        An ``Article`` (from :func:`load`), a path to one article, or the text itself (a string
        is read as :func:`load` reads it).
    lexicons : str or os.PathLike, optional
        A lexicon directory: one TOML file per dimension (see DESIGN.md). Rule files it lacks
        (``tone.toml``, ``naming.toml``...) come from the shipped lexicons. Default: the shipped
        lexicons.
    dimensions : sequence of str, optional
        Only these dimensions of the lexicon directory (default: all of them).

    Returns
    -------
    Analysis
        See :class:`framing.model.Analysis`; ``.to_frame()`` gives one row per paragraph.

    Raises
    ------
    UsageError
        A path holding several articles (a dataset or directory: analyse each article of
        :func:`load`), an unknown dimension.
    InputError, LexiconError
        An unreadable input or a malformed lexicon file (with its path and line).

    Examples
    --------
    >>> import framing
    >>> a = framing.analyze("美國擴大晶片出口管制\\n\\n美國商務部宣布擴大對華晶片出口管制，輝達股價應聲下跌。")
    >>> [(p.role, p.present) for p in a.paragraphs]
    [('headline', ('geopolitics',)), ('body', ('geopolitics', 'markets'))]
    >>> framing.analyze("美國商務部宣布擴大對華晶片出口管制。", dimensions=["markets"]).dimensions
    ('markets',)
    """
    from .analysis import analyze as run

    article = _article(article_or_path_or_text)
    return run(article, _settings(lexicons, dimensions))


def _article(x: Any) -> Article:
    """An Article from an Article, a path to one article, or text."""
    from .errors import UsageError
    from .model import Article

    if isinstance(x, Article):
        return x
    loaded = load(x)
    if isinstance(loaded, list):
        raise UsageError(f"{_short(os.fspath(x))}: holds {len(loaded)} articles; analyse each one: "
                         "[framing.analyze(a) for a in framing.load(path)]")
    return loaded


def _settings(lexicons: str | os.PathLike[str] | None, dimensions: Sequence[str] | None):
    """Lexicons and rules, loaded once per (directory, dimensions) in this process."""
    from .errors import UsageError

    if isinstance(dimensions, str):
        raise UsageError(f"dimensions must be a list of names, not the string {dimensions!r}; "
                         f"write dimensions=[{dimensions!r}]")
    directory = None if lexicons is None else os.path.abspath(os.fspath(lexicons))
    return _cached_settings(directory, None if dimensions is None else tuple(dimensions))


def _cached_settings(directory: str | None, dimensions: tuple[str, ...] | None):
    key = (directory, dimensions)
    cfg = _SETTINGS.get(key)
    if cfg is None:
        from .analysis import settings

        cfg = _SETTINGS[key] = settings(directory, dimensions=dimensions)
    return cfg


_SETTINGS: dict[tuple[str | None, tuple[str, ...] | None], Any] = {}


# --------------------------------------------------------------------------- compare


def _compare(a: Analysis | Article | str | os.PathLike[str], b: Analysis | Article | str | os.PathLike[str], *,
             lexicons: str | os.PathLike[str] | None = None, dimensions: Sequence[str] | None = None,
             resamples: int = 2000, seed: int = 0, confidence: float = 0.95,
             alignment_floor: float | None = None) -> Comparison:
    """Compare how two articles cover the same event, with the uncertainty of every difference.

    Called as ``framing.compare(a, b, ...)``.

    Parameters
    ----------
    a, b : Analysis, Article, str or os.PathLike
        Each side an ``Analysis`` (used as is), or anything :func:`analyze` takes (an
        ``Article``, a path to one article, the text), analysed with ``lexicons`` and
        ``dimensions``.
    lexicons : str or os.PathLike, optional
        A lexicon directory for the sides analysed here; its ``keyness.toml``, if any, also
        overrides the shipped stop words of keyness.
    dimensions : sequence of str, optional
        Dimensions for the sides analysed here; default: those of an ``Analysis`` given for the
        other side, else every dimension of the lexicons.
    resamples, seed, confidence, alignment_floor
        As :func:`framing.compare.compare`: bootstrap resamples and permutations (2000), the
        seed (0: the same numbers every run), the CI coverage (0.95), the paragraph alignment
        floor.

    Returns
    -------
    Comparison
        See :class:`framing.model.Comparison`; ``.frames_frame()``, ``.tone_frame()``,
        ``.numbers_frame()``, ``.voices_frame()``, ``.plot_frames()``, ``.plot_tone_arc()``.

    Raises
    ------
    UsageError
        The two sides have different dimensions, an option is out of range.

    Examples
    --------
    >>> import framing
    >>> c = framing.compare("美國收緊出口管制\\n\\n美國商務部收緊對華晶片出口管制，中美科技戰升級。",
    ...                     "輝達股價暴跌\\n\\n輝達股價暴跌，市值蒸發，投資者拋售晶片股。", resamples=500)
    >>> [(f.dimension, f.score.a > f.score.b) for f in c.frames if f.score.a or f.score.b]
    [('geopolitics', True), ('markets', False)]
    >>> c.settings["resamples"]
    500
    """
    from .compare import compare as run
    from .model import Analysis

    if dimensions is None:
        given = next((x for x in (a, b) if isinstance(x, Analysis)), None)
        if given is not None and lexicons is None:
            dimensions = given.dimensions
    sides = [x if isinstance(x, Analysis) else analyze(x, lexicons=lexicons, dimensions=dimensions) for x in (a, b)]
    return run(sides[0], sides[1], resamples=resamples, seed=seed, confidence=confidence,
               alignment_floor=alignment_floor, lexicon_dir=lexicons)


# --------------------------------------------------------------------------- evaluate


def _evaluate(gold: str | os.PathLike[str] | Sequence[GoldParagraph], *,
              lexicons: str | os.PathLike[str] | None = None, dimensions: Sequence[str] | None = None,
              worst: int = 15) -> dict[str, Any]:
    """Agreement of the tool with hand coding, from the same scoring path as :func:`analyze`.

    Called as ``framing.evaluate(gold, ...)``.

    Parameters
    ----------
    gold : str, os.PathLike or sequence of GoldParagraph
        A gold file (JSON Lines or CSV in CODEBOOK.md's format) or records read with
        :func:`framing.evaluate.read_gold`.
    lexicons, dimensions
        As :func:`analyze`.
    worst : int, default 15
        How many of the paragraphs where tool and coders disagree most to return.

    Returns
    -------
    dict
        ``n``, per-dimension ``precision``/``recall``/``f1``/``kappa`` under ``dimensions``,
        ``micro_f1``, ``macro_f1``, ``primary_accuracy``, ``tone`` (accuracy, macro F1, kappa,
        confusion) and ``disagreements`` (the same dict ``framing evaluate --format json`` prints).

    Examples
    --------
    >>> import framing, json, tempfile, pathlib
    >>> gold = pathlib.Path(tempfile.mkdtemp()) / "gold.jsonl"
    >>> _ = gold.write_text(json.dumps({"id": "g1", "text": "美國商務部擴大對華晶片出口管制。",
    ...     "dims": ["geopolitics"], "primary": "geopolitics", "tone": -1}, ensure_ascii=False), encoding="utf-8")
    >>> report = framing.evaluate(gold)
    >>> report["n"], report["dimensions"]["geopolitics"]["recall"]
    (1, 1.0)
    """
    from .evaluate import evaluate as run
    from .evaluate import read_gold

    records = read_gold(gold) if isinstance(gold, (str, os.PathLike)) else tuple(gold)
    return run(records, _settings(lexicons, dimensions), worst=worst)


# --------------------------------------------------------------------------- the package object

class _CompareModule(types.ModuleType):
    """``framing.compare``: the module, callable as :func:`framing.compare` (the API function)."""

    __call__ = staticmethod(_compare)


class _EvaluateModule(types.ModuleType):
    """``framing.evaluate``: the module, callable as :func:`framing.evaluate` (the API function)."""

    __call__ = staticmethod(_evaluate)


_MODULE_CLASSES = {"compare": _CompareModule, "evaluate": _EvaluateModule}


class _Package(types.ModuleType):
    """The ``framing`` package: binds its ``compare``/``evaluate`` submodules as callables."""

    def __setattr__(self, name: str, value: Any) -> None:
        cls = _MODULE_CLASSES.get(name)
        if cls is not None and type(value) is types.ModuleType:
            value.__class__ = cls  # the import system binds a submodule here on first import
        super().__setattr__(name, value)


def __getattr__(name: str) -> Any:
    """Lazy attributes: ``compare`` and ``evaluate`` (callable submodules) and ``Lexicon``."""
    if name in _MODULE_CLASSES:
        import importlib

        return importlib.import_module(f"{__name__}.{name}")  # bound (and made callable) by _Package
    if name == "Lexicon":
        from .lexicon import Lexicon

        return Lexicon
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


sys.modules[__name__].__class__ = _Package
