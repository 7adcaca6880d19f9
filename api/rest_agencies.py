"""JSON API: agencies (aliases, validity, tasks, overdue tasks) and tasks with filters."""
from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request

from vanban.ontology.iris import Minter

from . import resources as res
from .deps import get_settings, get_store
from .errors import ApiError
from .listing import CONTEXT_URL, document_pattern, page, sparql_string
from .search import fold

router = APIRouter()
Code = Annotated[str, Path(pattern=r"^[a-z0-9.-]{1,80}$")]
Role = Annotated[Literal["lead", "coordinator", "any"], Query(description="Agency's role")]
Day = Annotated[date | None, Query(description="ISO date, e.g. 2019-12-31")]
Limit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
# How the registry graph (ontology/registry.py) records an agency's validity and successor.
_DETAILS = {"vnl:agencyCode": "code", "vnl:inRegistry": "in_registry", "skos:altLabel": "aliases"}
_LIFECYCLE = {"validFrom": "vnl:validFrom", "validUntil": "vnl:validTo",
              "successor": "dcterms:isReplacedBy"}


def _task_item(row: dict) -> dict:
    return {"id": row["task"], "kind": "vnl:Task", "text": row["text"],
            "deadline": row["deadline"], "due": row["due"],
            "deadline_text": row["deadline_text"], "source": row["source"],
            "span": [int(row["start"]), int(row["end"])],
            "lead": [x for x in (row["leads"] or "").split(" | ") if x],
            "coordinators": [x for x in (row["coordinators"] or "").split(" | ") if x]}


def _due_filter(due_from: date | None, due_to: date | None, before: date | None = None) -> str:
    parts = [f'?due >= "{due_from.isoformat()}"^^xsd:date' if due_from else "",
             f'?due <= "{due_to.isoformat()}"^^xsd:date' if due_to else "",
             f'?due < "{before.isoformat()}"^^xsd:date' if before else ""]
    parts = [p for p in parts if p]
    return f"FILTER(BOUND(?due) && {' && '.join(parts)})" if parts else ""


def _agency_iri(request: Request, code: str) -> str:
    iri = f"{Minter(get_settings(request).base).base}/id/agency/{code}"
    if not res.properties(get_store(request), iri):
        raise ApiError(404, "not_found", f"no agency {code!r}")
    return iri


@router.get("/agencies", summary="Agencies named in the graph, optionally filtered by name")
def agencies(request: Request, q: Annotated[str | None, Query(max_length=200)] = None,
             limit: Limit = 100, offset: Offset = 0) -> dict:
    store, minter = get_store(request), Minter(get_settings(request).base)
    if store.index:  # labels from the index; the rest read from one graph per agency
        named = store.index.agency_labels(f"{minter.base}/id/agency/")
        wanted = named if q else named[offset:offset + limit]
        details = _agency_details(store, [iri for iri, _ in wanted], str(minter.registry()))
        found = [{"agency": iri, "label": label, **details[iri]}
                 for iri, label in wanted if iri in details]
    else:
        found = _queried_agencies(store)
    if q:
        words = fold(q).split()
        found = [r for r in found
                 if all(w in fold(f"{r['label']} {' '.join(r['aliases'])} {r['code'] or ''}")
                        for w in words)]
    items = [{"id": r["agency"], "kind": "org:Organization", "label": r["label"],
              "code": r["code"], "path_code": r["agency"].rsplit("/", 1)[-1],
              "in_registry": r["in_registry"] == "true", "aliases": r["aliases"]}
             for r in found]
    if store.index and not q:
        return page(request, items, len(named), limit, offset)
    return page(request, items[offset:offset + limit], len(items), limit, offset)


def _queried_agencies(store) -> list[dict]:
    """Every agency, each property DISTINCT on its own before the join: over the union graph
    an agency's triples repeat once per text naming it, and joining them first multiplies."""
    found = res.rows(store, """
SELECT ?agency ?label ?code ?in_registry (GROUP_CONCAT(?alt; separator=" | ") AS ?aliases) WHERE {
  { SELECT DISTINCT ?agency WHERE { ?agency a org:Organization } }
  { SELECT DISTINCT ?agency ?label WHERE { ?agency skos:prefLabel ?label
                                           FILTER(!LANGMATCHES(LANG(?label), "en")) } }
  OPTIONAL { SELECT DISTINCT ?agency ?code WHERE { ?agency vnl:agencyCode ?code } }
  OPTIONAL { SELECT DISTINCT ?agency ?in_registry WHERE { ?agency vnl:inRegistry ?in_registry } }
  OPTIONAL { SELECT DISTINCT ?agency ?alt WHERE { ?agency skos:altLabel ?alt } }
} GROUP BY ?agency ?label ?code ?in_registry ORDER BY ?label ?agency""")
    return [{**r, "aliases": sorted({a for a in (r["aliases"] or "").split(" | ") if a})}
            for r in found]


