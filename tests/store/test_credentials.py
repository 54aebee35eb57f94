"""Store credentials are never shown: not in a message, a traceback, a chain, a log or the CLI.

A loopback server echoes the request's Authorization header (and, for basic authentication,
the decoded pair and password) in its error bodies, as careless servers do; the messages
that quote those bodies must not show any form of the credentials. Values with surrounding
whitespace are stripped and work; control characters and characters beyond Latin-1 are
refused before any request is sent, naming the variable and the position, never the value.
"""

from __future__ import annotations

import base64
import logging
import os
import subprocess
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from cmo.exceptions import StoreError
from cmo.store import open_store
from cmo.store.transport import (
    PASSWORD_VARIABLE,
    TOKEN_VARIABLE,
    USER_VARIABLE,
    HttpTransport,
    authorization_from_environment,
)

from ..test_bad_input import run_cmo
from .conftest import PASSWORD, TOKEN, USER, AuthServer, QuietHandler, address, loopback

PAIR = f"{USER}:{PASSWORD}"
PAIR_BASE64 = base64.b64encode(PAIR.encode()).decode()
# Every form in which a credential could be shown, checked wherever text could show it.
SECRETS = (TOKEN, PASSWORD, PAIR, PAIR_BASE64, PAIR_BASE64.rstrip("="))
STRIP_FIX = "set it to the credential alone, as the server issued it"


@dataclass
class EchoServer:
    """A loopback SPARQL endpoint that fails with ``status`` and echoes the credentials."""

    url: str
    status: list[int]
    seen: list[str | None] = field(default_factory=list)


