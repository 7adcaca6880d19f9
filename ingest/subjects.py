"""Who a sentence names as its actor: its subject, or the agencies it addresses.

``read_sentence`` looks at one sentence with the agency mentions of the text
and says whether it has a subject of its own (named agencies, or a generic
collective ``("*",)``), addresses agencies after a cue ("Giao Bộ X",
"Chính phủ yêu cầu Bộ X"), opens with a verb and so takes the subject in
force, names an actor without a verb (a list head), or is not prose at all.
"""
from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from typing import NamedTuple

from .models import Agency
from .taskphrases import TaskPhrases

COLLECTIVE = ("*",)  # the lead of a task given to a generic collective
_OPENERS = frozenset(" \t\n*\"“‘'(|")
_CUE_CHARS = 400  # an addressing cue sits in a sentence's head
_STRAY_NUMBER = re.compile(r"\d{1,2}[ \t]+(?=[^\W\d_])")
_TABLE_PIPES = 3  # a sentence with this many cell bars is a table row, not prose
_ASCII_SMALL = re.compile("[a-z]")


@dataclass(frozen=True, slots=True)
class MentionIndex:
    """Agency mentions sorted by start, for position look-ups."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    names: tuple[str, ...]
    folded: tuple[str, ...]  # the names case-folded, to compare with the phrase lists
    reach: tuple[int, ...]  # the furthest end of the mentions up to each one (they may nest)
    lead_starts: tuple[int, ...]  # the starts of the mentions that can lead (not the Government)

    def inside(self, start: int, end: int) -> list[int]:
        i = bisect.bisect_left(self.starts, start)
        j = bisect.bisect_left(self.starts, end)
        return [k for k in range(i, j) if self.ends[k] <= end]

    def covering(self, pos: int) -> int | None:
        """The furthest end of the mentions that contain ``pos``, if any does."""
        i = bisect.bisect_right(self.starts, pos) - 1
        return self.reach[i] if i >= 0 and pos < self.reach[i] else None

    def next_lead(self, pos: int) -> int:
        """Start of the first mention from ``pos`` on that can lead (not the Government)."""
        i = bisect.bisect_left(self.lead_starts, pos)
        return self.lead_starts[i] if i < len(self.lead_starts) else 1 << 62

    def at(self, pos: int) -> int | None:
        i = bisect.bisect_left(self.starts, pos)
        return i if i < len(self.starts) and self.starts[i] == pos else None


class Reading(NamedTuple):
    """What one sentence says about its actor (a tuple: one is made per sentence)."""

    kind: str  # "own" subject, "inherit" (starts with a verb), "header" (actor, no verb), "none",
    #            or "skip" (not prose: preamble, title block)
    leads: tuple[str, ...] = ()
    subject_end: int = 0
    past: bool = False
    open_call: bool = False  # "Chính phủ yêu cầu tiếp tục …": addressed to no one named


def index_mentions(agencies: tuple[Agency, ...], ph: TaskPhrases) -> MentionIndex:
    rows = sorted((m.span.start, m.span.end, a.name) for a in agencies for m in a.mentions)
    ends = tuple(r[1] for r in rows)
    folded = tuple(r[2].casefold() for r in rows)
    return MentionIndex(tuple(r[0] for r in rows), ends, tuple(r[2] for r in rows), folded,
                        tuple(itertools.accumulate(ends, max)),
                        tuple(r[0] for r, name in zip(rows, folded) if name not in ph.non_leads))


def read_sentence(text: str, pos: int, end: int, ms: MentionIndex, ph: TaskPhrases) -> Reading:
    while pos < end and text[pos] in _OPENERS:
        pos += 1
    stray = _STRAY_NUMBER.match(text, pos, end) if text[pos:pos + 1].isdecimal() else None
    pos = stray.end() if stray and text[stray.end()].isupper() else pos  # OCR noise: "đ) 1 Đề nghị …"
    caps = _caps_head(text, pos, end, ms, ph)
    if caps:
        return caps
    if _is_not_prose(text, pos, end, ph):
        return Reading("skip")
    head_end = min(end, pos + _CUE_CHARS // 4)
    opening = ph.verb.match(text, pos, end)  # a verb at ``pos``, kept while ``pos`` stays
    said = ph.reported.search(text, pos, head_end) \
        if not opening and (text.find(",", pos, head_end) >= 0 or text.find(":", pos, head_end) >= 0) \
        else None
    m = ph.connector.match(text, said.end() if said else pos, end)
    if said or m:  # "Đại diện Cục X cho biết, …": read what was said
        pos = m.end() if m else said.end()
        opening = ph.verb.match(text, pos, end)
    addressed = _addressed(text, pos, end, ms, ph, opening)
    if addressed:
        return addressed
    after = _skip_intro(text, pos, end, ms, ph)
    if after > pos:
        opening = ph.verb.match(text, after, end)
        addressed = _addressed(text, after, end, ms, ph, opening)
        if addressed:
            return addressed  # "Đối với kiến nghị của tỉnh X, giao Bộ Y …"
    pos = after
    unnamed = ms.at(pos) is None
    back = ph.back_reference.match(text, pos, end) if unnamed else None
    if back and ph.verb.match(text, back.end() + (text[back.end():back.end() + 1] == " "), end):
        return Reading("inherit", subject_end=back.end())  # "Bộ cũng được giao …"
    if unnamed and opening:
        return Reading("inherit", subject_end=pos)
    first = _first_mention(text, pos, end, ms, ph)
    pred = find_predicate(text, first if first is not None else pos, end, ms, ph)
    if pred is None:
        leads = named_between(ms, pos, end, ph) if first is not None else ()
        return Reading("header" if leads else "none", leads)
    leads = _subject_leads(text, pos, pred, ms, ph)
    cue = ph.address_cue.match(text, pred, end)
    if cue and leads != COLLECTIVE and not _issuer_only(cue, ph):
        return _addressees(text, cue.end(), end, ms, ph)  # "Bộ Tài chính đề nghị UBND …"
    past = not ph.passive.match(text, pred, end) \
        and bool(ph.past.match(text, pred, end) or ph.narrative.search(text, pos, pred))
    return Reading("own", leads, pred, past)


def _skip_intro(text: str, pos: int, end: int, ms: MentionIndex, ph: TaskPhrases) -> int:
    """Past an opening adverbial phrase: to the comma right before the first leading agency
    ("Về thể chế, Bộ Tư pháp …"), or, with no agency there, to a first comma before a verb
    ("Trường hợp vượt thẩm quyền, báo cáo …"; "Đối với kiến nghị của tỉnh X, giao Bộ Y …")."""
    if not ph.intro.match(text, pos, end):
        return pos
    lead = ms.next_lead(pos)
    comma = text.rfind(",", pos, min(lead, end))
    if lead < end and comma >= 0 and not text[comma + 1:lead].strip():
        return lead
    comma = text.find(",", pos, min(end, pos + _CUE_CHARS // 2))
    if comma < 0 or ph.open_condition.search(text, pos, comma):
        return pos
    after = comma + 1 + (text[comma + 1:comma + 2] == " ")
    return after if ms.at(after) is None and ph.verb.match(text, after, end) else pos


def _subject_leads(text: str, pos: int, pred: int, ms: MentionIndex, ph: TaskPhrases) -> tuple[str, ...]:
    """Named agencies of the subject; none when they only qualify a noun ("Công văn … của Bộ X")."""
    leads = named_between(ms, pos, pred, ph)
    first = ms.inside(pos, pred)
    if leads and ph.qualifier.search(text, pos, ms.starts[first[0]]):
        return COLLECTIVE
    return leads or COLLECTIVE


def _issuer_only(cue: re.Match[str], ph: TaskPhrases) -> bool:
    return " ".join(cue.group(0).split()).casefold() in ph.issuer_only_cues


def _caps_head(text: str, pos: int, end: int, ms: MentionIndex, ph: TaskPhrases) -> Reading | None:
    """A numbered all-capital head that is only an agency ("1. BỘ KẾ HOẠCH VÀ ĐẦU TƯ"): the actor of
    the items below. Unnumbered capitals are the issuer's block or a title, not a head."""
    k = ms.at(pos)
    if k is None or text[max(0, pos - 3):pos].rstrip()[-1:] not in (".", ")"):
        return None
    head = text[pos:end].strip(" *:\n")
    if head.upper() != head:
        return None
    leads = named_between(ms, pos, end, ph)
    return Reading("header", leads) if leads and not text[ms.reach[k]:end].strip(" *:\n") else None


