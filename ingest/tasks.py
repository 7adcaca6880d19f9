"""Assemble task assignments from sentences, agencies and deadlines.

A task is one sentence (or list item) that gives work to named agencies
(GUIDE.md §1b). Its lead is the sentence's subject ("Bộ X chủ trì …"), or the
agencies addressed after a cue ("Giao Bộ X …", "Chính phủ yêu cầu Bộ X …").
A sentence without a subject of its own ("Khẩn trương trình …") takes the
subject in force: the last one stated in the text, or the agency of the list
header above it ("3. Bộ Tài chính:"). A generic subject ("các bộ, ngành, địa
phương") gives the lead ``("*",)``: not scored, but it ends the carry-over.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace

from .deadlines import Deadline, find_deadlines, first_deadline, read_deadline_cell
from .docmeta import find_reference_year
from .models import Agency, Citation, Span, Task, citation_key
from .segment import Sentence, find_sentences
from .subjects import (COLLECTIVE, MentionIndex, Reading, find_predicate, index_mentions,
                       named_between, read_sentence)
from .taskphrases import TaskPhrases, load_task_phrases
from .tasktables import TableRow, find_table_rows

_HEADING_CHARS = 120  # a line without a stop and shorter than this is a title
_HEAD_CHARS = 60  # "Kính gửi:" / "THỦ TƯỚNG CHÍNH PHỦ điện:" open their sentence
_CELL_CHARS = 24  # a deadline value opens its field line ("Quý IV/2019", "Năm 2020 - 2021")
_FIELD_GAP = 200  # a "Thời hạn: …" line completes a task that ended at most this far before it


def find_tasks(text: str, agencies: tuple[Agency, ...], citations: tuple[Citation, ...],
               *, doc_date: str | None = None, lowered: str | None = None) -> tuple[Task, ...]:
    """One Task per sentence that assigns work, in text order (``lowered``: the text
    lower-cased by ``scan.lower_view``, when the caller has it)."""
    ph = load_task_phrases()
    doc_date = doc_date or find_reference_year(text)
    deadlines = find_deadlines(text, doc_date=doc_date, lowered=lowered)
    cited = tuple(sorted((m.span.start, m.span.end, citation_key(c)) for c in citations for m in c.mentions))
    walk = _Walk(text, ph, index_mentions(agencies, ph), cited, deadlines, doc_date)
    recipients = addressing = False  # inside a "Nơi nhận" list, inside a "Kính gửi:" list
    for s in find_sentences(text):
        recipients = bool(ph.recipients.match(text, s.body, s.end)) \
            or (recipients and (s.item or not s.first))
        head_end = min(s.end, s.body + _HEAD_CHARS)
        head = ph.addressee_head.search(text, s.body, head_end) if text.find(":", s.body, head_end) >= 0 else None
        addressing = bool(head) or (addressing and s.item)
        if addressing:  # the addressees: later "các tỉnh nêu trên" means them
            walk.addressees += named_between(walk.ms, head.end() if head else s.start, s.end, ph)
        elif not recipients and not walk.field(s):
            walk.step(s)
    rows = [_row_task(text, row, walk, doc_date) for row in find_table_rows(text, ph)]
    return tuple(sorted(walk.tasks + rows, key=lambda t: t.span.start))


def _row_task(text: str, row: TableRow, walk: _Walk, doc_date: str | None) -> Task:
    """A table row as a task: leads, coordinators and deadline from their columns."""
    leads = named_between(walk.ms, row.lead.start, row.lead.end, walk.ph) or COLLECTIVE
    task = _task(text, row.span, leads, row.span.start, walk.ms, walk.ph, walk.cited, ())
    coordinators = named_between(walk.ms, row.coordinators.start, row.coordinators.end, walk.ph) \
        if row.coordinators else ()
    found = read_deadline_cell(text, row.deadline.start, row.deadline.end, doc_date=doc_date) \
        if row.deadline else None
    return replace(task, coordinators=tuple(n for n in coordinators if n not in leads),
                   deadline=found.iso if found else None, deadline_text=found.phrase if found else None)


@dataclass
class _Walk:
    """The subject in force while reading a text's sentences in order."""

    text: str
    ph: TaskPhrases
    ms: MentionIndex
    cited: tuple[tuple[int, int, str], ...]  # citation mentions (start, end, key), sorted
    deadlines: tuple[Deadline, ...]  # every deadline phrase of the text, in order
    doc_date: str | None = None  # for a "Thời hạn: Quý IV/2019" line, read like a table cell
    tasks: list[Task] = field(default_factory=list)
    current: tuple[str, ...] | None = None  # the subject that subject-less sentences take
    header: tuple[Span, Reading] | None = None  # a head ending in ":", joined to its first item
    heading: Span | None = None  # the last heading, where a table item starts
    under: bool = False  # items under a named head ("Bộ X chủ trì …, báo cáo về:") take its subject
    list_deadline: tuple[str, str] | None = None  # a head's deadline, for its items without one
    addressees: tuple[str, ...] = ()  # the agencies of the "Kính gửi:" list

    def step(self, s: Sentence) -> None:
        text, ph = self.text, self.ph
        r = read_sentence(text, s.body, s.end, self.ms, ph)
        if r.kind == "skip":
            return
        if r.open_call and s.first:  # opening a paragraph, a call to no one named is to all
            r = Reading("own", COLLECTIVE, r.subject_end)
        if self.addressees and r.kind != "inherit":
            r = self.resolve_anaphora(s, r)
        heading = _is_heading(text, s, r)
        if self.header and (heading or not s.item):  # a head with a verb and no item of its own
            if self.is_task_head(*self.header):
                self.emit(self.header[0], self.header[1].leads, self.header[1].subject_end)
            self.header = None
        if heading:
            self.set_heading(s, r)
            return
        self.under = self.under and s.bullet
        if s.first and not s.item:  # prose after a list: the head's deadline no longer holds
            self.list_deadline = None
        if self.under and r.kind == "own" and r.leads == COLLECTIVE and not ph.collective.match(text, s.body):
            r = Reading("inherit", subject_end=s.body)  # "- Thực trạng và giải pháp …" under its head
        if r.kind == "own" and (s.first or r.leads != COLLECTIVE):
            self.current = r.leads
        if r.kind == "none" or r.past or (r.kind == "inherit" and not self.current):
            return
        span = s.span
        if self.header:
            span, self.header = Span(self.header[0].start, s.end), None
        self.emit(span, r.leads if r.kind == "own" else self.current, max(r.subject_end, s.body))

    def field(self, s: Sentence) -> bool:
        """Lines of a plan's item: "Cơ quan thực hiện: …" makes a task of the item heading
        above it; "Cơ quan phối hợp: …" and "Thời hạn: …" complete the task just before."""
        text, ph, body, end = self.text, self.ph, s.body, s.end
        if ph.field_lead.match(text, body, end):
            leads = named_between(self.ms, body, end, ph) or COLLECTIVE
            self.emit(Span(self.heading.start if self.heading else s.start, end), leads, body)
            # its deadline is the item's "Thời gian: …" line, not a date in its content
            self.tasks[-1] = replace(self.tasks[-1], deadline=None, deadline_text=None)
            return True
        last = self.tasks[-1] if self.tasks else None
        if not last or s.start - last.span.end > _FIELD_GAP:
            return False
        if ph.field_coordinator.match(text, body, end):
            named = named_between(self.ms, body, end, ph)
            self.tasks[-1] = replace(last, coordinators=tuple(dict.fromkeys(
                last.coordinators + tuple(n for n in named if n not in last.lead))))
            return True
        if not ph.field_deadline.match(text, body, end):
            return False
        found = first_deadline(self.deadlines, body, end) or self.field_value_deadline(body, end)
        self.tasks[-1] = replace(last, span=Span(last.span.start, end), text=text[last.span.start:end],
                                 deadline=last.deadline or (found.iso if found else None),
                                 deadline_text=last.deadline_text or (found.phrase if found else None))
        return True

    def field_value_deadline(self, body: int, end: int) -> Deadline | None:
        """A "Thời hạn: Quý IV/2019" line's value read like a table cell, when it opens the value
        (not a year inside "Theo tiến độ … của Luật An ninh mạng 2025")."""
        colon = self.text.find(":", body, end)
        if colon < 0:
            return None
        value = colon + 1 + len(self.text[colon + 1:end]) - len(self.text[colon + 1:end].lstrip(" *\t\n"))
        return read_deadline_cell(self.text, value, min(end, value + _CELL_CHARS), doc_date=self.doc_date)

    def is_task_head(self, span: Span, r: Reading) -> bool:
        """A head that assigns work by itself ("Kho bạc nhà nước có trách nhiệm … theo
        nguyên tắc:"), not an issuing formula ("Bộ Tài chính hướng dẫn … như sau:")."""
        if r.kind != "own" or r.past or r.leads == COLLECTIVE:
            return False
        tail = self.text[span.start:span.end].rstrip(" *:")
        return not (self.ph.formula_tail.search(tail) or self.ph.formula_verb.match(self.text, r.subject_end))

    def resolve_anaphora(self, s: Sentence, r: Reading) -> Reading:
        """ "Chủ tịch Ủy ban nhân dân các tỉnh nêu trên" (or "từ Hà Tĩnh đến Khánh Hòa"):
        the addressees of that kind lead."""
        end = r.subject_end if r.subject_end > s.body else s.end
        kind = self.ph.addressee_kind.search(self.text, s.body, end)
        if not kind or not self.ph.anaphora.search(self.text, kind.end(), end):
            return r
        head = _fold(self.ph.kind_heads.get(_fold(kind.group(0)), kind.group(0)))
        named = tuple(n for n in dict.fromkeys(self.addressees) if _fold(n).startswith(head))
        if not named:
            return r
        leads = tuple(dict.fromkeys((r.leads if r.leads != COLLECTIVE else ()) + named))
        return r._replace(kind="header" if r.kind in ("none", "header") else r.kind, leads=leads)

    def set_heading(self, s: Sentence, r: Reading) -> None:
        closing = self.text[s.start:s.end].rstrip("* ").endswith(":")
        self.current = r.leads or (COLLECTIVE if closing else None)
        self.heading = s.span
        self.header = (self.heading, r) if closing else None
        found = first_deadline(self.deadlines, s.start, s.end) if closing else None
        self.list_deadline = (found.iso, found.phrase) if found else None
        self.under = closing and r.kind == "own" and r.leads != COLLECTIVE

    def emit(self, span: Span, leads: tuple[str, ...], after: int) -> None:
        task = _task(self.text, span, leads, after, self.ms, self.ph, self.cited, self.deadlines)
        if task.deadline is None and self.list_deadline:
            task = replace(task, deadline=self.list_deadline[0], deadline_text=self.list_deadline[1])
        self.tasks.append(task)


