"""How the text (or a draft it asks for) relates to each document it mentions.

Phrases live in ``data/relation_phrases.toml``. Each phrase is scanned once over the
text (scan.py); a mention then looks only at its own clause through bisect over the
precomputed positions, so the cost stays linear in the text.
"""
from __future__ import annotations

import functools
import re
import tomllib
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from .doctypes import DATA_DIR, DocumentType, type_by_name, type_names_regex
from .models import Relation, Subject
from .scan import Hit

_FLAGS = re.IGNORECASE
# Clause and sentence breaks, opening with a character class so that re scans fast.
_BREAK_RE = re.compile(
    r"[.;:!?\n](?:(?<=[.!?])(?=[\s*]+[A-ZĐÀ-Ỹ\"“*])|(?<=;)|(?<=\n)[ \t*]*\n(?![ \t*]*[a-zđ])"
    r"|(?<=:)[ \t*]*\n|(?<=\n)(?=[ \t*]*(?:[-+•–]|\d+\.\s|[a-zđ]\))))")
_BASIS_END_RE = re.compile(r"[;.:][ \t*]*(?:\n|$)|\n[ \t*]*\n")
_LINE_LEAD = " \t*_-–+•|"
_MAX_VERB_GAP = 90  # residual characters between a verb and the document it governs
_MAX_AGENT_GAP = 110  # between a cited document and a verb it is the subject of
_SELF_REACH = 60


@dataclass(frozen=True, slots=True)
class Phrases:
    """Pattern strings for scan.py (verbs paired with their relation), plus two regexes."""

    verbs: tuple[str, ...]
    verb_relations: tuple[Relation, ...]
    basis: tuple[str, ...]
    after: tuple[tuple[re.Pattern[str], re.Pattern[str], Relation], ...]
    draft: tuple[str, ...]
    blocker: tuple[str, ...]
    self_ref: tuple[str, ...]
    passive: re.Pattern[str]


def _words(patterns: list[str]) -> tuple[str, ...]:
    return tuple(p + r"(?![^\W\d_])" for p in patterns)


