"""Robustness (issue 7): hostile Unicode through the whole analysis, the HTML page and compare, and the
same article in every supported encoding through ``framing analyze --format json``.

The reader's and segmenter's own properties live in test_io.py / test_segment.py, and the
coverage-guided fuzzing of both in fuzz/; this file covers what sits on top of them. Examples are
bounded (``max_examples`` <= 100, derandomised) so the file runs in well under 30 s.
"""

from __future__ import annotations

import html.parser
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from framing.analysis import analyze
from framing.cli import app
from framing.compare import compare
from framing.errors import InputError
from framing.io import article_from_text, clean_text, parse_front_matter
from framing.report.html import render_analysis_page, render_comparison_page

from conftest import DATA

BOUNDED = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI stays reproducible
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --------------------------------------------------------------------------- hostile Unicode

#: Words that hit the shipped lexicons (frames, tone, negators, contrast, naming, figures), so that the
#: offset properties are not vacuous; test_alphabet_reaches_the_scorers checks that they do.
NEWS_WORDS = (
    "美國", "出口管制", "晶片", "股價", "大跌", "暴跌", "重挫", "開源", "審查", "封鎖", "制裁", "禁令", "打壓",
    "地緣政治", "市值", "蒸發", "言論自由", "防火長城", "許可證", "GitHub", "不", "並不認為", "沒有", "但",
    "然而", "大幅", "略", "輝達", "英偉達", "川普", "特朗普", "芯片", "人工智慧", "5890億美元", "16.86%",
    "約3.07%", "表示", "指出", "據路透社報導", "創新", "崛起", "威脅", "利好", "DeepSeek", "AI",
)
HOSTILE_MARKUP = (
    "<script>alert(1)</script>", "<ScRiPt src=//x.example/a.js>", "</script>", "<img src=x onerror=alert(1)>",
    "<iframe src=javascript:alert(1)>", "<svg/onload=alert(1)>", "</p>", "</div>", "</mark>", "<!--", "-->",
    "<![CDATA[", "]]>", "&lt;script&gt;", "&#x3c;script", "\"'`", "{{ 7*7 }}", "{% raw %}", "javascript:",
)
EMOJI = (
    "😀", "👍🏽", "👨\u200d👩\u200d👧\u200d👦", "🏳\ufe0f\u200d🌈", "🇹🇼", "🇨🇳", "1\ufe0f\u20e3", "❤\ufe0f", "🧑🏻\u200d💻",
)
CJK_PUNCTUATION = tuple("。，「」『』！？、：；（）—…《》")
BIDI = tuple(chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C])
CONTROLS = tuple(chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)])
INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e", "\ufe0f")
SPACES = ("\u3000", "\u3000\u3000", "\u00a0", " ", "\t", "\u2028", "\u2029", "\u205f")
BREAKS = ("\n", "\n", "\n\n", "\r", "\r\n", "\r\n\r\n", "\n---\n")

_cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
_cjk_rare = st.one_of(
    st.characters(min_codepoint=0x3400, max_codepoint=0x4DBF),  # extension A
    st.characters(min_codepoint=0xF900, max_codepoint=0xFAFF),  # compatibility ideographs (NFC changes them)
    st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),  # extension B, outside the BMP
)
_combining = st.characters(min_codepoint=0x0300, max_codepoint=0x036F) | st.sampled_from(["\u3099", "\u309a", "\u20dd"])
PIECE = st.one_of(
    st.lists(_cjk, min_size=1, max_size=12).map("".join),
    st.sampled_from(NEWS_WORDS),
    st.sampled_from(CJK_PUNCTUATION),
    st.sampled_from(EMOJI),
    _combining,
    _cjk_rare,
    st.sampled_from(BIDI),
    st.sampled_from(CONTROLS),
    st.sampled_from(INVISIBLE),
    st.sampled_from(SPACES),
    st.sampled_from(BREAKS),
    st.sampled_from(HOSTILE_MARKUP),
    st.text(alphabet="abcXYZ0123456789 .,%-", max_size=8),
)
_PARAGRAPH = st.lists(PIECE, min_size=1, max_size=30).map("".join)
_PARAGRAPHS = st.lists(_PARAGRAPH, min_size=1, max_size=8).map("\n\n".join)
#: One run of pieces (line breaks among them), paragraphs separated by blank lines, or paragraphs under
#: front matter whose title is the first line (so the segmenter's title matching runs on hostile text too).
HOSTILE_TEXT = st.one_of(
    st.lists(PIECE, max_size=80).map("".join),
    _PARAGRAPHS,
    st.tuples(_PARAGRAPH, _PARAGRAPHS).map(lambda t: f"---\ntitle: {t[0]}\nsource: {t[0][:5]}\n---\n{t[0]}\n\n{t[1]}"),
)


