"""The HTML report in a real browser: Playwright's Python API driving Debian's Chromium.

Needs ``apt-get install chromium fonts-noto-cjk`` and ``pip install playwright`` (the package only:
``playwright install`` downloads a browser and is neither possible nor needed here). One browser
serves the whole module. Screenshots of the seed report go to ``$FRAMING_SCREENSHOTS`` (default
``test-artifacts/screenshots/`` in the repository, which git ignores).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing: apt-get install -y --no-install-recommends chromium fonts-noto-cjk",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is missing: pip install playwright")

import test_html as T  # noqa: E402  (the builders of the fast tests)

from framing.report import html as H  # noqa: E402

pytestmark = pytest.mark.browser

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def pages_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("html")


@pytest.fixture(scope="module")
def seed_file(pages_dir, request) -> Path:
    path = pages_dir / "seed.html"
    if not T._pipeline_ready():
        pytest.skip("framing.io / framing.compare not available yet")
    from framing.compare import compare

    path.write_text(H.render_comparison_page(compare(*request.getfixturevalue("seed_analyses"))), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def shots() -> Path:
    d = Path(os.environ.get("FRAMING_SCREENSHOTS") or ROOT / "test-artifacts" / "screenshots")
    d.mkdir(parents=True, exist_ok=True)
    return d


class Opened:
    """A page with everything it tried to do recorded."""

    def __init__(self, browser, path: Path, *, width: int = 1400, height: int = 900, js: bool = True):
        self.context = browser.new_context(viewport={"width": width, "height": height}, java_script_enabled=js)
        self.page = self.context.new_page()
        self.url = path.as_uri()
        self.requests: list[str] = []
        self.console: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

        def dialog(d):
            self.dialogs.append(d.message)
            d.dismiss()

        self.page.on("dialog", dialog)
        self.page.goto(self.url, wait_until="load")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def opened(browser):
    made: list[Opened] = []

    def open_(path: Path, **kw) -> Opened:
        o = Opened(browser, path, **kw)
        made.append(o)
        return o

    yield open_
    for o in made:
        o.close()


# --------------------------------------------------------------------------- the seed report


def test_seed_report_loads_offline_without_errors(opened, seed_file):
    o = opened(seed_file)
    o.page.wait_for_timeout(200)
    assert o.requests == [o.url], o.requests
    assert not [c for c in o.console if c.startswith(("error", "warning"))], o.console
    assert not o.errors
    # the inline script ran under the CSP (it is allowed by its hash)
    assert o.page.evaluate("document.querySelector('.framing-report').classList.contains('js')")


def test_hits_are_visible(opened, seed_file):
    o = opened(seed_file)
    stats = o.page.evaluate("""() => {
      const marks = [...document.querySelectorAll('.tx mark[data-h]')];
      const hidden = marks.filter(m => { const r = m.getBoundingClientRect(); return !(r.width > 0 && r.height > 0); });
      const plain = marks.filter(m => getComputedStyle(m).backgroundColor === 'rgba(0, 0, 0, 0)');
      return {n: marks.length, hidden: hidden.length, plain: plain.length};
    }""")
    assert stats["n"] > 20 and stats["hidden"] == 0 and stats["plain"] == 0, stats
    first = o.page.locator(".tx mark[data-h]").first
    box = first.bounding_box()
    assert box and box["width"] > 4 and box["height"] > 4


def test_cjk_text_renders_without_tofu(opened, seed_file):
    """Each CJK character drawn on a canvas in the page's font differs from a missing glyph and from the others."""
    o = opened(seed_file)
    result = o.page.evaluate("""() => {
      const tx = document.querySelector('.tx[lang^="zh"]');
      const cs = getComputedStyle(tx);
      const c = document.createElement('canvas');
      c.width = 64; c.height = 64;
      const g = c.getContext('2d', {willReadFrequently: true});
      g.font = cs.fontSize + ' ' + cs.fontFamily;
      const draw = ch => { g.clearRect(0, 0, 64, 64); g.fillStyle = '#000'; g.textBaseline = 'top';
                           g.fillText(ch, 4, 4); return Array.from(g.getImageData(0, 0, 64, 64).data).join(','); };
      const missing = draw('\\u0378');          // an unassigned code point: whatever a missing glyph looks like
      const chars = [...'中美晶片開源審查輝達股價'];
      const drawn = chars.map(draw);
      const span = t => { const s = document.createElement('span'); s.textContent = t; tx.appendChild(s);
                          const w = s.getBoundingClientRect().width; s.remove(); return w; };
      return {family: cs.fontFamily, tofu: drawn.filter(d => d === missing).length,
              distinct: new Set(drawn).size, n: chars.length, control: draw('\\u0379') === missing,
              cjkWidth: span('中美晶片出口管制'), latinWidth: span('iiiiiiii')};
    }""")
    assert "Noto Sans CJK TC" in result["family"]
    assert result["tofu"] == 0, result
    assert result["distinct"] == result["n"], result  # tofu boxes would all look alike
    # the method does see tofu: another unassigned code point draws exactly like the first
    assert result["control"], result
    # (widths alone cannot tell: Noto's missing-glyph box is 1 em wide, like a CJK character)
    assert result["cjkWidth"] > 2 * result["latinWidth"] > 0, result


