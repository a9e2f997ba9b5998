"""Coverage-guided fuzzing of the reader and the segmenter (atheris / libFuzzer).

    python fuzz/fuzz_reader_segmenter.py -max_total_time=60          # a minute, seeded from the corpora
    python fuzz/fuzz_reader_segmenter.py CRASH_FILE                  # replay one input (e.g. a crash-* file)

Bytes in, as a file on disk would give them: :func:`framing.io.decode`, then
:func:`~framing.io.clean_text`, :func:`~framing.io.parse_front_matter` and
:func:`framing.segment.segment`. framing's own ``InputError`` (binary, undecodable bytes) is an
expected outcome; any other exception, or a broken invariant, is a crash. Checked on every input:

* ``decode``: the codec it names decodes the bytes to the text it returns;
* ``clean_text``: idempotent, keeps the number of lines, leaves no CR and no removed invisible;
* ``parse_front_matter``: the body is the cleaned text's lines after ``consumed``;
* ``segment`` (nothing lost): every non-whitespace character of its input lies in exactly one span of
  exactly one paragraph, spans are in range and do not overlap, a paragraph's text is its pieces
  (whitespace aside), indexes run 0..n-1, lines are file lines.

With no corpus directory on the command line, new inputs go to ``fuzz/corpus-work/`` (ignored by git)
and the seeds are read from ``fuzz/corpus/``, ``seeds/`` and ``tests/data/articles/``; crash files go
to ``fuzz/artifacts/``; ``fuzz/reader_segmenter.dict`` (front matter, CJK punctuation, role markers,
BOMs, bidi and invisible characters) guides the mutations. See fuzz/README.md.
"""

from __future__ import annotations

import codecs
import re
import shlex
import sys
from pathlib import Path

import atheris

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEED_DIRS = (HERE / "corpus", ROOT / "seeds", ROOT / "tests" / "data" / "articles")
WORK_DIR = HERE / "corpus-work"
ARTIFACTS = HERE / "artifacts"
DICTIONARY = HERE / "reader_segmenter.dict"

sys.path.insert(0, str(ROOT))  # the checkout, also when framing is not installed

with atheris.instrument_imports(include=["framing"]):
    from framing.errors import InputError
    from framing.io import clean_text, decode, parse_front_matter
    from framing.segment import load_rules, segment

RULES = load_rules()  # compiled once, as every real run does
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_INVISIBLE = "\ufeff\u200b\u2060\u00ad"
_ROLES = frozenset({"headline", "standfirst", "subheading", "body", "caption", "boilerplate"})


def check_decode(data: bytes, text: str, encoding: str) -> None:
    """The codec named decodes ``data`` to ``text`` (a BOM removed, nothing else changed)."""
    assert codecs.decode(data, encoding) == text, f"decode said {encoding!r}, but that codec gives other text"


def check_clean(text: str, cleaned: str) -> None:
    """clean_text: no CR, no removed invisible, lines kept, idempotent."""
    assert "\r" not in cleaned, "CR left by clean_text"
    assert not any(ch in cleaned for ch in _INVISIBLE), "invisible character left by clean_text"
    assert cleaned.count("\n") + 1 == len(_LINE_BREAK.split(text)), "clean_text changed the number of lines"
    assert clean_text(cleaned) == cleaned, "clean_text is not idempotent"


def check_front_matter(cleaned: str, meta: dict, body: str, consumed: int) -> None:
    """The body is the text after the block; without a block, the text whole."""
    if consumed == 0:
        assert body == cleaned and meta == {}, "no front matter, yet the body differs from the text"
        return
    assert cleaned.split("\n")[consumed:] == body.split("\n"), "body is not the lines after the block"
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in meta.items())


def check_nothing_lost(text: str, paras, line_offset: int) -> None:
    """Every non-whitespace character of ``text`` in exactly one span of one paragraph; spans consistent."""
    assert [p.index for p in paras] == list(range(len(paras))), "paragraph indexes are not 0..n-1"
    owner = [0] * len(text)
    n_lines = text.count("\n") + 1
    for p in paras:
        assert p.role in _ROLES, f"unknown role {p.role!r}"
        assert p.spans, f"paragraph {p.index} has no spans"
        pieces = []
        for start, end in p.spans:
            assert 0 <= start < end <= len(text), f"span {(start, end)} out of range 0..{len(text)}"
            for k in range(start, end):
                owner[k] += 1
            pieces.append(text[start:end])
        assert "".join(p.text.split()) == "".join("".join(pieces).split()), (
            f"paragraph {p.index}: text {p.text!r} is not its pieces {pieces!r}"
        )
        first, last = p.spans[0][0], p.spans[-1][0]
        expected = (text.count("\n", 0, first) + 1 + line_offset, text.count("\n", 0, last) + 1 + line_offset)
        assert p.lines == expected, f"paragraph {p.index}: lines {p.lines} != {expected}"
        assert 1 + line_offset <= p.lines[0] <= p.lines[1] <= n_lines + line_offset
    for k, ch in enumerate(text):
        if owner[k] > 1:
            raise AssertionError(f"character {k} ({ch!r}) is in {owner[k]} spans")
        if owner[k] == 0 and not ch.isspace():
            raise AssertionError(f"character {k} ({ch!r}) is in no paragraph")


def TestOneInput(data: bytes) -> None:
    """One input: read, clean, split the front matter, segment; check every step."""
    try:
        text, encoding = decode(data, path="fuzz-input")
    except InputError as exc:
        message = str(exc)
        assert message and "\n" not in message and "\r" not in message, f"InputError not one line: {message!r}"
        return
    check_decode(data, text, encoding)
    cleaned = clean_text(text)
    check_clean(text, cleaned)
    meta, body, consumed = parse_front_matter(cleaned)
    check_front_matter(cleaned, meta, body, consumed)
    paras = segment(body, line_offset=consumed, title=meta.get("title", ""), rules=RULES)
    check_nothing_lost(body, paras, consumed)


def _argv(argv: list[str]) -> list[str]:
    """Default corpus directories, dictionary and artifact prefix when the command line gives none."""
    # libFuzzer re-runs argv[0] through the shell for -minimize_crash, -fork and -jobs: make it "python SCRIPT"
    args = [shlex.join([sys.executable, str(Path(__file__).resolve())]), *argv[1:]]
    if not any(a.startswith("-dict=") for a in args[1:]):
        args.insert(1, f"-dict={DICTIONARY}")
    if not any(a.startswith("-artifact_prefix=") for a in args[1:]):
        ARTIFACTS.mkdir(exist_ok=True)
        args.insert(1, f"-artifact_prefix={ARTIFACTS}/")
    if not any(not a.startswith("-") for a in args[1:]):
        WORK_DIR.mkdir(exist_ok=True)
        args += [str(WORK_DIR)] + [str(d) for d in SEED_DIRS if d.is_dir()]
    return args


def main() -> None:
    atheris.Setup(_argv(sys.argv), TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
