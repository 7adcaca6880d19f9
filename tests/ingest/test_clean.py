"""clean_text: one-for-one look-alike mapping and boilerplate blanking.

Cases are real snippets from the corpus (cases/clean.toml); the data files'
own examples are checked too, and on the annotated corpus no gold item may
lose all its mentions to blanking.
"""
from __future__ import annotations

import doctest
import json
import tomllib
from pathlib import Path

import pytest

from vanban.ingest import boilerplate, clean
from vanban.ingest.boilerplate import blank_boilerplate
from vanban.ingest.clean import DATA_DIR, clean_text, replace_lookalikes

from tests.conftest import shared_path

CASES = tomllib.loads((Path(__file__).parent / "cases" / "clean.toml").read_text("utf-8"))["case"]
LOOKALIKES = tomllib.loads((DATA_DIR / "lookalikes.toml").read_text("utf-8"))["rule"]
BOILERPLATE = tomllib.loads((DATA_DIR / "boilerplate.toml").read_text("utf-8"))
BOILERPLATE_RULES = BOILERPLATE["span"] + BOILERPLATE["block"]


def is_blank(text: str) -> bool:
    return not text.replace("\n", "").strip(" ")


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_clean_case(case):
    text = case["text"]
    cleaned = clean_text(text)
    assert len(cleaned) == len(text)
    if "cleaned" in case:
        assert cleaned == case["cleaned"]
    for part in case.get("blanked", []):
        start = text.index(part)
        assert is_blank(cleaned[start:start + len(part)]), part
        assert cleaned[start:start + len(part)].count("\n") == part.count("\n")
    for part in case.get("kept", []):
        start = text.index(part)
        assert cleaned[start:start + len(part)] == part


@pytest.mark.parametrize("rule", LOOKALIKES, ids=[r["name"] for r in LOOKALIKES])
def test_lookalike_examples(rule):
    assert rule["examples"], "every rule shows what it does"
    for before, after in rule["examples"]:
        assert replace_lookalikes(before) == after


@pytest.mark.parametrize("rule", BOILERPLATE_RULES, ids=[r["name"] for r in BOILERPLATE_RULES])
def test_boilerplate_examples(rule):
    assert rule["examples"], "every class shows what it blanks"
    for example in rule["examples"]:
        assert any(n in example for n in rule.get("needles", [""])), "needles must prefilter"
        cleaned = blank_boilerplate(example)
        assert is_blank(cleaned) and cleaned.count("\n") == example.count("\n"), example
    for example in rule.get("kept", []):
        assert blank_boilerplate(example) == example


def test_boilerplate_names_are_unique():
    names = [r["name"] for r in BOILERPLATE_RULES] + [r["name"] for r in LOOKALIKES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("text", ["", "\n\n", "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;"])
def test_clean_text_without_anything_to_clean_is_identity(text):
    assert clean_text(text) == text


def test_clean_text_keeps_length_on_every_special_character():
    specials = "".join(r["chars"] for r in LOOKALIKES)
    text = f"Số: 15/2020/N{specials}Ð–CP ngày 1/1/2020 {specials}\nhttps://x.vn/{specials}"
    assert len(clean_text(text)) == len(text)


def gold_spans(gold: dict, text: str):
    """(kind, name, [(start, end), ...]) for each gold citation, agency and scored task."""
    def where(m):
        start, end = m.get("start"), m.get("end")
        if start is None or text[start:end] != m["quote"]:
            start = text.find(m["quote"])
            end = start + len(m["quote"])
        return start, end
    for kind in ("citations", "agencies"):
        for item in gold[kind]:
            name = item.get("id_local") or item.get("title") or item.get("name")
            yield kind, name, [where(m) for m in item["mentions"]]
    for task in gold["tasks"]:
        if task["lead"] != ["*"]:
            yield "tasks", task["quote"][:60], [where(task)]


@pytest.mark.shared
@pytest.mark.parametrize("corpus", ["dev", "seed"])
def test_blanking_never_hides_gold(corpus):
    """Furniture only: every gold item keeps a mention and no scored task is touched."""
    folder = shared_path("corpus", corpus)
    lost = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text("utf-8")
        cleaned = clean_text(text)
        assert len(cleaned) == len(text)
        hidden = [c == " " and not o.isspace() for o, c in zip(text, cleaned)]
        gold = json.loads((folder / "gold" / f"{path.stem}.json").read_text("utf-8"))
        for kind, name, spans in gold_spans(gold, text):
            touched = [any(hidden[s:e]) for s, e in spans]
            if spans and (all(touched) if kind != "tasks" else any(touched)):
                lost.append((path.stem, kind, name))
    assert not lost


@pytest.mark.shared
def test_related_articles_block_of_the_seed_is_blanked():
    text = shared_path("corpus", "seed", "seed-2019-06-nq-phien-hop.txt").read_text("utf-8")
    assert text[3799:3818] == "Có thể bạn quan tâm"
    assert is_blank(clean_text(text)[3799:4092])


@pytest.mark.parametrize("module", [clean, boilerplate], ids=lambda m: m.__name__)
def test_docstring_examples(module):
    result = doctest.testmod(module)
    assert result.attempted and not result.failed


@pytest.mark.parametrize("text", [
    "Số 15/2020/NĐ\u2013CP\u2014TTg và 12\u2014NQ/TW \u2013 Hà Nội /TCT \u2013 CS",
    "\u00d0\u00f0 \u00f0\u00d0 Ð\u2013Ða /BTC\u2014 Ha\u2212 b\u2012c \u2015",
    "Bộ Lao động \u2013 Thương binh và Xã hội\u2014NĐ\u2013CP \u2212\u2212A",
])
def test_lookalikes_by_character_are_those_of_the_whole_class(text):
    """Each character is replaced by its own pattern: as the class of all of them would."""
    expected = text
    for rule in clean.load_lookalikes():
        if rule.context in ("symbol", "syllable"):
            expected = rule.finder.sub(rule.replace, expected)
    assert replace_lookalikes(text) == expected