def _is_not_prose(text: str, pos: int, end: int, ph: TaskPhrases) -> bool:
    """Preambles, title blocks, all-capital headings and questions assign nothing."""
    sentence = text[pos:end].rstrip(" *")
    return (sentence.endswith("?") or sentence.count("|") >= _TABLE_PIPES
            or ph.non_task_opener.match(text, pos, end) is not None or _all_capitals(sentence)
            or any(mark in sentence for mark in ph.non_task_marks))


def _all_capitals(sentence: str) -> bool:
    """``sentence.upper() == sentence``; an ASCII small letter, found at once in most, says no."""
    return not _ASCII_SMALL.search(sentence) and sentence.upper() == sentence


def _addressed(text: str, pos: int, end: int, ms: MentionIndex, ph: TaskPhrases,
               opening: re.Match[str] | None) -> Reading | None:
    """Leads after "Giao / Yêu cầu / Đề nghị", when the giver is the Government or no one
    (``opening``: the verb that opens the sentence at ``pos``, if one does)."""
    if opening and not ph.address_cue.fullmatch(opening.group(0)):
        return None  # "Tập trung …, chuyển giao …": a verb opens it, no one is addressed
    limit = min(end, pos + _CUE_CHARS, ms.next_lead(pos))  # the cue precedes any lead
    semi = text.find(";", pos, limit)
    for cue in ph.address_cue.finditer(text, pos, semi if semi >= 0 else limit):
        if named_between(ms, pos, cue.start(), ph) or ms.covering(cue.start()) is not None:
            return None
        issuer = ph.issuer.search(text, pos, cue.start())
        if issuer or (cue.start() == pos and not _issuer_only(cue, ph)):
            reading = _addressees(text, cue.end(), end, ms, ph)
            past = bool(ph.recital.search(text, pos, cue.start()))  # "Thủ tướng đã giao …"
            return reading._replace(past=past) if past else reading
        if ph.verb.search(text, pos, cue.start()):
            return None
    return None


