from datetime import date

import pytest

from framing.report import parse_date, summarise


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Diperbarui 18 Jun 2025, 14:05 WIB", date(2025, 6, 18)),
        ("Selasa, 26 Mei 2026 16:13 WIB", date(2026, 5, 26)),
        (",\xa0Jurnalis-Rabu, 18 Juni 2025 |10:05 WIB", date(2025, 6, 18)),
        ("Jum'at, 20 Juni 2025 |08:00 WIB", date(2025, 6, 20)),
        ("2025/07/03 13:55:00", date(2025, 7, 3)),
        ("2025-06-18 10:00:00", date(2025, 6, 18)),
        ("Kompas.com- 18/06/2025, 10:00 WIB", date(2025, 6, 18)),
        ("6/18/2025 14:00", date(2025, 6, 18)),
        ("12 Agustus 2024", date(2024, 8, 12)),
        ("Tanggal tidak ditemukan", None),
        ("31 Februari 2025", None),
        (None, None),
    ],
)
def test_outlet_date_formats(text, expected):
    assert parse_date(text) == expected


def test_ambiguous_slashed_dates_follow_the_outlets_own_order():
    assert parse_date("6/7/2025 10:00") is None
    assert parse_date("6/7/2025 10:00", day_first=False) == date(2025, 6, 7)
    records = [
        {"doc_id": "a", "outlet": "detik", "date": "6/18/2025 14:00", "frames": ["denial"]},
        {"doc_id": "b", "outlet": "detik", "date": "6/7/2025 10:00", "frames": []},
    ]
    assert set(summarise(records)["per_month"]) == {"2025-06"}


def test_summary_counts_shares_per_outlet():
    records = [
        {"doc_id": "a", "outlet": "tempo", "date": "1 Mei 2025", "frames": ["sanctions"]},
        {"doc_id": "a", "outlet": "tempo", "date": "1 Mei 2025", "frames": []},
        {"doc_id": "b", "outlet": "kompas", "date": "", "frames": ["denial", "sanctions"]},
    ]
    s = summarise(records)
    assert s["overall"]["paragraphs"] == 3 and s["overall"]["sanctions"] == 2
    assert s["per_outlet"]["tempo"]["sanctions"] == 1
    assert s["undated"] == 1 and s["documents"] == 2