def phrase_groups() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The scan.Lexicon groups this module reads, matched on the lower-cased view."""
    p = load_relation_phrases()
    return (("verb", p.verbs), ("draft", p.draft), ("blocker", p.blocker),
            ("self", p.self_ref), ("basis", p.basis))


@functools.cache
def load_relation_phrases() -> Phrases:
    with (DATA_DIR / "relation_phrases.toml").open("rb") as f:
        raw = tomllib.load(f)
    verbs = [(p, Relation(r["kind"])) for r in raw["relation"] for p in _words(r["patterns"])]
    return Phrases(
        verbs=tuple(p for p, _ in verbs), verb_relations=tuple(rel for _, rel in verbs),
        basis=tuple(raw["basis"]["patterns"]),
        after=tuple((re.compile("|".join(a["patterns"])), re.compile(a["requires"]),
                     Relation(a["kind"])) for a in raw["after"]),
        draft=_words(raw["draft"]["patterns"]),
        blocker=_words(raw["blocker"]["patterns"]),
        self_ref=_words(raw["self"]["patterns"]),
        passive=re.compile("|".join(raw["passive"]["patterns"])),
    )


# Not frozen: thousands are built per text, and a frozen dataclass costs ~4x to build.
@dataclass(slots=True)
class Spot:
    """Where a mention is: its span, and whether it names the text itself."""

    start: int
    end: int
    is_self: bool = False


@dataclass(slots=True)
class _Verb:
    start: int
    end: int
    relation: Relation


class _Marks:
    """Sorted hits of a phrase set, asked "is there one inside [a, b)?"."""

    def __init__(self, hits: list[Hit]) -> None:
        self.starts = [m.start() for m, _ in hits]
        self.ends = [m.end() for m, _ in hits]

    def within(self, a: int, b: int) -> bool:
        k = bisect_left(self.starts, a)
        return any(self.ends[j] <= b for j in range(k, bisect_left(self.starts, b)))


# The gap between two documents in a "Căn cứ" clause that continues the list of bases.
_CONTINUE_RE = re.compile(
    r"[\s,;]*(?:và\s+)?(?:(?:đã\s+)?được\s+sửa\s+đổi,?\s*bổ\s+sung(?:\s+một\s+số\s+điều)?"
    r"\s+(?:bởi|theo|tại)\s+)?"
    r"(?:(?:điểm|khoản|điều|mục|chương|phụ\s+lục)\s+[\w.]+[\s,]*(?:và\s+)?)*"
    r"(?:các\s+)?(?:[^\W\d_]+\s+){0,3}?(?:số\s*)?", _FLAGS)
# The gap before a further basis may carry the previous basis's description:
# "... về kiểm soát thủ tục hành chính được sửa đổi, bổ sung bởi Nghị định số",
# "..., ý kiến của Ngân hàng Nhà nước Việt Nam tại Tờ trình số".
_NEW_BASIS_RE = re.compile(
    r"(?:(?:đã\s+)?được\s+sửa\s+đổi,?\s*bổ\s+sung(?:\s+một\s+số\s+điều)?\s+(?:bởi|theo|tại)"
    r"|[,;][^,;]{0,80}\stại)\s+(?:(?:các\s+)?[^\W\d_]+(?:\s+[^\W\d_]+){0,2}\s+)?(?:số\s*)?\Z",
    _FLAGS)
_LIST_GAP_RE = re.compile(r"(?:\s+của\s+[^,;.]{1,60}?)?[\s*]*(?:,|;|và|hoặc)[\s*]*", _FLAGS)


@functools.cache
def _type_before_re() -> re.Pattern[str]:
    return re.compile(r"(?<![^\W\d_])(?P<t>" + type_names_regex() + r")[\s*]*\Z", _FLAGS)


class _Context:
    """The text and everything scanned from it once."""

    def __init__(self, view: str, hits: dict[str, list[Hit]], spots: list[Spot],
                 own_type: DocumentType | None) -> None:
        phrases = load_relation_phrases()
        self.view, self.spots, self.phrases, self.own_type = view, spots, phrases, own_type
        breaks = []  # up to the last mention: no clause is asked for after it
        last = spots[-1].start if spots else 0
        for m in _BREAK_RE.finditer(view):
            if m.start() >= last:
                break
            breaks.append(m)
        self.breaks = [m.end() for m in breaks]
        self.sentences = [m.end() for m in breaks  # not ";" nor a bullet's line break
                          if m.group()[0] not in ";\n" or m.end() - m.start() > 1]
        self.verbs = [_Verb(m.start(), m.end(), phrases.verb_relations[i]) for m, i in hits["verb"]]
        self.verb_starts = [v.start for v in self.verbs]
        self.draft = _Marks(hits["draft"])
        self.blocker = _Marks(hits["blocker"])
        self.self_ref = _Marks(hits["self"])

    @property
    def instrument(self) -> bool:
        return bool(self.own_type and self.own_type.instrument)

    def clause_start(self, pos: int) -> int:
        k = bisect_right(self.breaks, pos) - 1
        return self.breaks[k] if k >= 0 else 0

    def sentence_start(self, pos: int) -> int:
        k = bisect_right(self.sentences, pos) - 1
        return self.sentences[k] if k >= 0 else 0

    def last_verb(self, start: int, end: int) -> _Verb | None:
        k = bisect_left(self.verb_starts, end) - 1
        v = self.verbs[k] if k >= 0 else None
        return v if v is not None and v.start >= start and v.end <= end else None


def _basis_clauses(view: str, hits: list[Hit]) -> list[tuple[int, int]]:
    """Clauses that open a line with a capitalised "Căn cứ"/"Trên cơ sở", to their end."""
    out = []
    for m, _ in hits:
        line = view.rfind("\n", 0, m.start()) + 1
        if view[line:m.start()].strip(_LINE_LEAD) or not view[m.start()].isupper():
            continue
        end = _BASIS_END_RE.search(view, m.end())
        out.append((m.end(), end.start() if end else len(view)))
    return out


def classify_relations(view: str, low: str, spots: list[Spot], hits: dict[str, list[Hit]], *,
                       own_type: DocumentType | None) -> list[tuple[Relation, Subject]]:
    """The relation and its holder for each spot (spots sorted by start).

    ``low`` is the lower-cased ``view``, ``hits`` the scan.Lexicon hits of
    phrase_groups() on it; ``own_type`` is the text's own document type.
    """
    ctx = _Context(view, hits, spots, own_type)
    basis = _basis_clauses(view, hits["basis"])
    basis_starts = [b[0] for b in basis]
    out: list[tuple[Relation, Subject]] = []
    passive: set[int] = set()  # agents of "được sửa đổi ... bởi X": not list heads
    for i, spot in enumerate(spots):
        b = bisect_right(basis_starts, spot.start) - 1
        if b >= 0 and basis[b][1] >= spot.end:
            out.append(_in_basis(view, spots, i, basis[b][0]))
            continue
        found = _listed(ctx, out, passive, i) or _verb_relation(ctx, i, passive)
        out.append(found or _header_relation(ctx, i) or _after_relation(ctx, low, spot))
    return out


def _nested(spots: list[Spot], i: int) -> bool:
    return any(s.start < spots[i].start and spots[i].end <= s.end for s in spots[max(0, i - 3):i])


def _in_basis(view: str, spots: list[Spot], i: int, clause: int) -> tuple[Relation, Subject]:
    """Listed bases are `based_on`; documents named inside a basis's title are `cites`."""
    prev = [s for s in spots[max(0, i - 8):i] if s.end <= spots[i].start and s.start >= clause]
    if _nested(spots, i):
        return Relation.CITES, Subject.DOCUMENT
    if prev:
        gap = view[prev[-1].end:spots[i].start].replace("*", "")
        if ";" not in gap and not _CONTINUE_RE.fullmatch(gap) and not _NEW_BASIS_RE.search(gap):
            return Relation.CITES, Subject.DOCUMENT
    return Relation.BASED_ON, Subject.DOCUMENT


