"""Closed namespaces: a typo such as ``ELI.ammends`` raises instead of minting an IRI."""
from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace, URIRef


class ELI(DefinedNamespace):
    """The European Legislation Identifier ontology (terms this project uses)."""

    _NS = Namespace("http://data.europa.eu/eli/ontology#")
    _fail = True

    LegalResource: URIRef
    LegalResourceSubdivision: URIRef
    id_local: URIRef
    title: URIRef
    type_document: URIRef
    date_document: URIRef
    passed_by: URIRef
    cites: URIRef
    cited_by: URIRef
    based_on: URIRef
    amends: URIRef
    repeals: URIRef
    changes: URIRef
    corrects: URIRef
    applies: URIRef
    is_about: URIRef


class VNL(DefinedNamespace):
    """vanban's own terms, only where no standard term fits (see ontology/vanban.ttl)."""

    _NS = Namespace("https://w3id.org/vanban/ontology#")
    _fail = True

    SourceText: URIRef
    Task: URIRef
    DraftDocument: URIRef
    UnresolvedCitation: URIRef
    Mention: URIRef
    CitationMention: URIRef
    AgencyMention: URIRef
    leadAgency: URIRef
    coordinator: URIRef
    deadline: URIRef
    dueBy: URIRef
    deadlineText: URIRef
    deliverable: URIRef
    citesDocument: URIRef
    requestsDraft: URIRef
    replaces: URIRef
    implements: URIRef
    mentions: URIRef
    mentionOf: URIRef
    relation: URIRef
    inRegistry: URIRef
    agencyCode: URIRef
    sha256: URIRef
    fileName: URIRef
    extractorVersion: URIRef
    yearEvidence: URIRef
    resolvedTo: URIRef
    year: URIRef
    taskText: URIRef
    assignedIn: URIRef
    statedIn: URIRef
    validFrom: URIRef
    validTo: URIRef


OA = Namespace("http://www.w3.org/ns/oa#")
CNT = Namespace("http://www.w3.org/2011/content#")  # cnt:chars: a source's full NFC text

PREFIXES = {
    "eli": ELI._NS, "vnl": VNL._NS, "oa": OA, "cnt": CNT, "prov": PROV, "org": ORG, "skos": SKOS,
    "dcterms": DCTERMS, "xsd": XSD, "rdf": RDF, "rdfs": RDFS, "owl": OWL,
}


def bind_prefixes(graph: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    return graph