@pytest.fixture(scope="module")
def analyse(cfg):
    """``analyse(text)``: the analysis of ``text`` with the session's settings, or None when io refuses
    the text for being blank (and only then). A closure, so that hypothesis prints a failing example
    without the whole lexicon set."""

    def run(text: str):
        blank = not parse_front_matter(clean_text(text))[1].strip()
        try:
            article = article_from_text(text)
        except InputError as exc:
            assert blank, f"InputError on a text with content: {exc}"
            return None
        assert not blank, "a blank text was accepted"
        return analyze(article, cfg)

    return run


def test_alphabet_reaches_the_scorers(cfg):
    a = analyze(article_from_text("，".join(NEWS_WORDS) + "。"), cfg)
    assert sum(len(p.hits) for p in a.paragraphs) >= 10
    assert sum(len(p.tone_hits) for p in a.paragraphs) >= 5
    assert a.figures


@BOUNDED
@given(text=HOSTILE_TEXT)
def test_analysis_never_raises_and_every_offset_slices_back(analyse, text):
    a = analyse(text)
    if a is None:
        return
    body = a.article.text
    covered = [0] * len(body)
    for p in a.paragraphs:
        for start, end in p.paragraph.spans:
            assert 0 <= start < end <= len(body), (start, end, len(body))
            for k in range(start, end):
                covered[k] += 1
        for h in p.hits:
            assert 0 <= h.start < h.end <= len(p.text) and p.text[h.start : h.end] == h.term, h
        for h in p.tone_hits:
            assert 0 <= h.start < h.end <= len(p.text) and p.text[h.start : h.end] == h.term, h
        for t in p.tokens:
            assert 0 <= t.start <= t.end <= len(p.text) and p.text[t.start : t.end] == t.text, t
    # nothing lost, nothing twice, with controls, bidi and emoji in the text too
    assert all(c == 1 for c, ch in zip(covered, body) if not ch.isspace())
    assert all(c <= 1 for c in covered)
    for f in a.figures:
        assert a.paragraphs[f.paragraph].text[f.start : f.end] == f.text, f
    for v in a.voices:
        for index, start, end in v.mentions:
            assert 0 <= start < end <= len(a.paragraphs[index].text), v


# --------------------------------------------------------------------------- HTML

_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


