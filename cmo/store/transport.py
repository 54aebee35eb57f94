"""Speaking HTTP to a SPARQL server: credentials, one request at a time, failures explained.

:class:`HttpTransport` sends the requests of a :class:`~cmo.store.remote.RemoteStore` with the
standard library only, and turns every failure (a refused connection, a timeout, an error
status) into one :class:`~cmo.exceptions.StoreError` that names the store's URL and says
what to do.

Credentials come only from the environment, never from arguments or the URL, and are never
logged or put into a message:

- ``CMO_STORE_TOKEN``: sent as ``Authorization: Bearer <token>``; or
- ``CMO_STORE_USER`` and ``CMO_STORE_PASSWORD``: sent as HTTP basic authentication.

The token wins when both are set. Spaces, tabs and line ends around a value are taken off;
a control character or one beyond Latin-1 inside a value is refused, as a header cannot
carry it. An error body quoted in a message has every form of the credentials sent (the
header, the token, the password, the pair and its base64) replaced first. Use ``https://``
for any server beyond this machine, or the credentials cross the network in the clear.
Redirects are not followed, so credentials are never forwarded to another address.

Example:
    >>> transport = HttpTransport("http://127.0.0.1:7878", timeout=5)
    >>> transport
    HttpTransport('http://127.0.0.1:7878')
    >>> transport.close()
    >>> transport.request("GET", "http://127.0.0.1:7878/store", action="reading")
    Traceback (most recent call last):
    ...
    cmo.exceptions.StoreError: http://127.0.0.1:7878: the store is closed (open it again to use it)
"""

from __future__ import annotations

import base64
import http.client
import os
import unicodedata
import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import Any, Final

from ..exceptions import StoreError
from .base import display_url

__all__ = [
    "PASSWORD_VARIABLE",
    "TOKEN_VARIABLE",
    "USER_VARIABLE",
    "HttpTransport",
    "authorization_from_environment",
    "scrub",
]

TOKEN_VARIABLE: Final = "CMO_STORE_TOKEN"
USER_VARIABLE: Final = "CMO_STORE_USER"
PASSWORD_VARIABLE: Final = "CMO_STORE_PASSWORD"

_MAX_SERVER_TEXT: Final = 200
# What HTTP allows around a header value, and what a pasted credential often ends with.
_HEADER_WHITESPACE: Final = " \t\r\n"
_LATIN_1_LAST: Final = 0xFF
_WITHHELD: Final = "[credentials]"
_CREDENTIALS_FIX: Final = (
    f"set {TOKEN_VARIABLE}, or {USER_VARIABLE} and {PASSWORD_VARIABLE}, "
    "to credentials the server accepts"
)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Turn every redirect into an error, so credentials never follow one to another host."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _credential(location: str, name: str, environment: Mapping[str, str]) -> str:
    """The variable's value without surrounding whitespace, or a refusal naming the variable.

    A token pasted with a trailing newline or carriage return works. A control character or
    one beyond Latin-1 inside the value cannot go into an HTTP header: the message says which
    variable and at which character (counted from 1 in the value as set), never the value.
    """
    raw = environment.get(name, "")
    value = raw.strip(_HEADER_WHITESPACE)
    lead = len(raw) - len(raw.lstrip(_HEADER_WHITESPACE))
    for index, character in enumerate(value, start=lead + 1):
        if unicodedata.category(character) == "Cc":
            kind = "a control character"
        elif ord(character) > _LATIN_1_LAST:
            kind = "a character outside Latin-1"
        else:
            continue
        raise StoreError(
            f"{location}: {name} holds {kind} at character {index}, which an HTTP header "
            "cannot carry (set it to the credential alone, as the server issued it)"
        )
    return value


