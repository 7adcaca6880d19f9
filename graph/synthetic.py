"""A deterministic synthetic corpus for benchmarks: directives citing each other.

Seeded: the same ``(n, seed)`` gives byte-identical output. Documents carry
realistic symbols (``15/2020/NĐ-CP``, ``123/QĐ-TTg``, ``59/2020/QH14``), cite
earlier documents by preferential attachment (so citation counts follow a
power law), sometimes without the year, amend or replace earlier documents of
their kind, and assign tasks to agencies with deadlines. The corpus is written
either as Vietnamese texts (for end-to-end ingest) or as the N-Quads the
mapping makes of the same records (for store benchmarks), plus the link
``<document> eli:is_realized_by <source>`` that ties each text to its document.
"""
from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from vanban.ingest.models import (Agency, AgencyMention, Citation, CitationMention, Extraction,
                                  Relation, SourceText, Span, Task)
from vanban.ontology.iris import Minter
from vanban.ontology.mapping import to_triples

from .analytics import REALIZES
from .store import to_ntriples

# (type key, name, symbol suffix, year in symbol, issuer name, share of documents)
KINDS = (
    ("nghi-dinh", "Nghị định", "NĐ-CP", True, "Chính phủ", 0.25),
    ("quyet-dinh", "Quyết định", "QĐ-TTg", False, "Thủ tướng Chính phủ", 0.30),
    ("nghi-quyet", "Nghị quyết", "NQ-CP", False, "Chính phủ", 0.15),
    ("chi-thi", "Chỉ thị", "CT-TTg", False, "Thủ tướng Chính phủ", 0.10),
    ("thong-tu", "Thông tư", "TT-BTC", True, "Bộ Tài chính", 0.15),
    ("luat", "Luật", "QH", True, "Quốc hội", 0.05),
)
AGENCIES = (  # (name, code), most often assigned first (Zipf weights)
    ("Bộ Tài chính", "BTC"), ("Bộ Kế hoạch và Đầu tư", "BKHDT"), ("Bộ Công an", "BCA"),
    ("Bộ Thông tin và Truyền thông", "BTTTT"), ("Văn phòng Chính phủ", "VPCP"),
    ("Bộ Nội vụ", "BNV"), ("Bộ Tư pháp", "BTP"), ("Bộ Công Thương", "BCT"),
    ("Bộ Giao thông vận tải", "BGTVT"), ("Bộ Xây dựng", "BXD"), ("Bộ Y tế", "BYT"),
    ("Bộ Giáo dục và Đào tạo", "BGDDT"), ("Bộ Nông nghiệp và Phát triển nông thôn", "BNNPTNT"),
    ("Bộ Tài nguyên và Môi trường", "BTNMT"), ("Bộ Lao động - Thương binh và Xã hội", "BLDTBXH"),
    ("Ngân hàng Nhà nước Việt Nam", "NHNN"), ("Bộ Khoa học và Công nghệ", "BKHCN"),
    ("Bộ Quốc phòng", "BQP"), ("Bộ Ngoại giao", "BNG"), ("Thanh tra Chính phủ", "TTCP"),
)
TOPICS = ("chuyển đổi số quốc gia", "cải cách thủ tục hành chính", "phát triển kinh tế số",
          "quản lý nợ công", "đầu tư công trung hạn", "phòng, chống thiên tai",
          "an toàn thông tin mạng", "phát triển nguồn nhân lực", "xây dựng Chính phủ điện tử",
          "quản lý thuế", "bảo hiểm xã hội", "phát triển hạ tầng giao thông")
VERBS = ("xây dựng", "hoàn thiện", "nghiên cứu, đề xuất", "tổng kết, đánh giá", "ban hành")
_WHEN = datetime(2025, 1, 1, tzinfo=timezone.utc)  # fixed, so the output is reproducible
DELIVERABLES = ("Đề án", "báo cáo", "kế hoạch", "dự thảo Nghị định", "chương trình")


@dataclass(frozen=True, slots=True)
class Doc:
    n: int
    kind: tuple
    number: int
    issued: date

    @property
    def id_local(self) -> str:
        key, _, suffix, dated, _, _ = self.kind
        if key == "luat":
            return f"{self.number}/{self.issued.year}/QH{13 + (self.issued.year - 2011) // 5}"
        return f"{self.number}/{self.issued.year}/{suffix}" if dated else f"{self.number}/{suffix}"


