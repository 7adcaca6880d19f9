"""Run the SHACL shapes (shapes.ttl) over one graph and report violations readably."""
from __future__ import annotations

import functools
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from .namespaces import PREFIXES, bind_prefixes
from .registry import read_resource


@dataclass(frozen=True, slots=True)
class Violation:
    focus: str
    path: str | None
    message: str
    value: str | None
    severity: str

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        value = f" (value: {self.value})" if self.value is not None else ""
        return f"{self.severity}: {self.focus}{where}: {self.message}{value}"


@dataclass(frozen=True, slots=True)
class Report:
    graph: str | None
    triples: int
    violations: tuple[Violation, ...]

    @property
    def conforms(self) -> bool:
        return not any(v.severity == "Violation" for v in self.violations)


@functools.cache
def shapes() -> Graph:
    return Graph().parse(data=read_resource("shapes.ttl"), format="turtle")


def _short(term: object) -> str:
    """Prefixed name for IRIs in known namespaces, N3 for everything else."""
    text = str(term)
    if isinstance(term, URIRef):
        for prefix, ns in PREFIXES.items():
            if text.startswith(str(ns)) and "/" not in text[len(str(ns)):]:
                return f"{prefix}:{text[len(str(ns)):]}"
        return f"<{text}>"
    return term.n3(_prefixed().namespace_manager) if hasattr(term, "n3") else text


@functools.cache
def _prefixed() -> Graph:
    return bind_prefixes(Graph())


def validate_graph(graph: Graph, name: str | None = None) -> Report:
    """Validate one graph (a source graph or the registry graph) against the shapes."""
    from pyshacl import validate  # heavy import; only validation needs it

    _, results, _ = validate(graph, shacl_graph=shapes(), inference="none",
                             advanced=False, allow_warnings=True)
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        path, value = results.value(result, SH.resultPath), results.value(result, SH.value)
        message = results.value(result, SH.resultMessage) or results.value(
            result, SH.sourceConstraintComponent)
        violations.append(Violation(
            focus=_short(results.value(result, SH.focusNode)),
            path=_short(path) if path is not None else None,
            message=str(message),
            value=_short(value) if value is not None else None,
            severity=str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]))
    violations.sort(key=lambda v: (v.focus, v.path or "", v.message))
    return Report(graph=name or str(graph.identifier), triples=len(graph),
                  violations=tuple(violations))


def format_report(report: Report) -> str:
    """``graph <g>: N triples, ok`` or one line per violation under the graph's line."""
    head = f"graph <{report.graph}>: {report.triples} triples, "
    if not report.violations:
        return head + "conforms"
    lines = [head + f"{len(report.violations)} problem(s)"]
    lines += [f"  {v}" for v in report.violations]
    return "\n".join(lines)
