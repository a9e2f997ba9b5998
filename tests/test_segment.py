"""segment.py: reflow of hard-wrapped text, sentences rejoined around inserted blocks, roles, nothing lost."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.errors import LexiconError
from framing.segment import (
    SegmentRules,
    display_width,
    load_rules,
    segment,
    shipped_lexicons_dir,
)

ROOT = Path(__file__).resolve().parents[1]
SEED_A = ROOT / "seeds" / "000_b17e242d43d4bd15.txt"
SEED_B = ROOT / "seeds" / "004_eaafd85f2bd1e479.txt"
DATA = Path(__file__).resolve().parent / "data" / "segment"

ROLES = {"headline", "standfirst", "subheading", "body", "caption", "boilerplate"}


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def clean_paragraphs(text: str) -> list[str]:
    """The paragraphs of a clean fixture: one a non-blank line, surrounding whitespace stripped."""
    return [line.strip() for line in text.split("\n") if line.strip()]


def check_invariants(text: str, paras, line_offset: int = 0) -> None:
    """Nothing lost, nothing twice; indexes, lines and texts consistent with the spans."""
    assert [p.index for p in paras] == list(range(len(paras)))
    pieces = [text[s:e] for p in paras for s, e in p.spans]
    assert sorted(c for c in "".join(pieces) if not c.isspace()) == sorted(c for c in text if not c.isspace())
    spans = sorted(sp for p in paras for sp in p.spans)
    for (_, end), (start, _) in zip(spans, spans[1:]):
        assert end <= start, "spans overlap"
    n_lines = text.count("\n") + 1
    for p in paras:
        assert p.role in ROLES
        assert p.text and p.text == p.text.strip()
        assert p.reason
        assert "".join(p.text.split()) == "".join("".join(text[s:e] for s, e in p.spans).split())
        assert 1 + line_offset <= p.lines[0] <= p.lines[1] <= n_lines + line_offset
        first, last = p.spans[0][0], p.spans[-1][0]
        assert p.lines == (text.count("\n", 0, first) + 1 + line_offset, text.count("\n", 0, last) + 1 + line_offset)


# --------------------------------------------------------------------------- display width


@pytest.mark.parametrize(
    "s, width",
    [
        ("", 0),
        ("abc", 3),
        ("中文", 4),
        ("AI股", 4),
        ("　", 2),  # ideographic space: Fullwidth... East Asian Wide
        ("ＡＢ", 4),  # full-width Latin
        ("，。", 4),
        ("e\u0301", 1),  # combining acute accent takes no column
        ("Deep Seek崛起", 13),
        ("ｶﾀｶﾅ", 4),  # half-width katakana: narrow
    ],
)
def test_display_width(s, width):
    assert display_width(s) == width


def test_seed_wrapped_lines_measure_80_to_87_columns():
    widths = [display_width(line) for line in read(SEED_A).split("\n")[16:72] if len(line.strip()) > 30]
    assert widths and all(80 <= w <= 87 for w in widths if w >= 78)


# --------------------------------------------------------------------------- seed 000: a PDF extraction


@pytest.fixture(scope="module")
def seed_a():
    text = read(SEED_A)
    return text, segment(text)


def by_line(paras, line):
    found = [p for p in paras if p.lines[0] <= line <= p.lines[1] and any(True for _ in p.spans)]
    # the paragraph one of whose pieces starts on that line
    for p in found:
        return p
    raise AssertionError(f"no paragraph covers line {line}")


def test_seed_a_invariants(seed_a):
    check_invariants(*seed_a)


def test_seed_a_counts(seed_a):
    _, paras = seed_a
    roles = [p.role for p in paras]
    assert roles.count("body") == 30
    assert roles.count("headline") == 1
    assert roles.count("standfirst") == 1
    assert roles.count("caption") == 2
    assert roles.count("subheading") == 3
    assert roles.count("boilerplate") == 6  # plea, 3 related titles, 2 markers
    assert len(paras) == 43


SEED_A_TABLE = [
    # (first line, last line, role, text starts with, reason contains)
    (2, 3, "headline", "DeepSeek衝擊美股和人工智能商業模式，或反映中美AI差距縮小｜Whatsnew", "title-like"),
    (5, 5, "standfirst", "Deep Seek崛起，科技界稱讚", "summary"),
    (7, 7, "caption", "2025年1月28日，北京的一部智慧型手機", "攝："),
    (9, 15, "boilerplate", "新春快樂！端傳媒新聞不停歇", "plea"),
    (17, 21, "body", "1月27日，美國主要科技股市出現大幅拋售", "running text"),
    (52, 58, "body", "在科技界，DeepSeek引起算法", "running text"),
    (66, 66, "body", "但DeepSeek是否會令美國AI熱潮", "running text"),
    (74, 76, "caption", "2025年1月27日，美國紐約納斯達克指數", "攝："),
    (78, 78, "subheading", "AI投資基金背景，DeepSeek上年掀降價戰", "between body paragraphs"),
    (102, 102, "boilerplate", "生成中國式AI：審查之外，科技公司的煩惱清單", "related-reading title"),
    (104, 104, "boilerplate", "延伸閱讀", "related-reading marker 延伸閱讀"),
    (105, 105, "subheading", "集中開源和研究，真實算力儲備成謎", "between body paragraphs"),
    (149, 149, "subheading", "特朗普稱讚，梁對總理稱芯片是限制", "between body paragraphs"),
    (151, 155, "body", "在中美AI競賽之際", "running text"),
    (173, 182, "body", "DeepSeek如日中天", "rejoined around an inserted block"),
    (177, 177, "boilerplate", "新興AI「答案引擎」大戰Google模式，媒體將成為犧牲品嗎？", "related-reading title"),
    (179, 179, "boilerplate", "延伸閱讀", "related-reading marker 延伸閱讀"),
    (190, 198, "body", "在接受CNBC訪問時", "running text"),
    (200, 200, "boilerplate", "什麼「困」住了中國 AI｜端聞", "after the last body paragraph"),
]


@pytest.mark.parametrize("first, last, role, start, reason", SEED_A_TABLE)
def test_seed_a_table(seed_a, first, last, role, start, reason):
    _, paras = seed_a
    matches = [p for p in paras if p.lines == (first, last)]
    assert len(matches) == 1, [(p.lines, p.role) for p in paras]
    p = matches[0]
    assert p.role == role, p.reason
    assert p.text.startswith(start)
    assert reason in p.reason


def test_seed_a_headline_is_whole(seed_a):
    _, paras = seed_a
    assert paras[0].role == "headline"
    assert paras[0].text == "DeepSeek衝擊美股和人工智能商業模式，或反映中美AI差距縮小｜Whatsnew"
    assert len(paras[0].spans) == 2


def test_seed_a_order_of_the_top(seed_a):
    _, paras = seed_a
    assert [p.role for p in paras[:5]] == ["headline", "standfirst", "caption", "boilerplate", "body"]
    assert paras[1].text == "Deep Seek崛起，科技界稱讚， AI股一時大跌，特朗普敲警鐘，創辦人成中國總理諮詢對象。"


def test_seed_a_quote_rejoined_and_block_moved_after_it(seed_a):
    text, paras = seed_a
    [k] = [i for i, p in enumerate(paras) if "望塵莫及" in p.text]
    p = paras[k]
    assert p.role == "body"
    assert p.lines == (173, 182)
    assert "已經不是望塵莫及，但也只能說是望其項背」，「在別人已經探索出來的路上跟隨快跑是相對容易的" in p.text
    assert p.text.endswith("接下來我們要面對一團未來迷霧。」")
    assert [text[s:e] for s, e in p.spans][2].startswith("及，但也只能說")  # the piece after the page break
    # the inserted related-reading block comes right after the paragraph it cut, in its own order
    assert paras[k + 1].text.startswith("新興AI「答案引擎」") and paras[k + 1].role == "boilerplate"
    assert paras[k + 2].text == "延伸閱讀" and paras[k + 2].role == "boilerplate"
    assert paras[k + 3].text.startswith("另外，DeepSeek亦引起美國安全方面的討論")


def test_seed_a_latin_words_joined_with_a_space(seed_a):
    _, paras = seed_a
    body = " ".join(p.text for p in paras)
    assert "美國風險投資家Marc Andreessen在X上發帖" in body
    assert "攝：Yuki Iwamura/Bloomberg via Getty Images" in body
    assert "測試時間縮放（Test Time Scaling）技術" in body
    # ideographs across a wrap are joined without a space
    assert "2024年5月，DeepSeek發布DeepSeek-V2模型" in body
    assert "20世紀50年代末" in body


def test_seed_a_no_boilerplate_in_body(seed_a):
    _, paras = seed_a
    for p in paras:
        if p.role in ("body", "headline", "standfirst", "subheading"):
            assert "延伸閱讀" not in p.text
            assert "攝：" not in p.text
            assert "訂閱" not in p.text


def test_seed_a_line_offset_and_title(seed_a):
    text, paras = seed_a
    shifted = segment(text, line_offset=7, title="DeepSeek衝擊美股和人工智能商業模式，或反映中美AI差距縮小｜Whatsnew")
    assert [p.lines for p in shifted] == [(a + 7, b + 7) for a, b in (p.lines for p in paras)]
    assert [(p.role, p.text) for p in shifted] == [(p.role, p.text) for p in paras]
    assert shifted[0].reason == "matches the given title"
    check_invariants(text, shifted, line_offset=7)


# --------------------------------------------------------------------------- seed 004: one paragraph a line


@pytest.fixture(scope="module")
def seed_b():
    text = read(SEED_B)
    return text, segment(text)


def test_seed_b_roles(seed_b):
    text, paras = seed_b
    check_invariants(text, paras)
    roles = [p.role for p in paras]
    assert roles.count("standfirst") == 1 and roles.count("headline") == 1
    assert paras[0].role == "standfirst" and paras[0].lines == (1, 1)
    assert paras[1].role == "headline" and paras[1].text == "DeepSeek新AI模型加劇全球競爭,引發美國科技股拋售"
    subs = [p.text for p in paras if p.role == "subheading"]
    assert subs == ["事件詳情", "市場反應分析", "更廣泛的背景與影響", "專家評論", "展望未來"]
    assert roles.count("caption") == 0 and roles.count("boilerplate") == 0


def test_seed_b_text_unchanged(seed_b):
    text, paras = seed_b
    assert [p.text for p in paras] == clean_paragraphs(text)
    assert all(len(p.spans) == 1 for p in paras)


def test_seed_b_with_title(seed_b):
    text, paras = seed_b
    titled = segment(text, title="DeepSeek新AI模型加劇全球競爭,引發美國科技股拋售")
    assert [p.role for p in titled] == [p.role for p in paras]


# --------------------------------------------------------------------------- clean inputs pass through


CLEAN = ["clean_lines_hk.txt", "clean_blank_tw.txt", "clean_indent_cn.txt", "clean_simplified.txt"]


@pytest.mark.parametrize("name", CLEAN)
def test_clean_text_unchanged(name):
    text = read(DATA / name)
    paras = segment(text)
    check_invariants(text, paras)
    assert [p.text for p in paras] == clean_paragraphs(text)


@pytest.mark.parametrize("name", CLEAN)
def test_clean_text_roles(name):
    paras = segment(read(DATA / name))
    roles = [p.role for p in paras]
    assert "caption" not in roles and "boilerplate" not in roles
    if name == "clean_indent_cn.txt":  # no headline in the body: every paragraph is running text
        assert set(roles) == {"body"}
    else:
        assert roles[0] == "headline" and roles.count("headline") == 1
    if name == "clean_simplified.txt":
        assert [p.text for p in paras if p.role == "subheading"] == ["价格战背后的成本账", "开发者和企业用户的反应"]


def test_full_width_indents_are_stripped():
    paras = segment(read(DATA / "clean_indent_cn.txt"))
    assert paras[0].text.startswith("新华社北京1月28日电（记者 张伟）")
    assert all(not p.text.startswith("\u3000") for p in paras)


def test_one_paragraph_a_line_without_blank_lines_even_when_lines_are_similar():
    # short one-line paragraphs of similar length, each ending a sentence: not a wrapped text
    lines = ["記者會上，發言人表示，公司將繼續投入研發，擴大產能。", "分析師認為，這一決定將提升公司在全球市場的競爭力。",
             "投資者對此反應積極，公司股價當日上漲百分之三左右。", "業內人士預計，相關產品將在明年第二季正式推出市場。"]
    text = "\n".join(lines)
    assert [p.text for p in segment(text)] == lines


# --------------------------------------------------------------------------- messy text


def hard_wrap(paragraph: str, columns: int = 80) -> list[str]:
    """Wrap like a PDF extraction: at most ``columns`` columns, Latin words kept whole, the space at a break dropped."""
    lines, cur = [], ""
    for tok in re.findall(r"[A-Za-z0-9][A-Za-z0-9'\-_.,%]*| |.", paragraph, flags=re.S):
        if display_width(cur + tok) > columns and cur.strip():
            lines.append(cur.rstrip(" "))
            cur = "" if tok == " " else tok
        else:
            cur += tok
    if cur.strip():
        lines.append(cur.rstrip(" "))
    return lines


def test_hard_wrap_helper():
    assert hard_wrap("甲" * 50) == ["甲" * 40, "甲" * 10]
    assert hard_wrap("甲" * 36 + "Marc Andreessen在") == ["甲" * 36 + "Marc", "Andreessen在"]


def test_messy_fixture_recovers_the_clean_article():
    clean = read(DATA / "clean_simplified.txt")
    messy = read(DATA / "messy_wrapped_cn.txt")
    paras = segment(messy)
    check_invariants(messy, paras)
    kept = [p for p in paras if p.role not in ("caption", "boilerplate")]
    assert [p.text for p in kept] == clean_paragraphs(clean)
    assert [p.role for p in kept] == [p.role for p in segment(clean)]
    extra = [(p.role, p.text) for p in paras if p.role in ("caption", "boilerplate")]
    assert extra == [
        ("caption", "图为2024年5月21日，阿里云峰会现场展示通义千问大模型的应用。新华社记者 黄宗治 摄"),
        ("boilerplate", "延伸阅读"),
        ("boilerplate", "大模型“百模大战”进入下半场，谁能笑到最后？"),
        ("boilerplate", "（责任编辑：李明）"),
        ("boilerplate", "AI芯片禁令再升级，国产替代迎来窗口期｜深度"),
    ]


def test_messy_fixture_blocks_follow_the_paragraph_they_cut():
    paras = segment(read(DATA / "messy_wrapped_cn.txt"))
    texts = [p.text for p in paras]
    k = next(i for i, t in enumerate(texts) if t.startswith("5月21日"))
    assert paras[k].lines == (7, 13) and "降至0.0005元，降幅达97%" in paras[k].text
    assert paras[k + 1].role == "caption"
    k = next(i for i, t in enumerate(texts) if t.startswith("不过，也有分析师"))
    assert paras[k].lines == (26, 34) and "对记者表示：“大模型" in paras[k].text
    assert [p.text for p in paras[k + 1:k + 3]] == ["延伸阅读", "大模型“百模大战”进入下半场，谁能笑到最后？"]
    assert "after the marker" in paras[k + 2].reason
    assert paras[k + 3].role == "subheading"
    # the page-break line (a leading space, no blank line before it) continues its sentence
    p = next(p for p in paras if p.text.startswith("业内人士分析"))
    assert "利用率提高，同等性能模型" in p.text and p.lines == (21, 24)


@pytest.mark.parametrize("name", CLEAN)
@pytest.mark.parametrize("layout", ["double", "classic", "tight", "indent"])
def test_wrapped_at_40_cjk_chars_is_recovered(name, layout):
    """Hard-wrap a clean article at 80 columns (40 ideographs) and get the clean paragraphs back."""
    text = read(DATA / name)
    paragraphs = clean_paragraphs(text)
    out = []
    for par in paragraphs:
        lines = hard_wrap(par, 80)
        if layout == "double":  # a blank line after every line, as in seed 000
            out.append("\n\n".join(lines))
        elif layout == "indent":  # no blank lines; a full-width indent starts each paragraph
            out.append("\n".join(["\u3000\u3000" + lines[0], *lines[1:]]))
        else:  # lines of a paragraph together, paragraphs apart ("tight": no blank lines at all)
            out.append("\n".join(lines))
    messy = ("\n" if layout in ("tight", "indent") else "\n\n").join(out) + "\n"
    paras = segment(messy)
    check_invariants(messy, paras)
    assert [p.text for p in paras] == paragraphs


INSERTS = [
    ["圖：路透社"],
    ["2025年1月28日，台北101大樓前的街景。（中央社檔案照片）"],
    ["图为工人在生产线上作业。新华社记者 李贺 摄"],
    ["延伸閱讀", "輝達市值一度超越蘋果　重返全球第一"],
    ["延伸阅读：台积电法说会前瞻"],
    ["生成中國式AI：審查之外，科技公司的煩惱清單", "延伸閱讀"],
    ["點擊訂閱我們的電子報，掌握第一手財經新聞"],
]


@pytest.mark.parametrize("insert", INSERTS, ids=lambda b: b[0][:6])
@pytest.mark.parametrize("double", [True, False], ids=["double", "classic"])
def test_block_inserted_mid_sentence_is_moved_after_the_paragraph(insert, double):
    paragraphs = clean_paragraphs(read(DATA / "clean_blank_tw.txt"))
    wrapped = [hard_wrap(p, 80) for p in paragraphs]
    target = next(i for i, lines in enumerate(wrapped) if len(lines) >= 2 and not lines[0].endswith("。"))
    wrapped[target] = [wrapped[target][0], *insert, *wrapped[target][1:]]
    sep = "\n\n" if double else "\n"
    messy = "\n\n".join(sep.join(lines) for lines in wrapped) + "\n"
    paras = segment(messy)
    check_invariants(messy, paras)
    assert [p.text for p in paras if p.role not in ("caption", "boilerplate")] == paragraphs
    k = next(i for i, p in enumerate(paras) if p.text == paragraphs[target])
    assert "rejoined around an inserted block" in paras[k].reason
    assert [p.text for p in paras[k + 1:k + 1 + len(insert)]] == insert
    assert all(p.role in ("caption", "boilerplate") for p in paras[k + 1:k + 1 + len(insert)])


def test_textwrap_by_characters():
    """A program that cuts every 40 characters (textwrap) rather than a typesetter."""
    import textwrap

    text = read(DATA / "clean_lines_hk.txt")
    paragraphs = clean_paragraphs(text)
    messy = "\n\n".join("\n".join(textwrap.wrap(p, 40)) for p in paragraphs)
    assert [p.text for p in segment(messy)] == paragraphs


def test_sliced_every_40_characters_keeps_spaces_and_words():
    par = ("在DeepSeek发布V2模型之后，阿里云宣布通义千问主力模型Qwen-Long的API输入价格由每千tokens 0.02元降至"
           "0.0005元，降幅高达97%。同日下午，百度智能云宣布文心大模型两款主力模型ERNIE Speed和ERNIE Lite全面免费。")
    other = "字节跳动旗下火山引擎此前发布的豆包大模型，则把主力模型的企业市场定价定为每千tokens 0.0008元，比行业平均价格便宜99.3%。"
    lines = [p[i:i + 40] for p in (par, other) for i in range(0, len(p), 40)]
    paras = segment("\n".join(lines))
    assert [p.text for p in paras] == [par, other]


def test_wrapped_headline_joined_in_double_spaced_text():
    text = "國產晶片突圍戰：從設計到封測，\n一條被卡住的產業鏈\n\n" + "\n\n".join(
        hard_wrap("近年來，美國不斷收緊對華半導體出口管制，從先進製程設備到高頻寬記憶體，限制範圍持續擴大。" * 3, 80)
        + hard_wrap("業內人士認為，國產替代雖然進展明顯，但在光刻機等關鍵設備上仍存在明顯差距，短期內難以完全突破。" * 2, 80))
    paras = segment(text)
    assert paras[0].role == "headline" and paras[0].text == "國產晶片突圍戰：從設計到封測，一條被卡住的產業鏈"


# --------------------------------------------------------------------------- scraped pages (one paragraph a line)


SCRAPED = """\
首頁 > 財經 > 國際
輝達財報優於預期　台積電ADR盤後走揚
2025/02/27 18:30
（中央社記者王小明台北27日電）輝達（NVIDIA）26日公布上季財報，營收達393億美元，年增78%，優於市場預期。
輝達執行長黃仁勳。（路透社）
輝達執行長黃仁勳在法說會上表示，新一代Blackwell架構晶片需求「非常驚人」，目前產能仍供不應求。
延伸閱讀：台積電法說會前瞻　先進封裝產能成焦點
法人指出，輝達AI晶片全數委由台積電代工，相關供應鏈營運同步受惠。
市場展望
不過，市場也關注中國大陸業者DeepSeek推出低成本模型後，雲端服務商是否會放緩資本支出。
（編輯：張三）1140227
分享到：Facebook Line X
本網站之文字、圖片及影音，非經授權，不得轉載、公開播送或公開傳輸及利用。
"""


def test_scraped_page_roles():
    paras = segment(SCRAPED)
    check_invariants(SCRAPED, paras)
    assert [p.text for p in paras] == clean_paragraphs(SCRAPED)
    assert [p.role for p in paras] == [
        "boilerplate", "headline", "boilerplate", "body", "caption", "body", "boilerplate", "body", "subheading",
        "body", "boilerplate", "boilerplate", "boilerplate",
    ]
    assert paras[0].reason == "breadcrumb navigation"
    assert paras[4].reason.startswith("agency credit")
    assert paras[6].reason.startswith("related-reading marker")


@pytest.mark.parametrize(
    "line, role",
    [
        ("（圖／路透社）", "caption"),
        ("图片来源：视觉中国", "caption"),
        ("资料图片", "caption"),
        ("(Photo: Reuters)", "caption"),
        ("中新社記者 陳曉東 攝", "caption"),
        ("責任編輯：李明", "boilerplate"),
        ("责任编辑：王芳", "boilerplate"),
        ("版權所有 © 2025 某某新聞網", "boilerplate"),
        ("本文由端傳媒授權轉載", "boilerplate"),
        ("點擊這裡閱讀更多", "boilerplate"),
        ("下載APP，隨時掌握最新消息", "boilerplate"),
        ("追蹤我們的Facebook粉絲專頁", "boilerplate"),
        ("关注我们的微信公众号", "boilerplate"),
        ("（完）", "boilerplate"),
    ],
)
def test_rules_label_single_lines(line, role):
    text = ("美國商務部周一公布新規，把多家晶片設計公司列入實體清單，並收緊先進製程設備的出口。\n"
            f"{line}\n市場人士指出，新規的涵蓋範圍比市場預期更廣，短期內板塊估值難免受壓。")
    paras = segment(text)
    assert [p.text for p in paras] == clean_paragraphs(text)
    assert paras[1].role == role, paras[1].reason
    assert paras[0].role == paras[2].role == "body"


@pytest.mark.parametrize(
    "sentence",
    [
        "他在訂閱制度上提出了不同看法，認為付費牆會影響公眾獲取資訊。",  # one weak word is not a plea
        "拍攝：導演在片場的工作情況受到關注。",  # 拍攝： is not a photo credit
        "臺灣成為會員國的努力，多年來一直受到阻撓。",  # 成為會員國 is not a membership plea
        "據路透社報道，美國將在下月公布新的出口管制措施。",  # 路透社 as a source, not a credit
    ],
)
def test_rules_do_not_fire_on_reporting(sentence):
    text = f"{sentence}\n另一段正文在這裡，說明了事件的背景和最新發展。"
    assert segment(text)[0].role == "body"


# --------------------------------------------------------------------------- properties

_IDEOGRAPHS = "的一是在不了有和人這中大為上個國我以要他時來用們生到作地於出就分對成會可主發年動同工也能下過子說產种们这"
_CHARS = st.sampled_from(
    list(_IDEOGRAPHS) + list("abcXYZ019 .,!?-/") + list("。，「」：、？！（）") + ["\n", "\n", "\n\n", " ", "\u3000", "\t"]
    + ["攝：", "延伸閱讀", "圖：", "訂閱", "會員", "(Photo:", "©", "相關新聞"]
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_CHARS, max_size=300).map("".join), st.integers(0, 5), st.sampled_from(["", "這是標題", "a"]))
def test_nothing_lost_on_random_text(text, line_offset, title):
    check_invariants(text, segment(text, line_offset=line_offset, title=title), line_offset)


_WORDS = st.sampled_from(list(_IDEOGRAPHS) * 3 + ["AI", "DeepSeek", " ", "2025", "。", "，", "「", "」", "："])
_EXTRA = st.sampled_from(["延伸閱讀", "攝：Andy Wong/AP/達志影像", "圖：路透社", "標題一二三", "（完）", " 及，但也", "　　縮排。"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(st.lists(_WORDS, min_size=1, max_size=120).map("".join), _EXTRA), min_size=1, max_size=10),
    st.sampled_from([30, 40, 80]),
    st.sampled_from(["\n", "\n\n"]),
)
def test_nothing_lost_on_wrapped_text(items, columns, sep):
    text = sep.join(line for item in items for line in (hard_wrap(item, columns) or [item]))
    check_invariants(text, segment(text))


def test_empty_and_blank_input():
    assert segment("") == ()
    assert segment(" \n\u3000\n\t\n") == ()


def test_bad_arguments():
    with pytest.raises(TypeError, match="str"):
        segment(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="line_offset"):
        segment("正文。", line_offset=-1)


# --------------------------------------------------------------------------- rules file


def test_shipped_rules_load_and_are_cached():
    assert (shipped_lexicons_dir() / "roles.toml").is_file()
    rules = load_rules()
    assert isinstance(rules, SegmentRules)
    assert load_rules() is rules
    assert load_rules(shipped_lexicons_dir()) is rules
    assert rules.caption and rules.related and rules.boilerplate and rules.dateline
    reasons = " ".join(r.reason for r in rules.caption + rules.related + rules.boilerplate)
    for marker in ("攝：", "摄：", "延伸閱讀", "延伸阅读", "責任編輯", "Getty Images", "達志影像"):
        assert marker in reasons


def test_rules_are_frozen():
    rules = load_rules()
    with pytest.raises(AttributeError):
        rules.wrap_tolerance = 3  # type: ignore[misc]


def write_rules(tmp_path, replace: tuple[str, str] | None = None, append: str = "") -> Path:
    raw = (shipped_lexicons_dir() / "roles.toml").read_text(encoding="utf-8")
    if replace:
        assert replace[0] in raw
        raw = raw.replace(replace[0], replace[1], 1)
    p = tmp_path / "roles.toml"
    p.write_text(raw + append, encoding="utf-8")
    return p


def line_no(path: Path, needle: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(needle)


def test_custom_rules_are_used(tmp_path):
    p = write_rules(tmp_path, append="\n")
    raw = p.read_text(encoding="utf-8").replace("[caption]\n", "[caption]\n'相片提供' = \"photo credit 相片提供\"\n", 1)
    p.write_text(raw, encoding="utf-8")
    rules = load_rules(p)
    text = "第一段正文寫在這裡，內容相當充實。\n相片提供：某某基金會\n第二段正文寫在這裡，內容同樣充實。"
    assert segment(text, rules=rules)[1].reason == "photo credit 相片提供"
    assert segment(text)[1].role != "caption"


@pytest.mark.parametrize(
    "replace, needle, words",
    [
        (("'(?<!拍)攝\\s*[：:]' = ", "'(?<!拍)攝[：:' = "), "'(?<!拍)攝[：:' = ", "bad regular expression"),
        (("wrap_tolerance = 8", 'wrap_tolerance = "eight"'), "wrap_tolerance =", "whole number"),
        (("wrap_min_share = 0.3", "wrap_min_share = 3.0"), "wrap_min_share =", "out of range"),
        (("'達志影像|达志影像' = \"Taiwan agency credit 達志影像\"", "'達志影像|达志影像' = 3"), "'達志影像|达志影像' = 3", "reason"),
        (("max_block_lines = 8", "max_block_lines = 8\nmax_blok_lines = 3"), "max_blok_lines", "unknown key"),
        (("[dateline]", "[datelines]"), "[datelines]", "unknown section"),
        (("sentence_end = ", "sentence_end = 1 #"), "sentence_end =", "string"),
        (("[thresholds]\n", "[thresholds]\nwrap_tolerance 8\n"), "wrap_tolerance 8", "TOML syntax error"),
    ],
)
def test_malformed_rules_name_file_and_line(tmp_path, replace, needle, words):
    p = write_rules(tmp_path, replace=replace)
    with pytest.raises(LexiconError) as err:
        load_rules(p)
    msg = str(err.value)
    assert f"{p}:{line_no(p, needle)}:" in msg
    assert words in msg


def test_missing_rules_file(tmp_path):
    with pytest.raises(LexiconError, match="no such"):
        load_rules(tmp_path / "nope.toml")


def test_missing_threshold_is_reported(tmp_path):
    p = write_rules(tmp_path, replace=("caption_max_chars = 250\n", ""))
    with pytest.raises(LexiconError, match=r"roles\.toml:\d+: \[thresholds\] is missing caption_max_chars"):
        load_rules(p)