def _residual(spots: list[Spot], i: int, start: int) -> int:
    """Characters between ``start`` and spot i that are not other mentions."""
    taken = sum(min(s.end, spots[i].start) - max(s.start, start)
                for s in spots[max(0, i - 6):i] if s.end > start)
    return spots[i].start - start - max(taken, 0)


def _listed(ctx: _Context, out: list[tuple[Relation, Subject]], passive: set[int], i: int
            ) -> tuple[Relation, Subject] | None:
    """A list item shares the relation of the item before it ("sửa đổi X, Y và Z").

    The agent of a passive ("X đã được sửa đổi theo Luật số Y, Z ...") is skipped: Z
    continues the list that X belongs to.
    """
    if i == 0 or not _LIST_GAP_RE.fullmatch(ctx.view, ctx.spots[i - 1].end, ctx.spots[i].start):
        return None
    j = i - 1
    while j in passive and j > 0:
        j -= 1
    if j in passive or _nested(ctx.spots, i) or out[j][0] is Relation.CITES:
        return None
    return out[j]


def _governs(ctx: _Context, i: int, verb: _Verb) -> bool:
    """Whether ``verb`` governs spot i: near enough, directly or through a list."""
    spots = ctx.spots
    if _residual(spots, i, verb.end) > _MAX_VERB_GAP:
        return False
    inner = [s for s in spots[max(0, i - 8):i] if s.start >= verb.end and s.end <= spots[i].start]
    if inner and not _LIST_GAP_RE.fullmatch(ctx.view, inner[-1].end, spots[i].start):
        return False  # the verb's object is an earlier document
    return not ctx.blocker.within(verb.end, inner[0].start if inner else spots[i].start)


