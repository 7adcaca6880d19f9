"""Typed records that flow through the pipeline.

Every span is a half-open ``[start, end)`` index into ``SourceText.text``: the
NFC form of the decoded input, which is what the gold annotations and the
scorer index. Records are frozen; collections inside them are tuples.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Relation(StrEnum):
    """How a text (or a draft it asks for) relates to a cited document."""

    CITES = "cites"
    BASED_ON = "based_on"
    IMPLEMENTS = "implements"
    AMENDS = "amends"
    REPLACES = "replaces"
    REPEALS = "repeals"
    CORRECTS = "corrects"


class Subject(StrEnum):
    """Who holds a relation: the text itself, or a draft it asks someone to write."""

    DOCUMENT = "document"
    DRAFT = "draft"


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")


@dataclass(frozen=True, slots=True)
class SourceText:
    """A decoded input: NFC text plus what identifies where it came from."""

    text: str
    name: str  # file stem, used for output file names and source IRIs
    sha256: str  # of the raw input bytes
    media_type: str = "text/plain"
    path: str | None = None


@dataclass(frozen=True, slots=True)
class CitationMention:
    span: Span
    surface: str
    relation: Relation = Relation.CITES
    subject: Subject = Subject.DOCUMENT


@dataclass(frozen=True, slots=True)
class Citation:
    """One distinct cited document and every place the text mentions it.

    ``id_local`` is the number and symbol as issued (``96/2014/NĐ-CP``); a
    document cited by name only has ``id_local=None`` and a ``title``.
    ``doc_type`` is a key from ``data/document_types.toml`` (``nghi-dinh``),
    ``issuer`` a symbol code (``CP``, ``TTg``, ``BTC``, ``QH``).
    """

    id_local: str | None
    title: str | None
    year: int | None
    mentions: tuple[CitationMention, ...]
    doc_type: str | None = None
    issuer: str | None = None
    number: str | None = None
    date: str | None = None  # ISO date of issue when the text gives it
    year_evidence: str | None = None  # "symbol", "date", "other-mention", or None


@dataclass(frozen=True, slots=True)
class AgencyMention:
    span: Span
    surface: str


@dataclass(frozen=True, slots=True)
class Agency:
    """A named public body, under its canonical name at the text's date."""

    name: str
    mentions: tuple[AgencyMention, ...]
    code: str | None = None  # registry key; None when not in the registry
    in_registry: bool = True
    kind: str | None = None  # ministry, province, committee, ...
    english_name: str | None = None


@dataclass(frozen=True, slots=True)
class Task:
    """One sentence that assigns work to named agencies."""

    span: Span
    text: str
    lead: tuple[str, ...]  # canonical agency names; ("*",) for a generic collective
    coordinators: tuple[str, ...] = ()
    deadline: str | None = None  # ISO 8601, reduced precision or an interval
    deadline_text: str | None = None
    deliverable: str | None = None  # trình / báo cáo / ban hành ...
    cites: tuple[str, ...] = ()  # keys of the citations mentioned inside the span


@dataclass(frozen=True, slots=True)
class Extraction:
    """What the extractor found in one source text."""

    source: SourceText
    citations: tuple[Citation, ...] = ()
    agencies: tuple[Agency, ...] = ()
    tasks: tuple[Task, ...] = ()
    date: str | None = None  # the text's own date (ISO) when it states one
    title: str | None = None
    warnings: tuple[str, ...] = field(default=())


def citation_key(citation: Citation) -> str:
    """A stable key for one cited document within a text.

    Symbols compare upper-cased without spaces; name-only citations by
    casefolded title. The year is part of the key when known, so
    ``16/CT-TTg`` of 2017 and of 2020 stay apart.
    """
    if citation.id_local:
        base = "".join(citation.id_local.split()).upper()
    else:
        base = "title:" + " ".join((citation.title or "").casefold().split())
    return f"{base}@{citation.year}" if citation.year else base