def test_each_dimension_toggle_hides_and_shows_its_highlights(opened, seed_file):
    o = opened(seed_file)
    page = o.page
    dims = page.eval_on_selector_all(".controls input[data-dim]", "els => els.map(e => e.dataset.dim)")
    assert set(dims) >= {"geopolitics", "markets", "censorship", "open_source"}
    bg = ("(sel) => { const m = document.querySelector(sel); return m ? getComputedStyle(m).backgroundColor : null; }")
    toggled = 0
    for dim in dims:
        sel = f".tx mark.d-{dim}[data-h]"
        before = page.evaluate(bg, sel)
        if before is None:
            continue  # no hit of this dimension in either seed
        others = {d: page.evaluate(bg, f".tx mark.d-{d}[data-h]") for d in dims if d != dim}
        box = page.locator(f'.controls input[data-dim="{dim}"]')
        box.click()
        assert page.evaluate("d => document.querySelector('.framing-report').classList.contains('hide-' + d)", dim)
        assert page.evaluate(bg, sel) == "rgba(0, 0, 0, 0)"
        assert {d: page.evaluate(bg, f".tx mark.d-{d}[data-h]") for d in others} == others
        box.click()
        assert page.evaluate(bg, sel) == before
        toggled += 1
    assert toggled >= 3


def test_boilerplate_toggle_and_tone_toggle(opened, seed_file):
    o = opened(seed_file)
    page = o.page
    n = page.locator(".para.unscored").count()
    assert n > 0, "the seed has captions or boilerplate"
    assert page.locator(".para.unscored").first.is_visible()
    page.locator('.controls input[data-toggle="boiler"]').click()
    assert not page.locator(".para.unscored").first.is_visible()
    page.locator('.controls input[data-toggle="boiler"]').click()
    assert page.locator(".para.unscored").first.is_visible()
    deco = "() => getComputedStyle(document.querySelector('.tx .tw')).textDecorationLine"
    assert page.evaluate(deco) == "underline"
    page.locator('.controls input[data-toggle="tone"]').click()
    assert page.evaluate(deco) == "none"


def test_keyboard_reaches_a_hit_and_its_tooltip_shows(opened, seed_file):
    o = opened(seed_file)
    page = o.page
    found = None
    for _ in range(400):
        page.keyboard.press("Tab")
        found = page.evaluate("() => { const a = document.activeElement;"
                              " return a && a.matches('.tx [data-tip]') ? a.dataset.tip : null; }")
        if found:
            break
    assert found, "Tab never reached a highlighted word"
    tip = page.evaluate("() => { const s = getComputedStyle(document.activeElement, '::after');"
                        " return {content: s.content, display: s.display, position: s.position}; }")
    assert tip["display"] == "block" and tip["position"] == "absolute"
    assert "weight" in tip["content"] and found.split(" — ")[0] in tip["content"]
    term = page.evaluate("document.activeElement.textContent")
    assert found.startswith(term.split()[0][:1])


def test_jump_buttons_move_between_aligned_pairs(opened, seed_file):
    o = opened(seed_file)
    page = o.page
    n = page.locator(".row.aligned").count()
    assert n >= 2
    nxt = page.locator('button[data-jump="1"]')
    nxt.click()
    first = page.evaluate("document.activeElement.id")
    assert first == "pair-0"
    nxt.click()
    assert page.evaluate("document.activeElement.id") == "pair-1"
    # the focused row is below the sticky controls, in view
    top = page.evaluate("document.activeElement.getBoundingClientRect().top")
    bottom = page.evaluate("document.querySelector('.articles .stick').getBoundingClientRect().bottom")
    assert bottom <= top < 900
    page.locator('button[data-jump="-1"]').click()
    assert page.evaluate("document.activeElement.id") == "pair-0"


def test_page_reads_without_javascript(opened, seed_file):
    o = opened(seed_file, js=False)
    page = o.page
    assert page.locator(".tx mark[data-h]").first.is_visible()
    assert not page.locator('button[data-jump="1"]').is_visible()  # needs script: hidden
    assert o.requests == [o.url]


