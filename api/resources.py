"""Read one resource (document, source text, agency, task) out of the graph as plain dicts.

Shared by the linked-data pages and the JSON API. IRIs come from request
paths, so they are checked before being put into a query.
"""
from __future__ import annotations

from vanban.graph.sparql import QuerySyntaxError, is_iri, select_rows
from vanban.graph.store import Store
from vanban.ontology.namespaces import PREFIXES

from .errors import ApiError

PREFIX_HEADER = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items()) + \
    "PREFIX cnt: <http://www.w3.org/2011/content#>\n"
KINDS = {  # rdf:type (as a prefixed name) -> resource kind
    "vnl:SourceText": "source", "eli:LegalResource": "document", "org:Organization": "agency",
    "vnl:Task": "task", "vnl:DraftDocument": "draft", "vnl:CitationMention": "mention",
}


def iri_ref(iri: str) -> str:
    """``<iri>`` for a query, or 400 when the string is no IRI (nothing goes in raw)."""
    if not is_iri(iri):
        raise ApiError(400, "bad_iri", f"not an absolute IRI: {iri!r}")
    return f"<{iri}>"


def rows(store: Store, query: str) -> list[dict[str, str | None]]:
    try:
        names, values = select_rows(store, PREFIX_HEADER + query)
    except (SyntaxError, QuerySyntaxError) as exc:  # an IRI or value the parser refuses
        raise ApiError(400, "bad_request", f"cannot query for that: {exc}") from None
    return [dict(zip(names, row)) for row in values]


