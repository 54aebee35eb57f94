"""The real ``cmo store`` commands, in a subprocess, on an embedded folder and an Oxigraph server.

Each failure must exit with status 1 and one clear message, no traceback, and leave the store
as it was.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import rdflib

import cmo.io
from cmo.store import catalogue, open_store, push_all
from cmo.store.transport import PASSWORD_VARIABLE, TOKEN_VARIABLE, USER_VARIABLE

from ..conftest import ROOT
from ..test_bad_input import run_cmo
from .conftest import TOKEN, AuthServer, free_port

EXAMPLE = ROOT / "examples" / "social_prescribing"
INITIAL = EXAMPLE / "initial.yaml"
THEORY = EXAMPLE / "theory.yaml"
GRAPH_IPT = "urn:cmo:social-prescribing:theory/IPT"
GRAPH_V2 = "urn:cmo:social-prescribing:theory/v2"
CHAINS = """PREFIX cmo: <https://w3id.org/cmo#>
PREFIX dcterms: <http://purl.org/dc/terms/>
# the chains of v2
SELECT ?upstream ?downstream WHERE {
    GRAPH <urn:cmo:social-prescribing:theory/v2> {
        ?u cmo:hasOutcome ?s ; dcterms:identifier ?upstream .
        ?d cmo:hasContext ?s ; dcterms:identifier ?downstream .
    }
} ORDER BY ?upstream ?downstream
"""


def clean_env(**variables: str) -> dict[str, str]:
    """The environment for the command: no credentials but those given."""
    env = {name: value for name, value in os.environ.items()
           if name not in (TOKEN_VARIABLE, USER_VARIABLE, PASSWORD_VARIABLE)}
    return {**env, **variables}


def cmo_store(*arguments: str | Path, **variables: str) -> subprocess.CompletedProcess[str]:
    return run_cmo("store", *arguments, env=clean_env(**variables))


def assert_fails(result: subprocess.CompletedProcess[str], *fragments: str) -> str:
    """Exit status 1, no traceback, one line of message holding every fragment."""
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    message = lines[0]
    assert message.startswith("Error: ")
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    return message


def snapshot(location: str) -> dict[str, set[bytes]]:
    with open_store(location, readonly=True) as store:
        return {graph: set(store.get_graph(graph).splitlines()) for graph in store.graphs()}


@pytest.fixture
def server(oxigraph_url: str, no_credentials: None) -> str:
    """The Oxigraph server's URL, emptied for this test."""
    with open_store(oxigraph_url) as store:
        for graph in store.graphs():
            store.delete_graph(graph)
    return oxigraph_url


@pytest.fixture
def folder(tmp_path: Path) -> str:
    """A store folder that nothing holds open (the command must be able to lock it)."""
    return str(tmp_path / "store")


@pytest.fixture(params=["folder", "server"])
def location(request: pytest.FixtureRequest) -> str:
    """An empty store of each kind: a folder or a server URL."""
    return request.getfixturevalue(request.param)


def push_example(location: str) -> None:
    """Put both versions of the worked example into the store, through the API (quicker than
    the command, which has tests of its own), and close it again."""
    with open_store(location) as store:
        push_all(store, [cmo.io.read(INITIAL), cmo.io.read(THEORY)])


@pytest.fixture
def pushed(location: str) -> str:
    """A store of each kind holding both versions of the worked example."""
    push_example(location)
    return location


def graphs_in(location: str) -> list[str]:
    """The graphs a store holds; none for a folder that was never made a store."""
    if not location.startswith("http") and not Path(location).exists():
        return []
    with open_store(location, readonly=True) as store:
        return store.graphs()


def table_rows(stdout: str) -> list[list[str]]:
    """The cells of each row of a table the command printed."""
    return [[cell.strip() for cell in line.split("│")[1:-1]]
            for line in stdout.splitlines() if line.startswith("│")]


# -- the commands ---------------------------------------------------------------------------


def test_push_prints_the_graphs(location: str) -> None:
    result = cmo_store("push", INITIAL, THEORY, "--store", location)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"pushed {INITIAL}: theory 'social-prescribing', version 'IPT' as <{GRAPH_IPT}>",
        f"pushed {THEORY}: theory 'social-prescribing', version 'v2' as <{GRAPH_V2}>",
    ]
    assert graphs_in(location) == [GRAPH_IPT, GRAPH_V2]


def test_push_without_quotes_says_so(folder: str) -> None:
    result = cmo_store("push", THEORY, "--store", folder, "--no-quotes")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("(quotes withheld)")
    with open_store(folder, readonly=True) as store:
        stored = store.get_graph(GRAPH_V2).decode("utf-8")
    assert "[quote withheld]" in stored and "sense of hope through the trust" not in stored


def test_list_shows_both_versions(pushed: str) -> None:
    result = cmo_store("list", "--store", pushed)
    assert result.returncode == 0, result.stderr
    rows = [row for row in table_rows(result.stdout) if row[0]]  # not a wrapped title's line
    assert [row[:5] + row[6:] for row in rows] == [
        ["social-prescribing", "IPT", "", "2023-09-29", "6", GRAPH_IPT],
        ["social-prescribing", "v2", "IPT", "2024-11-29", "11", GRAPH_V2],
    ]


