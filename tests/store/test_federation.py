"""A folder store never federates: a query using SERVICE is refused, and no request leaves.

The SERVICE endpoint in these tests is a real loopback server that answers SPARQL JSON and
records every request, so a query that slipped through would show as a request received.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from cmo.exceptions import StoreError
from cmo.store import open_store
from cmo.store.embedded import EmbeddedStore
from cmo.store.federation import find_service

from ..test_bad_input import run_cmo
from .conftest import QuietHandler, address, loopback

EX = "https://example.org/"
DATA = f'<{EX}c1> <{EX}label> "Trust" .\n'.encode()


@dataclass
class Endpoint:
    url: str
    requests: list[str] = field(default_factory=list)


class _SparqlHandler(QuietHandler):
    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.server.endpoint.requests.append(self.path)  # type: ignore[attr-defined]
        body = b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"1"}}]}}'
        self.answer(200, body, "application/sparql-results+json")

    do_GET = do_POST = _answer


@pytest.fixture
def endpoint() -> Iterator[Endpoint]:
    with loopback(_SparqlHandler) as server:
        server.endpoint = Endpoint(f"{address(server)}/sparql")  # type: ignore[attr-defined]
        yield server.endpoint  # type: ignore[attr-defined]


@pytest.fixture
def folder_store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    with EmbeddedStore(tmp_path / "store") as store:
        store.put_graph(f"{EX}theory/1", DATA)
        yield store


def refusal(folder: Path, form: str, line: int, column: int) -> str:
    return (f"{folder}: federated queries are off for a local store, and the {form} query uses "
            f"SERVICE (line {line}, column {column}): it would send the query, and the data "
            "it has matched, to another server (run it without SERVICE)")


# Each query uses SERVICE, spelt as SPARQL allows; {url} is the loopback endpoint.
FEDERATED = {
    "upper case": ("SELECT * WHERE { SERVICE <{url}> { ?x ?p ?o } }", 1, 18),
    "lower case, no spaces": ("SELECT * WHERE {?s ?p ?o.service<{url}>{?x ?p ?o}}", 1, 26),
    "mixed case, silent": ("SELECT * WHERE {\n  SeRvIcE SILENT <{url}> { ?x ?p ?o }\n}", 2, 3),
    "after a number and a dot": ("SELECT * WHERE { ?s ?p 1.SERVICE <{url}> { ?x ?p ?o } }", 1, 26),
    "endpoint from a variable": (
        "SELECT * WHERE { SERVICE ?e { ?x ?p ?o } } VALUES ?e { <{url}> }", 1, 18),
    "after a comment and a string": (
        '# no SERVICE here\nSELECT * WHERE { ?s ?p "SERVICE <x> {}" . SERVICE <{url}> {} }', 2, 43),
    "in a subquery": (
        "SELECT * WHERE { { SELECT ?x WHERE { service <{url}> { ?x ?p ?o } } } }", 1, 38),
    "after a prefixed name": (
        "PREFIX ex: <https://example.org/>\nSELECT * WHERE { ?s ex:p ex:o . SERVICE <{url}> {} }",
        2, 33),
}


@pytest.mark.parametrize("name", sorted(FEDERATED))
def test_service_is_refused_and_no_request_leaves(
    folder_store: EmbeddedStore, endpoint: Endpoint, tmp_path: Path, name: str
) -> None:
    template, line, column = FEDERATED[name]
    query = template.replace("{url}", endpoint.url)
    with pytest.raises(StoreError) as caught:
        folder_store.select(query)
    assert str(caught.value) == refusal(tmp_path / "store", "SELECT", line, column)
    assert endpoint.requests == []


def test_service_is_refused_in_ask_and_construct(
    folder_store: EmbeddedStore, endpoint: Endpoint, tmp_path: Path
) -> None:
    with pytest.raises(StoreError) as asked:
        folder_store.ask(f"ASK {{ SERVICE <{endpoint.url}> {{ ?s ?p ?o }} }}")
    with pytest.raises(StoreError) as constructed:
        folder_store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{endpoint.url}> {{ ?s ?p ?o }} }}")
    assert str(asked.value) == refusal(tmp_path / "store", "ASK", 1, 7)
    assert str(constructed.value) == refusal(tmp_path / "store", "CONSTRUCT or DESCRIBE", 1, 32)
    assert endpoint.requests == []


# Queries holding the word where it is not the keyword: they run, and send nothing.
NOT_FEDERATED = {
    "variables": "SELECT ?service $SERVICE WHERE { ?service ?p ?o }",
    "prefixed names": "PREFIX service: <https://example.org/>\n"
                      "SELECT * WHERE { ?s service:label ?o . ?s ?p service:SERVICE }",
    "local name with a dot": "PREFIX ex: <https://example.org/>\nSELECT * WHERE { ?s ?p ex:a.service }",
    "blank node label": "SELECT * WHERE { _:service ?p ?o }",
    "strings": "SELECT * WHERE { ?s ?p ?o FILTER(?o != 'SERVICE' && ?o != \"service <x> {}\") }",
    "long strings": "SELECT * WHERE { ?s ?p ?o FILTER(?o != '''a ' SERVICE''' && "
                    "?o != \"\"\"b \"\" \nSERVICE <x> {}\"\"\") }",
    "escaped quotes": "SELECT * WHERE { ?s ?p ?o FILTER(?o != \"\\\" SERVICE\") }",
    "IRIs": "SELECT * WHERE { ?s <https://example.org/service> ?o . "
            "?s ?p <urn:x:SERVICE\\u0041> }",
    "comments": "# SERVICE <https://example.org/sparql> {}\nSELECT * WHERE { ?s ?p ?o } # service",
    "language tag": "SELECT * WHERE { ?s ?p ?o FILTER(?o != \"x\"@service) }",
    "less than": "SELECT * WHERE { ?s ?p ?o FILTER(1<2 && 2 > 1) }",
    "longer words": "SELECT (STR(?s) AS ?services) WHERE { ?s ?p ?o } ORDER BY ?services",
}


@pytest.mark.parametrize("name", sorted(NOT_FEDERATED))
def test_the_word_elsewhere_is_not_the_keyword(
    folder_store: EmbeddedStore, endpoint: Endpoint, name: str
) -> None:
    query = NOT_FEDERATED[name]
    assert find_service(query) is None
    folder_store.select(query)  # runs: pyoxigraph parses it, and finds no SERVICE either
    assert endpoint.requests == []


def test_the_endpoint_would_be_asked_without_the_refusal(endpoint: Endpoint) -> None:
    # The reason for the refusal: pyoxigraph itself sends SERVICE patterns out.
    import pyoxigraph

    rows = list(pyoxigraph.Store().query(f"SELECT * WHERE {{ SERVICE <{endpoint.url}> {{ ?x ?p ?o }} }}"))
    assert len(rows) == 1
    assert endpoint.requests == ["/sparql"]


def test_cli_refuses_service_on_a_folder(tmp_path: Path, endpoint: Endpoint) -> None:
    folder = tmp_path / "store"
    with open_store(folder) as store:
        store.put_graph(f"{EX}theory/1", DATA)
    query = f"SELECT * WHERE {{ SERVICE <{endpoint.url}> {{ ?x ?p ?o }} }}"
    result = run_cmo("store", "query", "--store", folder, query)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == f"Error: {refusal(folder, 'SELECT', 1, 18)}\n"
    assert endpoint.requests == []


def test_cli_help_says_service_is_refused() -> None:
    result = run_cmo("store", "query", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert ("On a folder store, SERVICE (a federated query) is refused: it would send the query, "
            "and the data it has matched, to another server. A SPARQL server applies its own "
            "policy to SERVICE.") in text