def authorization_from_environment(
    location: str, environment: Mapping[str, str] | None = None
) -> str | None:
    """The ``Authorization`` header value from the environment, if credentials are set.

    Values are stripped of surrounding whitespace (spaces, tabs, CR, LF).

    Args:
        location: the store's URL, for the message.
        environment: where to read the variables (default: ``os.environ``).

    Returns:
        ``Bearer <token>``, ``Basic <user:password in base64>``, or None.

    Raises:
        StoreError: only one of the user and password variables is set, a value holds a
            control character or one beyond Latin-1, or the user name holds a colon. The
            message names the variable and the character's position, never the value.

    Example:
        >>> authorization_from_environment("store", {"CMO_STORE_TOKEN": " abc\\r\\n"})
        'Bearer abc'
        >>> authorization_from_environment("store", {"CMO_STORE_TOKEN": "ab\\x1bc"})
        Traceback (most recent call last):
        ...
        cmo.exceptions.StoreError: store: CMO_STORE_TOKEN holds a control character at character 3, ...
    """
    environment = os.environ if environment is None else environment
    token = _credential(location, TOKEN_VARIABLE, environment)
    if token:
        return f"Bearer {token}"
    user = _credential(location, USER_VARIABLE, environment)
    password = _credential(location, PASSWORD_VARIABLE, environment)
    if bool(user) != bool(password):
        missing = PASSWORD_VARIABLE if user else USER_VARIABLE
        raise StoreError(
            f"{location}: {USER_VARIABLE} and {PASSWORD_VARIABLE} go together, "
            f"but {missing} is not set (set both, or neither)"
        )
    if ":" in user:
        raise StoreError(
            f"{location}: {USER_VARIABLE} holds a colon at character {user.index(':') + 1}, "
            "which basic authentication cannot carry in a user name (check the user name)"
        )
    if user:
        pair = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        return f"Basic {pair}"
    return None


def _secret_forms(authorization: str | None) -> tuple[str, ...]:
    """Every form in which the credentials sent could come back: longest first.

    The whole header value, the token; for basic authentication the base64 pair (padded
    and not), the decoded ``user:password`` and the password.
    """
    if not authorization:
        return ()
    scheme, _, credential = authorization.partition(" ")
    forms = {authorization, credential}
    if scheme == "Basic":
        pair = base64.b64decode(credential).decode("utf-8")
        forms |= {credential.rstrip("="), pair, pair.partition(":")[2]}
    return tuple(sorted((form for form in forms if form), key=len, reverse=True))


def scrub(text: str, secrets: tuple[str, ...]) -> str:
    """``text`` with every one of ``secrets`` replaced by ``[credentials]``.

    Example:
        >>> scrub("you sent Bearer abc", ("Bearer abc", "abc"))
        'you sent [credentials]'
    """
    for secret in secrets:
        text = text.replace(secret, _WITHHELD)
    return text


