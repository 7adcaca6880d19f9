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
from .agency_text import Hit, Squeezed, Taken, is_capitalised, is_word_edge, original_words
from .registry import load_patterns

_MAX_PLACE_WORDS = 4
_MAX_HEAD_WORDS = 10
_CLAUSE_BREAK = re.compile(r"[,.;:()\"“”/]")
_PLACE_WORD = re.compile(r"[^\W_]+")
_AND = re.compile(r" và ")


@functools.cache
def _unit_regex() -> re.Pattern[str]:
    units = _alternation(load_patterns()["district_units"])
    # not "xã hội"; the word edge before is checked apart (a look-behind here is slow)
    return re.compile(rf"(?:{units}) (?=\w)(?!hội(?!\w))")


@functools.cache
def _head_regex() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{_alternation(load_patterns()['district_heads'])})(?!\w)")


def _alternation(words: list[str]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


def find_district_hits(sq: Squeezed, hits: list[Hit], original: str) -> list[Hit]:
    """Heads + unit + place name outside the spans already found."""
    taken = Taken.of(hits)
    found = []
    for unit in _unit_regex().finditer(sq.text):
        if not is_word_edge(sq.text, unit.start() - 1) or taken.covers(unit.start()):
            continue  # "Thương binh và Xã hội", "thành phố Hồ Chí Minh" of a body found
        if not is_capitalised(sq, original, unit.end()) and not sq.text[unit.end()].isdigit():
            continue
        start = _head_start(sq, original, unit.start())
        end = _place_end(sq, original, unit.end()) if start is not None else None
        if end is None or taken.covers(start) or taken.covers(end - 1):
            continue
        head = body_words(original_words(sq, original, start, unit.start()).strip())
        place = original_words(sq, original, unit.end(), end)
        name = place.title() if place.isupper() else place
        unit_word = sq.text[unit.start():unit.end() - 1]
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
    for head in _head_regex().finditer(sq.text, max(0, unit_start - 100), unit_start):
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