class Corpus:
    """``n`` documents in issue order, with citations drawn as the corpus grows."""

    def __init__(self, n: int, seed: int = 0, *, mean_citations: float = 3.0) -> None:
        self.n, self.seed, self.mean = n, seed, mean_citations
        rng = random.Random(seed)
        weights = [k[5] for k in KINDS]
        counters: dict[tuple[str, int], int] = {}
        self.docs: list[Doc] = []
        for i in range(n):
            year = 2000 + (i * 25) // max(n, 1)
            kind = rng.choices(KINDS, weights)[0]
            counters[kind[0], year] = counters.get((kind[0], year), rng.randint(0, 20)) + 1
            day = date(year, 1, 1).toordinal() + (i * 25 * 365 // max(n, 1)) % 365
            self.docs.append(Doc(i, kind, counters[kind[0], year], date.fromordinal(day)))

    def extractions(self) -> Iterator[Extraction]:
        """One Extraction per document, exactly as the text renders it."""
        rng = random.Random(self.seed + 1)
        pool: list[int] = []  # a document appears once, plus once per citation it received
        agency_weights = [1 / (r + 1) for r in range(len(AGENCIES))]
        for doc in self.docs:
            k = min(doc.n, int(rng.expovariate(1 / self.mean)) + 1)  # doc.n earlier documents
            cited: list[int] = []
            while len(cited) < k:
                target = rng.choice(pool)
                if target not in cited:
                    cited.append(target)
            yield _render(doc, [self.docs[c] for c in cited], rng, agency_weights)
            pool.append(doc.n)
            pool.extend(cited)


def _render(doc: Doc, cited: list[Doc], rng: random.Random, agency_weights: list[float]
            ) -> Extraction:
    parts: list[str] = []
    pos = 0

    def put(s: str) -> Span:
        nonlocal pos
        parts.append(s)
        pos += len(s)
        return Span(pos - len(s), pos)

    key, name, _, _, issuer, _ = doc.kind
    d = doc.issued
    put(f"{issuer.upper()}\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
        f"Số: {doc.id_local}\nHà Nội, ngày {d.day} tháng {d.month} năm {d.year}\n\n"
        f"{name.upper()}\nVề {rng.choice(TOPICS)}\n\n")
    citations: list[Citation] = []
    for i, target in enumerate(cited):
        relation = Relation.BASED_ON if i < 2 else Relation.CITES
        if i == len(cited) - 1 and target.kind == doc.kind and rng.random() < 0.3:
            relation = rng.choice((Relation.AMENDS, Relation.REPLACES))
        citations.append(_cite(target, relation, put, rng))
    agencies = {a: Agency(a, (), code=c) for a, c in AGENCIES}
    tasks, used = [], {}
    for _ in range(rng.choice((0, 1, 1, 2, 3))):
        lead, coord = rng.choices(AGENCIES, agency_weights, k=2)
        year = d.year + rng.choice((0, 1))
        month = rng.randint(1, 12)
        verb, deliverable = rng.choice(VERBS), rng.choice(DELIVERABLES)
        deadline_text = f"trước ngày 30 tháng {month} năm {year}" if month != 2 else \
            f"trong tháng {month} năm {year}"
        sentence = (f"{lead[0]} chủ trì, phối hợp với {coord[0]} {verb} {deliverable} về "
                    f"{rng.choice(TOPICS)}, trình Thủ tướng Chính phủ {deadline_text}.")
        span = put(sentence)
        put("\n")
        for who in {lead[0], coord[0]}:
            start = span.start + sentence.index(who)
            used.setdefault(who, []).append(AgencyMention(Span(start, start + len(who)), who))
        deadline = f"{year}-{month:02d}-30" if month != 2 else f"{year}-{month:02d}"
        tasks.append(Task(span, sentence, (lead[0],), (coord[0],) if coord != lead else (),
                          deadline, deadline_text, verb))
    put("\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n")
    text = "".join(parts)
    source = SourceText(text, f"syn-{doc.n:06d}", _sha(text), path=f"syn-{doc.n:06d}.txt")
    found = tuple(Agency(a.name, tuple(used[a.name]), code=a.code) for a in agencies.values()
                  if a.name in used)
    return Extraction(source, tuple(citations), found, tuple(tasks), date=d.isoformat())


def _cite(target: Doc, relation: Relation, put, rng: random.Random) -> Citation:
    key, name, _, dated, issuer, _ = target.kind
    d = target.issued
    with_date = dated or rng.random() < 0.85  # some texts omit the date: year unknown
    surface = f"{name} số {target.id_local}" + (
        f" ngày {d.day} tháng {d.month} năm {d.year}" if with_date else "")
    lead = {Relation.AMENDS: "Sửa đổi, bổ sung một số điều của ",
            Relation.REPLACES: "Thay thế "}.get(relation, "Căn cứ ")
    put(lead)
    span = put(surface)
    put(f" của {issuer};\n")
    year = d.year if (dated or with_date) else None
    evidence = ("symbol" if dated else "date") if year else None
    return Citation(target.id_local, None, year, (CitationMention(span, surface, relation),),
                    key, None, str(target.number), d.isoformat() if with_date else None, evidence)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def write_texts(corpus: Corpus, folder: Path) -> int:
    """One UTF-8 .txt per document; returns the bytes written."""
    folder.mkdir(parents=True, exist_ok=True)
    size = 0
    for ext in corpus.extractions():
        data = ext.source.text.encode()
        (folder / f"{ext.source.name}.txt").write_bytes(data)
        size += len(data)
    return size


def write_nquads(corpus: Corpus, path: Path, *, mentions: bool = True, workers: int = 1) -> int:
    """The mapping's RDF of every document, one named graph each; returns the triple count.

    ``mentions=False`` leaves out the span annotations (about half the triples),
    which no analytics reads: the store benchmarks' profile. ``workers`` map in
    parallel processes (the mapping, not the drawing, is the slow part).
    """
    jobs = ((doc.id_local, doc.issued.year, ext, mentions)
            for doc, ext in zip(corpus.docs, corpus.extractions()))
    count = 0
    with path.open("w", encoding="utf-8") as out:
        if workers > 1:
            with ProcessPoolExecutor(workers) as pool:
                for text, n in pool.map(_graph_nquads, jobs, chunksize=64):
                    out.write(text)
                    count += n
        else:
            for text, n in map(_graph_nquads, jobs):
                out.write(text)
                count += n
    return count


def _graph_nquads(job: tuple) -> tuple[str, int]:
    id_local, year, ext, mentions = job
    minter = Minter()
    src = minter.source(ext.source.name)
    own = minter.document(id_local, None, year, source=ext.source.name)
    lines = to_ntriples(to_triples(ext, minter, ingested_at=_WHEN)).splitlines()
    if not mentions:
        lines = [x for x in lines if "/mention/" not in x]
    lines.append(f"<{own}> <{REALIZES}> <{src}> .")
    suffix = f" <{src}> .\n"
    return "".join(line[:-1].rstrip() + suffix for line in lines), len(lines)
