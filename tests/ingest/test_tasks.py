"""find_tasks on real passages (cases/tasks.toml), the phrase data, and the annotated corpus.

The corpus test feeds the gold agencies, so it measures this stage alone; the
end-to-end floors live in test_corpus_scores.py.
"""
from __future__ import annotations

import importlib.util
import json
import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from vanban.ingest.docmeta import find_document_date
from vanban.ingest.models import (Agency, AgencyMention, Citation, CitationMention, Span,
                                  citation_key)
from vanban.ingest.subjects import index_mentions, read_sentence
from vanban.ingest.tasks import find_tasks
from vanban.ingest.taskphrases import load_task_phrases

from tests.conftest import shared_path

CASES = tomllib.loads((Path(__file__).parent / "cases" / "tasks.toml").read_text("utf-8"))["case"]


def agencies_in(text: str, entries: list[dict]) -> tuple[Agency, ...]:
    """Agencies with a mention at every occurrence of their surface (any whitespace inside)."""
    out = []
    for e in entries:
        pattern = r"\s+".join(map(re.escape, e["surface"].split()))
        mentions = tuple(AgencyMention(Span(m.start(), m.end()), m.group(0))
                         for m in re.finditer(pattern, text))
        out.append(Agency(e["name"], mentions))
    return tuple(out)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_task_case(case):
    text = case["text"]
    tasks = find_tasks(text, agencies_in(text, case["agencies"]), (), doc_date=case.get("doc_date"))
    want_starts = [e["starts"] for e in case["task"]]
    assert [t.text[:len(w)] for t, w in zip(tasks, want_starts)] == want_starts[:len(tasks)]
    assert len(tasks) == len(want_starts), [t.text[:40] for t in tasks]
    for task, want in zip(tasks, case["task"]):
        assert task.text.startswith(want["starts"])
        assert list(task.lead) == want["lead"], want["starts"]
        if "deadline" in want:
            assert (task.deadline or "") == want["deadline"], want["starts"]
        if "coordinators" in want:
            assert list(task.coordinators) == want["coordinators"], want["starts"]
        assert text[task.span.start:task.span.end] == task.text


def test_task_cites_the_citations_inside_its_span():
    text = "Bộ Tài chính khẩn trương trình Chính phủ dự thảo Nghị định sửa đổi Nghị định số 20/2017/NĐ-CP."
    surface = "Nghị định số 20/2017/NĐ-CP"
    start = text.index(surface)
    cited = Citation(id_local="20/2017/NĐ-CP", title=None, year=2017,
                     mentions=(CitationMention(Span(start, start + len(surface)), surface),))
    (task,) = find_tasks(text, agencies_in(text, [{"name": "Bộ Tài chính", "surface": "Bộ Tài chính"}]),
                         (cited,))
    assert task.cites == (citation_key(cited),)
    assert task.deliverable == "trình"


def test_government_is_never_a_lead():
    text = "Chính phủ yêu cầu các bộ, ngành, địa phương rà soát thủ tục."
    (task,) = find_tasks(text, agencies_in(text, [{"name": "Chính phủ", "surface": "Chính phủ"}]), ())
    assert task.lead == ("*",)


def test_phrase_lists_have_no_duplicates():
    raw = tomllib.loads(resources.files("vanban.ingest").joinpath("data/task_phrases.toml").read_text("utf-8"))
    load_task_phrases()  # every list compiles
    for key, entries in raw.items():
        if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):  # examples
            continue
        fold = str if key == "abbreviations" else str.casefold  # abbreviations are case-sensitive
        folded = [" ".join(fold(e).split()) for e in entries]
        assert len(folded) == len(set(folded)), key


def load_scorer():
    spec = importlib.util.spec_from_file_location("score", shared_path("eval", "score.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gold_agencies(gold: dict, text: str) -> tuple[Agency, ...]:
    out = []
    for a in gold.get("agencies", []):
        spans = []
        for m in a["mentions"]:
            start = m["start"] if m.get("start") is not None else text.find(m["quote"])
            spans.append(Span(start, start + len(m["quote"])))
        out.append(Agency(a["name"], tuple(AgencyMention(s, text[s.start:s.end]) for s in spans)))
    return tuple(out)


@pytest.mark.shared
@pytest.mark.parametrize("corpus, floor", [("dev", (0.92, 0.95)), ("seed", (0.95, 0.95))])
def test_corpus_tasks_with_gold_agencies(corpus, floor):
    score = load_scorer()
    folder = shared_path("corpus", corpus)
    tp = fp = fn = ok = matched = 0
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text("utf-8")
        gold = json.loads((folder / "gold" / f"{path.stem}.json").read_text("utf-8"))
        tasks = find_tasks(text, gold_agencies(gold, text), (), doc_date=find_document_date(text))
        pred = {"tasks": [{"lead": list(t.lead), "start": t.span.start, "end": t.span.end,
                           "deadline": t.deadline} for t in tasks]}
        result = score.score_doc(gold, pred, text)
        tp, fp, fn = tp + result["tasks"][0], fp + result["tasks"][1], fn + result["tasks"][2]
        ok, matched = ok + result["deadline"][0], matched + result["deadline"][1]
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= floor[0] and ok / matched >= floor[1], (f1, ok / matched)


def test_annex_table_rows_are_tasks():
    """No corpus text has a task table yet: the rows follow reference/task-phrasing.md §1."""
    text = ("| STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời hạn |\n|---|---|---|---|---|\n"
            "| 1 | Xây dựng Nghị định | Bộ Kế hoạch và Đầu tư | Bộ Tài chính | Quý III/2019 |\n"
            "| 2 | Rà soát thủ tục hành chính | Các bộ, cơ quan | Bộ Tài chính | Năm 2019 |\n")
    entries = [{"name": n, "surface": n} for n in ("Bộ Kế hoạch và Đầu tư", "Bộ Tài chính")]
    first, second = find_tasks(text, agencies_in(text, entries), (), doc_date="2019-01-10")
    assert (first.lead, first.coordinators, first.deadline) == (
        ("Bộ Kế hoạch và Đầu tư",), ("Bộ Tài chính",), "2019-07-01/2019-09-30")
    assert (second.lead, second.deadline) == (("*",), "2019")
    assert first.text.startswith("| 1 |") and first.text.endswith("Quý III/2019 |")


def test_a_line_without_cells_ends_a_task_table():
    """Constructed: rows count only right under their header; a prose line (or a line with
    one bar) between them ends the table, and a later header starts a new one."""
    header = "| Nhiệm vụ | Cơ quan chủ trì | Thời hạn |\n"
    row = "| Rà soát thủ tục | Bộ Tài chính | Năm 2019 |\n"
    text = header + row + "Ghi chú: xem phụ lục.\n" + row + "a | b\n" + row + header + row
    entries = [{"name": "Bộ Tài chính", "surface": "Bộ Tài chính"}]
    tasks = find_tasks(text, agencies_in(text, entries), (), doc_date="2019-01-10")
    starts = [text.index(row), text.rindex(row)]  # the first row and the row under the second header
    assert [t.span.start for t in tasks] == starts


EXAMPLES = tomllib.loads(resources.files("vanban.ingest").joinpath("data/task_phrases.toml")
                         .read_text("utf-8"))["example"]


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["text"][:30] for e in EXAMPLES])
def test_data_examples_read_as_stated(example):
    text, ph = example["text"], load_task_phrases()
    reading = read_sentence(text, 0, len(text), index_mentions((), ph), ph)
    assert reading.kind == example["kind"]
    if "lead" in example:
        assert list(reading.leads) == example["lead"]