def compact(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(str(ns)):
            return f"{prefix}:{iri[len(str(ns)):]}"
    return iri


def relation_name(predicate: str | None) -> str:
    """``http://data.europa.eu/eli/ontology#amends`` -> ``amends`` (for labels and CSS)."""
    return predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if predicate else "cites"


def properties(store: Store, iri: str) -> dict[str, list[str]]:
    """Outgoing properties as {prefixed predicate: [values]} (sorted, for stable output)."""
    out: dict[str, list[str]] = {}
    for row in rows(store, f"SELECT ?p ?o WHERE {{ {iri_ref(iri)} ?p ?o }}"):
        out.setdefault(compact(row["p"]), []).append(row["o"])
    # The union default graph repeats a triple once per source graph holding it.
    return {k: sorted(set(v)) for k, v in sorted(out.items())}


def labels(store: Store, iri: str) -> dict[str, str | None]:
    """``{"label": Vietnamese prefLabel, "label_en": English one}``."""
    this = iri_ref(iri)
    found = rows(store, f"""SELECT ?label ?en WHERE {{
  OPTIONAL {{ {this} skos:prefLabel ?label FILTER(!LANGMATCHES(LANG(?label), "en")) }}
  OPTIONAL {{ {this} skos:prefLabel ?en FILTER(LANGMATCHES(LANG(?en), "en")) }}
}} LIMIT 1""")
    return {"label": found[0]["label"], "label_en": found[0]["en"]} if found else \
        {"label": None, "label_en": None}


def kind_of(props: dict[str, list[str]]) -> str | None:
    types = {compact(t) for t in props.get("rdf:type", [])}
    return next((kind for t, kind in KINDS.items() if t in types), None)


def first(props: dict[str, list[str]], key: str) -> str | None:
    values = props.get(key)
    return values[0] if values else None


def document_links(store: Store, iri: str) -> dict[str, list[dict]]:
    """Who cites a document (with relation and the quoted words), tasks citing it, amendments."""
    this = iri_ref(iri)
    cited_by = rows(store, f"""
SELECT ?source ?name ?title ?relation ?quote ?start WHERE {{
  ?m vnl:mentionOf {this} ; vnl:relation ?relation ; oa:hasSource ?source ;
     oa:hasSelector/oa:start ?start ; oa:hasSelector/oa:exact ?quote .
  OPTIONAL {{ ?source vnl:fileName ?name }} OPTIONAL {{ ?source dcterms:title ?title }}
}} ORDER BY ?source ?start""")
    for row in cited_by:
        row["relation"], row["start"] = relation_name(row["relation"]), int(row["start"])
    tasks = task_rows(store, f"?task vnl:citesDocument {this} .")
    amended_by = rows(store, f"SELECT DISTINCT ?by WHERE {{ ?by eli:amends+ {this} }} ORDER BY ?by")
    amends = rows(store, f"SELECT DISTINCT ?of WHERE {{ {this} eli:amends+ ?of }} ORDER BY ?of")
    return {"cited_by": cited_by, "tasks": tasks, "amended_by": amended_by, "amends": amends}


def source_links(store: Store, iri: str) -> dict[str, list[dict]]:
    """What a source text cites (mentions with spans), its tasks and the agencies it names."""
    this = iri_ref(iri)
    mentions = rows(store, f"""
SELECT ?doc ?id ?title ?relation ?quote ?start ?end WHERE {{
  ?m a vnl:CitationMention ; oa:hasSource {this} ; vnl:mentionOf ?doc ;
     oa:hasSelector/oa:start ?start ; oa:hasSelector/oa:end ?end ; oa:hasSelector/oa:exact ?quote .
  OPTIONAL {{ ?m vnl:relation ?relation }}
  OPTIONAL {{ ?doc eli:id_local ?id }} OPTIONAL {{ ?doc eli:title ?title }}
}} ORDER BY ?start""")
    for row in mentions:
        row["relation"] = relation_name(row["relation"])
        row["start"], row["end"] = int(row["start"]), int(row["end"])
    tasks = task_rows(store, f"?task vnl:assignedIn {this} .")
    agencies = rows(store, f"""
SELECT ?agency ?label ?code WHERE {{
  {this} vnl:mentions ?agency . ?agency skos:prefLabel ?label .
  FILTER(!LANGMATCHES(LANG(?label), "en"))
  OPTIONAL {{ ?agency vnl:agencyCode ?code }}
}} ORDER BY ?label""")
    agency_spans = rows(store, f"""
SELECT ?agency ?start ?end WHERE {{
  ?m a vnl:AgencyMention ; oa:hasSource {this} ; vnl:mentionOf ?agency ;
     oa:hasSelector/oa:start ?start ; oa:hasSelector/oa:end ?end .
}}""")
    return {"cites": mentions, "tasks": tasks, "agencies": agencies, "agency_spans": agency_spans}


def task_rows(store: Store, pattern: str, *, extra: str = "", limit: int = 1000,
              offset: int = 0) -> list[dict]:
    """Tasks matching a graph pattern on ?task, with leads and coordinators joined by ' | '."""
    return rows(store, f"""
SELECT ?task ?text ?deadline ?due ?deadline_text ?source ?start ?end
       (GROUP_CONCAT(DISTINCT ?lead_label; separator=" | ") AS ?leads)
       (GROUP_CONCAT(DISTINCT ?coord_label; separator=" | ") AS ?coordinators) WHERE {{
  {pattern}
  ?task a vnl:Task ; vnl:taskText ?text ; vnl:assignedIn ?source ;
        vnl:statedIn/oa:hasSelector ?pos . ?pos oa:start ?start ; oa:end ?end .
  OPTIONAL {{ ?task vnl:deadline ?deadline }} OPTIONAL {{ ?task vnl:dueBy ?due }}
  OPTIONAL {{ ?task vnl:deadlineText ?deadline_text }}
  OPTIONAL {{ ?task vnl:leadAgency/skos:prefLabel ?lead_label
             FILTER(!LANGMATCHES(LANG(?lead_label), "en")) }}
  OPTIONAL {{ ?task vnl:coordinator/skos:prefLabel ?coord_label
             FILTER(!LANGMATCHES(LANG(?coord_label), "en")) }}
  {extra}
}} GROUP BY ?task ?text ?deadline ?due ?deadline_text ?source ?start ?end
ORDER BY ?due ?task LIMIT {int(limit)} OFFSET {int(offset)}""")


def agency_tasks(store: Store, iri: str, role: str, extra: str = "", *, limit: int = 1000,
                 offset: int = 0) -> list[dict]:
    """Tasks an agency leads ("lead"), coordinates ("coordinator") or either ("any")."""
    return task_rows(store, role_pattern(iri, role), extra=extra, limit=limit, offset=offset)


def role_pattern(iri: str, role: str) -> str:
    """The graph pattern binding ?task to tasks the agency ``iri`` has ``role`` in."""
    this = iri_ref(iri)
    return {"lead": f"?task vnl:leadAgency {this} .",
            "coordinator": f"?task vnl:coordinator {this} .",
            "any": f"{{ ?task vnl:leadAgency {this} }} UNION {{ ?task vnl:coordinator {this} }}"}[role]


def source_text(store: Store, iri: str) -> str | None:
    found = rows(store, f"SELECT ?text WHERE {{ {iri_ref(iri)} cnt:chars ?text }} LIMIT 1")
    return found[0]["text"] if found else None


def describe_query(iri: str) -> str:
    """The CONSTRUCT that serves a resource's RDF description: its triples both ways."""
    this = iri_ref(iri)
    return f"CONSTRUCT {{ {this} ?p ?o . ?s ?q {this} }} " \
           f"WHERE {{ {{ {this} ?p ?o }} UNION {{ ?s ?q {this} }} }}"
