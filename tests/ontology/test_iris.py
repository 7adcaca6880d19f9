"""The IRI scheme: stable, data-driven, and never merging a yearless citation with a dated one."""
from __future__ import annotations

import pytest
from rdflib import RDF, Dataset, URIRef

from vanban.ingest.doctypes import load_document_types
from vanban.ingest.models import Citation
from vanban.ingest.registry import load_registry
from vanban.ontology.iris import Minter, split_symbol, type_slugs
from vanban.ontology.mapping import to_graph
from vanban.ontology.namespaces import ELI, VNL
from vanban.ontology.validate import validate_graph

from .conftest import FIXED_TIME, make_extraction, mention

BASE = "https://w3id.org/vanban"


@pytest.mark.parametrize("id_local, year, expected", [
    ("96/2014/NĐ-CP", 2014, "/eli/vn/cp/nd/2014/96"),
    ("01/NQ-CP", 2019, "/eli/vn/cp/nq/2019/1"),
    ("16/CT-TTg", 2020, "/eli/vn/ttg/ct/2020/16"),
    ("80/2015/QH13", 2015, "/eli/vn/qh13/vb/2015/80"),  # laws: no type part in the symbol
    ("1234/VPCP-KTTH", 2019, "/eli/vn/vpcp-ktth/vb/2019/1234"),
    ("03/2019/TTLT-BTC-BNV", 2019, "/eli/vn/btc-bnv/ttlt/2019/3"),
    ("96/2014/ND-CP", 2014, "/eli/vn/cp/nd/2014/96"),  # look-alike spelling, same IRI
])
def test_dated_documents(id_local, year, expected):
    assert Minter().document(id_local, None, year, source="a") == URIRef(BASE + expected)


def test_the_base_is_configurable():
    iri = Minter("http://example.org/kg/").document("96/2014/NĐ-CP", None, 2014, source="a")
    assert iri == URIRef("http://example.org/kg/eli/vn/cp/nd/2014/96")


def test_type_slugs_come_from_the_document_types_data():
    abbreviations = {a for t in load_document_types() for a in t.abbr}
    assert {"nd", "nq", "qd", "ct", "tt", "ttlt"} <= type_slugs()
    assert len(type_slugs()) == len({a.casefold().replace("đ", "d") for a in abbreviations})
    assert split_symbol("15/2020/NĐ-CP") == ("15", "2020", "nd", "cp")


def test_a_yearless_citation_is_scoped_to_its_source():
    minter = Minter()
    a = minter.document("01/NQ-CP", None, None, source="text-a")
    b = minter.document("01/NQ-CP", None, None, source="text-b")
    dated = minter.document("01/NQ-CP", None, 2019, source="text-a")
    assert len({a, b, dated}) == 3
    assert "/id/unresolved/text-a/" in a


def test_name_only_citations():
    minter = Minter()
    assert minter.document(None, "Luật Đầu tư", 2020, source="a").endswith("/id/work/luat-dau-tu/2020")
    assert "/id/unresolved/a/work/luat-dau-tu" in minter.document(None, "Luật Đầu tư", None, source="a")


def test_every_registry_agency_gets_its_own_iri():
    keys = [e.key for e in load_registry().entries]
    assert len({Minter().agency(k, k) for k in keys}) == len(set(keys))


def _union(*extractions) -> Dataset:
    dataset = Dataset()
    for ext in extractions:
        graph = dataset.graph(Minter().source(ext.source.name))
        graph += to_graph(ext, Minter(), ingested_at=FIXED_TIME)
    return dataset


def test_the_same_document_cited_from_two_sources_has_one_iri():
    a, b = make_extraction("text-a"), make_extraction("text-b")
    dataset = _union(a, b)
    cited = {URIRef(str(g.identifier)): set(g.objects(None, ELI.cites)) for g in dataset.graphs()
             if len(g)}
    shared = set.intersection(*cited.values())
    assert URIRef(BASE + "/eli/vn/cp/nd/2014/96") in shared


def test_a_yearless_and_a_dated_citation_of_one_symbol_stay_apart():
    """01/NQ-CP without a year in one text and 01/NQ-CP of 2019 in another: two nodes."""
    dated = Citation("01/NQ-CP", None, 2019, (mention("Nghị quyết số 01/NQ-CP"),),
                     doc_type="nghi-quyet", issuer="CP", year_evidence="other-mention")
    a, b = make_extraction("text-a"), make_extraction("text-b", citations=(dated,))
    union = _union(a, b)
    flat = union.graph(URIRef("urn:union"))
    for g in list(union.graphs()):
        flat += g
    nodes = set(flat.subjects(ELI.id_local, None))
    same_symbol = {n for n in nodes if str(flat.value(n, ELI.id_local)) == "01/NQ-CP"}
    assert len(same_symbol) == 2
    unresolved = {n for n in same_symbol if (n, RDF.type, VNL.UnresolvedCitation) in flat}
    assert len(unresolved) == 1 and flat.value(next(iter(unresolved)), VNL.year) is None
    assert validate_graph(flat).conforms  # the union still passes: nothing was merged
