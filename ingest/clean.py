"""Cleaning that keeps every character at its index (see clean_text).

The finders run on the cleaned text and their spans index the original NFC
text, so cleaning may only substitute characters one for one: look-alikes
become the characters the patterns expect, and web page furniture becomes
spaces (newlines kept, so line-based rules still see the same lines). What
is replaced, and where, lives in data/lookalikes.toml and data/boilerplate.toml
(see boilerplate.py).
"""
from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .boilerplate import DATA_DIR, blank_boilerplate

CONTEXTS = ("anywhere", "syllable", "symbol", "mixed-word", "invisible")
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")
_SYMBOL_PART = re.compile(r"[\w/.\-]*")
_CODE_BEFORE = re.compile(r"/[A-ZĐ][A-Za-zĐđ]{0,9} ?$")  # "/TCT " before "– CS"
_CODE_AFTER = re.compile(r" ?[A-ZĐ]")
# What follows every dash that replace() maps: a letter or digit, or " " and a capital.
# Finding only those spares a Python call for each dash between words (" – ").
_SYMBOL_NEXT = r"(?=[^\W_]| [A-ZĐ])"


def clean_text(text: str) -> str:
    """Return text of the same length with look-alikes mapped and boilerplate blanked.

    >>> clean_text("Nghị định số 15/2020/NÐ–CP\\n![ảnh](https://a.vn/x.jpg)")
    'Nghị định số 15/2020/NĐ-CP\\n                          '
    """
    return blank_boilerplate(replace_lookalikes(text))


def replace_lookalikes(text: str) -> str:
    """Map look-alike, invisible and exotic space characters, one for one."""
    found = set(_special_chars().findall(text))  # one scan; most texts have few or none
    for rule in load_lookalikes():
        present = [char for char in rule.chars if char in found]
        if not present:
            continue
        if rule.context == "anywhere":
            for char in present:
                text = text.replace(char, rule.table[ord(char)])
        elif rule.context == "invisible":
            text = _close_up_words(text, rule)
        elif rule.context == "mixed-word":
            text = _map_mixed_words(text, rule)
        elif len(present) == 1 or rule.context == "symbol":
            # A pattern per character opens with a literal, which re finds far faster than a
            # class. A dash's judgement does not look at other dashes, so they may go in turn.
            for char in present:
                text = rule.finders[char].sub(rule.replace, text)
        else:
            text = rule.finder.sub(rule.replace, text)
    return text


@dataclass(frozen=True, slots=True)
class LookalikeRule:
    """One [[rule]] of lookalikes.toml: characters, their replacements, and where."""

    name: str
    chars: str
    table: dict[int, str | None]
    context: str
    finder: re.Pattern[str]  # the characters (dashes: where mappable); replace() judges
    finders: dict[str, re.Pattern[str]]  # the same for each character alone

    def replace(self, match: re.Match[str]) -> str:
        char, text, at = match.group(), match.string, match.start()
        if self.context == "syllable":
            # Vietnamese đ only opens a syllable; inside a symbol it follows capitals (NÐ-CP).
            before = text[at - 1] if at else " "
            keep = before.isalpha() and not ("A" <= before <= "Z" or before == "Đ")
        else:  # symbol
            after = text[at + 1:at + 2]
            keep = not (at and text[at - 1].isalnum() and after.isalnum()
                        or _CODE_BEFORE.search(text, max(0, at - 12), at)
                        and _CODE_AFTER.match(text, at + 1))
        return char if keep else char.translate(self.table)


def _map_mixed_words(text: str, rule: LookalikeRule) -> str:
    """Map the look-alikes of each word that has ASCII letters or digits ("BТС" -> "BTC"):
    a wholly Cyrillic word is Russian, not a symbol. Each word is judged once for all the
    look-alikes in it (judging each one would take time quadratic in a long word)."""
    parts, done = [], 0
    for match in rule.finder.finditer(text):
        if match.start() < done:
            continue  # inside a word already judged
        start = match.start()
        while start and (text[start - 1].isalnum() or text[start - 1] in "/.-_"):
            start -= 1
        end = _SYMBOL_PART.match(text, match.start()).end()
        word = text[start:end]
        mapped = word.translate(rule.table) if _ASCII_ALNUM.search(word) else word
        parts += (text[done:start], mapped)
        done = end
    parts.append(text[done:])
    return "".join(parts)


def _close_up_words(text: str, rule: LookalikeRule) -> str:
    """Drop invisible characters from each word they sit in, padding the word's end
    with as many spaces, so the word reads whole ("NĐ-\\u200bCP" -> "NĐ-CP ")."""
    parts, done = [], 0
    for match in rule.finder.finditer(text):
        if match.start() < done:
            continue  # inside a word already closed up
        start = match.start()
        while start > done and not text[start - 1].isspace():
            start -= 1
        end = match.end()
        while end < len(text) and not text[end].isspace():
            end += 1
        word = text[start:end]
        kept = word.translate(rule.table)
        parts += (text[done:start], kept, " " * (len(word) - len(kept)))
        done = end
    parts.append(text[done:])
    return "".join(parts)


@functools.cache
def load_lookalikes(data_dir: Path = DATA_DIR) -> tuple[LookalikeRule, ...]:
    """Compile lookalikes.toml; the order of the file is the order of application."""
    with open(data_dir / "lookalikes.toml", "rb") as f:
        entries = tomllib.load(f)["rule"]
    return tuple(_lookalike_rule(entry) for entry in entries)


@functools.cache
def _special_chars() -> re.Pattern[str]:
    chars = "".join(rule.chars for rule in load_lookalikes())
    return re.compile("[" + re.escape(chars) + "]")


def _lookalike_rule(entry: dict) -> LookalikeRule:
    chars, context = entry["chars"], entry["context"]
    if context not in CONTEXTS:
        raise ValueError(f"lookalikes.toml: {entry['name']}: unknown context {context!r}")
    if context == "invisible":
        table = dict.fromkeys(map(ord, chars))  # deleted; the word's end is padded instead
    else:
        targets = entry.get("map") or entry["replacement"] * len(chars)
        if len(targets) != len(chars):
            raise ValueError(f"lookalikes.toml: {entry['name']}: map and chars differ in length")
        table = dict(zip(map(ord, chars), targets))
    after = _SYMBOL_NEXT if context == "symbol" else ""
    finders = {char: re.compile(re.escape(char) + after) for char in chars}
    return LookalikeRule(entry["name"], chars, table, context,
                         re.compile("[" + re.escape(chars) + "]" + after), finders)
