"""HTML pages: one Jinja template set and stylesheet (api/templates, api/static).

Also marks up a source text: citations, tasks, deadlines and agencies become
links and highlights, positioned by the spans stored in the graph.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from html import escape
from importlib import resources

from fastapi import Request
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from vanban import __version__


@functools.cache
def _environment() -> Environment:
    folder = resources.files("vanban.api").joinpath("templates")
    env = Environment(loader=FileSystemLoader(str(folder)), autoescape=select_autoescape())
    env.globals["version"] = __version__
    return env


def render(request: Request, template: str, **context: object) -> str:
    """Render a page; ``local`` maps a graph IRI to this server's path for links."""
    base = request.app.state.settings.base.rstrip("/")

    def local(iri: str | None) -> str:
        return iri[len(base):] if iri and iri.startswith(base + "/") else (iri or "")

    return _environment().get_template(template).render(local=local, **context)


@dataclass(frozen=True, slots=True)
class Mark:
    start: int
    end: int
    css: str
    href: str = ""
    title: str = ""


def markup_text(text: str, tasks: list[Mark], inner: list[Mark]) -> Markup:
    """``text`` as HTML with task blocks and, inside them, non-overlapping inline marks."""
    inner = _without_overlaps(inner)
    tasks = _without_overlaps(tasks)
    cuts = sorted({0, len(text), *(p for m in tasks + inner for p in (m.start, m.end))})
    out: list[str] = []
    open_task = open_mark = None
    for start, end in zip(cuts, cuts[1:]):
        task = next((m for m in tasks if m.start <= start < m.end), None)
        mark = next((m for m in inner if m.start <= start < m.end), None)
        if mark is not open_mark or task is not open_task:
            if open_mark:
                out.append("</a>" if open_mark.href else "</mark>")
            if task is not open_task:
                if open_task:
                    out.append("</span>")
                if task:
                    out.append(_open(task, "span"))
            if mark:
                out.append(_open(mark, "a" if mark.href else "mark"))
            open_task, open_mark = task, mark
        out.append(escape(text[start:end]))
    if open_mark:
        out.append("</a>" if open_mark.href else "</mark>")
    if open_task:
        out.append("</span>")
    return Markup("".join(out))


def _open(mark: Mark, tag: str) -> str:
    href = f' href="{escape(mark.href)}"' if tag == "a" else ""
    task_id = f' id="{escape(mark.href.rsplit("/", 1)[-1])}"' if mark.css == "task" else ""
    return f'<{tag} class="{mark.css}"{href}{task_id} title="{escape(mark.title)}">'


def _without_overlaps(marks: list[Mark]) -> list[Mark]:
    kept: list[Mark] = []
    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        if mark.end > mark.start and (not kept or mark.start >= kept[-1].end):
            kept.append(mark)
    return kept
