"""Fixtures for the ontology tests: extraction records that exercise every mapping branch."""
from __future__ import annotations

import dataclasses
from datetime import datetime, timezone
from pathlib import Path

import pytest

from vanban.ingest.load import load_source
from vanban.ingest.models import (Agency, AgencyMention, Citation, CitationMention, Extraction,
                                  Relation, SourceText, Span, Subject, Task)
from vanban.ingest.pipeline import run_pipeline
from vanban.ontology.iris import Minter
from vanban.ontology.mapping import to_graph

FIXED_TIME = datetime(2026, 1, 1, tzinfo=timezone.utc)
# Shaped like the seed (seed-2019-06-nq-phien-hop.txt): a decree to amend, a draft that
# amends it, a resolution cited without a year, a law by name, tasks with deadlines.
TEXT = ("Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015; theo Nghị quyết số 01/NQ-CP, "
        "Ngân hàng Nhà nước Việt Nam chủ trì, phối hợp với Bộ Tài chính hoàn thiện, trình Chính phủ "
        "dự thảo Nghị định sửa đổi, bổ sung Nghị định số 96/2014/NĐ-CP trong tháng 7 năm 2019.")


def _span(needle: str) -> tuple[Span, str]:
    start = TEXT.index(needle)
    return Span(start, start + len(needle)), needle


def mention(needle: str, relation: Relation = Relation.CITES,
            subject: Subject = Subject.DOCUMENT) -> CitationMention:
    span, surface = _span(needle)
    return CitationMention(span, surface, relation, subject)


def make_extraction(name: str = "mau", citations: tuple[Citation, ...] | None = None) -> Extraction:
    source = SourceText(text=TEXT, name=name, sha256="0" * 64, path=f"{name}.txt")
    nhnn, btc = _span("Ngân hàng Nhà nước Việt Nam"), _span("Bộ Tài chính")
    task_span, task_text = _span(TEXT[TEXT.index("Ngân hàng"):])
    default = (
        Citation("96/2014/NĐ-CP", None, 2014, (mention("Nghị định số 96/2014/NĐ-CP", Relation.AMENDS,
                                                       Subject.DRAFT),),
                 doc_type="nghi-dinh", issuer="CP", number="96", year_evidence="symbol"),
        Citation("01/NQ-CP", None, None, (mention("Nghị quyết số 01/NQ-CP"),),
                 doc_type="nghi-quyet", issuer="CP", number="01"),
        Citation(None, "Luật Tổ chức Chính phủ", 2015,
                 (mention("Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015", Relation.BASED_ON),),
                 doc_type="luat", date="2015-06-19", year_evidence="date"),
    )
    return Extraction(
        source=source, citations=default if citations is None else citations,
        agencies=(Agency("Ngân hàng Nhà nước Việt Nam", (AgencyMention(*nhnn),), code="NHNN"),
                  Agency("Bộ Tài chính", (AgencyMention(*btc),), code="BTC",
                         english_name="Ministry of Finance")),
        tasks=(Task(task_span, task_text, lead=("Ngân hàng Nhà nước Việt Nam",),
                    coordinators=("Bộ Tài chính",), deadline="2019-07",
                    deadline_text="trong tháng 7 năm 2019", deliverable="trình",
                    cites=("96/2014/NĐ-CP@2014",)),),
        date="2019-06-05", title="Nghị quyết phiên họp Chính phủ thường kỳ")


@pytest.fixture
def extraction() -> Extraction:
    return make_extraction()


def corpus_graph(path: Path, minter: Minter | None = None):
    """The mapped graph of one real text, independent of where the checkout lives."""
    source = load_source(path)
    source = dataclasses.replace(source, path=path.name)
    return to_graph(run_pipeline(source), minter or Minter(), ingested_at=FIXED_TIME)
