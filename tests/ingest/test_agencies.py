"""find_agencies on real sentences (cases/agencies.toml) and on the corpus texts."""
from __future__ import annotations

import re
import tomllib
import unicodedata
from pathlib import Path

import pytest

from vanban.ingest.agencies import _automaton, estimate_date, find_agencies
from vanban.ingest.agency_names import find_named_units
from vanban.ingest.agency_text import squeeze

from tests.conftest import shared_path

CASES = tomllib.loads((Path(__file__).parent / "cases" / "agencies.toml").read_text("utf-8"))["case"]
MARK = re.compile(r"<ag>(.*?)</ag>", re.S)
IGNORED = {"Chính phủ", "Thủ tướng Chính phủ"}


def unmark(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """The text without marks and the spans the marks enclosed."""
    text, spans, last = [], [], 0
    for match in MARK.finditer(marked):
        text.append(marked[last:match.start()])
        start = sum(map(len, text))
        text.append(match.group(1))
        spans.append((start, start + len(match.group(1))))
        last = match.end()
    text.append(marked[last:])
    return "".join(text), spans


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case: dict) -> None:
    text, spans = unmark(case["marked"])
    found = sorted((m.span.start, m.span.end, a.name) for a in find_agencies(text, on=case.get("on"))
                   for m in a.mentions if a.name not in IGNORED)
    assert [(s, e) for s, e, _ in found] == spans, [text[s:e] for s, e, _ in found]
    assert [name for *_, name in found] == case["names"]


def test_cases_come_from_real_texts() -> None:
    for case in CASES:
        assert case["source"] and len(MARK.findall(case["marked"])) == len(case["names"]), case["id"]


def test_one_agency_per_name_with_every_mention() -> None:
    text = "Bộ Tài chính chủ trì, phối hợp với BỘ TÀI CHÍNH và Bộ tài chính"
    (agency,) = find_agencies(text)
    assert agency.name == "Bộ Tài chính" and agency.code == "BTC" and agency.in_registry
    assert [m.surface for m in agency.mentions] == ["Bộ Tài chính", "BỘ TÀI CHÍNH", "Bộ tài chính"]
    assert agency.kind == "ministry" and agency.english_name == "Ministry of Finance"


def test_unknown_names_are_marked_outside_the_registry() -> None:
    (agency,) = find_agencies("Đại diện Cục Công nghệ thông tin và Thống kê Hải quan cho biết")  # d05
    assert agency.in_registry is False and agency.code is None and agency.kind == "department"


@pytest.mark.parametrize(("sentence", "names"), [
    # sources: dev/d05, dev/d11, dev/d16, seed, dev/d17, dev/d09 (registry left out: patterns only)
    ("Tổng cục Hải quan hướng dẫn giải quyết hoặc phối hợp với", ["Tổng cục Hải quan"]),
    ("Vụ trưởng Vụ Bảo hiểm xã hội và trên cơ sở thống nhất với Bộ Tài chính", ["Vụ Bảo hiểm xã hội"]),
    (" – Vụ PC, Vụ TNCN, Vụ TVQT, Vụ KK (TCT);", []),  # internal codes
    ("Xây dựng và vận hành Trung tâm Cách mạng công nghiệp lần thứ tư.", []),  # no unit head
    ("đề nghị các Cục thuế khẩn trương tuyên truyền", []),  # a type of body
    ("Trên cơ sở đó, Chi cục Thuế dự kiến mức doanh thu", []),  # a type of body
    # dev/d29, dev/d26: a title ends a name; a long name of 13 words
    ("Cục trưởng Cục Đăng ký giao dịch bảo đảm và Bồi thường nhà nước và Thủ trưởng các đơn vị",
     ["Cục Đăng ký giao dịch bảo đảm và Bồi thường nhà nước"]),
    ("- Cục Kiểm tra văn bản và Quản lý xử lý vi phạm hành chính (Bộ Tư pháp);",
     ["Cục Kiểm tra văn bản và Quản lý xử lý vi phạm hành chính"]),
    # constructed: a verb after the name; "quản lý các" inside a name; a police unit's "điều tra"
    ("Giao Viện Khoa học và Công nghệ Việt Nam điều tra, khảo sát",
     ["Viện Khoa học và Công nghệ Việt Nam"]),
    ("Vụ Quản lý các khu kinh tế làm đầu mối tổng hợp", ["Vụ Quản lý các khu kinh tế"]),
    ("ý kiến của Vụ Pháp chế về dự thảo Thông tư", ["Vụ Pháp chế"]),
    ("Cục Cảnh sát điều tra tội phạm về môi trường chủ trì",
     ["Cục Cảnh sát điều tra tội phạm về môi trường"]),
])
def test_named_units_end_where_the_name_ends(sentence: str, names: list[str]) -> None:
    assert [hit.name for hit in find_named_units(squeeze(sentence), [], sentence)] == names


def test_foreign_bodies_are_international_outside_the_registry() -> None:
    (agency,) = find_agencies("Bộ Ngoại giao Trung Quốc thông báo")  # constructed
    assert agency.name == "Bộ Ngoại giao Trung Quốc" and agency.kind == "international"
    assert agency.in_registry is False and agency.code is None


def test_automaton_is_built_once() -> None:
    assert _automaton() is _automaton()


def test_estimate_date_takes_the_latest_full_date() -> None:
    assert str(estimate_date("ngày 10/4/2019 ... ngày 2 tháng 5 năm 2019, số 32/2018")) == "2019-05-02"
    assert estimate_date("không có ngày") is None


@pytest.mark.shared
@pytest.mark.parametrize("corpus", ["dev", "seed"])
def test_mentions_index_the_text(corpus: str) -> None:
    for path in sorted(shared_path("corpus", corpus).glob("*.txt")):
        text = unicodedata.normalize("NFC", path.read_text("utf-8"))
        for agency in find_agencies(text):
            assert agency.name == unicodedata.normalize("NFC", agency.name)
            for mention in agency.mentions:
                assert text[mention.span.start:mention.span.end] == mention.surface


@pytest.mark.shared
def test_provincial_text_names_its_own_bodies() -> None:
    """A decision of UBND tỉnh Bắc Ninh: bare "Sở Tài chính", "VP UBND tỉnh" are Bắc Ninh's."""
    path = shared_path("corpus", "dev", "d24.txt")
    text = unicodedata.normalize("NFC", path.read_text("utf-8"))
    agencies = {a.name: a for a in find_agencies(text)}
    assert {"Sở Tài chính tỉnh Bắc Ninh", "Văn phòng Ủy ban nhân dân tỉnh Bắc Ninh",
            "Trung tâm Phục vụ hành chính công tỉnh Bắc Ninh",
            "Ủy ban nhân dân tỉnh Bắc Giang"} <= set(agencies)
    surfaces = {" ".join(m.surface.split()) for m in agencies["Sở Tài chính tỉnh Bắc Ninh"].mentions}
    assert {"Sở Tài chính", "Sở Tài chính tỉnh Bắc Ninh"} <= surfaces
    assert not any(name.startswith("Sở") and "Bắc Giang" in name for name in agencies)


@pytest.mark.shared
def test_ministry_text_names_its_own_office() -> None:
    """A decision headed "BỘ TƯ PHÁP": its "Văn phòng Bộ" is Văn phòng Bộ Tư pháp."""
    text = unicodedata.normalize("NFC", shared_path("corpus", "dev", "d29.txt").read_text("utf-8"))
    office = next(a for a in find_agencies(text) if a.name == "Văn phòng Bộ Tư pháp")
    assert {m.surface for m in office.mentions} == {"Văn phòng Bộ"}
