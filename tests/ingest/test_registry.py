"""The agency registry data (data/agencies.toml, provinces.toml, agency_patterns.toml) and loader."""
from __future__ import annotations

import re
import tomllib
import unicodedata
from datetime import date
from importlib import resources

import pytest

from vanban.ingest.registry import (
    capital_words, fold, load_registry, place_forms, short_forms, strip_marks)


def read(name: str) -> tuple[str, dict]:
    text = resources.files("vanban.ingest").joinpath("data", name).read_text("utf-8")
    return text, tomllib.loads(text)


@pytest.mark.parametrize("name", ["agencies.toml", "provinces.toml", "agency_patterns.toml"])
def test_data_is_nfc(name: str) -> None:
    text, _ = read(name)
    assert text == unicodedata.normalize("NFC", text)


@pytest.mark.parametrize(("name", "table"), [("agencies.toml", "agency"), ("provinces.toml", "province")])
def test_rows_sorted_with_unique_keys(name: str, table: str) -> None:
    keys = [row["key"] for row in read(name)[1][table]]
    assert keys == sorted(keys, key=str.casefold)
    assert len(keys) == len(set(keys))


def test_validity_and_successors() -> None:
    registry = load_registry()
    for entry in registry.entries:
        if entry.valid_from and entry.valid_to:
            assert entry.valid_from < entry.valid_to, entry.key
        if entry.successor:
            assert registry.entry(entry.successor) is not None, entry.key
    keys = {p.key for p in registry.provinces}
    for province in registry.provinces:
        assert set(province.successors) <= keys, province.key


def test_aliases_unique_among_bodies_that_coexist() -> None:
    seen: dict[str, list] = {}
    for entry in load_registry().entries:
        for form in {fold(entry.name), *map(fold, entry.aliases)}:
            seen.setdefault(form, []).append(entry)
    for form, entries in seen.items():
        for i, first in enumerate(entries):
            for second in entries[i + 1:]:
                assert not _overlap(first, second), (form, first.key, second.key)


def _overlap(first, second) -> bool:
    start = max(first.valid_from or date.min, second.valid_from or date.min)
    end = min(first.valid_to or date.max, second.valid_to or date.max)
    return start <= end


def test_aliases_are_not_the_name_again() -> None:
    for row in read("agencies.toml")[1]["agency"]:
        assert row["name"].casefold() not in {a.casefold() for a in row["aliases"]}, row["key"]


def test_list_openers_match_their_examples() -> None:
    for opener in read("agency_patterns.toml")[1]["list_opener"]:
        for example in opener["examples"]:
            assert re.search(opener["pattern"], fold(example)), example


def test_province_list_openers_hold_a_needle() -> None:
    """The needles prefilter the openers: every opener's match must hold one."""
    patterns = read("agency_patterns.toml")[1]
    for example in ("UBND các tỉnh, thành phố: TP.HCM, Bình Dương",  # cases/agencies.toml
                    "Ủy ban nhân dân các tỉnh Lạng Sơn, Lào Cai"):
        matches = [m for pattern in patterns["province_list_openers"]
                   if (m := re.search(pattern, fold(example)))]
        assert matches, example
        assert all(any(n in m.group() for n in patterns["province_list_needles"]) for m in matches)


def test_bare_names_match_their_examples_and_name_registry_bodies() -> None:
    for spec in read("agency_patterns.toml")[1]["bare_name"]:
        assert load_registry().entry(spec["key"]) is not None, spec["key"]
        for example in spec["examples"]:
            assert re.search(spec["pattern"], fold(example)), example


def test_foreign_heads_and_countries_are_distinct_words() -> None:
    patterns = read("agency_patterns.toml")[1]
    assert len(set(patterns["countries"])) == len(patterns["countries"])
    assert all(country[0].isupper() for country in patterns["countries"])
    assert all(head == fold(head) for head in patterns["foreign_heads"])
    assert "Việt Nam" not in patterns["countries"]


def test_fold_keeps_length_and_unifies_spellings() -> None:
    for text in ("Uỷ ban Văn hoá\n– Khánh Hoà", "BỘ TÀI CHÍNH", "Ðà Nẵng"):
        assert len(fold(text)) == len(text)
    assert fold("Uỷ ban Văn hoá") == fold("Ủy ban Văn hóa") == "ủy ban văn hóa"
    assert fold("Lao động – Thương binh") == fold("Lao động - Thương binh")
    assert strip_marks("Thé thao và Du lich") == strip_marks("Thể thao và Du lịch")


def test_lookup_by_alias_and_date() -> None:
    registry = load_registry()
    assert registry.lookup("Bộ KH&ĐT").name == "Bộ Kế hoạch và Đầu tư"
    assert registry.lookup("BỘ TÀI CHÍNH").key == "BTC"
    assert registry.lookup("UBND TP.HCM", on=date(2025, 8, 1)).key == "UBND:p34:Hồ Chí Minh"
    assert registry.lookup("UBND TP.HCM", on=date(2020, 1, 1)).key == "UBND:p63:79"
    assert registry.lookup("Cục Thuế", on=date(2014, 1, 1)) is None  # a type of body then
    assert registry.lookup("Cục Thuế", on=date(2025, 6, 1)).name == "Cục Thuế"


def test_successors_lead_to_the_body_of_the_date() -> None:
    registry = load_registry()
    assert registry.current("BKHĐT", date(2025, 5, 1)).name == "Bộ Tài chính"
    assert registry.current("BTNMT", date(2025, 5, 1)).name == "Bộ Nông nghiệp và Môi trường"
    assert registry.current("UBND:p63:91", date(2025, 8, 1)).name == "Ủy ban nhân dân tỉnh An Giang"
    assert registry.current("TCLN", date(2024, 1, 1)).name == "Cục Lâm nghiệp"
    assert registry.current("TCLN", date(2025, 6, 1)).name == "Cục Lâm nghiệp và Kiểm lâm"
    assert registry.current("CHHVN", date(2025, 6, 1)).name == "Cục Hàng hải và Đường thủy Việt Nam"


def test_provinces_derive_committees_and_councils() -> None:
    registry = load_registry()
    province = next(p for p in registry.provinces if p.key == "p63:22")
    assert "tỉnh Quảng Ninh" in place_forms(province)
    names = {e.name for e in registry.entries if e.province == "p63:22"}
    assert names == {"Ủy ban nhân dân tỉnh Quảng Ninh", "Hội đồng nhân dân tỉnh Quảng Ninh"}
    assert registry.lookup("UBND thành phố Đà Nẵng", on=date(2020, 1, 1)).kind == "people's-committee"


def test_short_forms_write_words_short_in_capitals() -> None:
    assert short_forms("Ủy ban Giám sát tài chính Quốc gia") == (
        "UB Giám sát tài chính Quốc gia", "Ủy ban Giám sát tài chính QG", "UB Giám sát tài chính QG")
    assert short_forms("NHNN") == ()
    assert capital_words("Văn phòng TƯ") == ("TƯ",) and capital_words("Bộ Tài chính") == ()
    assert load_registry().lookup("Hội đồng quản lý BHXH VN").key == "hdql-bhxh"
