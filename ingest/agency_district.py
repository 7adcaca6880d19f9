"""Bodies below the province, named after their district or commune.

"Ủy ban nhân dân huyện Gia Lâm", "UBND phường Ba Đình", "Chi cục Thuế quận 3": a capitalised
head (``district_heads`` in ``data/agency_patterns.toml``), capitalised words without a stop
word, a unit word (``district_units``) and the place's name: capitalised words on one line, or
a number. Without a name ("UBND cấp xã", "UBND xã, phường") it is a type of body: nothing kept.
"""
from __future__ import annotations

import functools
import re

from .agency_local import body_words
from .agency_names import ends_name
from .agency_text import (Hit, Squeezed, Taken, is_capitalised, is_word_edge, original_words,
                          word_matches)
from .registry import load_patterns

_MAX_PLACE_WORDS = 4
_MAX_HEAD_WORDS = 10
_CLAUSE_BREAK = re.compile(r"[,.;:()\"“”/]")
_PLACE_WORD = re.compile(r"[^\W_]+")
_AND = re.compile(r" và ")


# After a unit word and its space: a name, not "xã hội"
_UNIT_FOLLOW = re.compile(r"(?=\w)(?!hội(?!\w))")


@functools.cache
def _unit_regex() -> re.Pattern[str]:
    """A unit word followed by a name (the word edge before is checked apart)."""
    units = _alternation(load_patterns()["district_units"])
    return re.compile(rf"(?:{units}) {_UNIT_FOLLOW.pattern}")


@functools.cache
def unit_words() -> dict[str, int]:
    """Unit words with their space ("huyện ") -> rank, longest first as an alternation tries them.

    agencies.py finds them in its pass over the text; ``units`` keeps what the regex
    "(?:huyện|quận|...) (?=\\w)(?!hội(?!\\w))" would find, without a scan of its own.
    """
    words = sorted(load_patterns()["district_units"], key=lambda w: len(re.escape(w)), reverse=True)
    return {f"{word} ": rank for rank, word in enumerate(words)}


def units(text: str, found: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """Unit words followed by a name, leftmost and not overlapping, from every occurrence of
    ``unit_words`` in ``text`` as (start, end, rank). The word edge before is checked apart."""
    out, done = [], 0
    for start, end, _ in sorted(found, key=lambda item: (item[0], item[2])):
        if start >= done and _UNIT_FOLLOW.match(text, end):
            out.append((start, end))
            done = end
    return out


@functools.cache
def _head_regex() -> re.Pattern[str]:
    """A district head; it must open a word (see word_matches)."""
    return re.compile(rf"(?:{_alternation(load_patterns()['district_heads'])})(?!\w)")


def _alternation(words: list[str]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


def find_district_hits(sq: Squeezed, hits: list[Hit], original: str,
                       found_units: list[tuple[int, int]]) -> list[Hit]:
    """Heads + unit + place name outside the spans already found (``found_units``: see units)."""
    taken = Taken.of(hits)
    found = []
    for unit_start, unit_end in found_units:
        if not is_word_edge(sq.text, unit_start - 1) or taken.covers(unit_start):
            continue  # "Thương binh và Xã hội", "thành phố Hồ Chí Minh" of a body found
        if not is_capitalised(sq, original, unit_end) and not sq.text[unit_end].isdigit():
            continue
        start = _head_start(sq, original, unit_start)
        end = _place_end(sq, original, unit_end) if start is not None else None
        if end is None or taken.covers(start) or taken.covers(end - 1):
            continue
        head = body_words(original_words(sq, original, start, unit_start).strip())
        place = original_words(sq, original, unit_end, end)
        name = place.title() if place.isupper() else place
        unit_word = sq.text[unit_start:unit_end - 1]
        found.append(Hit(start, end, f"{head} {unit_word} {name}", None, "local-body"))
    return found


def _place_end(sq: Squeezed, original: str, pos: int) -> int | None:
    """End of the place's name from ``pos``: capitalised words on one line, or a number."""
    end, words = None, 0
    for word in _PLACE_WORD.finditer(sq.text, pos, min(len(sq.text), pos + 60)):
        if word.start() != (end + 1 if end is not None else pos) or words == _MAX_PLACE_WORDS:
            break
        number = word.group().isdigit()
        if not (number and words == 0) and not is_capitalised(sq, original, word.start()):
            break
        if end is not None and "\n" in original[sq.to_original(end):sq.to_original(word.start())]:
            break
        end, words = word.end(), words + 1
        if number:
            break
    return end


def _head_start(sq: Squeezed, original: str, unit_start: int) -> int | None:
    """Start of the capitalised head of the unit word, no stop word or other body in between.

    "Văn phòng Ủy ban nhân dân huyện X" is the office; of "UBND quận 1 và Chi cục Thuế quận 3"
    and "Phòng Y tế và Công an huyện X" the unit takes only the body next to it.
    """
    stops = set(load_patterns()["stop_words"])
    for head in word_matches(_head_regex(), sq.text, max(0, unit_start - 100), unit_start):
        tail = sq.text[head.end():unit_start]
        words = tail.split()
        if _CLAUSE_BREAK.search(tail) or len(words) > _MAX_HEAD_WORDS or ends_name(tail):
            continue
        if any(w in stops for w in words) or _unit_regex().search(tail):
            continue
        if any(_head_regex().match(tail, m.end()) for m in _AND.finditer(tail)):
            continue
        if not is_capitalised(sq, original, head.start()):
            continue
        if words and not is_capitalised(sq, original, head.end() + 1):
            continue  # "Phòng Tài chính" names its field with a capital
        return head.start()
    return None
