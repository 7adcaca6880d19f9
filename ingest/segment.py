"""Paragraphs, list items and sentences, with spans into the text.

Texts come in two layouts: one paragraph per line (web articles), or hard
wrapped at ~80 columns (documents copied from PDF or HTML). A line starts a
new paragraph after a blank line or with a list marker ("1.", "a)", "-",
"Điều 3."); otherwise it continues the paragraph when it opens in lower case
or, in a hard-wrapped text, unless the line before closed a sentence. A blank
line or page furniture ("2", "--- PAGE BREAK ---") inside an unfinished
sentence does not end it. Sentences end at ".", "!", "?" or "…" before an
upper-case word, except after abbreviations (``TP.``, ``v.v.``,
data/task_phrases.toml): dots in dates and numbers, and OCR-spurious dots
before a lower-case word, do not split.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import NamedTuple

from .models import Span
from .taskphrases import load_task_phrases

# A list or heading marker: "- ", "+ ", "• ", "1. ", "2.1. ", "a) ", "đ) ", "(1) ", "II. ",
# "**2.**", "Điều 3.".
_MARKER = re.compile(
    r"[ \t*|>]*(?:(?:Điều|Mục|Khoản)\s+\d{1,3}[a-zđ]?\.|[-+•–](?=\s)"
    r"|\(?(?:\d{1,2}(?:\.\d{1,2})*|[a-zđ]|[IVXL]{1,5})[.)](?=[\s*])|\(\d{1,2}\))[* \t]*")
# Page numbers and page-break marks between two halves of a paragraph: read as blank lines.
_FURNITURE = re.compile(r"\d{1,3}|-{2,}\s*PAGE BREAK\s*-{2,}", re.IGNORECASE)
# What a line that opens with a marker starts with (a bullet, "(", markup, a number, letter
# or Roman numeral before "." or ")", "Điều"): a cheap test first, most lines open with a
# word or a date.
_MARKER_OPENING = re.compile(r"[-+•–(*|>]|\d{1,2}[.)]|.[.)]|[IVXL]{1,5}[.)]|Điều|Mục|Khoản")
_BULLETS = frozenset("-+•–")
_LETTER = re.compile(r"[^\W\d_]")
# A sentence end: stops, closing quotes or brackets, spaces, then a word. The runs are
# possessive ("++", "*+"): what a run gives back only goes to the next item, which ends
# where the run would have. Written "(?:[.!?]|…|\.\.\.)+" (the same strings), the stops
# backtracked exponentially over a run of dots ("........" in a form).
_BOUNDARY_REST = r"[\"”’')\]*/.]*+\s++(?=[\"“‘'(\[*|\s]*[^\W\d_])"
_BOUNDARY = re.compile(r"[.!?…]++" + _BOUNDARY_REST)
# The same, tried only where a run of stops begins (no stop before its first): a later
# start in the run reads the same stops and spaces, so it fails too, and trying each would
# take time quadratic in the run. The look-behind follows the first character, so that re
# still skips ahead to the stops fast.
_BOUNDARY_AT_RUN = re.compile(r"[.!?…](?<![.!?…].)[.!?…]*+" + _BOUNDARY_REST)
# The same for a text whose only stop is "." (most texts): opening with a literal, re skips
# ahead to it in a plain loop, ~10x faster than testing every character against a class.
_BOUNDARY_AT_DOT = re.compile(r"\.(?<![.!?…].)[.!?…]*+" + _BOUNDARY_REST)
_STOP_RUN = frozenset(".!?…")
_RARE_STOPS = "!?…"
_STOPS = tuple(".:;!?…|*")
_WRAPPED_SHARE = 0.15  # share of soft-wrapped lines above which a text is hard wrapped


class Sentence(NamedTuple):
    """One sentence; ``body`` starts after a list marker at its paragraph's start (a tuple:
    one is made per sentence)."""

    start: int
    end: int
    body: int
    paragraph: int
    first: bool  # first sentence of its paragraph
    item: bool  # its paragraph opens with a list marker
    bullet: bool = False  # that marker is a bullet ("-", "+", "•"), not a number or letter

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


def marker_end(text: str, start: int, end: int) -> int:
    """Where a paragraph's content starts after a list marker (``start`` if none)."""
    m = _MARKER.match(text, start, end)
    return m.end() if m and m.end() < end else start


