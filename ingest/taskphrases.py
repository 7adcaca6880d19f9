"""Loader for data/task_phrases.toml: the words that shape a task sentence."""
from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True, slots=True)
class TaskPhrases:
    non_leads: frozenset[str]
    abbreviations: tuple[str, ...]
    issuer: re.Pattern[str]
    address_cue: re.Pattern[str]
    issuer_only_cues: frozenset[str]
    title: re.Pattern[str]  # titles, or a short "Các Bộ:" list head (up to seven words and a colon)
    connector: re.Pattern[str]
    reported: re.Pattern[str]  # "… cho biết," before a reported clause
    collective: re.Pattern[str]
    non_task_opener: re.Pattern[str]
    non_task_marks: tuple[str, ...]
    past: re.Pattern[str]
    passive: re.Pattern[str]  # "được giao" after a subject: an assignment, not a report
    back_reference: re.Pattern[str]  # "Bộ cũng …": the subject in force
    intro: re.Pattern[str]  # "Về …, Bộ X": an adverbial phrase before the subject
    open_condition: re.Pattern[str]  # "nếu có vướng mắc": a call to anyone
    recital: re.Pattern[str]  # "đã" before a cue: an earlier assignment recalled
    narrative: re.Pattern[str]  # a date or source in the subject: a report, not an assignment
    qualifier: re.Pattern[str]  # words that make a following agency a noun's complement
    recipients: re.Pattern[str]  # the head of a "Nơi nhận" list
    formula_tail: re.Pattern[str]  # "… như sau:" ends an issuing formula
    formula_verb: re.Pattern[str]  # "… ban hành Thông tư …:" is one
    addressee_head: re.Pattern[str]  # "Kính gửi:", "… điện:"
    addressee_kind: re.Pattern[str]  # the kind of body an anaphora refers to ("Ủy ban nhân dân")
    kind_heads: dict[str, str]  # short forms of those kinds -> the head of canonical names
    anaphora: re.Pattern[str]  # "nêu trên", "từ Hà Tĩnh đến Khánh Hòa"
    coordinator_cue: re.Pattern[str]
    coordinator_probes: tuple[re.Pattern[str], ...]  # the cue's branches, one by one (see probes)
    deliverable: re.Pattern[str]
    deliverables: tuple[str, ...]  # lower case, weightiest first
    verb: re.Pattern[str]
    not_verb: re.Pattern[str]  # verb-like words inside a noun phrase ("các cơ quan có liên quan")
    field_lead: re.Pattern[str]
    field_coordinator: re.Pattern[str]
    field_deadline: re.Pattern[str]
    column_lead: re.Pattern[str]  # table headers: "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"
    column_coordinator: re.Pattern[str]
    column_deadline: re.Pattern[str]


_FIELD_HEAD = r"[\s*+\-–]*"
# "Thời hạn: …", or "Thời hạn chậm nhất 05 ngày …" without a colon
_FIELD_DEADLINE_TAIL = r"(?:[^:\n]{0,20}:|\s+(?=chậm\s+nhất|trước|trong\s+(?:thời\s+hạn|vòng)))"


def words_pattern(entries: list[str]) -> str:
    """Whole-word phrases as one regex, any whitespace inside; longest match first.

    The alternation is factored into a character trie, so a search rejects most
    positions on their first character instead of trying every phrase there.
    """
    return "(?:" + _trie_regex(_trie(entries)) + r")(?![\w])"


def scan_pattern(entries: list[str], word_start: bool = True) -> str:
    r"""``(?<![\w])`` + words_pattern, spelled out so that it needs no re.IGNORECASE.

    Each letter becomes the class of its case variants ("[tT]"), and each phrase opens
    with one exact letter, so that re skips ahead to those letters in C and tries only
    the branches that open with the letter it stands on (an ignore-case trie is tried
    whole at every position). The word-start test (unless not wanted) follows the first
    letter.
    """
    return "(?:" + "|".join(scan_branches(entries, word_start)) + r")(?![\w])"


def scan_branches(entries: list[str], word_start: bool = True, tail: str = "") -> list[str]:
    """scan_pattern's branches, one per exact opening letter, each followed by ``tail``.

    Joined with other branches into one flat alternation, they keep re's quick test of each
    branch's first letter: an alternative that is itself a group of branches is entered at
    every candidate position (a search with three such groups ran 1.4x slower than three
    separate searches)."""
    start = r"(?<![\w].)" if word_start else ""
    return [re.escape(variant) + start + _trie_regex(child, _variants_class) + tail
            for ch, child in _trie(entries).items() for variant in _case_variants(ch)]


def probes(entries: list[str]) -> tuple[re.Pattern[str], ...]:
    """scan_pattern's branches as patterns of their own: some finds a phrase in a stretch iff
    scan_pattern does. Each opens with a literal, which re skips ahead to ~10x faster than to
    a class of opening letters; for a phrase list with few opening letters that most stretches
    lack ("phối hợp với"), probing first is cheaper than scanning."""
    return tuple(re.compile(branch + r"(?![\w])") for branch in scan_branches(entries))


def _variants_class(ch: str) -> str:
    variants = _case_variants(ch)
    return re.escape(ch) if len(variants) == 1 else "[" + "".join(map(re.escape, variants)) + "]"


def _trie(entries: list[str]) -> dict[str, dict]:
    trie: dict[str, dict] = {}
    for entry in entries:
        node = trie
        for ch in " ".join(entry.split()):
            node = node.setdefault(ch, {})
        node[""] = {}
    return trie