class _EchoHandler(QuietHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        authorization = self.headers.get("Authorization")
        self.server.echo.seen.append(authorization)  # type: ignore[attr-defined]
        text = f"you sent Authorization: {authorization}"
        if authorization and authorization.startswith("Basic "):
            pair = base64.b64decode(authorization[6:]).decode()
            text += f" that is {pair}, password {pair.partition(':')[2]}"
        body = f"{text}\nsecond line {authorization}\n".encode()
        status = self.server.echo.status[0]  # type: ignore[attr-defined]
        self.answer(status, body, "text/plain; charset=utf-8")


@pytest.fixture
def echo_server(no_credentials: None) -> Iterator[EchoServer]:
    with loopback(_EchoHandler) as server:
        echo = EchoServer(address(server), [400])
        server.echo = echo  # type: ignore[attr-defined]
        yield echo


def everything_shown(error: BaseException) -> str:
    """The message, the full traceback with its chains, and the str and repr of each link."""
    parts = ["".join(traceback.format_exception(error))]
    seen: set[int] = set()
    link: BaseException | None = error
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        parts += [str(link), repr(link), repr(link.args)]
        link = link.__cause__ or link.__context__
    return "\n".join(parts)


def assert_nothing_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


def set_basic(monkeypatch: pytest.MonkeyPatch, user: str = USER, password: str = PASSWORD) -> None:
    monkeypatch.setenv(USER_VARIABLE, user)
    monkeypatch.setenv(PASSWORD_VARIABLE, password)


# -- surrounding whitespace is stripped: a pasted token works --------------------------------


@pytest.mark.parametrize("pasted", [f"{TOKEN}\r\n", f"{TOKEN}\n", f"  {TOKEN}  ", f"\t{TOKEN}\r"])
def test_token_with_surrounding_whitespace_works(
    auth_server: AuthServer, monkeypatch: pytest.MonkeyPatch, pasted: str
) -> None:
    monkeypatch.setenv(TOKEN_VARIABLE, pasted)
    assert open_store(auth_server.url).ask("ASK {}") is True
    assert auth_server.requests == [f"Bearer {TOKEN}"]


@pytest.mark.parametrize("pasted", [f"{PASSWORD}\r\n", f"  {PASSWORD} ", f"\t{PASSWORD}\n"])
def test_password_with_surrounding_whitespace_works(
    auth_server: AuthServer, monkeypatch: pytest.MonkeyPatch, pasted: str
) -> None:
    set_basic(monkeypatch, user=f" {USER}\r\n", password=pasted)
    assert open_store(auth_server.url).ask("ASK {}") is True
    assert auth_server.requests == [f"Basic {PAIR_BASE64}"]


# -- control characters and non-Latin-1 are refused, naming the variable and position --------

REFUSED = [
    # (how the secret is spoilt, kind, position): positions count from 1 in the value as set
    (lambda secret: f"{secret[:4]}\x1b{secret[4:]}", "a control character", 5),
    (lambda secret: f"{secret[:10]}\n{secret[10:]}", "a control character", 11),
    (lambda secret: f"  {secret[:3]}\r\n{secret[3:]}\r\n", "a control character", 6),
    (lambda secret: f"{secret}\x7f", "a control character", -1),
    (lambda secret: f"{secret}🤝", "a character outside Latin-1", -1),
    (lambda secret: f"токен-{secret}", "a character outside Latin-1", 1),
]
CASES = ["escape", "newline", "carriage return", "delete", "emoji", "cyrillic"]


def spoilt(case: tuple[object, ...], secret: str) -> tuple[str, str, int]:
    """The spoilt value, the kind of character and its position (-1: just after the secret)."""
    spoil, kind, position = case
    return spoil(secret), kind, len(secret) + 1 if position == -1 else position  # type: ignore[operator, return-value]


def refusal(variable: str, kind: str, position: int, url: str) -> str:
    return (f"{url}: {variable} holds {kind} at character {position}, which an HTTP header "
            f"cannot carry ({STRIP_FIX})")


@pytest.mark.parametrize("case", REFUSED, ids=CASES)
def test_token_that_a_header_cannot_carry_is_refused_before_any_request(
    echo_server: EchoServer, monkeypatch: pytest.MonkeyPatch, case: tuple[object, ...]
) -> None:
    value, kind, position = spoilt(case, TOKEN)
    monkeypatch.setenv(TOKEN_VARIABLE, value)
    with pytest.raises(StoreError) as caught:
        open_store(echo_server.url)
    assert str(caught.value) == refusal(TOKEN_VARIABLE, kind, position, echo_server.url)
    assert_nothing_secret(everything_shown(caught.value))
    assert caught.value.__context__ is None
    assert echo_server.seen == []


@pytest.mark.parametrize("case", REFUSED, ids=CASES)
def test_password_that_a_header_cannot_carry_is_refused(
    echo_server: EchoServer, monkeypatch: pytest.MonkeyPatch, case: tuple[object, ...]
) -> None:
    value, kind, position = spoilt(case, PASSWORD)
    set_basic(monkeypatch, password=value)
    with pytest.raises(StoreError) as caught:
        open_store(echo_server.url)
    assert str(caught.value) == refusal(PASSWORD_VARIABLE, kind, position, echo_server.url)
    assert_nothing_secret(everything_shown(caught.value))
    assert echo_server.seen == []


def test_user_with_a_control_character_is_refused(
    echo_server: EchoServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_basic(monkeypatch, user="co\x1bder")
    with pytest.raises(StoreError) as caught:
        open_store(echo_server.url)
    assert str(caught.value) == refusal(USER_VARIABLE, "a control character", 3, echo_server.url)


def test_user_with_a_colon_is_refused(monkeypatch: pytest.MonkeyPatch, no_credentials: None) -> None:
    set_basic(monkeypatch, user="team:coder")
    with pytest.raises(StoreError) as caught:
        open_store("http://127.0.0.1:7878")
    assert str(caught.value) == (
        "http://127.0.0.1:7878: CMO_STORE_USER holds a colon at character 5, which basic "
        "authentication cannot carry in a user name (check the user name)")


@pytest.mark.parametrize("variable", [TOKEN_VARIABLE, PASSWORD_VARIABLE])
def test_nul_byte_is_refused(variable: str) -> None:
    # No process environment can hold a NUL, so the variables are given as a mapping.
    environment = {USER_VARIABLE: USER, variable: f"ab\x00{TOKEN}"}
    with pytest.raises(StoreError) as caught:
        authorization_from_environment("store", environment)
    assert str(caught.value) == refusal(variable, "a control character", 3, "store")


def test_header_http_client_refuses_chains_nothing(no_credentials: None) -> None:
    # http.client's own ValueError quotes the header it refuses; it must not be chained.
    transport = HttpTransport("http://127.0.0.1:9", timeout=1)
    with pytest.raises(StoreError) as caught:
        transport.request("GET", "http://127.0.0.1:9/store", action="reading",
                          headers={"X-Secret": f"Bearer {TOKEN}\nX: y"})
    assert str(caught.value) == (
        "http://127.0.0.1:9: a request header holds a character HTTP cannot carry while "
        "reading: set CMO_STORE_TOKEN, or CMO_STORE_USER and CMO_STORE_PASSWORD, to "
        "credentials the server accepts")
    assert caught.value.__context__ is None and caught.value.__cause__ is None
    assert_nothing_secret(everything_shown(caught.value))


# -- a server echoing the credentials in its error body --------------------------------------


@pytest.mark.parametrize(("status", "expected"), [
    (400, "{url}: the server refused running an ASK query (HTTP 400 Bad Request: you sent "
          "Authorization: [credentials]{decoded})"),
    (500, "{url}: the server failed while running an ASK query (HTTP 500 Internal Server "
          "Error: you sent Authorization: [credentials]{decoded}): try again, or read the "
          "server's log"),
    (401, "{url}: the server refused the credentials while running an ASK query (HTTP 401 "
          "Unauthorized): set CMO_STORE_TOKEN, or CMO_STORE_USER and CMO_STORE_PASSWORD, to "
          "credentials the server accepts"),
])
@pytest.mark.parametrize("scheme", ["bearer", "basic"])
def test_echoed_credentials_are_scrubbed_from_the_message(
    echo_server: EchoServer, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
    status: int, expected: str, scheme: str,
) -> None:
    caplog.set_level(logging.DEBUG)
    echo_server.status[0] = status
    if scheme == "bearer":
        monkeypatch.setenv(TOKEN_VARIABLE, f"  {TOKEN}\r\n")
        decoded = ""
    else:
        set_basic(monkeypatch, password=f"{PASSWORD}\r\n")
        decoded = " that is [credentials], password [credentials]"
    with pytest.raises(StoreError) as caught:
        open_store(echo_server.url).ask("ASK {}")
    assert str(caught.value) == expected.format(url=echo_server.url, decoded=decoded)
    assert len(echo_server.seen) == 1 and echo_server.seen[0] is not None
    assert_nothing_secret(everything_shown(caught.value))
    assert_nothing_secret(caplog.text)


# -- the command line ------------------------------------------------------------------------


def cmo_query(url: str, **variables: str) -> subprocess.CompletedProcess[str]:
    env = {name: value for name, value in os.environ.items()
           if name not in (TOKEN_VARIABLE, USER_VARIABLE, PASSWORD_VARIABLE)}
    return run_cmo("store", "query", "--store", url, "ASK {}", env={**env, **variables})


@pytest.mark.parametrize("status", [400, 500, 401])
def test_cli_never_prints_echoed_credentials(echo_server: EchoServer, status: int) -> None:
    echo_server.status[0] = status
    for variables in ({TOKEN_VARIABLE: f"{TOKEN}\r\n"},
                      {USER_VARIABLE: USER, PASSWORD_VARIABLE: f" {PASSWORD}\r\n"}):
        result = cmo_query(echo_server.url, **variables)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert result.stderr.startswith(f"Error: {echo_server.url}: the server ")
        assert f"HTTP {status} " in result.stderr
        assert_nothing_secret(result.stdout + result.stderr)
    assert len(echo_server.seen) == 2


@pytest.mark.parametrize(("variable", "value", "kind", "position"), [
    (TOKEN_VARIABLE, f"{TOKEN[:4]}\x1b{TOKEN[4:]}", "a control character", 5),
    (TOKEN_VARIABLE, f"{TOKEN[:10]}\n{TOKEN[10:]}", "a control character", 11),
    (TOKEN_VARIABLE, f"{TOKEN}🤝", "a character outside Latin-1", 23),
    (PASSWORD_VARIABLE, f"{PASSWORD[:4]}\x1b{PASSWORD[4:]}", "a control character", 5),
    (PASSWORD_VARIABLE, f"пароль{PASSWORD}", "a character outside Latin-1", 1),
])
def test_cli_refuses_a_credential_a_header_cannot_carry(
    echo_server: EchoServer, variable: str, value: str, kind: str, position: int
) -> None:
    variables = {variable: value} | ({USER_VARIABLE: USER} if variable != TOKEN_VARIABLE else {})
    result = cmo_query(echo_server.url, **variables)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == f"Error: {refusal(variable, kind, position, echo_server.url)}\n"
    assert_nothing_secret(result.stderr)
    assert echo_server.seen == []