class _Page(html.parser.HTMLParser):
    """Tag balance of non-void elements, start tags seen, and the text as a reader gets it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in _VOID:
            self.errors.append(f"end tag of void element {tag} at {self.getpos()}")
        elif not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> at {self.getpos()} closes {self.stack[-1:]}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)

    @classmethod
    def of(cls, page: str) -> _Page:
        parser = cls()
        parser.feed(page)
        parser.close()
        return parser


def _scripts(page: str) -> int:
    return len(re.findall(r"<script", page, flags=re.IGNORECASE))


@pytest.fixture(scope="module")
def own_scripts(cfg) -> dict[str, int]:
    """How many ``<script`` the analysis and the comparison page templates themselves have."""
    a = analyze(article_from_text("美國擴大晶片出口管制。"), cfg)
    return {"analysis": _scripts(render_analysis_page([a])), "comparison": _scripts(render_comparison_page(compare(a, a)))}


@BOUNDED
@given(text=HOSTILE_TEXT)
def test_html_page_stays_well_formed_and_escaped(analyse, own_scripts, text):
    a = analyse(text)
    if a is None:
        return
    page = render_analysis_page([a])
    parsed = _Page.of(page)
    assert not parsed.errors, parsed.errors[:3]
    assert not parsed.stack, f"unclosed elements: {parsed.stack}"
    assert _scripts(page) == own_scripts["analysis"]
    assert sum(tag == "script" for tag, _ in parsed.tags) == own_scripts["analysis"]
    for tag, attrs in parsed.tags:
        assert tag not in ("img", "iframe", "svg") or not any(k.startswith("on") or k == "src" for k in attrs), tag
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
    shown = "".join(parsed.text)
    for p in a.paragraphs:  # every paragraph reaches the reader as text, markup included
        assert p.text in shown, p.text


# --------------------------------------------------------------------------- compare


@settings(BOUNDED, max_examples=60)
@given(text=HOSTILE_TEXT)
def test_compare_with_itself_never_leans(analyse, own_scripts, text):
    a = analyse(text)
    if a is None:
        return
    c = compare(a, a)
    for f in c.frames:
        assert f.score.leans is None and f.score.difference == 0.0, f
    assert c.tone.overall.leans is None and c.tone.overall.difference == 0.0
    assert all(d.leans is None for d in c.tone.by_dimension.values())
    page = render_comparison_page(c)  # the comparison page of hostile text stays well-formed and escaped too
    parsed = _Page.of(page)
    assert not parsed.errors and not parsed.stack, (parsed.errors[:3], parsed.stack)
    assert _scripts(page) == own_scripts["comparison"]
    assert not any(k.startswith("on") for _, attrs in parsed.tags for k in attrs)


def test_compare_with_itself_pairs_every_scored_paragraph(analyse):
    """Regression (found by the property above while checking coverage): short scored paragraphs, a two-character
    subheading or an emoji-only line, were reported as covered by only one side when an article is compared
    with itself. ``align`` keeps a pair only when it shares ``MIN_SHARED`` (3) features and reaches the
    floor, also in its ``va == vb`` branch meant to pair each paragraph with itself."""
    a = analyse("輝達重挫\n\n美國商務部宣布擴大對華晶片出口管制，輝達股價應聲下跌。\n\n背景\n\n"
                "分析師認為，中國客戶將轉向本土替代方案。\n\n😀")
    assert [p.role for p in a.paragraphs] == ["headline", "standfirst", "subheading", "body", "body"]
    c = compare(a, a)
    assert (c.coverage.only_a, c.coverage.only_b) == ((), ())
    assert [(x.a, x.b) for x in c.coverage.aligned] == [(p.index, p.index) for p in a.paragraphs if p.scored]


def test_terminal_output_carries_no_escape_sequences_from_the_text(tmp_path):
    """Regression: article text reached the terminal renderer's output with its ESC sequences (Rich strips
    only BEL, BS, VT, FF and CR), so a scraped page could clear the screen, retitle the window or worse."""
    path = tmp_path / "esc.txt"
    path.write_text("美國擴大晶片出口管制\x1b]0;PWNED\x07\n\n輝達股價\x1b[2J大跌，\x1b[8m市值蒸發。\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(path)])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout


# --------------------------------------------------------------------------- encodings, whole pipeline

ARTICLE = DATA / "articles" / "cna-h20.txt"


def _big5_safe(text: str) -> str:
    """The article without the paragraphs cp950 cannot carry (front matter kept)."""
    kept = []
    for block in text.split("\n\n"):
        try:
            block.encode("cp950")
        except UnicodeEncodeError:
            continue
        kept.append(block)
    return "\n\n".join(kept)


def _indent_and_zero_width(text: str) -> str:
    """Full-width indents and trailing full-width spaces on body lines; zero-width characters inside words."""
    meta_end = text.index("\n---\n", 4) + 5
    head, body = text[:meta_end], text[meta_end:]
    lines = [f"\u3000\u3000{line}\u3000" if line.strip() else line for line in body.split("\n")]
    body = "\n".join(lines).replace("輝達", "輝\u200b達").replace("。", "。\ufeff").replace("晶片", "晶\u00ad片")
    return head + body.replace("AI", "A\u2060I")


TEXT = _big5_safe(ARTICLE.read_text(encoding="utf-8"))
CRLF = TEXT.replace("\n", "\r\n")
VARIANTS = {
    "utf-8": TEXT.encode("utf-8"),
    "utf-8-bom": TEXT.encode("utf-8-sig"),
    "utf-16-le-bom": b"\xff\xfe" + TEXT.encode("utf-16-le"),
    "utf-16-be-bom": b"\xfe\xff" + TEXT.encode("utf-16-be"),
    "big5": TEXT.encode("cp950"),
    "gb18030": TEXT.encode("gb18030"),
    "crlf": CRLF.encode("utf-8"),
    "big5-crlf": CRLF.encode("cp950"),
    "utf-8-fullwidth-zero-width": _indent_and_zero_width(TEXT).encode("utf-8"),
    "gb18030-crlf-fullwidth-zero-width": _indent_and_zero_width(TEXT).replace("\n", "\r\n").encode("gb18030"),
    "utf-16-be-bom-fullwidth-zero-width": b"\xfe\xff" + _indent_and_zero_width(TEXT).encode("utf-16-be"),
}
#: Fields that name the file rather than describe the article.
_FILE_FIELDS = ("id", "path", "encoding", "n_chars")


def _comparable(analysis: dict) -> dict:
    """An analysis without what depends on the file's bytes (hash, path, encoding, character count)."""
    out = {k: v for k, v in analysis.items() if k != "provenance"}
    out["article"] = {k: v for k, v in analysis["article"].items() if k not in _FILE_FIELDS}
    return out


