"""The ``framing`` command: thin commands that parse options, call one library function and
hand the result to one renderer. Data goes to stdout, messages to stderr; a problem with the
input is one line on stderr and a non-zero exit code (see the README's table), never a
traceback unless ``--debug``.
"""

from __future__ import annotations

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


def _settings(lexicons: Optional[Path], dimensions: Optional[str]):
    from .analysis import settings

    dims = [d.strip() for d in dimensions.split(",") if d.strip()] if dimensions else None
    return settings(lexicons, dimensions=dims)


def _articles(paths: list[str], text_field: str, id_field: str, max_chars: int) -> Iterator:
    from .io import read_paths

    return read_paths(paths, text_field=text_field, id_field=id_field, max_chars=max_chars, on_warning=_warn)


LexiconsOpt = Annotated[Optional[Path], typer.Option("--lexicons", help="Directory of lexicon TOML files replacing the shipped set.")]
DimensionsOpt = Annotated[Optional[str], typer.Option("--dimensions", help="Comma-separated dimensions to score (default: all).")]
OutputOpt = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file instead of stdout.")]
HtmlOpt = Annotated[Optional[Path], typer.Option("--html", help="Also write a self-contained annotated HTML report here.")]
MaxCharsOpt = Annotated[int, typer.Option("--max-chars", help="Refuse articles longer than this many characters.")]


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
) -> None:
    """Score every paragraph of each article: role, frames, tone and the words behind them."""

    def body() -> None:
        from .analysis import analyze as run

        cfg = _settings(lexicons, dimensions)
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

        return [render_analyses(analyses), "\n"]
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
) -> None:
    """Compare how two sources cover the same event: frames, tone, omissions, figures, voices, naming."""

    def body() -> None:
        from .analysis import analyze as run
        from .compare import compare as run_compare
        from .errors import InputError

        cfg = _settings(lexicons, dimensions)
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
    gold: Annotated[Path, typer.Argument(help="Hand-coded paragraphs (JSONL or CSV, CODEBOOK.md's format).")],
    format: Annotated[EvaluateFormat, typer.Option("--format", "-f", help="Output format.")] = EvaluateFormat.table,
    lexicons: LexiconsOpt = None,
    dimensions: DimensionsOpt = None,
    worst: Annotated[int, typer.Option("--worst", help="How many disagreements to list.")] = 15,
    output: OutputOpt = None,
) -> None:
    """Agreement of the tool with hand coding: per-dimension P/R/F1/kappa, tone accuracy/F1/kappa."""

    def body() -> None:
        from .evaluate import evaluate as run
        from .evaluate import read_gold

        result = run(read_gold(gold), _settings(lexicons, dimensions), worst=worst)
        if format is EvaluateFormat.json:
            from .report.jsonout import dumps

            _write([dumps(result), "\n"], output)
        else:
            from .report.agreement import render_markdown, render_table

            _write([render_markdown(result) if format is EvaluateFormat.markdown else render_table(result)], output)

    _run(body)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