def _trie_regex(node: dict[str, dict], letter: Callable[[str], str] = re.escape) -> str:
    """One regex for the trie's entries; ``letter`` writes each character (escaped, or
    as the class of its case variants)."""
    alts = [(r"\s+" if ch == " " else letter(ch)) + _trie_regex(child, letter)
            for ch, child in node.items() if ch]
    if not alts:
        return ""
    if len(alts) == 1 and "" not in node:
        return alts[0]
    return "(?:" + "|".join(alts) + ")" + ("?" if "" in node else "")


# Characters whose case mappings are not a plain pair: re's ignore-case matches them with
# other letters (KELVIN SIGN with "k", LONG S with "s", DOTTED CAPITAL I with "i").
_ODD_CASES = ("\u0130\u0131\u017f\u212a\u212b\u2126\u1e9e\u03f4\u00b5\u0345\u1fbe\u03c2"
              "\u03d0\u03d1\u03d5\u03d6\u03f0\u03f1\u03f5\u01c5\u01c8\u01cb\u01f2\u1e9b")


@functools.cache
def _case_variants(ch: str) -> tuple[str, ...]:
    """The characters that match ``ch`` under re.IGNORECASE (tests check all of Unicode)."""
    candidates = {ch, ch.lower()[:1], ch.upper()[:1], ch.title()[:1], ch.casefold()[:1], *_ODD_CASES}
    same = re.compile(re.escape(ch), re.IGNORECASE).fullmatch
    return tuple(sorted(c for c in candidates if same(c)))


def _rx(entries: list[str], prefix: str | None = None, suffix: str = "") -> re.Pattern[str]:
    """``prefix`` + the phrases + ``suffix``, all ignoring case; without a prefix, behind a
    word start. (As re.compile(prefix + words_pattern(entries) + suffix, re.IGNORECASE).)"""
    head = scan_pattern(entries) if prefix is None else f"(?i:{prefix})" + scan_pattern(entries, word_start=False)
    return re.compile(head + (f"(?i:{suffix})" if suffix else ""))


@functools.cache
def load_task_phrases() -> TaskPhrases:
    raw = resources.files("vanban.ingest").joinpath("data/task_phrases.toml").read_text("utf-8")
    d = tomllib.loads(raw)
    return TaskPhrases(
        non_leads=frozenset(n.casefold() for n in d["non_leads"]),
        abbreviations=tuple(d["abbreviations"]),
        issuer=_rx(d["issuers"]),
        address_cue=_rx(d["address_cues"]),
        issuer_only_cues=frozenset(c.casefold() for c in d["issuer_only_cues"]),
        title=re.compile(r"(?:" + scan_pattern(d["titles"], word_start=False) + r"\s*|"
                         r"[^\W\d][^\s:;.]*+(?:[ ,]+[^\s:;.]+){0,6}+:\s*)"),
        connector=_rx(d["connectors"], suffix=r"[\s,]*"),
        reported=_rx(d["reporting_verbs"], suffix=r"\s*[,:]\s*"),
        non_task_opener=_rx(d["non_task_openers"]),
        collective=_rx(d["collectives"], prefix=r"[\s*\"“]*"),
        non_task_marks=tuple(d["non_task_marks"]),
        past=_rx(d["past_markers"], prefix=r"\s*"),
        passive=_rx(d["passive_cues"], prefix=r"\s*"),
        back_reference=_rx(d["back_references"]),
        intro=_rx(d["intro_openers"]),
        open_condition=_rx(d["open_conditions"]),
        recital=re.compile(words_pattern(d["recital_markers"]) + r"\s*$", re.IGNORECASE),
        # a date ("\b\d{1,2}/…", its word start tested after the digit: re skips ahead to digits),
        # "ngày" and a number, or a source; one flat alternation (scan_branches)
        narrative=re.compile("|".join([r"\d(?<![\w]\d)\d?/\d{1,2}(?:/\d{2,4})?\b",
                                       *scan_branches(["ngày"], tail=r"(?![\w])\s+\d"),
                                       *scan_branches(d["sources"], word_start=False, tail=r"(?![\w])")])),
        qualifier=_rx(d["qualifiers"]),
        recipients=_rx(d["recipient_heads"], prefix=r"[\s*|]*"),
        formula_tail=_rx(d["formula_tails"], suffix=r"\Z"),
        formula_verb=_rx(d["formula_verbs"]),
        addressee_head=re.compile(scan_pattern(d["addressee_heads"]) + r"[\s*]*:"),
        addressee_kind=_rx([k for kind in d["addressee_kinds"] for k in (kind["head"], *kind.get("short", []))]),
        kind_heads={" ".join(s.casefold().split()): kind["head"]
                    for kind in d["addressee_kinds"] for s in kind.get("short", [])},
        anaphora=re.compile(d["anaphora"], re.IGNORECASE),
        coordinator_cue=_rx(d["coordinator_cues"]),
        coordinator_probes=probes(d["coordinator_cues"]),
        deliverable=_rx(d["deliverables"]),
        deliverables=tuple(" ".join(v.lower().split()) for v in d["deliverables"]),
        verb=_rx(d["verbs"] + d["lead_cues"]),
        not_verb=_rx(d["not_verbs"]),
        field_lead=_rx(d["field_leads"], prefix=_FIELD_HEAD, suffix=r"[^:\n]{0,20}:"),
        field_coordinator=_rx(d["field_coordinators"], prefix=_FIELD_HEAD, suffix=r"[^:\n]{0,20}:"),
        field_deadline=_rx(d["field_deadlines"], prefix=_FIELD_HEAD,
                           suffix=_FIELD_DEADLINE_TAIL),
        column_lead=_rx(d["field_leads"] + d["column_leads"], prefix=""),
        column_coordinator=_rx(d["field_coordinators"] + d["column_coordinators"], prefix=""),
        column_deadline=_rx(d["field_deadlines"] + d["column_deadlines"], prefix=""),
    )