def _verb_relation(ctx: _Context, i: int, passive: set[int]) -> tuple[Relation, Subject] | None:
    clause = ctx.clause_start(ctx.spots[i].start)
    verb = ctx.last_verb(clause, ctx.spots[i].start)
    if verb is None:
        return None
    before = ctx.view[max(clause, verb.start - 30):verb.start]
    near = _residual(ctx.spots, i, verb.end) <= _MAX_VERB_GAP
    if near and ctx.phrases.passive.search(before.lower()):
        passive.add(i)  # "X đã được sửa đổi, bổ sung theo Y": Y amends X, not the text
        return Relation.CITES, Subject.DOCUMENT
    if not _governs(ctx, i, verb):
        return None
    agent = [s for s in ctx.spots[max(0, i - 8):i] if clause <= s.end <= verb.start]
    if agent and verb.start - agent[-1].end <= _MAX_AGENT_GAP:
        a, b = agent[-1].end, verb.start
        if not ctx.draft.within(a, b) and not ctx.self_ref.within(a, b):
            if agent[-1].is_self:
                return verb.relation, Subject.DOCUMENT
            return Relation.CITES, Subject.DOCUMENT  # a relation between two other documents
    return _holder(ctx, verb, clause)


def _holder(ctx: _Context, verb: _Verb, clause: int) -> tuple[Relation, Subject] | None:
    """Who holds the relation ``verb`` names, from the words before it."""
    if ctx.self_ref.within(max(clause, verb.start - _SELF_REACH), verb.start):
        if not ctx.instrument:
            return Relation.CITES, Subject.DOCUMENT  # a letter cannot amend ("Thông tư này ...")
        return verb.relation, Subject.DOCUMENT
    if ctx.draft.within(min(ctx.sentence_start(verb.start), clause), verb.start):
        return verb.relation, Subject.DRAFT  # also "chỉ đạo ...; sửa đổi Luật Chứng khoán"
    typed = _type_before_re().search(ctx.view, max(clause, verb.start - 40), verb.start)
    if typed:  # "Nghị định sửa đổi Nghị định số ...": a new document of that type
        same = type_by_name().get(" ".join(typed["t"].split()).casefold()) is ctx.own_type
        return verb.relation, (Subject.DOCUMENT if same and ctx.own_type else Subject.DRAFT)
    return (verb.relation, Subject.DOCUMENT) if ctx.instrument else None


_BULLET_LINE_RE = re.compile(r"[ \t*]*(?:[a-zđ]\)|[-+•–]|\d+(?:\.\d+)*[.)])", _FLAGS)
_HEADER_RE = re.compile(r":[ \t*]*\n")
_MAX_LIST = 3000


def _header_relation(ctx: _Context, i: int) -> tuple[Relation, Subject] | None:
    """A bulleted item takes the verb of its list header ("2. Bãi bỏ ... tại:\\n a) ...")."""
    view, start = ctx.view, ctx.spots[i].start
    line = view.rfind("\n", 0, start) + 1
    if not _BULLET_LINE_RE.match(view, line):
        return None
    lo, colon, header = max(0, line - _MAX_LIST), line, None
    while header is None and (colon := view.rfind(":", lo, colon)) >= 0:
        header = _HEADER_RE.match(view, colon)
    if header is None:
        return None
    items = [ln for ln in view[header.end():line].split("\n") if ln.strip()]
    if not all(_BULLET_LINE_RE.match(ln) for ln in items):
        return None
    clause = ctx.clause_start(header.start())
    verb = ctx.last_verb(clause, header.start())
    if verb is None or ctx.blocker.within(verb.end, header.start()):
        return None
    return _holder(ctx, verb, clause)


def _after_relation(ctx: _Context, low: str, spot: Spot) -> tuple[Relation, Subject]:
    """"X hết hiệu lực kể từ ngày Nghị định này có hiệu lực": a repeal by the text."""
    if ctx.instrument:
        tail = low[spot.end:spot.end + 400]
        stop = _SENTENCE_END_RE.search(tail)
        tail = tail[:stop.start()] if stop else tail
        for pattern, requires, relation in ctx.phrases.after:
            if pattern.search(tail) and requires.search(tail):
                return relation, Subject.DOCUMENT
    return Relation.CITES, Subject.DOCUMENT


_SENTENCE_END_RE = re.compile(r"[.;](?=\s)|\n[ \t*]*\n")