def _fold(name: str) -> str:
    return " ".join(name.casefold().replace("uỷ", "ủy").split())


def _is_heading(text: str, s: Sentence, r: Reading) -> bool:
    """A list head or a title line: an actor without a verb, a lone short line without a
    stop, or a head ending in ":". Page furniture ("2", "PAGE BREAK") is no heading."""
    if r.kind == "header":
        return True
    tail = text[s.start:s.end].rstrip("* ")
    if tail.endswith(":") and r.kind == "own":
        return True
    if len(tail) < _HEADING_CHARS // 4 and tail.upper() == tail:
        return False
    return s.first and len(tail) < _HEADING_CHARS and _lone(text, s) \
        and not tail.endswith((".", ";", "!", "?", "…", ","))


def _lone(text: str, s: Sentence) -> bool:
    """Whether the sentence is its paragraph's only one (it ends the paragraph)."""
    rest = text[s.end:s.end + 2]
    return not rest or rest[0] == "\n" or rest.isspace()


def _task(text: str, span: Span, leads: tuple[str, ...], after: int, ms: MentionIndex,
          ph: TaskPhrases, cited: tuple[tuple[int, int, str], ...], deadlines: tuple[Deadline, ...]) -> Task:
    found = first_deadline(deadlines, span.start, span.end)
    deliverable = _deliverable(text, after, span.end, ph)
    return Task(span=span, text=text[span.start:span.end], lead=leads,
                coordinators=_coordinators(text, span, leads, ms, ph),
                deadline=found.iso if found else None,
                deadline_text=found.phrase if found else None,
                deliverable=deliverable,
                cites=_cites(cited, span))


