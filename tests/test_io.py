"""Reading: encodings, cleaning, front matter, HTML, datasets, paths and their errors."""

from __future__ import annotations

import ast
import doctest
import hashlib
import json
import re
import socket
import subprocess
import sys
import tracemalloc
from pathlib import Path

import opencc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import framing.io as fio
from framing.errors import InputError, UsageError
from framing.io import (
    article_from_text,
    clean_text,
    decode,
    parse_front_matter,
    read_html,
    read_path,
    read_paths,
)

ROOT = Path(__file__).parents[1]
SEED = ROOT / "seeds" / "000_b17e242d43d4bd15.txt"
DATA = Path(__file__).parent / "data" / "io"

SEED_TEXT = SEED.read_text(encoding="utf-8")
# The seed has three characters Big5 lacks (two simplified forms and a no-break space);
# replacing them gives one text that every encoding under test can carry.
BIG5_SAFE = SEED_TEXT.replace("资", "資").replace("跻", "躋").replace("\xa0", " ")
SIMPLIFIED = opencc.OpenCC("t2s").convert(BIG5_SAFE)


def one_line_error(excinfo: pytest.ExceptionInfo, path: Path | str) -> str:
    """The error's message, checked to be one line that names the path."""
    message = str(excinfo.value)
    assert "\n" not in message and "\r" not in message
    assert str(path) in message
    return message


def read_one(path: Path, **options) -> fio.Article:
    """The single article a text or HTML file gives."""
    (article,) = list(read_path(path, **options))
    return article


# --------------------------------------------------------------------------- encodings

VARIANTS = {
    "utf-8": (lambda t: t.encode("utf-8"), "utf-8"),
    "utf-8-bom": (lambda t: t.encode("utf-8-sig"), "utf-8-sig"),
    "utf-16-le-bom": (lambda t: b"\xff\xfe" + t.encode("utf-16-le"), "utf-16"),
    "utf-16-be-bom": (lambda t: b"\xfe\xff" + t.encode("utf-16-be"), "utf-16"),
    "utf-16-le": (lambda t: t.encode("utf-16-le"), "utf-16-le"),
    "utf-16-be": (lambda t: t.encode("utf-16-be"), "utf-16-be"),
    "utf-32-bom": (lambda t: t.encode("utf-32"), "utf-32"),
    "big5": (lambda t: t.encode("cp950"), "cp950"),
    "gb18030": (lambda t: t.encode("gb18030"), "gb18030"),
    "gb18030-simplified-source": (lambda t: t.encode("gb18030"), "gb18030"),
    "crlf": (lambda t: t.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    "cr": (lambda t: t.replace("\n", "\r").encode("utf-8"), "utf-8"),
    "big5-crlf": (lambda t: t.replace("\n", "\r\n").encode("cp950"), "cp950"),
    "zero-width": (
        lambda t: t.replace("。", "。\u200b").replace("AI", "A\u2060I").replace("股", "\u00ad股")
        .encode(),
        "utf-8",
    ),
    "zero-width-gb18030": (lambda t: t.replace("，", "\ufeff，\u200b").encode("gb18030"), "gb18030"),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_every_encoding_of_the_seed_reads_to_the_same_clean_text(tmp_path, variant):
    encode, expected_encoding = VARIANTS[variant]
    source = SIMPLIFIED if variant == "gb18030-simplified-source" else BIG5_SAFE
    data = encode(source)
    path = tmp_path / "seed.txt"
    path.write_bytes(data)

    article = read_one(path)

    assert article.text == clean_text(source)
    assert article.encoding == expected_encoding
    assert article.sha256 == hashlib.sha256(data).hexdigest()
    assert (article.id, article.kind, article.path) == ("seed", "text", str(path))
    assert article.text.count("\n") == source.count("\n")  # line numbers survive


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_decode_names_a_codec_that_reproduces_the_text(variant):
    encode, _ = VARIANTS[variant]
    data = encode(BIG5_SAFE)
    text, encoding = decode(data)
    assert data.decode(encoding) == text


def test_utf16_without_bom_or_ascii_is_found_by_plausibility():
    # No ASCII character means no NUL byte: the legacy contest must still pick UTF-16.
    cjk_only = "".join(ch for ch in BIG5_SAFE[:600] if ord(ch) > 0x2E80 and ord(ch) % 256)
    assert b"\x00" not in cjk_only.encode("utf-16-le")
    assert decode(cjk_only.encode("utf-16-le")) == (cjk_only, "utf-16-le")


def seed_paragraphs() -> list[str]:
    return [p for p in BIG5_SAFE.split("\n") if sum(ord(ch) > 0x2E80 for ch in p) >= 8]


@pytest.mark.parametrize(
    ("label", "encoding"),
    [("traditional", "cp950"), ("traditional", "gb18030"), ("simplified", "gb18030")],
)
def test_each_seed_paragraph_alone_is_decoded_right(label, encoding):
    """Short texts are where detectors fail; every real paragraph (8+ CJK chars) must pass."""
    paragraphs = seed_paragraphs()
    if label == "simplified":
        paragraphs = [opencc.OpenCC("t2s").convert(p) for p in paragraphs]
    wrong = [p for p in paragraphs if decode(p.encode(encoding)) != (p, encoding)]
    assert len(paragraphs) > 50
    assert wrong == []


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("中文", "gb18030"),  # charset-normalizer reads these bytes as Big5 "笢恅"
        ("中国", "gb18030"),
        ("资料", "gb18030"),
        ("新聞", "cp950"),
        ("臺灣", "cp950"),
        ("香港", "cp950"),
        ("美國科技股大跌。", "cp950"),
        ("美国科技股大跌。", "gb18030"),
    ],
)
def test_short_legacy_texts(text, encoding):
    assert decode(text.encode(encoding)) == (text, encoding)