def test_list_of_an_empty_store(server: str) -> None:
    result = cmo_store("list", "--store", server)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{server}: holds no theories"


def test_pull_writes_a_version(pushed: str, tmp_path: Path) -> None:
    latest = tmp_path / "pulled.yaml"
    result = cmo_store("pull", "social-prescribing", "--store", pushed, "-o", latest)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"wrote {latest} (theory 'social-prescribing', version 'v2')"
    assert cmo.io.read(latest) == cmo.io.read(THEORY)
    initial = tmp_path / "ipt.ttl"
    result = cmo_store("pull", "social-prescribing", "--version", "IPT", "--store", pushed,
                       "-o", initial)
    assert result.returncode == 0, result.stderr
    assert cmo.io.read(initial) == cmo.io.read(INITIAL)


def test_query_select_prints_rows(pushed: str) -> None:
    result = cmo_store("query", CHAINS, "--store", pushed)
    assert result.returncode == 0, result.stderr
    assert table_rows(result.stdout) == [["anchor-point", "hope-through-trust"],
                                         ["referral-buy-in", "trust-through-skills"],
                                         ["structural-barriers", "connecting-with"],
                                         ["trust-through-skills", "hope-through-trust"]]
    assert "upstream" in result.stdout and "downstream" in result.stdout
    assert result.stdout.strip().endswith("4 rows")


def test_query_from_a_file(folder: str, tmp_path: Path) -> None:
    push_example(folder)
    path = tmp_path / "chains.rq"
    path.write_text(CHAINS, encoding="utf-8")
    result = cmo_store("query", path, "--store", folder)
    assert result.returncode == 0, result.stderr
    assert len(table_rows(result.stdout)) == 4
    assert result.stdout.strip().endswith("4 rows")


def test_query_ask_prints_yes_or_no(server: str) -> None:
    push_example(server)
    ask = "PREFIX cmo: <https://w3id.org/cmo#>\nASK {{ GRAPH ?g {{ ?c cmo:status cmo:{} }} }}"
    refined = cmo_store("query", ask.format("Refined"), "--store", server)
    refuted = cmo_store("query", ask.format("Refuted"), "--store", server)
    assert (refined.returncode, refined.stdout) == (0, "yes\n")
    assert (refuted.returncode, refuted.stdout) == (0, "no\n")


def test_query_construct_prints_ntriples(folder: str) -> None:
    push_example(folder)
    construct = (f"CONSTRUCT {{ ?c ?p ?o }} WHERE {{ GRAPH <{GRAPH_V2}> {{ ?c ?p ?o "
                 f"FILTER (?c = <{GRAPH_V2}/configuration/hope-through-trust>) }} }}")
    result = cmo_store("query", construct, "--store", folder)
    assert result.returncode == 0, result.stderr
    graph = rdflib.Graph().parse(data=result.stdout, format="nt")
    assert len(graph) > 5
    assert {str(s) for s in graph.subjects()} == {f"{GRAPH_V2}/configuration/hope-through-trust"}
    assert rdflib.Literal("Trust gives a sense of hope") in set(graph.objects())


def test_push_replace_overwrites(pushed: str, tmp_path: Path) -> None:
    changed = tmp_path / "theory.yaml"
    changed.write_text(THEORY.read_text(encoding="utf-8").replace(
        "title: Social prescribing link workers (worked example)", "title: Changed", 1),
        encoding="utf-8")
    result = cmo_store("push", changed, "--store", pushed, "--replace")
    assert result.returncode == 0, result.stderr
    with open_store(pushed, readonly=True) as store:
        assert [v.title for v in catalogue(store)] == [cmo.io.read(INITIAL).title, "Changed"]


# -- bad input: one message, exit status 1 --------------------------------------------------


def test_pushing_a_version_the_store_holds(pushed: str) -> None:
    before = snapshot(pushed)
    result = cmo_store("push", THEORY, "--store", pushed)
    assert_fails(result, pushed, f"<{GRAPH_V2}>", "--replace")
    assert result.stdout == ""
    assert snapshot(pushed) == before


def test_unreachable_server() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    for arguments in (("push", str(THEORY)), ("query", "ASK {}")):
        result = cmo_store(*arguments, "--store", url)
        assert_fails(result, f"the server at {url} cannot be reached", "check that it is running")


def test_folder_locked_by_another_process(folder: str) -> None:
    with open_store(folder) as holder:
        holder.put_graph("https://example.org/g", b"")
        for arguments in (("push", str(THEORY)), ("list",)):
            result = cmo_store(*arguments, "--store", folder)
            assert_fails(result, folder, "in use by another process")
        assert holder.graphs() == ["https://example.org/g"]


