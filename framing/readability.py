"""Readability for Chinese and Latin-script text.

textstat's formulas count syllables and are meaningless on CJK text, so for Chinese we
report what the Chinese readability literature uses (e.g. Sung et al. 2015; Lee, Chang &
Tseng's CRIE): characters and words per sentence and the share of rare words, here
words whose jieba dictionary frequency is below ``RARE_BELOW``. For Latin-script text
we use textstat's Flesch reading ease (imported only then: its import costs ~3 s).
"""

from __future__ import annotations

from collections.abc import Sequence

from .model import Token
from .text import is_cjk, is_word, split_sentences, word_frequency

#: a word with a jieba dictionary frequency below this counts as rare (about the rarest 60% of
#: jieba's 350k entries; common news words such as 市場 or 股價 are in the thousands)
RARE_BELOW = 100


def measure(text: str, tokens: Sequence[Token], *, script: str) -> dict[str, float]:
    """Readability figures of a paragraph (or a whole article's text and tokens)."""
    sentences = max(1, len(split_sentences(text)))
    words = [t for t in tokens if is_word(t.text)]
    if script == "latin":
        import textstat

        return {
            "sentences": float(sentences),
            "words_per_sentence": len(words) / sentences,
            "flesch_reading_ease": float(textstat.flesch_reading_ease(text)) if text.strip() else 0.0,
        }
    cjk_chars = sum(1 for ch in text if is_cjk(ch))
    chinese_words = [t for t in words if any(is_cjk(ch) for ch in t.norm)]
    rare = sum(1 for t in chinese_words if word_frequency(t.norm) < RARE_BELOW)
    return {
        "sentences": float(sentences),
        "chars_per_sentence": cjk_chars / sentences,
        "words_per_sentence": len(words) / sentences,
        "rare_word_share": rare / len(chinese_words) if chinese_words else 0.0,
    }