def test_big5_hkscs_when_cp950_lacks_the_characters():
    cantonese = "佢哋話呢啲嘢冇問題，我哋聽日再傾。"
    with pytest.raises(UnicodeEncodeError):
        cantonese.encode("cp950")
    assert decode(cantonese.encode("big5hkscs")) == (cantonese, "big5hkscs")


def test_empty_bytes_decode_to_empty_text():
    assert decode(b"") == ("", "utf-8")


_UNIFORM = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),
        st.sampled_from(list("\n\t，。、「」『』：；！？（）《》…—")),
    ),
    max_size=200,
)


@settings(max_examples=80, deadline=None, derandomize=True)
@given(text=_UNIFORM, encoding=st.sampled_from(["utf-8", "utf-16"]))
def test_property_utf_round_trip_for_any_cjk_ascii_text(text, encoding):
    expected = "utf-8" if encoding == "utf-8" else "utf-16"
    assert decode(text.encode(encoding)) == (text, expected)


_NOISE = st.text(alphabet=st.sampled_from(list("abXY0129 .,%-\n，。「」：")), max_size=10)


def _real_text(source: str) -> st.SearchStrategy[str]:
    """Up to three slices of real news text with ASCII noise between them."""
    piece = st.tuples(st.integers(0, len(source) - 1), st.integers(20, 120)).map(
        lambda p: source[p[0] : p[0] + p[1]]
    )
    return (
        st.lists(st.tuples(_NOISE, piece), min_size=1, max_size=3)
        .map(lambda parts: "".join(noise + text for noise, text in parts))
        .filter(lambda text: sum(ord(ch) >= 0x80 for ch in text) >= 20)
    )


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.filter_too_much],
)
@given(
    case=st.one_of(
        _real_text(BIG5_SAFE).map(lambda t: (t, "gb18030")),
        _real_text(SIMPLIFIED).map(lambda t: (t, "gb18030")),
        _real_text(BIG5_SAFE).map(lambda t: (t, "cp950")),
    )
)
def test_property_legacy_round_trip_on_real_text(case):
    """Legacy detection judges plausibility, so texts come from real news (the seed, both
    scripts), not uniformly from the CJK block: uniform draws are mostly rare characters,
    which no legacy detector can tell apart (UTF-8/UTF-16 take uniform draws above)."""
    text, encoding = case
    assert decode(text.encode(encoding)) == (text, encoding)


