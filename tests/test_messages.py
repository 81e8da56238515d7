"""The message catalogue as officers read it: every text in both languages, and English
that stays grammatical when a count is 1."""
from __future__ import annotations

import re

from fourgood.messages import CATALOGUE, Count, msg


class _One(dict):
    def __missing__(self, key: str) -> Count:
        return Count(1, "en")


def test_every_message_has_both_languages_and_no_count_reads_1_months():
    plural = re.compile(r"\b1 (months|items|units|files|errors|cells|parts|workbooks|criteria"
                        r"|groups|rows|points)\b")
    for code, texts in CATALOGUE.items():
        assert len(texts) == 2 and all(t.strip() for t in texts), code
        english = texts[1].format_map(_One()) if "%(" not in texts[1] else texts[1]
        assert not plural.search(english), (code, english)


def test_english_counts_agree_and_vietnamese_numbers_use_a_comma():
    assert msg("gap_total", short=1, need=90, actual=89).en == \
        "The total is 1 point short of 90 (now 89)."
    assert msg("gap_total", short=0.5, need=90, actual=89.5).en.startswith(
        "The total is 0.5 points short")
    assert msg("gap_total", short=0.5, need=90, actual=89.5).vi.startswith(
        "Tổng điểm còn thiếu 0,5")


def test_outside_text_is_cleaned_once_for_every_writer():
    from fourgood.messages import MAX_CELL_TEXT, clean_text

    assert clean_text("Chi bộ\x0b số 1\udcff") == "Chi bộ\ufffd số 1\ufffd"
    assert clean_text("dòng 1\ndòng 2") == "dòng 1\ndòng 2"
    assert clean_text("dòng 1\ndòng 2", one_line=True) == "dòng 1\ufffddòng 2"
    long = clean_text("x" * (MAX_CELL_TEXT + 10))
    assert len(long) == MAX_CELL_TEXT and long.endswith("…")