def test_layout_side_by_side_on_desktop_stacked_when_narrow(opened, seed_file, shots):
    wide = opened(seed_file, width=1400)
    ra = wide.page.locator(".row.aligned").first
    a, b = ra.locator(".para").nth(0).bounding_box(), ra.locator(".para").nth(1).bounding_box()
    assert abs(a["y"] - b["y"]) < 2 and b["x"] > a["x"] + a["width"]
    wide.page.screenshot(path=str(shots / "seed-desktop-1400.png"), full_page=True)
    wide.page.screenshot(path=str(shots / "seed-desktop-1400-top.png"))
    ra.scroll_into_view_if_needed()
    wide.page.locator('button[data-jump="1"]').click()
    wide.page.screenshot(path=str(shots / "seed-desktop-1400-articles.png"))

    narrow = opened(seed_file, width=420)
    ra = narrow.page.locator(".row.aligned").first
    a, b = ra.locator(".para").nth(0).bounding_box(), ra.locator(".para").nth(1).bounding_box()
    assert abs(a["x"] - b["x"]) < 2 and b["y"] >= a["y"] + a["height"]
    assert narrow.page.evaluate("document.documentElement.scrollWidth") <= 420
    narrow.page.screenshot(path=str(shots / "seed-narrow-420.png"), full_page=True)
    narrow.page.screenshot(path=str(shots / "seed-narrow-420-top.png"))


def test_print_media_hides_controls(opened, seed_file, shots):
    o = opened(seed_file)
    o.page.emulate_media(media="print")
    assert not o.page.locator(".controls").first.is_visible()
    assert o.page.locator(".para.unscored").first.is_visible()
    o.page.pdf(path=str(shots / "seed-print.pdf"), format="A4")


# --------------------------------------------------------------------------- hostile input


def _hostile_pages(pages_dir: Path) -> list[Path]:
    a = T.hostile_analysis()
    out = []
    for name, html in (("hostile-analysis", H.render_analysis_page([a])),
                       ("hostile-comparison", H.render_comparison_page(T.comparison(a, T.analysis(T.B_PARAS))))):
        p = pages_dir / f"{name}.html"
        p.write_text(html, encoding="utf-8")
        out.append(p)
    return out


def test_hostile_article_runs_nothing(opened, pages_dir):
    pages = _hostile_pages(pages_dir)
    if T._pipeline_ready():
        from framing.analysis import analyze, settings
        from framing.io import read_path

        art = next(read_path(T.DATA / "hostile.md"))
        p = pages_dir / "hostile-file.html"
        p.write_text(H.render_analysis_page([analyze(art, settings())]), encoding="utf-8")
        pages.append(p)
    for path in pages:
        o = opened(path)
        page = o.page
        page.wait_for_timeout(150)
        page.mouse.move(300, 300)
        for el in page.locator(".tx [data-tip]").all()[:10]:
            el.focus()
        assert o.dialogs == [], (path.name, o.dialogs)
        assert page.evaluate("typeof window.__pwned") == "undefined", path.name
        assert o.requests == [o.url], (path.name, o.requests)
        assert not o.errors, o.errors
        body = page.evaluate("document.body.innerText")
        assert "<script>" in body and "alert(1)" in body
        assert page.locator("a[href^='javascript']").count() == 0
        assert page.locator("img, iframe, svg[onload]").count() == 0


# --------------------------------------------------------------------------- the notebook snippet


HOST = """<!doctype html><html><head><meta charset="utf-8"><style>body{font:13px/1.2 serif;margin:5px}</style></head>
<body><h2 id="host-h2">Notebook heading</h2><p id="host-p">host text <mark id="host-mark">host mark</mark></p>
<table id="host-table"><tr><td>cell</td></tr></table>
<div class="output">%s</div></body></html>"""


def test_fragment_does_not_restyle_the_notebook_and_its_toggles_work(opened, pages_dir):
    c = T.comparison()
    plain, embedded = pages_dir / "host-plain.html", pages_dir / "host-fragment.html"
    plain.write_text(HOST % "", encoding="utf-8")
    embedded.write_text(HOST % (H.render_fragment(c) + H.render_fragment(c.a)), encoding="utf-8")
    probe = """() => Object.fromEntries(['host-h2', 'host-p', 'host-mark', 'host-table'].map(id => {
      const s = getComputedStyle(document.getElementById(id));
      return [id, [s.fontFamily, s.fontSize, s.lineHeight, s.color, s.backgroundColor, s.margin, s.boxSizing]];
    }))"""
    before = opened(plain).page.evaluate(probe)
    o = opened(embedded)
    assert o.page.evaluate(probe) == before
    assert not o.errors and o.requests == [o.url]
    # two snippets on one page: each script drives its own report only
    reports = o.page.locator(".framing-report")
    assert reports.count() == 2
    first, second = reports.nth(0), reports.nth(1)
    first.locator('.controls input[data-dim="markets"]').click()
    cls = o.page.evaluate("[...document.querySelectorAll('.framing-report')].map(r => r.className)")
    assert "hide-markets" in cls[0] and "hide-markets" not in cls[1]
    assert second.locator(".tx mark.d-markets[data-h]").first.evaluate(
        "m => getComputedStyle(m).backgroundColor") != "rgba(0, 0, 0, 0)"
