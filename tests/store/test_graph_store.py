"""The graph store layer against real stores: a pyoxigraph folder and an Oxigraph server."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from cmo.exceptions import StoreError
from cmo.store import open_store
from cmo.store.base import GraphStore, SelectResult
from cmo.store.embedded import EmbeddedStore
from cmo.store.remote import RemoteStore
from cmo.store.transport import TOKEN_VARIABLE

from .conftest import PASSWORD, TOKEN, USER, AuthServer, free_port

EX = "https://example.org/"
G1 = f"{EX}theory/1"
G2 = f"{EX}theory/2"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"

# Non-ASCII, emoji, a newline, quotes and a backslash in literals; a language tag, a datatype
# and a blank node: everything N-Triples has to escape or carry.
TRICKY = (
    f'<{EX}c1> <{LABEL}> "Vertrauen, café, 信頼 and 🤝" .\n'
    f'<{EX}c1> <{EX}quote> "She said \\"it helps\\"\\nthen left \\\\ twice" .\n'
    f'<{EX}c1> <{EX}note> "bonjour"@fr .\n'
    f'<{EX}c1> <{EX}weight> "0.5"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n'
    f"<{EX}c1> <{EX}part> _:m .\n"
    f'_:m <{LABEL}> "mechanism" .\n'
).encode()
SECOND = f'<{EX}c2> <{LABEL}> "Isolation" .\n'.encode()


def triples(ntriples: bytes) -> rdflib.Graph:
    return rdflib.Graph().parse(data=ntriples.decode("utf-8"), format="nt")


def same_triples(left: bytes, right: bytes) -> bool:
    """Equal up to blank-node names, as the store renames blank nodes."""
    return isomorphic(triples(left), triples(right))


# -- graphs ---------------------------------------------------------------------------------


def test_put_get_round_trip_keeps_every_term(graph_store: GraphStore) -> None:
    graph_store.put_graph(G1, TRICKY)
    got = graph_store.get_graph(G1)
    assert same_triples(got, TRICKY)
    literals = {str(o) for _, _, o in triples(got) if isinstance(o, rdflib.Literal)}
    assert "Vertrauen, café, 信頼 and 🤝" in literals
    assert 'She said "it helps"\nthen left \\ twice' in literals


def test_graphs_lists_sorted_and_has_graph(graph_store: GraphStore) -> None:
    assert graph_store.graphs() == []
    graph_store.put_graph(G2, SECOND)
    graph_store.put_graph(G1, TRICKY)
    assert graph_store.graphs() == [G1, G2]
    assert graph_store.has_graph(G1)
    assert not graph_store.has_graph(f"{EX}theory/3")


def test_empty_graph_is_a_graph(graph_store: GraphStore) -> None:
    graph_store.put_graph(G1, b"")
    assert graph_store.has_graph(G1)
    assert graph_store.graphs() == [G1]
    assert graph_store.get_graph(G1).strip() == b""


def test_existing_graph_is_refused_without_replace(graph_store: GraphStore) -> None:
    graph_store.put_graph(G1, TRICKY)
    with pytest.raises(StoreError) as caught:
        graph_store.put_graph(G1, SECOND)
    assert str(caught.value) == (
        f"{graph_store.location}: already holds the graph <{G1}> (use --replace to overwrite it)"
    )
    assert same_triples(graph_store.get_graph(G1), TRICKY)


def test_replace_overwrites_the_whole_graph(graph_store: GraphStore) -> None:
    graph_store.put_graph(G1, TRICKY)
    graph_store.put_graph(G1, SECOND, replace=True)
    assert same_triples(graph_store.get_graph(G1), SECOND)
    assert graph_store.graphs() == [G1]


def test_invalid_data_leaves_the_store_as_it_was(graph_store: GraphStore) -> None:
    graph_store.put_graph(G1, TRICKY)
    broken = SECOND + b'<https://example.org/c3> <https://example.org/p> "unterminated .\n'
    with pytest.raises(StoreError) as caught:
        graph_store.put_graph(G1, broken, replace=True)
    assert graph_store.location in str(caught.value)
    assert "unterminated" not in str(caught.value)
    assert same_triples(graph_store.get_graph(G1), TRICKY)
    with pytest.raises(StoreError):
        graph_store.put_graph(G2, broken)
    assert graph_store.graphs() == [G1]


def test_delete_graph(graph_store: GraphStore) -> None:
    graph_store.put_graph(G1, TRICKY)
    graph_store.put_graph(G2, SECOND)
    graph_store.delete_graph(G1)
    assert graph_store.graphs() == [G2]
    assert not graph_store.has_graph(G1)
    assert not graph_store.ask(f"ASK {{ <{EX}c1> ?p ?o }}")
    with pytest.raises(StoreError, match="no such graph"):
        graph_store.delete_graph(G1)
    graph_store.delete_graph(G1, missing_ok=True)


def test_missing_graph_is_an_error_naming_it(graph_store: GraphStore) -> None:
    with pytest.raises(StoreError) as caught:
        graph_store.get_graph(G1)
    message = str(caught.value)
    assert message.startswith(f"{graph_store.location}: ")
    assert f"no such graph <{G1}>" in message
    if isinstance(graph_store, RemoteStore):
        assert "HTTP 404" in message


def test_graph_name_must_be_an_absolute_iri(graph_store: GraphStore) -> None:
    with pytest.raises(StoreError, match="is not an absolute IRI"):
        graph_store.put_graph("theory one", SECOND)
    with pytest.raises(StoreError, match="is not an absolute IRI"):
        graph_store.has_graph("https://example.org/a>b")


# -- queries --------------------------------------------------------------------------------


def test_select_sees_the_union_of_named_graphs(graph_store: GraphStore) -> None:
    graph_store.put_graph(G1, TRICKY)
    graph_store.put_graph(G2, SECOND)
    rows = graph_store.select(
        f"SELECT ?label ?concept ?missing WHERE {{ ?concept <{LABEL}> ?label "
        f"FILTER(isIRI(?concept)) OPTIONAL {{ ?concept <{EX}nothing> ?missing }} }} "
        "ORDER BY ?label"
    )
    assert isinstance(rows, SelectResult)
    assert rows.variables == ("label", "concept", "missing")
    assert rows == [
        {"label": "Isolation", "concept": f"{EX}c2", "missing": None},
        {"label": "Vertrauen, café, 信頼 and 🤝", "concept": f"{EX}c1", "missing": None},
    ]
    assert [list(row) for row in rows] == [["label", "concept", "missing"]] * 2


def test_select_with_graph_patterns(graph_store: GraphStore) -> None:
    graph_store.put_graph(G1, TRICKY)
    graph_store.put_graph(G2, SECOND)
    rows = graph_store.select(
        f"SELECT ?g ?concept WHERE {{ GRAPH ?g {{ ?concept <{LABEL}> ?label "
        "FILTER(isIRI(?concept)) } } ORDER BY ?g"
    )
    assert rows == [{"g": G1, "concept": f"{EX}c1"}, {"g": G2, "concept": f"{EX}c2"}]
    values = graph_store.select(f"SELECT ?o WHERE {{ GRAPH <{G1}> {{ <{EX}c1> <{EX}quote> ?o }} }}")
    assert values == [{"o": 'She said "it helps"\nthen left \\ twice'}]
    blank = graph_store.select(f"SELECT ?m WHERE {{ <{EX}c1> <{EX}part> ?m }}")
    assert blank[0]["m"] is not None and blank[0]["m"].startswith("_:")


def test_ask(graph_store: GraphStore) -> None:
    assert not graph_store.ask("ASK { ?s ?p ?o }")
    graph_store.put_graph(G2, SECOND)
    assert graph_store.ask(f'ASK {{ ?c <{LABEL}> "Isolation" }}')
    assert graph_store.ask(f"ASK {{ GRAPH <{G2}> {{ ?s ?p ?o }} }}")
    assert not graph_store.ask(f"ASK {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}")


def test_construct_returns_ntriples(graph_store: GraphStore) -> None:
    graph_store.put_graph(G1, TRICKY)
    graph_store.put_graph(G2, SECOND)
    union = graph_store.construct("CONSTRUCT WHERE { ?s ?p ?o }")
    assert same_triples(union, TRICKY + SECOND)
    only_g2 = graph_store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{G2}> {{ ?s ?p ?o }} }}")
    assert same_triples(only_g2, SECOND)
    assert graph_store.construct(f"CONSTRUCT WHERE {{ ?s <{EX}absent> ?o }}").strip() == b""


def test_invalid_query_names_the_store_not_the_query(graph_store: GraphStore) -> None:
    with pytest.raises(StoreError) as caught:
        graph_store.select('SELECT ?x WHERE { ?x ?p "confidential words" FILTR }')
    message = str(caught.value)
    assert message.startswith(f"{graph_store.location}: ")
    assert "confidential" not in message
    if isinstance(graph_store, RemoteStore):
        assert "HTTP 400" in message


def test_wrong_query_form_is_an_error(graph_store: GraphStore) -> None:
    with pytest.raises(StoreError, match=graph_store.location):
        graph_store.ask("SELECT * WHERE { ?s ?p ?o }")


def test_closed_store_refuses_use(graph_store: GraphStore) -> None:
    graph_store.close()
    with pytest.raises(StoreError, match="the store is closed"):
        graph_store.graphs()
    graph_store.close()


# -- embedded folders -----------------------------------------------------------------------

HOLD_OPEN = """
import sys
from cmo.store import open_store
store = open_store(sys.argv[1])
print("open", flush=True)
sys.stdin.read()
store.close()
"""


def test_folder_locked_by_another_process(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    with open_store(folder) as store:
        store.put_graph(G1, SECOND)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_OPEN, str(folder)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == b"open\n"
        with pytest.raises(StoreError) as caught:
            open_store(folder)
        assert str(caught.value).startswith(f"{folder}: ")
        assert "in use by another process" in str(caught.value)
        with pytest.raises(StoreError, match="in use by another process"):
            open_store(folder, readonly=True)
    finally:
        holder.communicate(timeout=10)
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    assert holder.returncode == 0
    with open_store(folder) as store:  # the lock went with the process
        assert store.graphs() == [G1]


def test_folder_open_twice_in_one_process(tmp_path: Path) -> None:
    with open_store(tmp_path / "store"), pytest.raises(StoreError, match="already open"):
        open_store(tmp_path / "store")
    with open_store(tmp_path / "store") as store:  # close released it
        assert store.graphs() == []


def test_file_instead_of_folder(tmp_path: Path) -> None:
    path = tmp_path / "theory.ttl"
    path.write_text("not a store\n")
    with pytest.raises(StoreError) as caught:
        open_store(path)
    assert str(caught.value).startswith(f"{path}: is a file")


def test_folder_of_other_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n")
    with pytest.raises(StoreError, match="holds other files"):
        open_store(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_missing_folder_is_created_with_parents(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "a" / "b" / "store")) as store:
        assert isinstance(store, EmbeddedStore)
        assert store.graphs() == []


def test_readonly_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store in this folder"):
        open_store(tmp_path / "absent", readonly=True)
    with open_store(tmp_path / "store") as store:
        store.put_graph(G1, SECOND)
    with open_store(tmp_path / "store", readonly=True) as store:
        assert same_triples(store.get_graph(G1), SECOND)
        with pytest.raises(StoreError, match="opened read-only"):
            store.put_graph(G2, SECOND)
        with pytest.raises(StoreError, match="opened read-only"):
            store.delete_graph(G1)


def test_staging_graph_left_by_a_crash_is_dropped_on_open(tmp_path: Path) -> None:
    import pyoxigraph

    from cmo.store.embedded import _STAGING_PREFIX

    with open_store(tmp_path / "store") as store:
        store.put_graph(G1, SECOND)
    # What a crash between loading the staging graph and swapping it in leaves behind.
    raw = pyoxigraph.Store(str(tmp_path / "store"))
    raw.load(input=TRICKY, format=pyoxigraph.RdfFormat.N_TRIPLES,
             to_graph=pyoxigraph.NamedNode(f"{_STAGING_PREFIX}left-over"))
    del raw
    with open_store(tmp_path / "store") as store:
        assert store.graphs() == [G1]
        assert not store.ask(f"ASK {{ <{EX}c1> ?p ?o }}")


def test_data_survives_reopening(tmp_path: Path) -> None:
    with open_store(tmp_path / "store") as store:
        store.put_graph(G1, TRICKY)
    with open_store(tmp_path / "store") as store:
        assert same_triples(store.get_graph(G1), TRICKY)


# -- remote servers -------------------------------------------------------------------------


def test_open_store_picks_the_kind(tmp_path: Path, no_credentials: None) -> None:
    remote = open_store("http://127.0.0.1:7878/")
    assert isinstance(remote, RemoteStore)
    assert remote.query_endpoint == "http://127.0.0.1:7878/query"
    assert remote.graph_endpoint == "http://127.0.0.1:7878/store"
    fuseki = RemoteStore("https://host.example/ds", query_endpoint="https://host.example/ds/sparql",
                         graph_endpoint="https://host.example/ds/data")
    assert fuseki.location == "https://host.example/ds"
    assert fuseki.graph_endpoint == "https://host.example/ds/data"
    with pytest.raises(StoreError, match="ftp:// URL"):
        open_store("ftp://host.example/store")
    assert not (tmp_path / "ftp:").exists()


def test_unreachable_server(no_credentials: None) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError) as caught:
        open_store(url).graphs()
    message = str(caught.value)
    assert message.startswith(f"{url}: the server at {url} cannot be reached")
    assert "connection refused" in message
    assert "check that it is running" in message


def test_wrong_endpoint_is_a_404(oxigraph_url: str, no_credentials: None) -> None:
    store = RemoteStore(oxigraph_url, query_endpoint=f"{oxigraph_url}/nowhere")
    with pytest.raises(StoreError) as caught:
        store.ask("ASK {}")
    assert "HTTP 404" in str(caught.value)
    assert f"{oxigraph_url}/nowhere was not found" in str(caught.value)


def test_credentials_in_the_url_are_refused(no_credentials: None) -> None:
    with pytest.raises(StoreError) as caught:
        open_store(f"https://{USER}:{PASSWORD}@host.example/ds")
    message = str(caught.value)
    assert PASSWORD not in message and USER not in message
    assert message.startswith("https://host.example/ds: ")
    assert TOKEN_VARIABLE in message


def test_readonly_remote_sends_no_write(no_credentials: None) -> None:
    store = open_store(f"http://127.0.0.1:{free_port()}", readonly=True)
    with pytest.raises(StoreError, match="opened read-only"):  # not "cannot be reached"
        store.put_graph(G1, SECOND)


def test_bearer_token_from_the_environment(
    auth_server: AuthServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CMO_STORE_TOKEN", TOKEN)
    store = open_store(auth_server.url)
    assert store.ask("ASK {}")
    assert auth_server.requests == [f"Bearer {TOKEN}"]
    assert TOKEN not in repr(store)


def test_basic_auth_from_the_environment(
    auth_server: AuthServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CMO_STORE_USER", USER)
    monkeypatch.setenv("CMO_STORE_PASSWORD", PASSWORD)
    assert open_store(auth_server.url).ask("ASK {}")
    assert auth_server.requests[0] is not None and auth_server.requests[0].startswith("Basic ")


def test_refused_token_is_never_in_the_message(
    auth_server: AuthServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrong = f"{TOKEN}-but-wrong"
    monkeypatch.setenv("CMO_STORE_TOKEN", wrong)
    with pytest.raises(StoreError) as caught:
        open_store(auth_server.url).ask("ASK {}")
    message = str(caught.value)
    assert auth_server.requests == [f"Bearer {wrong}"]
    assert message.startswith(f"{auth_server.url}: the server refused the credentials")
    assert "HTTP 401" in message
    assert "CMO_STORE_TOKEN" in message and "CMO_STORE_PASSWORD" in message
    assert wrong not in message and TOKEN not in message
    assert TOKEN not in repr(caught.value)
    assert caught.value.__cause__ is None and caught.value.__context__ is None


def test_missing_credentials_say_which_variables(auth_server: AuthServer) -> None:
    with pytest.raises(StoreError) as caught:
        open_store(auth_server.url).ask("ASK {}")
    assert "needs credentials, and none are set" in str(caught.value)
    assert auth_server.requests == [None]


def test_half_set_basic_auth_is_refused(monkeypatch: pytest.MonkeyPatch, no_credentials: None) -> None:
    monkeypatch.setenv("CMO_STORE_USER", USER)
    with pytest.raises(StoreError, match="CMO_STORE_PASSWORD is not set"):
        open_store("http://127.0.0.1:7878")