class HttpTransport:
    """Send HTTP requests to one server, with the credentials the environment gives.

    Credentials are read once, when the transport is made, kept private and only ever
    written into a request header.

    Args:
        location: the server's URL as messages show it (see
            :func:`~cmo.store.base.display_url`).
        timeout: seconds to wait for the server to answer each request.

    Raises:
        StoreError: the credential variables are half set.
    """

    def __init__(self, location: str, *, timeout: float) -> None:
        self.location = location
        self.timeout = timeout
        self._authorization = authorization_from_environment(location)
        self._secrets = _secret_forms(self._authorization)
        self._opener = urllib.request.build_opener(_NoRedirects())
        self.closed = False

    def __repr__(self) -> str:
        # Only the location: never the credentials.
        return f"{type(self).__name__}({self.location!r})"

    def close(self) -> None:
        """Refuse every later request. Closing twice does nothing."""
        self.closed = True

    def request(
        self,
        method: str,
        url: str,
        *,
        action: str,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        graph: str | None = None,
        tolerate: frozenset[int] = frozenset(),
    ) -> tuple[int, str, bytes]:
        """Send one request and return (status, content type, body).

        Args:
            method: the HTTP method.
            url: where to send it.
            action: what the request does, for messages ("reading the graph <...>").
            body: the request body.
            headers: more request headers.
            graph: the graph the request is about, so that a 404 names it.
            tolerate: error statuses to return as ``(status, "", b"")`` rather than raise.

        Raises:
            StoreError: the transport is closed, the server cannot be reached, or it
                answers with an error status that is not tolerated.
        """
        if self.closed:
            raise StoreError(f"{self.location}: the store is closed (open it again to use it)")
        request = urllib.request.Request(url, data=body, method=method)
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        if self._authorization:
            request.add_header("Authorization", self._authorization)
        # Each failure is raised outside the handler, so that no exception is chained to it:
        # http.client's ValueError for a header quotes the header, credentials and all.
        failure: StoreError
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                content_type = response.headers.get_content_type()
                return response.status, content_type, response.read()
        except urllib.error.HTTPError as error:
            if error.code in tolerate:
                return error.code, "", b""
            failure = self._refused(error, action=action, graph=graph)
        except urllib.error.URLError as error:
            failure = self._unreachable(error.reason, action)
        except (OSError, http.client.HTTPException) as error:
            failure = self._unreachable(error, action)
        except ValueError:  # a header value http.client will not send
            failure = StoreError(
                f"{self.location}: a request header holds a character HTTP cannot carry "
                f"while {action}: {_CREDENTIALS_FIX}"
            )
        raise failure

    def _unreachable(self, reason: object, action: str) -> StoreError:
        if isinstance(reason, ConnectionRefusedError):
            why = "connection refused"
        elif isinstance(reason, TimeoutError):
            why = f"no answer within {self.timeout:g} s"
        elif isinstance(reason, OSError) and reason.strerror:
            why = reason.strerror
        elif isinstance(reason, http.client.HTTPException):
            why = f"the connection broke: {type(reason).__name__}"
        else:
            why = str(reason)
        return StoreError(
            f"{self.location}: the server at {self.location} cannot be reached while {action} "
            f"({why}): check that it is running and that the URL and port are right"
        )

    def _refused(
        self, error: urllib.error.HTTPError, *, action: str, graph: str | None
    ) -> StoreError:
        status = f"HTTP {error.code} {error.reason}".rstrip()
        server_says = _server_text(error, self._secrets)
        if error.code in (401, 403):
            what = (
                "refused the credentials"
                if self._authorization
                else "needs credentials, and none are set"
            )
            return StoreError(
                f"{self.location}: the server {what} while {action} ({status}): "
                f"{_CREDENTIALS_FIX}"
            )
        if error.code == 404 and graph is not None:
            return StoreError(
                f"{self.location}: no such graph <{graph}> ({status}): "
                "list the graphs to see their names"
            )
        if error.code == 404:
            return StoreError(
                f"{self.location}: the endpoint {display_url(error.url or '')} was not found "
                f"while {action} ({status}): check the URL, or give query_endpoint and "
                "graph_endpoint for this server"
            )
        if 300 <= error.code < 400:
            target = display_url(error.headers.get("Location", "") or "") if error.headers else ""
            return StoreError(
                f"{self.location}: the server redirected to {target or 'another address'} "
                f"while {action} ({status}): use that address"
            )
        if error.code in (405, 501):
            return StoreError(
                f"{self.location}: the server does not allow {action} ({status}): "
                "it may be read-only, or need other endpoints (query_endpoint, graph_endpoint)"
            )
        if error.code == 406:
            return StoreError(
                f"{self.location}: the server cannot answer in the format asked while {action} "
                f"({status}): check that the query is of that kind"
            )
        if error.code == 413:
            return StoreError(
                f"{self.location}: the server refused the request as too large while {action} "
                f"({status}): raise the server's request size limit"
            )
        detail = f": {server_says}" if server_says else ""
        if error.code >= 500:
            return StoreError(
                f"{self.location}: the server failed while {action} ({status}{detail}): "
                "try again, or read the server's log"
            )
        return StoreError(f"{self.location}: the server refused {action} ({status}{detail})")


def _server_text(error: urllib.error.HTTPError, secrets: tuple[str, ...]) -> str:
    """The first line of a plain-text error body, short, scrubbed of the credentials sent.

    Oxigraph explains there; a server that echoes the request's headers would otherwise
    show the credentials, so they are taken out before the line is cut short.
    """
    try:
        if error.headers is None or error.headers.get_content_type() != "text/plain":
            return ""
        text = scrub(error.read(4096).decode("utf-8", errors="replace"), secrets)
    except (OSError, http.client.HTTPException):
        return ""
    line = " ".join(text.strip().splitlines()[0].split()) if text.strip() else ""
    # A secret holding spaces comes back as the body spaced it: scrub the joined line too.
    line = scrub(line, secrets)
    return line if len(line) <= _MAX_SERVER_TEXT else f"{line[: _MAX_SERVER_TEXT - 3]}..."
