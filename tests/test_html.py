"""The annotated HTML report (framing/report/html.py): structure, evidence marks, escaping, offline-ness, size.

Fast tests: no browser. They run on Analysis/Comparison objects built here from the model
dataclasses (overlaps and hostile text made to order) and on the real seed comparison.
The browser tests (tests/test_browser.py) reuse the builders below.
"""

from __future__ import annotations

import re
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pytest

from framing.model import (
    AlignedPair,
    Analysis,
    Article,
    Comparison,
    Coverage,
    Difference,
    Figure,
    FigurePair,
    FrameDifference,
    FrameSummary,
    Hit,
    KeyTerm,
    Keyness,
    Naming,
    Paragraph,
    ParagraphScore,
    Summary,
    Tone,
    ToneComparison,
    ToneHit,
    Voice,
)
from framing.report import html as H

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data" / "html"
SEED_A = ROOT / "seeds" / "000_b17e242d43d4bd15.txt"
SEED_B = ROOT / "seeds" / "004_eaafd85f2bd1e479.txt"
DIMS = ("censorship", "geopolitics", "markets", "open_source")
HOSTILE_TITLE = '"><svg onload=alert(1)>'
HOSTILE_SOURCE = "<img src=x onerror=alert(1)>"
HOSTILE_URL = "javascript:alert(document.domain)"

# --------------------------------------------------------------------------- builders

#: term -> dimension, found wherever it occurs in a built paragraph
TERMS = {"出口管制": "geopolitics", "晶片": "geopolitics", "中美": "geopolitics", "拋售": "markets", "股價": "markets",
         "市值": "markets", "開源": "open_source", "開源模型": "open_source", "審查": "censorship",
         "晶片出口": "markets", "<script>": "censorship"}
TONE = {"下跌": -1, "暴跌": -1, "蒸發": -1, "驚嘆": 1, "突破": 1, "挑戰": -1}


def find_all(text: str, term: str) -> list[int]:
    out, k = [], text.find(term)
    while k >= 0:
        out.append(k)
        k = text.find(term, k + 1)
    return out