def find_paragraphs(text: str) -> list[Span]:
    """Paragraph spans, trimmed of surrounding whitespace."""
    return [Span(start, end) for start, end in _paragraphs(text)]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraphs as (start, end) pairs, the way find_sentences reads them."""
    lines = _content_lines(text)
    wrapped = _is_hard_wrapped(lines)
    paragraphs: list[tuple[int, int]] = []
    start = prev = None  # the paragraph's first content character, the end of its last line's
    last = ""  # the previous content line, stripped
    gap = page_break = False  # blank lines (and page furniture) since the last content line
    for cs, ce, content, ls, le, blank_before in lines:
        gap = gap or blank_before
        if (content[0].isdigit() or content[0] == "-") and _FURNITURE.fullmatch(content):
            gap = page_break = True
            continue
        marker = _MARKER_OPENING.match(text, cs) is not None and marker_end(text, ls, le) > ls
        broken = gap and start is not None and not marker and not _soft_end(last) and (
            _lower_start(content, digits=False) or page_break)
        if start is not None and not broken and (gap or marker or not _continues(last, content, wrapped)):
            paragraphs.append((start, prev))
            start = None
        start = cs if start is None else start
        prev, last, gap, page_break = ce, content, False, False
    if start is not None:
        paragraphs.append((start, prev))
    return paragraphs


def find_sentences(text: str) -> list[Sentence]:
    """Every sentence of every paragraph, in text order."""
    out: list[Sentence] = []
    at_run = _BOUNDARY_AT_RUN if any(stop in text for stop in _RARE_STOPS) else _BOUNDARY_AT_DOT
    for index, (opening, closing) in enumerate(_paragraphs(text)):
        body = marker_end(text, opening, closing) if _MARKER_OPENING.match(text, opening) else opening
        item = body > opening
        bullet = item and text[opening:body].strip(" \t*|>")[:1] in _BULLETS
        start = opening
        for m in _boundaries(text, body, closing, at_run):
            if not _next_letter(text, m.end()).isupper() or _is_abbreviation(text, body, m.start()):
                continue
            cut = m.end() - len(m.group(0)) + len(m.group(0).rstrip())
            out.append(Sentence(start, cut, body if start == opening else start,
                                index, start == opening, item, bullet))
            start = m.end()
        if start < closing:
            out.append(Sentence(start, closing, body if start == opening else start,
                                index, start == opening, item, bullet))
    return out


def _boundaries(text: str, start: int, end: int, at_run: re.Pattern[str]) -> Iterable[re.Match[str]]:
    """The matches of _BOUNDARY in [start, end), as its ``finditer`` would find them
    (``at_run``: _BOUNDARY_AT_RUN, or _BOUNDARY_AT_DOT when the text has no other stop)."""
    if start and text[start - 1] in _STOP_RUN:  # a run of stops that began before start
        first = _BOUNDARY.match(text, start, end)
        if first:
            return [first, *at_run.finditer(text, first.end(), end)]
    return at_run.finditer(text, start, end)


def _next_letter(text: str, pos: int) -> str:
    m = _LETTER.search(text, pos, pos + 8)
    return m.group(0) if m else ""


# A non-blank line: its content's start and end (stripped as ``str.strip`` would), the
# content, the line's own start and end (before its newline), and whether a blank line
# comes between it and the non-blank line before it (or the text's start).
_Line = tuple[int, int, str, int, int, bool]


def _content_lines(text: str) -> list[_Line]:
    """Each non-blank line, in order (str.split and str.strip do it ~1.5x faster than a regex)."""
    lines = []
    start, blank = 0, False
    for line in text.split("\n"):
        content = line.strip()
        end = start + len(line)
        if content:  # everything before its first character is stripped space
            first = start + line.find(content[0])
            lines.append((first, first + len(content), content, start, end, blank))
            blank = False
        else:
            blank = True
        start = end + 1
    return lines


def _is_hard_wrapped(lines: list[_Line]) -> bool:
    soft = sum(1 for line, following in zip(lines, lines[1:])
               if not line[2].endswith(_STOPS) and not following[5] and _lower_start(following[2]))
    return bool(lines) and soft / len(lines) > _WRAPPED_SHARE


def _continues(last: str, content: str, wrapped: bool) -> bool:
    """Whether a line continues the paragraph whose last line was ``last``."""
    tail = last.rstrip(" \t*")
    if wrapped:
        return not (tail.endswith((".", ":")) and not _lower_start(content))
    return _lower_start(content) or tail.endswith((",", "-", "–"))


def _soft_end(line: str) -> bool:
    """Whether a (stripped) line ends a sentence or a cell rather than breaking one."""
    return line.endswith(_STOPS)


def _lower_start(content: str, digits: bool = True) -> bool:
    head = content.lstrip(" \t*")
    return bool(head) and (head[0].islower() or (digits and head[0].isdigit()))


def _is_abbreviation(text: str, floor: int, dot: int) -> bool:
    word_start = max(text.rfind(" ", floor, dot), text.rfind("\n", floor, dot)) + 1
    word = text[max(word_start, floor):dot].lstrip("(\"“")
    return word in _abbreviations() or (len(word) == 1 and word.isupper())


@functools.cache
def _abbreviations() -> frozenset[str]:
    return frozenset(load_task_phrases().abbreviations)