def _deliverable(text: str, start: int, end: int, ph: TaskPhrases) -> str | None:
    """The weightiest outcome verb of the task ("trình" before "báo cáo" before "ban hành" …)."""
    found = {" ".join(m.group(0).lower().split()) for m in ph.deliverable.finditer(text, start, end)}
    return min(found, key=ph.deliverables.index) if found else None


def _cites(cited: tuple[tuple[int, int, str], ...], span: Span) -> tuple[str, ...]:
    """Keys of the cited documents whose mentions lie inside the span."""
    i = bisect.bisect_left(cited, (span.start,))
    keys = []
    while i < len(cited) and cited[i][0] < span.end:
        if cited[i][1] <= span.end:
            keys.append(cited[i][2])
        i += 1
    return tuple(dict.fromkeys(keys))


def _coordinators(text: str, span: Span, leads: tuple[str, ...], ms: MentionIndex,
                  ph: TaskPhrases) -> tuple[str, ...]:
    """Named agencies after "phối hợp với", up to the next verb."""
    if not any(probe.search(text, span.start, span.end) for probe in ph.coordinator_probes):
        return ()  # most tasks have no cue
    found: list[str] = []
    for cue in ph.coordinator_cue.finditer(text, span.start, span.end):
        stop = find_predicate(text, cue.end(), span.end, ms, ph) or span.end
        found += [n for n in named_between(ms, cue.end(), stop, ph) if n not in leads]
    return tuple(dict.fromkeys(found))