def _agency_details(store, iris: list[str], registry: str) -> dict[str, dict]:
    """Code, registry flag and aliases of each agency, read from the registry graph or else
    from one graph that types it (an agency absent from every graph is left out)."""
    if not iris:
        return {}
    values = " ".join(res.iri_ref(i) for i in iris)
    graphs = {r["a"]: registry for r in res.rows(store, f"""SELECT DISTINCT ?a WHERE {{
  VALUES ?a {{ {values} }} GRAPH {res.iri_ref(registry)} {{ ?a a org:Organization }} }}""")}
    for iri in iris:
        if iri not in graphs:  # LIMIT 1: the first graph found, not all that name it
            found = res.rows(store, f"SELECT ?g WHERE {{ GRAPH ?g {{ {res.iri_ref(iri)} a "
                                    f"org:Organization }} }} LIMIT 1")
            if found:
                graphs[iri] = found[0]["g"]
    details = {iri: {"code": None, "in_registry": None, "aliases": set()} for iri in graphs}
    pairs = " ".join(f"({res.iri_ref(a)} {res.iri_ref(g)})" for a, g in graphs.items())
    branches = " UNION ".join(f'{{ ?a {p} ?o BIND("{key}" AS ?k) }}' for p, key in _DETAILS.items())
    for r in res.rows(store, f"""SELECT ?a ?k ?o WHERE {{ VALUES (?a ?g) {{ {pairs} }}
  GRAPH ?g {{ {branches} }} }}"""):
        if r["k"] == "aliases":
            details[r["a"]]["aliases"].add(r["o"])
        else:
            details[r["a"]][r["k"]] = r["o"]
    return {iri: {**d, "aliases": sorted(d["aliases"])} for iri, d in details.items()}


@router.get("/agencies/{code}", summary="One agency: names, aliases, validity, successor, tasks")
def agency(request: Request, code: Code) -> dict:
    iri = _agency_iri(request, code)
    store = get_store(request)
    props = res.properties(store, iri)
    this = res.iri_ref(iri)
    counts = res.rows(store, f"""SELECT (COUNT(DISTINCT ?l) AS ?lead) (COUNT(DISTINCT ?c) AS ?coord)
WHERE {{ {{ ?l vnl:leadAgency {this} }} UNION {{ ?c vnl:coordinator {this} }} }}""")[0]
    lifecycle = {key: res.first(props, predicate) for key, predicate in _LIFECYCLE.items()}
    return {"@context": CONTEXT_URL, "id": iri, "kind": "org:Organization",
            **res.labels(store, iri), "aliases": props.get("skos:altLabel", []),
            "code": res.first(props, "vnl:agencyCode"), **lifecycle,
            "tasks_led": int(counts["lead"]), "tasks_coordinated": int(counts["coord"]),
            "properties": props}


@router.get("/agencies/{code}/tasks", summary="Tasks an agency leads or coordinates")
def agency_tasks(request: Request, code: Code, role: Role = "any", due_from: Day = None,
                 due_to: Day = None, limit: Limit = 100, offset: Offset = 0) -> dict:
    iri = _agency_iri(request, code)
    found = res.agency_tasks(get_store(request), iri, role, _due_filter(due_from, due_to),
                             limit=limit, offset=offset)
    return {"@context": CONTEXT_URL, "agency": iri, "role": role,
            "items": [_task_item(r) for r in found]}


@router.get("/agencies/{code}/overdue", summary="Tasks whose deadline passed before a date")
def overdue(request: Request, code: Code, as_of: Day = None, role: Role = "lead",
            limit: Limit = 100, offset: Offset = 0) -> dict:
    """The graph records deadlines, not completion: overdue means due before ``as_of``."""
    iri = _agency_iri(request, code)
    as_of = as_of or date.today()
    found = res.agency_tasks(get_store(request), iri, role, _due_filter(None, None, as_of),
                             limit=limit, offset=offset)
    return {"@context": CONTEXT_URL, "agency": iri, "as_of": as_of.isoformat(),
            "items": [_task_item(r) for r in found]}


@router.get("/tasks", summary="Tasks filtered by agency, deadline range, cited document, source")
def tasks(request: Request,
          agency: Annotated[str | None, Query(pattern=r"^[a-z0-9.-]{1,80}$")] = None,
          role: Role = "any", due_from: Day = None, due_to: Day = None,
          cites: Annotated[str | None, Query(max_length=300, description="Symbol or IRI")] = None,
          source: Annotated[str | None, Query(max_length=300, description="Name or IRI")] = None,
          limit: Limit = 100, offset: Offset = 0) -> dict:
    base = Minter(get_settings(request).base)
    patterns = []
    if agency:
        patterns.append(res.role_pattern(f"{base.base}/id/agency/{agency}", role))
    if cites:
        patterns.append(_cites_pattern(request, cites))
    if source:
        iri = source if "://" in source else str(base.source(source))
        patterns.append(f"?task vnl:assignedIn {res.iri_ref(iri)} .")
    found = res.task_rows(get_store(request), "\n".join(patterns),
                          extra=_due_filter(due_from, due_to), limit=limit, offset=offset)
    return {"@context": CONTEXT_URL, "items": [_task_item(r) for r in found]}


def _cites_pattern(request: Request, cites: str) -> str:
    if "://" in cites:
        return f"?task vnl:citesDocument {res.iri_ref(cites)} ."
    regex = document_pattern(get_settings(request).base, symbol=cites)
    return f"?task vnl:citesDocument ?cited . FILTER(REGEX(STR(?cited), {sparql_string(regex)}))"


@router.get("/tasks/{source}/{n}", summary="One task")
def task(request: Request, source: Annotated[str, Path(pattern=r"^[a-z0-9.-]{1,200}$")],
         n: Annotated[int, Path(ge=1, le=1_000_000)]) -> dict:
    iri = f"{Minter(get_settings(request).base).base}/id/task/{source}/{n}"
    found = res.task_rows(get_store(request), f"VALUES ?task {{ {res.iri_ref(iri)} }}")
    if not found:
        raise ApiError(404, "not_found", f"no task {source}/{n}")
    cited = res.rows(get_store(request),
                     f"SELECT ?doc WHERE {{ {res.iri_ref(iri)} vnl:citesDocument ?doc }}")
    return {"@context": CONTEXT_URL, **_task_item(found[0]),
            "cites": [r["doc"] for r in cited]}
