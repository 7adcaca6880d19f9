"""Graph pages: the whole citation graph, a neighbourhood, one directive, the most cited."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from vanban.graph.view_graph import DIRECTIVE_HOPS, load_view_graph, local_view_graph
from vanban.graph.visualize import (DOCUMENT_RELATIONS, View, cap, collapse_tasks, directive_view,
                                    filter_view, most_cited, neighbourhood, render_view)
from vanban.ontology.iris import Minter

from .deps import get_settings, get_store
from .errors import ApiError

router = APIRouter(tags=["graph pages"])

Relations = Annotated[list[Literal[DOCUMENT_RELATIONS]] | None, Query(  # type: ignore[valid-type]
    description="Document relations to draw (all when absent)")]
Year = Annotated[int | None, Query(ge=1945, le=2100)]
MaxNodes = Annotated[int | None, Query(ge=1, le=20_000, description="Node cap for this page")]


def _render(request: Request, view: View, *, centre: str | None = None, **controls) -> HTMLResponse:
    settings = get_settings(request)
    minter = Minter(settings.base)
    graph, cut = cap(view.graph, controls.get("max_nodes") or settings.graph_max_nodes,
                     keep=[centre] if centre else [])
    page = View(graph, view.title, cut, view.hint)
    controls.setdefault("max_nodes", settings.graph_max_nodes)
    controls["all_relations"] = DOCUMENT_RELATIONS
    controls["relations"] = controls.get("relations") or DOCUMENT_RELATIONS
    return HTMLResponse(render_view(page, href=minter.path_of, controls=controls))


def _around(request: Request, iri: str, hops: tuple[str, ...]):
    """The part of the graph ``hops`` away from ``iri`` (a full IRI or its local path,
    ``/eli/vn/cp/nq/2019/23``), and the full IRI; 404 when the graph does not hold it."""
    full = Minter(get_settings(request).base).base + iri if iri.startswith("/") else iri
    graph = local_view_graph(get_store(request), full, hops)
    if full not in graph:
        raise ApiError(404, "not_found", f"{iri} is not in the graph")
    return graph, full


@router.get("/graph", response_class=HTMLResponse, summary="The citation graph of everything ingested")
def overview(request: Request, relation: Relations = None, year_from: Year = None,
             year_to: Year = None, tasks: bool = False, max_nodes: MaxNodes = None) -> HTMLResponse:
    g = load_view_graph(get_store(request))
    g = filter_view(g if tasks else collapse_tasks(g), relations=relation, years=(year_from, year_to))
    return _render(request, View(g, "vanban: citation graph"), action="/graph", tasks=tasks,
                   relations=relation, year_from=year_from, year_to=year_to, max_nodes=max_nodes)


@router.get("/graph/neighbourhood", response_class=HTMLResponse,
            summary="Documents and agencies around one node")
def around(request: Request, iri: str, depth: Annotated[int, Query(ge=1, le=3)] = 1,
           direction: Literal["both", "out", "in"] = "both", relation: Relations = None,
           year_from: Year = None, year_to: Year = None, max_nodes: MaxNodes = None) -> HTMLResponse:
    full, centre = _around(request, iri, (direction,) * depth)
    g = filter_view(full, relations=relation, years=(year_from, year_to), keep=[centre])
    label = full.nodes[centre].get("label") or centre
    view = View(neighbourhood(g, centre, depth=depth, direction=direction),
                f"Around {label} (depth {depth}, {direction})")
    return _render(request, view, centre=centre, action="/graph/neighbourhood",
                   hidden=[("iri", iri)], depth=depth, direction=direction, relations=relation,
                   year_from=year_from, year_to=year_to, max_nodes=max_nodes)


@router.get("/graph/directive", response_class=HTMLResponse,
            summary="Who must do what by when in one source text")
def directive(request: Request, source: str, max_nodes: MaxNodes = None) -> HTMLResponse:
    full, centre = _around(request, source, DIRECTIVE_HOPS)
    label = full.nodes[centre].get("label") or centre
    view = View(directive_view(full, centre), f"Tasks in {label.rsplit('/', 1)[-1]}")
    return _render(request, view, centre=centre, max_nodes=max_nodes)


@router.get("/graph/most-cited", response_class=HTMLResponse,
            summary="The most cited documents and who cites them")
def top(request: Request, n: Annotated[int, Query(ge=1, le=1000)] = 50,
        max_nodes: MaxNodes = None) -> HTMLResponse:
    view = View(most_cited(load_view_graph(get_store(request)), n), f"The {n} most cited documents")
    return _render(request, view, max_nodes=max_nodes)
