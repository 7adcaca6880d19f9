"""Well-formed names of bodies the registry does not list ("Cục Cảnh sát giao thông").

A head from ``unit_head`` in ``data/agency_patterns.toml``, capitalised, then a name whose
first word is capitalised (not an all-capital internal code such as "Vụ PC"). The name runs
to a clause break or a word of ``name_enders``; when it would run past ``max_words`` the end
is unclear and nothing is kept, since a wrong boundary costs more than a miss.
Ender words inside a name (``name_continuations``: "Cục Cảnh sát điều tra ...") do not end it.

Foreign bodies are a head and a country ("Bộ Ngoại giao Trung Quốc", "Đại sứ quán Hoa Kỳ").
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator

from .agency_text import Hit, Squeezed, Taken, is_capitalised, is_word_edge, original_words
from .registry import fold, load_patterns, load_registry

_WORD = re.compile(r"[^\s,.;:()\[\]\"“”/]+")
# On squeezed text (no asterisks, no line breaks): a character class, which re finds fast
_CLAUSE_BREAK = re.compile(r"[,.;:()\[\]\"“”/|]")
_TRAILING = re.compile(r"(?: và| -| )+$")  # "Ban ... quốc gia| và" before the next body
_AND = re.compile(r" và (?=\w)")
_PARAGRAPH = re.compile(r"\n[ \t\xa0*]*\n")
_NEXT_WORD = re.compile(r" (?=\w)")
_HOST = "việt nam tại "  # "Đại sứ quán Việt Nam tại Hàn Quốc"
_GENERIC = (" các ", " cấp ", " những ", " mỗi ", " từng ", " cổ phần ", " ctcp ", " tnhh ")


@functools.cache
def _heads() -> tuple[re.Pattern[str], dict[str, dict]]:
    table = {head: spec for spec in load_patterns()["unit_head"] for head in spec["heads"]}
    alternation = "|".join(map(re.escape, sorted(table, key=len, reverse=True)))
    return re.compile(rf"(?:{alternation}) (?=\w)"), table


@functools.cache
def _title_heads() -> re.Pattern[str]:
    """First words of the heads, capitalised, to find candidates fast in the original text."""
    words = {head.split()[0] for spec in load_patterns()["unit_head"] for head in spec["heads"]}
    words |= {unicodedata.normalize("NFC", w.replace("ủy", "uỷ")) for w in words}
    # no leading look-behind: it would keep the regex engine from skipping ahead fast
    return re.compile(r"(?:" + "|".join(sorted(w.capitalize() for w in words)) + r")(?!\w)")


@functools.cache
def _enders() -> re.Pattern[str]:
    words = sorted(load_patterns()["name_enders"], key=len, reverse=True)
    # the look-behind after the space: a pattern opening with a literal is found fast
    return re.compile(r" (?<!ban )(?:" + "|".join(map(re.escape, words)) + r")(?!\w)")


@functools.cache
def _continuations() -> tuple[str, ...]:
    return tuple(load_patterns()["name_continuations"])


def _first_ender(text: str, pos: int, limit: int) -> re.Match[str] | None:
    """The first ender in ``text[pos:limit]`` that is not part of a name ("Cảnh sát điều tra")."""
    for match in _enders().finditer(text, pos, limit):
        if not any(text.endswith(phrase, pos, match.end()) for phrase in _continuations()):
            return match
    return None


def ends_name(text: str) -> bool:
    """Whether ``text`` (folded) holds a word that a name cannot run across."""
    return _first_ender(text, 0, len(text)) is not None


def find_named_units(sq: Squeezed, hits: list[Hit], original: str) -> list[Hit]:
    """Unknown bodies with a clear boundary, outside the spans already found."""
    taken = Taken.of(hits)
    pattern, table = _heads()
    found = []
    for candidate in _title_heads().finditer(original):
        if candidate.start() and (original[candidate.start() - 1].isalnum()
                                  or original[candidate.start() - 1] in "-_"):
            continue
        head = pattern.match(sq.text, sq.from_original(candidate.start()))
        if head is None:
            continue
        start = head.start()
        if not _is_titlecase(sq, original, start) or taken.covers(start):
            continue
        if sq.text[max(0, start - 4):start] in ("các ", "mỗi "):
            continue
        spec = table[head.group().strip()]
        limit = taken.next_start(start, len(sq.text))
        end = _name_end(sq, original, head.end(), spec, limit)
        if end is not None and not _is_generic(sq.text[start:end]):
            name = original_words(sq, original, start, end)
            found.append(Hit(start, _parent_end(sq.text, end), name, None, spec["kind"]))
    return found


@functools.cache
def _parent_suffix() -> re.Pattern[str]:
    suffixes = sorted(load_patterns()["parent_suffixes"], key=len, reverse=True)
    return re.compile(r" (?:" + "|".join(map(re.escape, suffixes)) + r")(?!\w)")


def _parent_end(text: str, end: int) -> int:
    """ "Ủy ban Pháp luật và Tư pháp| của Quốc hội": the mention takes in its parent."""
    suffix = _parent_suffix().match(text, end)
    return suffix.end() if suffix else end


def _name_end(sq: Squeezed, original: str, pos: int, spec: dict, limit: int) -> int | None:
    """End of the name from ``pos``; None when it is unclear or not a proper name."""
    first = _WORD.match(sq.text, pos)
    if first is None:
        return None
    limit = min(limit, pos + 200)
    stop = _CLAUSE_BREAK.search(sq.text, pos, limit)
    ender = _first_ender(sq.text, pos, limit)
    conjunction = _lower_conjunction(sq, original, pos, limit)
    end = min([m.start() for m in (stop, ender) if m is not None] + [conjunction, limit])
    tail = _TRAILING.search(sq.text, pos, end)
    end = tail.start() if tail else end
    name = sq.text[pos:end]
    words = name.split()
    bare = functools.reduce(lambda text, phrase: text.replace(phrase, ""), _continuations(), name)
    if not words or len(words) > spec["max_words"] or any(g in f" {bare} " for g in _GENERIC):
        return None
    if "must_end" in spec and not name.endswith(tuple(spec["must_end"])):
        return None
    if not _is_proper(original, sq, pos, first.end()) and not (
            "lower_start_ends" in spec and len(words) > 2
            and name.endswith(tuple(spec["lower_start_ends"]))):
        return None
    span = sq.span(pos, end)
    if _PARAGRAPH.search(original, span.start, span.end):
        return None
    return end


def _lower_conjunction(sq: Squeezed, original: str, pos: int, limit: int) -> int:
    """ "Vụ Bảo hiểm xã hội| và trên cơ sở": "và" before a lower-case word ends a name."""
    for match in _AND.finditer(sq.text, pos, limit):
        if not is_capitalised(sq, original, match.end()):
            return match.start()
    return limit


def _is_generic(name: str) -> bool:
    patterns = load_patterns()
    return name in patterns["generic_names"] or name.startswith(tuple(patterns["generic_prefixes"]))


def _is_titlecase(sq: Squeezed, original: str, start: int) -> bool:
    """ "Vụ", not "VỤ" (a header line, where the next line is no part of the name)."""
    at = sq.to_original(start)
    return original[at].isupper() and original[at + 1:at + 2].islower()


def _is_proper(original: str, sq: Squeezed, start: int, end: int) -> bool:
    """A capitalised word that is not an all-capital code: "Pháp", "Dệt", "751", not "PC"."""
    span = sq.span(start, end)
    word = original[span.start:span.end]
    if word.isdigit():
        return True
    return word[:1].isupper() and not (len(word) > 1 and word.isupper()) and is_capitalised(
        sq, original, start)



@functools.cache
def _foreign() -> tuple[re.Pattern[str], tuple[str, ...]]:
    """Countries as written (capitals are rare, so the search is fast) and folded heads,
    each with the space that separates it from the country."""
    patterns = load_patterns()
    heads = {fold(head) for head in patterns["foreign_heads"]}
    heads |= {fold(e.name) for e in load_registry().entries if e.kind in ("ministry", "ministry-level")}
    countries = "|".join(map(re.escape, sorted(patterns["countries"], key=len, reverse=True)))
    # no leading look-behind: it would keep the regex engine from skipping ahead fast
    return re.compile(rf"(?:{countries})(?!\w)"), tuple(f"{head} " for head in
                                                          sorted(heads, key=len, reverse=True))


def country_words() -> tuple[str, ...]:
    """The folded names of countries, for a search of the folded text (see find_foreign_hits)."""
    return tuple(fold(country) for country in load_patterns()["countries"])


def find_foreign_hits(sq: Squeezed, original: str, starts: list[int] | None = None
                      ) -> list[Hit]:
    """Foreign governments, ministries and embassies: "Bộ Ngoại giao Trung Quốc".

    ``starts``: the squeezed indexes, in order, where ``country_words`` occur (a pass
    that finds them anyway spares a search of the whole text); None: search the text.
    """
    countries, heads = _foreign()
    found = []
    for country in _countries(countries, sq, original, starts):
        if country.start() and original[country.start() - 1].isalnum():
            continue
        at, end = sq.from_original(country.start()), sq.from_original(country.end())
        before = at - len(_HOST) if sq.text.endswith(_HOST, 0, at) else at
        head = next((h for h in heads if sq.text.endswith(h, 0, before)), None)
        after = _NEXT_WORD.match(sq.text, end)
        if head is None or after is not None and is_capitalised(sq, original, after.end()):
            continue
        start = before - len(head)
        if is_word_edge(sq.text, start - 1) and is_capitalised(sq, original, start):
            name = original_words(sq, original, start, end)
            found.append(Hit(start, end, name, None, "international"))
    return found


def _countries(pattern: re.Pattern[str], sq: Squeezed, original: str, starts: list[int] | None
               ) -> Iterator[re.Match[str]]:
    """``pattern.finditer(original)``, trying only the original indexes of ``starts``.

    A country written as the pattern spells it folds to a country word at the same place,
    so no match is missed; the matches do not overlap, as finditer's do not.
    """
    if starts is None:
        yield from pattern.finditer(original)
        return
    end = 0
    for at in map(sq.to_original, starts):
        if at >= end and (match := pattern.match(original, at)):
            yield match
            end = match.end()
