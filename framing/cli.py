"""The ``framing`` command: thin commands that parse options, call one library function and
hand the result to one renderer. Data goes to stdout, messages to stderr; a problem with the
input is one line on stderr and a non-zero exit code (see the README's table), never a
traceback unless ``--debug``.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable, Iterable, Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .errors import FramingError, OutputError

app = typer.Typer(
    name="framing",
    help="How Chinese-language news frames an event, paragraph by paragraph, with the evidence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_debug = False


class AnalyzeFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    markdown = "markdown"


class CompareFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


class Tokenizer(str, Enum):
    jieba = "jieba"
    rjieba = "rjieba"


def _warn(message: str) -> None:
    typer.echo(f"framing: warning: {message}", err=True)


def _fail(exc: BaseException) -> None:
    code = getattr(exc, "exit_code", 1)
    typer.echo(f"framing: error: {exc}", err=True)
    raise typer.Exit(code)


def _run(fn: Callable[[], None]) -> None:
    """Run a command body; turn known errors into one line and an exit code."""
    try:
        fn()
    except FramingError as exc:
        if _debug:
            raise
        _fail(exc)
    except KeyboardInterrupt:
        typer.echo("framing: interrupted", err=True)
        raise typer.Exit(130) from None
    except BrokenPipeError:
        raise typer.Exit(0) from None


def _write(chunks: Iterable[str], output: Optional[Path]) -> None:
    """Write rendered text to ``output`` or stdout."""
    if output is None:
        for chunk in chunks:
            sys.stdout.write(chunk)
        sys.stdout.flush()
        return
    try:
        with open(output, "w", encoding="utf-8", newline="\n") as fh:
            for chunk in chunks:
                fh.write(chunk)
    except OSError as exc:
        raise OutputError(f"{output}: cannot write ({exc.strerror or exc})") from None


def _settings(lexicons: Optional[Path], dimensions: Optional[str], tokenizer: "Tokenizer | str" = "jieba"):
    from .analysis import settings

    dims = [d.strip() for d in dimensions.split(",") if d.strip()] if dimensions else None
    return settings(lexicons, dimensions=dims, tokenizer=getattr(tokenizer, "value", tokenizer))


def _articles(paths: list[str], text_field: str, id_field: str, max_chars: int) -> Iterator:
    from .io import read_paths

    return read_paths(paths, text_field=text_field, id_field=id_field, max_chars=max_chars, on_warning=_warn)


LexiconsOpt = Annotated[Optional[Path], typer.Option("--lexicons", help="Directory of lexicon TOML files replacing the shipped set.")]
DimensionsOpt = Annotated[Optional[str], typer.Option("--dimensions", help="Comma-separated dimensions to score (default: all).")]
OutputOpt = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file instead of stdout.")]
HtmlOpt = Annotated[Optional[Path], typer.Option("--html", help="Also write a self-contained annotated HTML report here.")]
MaxCharsOpt = Annotated[int, typer.Option("--max-chars", help="Refuse articles longer than this many characters.")]
TokenizerOpt = Annotated[Tokenizer, typer.Option(
    "--tokenizer", help="Word segmenter: jieba, or rjieba (the same dictionary in Rust, faster; pip install \"framing[fast]\").")]


@app.callback()
def _main(debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False) -> None:
    global _debug
    _debug = debug


@app.command()
def analyze(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, globs or .jsonl/.csv datasets.")],
    format: Annotated[AnalyzeFormat, typer.Option("--format", "-f", help="Output format.")] = AnalyzeFormat.table,
    lexicons: LexiconsOpt = None,
    dimensions: DimensionsOpt = None,
    text_field: Annotated[str, typer.Option("--text-field", help="Dataset field holding the text.")] = "text",
    id_field: Annotated[str, typer.Option("--id-field", help="Dataset field holding the record id.")] = "id",
    max_chars: MaxCharsOpt = 5_000_000,
    output: OutputOpt = None,
    html: HtmlOpt = None,
    tokenizer: TokenizerOpt = Tokenizer.jieba,
) -> None:
    """Score every paragraph of each article: role, frames, tone and the words behind them."""

    def body() -> None:
        from .analysis import analyze as run

        cfg = _settings(lexicons, dimensions, tokenizer)
        analyses = (run(a, cfg) for a in _articles(paths, text_field, id_field, max_chars))
        if html is not None:
            analyses = list(analyses)
            from .report.html import render_analysis_page

            _write([render_analysis_page(analyses, lexicons=cfg.lexicons)], html)
        _write(_render_analyses(analyses, format), output)

    _run(body)


def _render_analyses(analyses: Iterable, fmt: AnalyzeFormat) -> Iterable[str]:
    if fmt is AnalyzeFormat.json:
        from .report.jsonout import render_analyses

        return itertools.chain(render_analyses(analyses), ["\n"])
    if fmt is AnalyzeFormat.jsonl:
        from .report.jsonout import render_jsonl

        return (line + "\n" for line in render_jsonl(analyses))
    if fmt is AnalyzeFormat.csv:
        from .report.tabular import render_csv

        return render_csv(analyses)
    if fmt is AnalyzeFormat.markdown:
        from .report.markdown import render_analysis

        return (render_analysis(a) + "\n" for a in analyses)
    from .report.terminal import render_analysis

    return (render_analysis(a) for a in analyses)


@app.command()
def compare(
    a: Annotated[str, typer.Argument(help="The first article (A).")],
    b: Annotated[str, typer.Argument(help="The second article (B).")],
    format: Annotated[CompareFormat, typer.Option("--format", "-f", help="Output format.")] = CompareFormat.table,
    lexicons: LexiconsOpt = None,
    dimensions: DimensionsOpt = None,
    resamples: Annotated[int, typer.Option("--resamples", min=200, help="Bootstrap resamples and permutations.")] = 2000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed of the bootstrap and permutation tests.")] = 0,
    max_chars: MaxCharsOpt = 5_000_000,
    output: OutputOpt = None,
    html: HtmlOpt = None,
    tokenizer: TokenizerOpt = Tokenizer.jieba,
) -> None:
    """Compare how two sources cover the same event: frames, tone, omissions, figures, voices, naming."""

    def body() -> None:
        from .analysis import analyze as run
        from .compare import compare as run_compare
        from .errors import InputError

        cfg = _settings(lexicons, dimensions, tokenizer)
        sides = []
        for path in (a, b):
            arts = list(_articles([path], "text", "id", max_chars))
            if len(arts) != 1:
                raise InputError(f"{path}: holds {len(arts)} articles; compare takes one article on each side")
            sides.append(run(arts[0], cfg))
        comparison = run_compare(sides[0], sides[1], resamples=resamples, seed=seed)
        if html is not None:
            from .report.html import render_comparison_page

            _write([render_comparison_page(comparison, lexicons=cfg.lexicons)], html)
        if format is CompareFormat.json:
            from .report.jsonout import comparison_dict, dumps

            _write([dumps(comparison_dict(comparison)), "\n"], output)
        elif format is CompareFormat.markdown:
            from .report.markdown import render_comparison

            _write([render_comparison(comparison), "\n"], output)
        else:
            from .report.terminal import render_comparison

            _write([render_comparison(comparison)], output)

    _run(body)


class EvaluateFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


@app.command()
def evaluate(
    gold: Annotated[Optional[list[Path]], typer.Argument(
        help="Hand-coded paragraphs (JSONL or CSV, CODEBOOK.md's format); with --coders, two or more codings.",
        show_default=False)] = None,
    coders: Annotated[bool, typer.Option(
        "--coders", help="Agreement between the coders of the files given (matched by paragraph id), "
        "not of the tool: kappa, alpha, % agreement.")] = False,
    format: Annotated[EvaluateFormat, typer.Option("--format", "-f", help="Output format.")] = EvaluateFormat.table,
    lexicons: LexiconsOpt = None,
    dimensions: DimensionsOpt = None,
    worst: Annotated[int, typer.Option("--worst", help="How many disagreements to list.")] = 15,
    output: OutputOpt = None,
    tokenizer: TokenizerOpt = Tokenizer.jieba,
) -> None:
    """Agreement of the tool with hand coding: per-dimension P/R/F1/kappa, tone accuracy/F1/kappa.

    With --coders A.jsonl B.jsonl [C.jsonl ...]: agreement between hand codings instead.
    """

    def body() -> None:
        from .errors import InputError
        from .evaluate import evaluate as run
        from .evaluate import read_gold

        files = list(gold or [])
        if coders:
            _evaluate_coders(files, format, lexicons, dimensions, worst, output)
            return
        if not files:
            raise InputError("evaluate needs a gold file (or --coders A.jsonl B.jsonl ... to compare coders)")
        if len(files) > 1:
            raise InputError(f"evaluate takes one gold file, not {len(files)}; add --coders to compare codings")
        gold_file = files[0]
        result = run(read_gold(gold_file), _settings(lexicons, dimensions, tokenizer), worst=worst)
        if format is EvaluateFormat.json:
            from .report.jsonout import dumps

            _write([dumps(result), "\n"], output)
        else:
            from .report.agreement import render_markdown, render_table

            _write([render_markdown(result) if format is EvaluateFormat.markdown else render_table(result)], output)

    _run(body)


def _evaluate_coders(files: list[Path], format: EvaluateFormat, lexicons: Optional[Path], dimensions: Optional[str],
                     worst: int, output: Optional[Path]) -> None:
    """``evaluate --coders``: agreement between two or more hand codings of the same paragraphs."""
    from .errors import InputError
    from .evaluate import intercoder, read_gold

    if len(files) < 2:
        raise InputError(f"--coders needs two or more coding files, not {len(files)}")
    dims = None
    if dimensions:
        from .lexicon import load_lexicons

        dims = load_lexicons(lexicons, dimensions=[d.strip() for d in dimensions.split(",") if d.strip()]).dimensions
    # coders are named by their file (its bare name when that is unambiguous)
    names = [f.name for f in files] if len({f.name for f in files}) == len(files) else [str(f) for f in files]
    result = intercoder([read_gold(f) for f in files], names=names, dimensions=dims, worst=worst)
    for name, ids in result["only_in_some"].items():
        shown = ", ".join(ids[:3]) + (", ..." if len(ids) > 3 else "")
        _warn(f"{name}: {len(ids)} paragraph id(s) not in every coding, left out ({shown})")
    if format is EvaluateFormat.json:
        from .report.jsonout import dumps

        _write([dumps(result), "\n"], output)
    else:
        from .report.agreement import render_intercoder_markdown, render_intercoder_table

        render = render_intercoder_markdown if format is EvaluateFormat.markdown else render_intercoder_table
        _write([render(result)], output)


# --------------------------------------------------------------------------- framing lexicon ...

lexicon_app = typer.Typer(
    name="lexicon",
    help="Inspect, check, grow and convert the lexicons: list, show, check, suggest, import, export.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(lexicon_app, name="lexicon")


class LexiconFormat(str, Enum):
    table = "table"
    json = "json"


class CheckLevel(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


LexiconFormatOpt = Annotated[LexiconFormat, typer.Option("--format", "-f", help="Output format.")]
DimArg = Annotated[str, typer.Argument(help="A dimension of the lexicon set, e.g. markets.")]


def _json(obj) -> list[str]:
    from .report.jsonout import dumps

    return [dumps(obj), "\n"]


@lexicon_app.command("list")
def lexicon_list(lexicons: LexiconsOpt = None, format: LexiconFormatOpt = LexiconFormat.table) -> None:
    """The dimensions: label, number of terms, colour and file."""

    def body() -> None:
        from .lexicon_tools import list_dimensions

        infos = list_dimensions(lexicons)
        if format is LexiconFormat.json:
            _write(_json([i.to_dict() for i in infos]), None)
        else:
            from .report.lexicon import render_list

            _write([render_list(infos)], None)

    _run(body)


@lexicon_app.command("show")
def lexicon_show(dim: DimArg, lexicons: LexiconsOpt = None, format: LexiconFormatOpt = LexiconFormat.table) -> None:
    """A dimension's terms with weights, comments and exclusions, grouped under the file's headings."""

    def body() -> None:
        from .lexicon_tools import show_dimension

        view = show_dimension(dim, lexicons)
        if format is LexiconFormat.json:
            _write(_json(view.to_dict()), None)
        else:
            from .report.lexicon import render_show

            _write([render_show(view)], None)

    _run(body)


@lexicon_app.command("check")
def lexicon_check(
    lexicons: LexiconsOpt = None,
    format: LexiconFormatOpt = LexiconFormat.table,
    level: Annotated[CheckLevel, typer.Option("--level", help="List problems of this level and worse (the exit code counts all).")] = CheckLevel.info,
) -> None:
    """Validate the lexicon files and report problems, one line each with file:line.

    A malformed file (bad TOML, weight out of range, an exclusion without its term ...) stops the check with its error (exit 3).

    error (exit 1): a term given twice in one section, also across scripts or case (股價 and 股价); an exclusion equal to its term (the term never counts); a term that can never match.

    warning (exit 0): a term in two dimensions; a tone word that is also a negator; an exclusion listed twice.

    info (exit 0): a term jieba's own dictionary cuts in pieces (it matches only because framing adds lexicon terms to its tokenizer).
    """

    def body() -> None:
        from .lexicon_tools import LEVELS, check_lexicons
        from .report.lexicon import render_problems, summary_line

        problems = check_lexicons(lexicons)
        shown = [p for p in problems if LEVELS.index(p.level) <= LEVELS.index(level.value)]
        if format is LexiconFormat.json:
            _write(_json([p.to_dict() for p in shown]), None)
        else:
            _write([render_problems(shown)], None)
        typer.echo(f"framing: lexicon check: {summary_line(problems)}", err=True)
        if any(p.level == "error" for p in problems):
            raise typer.Exit(1)

    _run(body)


@lexicon_app.command("suggest")
def lexicon_suggest(
    dim: DimArg,
    corpus: Annotated[list[str], typer.Argument(help="Files, directories, globs or .jsonl/.csv datasets.")],
    top: Annotated[int, typer.Option("--top", min=1, help="How many candidates to list.")] = 20,
    min_count: Annotated[int, typer.Option("--min-count", min=1, help="Fewest uses in paragraphs where DIM is present.")] = 3,
    format: LexiconFormatOpt = LexiconFormat.table,
    lexicons: LexiconsOpt = None,
    text_field: Annotated[str, typer.Option("--text-field", help="Dataset field holding the text.")] = "text",
    id_field: Annotated[str, typer.Option("--id-field", help="Dataset field holding the record id.")] = "id",
    max_chars: MaxCharsOpt = 5_000_000,
) -> None:
    """Candidate new terms for DIM from a corpus, ranked by association with DIM's current hits.

    Each scored paragraph counts as DIM-present or not (as `framing analyze` reports it). A content word no lexicon has yet is scored by the log-odds ratio of its use in present vs other paragraphs with an informative Dirichlet prior (a z-score; Monroe, Colaresi & Quinn 2008) and shown with example contexts.
    """

    def body() -> None:
        from .evaluate import suggest_terms

        cfg = _settings(lexicons, None)
        items = suggest_terms(_articles(corpus, text_field, id_field, max_chars), dim, cfg, top=top,
                              min_count=min_count)
        if format is LexiconFormat.json:
            _write(_json(items), None)
        else:
            from .report.lexicon import render_suggestions

            _write([render_suggestions(items, dim)], None)

    _run(body)


@lexicon_app.command("import")
def lexicon_import(
    file: Annotated[Path, typer.Argument(help="A LIWC .dic or a quanteda/cntext .yml/.yaml dictionary.")],
    as_: Annotated[str, typer.Option("--as", help="Name of the new dimension (lower-case letters, digits, _).")],
    category: Annotated[Optional[str], typer.Option("--category", help="The category to import (needed when there are several).")] = None,
    weight: Annotated[float, typer.Option("--weight", help="Weight of every term (the formats have none).")] = 1.0,
    out: Annotated[Path, typer.Option("--out", help="Directory to write DIM.toml into.")] = Path("lexicons-imported"),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing DIM.toml.")] = False,
) -> None:
    """Write one category of another tool's dictionary as a commented lexicon TOML (prints its path).

    Wildcard patterns (word*) have no whole-token equivalent: each becomes its stem and is listed as approximated in the file's header and on stderr.
    """

    def body() -> None:
        from .lexicon_tools import import_dictionary, write_lexicon

        imported = import_dictionary(file, as_, category=category, weight=weight)
        target = write_lexicon(imported, out, force=force)
        _write([f"{target}\n"], None)
        notes = [f"{len(imported.terms)} terms from category {imported.category!r} of {file}"]
        if imported.approximated:
            shown = ", ".join(f"{a} -> {b}" for a, b in imported.approximated[:5])
            more = " ..." if len(imported.approximated) > 5 else ""
            notes.append(f"{len(imported.approximated)} approximated ({shown}{more})")
        if imported.merged:
            notes.append(f"{len(imported.merged)} merged as one term")
        if imported.skipped:
            notes.append(f"{len(imported.skipped)} skipped (no letters)")
        typer.echo(f"framing: wrote {target}: " + "; ".join(notes), err=True)

    _run(body)


@lexicon_app.command("export")
def lexicon_export(
    dim: DimArg,
    to: Annotated[Path, typer.Option("--to", help="The file to write: .dic (LIWC) or .yml/.yaml (quanteda, cntext).")],
    lexicons: LexiconsOpt = None,
) -> None:
    """Write a dimension as a LIWC .dic or a YAML dictionary (weights and exclusions are dropped)."""

    def body() -> None:
        from .lexicon_tools import export_dimension

        text = export_dimension(dim, to, lexicons)
        _write([text], to)
        typer.echo(f"framing: wrote {to}: weights and exclusions are not part of the format and were dropped",
                   err=True)

    _run(body)


# --------------------------------------------------------------------------- framing corpus, compare-sources


@app.command()
def corpus(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, globs or .jsonl/.csv datasets.")],
    out: Annotated[Path, typer.Option("--out", help="Rows out: FILE.csv, or DIR.parquet (a directory of part files).")],
    by: Annotated[str, typer.Option("--by", help="Column the profile groups by (source, date, path ...).")] = "source",
    workers: Annotated[Optional[int], typer.Option("--workers", help="Processes (default: the CPUs available; 1 runs in this process).")] = None,
    engine: Annotated[Optional[str], typer.Option("--engine", help="local (a fork pool) or dask (default: dask with --scheduler, else local).")] = None,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Dask scheduler address (tcp://host:8786); default a LocalCluster.")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Skip articles already in --out and append the rest.")] = False,
    chunk_size: Annotated[int, typer.Option("--chunk-size", help="Articles per task.")] = 16,
    lexicons: LexiconsOpt = None,
    dimensions: DimensionsOpt = None,
    text_field: Annotated[str, typer.Option("--text-field", help="Dataset field holding the text.")] = "text",
    id_field: Annotated[str, typer.Option("--id-field", help="Dataset field holding the record id.")] = "id",
    max_chars: MaxCharsOpt = 5_000_000,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary on stderr.")] = False,
    tokenizer: TokenizerOpt = Tokenizer.jieba,
) -> None:
    """Analyse many articles in parallel: one row per paragraph to --out, and a profile per source on stdout.

    Results are the same whatever the engine and the number of workers. --resume after an interruption
    analyses only what --out does not hold yet (the last article of an interrupted CSV is redone).
    """

    def body() -> None:
        from .corpus import run_corpus
        from .report.corpus import progress, render_profiles

        cfg = _settings(lexicons, dimensions, tokenizer)
        with progress(enabled=False if quiet else None) as tick:
            result = run_corpus(_articles(paths, text_field, id_field, max_chars), out, cfg, by=by,
                                engine=engine, workers=workers, chunk_size=chunk_size, scheduler=scheduler,
                                resume=resume, on_progress=tick)
        _write([render_profiles(result.profiles, result.dimensions, by=by)], None)
        if not quiet:
            skipped = f", {result.n_skipped} already there" if resume else ""
            typer.echo(f"framing: corpus: {result.n_articles} articles, {result.n_paragraphs} paragraphs "
                       f"written to {result.out}{skipped}", err=True)

    _run(body)


class SourcesFormat(str, Enum):
    table = "table"
    json = "json"


@app.command("compare-sources")
def compare_sources(
    file: Annotated[Path, typer.Argument(help="A `framing corpus` output (.csv, or a .parquet directory).")],
    by: Annotated[str, typer.Option("--by", help="Column whose groups are compared.")] = "source",
    resamples: Annotated[int, typer.Option("--resamples", min=200, help="Bootstrap resamples and permutations.")] = 2000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed of the bootstrap and permutation tests.")] = 0,
    format: Annotated[SourcesFormat, typer.Option("--format", "-f", help="Output format.")] = SourcesFormat.table,
    output: OutputOpt = None,
) -> None:
    """Compare every source's profile with every other: per dimension and tone, with CIs over articles."""

    def body() -> None:
        from .corpus import compare_sources as run
        from .report.corpus import render_differences, render_differences_json

        diffs = run(file, by=by, resamples=resamples, seed=seed)
        if format is SourcesFormat.json:
            _write([render_differences_json(diffs), "\n"], output)
        else:
            _write([render_differences(diffs, by=by)], output)

    _run(body)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