def test_listing_a_folder_that_holds_no_store(folder: str) -> None:
    result = cmo_store("list", "--store", folder)
    assert_fails(result, folder, "no store in this folder")
    assert not Path(folder).exists()  # reading never creates a store


def test_server_needing_credentials(auth_server: AuthServer) -> None:
    right = cmo_store("query", "ASK {}", "--store", auth_server.url, **{TOKEN_VARIABLE: TOKEN})
    assert (right.returncode, right.stdout, right.stderr) == (0, "yes\n", "")
    wrong_token = f"{TOKEN}-wrong"
    wrong = cmo_store("query", "ASK {}", "--store", auth_server.url,
                      **{TOKEN_VARIABLE: wrong_token})
    assert_fails(wrong, auth_server.url, "refused the credentials", "HTTP 401", TOKEN_VARIABLE)
    none = cmo_store("query", "ASK {}", "--store", auth_server.url)
    assert_fails(none, "needs credentials, and none are set", TOKEN_VARIABLE)
    assert auth_server.requests == [f"Bearer {TOKEN}", f"Bearer {wrong_token}", None]
    for result in (right, wrong, none):
        assert TOKEN not in result.stdout + result.stderr


def test_credentials_in_the_url_are_refused(no_credentials: None) -> None:
    result = cmo_store("list", "--store", "https://coder:pw-never-shown@host.example/ds")
    message = assert_fails(result, "https://host.example/ds", TOKEN_VARIABLE)
    assert "pw-never-shown" not in message and "coder" not in message


def test_pull_of_an_unknown_theory(server: str, tmp_path: Path) -> None:
    push_example(server)
    output = tmp_path / "pulled.yaml"
    result = cmo_store("pull", "other-study", "--store", server, "-o", output)
    assert_fails(result, server, "holds no theory 'other-study'",
                 "(theories: social-prescribing)")
    assert not output.exists()


def test_pull_of_an_unknown_version(folder: str, tmp_path: Path) -> None:
    push_example(folder)
    output = tmp_path / "pulled.yaml"
    result = cmo_store("pull", "social-prescribing", "--version", "v9", "--store", folder,
                       "-o", output)
    assert_fails(result, folder, "has no version 'v9'", "(versions: 'IPT', 'v2')")
    assert not output.exists()


def test_malformed_sparql(folder: str) -> None:
    push_example(folder)
    result = cmo_store("query", "SELECT ?s WHERE { ?s ?p }", "--store", folder)
    assert_fails(result, folder, "SELECT query is not valid SPARQL")


def test_not_a_query(server: str) -> None:
    push_example(server)
    result = cmo_store("query", "DELETE WHERE { ?s ?p ?o }", "--store", server)
    assert_fails(result, "the query: is not a SPARQL query",
                 "SELECT, ASK, CONSTRUCT or DESCRIBE")
    assert graphs_in(server) == [GRAPH_IPT, GRAPH_V2]


@pytest.mark.parametrize(("name", "content", "fragment"), [
    ("notes.yaml", "- just\n- a list\n", "holds a list of 2 items"),
    ("notes.txt", "Field notes, not a theory.\n", "notes.txt"),
    ("empty.yaml", "", "empty"),
])
def test_a_file_that_is_not_a_theory(
    folder: str, tmp_path: Path, name: str, content: str, fragment: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = cmo_store("push", INITIAL, path, "--store", folder)
    assert_fails(result, name, fragment)
    assert graphs_in(folder) == []  # not even the good file before it


def test_a_theory_without_an_id(folder: str, tmp_path: Path) -> None:
    path = tmp_path / "draft.yaml"
    path.write_text(THEORY.read_text(encoding="utf-8").replace("id: social-prescribing\n", "", 1),
                    encoding="utf-8")
    result = cmo_store("push", path, "--store", folder)
    assert_fails(result, "draft.yaml", "has no id", "add 'id: ")
    assert graphs_in(folder) == []


def test_a_long_query(folder: str) -> None:
    push_example(folder)
    outcomes = ["Patient has a sense of hope", "Patient connects to external support",
                "Person-centred care", "Patient trusts the link worker",
                "Patient agrees to a referral to the link worker",
                "Patient does not connect to external support",
                "Threats to the success of social prescribing"]
    query = ("SELECT DISTINCT ?configuration WHERE { VALUES ?outcome { "
             + " ".join(f'"{outcome}"' for outcome in outcomes)
             + " } GRAPH <urn:cmo:social-prescribing:theory/v2> { ?c "
             "<https://w3id.org/cmo#hasOutcome>/<http://www.w3.org/2000/01/rdf-schema#label> "
             "?outcome ; <http://purl.org/dc/terms/identifier> ?configuration } } "
             "ORDER BY ?configuration")
    assert len(query.split("/")[0].encode()) > 255
    result = cmo_store("query", query, "--store", folder)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    expected = sorted(c.id for c in cmo.io.read(THEORY).configurations
                      if {o.label for o in c.outcomes} & set(outcomes))
    assert len(expected) > 3
    assert [row[0] for row in table_rows(result.stdout)] == expected