def _addressees(text: str, pos: int, end: int, ms: MentionIndex, ph: TaskPhrases) -> Reading:
    while pos < end and text[pos] in " \t\n:,":
        pos += 1
    first = _first_mention(text, pos, end, ms, ph)
    if first is None and ph.verb.match(text, pos, end):
        # "Thủ tướng yêu cầu thực hiện …": addressed to no one named
        return Reading("inherit", subject_end=pos, open_call=True)
    pred = find_predicate(text, first if first is not None else pos, end, ms, ph) or end
    return Reading("own", named_between(ms, pos, pred, ph) or COLLECTIVE, pred)


def _first_mention(text: str, pos: int, end: int, ms: MentionIndex, ph: TaskPhrases) -> int | None:
    """Start of an agency mention at ``pos``, after titles or a short list head ("Các Bộ:")."""
    for _ in range(3):
        if ms.at(pos) is not None:
            return pos
        m = ph.title.match(text, pos, end)
        if not m or m.end() == pos:
            return None
        pos = m.end()
    return pos if ms.at(pos) is not None else None


def find_predicate(text: str, pos: int, end: int, ms: MentionIndex, ph: TaskPhrases) -> int | None:
    """Start of the first verb after ``pos`` that is not inside an agency mention."""
    for m in ph.verb.finditer(text, pos, end):
        if ms.covering(m.start()) is None and not ph.not_verb.match(text, m.start(), end):
            return m.start()
    return None


def named_between(ms: MentionIndex, start: int, end: int, ph: TaskPhrases) -> tuple[str, ...]:
    inside = ms.inside(start, end)
    if not inside:  # most stretches name no agency
        return ()
    non_leads, names, folded = ph.non_leads, ms.names, ms.folded
    return tuple(dict.fromkeys(names[k] for k in inside if folded[k] not in non_leads))