def score(index: int, role: str, text: str, *, negate: tuple[str, ...] = (), line: int = 1) -> ParagraphScore:
    """A ParagraphScore with every TERMS/TONE occurrence as a hit (overlaps included)."""
    scored = role in ("headline", "standfirst", "subheading", "body")
    hits, tone_hits = [], []
    if scored:
        for term, dim in TERMS.items():
            for k in find_all(text, term):
                hits.append(Hit(term, dim, k, k + len(term), 1.0 if len(term) > 2 else 0.5, term in negate, term))
        for term, pol in TONE.items():
            for k in find_all(text, term):
                neg = term in negate
                tone_hits.append(ToneHit(term, pol, k, k + len(term), neg, 1.0, -pol * 0.75 if neg else float(pol),
                                         ("negator:不",) if neg else (), term))
    hits.sort(key=lambda h: (h.start, h.end))
    tone_hits.sort(key=lambda h: h.start)
    scores = {d: sum(h.weight for h in hits if h.dimension == d) * 10.0 for d in DIMS}
    present = tuple(d for d in DIMS if scores[d] >= 5)
    primary = max(present, key=lambda d: scores[d]) if present else None
    lex = max(-1.0, min(1.0, sum(t.value for t in tone_hits) / 2))
    tone = Tone(0.1 if scored else None, lex, 0.8 * lex + 0.02, (lex > 0.15) - (lex < -0.15)) if scored else \
        Tone(None, 0.0, 0.0, 0)
    para = Paragraph(index, role, text, (line, line + text.count("\n")), ((0, len(text)),),
                     "" if scored else "subscription plea")
    return ParagraphScore(para, max(1, len(text) // 2), scores, present, primary, tone, tuple(hits), tuple(tone_hits))


def analysis(paragraphs: list[tuple[str, str]], *, title: str = "測試文章", source: str = "測試", url: str = "",
             date: str = "2025-01-28", script: str = "traditional", negate: tuple[str, ...] = ()) -> Analysis:
    ps = tuple(score(i, role, text, negate=negate, line=2 * i + 1) for i, (role, text) in enumerate(paragraphs))
    text = "\n\n".join(t for _, t in paragraphs)
    scored = [p for p in ps if p.scored]
    frames = {d: FrameSummary(0.25, sum(d in p.present for p in scored),
                              sum(p.scores[d] for p in scored) / max(1, len(scored))) for d in DIMS}
    summary = Summary(frames, sum(p.tone.score for p in scored) / max(1, len(scored)), {"markets": -0.3},
                      len(scored))
    art = Article(f"{source}-1", text, path=f"/tmp/{source}.txt", source=source, title=title, date=date, url=url,
                  sha256="ab" * 32)
    figs = tuple(Figure("17%", 17.0, "%", "percent", p.index, 0, 3, about="英偉達 股價")
                 for p in ps if "17%" in p.text)
    voices = (Voice("梁文鋒", "person", (1,), ("表示",)),)
    prov = {"tool": "framing 0.1.0", "input_sha256": "ab" * 32, "lexicons_sha256": "cd" * 32}
    return Analysis(art, script, DIMS, ps, summary, figs, voices, Naming("taiwan", ("輝達",), {"taiwan": 1}), prov)


def diff(a: float, b: float, lo: float, hi: float) -> Difference:
    return Difference(a, b, a - b, (lo, hi), 0.01 if lo > 0 or hi < 0 else 0.4,
                      ("a" if lo > 0 else "b") if (lo > 0 or hi < 0) else None)


A_PARAS = [
    ("headline", "美國擴大晶片出口管制，中美科技戰升溫"),
    ("body", "美國商務部宣布擴大對華晶片出口管制，輝達股價應聲下跌，市值蒸發。"),
    ("caption", "圖為北京一部手機的螢幕。攝：Andy Wong/AP"),
    ("boilerplate", "新春快樂！端傳媒新聞不停歇，邀請你今天就成為會員。"),
    ("body", "DeepSeek發布開源模型，性能令人驚嘆，並不是審查問題。"),
    ("body", "有分析認為中美差距縮小，但晶片出口仍受限。"),
    ("body", "英偉達股價暴跌17%，市場出現拋售。"),
]
B_PARAS = [
    ("headline", "DeepSeek新模型引發美國科技股拋售"),
    ("body", "英偉達股價暴跌17%，導致市值損失約6000億美元。"),
    ("subheading", "市場反應分析"),
    ("body", "該公司採用的開源模型方法，挑戰了訂閱式商業模式。"),
    ("body", "美國擴大晶片出口管制，輝達股價下跌。"),
    ("body", "阿里巴巴的雲計算部門報告收入增長。"),
]


def comparison(a: Analysis | None = None, b: Analysis | None = None) -> Comparison:
    """A hand-made comparison with crossing alignments, omissions and every summary filled in."""
    a = a or analysis(A_PARAS, title="美國擴大晶片出口管制", source="端傳媒", url="https://theinitium.com/article/x")
    b = b or analysis(B_PARAS, title="DeepSeek新AI模型加劇全球競爭", source="Sohu", script="traditional")
    frames = (
        FrameDifference("markets", diff(3.1, 6.2, -5.0, -1.1), 0.4, 0.8, ("markets",), ("markets",)),
        FrameDifference("geopolitics", diff(5.0, 1.0, 1.5, 6.5), 0.6, 0.2, ("geopolitics",), ()),
        FrameDifference("open_source", diff(1.2, 1.6, -1.9, 1.1), 0.2, 0.2),
        FrameDifference("censorship", diff(0.4, 0.0, -0.2, 1.0), 0.2, 0.0),
    )
    tone = ToneComparison(diff(-0.12, -0.35, -0.1, 0.55), {"markets": diff(-0.3, -0.5, -0.4, 0.8)},
                          (("a", 4, 0.6, -0.4),))
    keyness = Keyness((KeyTerm("出口管制", 3, 0, 9.1, 0.003),), (KeyTerm("代理", 0, 4, 8.0, 0.005),), "")
    coverage = Coverage(
        aligned=(AlignedPair(0, 4, 0.52), AlignedPair(1, 4, 0.61), AlignedPair(6, 1, 0.7), AlignedPair(4, 3, 0.45)),
        only_a=(5,), only_b=(5,), floor=0.3, only_a_frames={"geopolitics": (5,)}, only_b_frames={})
    f17a = Figure("17%", 17.0, "%", "percent", 6, 4, 7, about="英偉達 股價")
    f17b = Figure("17%", 17.0, "%", "percent", 1, 4, 7, about="英偉達 股價")
    numbers = (FigurePair("英偉達 股價", f17a, f17b, True),
               FigurePair("市值", Figure("5890億美元", 5.89e11, "USD", "money", 1, 0, 5), None, None),
               FigurePair("市值損失", Figure("5890億美元", 5.89e11, "USD", "money", 1, 0, 5),
                          Figure("6000億美元", 6e11, "USD", "money", 1, 0, 5), False, "1.9% apart"))
    return Comparison(a, b, frames, tone, keyness, coverage, numbers,
                      (Voice("梁文鋒", "person", (4,)),), (Voice("Robert Lea", "person", (5,)),),
                      Naming("taiwan", ("輝達",)), Naming("mainland", ("英偉達", "芯片")),
                      {"resamples": 2000, "seed": 0})


def hostile_analysis() -> Analysis:
    return analysis([
        ("headline", HOSTILE_TITLE + "晶片出口管制"),
        ("body", "<script>window.__pwned=1;alert(1)</script>美國晶片出口管制，股價下跌。"),
        ("body", '<img src=x onerror="window.__pwned=1;alert(1)">開源模型<svg onload=alert(1)>審查'),
        ("caption", '<a href="javascript:alert(1)">x</a><iframe src="https://example.com/"></iframe>'),
        ("body", "{{ 7*7 }} {% raw %} </textarea></title></script> &lt;b&gt; &amp; &#x3c;script&#x3e;"),
    ], title=HOSTILE_TITLE, source=HOSTILE_SOURCE, url=HOSTILE_URL, date="<script>alert(1)</script>")


def big_analysis(n_chars: int, *, source: str, paras=A_PARAS) -> Analysis:
    """An article of about ``n_chars`` characters made by repeating realistic paragraphs."""
    out, size, k = [("headline", paras[0][1])], 0, 0
    body = [p for p in paras if p[0] != "headline"]
    while size < n_chars:
        role, text = body[k % len(body)]
        out.append((role, text))
        size += len(text)
        k += 1
    return analysis(out, source=source)


# --------------------------------------------------------------------------- HTML checks


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Tree(HTMLParser):
    """Checks that tags balance and collects elements with their attributes and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict, list]] = []
        self.errors: list[str] = []
        self.elements: list[tuple[str, dict, list]] = []  # (tag, attrs, text parts)
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        el = (tag, dict(attrs), [])
        self.elements.append(el)
        if tag not in VOID:
            self.stack.append(el)

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs), []))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1][0] if self.stack else None}> at {self.getpos()}")
            return
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)
        for el in self.stack:
            el[2].append(data)

    def close(self):
        super().close()
        if self.stack:
            self.errors.append(f"unclosed: {[t for t, _, _ in self.stack]}")


def parse(html: str) -> Tree:
    t = Tree()
    t.feed(html)
    t.close()
    return t


def marks_by_hit(tree: Tree) -> dict[str, str]:
    """data-h -> the text of all the parts of that hit, joined."""
    out: dict[str, str] = defaultdict(str)
    for tag, attrs, text in tree.elements:
        if "data-h" in attrs:
            out[attrs["data-h"]] += "".join(text)
    return out


def assert_safe(html: str) -> Tree:
    """No element or attribute an attacker could use; only our own script."""
    tree = parse(html)
    assert not tree.errors, tree.errors[:5]
    scripts = [el for el in tree.elements if el[0] == "script"]
    assert len(scripts) <= 1
    for tag, attrs, _ in tree.elements:
        assert tag not in ("iframe", "img", "object", "embed", "link", "base", "form", "textarea", "frame"), tag
        for k, v in attrs.items():
            assert not k.startswith("on"), (tag, k, v)
            assert k not in ("src", "srcset", "xlink:href", "formaction", "action"), (tag, k)
            if k == "href":
                assert v.startswith("#") or re.match(r"^https?://", v), (tag, v)
        if tag == "svg":
            assert set(attrs) <= {"class", "role", "viewbox", "width", "height", "aria-label", "aria-hidden"}, attrs
    assert "<script>alert" not in html and "<script>window" not in html
    unquoted = re.sub(r'"[^"]*"', '""', html)  # attribute values (escaped) may mention onload= as text
    assert not re.search(r"<[a-zA-Z]+\s[^>]*\bon\w+\s*=", unquoted)
    assert "javascript:" not in "".join(v or "" for _, attrs, _ in tree.elements for v in attrs.values()
                                        if attrs is not None and v and v.startswith("javascript"))
    return tree


def assert_offline(html: str) -> None:
    """Nothing that could load a resource: no src, no <link>, no url(...) other than data:, no @import."""
    tree = parse(html)
    for tag, attrs, _ in tree.elements:
        assert "src" not in attrs and tag != "link", (tag, attrs)
    styles = "".join("".join(t) for tag, _, t in tree.elements if tag == "style")
    assert "@import" not in styles
    assert not re.search(r"url\(\s*['\"]?(?!data:)", styles)
    assert "@font-face" not in styles
    # every http(s) string is either an escaped text node or a user-clicked <a href>, never a resource
    for m in re.finditer(r"https?://", html):
        before = html[max(0, m.start() - 200) : m.start()]
        assert re.search(r'<a href="$', before) or ">" in before.split("<")[-1] or "&" in before[-30:], before[-80:]


# --------------------------------------------------------------------------- annotate


def test_annotate_plain_text_is_escaped():
    assert str(H.annotate("<b>&", (), ())) == "&lt;b&gt;&amp;"


def test_annotate_marks_each_hit_with_its_term():
    a = analysis(A_PARAS)
    for p in a.paragraphs:
        html = str(H.annotate(p.text, p.hits, p.tone_hits, prefix="x-"))
        tree = parse(f"<p>{html}</p>")
        assert not tree.errors
        got = marks_by_hit(tree)
        for k, h in enumerate(p.hits):
            assert got[f"x-h{k}"] == h.term
        for k, t in enumerate(p.tone_hits):
            assert got[f"x-t{k}"] == t.term
        assert "".join(tree.text) == p.text


def test_overlapping_hits_nest_or_split():
    text = "擴大晶片出口管制措施"
    hits = (Hit("晶片出口", "markets", 2, 6, 1.0), Hit("出口管制", "geopolitics", 4, 8, 1.0),
            Hit("晶片", "geopolitics", 2, 4, 0.5))
    tone = (ToneHit("出口", -1, 4, 6, value=-1.0),)
    html = str(H.annotate(text, hits, tone))
    tree = parse(f"<p>{html}</p>")
    assert not tree.errors
    got = marks_by_hit(tree)
    assert [got[f"h{k}"] for k in range(3)] == ["晶片出口", "出口管制", "晶片"]
    assert got["t0"] == "出口"
    assert "".join(tree.text) == text
    # the crossing hit is split into a first part and a continuation; only the first is focusable
    parts = [(tag, attrs) for tag, attrs, _ in tree.elements if attrs.get("data-h") == "h1"]
    assert len(parts) == 2 and "cont" in parts[1][1]["class"]
    assert parts[0][1]["tabindex"] == "0" and "tabindex" not in parts[1][1]
    # same characters in two dimensions: both marks, nested
    same = str(H.annotate("開源", (Hit("開源", "open_source", 0, 2, 1.0), Hit("開源", "markets", 0, 2, 1.0)), ()))
    assert same.count("<mark") == 2 and same.endswith("</mark></mark>")


def test_negated_and_tone_hits_are_marked_and_explained():
    text = "並不認為這是審查問題，股價沒有下跌"
    h = Hit("審查", "censorship", 6, 8, 1.0, negated=True, entry="審查")
    t = ToneHit("下跌", -1, 15, 17, negated=True, value=0.75, rules=("negator:沒有",))
    html = str(H.annotate(text, (h,), (t,)))
    assert 'class="hit d-censorship neg"' in html
    assert 'class="tw pos negated"' in html  # a negated negative word counts positive: solid underline
    tree = parse(f"<p>{html}</p>")
    tips = [attrs["data-tip"] for _, attrs, _ in tree.elements if "data-tip" in attrs]
    assert any("Censorship" in x and "weight 1" in x and "lexicon entry" in x and "negated" in x for x in tips)
    assert any("negative tone word" in x and "negator:沒有" in x and "+0.75" in x for x in tips)
    titles = [attrs["title"] for _, attrs, _ in tree.elements if "data-tip" in attrs]
    assert titles == tips


def test_bad_offsets_do_not_break_the_page():
    html = str(H.annotate("短文", (Hit("x", "markets", 5, 9, 1.0), Hit("短", "markets", 1, 1, 1.0)), ()))
    assert html == "短文"


def test_unknown_dimension_and_bad_colour_fall_back():
    class Lex:
        color = "red;}</style><script>alert(1)</script>"
        label = {"en": "<b>x</b>"}

    class Set:
        lexicons = {"health": Lex()}

    styles = H.dimension_styles(["health", "Weird Name!"], Set())
    assert re.match(r"^#[0-9A-F]{6}$", styles["health"].color)
    assert styles["Weird Name!"].cls == "weird-name-"
    assert styles["markets" if "markets" in styles else "health"].tint.startswith("rgba(")


def test_safe_url():
    assert H.safe_url("https://example.com/a?b=1") == "https://example.com/a?b=1"
    assert H.safe_url("http://x.org") == "http://x.org"
    for bad in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,<script>",
                "//evil.com", "https:evil", "java\tscript:alert(1)", "vbscript:x", "", "http://a b"):
        assert H.safe_url(bad) is None, bad


# --------------------------------------------------------------------------- pages on built objects


@pytest.fixture(scope="module")
def built_page() -> str:
    return H.render_comparison_page(comparison())


def test_comparison_page_is_well_formed_and_complete(built_page):
    tree = assert_safe(built_page)
    assert built_page.startswith("<!doctype html>")
    c = comparison()
    got = marks_by_hit(tree)
    for side, an in (("a", c.a), ("b", c.b)):
        for p in an.paragraphs:
            for k, h in enumerate(p.hits):
                assert got[f"{side}-p{p.index}-h{k}"] == h.term
    ids = [attrs["id"] for _, attrs, _ in tree.elements if "id" in attrs]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for _, attrs, _ in tree.elements:  # every in-page link lands somewhere
        if attrs.get("href", "").startswith("#"):
            assert attrs["href"][1:] in ids, attrs["href"]


def test_summary_shows_findings_sections_and_tables(built_page):
    from framing.report import story

    c = comparison()
    from markupsafe import escape

    for s in story.findings(c):
        assert str(escape(s)) in built_page
    for title, lines in story.sections(c):
        assert str(escape(title)) in built_page
    assert built_page.count('<svg class="chart wide"') == 2 and built_page.count('<svg class="chart narrow"') == 2
    assert "✗ disagree" in built_page and "✓ agree" in built_page
    assert "梁文鋒" in built_page and "Robert Lea" in built_page and "mainland" in built_page
    assert "出口管制" in built_page and "G²" in built_page


def test_rows_pair_aligned_paragraphs_in_reading_order(built_page):
    c = comparison()
    rows = H._rows(c, H.dimension_styles(DIMS), "")
    # one-to-one, most similar first: (6,1) (1,4) (4,3); the longest chain in order on both sides is (1,4)?
    # A order 1 < 4 < 6 with B 4, 3, 1: only one pair fits a monotone chain; the others link across.
    seq_a = [r["a"]["index"] for r in rows if r["a"]]
    seq_b = [r["b"]["index"] for r in rows if r["b"]]
    assert seq_a == sorted(seq_a) == [p.index for p in c.a.paragraphs]
    assert seq_b == sorted(seq_b) == [p.index for p in c.b.paragraphs]
    aligned = [(r["a"]["index"], r["b"]["index"]) for r in rows if r["kind"] == "aligned"]
    assert len(aligned) == 1 and aligned[0] in {(6, 1), (1, 4), (4, 3)}
    statuses = {(r["side"], (r["a"] or r["b"])["index"]): (r["a"] or r["b"])["status"]
                for r in rows if r["kind"] == "single"}
    assert statuses[("a", 5)] == "only" and statuses[("b", 5)] == "only"
    assert statuses[("a", 3)] == ""  # boilerplate: neither aligned nor an omission
    assert "elsewhere" in statuses.values()
    assert "not in B" in built_page and "not in A" in built_page and "only in A" in built_page


def test_monotone_alignment_puts_every_pair_on_a_row():
    c = comparison()
    from dataclasses import replace

    cov = replace(c.coverage, aligned=(AlignedPair(0, 0, 0.5), AlignedPair(1, 4, 0.6), AlignedPair(6, 5, 0.3)))
    rows = H._rows(replace(c, coverage=cov), H.dimension_styles(DIMS), "")
    aligned = [(r["a"]["index"], r["b"]["index"]) for r in rows if r["kind"] == "aligned"]
    assert aligned == [(0, 0), (1, 4), (6, 5)]
    assert [r["id"] for r in rows if r["kind"] == "aligned"] == ["pair-0", "pair-1", "pair-2"]


def test_page_is_offline_with_a_csp_that_allows_only_its_own_script(built_page):
    assert_offline(built_page)
    m = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', built_page)
    assert m, "CSP meta missing"
    policy = m.group(1).replace("&#39;", "'")
    assert "default-src 'none'" in policy and "connect-src 'none'" in policy and "img-src data:" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert built_page.index("Content-Security-Policy") < built_page.index("<style>")
    # the inline script's hash is the one the CSP allows
    import base64
    import hashlib

    script = re.search(r"<script>(.*?)</script>", built_page, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy


def test_page_declares_languages_and_a_cjk_font_stack(built_page):
    assert '<html lang="en">' in built_page
    assert 'lang="zh-Hant"' in built_page
    for font in ("Noto Sans CJK TC", "Noto Sans CJK SC", "Source Han Sans", "PingFang TC", "PingFang SC",
                 "Hiragino Sans", "Microsoft JhengHei", "Microsoft YaHei", "sans-serif"):
        assert font in built_page
    simp = H.render_analysis_page([analysis(A_PARAS, script="simplified")])
    assert 'lang="zh-Hans"' in simp


def test_controls_colours_and_print_css(built_page):
    for d, colour in (("geopolitics", "#D55E00"), ("markets", "#0072B2"), ("censorship", "#CC79A7"),
                      ("open_source", "#009E73")):
        assert f'data-dim="{d}"' in built_page
        assert f".d-{d}{{--c:{colour}" in built_page
    assert 'data-toggle="boiler"' in built_page and 'data-jump="1"' in built_page
    assert "@media print" in built_page and "@media (max-width:760px)" in built_page


def test_provenance_is_in_the_page(built_page):
    assert built_page.count("ab" * 32) >= 2 and "cd" * 32 in built_page and "framing 0.1.0" in built_page


def test_url_is_a_link_only_when_http():
    page = H.render_comparison_page(comparison())
    assert '<a href="https://theinitium.com/article/x" rel="noopener noreferrer nofollow"' in page
    hostile = H.render_analysis_page([hostile_analysis()])
    assert "javascript:alert(document.domain)" in hostile  # shown, as text
    assert 'href="javascript' not in hostile


def test_hostile_text_and_metadata_stay_text():
    a = hostile_analysis()
    c = comparison(a, analysis(B_PARAS, title=HOSTILE_TITLE, url="JAVASCRIPT:alert(1)"))
    for page in (H.render_analysis_page([a]), H.render_comparison_page(c), H.render_fragment(a), H.render_fragment(c)):
        tree = assert_safe(page)
        assert_offline(page)
        text = "".join(tree.text)
        assert HOSTILE_TITLE in text and "<script>window.__pwned=1;alert(1)</script>" in text
        assert "{{ 7*7 }}" in text and "49" not in text.replace("2049", "")
        got = marks_by_hit(tree)
        assert "<script>" in got.values()  # a hit on hostile characters is still an escaped mark


def test_analysis_page_for_several_articles():
    a, b = analysis(A_PARAS), analysis(B_PARAS, source="Sohu")
    page = H.render_analysis_page([a, b])
    tree = assert_safe(page)
    assert page.count('<svg class="chart wide"') == 2
    assert 'id="art-0"' in page and 'id="art-1"' in page
    got = marks_by_hit(tree)
    for k, an in enumerate((a, b)):
        for p in an.paragraphs:
            for j, h in enumerate(p.hits):
                assert got[f"x{k}-p{p.index}-h{j}"] == h.term
    assert H.render_analysis_page([]).count("No articles.") == 1
    assert H.render_analysis_page(a) == H.render_analysis_page([a])


def test_fragment_is_scoped_and_has_no_document_wrapper():
    c = comparison()
    frag = H.render_fragment(c, prefix="nb1-")
    assert frag.startswith('<div class="framing-report fragment">') and frag.rstrip().endswith("</div>")
    for tag in ("<html", "<head>", "<body", "<!doctype", "<meta"):
        assert tag not in frag.lower()
    assert_safe(frag)
    style = re.search(r"<style>(.*?)</style>", frag, re.S).group(1)
    style = re.sub(r"/\*.*?\*/", "", style, flags=re.S)
    for block in re.findall(r"(?:^|})\s*([^{}@]+)\{", style):
        for sel in block.split(","):
            sel = sel.strip()
            if sel and not sel.startswith(("from", "to")) and not re.match(r"^\d", sel):
                assert sel.startswith(".framing-report"), sel
    assert 'id="nb1-a-p1"' in frag and 'href="#nb1-pair-0"' not in frag.replace('id="nb1-pair-0"', "")
    assert H.render_fragment(c) != H.render_fragment(c)  # fresh ids each time, two snippets do not collide
    assert "<html" not in H.render_fragment(c.a) and "<html" not in H.render_fragment([c.a, c.b])
    with pytest.raises(TypeError):
        H.render_fragment("not an analysis")  # type: ignore[arg-type]


def test_rendering_is_deterministic_and_does_not_mutate():
    import copy

    c = comparison()
    before = copy.deepcopy(c)
    assert H.render_comparison_page(c) == H.render_comparison_page(c)
    assert c == before


def test_size_of_two_20000_character_articles_is_under_5_mb():
    a = big_analysis(20_000, source="A")
    b = big_analysis(20_000, source="B", paras=B_PARAS)
    assert a.n_chars >= 20_000 and b.n_chars >= 20_000
    c = comparison(a, b)
    page = H.render_comparison_page(c)
    size = len(page.encode("utf-8"))
    assert size < 5_000_000, size
    assert_safe(page)


# --------------------------------------------------------------------------- the real seed comparison


def _pipeline_ready() -> bool:
    try:
        import framing.analysis  # noqa: F401
        import framing.compare  # noqa: F401
        import framing.io  # noqa: F401
    except ImportError:
        return False
    return True


needs_pipeline = pytest.mark.skipif(not _pipeline_ready(), reason="framing.io / framing.compare not available yet")


@pytest.fixture(scope="module")
def seed_comparison(seed_analyses):
    from framing.compare import compare

    return compare(*seed_analyses)


@pytest.fixture(scope="module")
def seed_page(seed_comparison) -> str:
    return H.render_comparison_page(seed_comparison)


@needs_pipeline
def test_seed_report_marks_every_hit_and_is_under_1_mb(seed_page, seed_comparison):
    size = len(seed_page.encode("utf-8"))
    assert size < 1_000_000, size
    tree = assert_safe(seed_page)
    assert_offline(seed_page)
    got = marks_by_hit(tree)
    n = 0
    for side, an in (("a", seed_comparison.a), ("b", seed_comparison.b)):
        for p in an.paragraphs:
            for k, h in enumerate(p.hits):
                assert got[f"{side}-p{p.index}-h{k}"] == h.term == p.text[h.start:h.end]
                n += 1
            for k, t in enumerate(p.tone_hits):
                assert got[f"{side}-p{p.index}-t{k}"] == t.term
    assert n > 20
    ids = [attrs["id"] for _, attrs, _ in tree.elements if "id" in attrs]
    assert len(ids) == len(set(ids))
    for _, attrs, _ in tree.elements:
        if attrs.get("href", "").startswith("#"):
            assert attrs["href"][1:] in ids, attrs["href"]


@needs_pipeline
def test_seed_report_rows_keep_reading_order_and_every_paragraph(seed_comparison):
    rows = H._rows(seed_comparison, H.dimension_styles(seed_comparison.a.dimensions), "")
    seq_a = [r["a"]["index"] for r in rows if r["a"]]
    seq_b = [r["b"]["index"] for r in rows if r["b"]]
    assert seq_a == [p.index for p in seed_comparison.a.paragraphs]
    assert seq_b == [p.index for p in seed_comparison.b.paragraphs]
    n_aligned = sum(r["kind"] == "aligned" for r in rows)
    assert 0 < n_aligned <= len(seed_comparison.coverage.aligned)


@needs_pipeline
def test_seed_report_carries_provenance_and_languages(seed_page, seed_comparison):
    for an in (seed_comparison.a, seed_comparison.b):
        for v in an.provenance.values():
            assert v in seed_page
    assert 'lang="zh-Hant"' in seed_page


@needs_pipeline
def test_hostile_file_through_the_pipeline(cfg):
    from framing.analysis import analyze
    from framing.io import read_path

    art = next(read_path(DATA / "hostile.md"))
    a = analyze(art, cfg)
    page = H.render_analysis_page([a])
    tree = assert_safe(page)
    assert_offline(page)
    text = "".join(tree.text)
    assert "<script>" in text and "onerror" in text
    assert 'href="javascript' not in page.lower()


def _grow(text: str, n_chars: int) -> str:
    """A realistic long article: the seed's paragraphs repeated until there are ``n_chars`` characters."""
    paras = [p for p in text.split("\n\n") if p.strip()]
    out: list[str] = []
    k = 0
    while sum(len(p) for p in out) < n_chars:
        out.append(paras[k % len(paras)])
        k += 1
    return "\n\n".join(out)


@needs_pipeline
def test_report_of_two_20000_character_articles_through_the_pipeline_is_under_5_mb(cfg):
    from framing.analysis import analyze
    from framing.compare import compare
    from framing.io import article_from_text

    a, b = (analyze(article_from_text(_grow(p.read_text(encoding="utf-8"), 21_000)), cfg) for p in (SEED_A, SEED_B))
    assert a.n_chars >= 20_000 and b.n_chars >= 20_000
    page = H.render_comparison_page(compare(a, b))
    size = len(page.encode("utf-8"))
    assert size < 5_000_000, size
    tree = assert_safe(page)
    assert sum(1 for _, attrs, _ in tree.elements if "data-h" in attrs) > 500


@needs_pipeline
def test_analysis_page_of_the_seeds(seed_analyses):
    page = H.render_analysis_page(list(seed_analyses))
    assert len(page.encode()) < 1_000_000
    assert_safe(page)
    assert_offline(page)