# --------------------------------------------------------------------------- clean_text


def test_clean_text_removes_exactly_the_invisible_characters_and_keeps_joiners():
    raw = "\ufeff英偉\u200b達\u2060股價\u00ad重創\r\n👩\u200d💻與\u200c\r第三行\f\u3000全形空格\xa0"
    assert clean_text(raw) == "英偉達股價重創\n👩\u200d💻與\u200c\n第三行\f\u3000全形空格\xa0"


def test_clean_text_applies_nfc():
    assert clean_text("Cafe\u0301") == "Caf\u00e9"
    assert clean_text("\uf9d1") == "\u516d"  # CJK compatibility ideograph 六 -> unified 六


def test_clean_text_keeps_line_count():
    raw = "一\r\n二\r三\n\r\n四"
    assert clean_text(raw).split("\n") == ["一", "二", "三", "", "四"]


# --------------------------------------------------------------------------- front matter

FRONT = """
---
title: "DeepSeek衝擊美股：中美AI差距縮小"
source: 端傳媒
date: 2025-01-28
url: https://theinitium.com/article/20250128-whatsnew
# a comment line
Author: '王小明'
tags:
  - AI
  - 美股
topics: [科技, 市場]
---
DeepSeek崛起，科技界稱讚。

1月27日，美國主要科技股市出現大幅拋售。
"""


def test_front_matter_is_parsed_and_counted():
    meta, body, consumed = parse_front_matter(FRONT)
    assert meta == {
        "title": "DeepSeek衝擊美股：中美AI差距縮小",
        "source": "端傳媒",
        "date": "2025-01-28",
        "url": "https://theinitium.com/article/20250128-whatsnew",
        "author": "王小明",
        "tags": "AI, 美股",
        "topics": "科技, 市場",
    }
    assert consumed == 13  # the blank line, both delimiters and ten lines between
    assert body.startswith("DeepSeek崛起")
    assert FRONT.split("\n")[consumed:] == body.split("\n")


@pytest.mark.parametrize(
    "text",
    [
        "---\n這是一條分隔線後的正文，不是前言。\n---\n正文。",  # a line that is not key: value
        "---\ntitle: 沒有結束\n正文。",  # never closed
        "正文。\n---\ntitle: x\n---\n",  # not at the top
        "https://example.com: 不是鍵\n",
    ],
)
def test_not_front_matter_leaves_the_text_whole(text):
    assert parse_front_matter(text) == ({}, text, 0)


def test_front_matter_sets_article_fields_and_line_offset(tmp_path):
    path = tmp_path / "duan.md"
    path.write_text(FRONT, encoding="utf-8")
    article = read_one(path)
    assert (article.title, article.source, article.date) == (
        "DeepSeek衝擊美股：中美AI差距縮小",
        "端傳媒",
        "2025-01-28",
    )
    assert article.url.startswith("https://theinitium.com/")
    assert article.line_offset == 13
    file_lines = FRONT.split("\n")
    for number, line in enumerate(article.text.split("\n"), start=1):
        assert file_lines[number + article.line_offset - 1] == line