@pytest.fixture(scope="module")
def analysed_variants(tmp_path_factory) -> dict[str, dict]:
    """Every variant in one folder through one ``framing analyze FOLDER --format json`` run."""
    folder = tmp_path_factory.mktemp("encodings")
    for name, data in VARIANTS.items():
        (folder / f"{name}.txt").write_bytes(data)
    result = CliRunner().invoke(app, ["analyze", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.output
    return {Path(a["article"]["path"]).stem: a for a in json.loads(result.stdout)}


def test_the_variants_hold_the_article_in_their_encodings(analysed_variants):
    assert set(analysed_variants) == set(VARIANTS)
    encodings = {name: a["article"]["encoding"] for name, a in analysed_variants.items()}
    assert encodings == {
        "utf-8": "utf-8", "utf-8-bom": "utf-8-sig", "utf-16-le-bom": "utf-16", "utf-16-be-bom": "utf-16",
        "big5": "cp950", "gb18030": "gb18030", "crlf": "utf-8", "big5-crlf": "cp950",
        "utf-8-fullwidth-zero-width": "utf-8", "gb18030-crlf-fullwidth-zero-width": "gb18030",
        "utf-16-be-bom-fullwidth-zero-width": "utf-16",
    }
    base = analysed_variants["utf-8"]
    assert len(base["paragraphs"]) >= 8 and any(p["hits"] for p in base["paragraphs"]) and base["figures"]


@pytest.mark.parametrize("name", [n for n in VARIANTS if n != "utf-8"])
def test_every_encoding_gives_the_same_paragraphs_and_scores(analysed_variants, name):
    base, got = _comparable(analysed_variants["utf-8"]), _comparable(analysed_variants[name])
    assert [p["text"] for p in got["paragraphs"]] == [p["text"] for p in base["paragraphs"]]
    assert got == base