def test_front_matter_id_overrides_the_stem(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("---\nid: duan-2025-01\n---\n正文。", encoding="utf-8")
    assert read_one(path).id == "duan-2025-01"


def test_only_front_matter_is_an_error(tmp_path):
    path = tmp_path / "meta.md"
    path.write_text("---\ntitle: 空\n---\n\n", encoding="utf-8")
    with pytest.raises(InputError) as excinfo:
        read_one(path)
    assert "no text after the front matter" in one_line_error(excinfo, path)


# --------------------------------------------------------------------------- HTML

PAGE = DATA / "news_page.html"


def body_paragraphs() -> list[str]:
    html = PAGE.read_text(encoding="utf-8")
    body = html.split('<div class="article-body">')[1].split('<div class="tags">')[0]
    return re.findall(r"<p>(.*?)</p>", body, flags=re.S)


def test_html_page_gives_the_body_paragraphs_and_nothing_of_the_chrome():
    try:
        import trafilatura  # noqa: F401
    except ImportError as exc:  # lxml >= 5.2 moved html.clean out: trafilatura needs it
        pytest.fail(f"trafilatura cannot be imported ({exc}); install lxml_html_clean")
    text, meta = read_html(PAGE.read_text(encoding="utf-8"))
    lines = text.split("\n\n")
    expected = body_paragraphs()
    assert len(expected) == 6
    assert lines[0] == "DeepSeek衝擊美股，中美AI差距縮小？"  # the headline comes first
    assert lines[1:] == expected  # one paragraph a line, in order, nothing between
    for chrome in ("廣告腳本", "追蹤腳本", "adQueue", "copyLink", "分享到", "複製連結",
                   "訂閱會員", "相關新聞", "輝達財報前瞻", "版權所有", "PingFang"):
        assert chrome not in text
    assert meta == {
        "title": "DeepSeek衝擊美股，中美AI差距縮小？",
        "date": "2025-01-28",
        "url": "https://news.example.com/tech/2025/01/28/deepseek-ai",
        "source": "範例新聞網",
    }


def test_html_file_becomes_an_html_article(tmp_path):
    article = read_one(PAGE)
    assert article.kind == "html"
    assert (article.id, article.source, article.date) == ("news_page", "範例新聞網", "2025-01-28")
    assert article.title == "DeepSeek衝擊美股，中美AI差距縮小？"
    assert article.sha256 == hashlib.sha256(PAGE.read_bytes()).hexdigest()
    # Scraped HTML saved as .txt, in Big5, is recognised as HTML too.
    copy = tmp_path / "scraped.txt"
    copy.write_bytes(PAGE.read_text(encoding="utf-8").encode("cp950", "xmlcharrefreplace"))
    again = read_one(copy)
    assert (again.kind, again.encoding, again.text) == ("html", "cp950", article.text)


def test_html_is_never_fetched_or_run(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("reading HTML opened a socket")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    page = (
        '<html><head><link rel="stylesheet" href="http://198.51.100.1/x.css">'
        '<script src="http://198.51.100.1/x.js"></script></head><body>'
        '<iframe src="http://198.51.100.1/frame"></iframe><img src="http://198.51.100.1/p.gif">'
        "<article><p>美國主要科技股市出現大幅拋售，開盤縮水超1萬億美元。</p>"
        "<p>英偉達股價更重創16.86%，市值蒸發5890億美元。</p></article></body></html>"
    )
    text, _ = read_html(page)
    assert "英偉達股價更重創16.86%" in text


def test_html_fallback_without_trafilatura(monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import now raises ImportError
    warnings: list[str] = []
    text, meta = read_html(PAGE.read_text(encoding="utf-8"), on_warning=warnings)
    assert len(warnings) == 1 and "trafilatura" in warnings[0]
    lines = text.split("\n\n")
    for paragraph in body_paragraphs():
        assert paragraph in lines
    # Coarser than trafilatura: the logo, breadcrumb, share label and footer stay, but
    # scripts, styles, JSON-LD, nav, aside, buttons and noscript go.
    for dropped in ("廣告腳本", "追蹤腳本", "adQueue", "PingFang", "NewsArticle", "國際", "評論",
                    "相關新聞", "輝達財報前瞻", "複製連結", "pixel"):
        assert dropped not in text
    assert lines[:5] == ["範例新聞網", "首頁 › 科技", "DeepSeek衝擊美股，中美AI差距縮小？",
                         "記者 王小明 2025年1月28日 09:30", "分享到： Facebook 微信 X"]
    assert meta["title"] == "DeepSeek衝擊美股，中美AI差距縮小？"  # og:title before <title>
    assert meta["source"] == "範例新聞網"
    assert meta["date"] == "2025-01-28T09:30:00+08:00"


def test_html_fallback_joins_cjk_split_by_source_newlines(monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    page = "<div>美國主要科技股\n    市出現大幅拋售，<b>英偉達</b>\n股價 重創。<br>Nvidia\nfell.</div><p>下一段</p>"
    text, _ = read_html(page, headline=False)
    assert text.split("\n\n") == ["美國主要科技股市出現大幅拋售，英偉達股價 重創。", "Nvidia fell.", "下一段"]


def test_html_without_text_is_an_error(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><script>var a = 1;</script></head><body></body></html>")
    with pytest.raises(InputError) as excinfo:
        read_one(path)
    assert "no text found in the HTML" in one_line_error(excinfo, path)


# --------------------------------------------------------------------------- datasets


def test_jsonl_dataset_keeps_ids_and_warns_about_bad_lines():
    warnings: list[str] = []
    path = DATA / "records.jsonl"
    articles = list(read_path(path, on_warning=warnings.append))
    assert [a.id for a in articles] == ["duan-001", "records#2", "duan-002"]
    first = articles[0]
    assert (first.source, first.title, first.date, first.url) == (
        "端傳媒",
        "DeepSeek衝擊美股",
        "2025-01-28",
        "https://news.example.com/duan-001",
    )
    assert {(a.kind, a.path, a.encoding) for a in articles} == {("record", str(path), "utf-8")}
    assert articles[2].text == "第一段：DeepSeek以開源、低價的定位挑戰市場。\n\n第二段：報導引述「業界人士」指蒸餾「非常常見」。"
    raw = json.loads(path.read_text(encoding="utf-8").split("\n")[1])["text"]
    assert articles[1].sha256 == hashlib.sha256(raw.encode("utf-8")).hexdigest()
    warnings[2] = re.sub(r"\(.*\)", "(...)", warnings[2])  # json's wording varies by version
    assert warnings == [
        f"{path}:4: record has no 'text'; skipped",
        f"{path}:5: record has no 'text'; skipped",
        f"{path}:6: malformed JSON (...); skipped",
        f"{path}:7: not a JSON object; skipped",
        f"{path}:9: record has no 'text'; skipped",
    ]


def test_csv_dataset_keeps_ids_and_names_the_line_of_a_row_without_text():
    warnings: list[str] = []
    path = DATA / "records.csv"
    articles = list(read_path(path, on_warning=warnings))
    assert [a.id for a in articles] == ["hk-001", "records#2", "hk-005"]
    assert articles[1].text == "多行文字第一段。\n\n第二段，含有\"引號\"與逗號，測試。"
    first = articles[0]
    assert (first.source, first.title, first.date) == ("明報", "港股跟隨下跌", "2025-01-28")
    assert warnings == [
        f"{path}:6: record has no 'text'; skipped",
        f"{path}:7: record has no 'text'; skipped",
    ]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "gb18030", "cp950"])
@pytest.mark.parametrize("name", ["records.csv", "records.jsonl"])
def test_datasets_in_other_encodings_and_crlf(tmp_path, name, encoding):
    source = (DATA / name).read_text(encoding="utf-8")
    if encoding == "cp950":  # Big5 has no simplified forms: keep the records it can carry
        source = "\n".join(line for line in source.split("\n") if _encodable(line, "cp950"))
    path = tmp_path / name
    path.write_bytes(source.replace("\n", "\r\n").encode(encoding))
    expected = list(read_path(DATA / name))
    if encoding == "cp950":
        expected = [a for a in expected if _encodable(a.text, "cp950")]
    got = list(read_path(path))
    assert [(a.id, a.text, a.source) for a in got] == [(a.id, a.text, a.source) for a in expected]
    assert {a.encoding for a in got} == {encoding}


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def test_jsonl_switches_to_a_legacy_encoding_found_after_the_sample(tmp_path, monkeypatch):
    monkeypatch.setattr(fio, "_SNIFF_BYTES", 64)  # the first 64 bytes are ASCII
    lines = [json.dumps({"id": "ascii", "text": "Nvidia fell 16.86% on Monday."})]
    lines += [json.dumps({"id": f"gb{i}", "text": p}, ensure_ascii=False) for i, p in enumerate(
        ["英伟达股价重挫16.86%，市值蒸发5890亿美元。", "美国科技股大幅下跌，纳斯达克指数收跌3.07%。"])]
    path = tmp_path / "mixed.jsonl"
    path.write_bytes("\n".join(lines).encode("gb18030"))
    warnings: list[str] = []
    articles = list(read_path(path, on_warning=warnings))
    assert [a.id for a in articles] == ["ascii", "gb0", "gb1"]
    assert articles[2].text == "美国科技股大幅下跌，纳斯达克指数收跌3.07%。"
    assert warnings == []


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_datasets_are_streamed_not_held_in_memory(tmp_path, encoding):
    path = tmp_path / "big.jsonl"
    text = BIG5_SAFE[:3000].replace("\n", "")
    line = (json.dumps({"text": text}, ensure_ascii=False) + "\n").encode(encoding)
    n = 2_500  # few long records: tracemalloc makes each record slow, not each byte
    with open(path, "wb") as handle:
        for _ in range(n):
            handle.write(line)
    size = path.stat().st_size
    assert size > 10_000_000
    tracemalloc.start()
    try:
        count = 0
        for article in read_path(path):
            count += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == n and article.id == f"big#{n}"
    assert peak < size / 8  # the 256 KiB encoding sample plus one record, not the file


def test_a_record_holding_a_whole_page_is_read_as_html(tmp_path):
    path = tmp_path / "scraped.jsonl"
    record = {"id": "p1", "source": "爬蟲", "text": PAGE.read_text(encoding="utf-8")}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    (article,) = list(read_path(path))
    assert article.text == read_one(PAGE).text
    assert (article.kind, article.source, article.date) == ("record", "爬蟲", "2025-01-28")


def test_csv_without_the_text_column(tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("id,body\n1,正文\n", encoding="utf-8")
    with pytest.raises(InputError) as excinfo:
        list(read_path(path))
    message = one_line_error(excinfo, path)
    assert "no column named 'text'" in message and "id, body" in message
    assert [a.text for a in read_path(path, text_field="body", id_field="id")] == ["正文"]


def test_dataset_without_any_usable_record(tmp_path):
    path = tmp_path / "none.jsonl"
    path.write_text('{"body": "正文"}\n{"body": "又一篇"}\n', encoding="utf-8")
    warnings: list[str] = []
    with pytest.raises(InputError) as excinfo:
        list(read_path(path, on_warning=warnings))
    assert "none of its 2 records has a non-empty 'text'" in one_line_error(excinfo, path)
    assert len(warnings) == 2


def test_record_longer_than_max_chars_is_skipped_with_a_warning(tmp_path):
    path = tmp_path / "long.jsonl"
    path.write_text(
        json.dumps({"id": "long", "text": "長" * 50})
        + "\n"
        + json.dumps({"id": "ok", "text": "短"})
        + "\n",
        encoding="utf-8",
    )
    warnings: list[str] = []
    assert [a.id for a in read_path(path, max_chars=10, on_warning=warnings)] == ["ok"]
    assert warnings == [f"{path}:1: record has 50 characters, more than --max-chars 10; skipped"]


# --------------------------------------------------------------------------- paths


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "b" / "deep").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "a.txt").write_text("甲。", encoding="utf-8")
    (root / "b" / "c.md").write_text("乙。", encoding="utf-8")
    (root / "b" / "deep" / "d.html").write_text("<html><body><p>丙。</p></body></html>")
    (root / "b" / "e.csv").write_text("id,text\ne1,丁。\n", encoding="utf-8")
    (root / "Z.jsonl").write_text('{"id": "z1", "text": "戊。"}\n', encoding="utf-8")
    (root / ".hidden.txt").write_text("隱藏。", encoding="utf-8")
    (root / ".git" / "x.txt").write_text("版本庫。", encoding="utf-8")
    (root / "README").write_text("說明。", encoding="utf-8")
    (root / "scan.pdf").write_bytes(b"%PDF-1.7\n")
    return root


def test_directory_is_read_recursively_sorted_skipping_hidden_and_unknown(tree):
    articles = list(read_paths([tree]))
    assert [Path(a.path).relative_to(tree).as_posix() for a in articles] == [
        "Z.jsonl",
        "a.txt",
        "b/c.md",
        "b/deep/d.html",
        "b/e.csv",
    ]
    assert [a.id for a in articles] == ["z1", "a", "c", "d", "e1"]
    assert list(read_paths([str(tree)])) == articles  # deterministic


def test_globs_and_explicit_files(tree):
    assert [a.id for a in read_paths([str(tree / "*.txt")])] == ["a"]
    assert [a.id for a in read_paths([str(tree / "**" / "*.md")])] == ["c"]
    # b/* matches the directory b/deep, which is expanded
    assert [a.id for a in read_paths([str(tree / "b" / "*")])] == ["c", "d", "e1"]
    # An explicitly named file is read whatever its extension; arguments keep their order.
    assert [a.text for a in read_paths([tree / "README", tree / "a.txt"])] == ["說明。", "甲。"]
    literal = tree / "a[1].txt"
    literal.write_text("方括號。", encoding="utf-8")
    assert [a.text for a in read_paths([literal])] == ["方括號。"]


@pytest.mark.parametrize("pattern", ["*.xml", "b/deep/*.txt"])
def test_glob_without_article_files(tree, pattern):
    path = str(tree / pattern)
    with pytest.raises(InputError) as excinfo:
        list(read_paths([path]))
    message = one_line_error(excinfo, path)
    assert message == f"{path}: no article files (.txt, .md, .html, .jsonl, .csv) found"


def test_paths_are_all_checked_before_reading(tree):
    with pytest.raises(InputError) as excinfo:
        next(read_paths([tree / "a.txt", tree / "missing.txt"]))
    assert "no such file or directory" in one_line_error(excinfo, tree / "missing.txt")


def test_no_paths():
    with pytest.raises(InputError):
        list(read_paths([]))


# --------------------------------------------------------------------------- errors


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


ERRORS = {
    "empty": ("empty.txt", b"", "empty file"),
    "whitespace": ("blank.txt", " \r\n\t\u3000\n".encode(), "only whitespace"),
    "binary": (
        "image.txt",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "binary file (NUL bytes); give a text, HTML, JSONL or CSV file",
    ),
    "controls": ("ctl.txt", b"\x01\x02\x03\xff\x04\x05" * 40, "binary file (control bytes)"),
    "latin-1": (
        "latin1.txt",
        "Le café crème était brûlé, à côté.".encode("latin-1"),
        "cannot decode the bytes as UTF-8, UTF-16, Big5 or GB18030 (first bad byte at offset 6)",
    ),
    "pdf": ("scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "a PDF file"),
    "json": ("data.json", b'[{"text": "x"}]', ".jsonl"),
    "empty-dataset": ("empty.jsonl", b"", "empty file"),
    "blank-dataset": ("blank.jsonl", b"\n\n  \n", "only whitespace"),
    "blank-csv": ("blank.csv", b"\n\n", "only whitespace"),
    "header-only-csv": ("header.csv", b"id,text\n", "no rows after the header"),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_input_errors_are_one_line_naming_the_path(tmp_path, case):
    name, data, expected = ERRORS[case]
    path = _write(tmp_path, name, data)
    with pytest.raises(InputError) as excinfo:
        list(read_path(path))
    assert expected in one_line_error(excinfo, path)


def test_undecodable_message_is_the_documented_one(tmp_path):
    path = _write(tmp_path, "x.txt", b"abc\xff\xfe\xfd\x80\x81")
    with pytest.raises(InputError) as excinfo:
        list(read_path(path))
    assert str(excinfo.value) == (
        f"{path}: cannot decode the bytes as UTF-8, UTF-16, Big5 or GB18030 "
        "(first bad byte at offset 3); convert the file to UTF-8"
    )


def test_corrupt_utf8_names_the_bad_byte(tmp_path):
    data = bytearray(BIG5_SAFE.encode("utf-8"))
    data[3000] = 0xFF
    path = _write(tmp_path, "corrupt.txt", bytes(data))
    with pytest.raises(UnicodeDecodeError) as utf8:
        bytes(data).decode("utf-8")
    assert 2997 <= utf8.value.start <= 3000  # the character that byte 3000 belonged to
    with pytest.raises(InputError) as excinfo:
        list(read_path(path))
    message = one_line_error(excinfo, path)
    expected = f"invalid UTF-8 at byte offset {utf8.value.start} in a file that is otherwise UTF-8"
    assert expected in message


def test_missing_path(tmp_path):
    path = tmp_path / "nope.txt"
    for call in (lambda: list(read_path(path)), lambda: list(read_paths([path]))):
        with pytest.raises(InputError) as excinfo:
            call()
        assert str(excinfo.value) == f"{path}: no such file or directory"


def test_directory_given_to_read_path_and_directory_without_articles(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden.txt").write_text("隱藏。", encoding="utf-8")
    with pytest.raises(InputError) as excinfo:
        list(read_path(tmp_path))
    assert "is a directory" in one_line_error(excinfo, tmp_path)
    with pytest.raises(InputError) as excinfo:
        list(read_paths([tmp_path]))
    expected = f"{tmp_path}: no article files (.txt, .md, .html, .jsonl, .csv) found"
    assert str(excinfo.value) == expected


def test_too_large(tmp_path):
    # 150 bytes pass the size check (4 bytes a char at most); the characters are counted
    ascii_path = _write(tmp_path, "long.txt", b"a" * 150)
    with pytest.raises(InputError) as excinfo:
        list(read_path(ascii_path, max_chars=100))
    assert "150 characters, more than --max-chars 100" in one_line_error(excinfo, ascii_path)
    huge = _write(tmp_path, "huge.txt", "長".encode() * 200)  # 600 bytes: refused before reading
    with pytest.raises(InputError) as excinfo:
        list(read_path(huge, max_chars=100))
    assert "600 bytes, more than --max-chars 100" in one_line_error(excinfo, huge)
    assert read_one(huge, max_chars=200).text == "長" * 200


def test_bad_max_chars():
    with pytest.raises(UsageError):
        list(read_path(SEED, max_chars=0))


def test_permission_denied(tmp_path, monkeypatch):
    path = _write(tmp_path, "secret.txt", "機密。".encode())

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(fio, "open", denied, raising=False)
    for target in (path, _write(tmp_path, "secret.jsonl", b'{"text": "x"}\n')):
        with pytest.raises(InputError) as excinfo:
            list(read_path(target))
        assert str(excinfo.value) == f"{target}: permission denied"


def test_control_characters_in_a_path_stay_on_one_line(tmp_path):
    path = tmp_path / "bad\nname.txt"
    with pytest.raises(InputError) as excinfo:
        list(read_path(path))
    assert "\n" not in str(excinfo.value) and "bad\\nname.txt" in str(excinfo.value)


# --------------------------------------------------------------------------- notebook


def test_article_from_text():
    text = "---\ntitle: 前言標題\nsource: 端傳媒\n---\n英偉達\u200b股價重創。\r\n"
    article = article_from_text(text, id="t1", title="參數標題")
    assert (article.id, article.title, article.source) == ("t1", "參數標題", "端傳媒")
    assert (article.text, article.line_offset, article.kind) == ("英偉達股價重創。\n", 4, "text")
    assert article.sha256 == hashlib.sha256(text.encode()).hexdigest()
    with pytest.raises(InputError):
        article_from_text("  \n ")


def test_seed_read_as_a_file_equals_article_from_text():
    from_file = read_one(SEED)
    from_text = article_from_text(SEED_TEXT, id=SEED.stem, path=str(SEED))
    assert from_file == from_text  # the same bytes as UTF-8 give the same sha256 too


# --------------------------------------------------------------------------- the module


def test_docstring_examples_run():
    result = doctest.testmod(fio, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 10 and result.failed == 0


def test_io_knows_nothing_of_scoring_and_imports_trafilatura_lazily():
    tree = ast.parse(Path(fio.__file__).read_text(encoding="utf-8"))
    top_level = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            top_level |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            top_level.add("." + module if node.level else module.split(".")[0])
    allowed_project = {".errors", ".model"}
    project = {name for name in top_level if name.startswith(".")}
    assert project <= allowed_project
    assert set(top_level) - project <= set(sys.stdlib_module_names) | {"__future__"}
    code = "import sys, framing.io; print('trafilatura' in sys.modules, 'jieba' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.split() == ["False", "False"]
