"""SPARQL over HTTP: queries (SPARQL 1.1 Protocol) and loading graphs (Graph Store Protocol).

Works with any conforming server: Oxigraph (``/query``, ``/store``), Apache Jena Fuseki
(``/DATASET/query``, ``/DATASET/data``), GraphDB (``/repositories/ID``,
``/repositories/ID/rdf-graphs/service``), Virtuoso (``/sparql``, ``/sparql-graph-crud-auth``).

Credentials come from an environment variable (``DIPLOGRAPH_AUTH`` by default) or from the URL
(``http://user:password@host/...``, which wins): ``user:password`` is sent as HTTP Basic, and
answers a Digest challenge when the server asks for Digest; ``Digest user:password`` is only
ever sent as Digest; a value that starts with ``Basic `` or ``Bearer `` is sent as it is;
anything else is a bearer token. A password is never shown in a message.

Network hygiene: every request has a total deadline (a watchdog closes the connection when it
passes, so a server trickling bytes is cut off too); a POST or PUT that the server redirects is
refused with an error (a redirected POST becomes a GET and its body is lost); a GET follows
redirects, without the ``Authorization`` header once they leave the endpoint's origin.

A query tries the protocol's three forms, form-encoded POST, direct POST
(``application/sparql-query``) and GET, and remembers for the process which one the endpoint
answers (Virtuoso 7.2 never answers a direct POST; some endpoints take GET only).
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import json
import os
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from rdflib import Graph, URIRef

from diplograph.errors import EndpointError
from diplograph.triplestore.dataset import ArticleGraphs, Triple, with_unplaced_named
from diplograph.triplestore.results import Results, from_json
from diplograph.triplestore.terms import ntriples

__all__ = [
    "ALL_TRIPLES_GRAPH",
    "HTTPRefused",
    "AUTH_VARIABLE",
    "credentials",
    "USER_AGENT",
    "auth_header",
    "select",
    "LoadResult",
    "graph_url",
    "load",
    "auth_from_environment",
    "load_file",
]

AUTH_VARIABLE = "DIPLOGRAPH_AUTH"
USER_AGENT = "diplograph"
QUERY_FORMS = ("form", "direct", "get")
"""The SPARQL 1.1 Protocol's query forms, in the order they are tried."""
MAX_REDIRECTS = 5


@dataclass(frozen=True)
class Credentials:
    """How to authenticate to an endpoint.

    Attributes:
        header: an ``Authorization`` value sent with every request (Bearer, or Basic as given).
        user, password: sent when the server asks (``401`` with ``WWW-Authenticate``), as
            Digest or Basic, whichever it asks for; then Basic goes with each following
            request to that origin, Digest answers each challenge.
        digest_only: never send the password as Basic (``Digest user:password``).
    """

    header: str | None = None
    user: str | None = None
    password: str | None = None
    digest_only: bool = False

    def __repr__(self) -> str:  # never show a secret, even in a traceback
        return f"Credentials(user={self.user!r}, digest_only={self.digest_only})"


def credentials(secret: str | None) -> Credentials | None:
    """The credentials a value of ``DIPLOGRAPH_AUTH`` stands for (see the module docstring)."""
    if not secret or not secret.strip():
        return None
    secret = secret.strip()
    scheme, _, rest = secret.partition(" ")
    if scheme.lower() in ("basic", "bearer") and rest.strip():
        return Credentials(header=secret)
    if scheme.lower() == "digest" and ":" in rest:
        user, _, password = rest.strip().partition(":")
        return Credentials(user=user, password=password, digest_only=True)
    if ":" in secret:
        user, _, password = secret.partition(":")
        return Credentials(user=user, password=password)
    return Credentials(header="Bearer " + secret)


def auth_header(secret: str | None) -> str | None:
    """The ``Authorization`` header sent with every request for a credential (None where it
    is sent only when the server asks for it)."""
    found = credentials(secret)
    return found.header if found else None


def _basic(found: Credentials) -> str:
    pair = f"{found.user}:{found.password}".encode()
    return "Basic " + base64.b64encode(pair).decode("ascii")


def auth_from_environment(variable: str = AUTH_VARIABLE) -> Credentials | None:
    return credentials(os.environ.get(variable))


def split_credentials(url: str) -> tuple[str, Credentials | None]:
    """The URL without ``user:password@`` and the credentials that part gives.

    Raises:
        EndpointError: the URL is not an http(s) URL or cannot be parsed.
    """
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
        host = parts.hostname
    except ValueError as exc:
        raise EndpointError(f"{shown(url)}: not a valid URL ({exc})") from None
    if parts.scheme not in ("http", "https") or not host:
        raise EndpointError(f"{shown(url)}: not an http(s) URL")
    if parts.username is None and "@" not in parts.netloc:
        return url, None
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    clean = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    user = urllib.parse.unquote(parts.username or "")
    password = urllib.parse.unquote(parts.password or "")
    return clean, credentials(f"{user}:{password}") if user or password else None


_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/?#@\s]*@")


def shown(url: str) -> str:
    """A URL as messages show it: without credentials, query string or fragment."""
    text = _USERINFO.sub(r"\1", url)
    try:
        parts = urllib.parse.urlsplit(text)
    except ValueError:
        return text.split("?", 1)[0]
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def redact(text: str) -> str:
    """``text`` with the ``user:password@`` part of every URL in it removed."""
    return _USERINFO.sub(r"\1", text)


def _origin(url: str) -> tuple[str, str | None, int | None]:
    parts = urllib.parse.urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, parts.hostname, parts.port or default


class Deadline:
    """A total time limit over one or more HTTP exchanges: each connection is watched, and
    shut down when the limit passes (a per-read socket timeout never fires on a server that
    sends a byte a second)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.expired = False
        self._timers: list[threading.Timer] = []

    def remaining(self) -> float:
        left = self.at - time.monotonic()
        if left <= 0:
            self.expired = True
            raise TimeoutError("deadline passed")
        return left

    def passed(self) -> bool:
        return self.expired or time.monotonic() >= self.at

    def watch(self, sock: socket.socket) -> None:
        timer = threading.Timer(self.remaining(), self._cut, (sock,))
        timer.daemon = True
        timer.start()
        self._timers.append(timer)

    def _cut(self, sock: socket.socket) -> None:
        self.expired = True
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        for timer in self._timers:
            timer.cancel()
        self._timers.clear()


def _watched(base: type[http.client.HTTPConnection], deadline: Deadline):
    class Connection(base):  # type: ignore[misc, valid-type]
        def connect(self) -> None:
            self.timeout = deadline.remaining()
            super().connect()
            deadline.watch(self.sock)

    return Connection


class _HTTP(urllib.request.HTTPHandler):
    def __init__(self, deadline: Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def http_open(self, req):
        return self.do_open(_watched(http.client.HTTPConnection, self.deadline), req)


class _HTTPS(urllib.request.HTTPSHandler):
    def __init__(self, deadline: Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def https_open(self, req):
        return self.do_open(
            _watched(http.client.HTTPSConnection, self.deadline), req, context=self._context
        )


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects of GET only, and drops credentials when one leaves the origin."""

    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        method = req.get_method()
        if method not in ("GET", "HEAD"):
            fp.close()
            raise EndpointError(
                f"{shown(req.full_url)}: the server redirects this {method} to {shown(newurl)} "
                f"(HTTP {code}); not followed, as the request body would be lost or sent "
                "elsewhere: give the final URL instead"
            )
        if urllib.parse.urlsplit(newurl).scheme not in ("http", "https"):
            fp.close()
            raise EndpointError(
                f"{shown(req.full_url)}: the server redirects to {shown(newurl)}, "
                "which is not an http(s) URL; not followed"
            )
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and _origin(newurl) != _origin(req.full_url):
            new.remove_header("Authorization")
        return new


class HTTPRefused(EndpointError):
    """The server answered with an HTTP error status."""

    def __init__(self, message: str, status: int, challenge: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.challenge = challenge

    def __reduce__(self) -> tuple:
        # a query runs in a child process (engines.run_limited), which sends its error back
        # pickled: rebuilt with every argument, not only the message
        return (type(self), (str(self), self.status, self.challenge))


_asked_for: dict[tuple[str, str | None, int | None], str] = {}
"""The scheme ("basic" or "digest") each origin asked for, for this process."""


def _request(
    method: str,
    url: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    auth: Credentials | None = None,
    deadline: Deadline,
) -> bytes:
    """One HTTP request within ``deadline`` (answering an authentication challenge once); a
    failure becomes an :class:`EndpointError` with a one-line reason (:class:`HTTPRefused`
    for an HTTP error status)."""
    origin = _origin(url)
    sent = auth.header if auth else None
    if sent is None and auth and auth.user is not None and _asked_for.get(origin) == "basic":
        sent = _basic(auth)
    try:
        return _exchange(method, url, body, headers, sent, auth, deadline)
    except HTTPRefused as exc:
        if exc.status != 401 or not auth or auth.user is None or exc.challenge is None:
            raise
        scheme = exc.challenge.split(" ", 1)[0].lower()
        if scheme == "digest":
            answer = _digest(method, url, body, exc.challenge, auth)
        elif scheme in ("basic", "") and not auth.digest_only and sent is None:
            answer = _basic(auth)
        else:
            raise
        if answer is None:
            raise
        _asked_for[origin] = scheme or "basic"
        return _exchange(method, url, body, headers, answer, auth, deadline)


def _digest(
    method: str, url: str, body: bytes | None, challenge: str, auth: Credentials
) -> str | None:
    """The ``Authorization`` value answering a Digest challenge (urllib computes it)."""
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, url, auth.user or "", auth.password or "")
    handler = urllib.request.HTTPDigestAuthHandler(passwords)
    fields = urllib.request.parse_http_list(challenge.split(" ", 1)[1] if " " in challenge else "")
    answer = handler.get_authorization(
        urllib.request.Request(url, data=body, method=method),
        urllib.request.parse_keqv_list([f for f in fields if f]),
    )
    return f"Digest {answer}" if answer else None


def _exchange(
    method: str,
    url: str,
    body: bytes | None,
    headers: dict[str, str] | None,
    authorization: str | None,
    auth: Credentials | None,
    deadline: Deadline,
) -> bytes:
    request = urllib.request.Request(url, data=body, method=method)
    request.add_header("User-Agent", USER_AGENT)
    for key, value in (headers or {}).items():
        request.add_header(key, value)
    if authorization:
        request.add_header("Authorization", authorization)
    opener = urllib.request.build_opener(_HTTP(deadline), _HTTPS(deadline), _Redirects())
    where = shown(url)
    try:
        with opener.open(request, timeout=deadline.remaining()) as response:
            data = response.read()
        if deadline.passed():
            raise TimeoutError
        return data
    except urllib.error.HTTPError as exc:
        if deadline.passed():
            raise _late(where, deadline) from None
        try:
            detail = _first_line(exc.read(4000))
        except (OSError, http.client.HTTPException):
            detail = ""
        hint = ""
        if exc.code in (401, 403):
            hint = (
                f"; set {AUTH_VARIABLE}=user:password or a bearer token, or give user:password@ "
                "in the URL"
                if not auth
                else "; check the credentials"
            )
        said = f": {detail}" if detail else ""
        offered = (exc.headers.get_all("WWW-Authenticate") or []) if exc.headers else []
        digest = [c for c in offered if c.strip().lower().startswith("digest")]
        challenge = (digest or offered or [""])[0].strip() if exc.code == 401 else None
        raise HTTPRefused(
            f"{where}: refused, HTTP {exc.code} {redact(str(exc.reason))}{said}{hint}",
            exc.code,
            challenge,
        ) from None
    except urllib.error.URLError as exc:
        if deadline.passed() or isinstance(exc.reason, TimeoutError):
            raise _late(where, deadline) from None
        reason = (
            exc.reason.strerror
            if isinstance(exc.reason, OSError) and exc.reason.strerror
            else exc.reason
        )
        raise EndpointError(
            f"{where}: cannot connect ({redact(str(reason))}); is the server running?"
        ) from None
    except TimeoutError:
        raise _late(where, deadline) from None
    except (ValueError, OSError, http.client.HTTPException) as exc:
        if deadline.passed():
            raise _late(where, deadline) from None
        raise EndpointError(f"{where}: {redact(str(exc)) or type(exc).__name__}") from None


def _late(where: str, deadline: Deadline) -> EndpointError:
    return EndpointError(f"{where}: no complete answer within {deadline.seconds:g} s (--timeout)")


def _first_line(body: bytes) -> str:
    text = body.decode("utf-8", "replace").strip()
    return redact(text.splitlines()[0][:200]) if text else ""


def _as_credentials(auth: Credentials | str | None) -> Credentials | None:
    return Credentials(header=auth) if isinstance(auth, str) else auth


_working_form: dict[str, str] = {}
"""The query form each endpoint (URL without credentials) answered, for this process."""

# answers that mean "not this form": bad request (no query found), method or media type not
# allowed, not acceptable, length required, not implemented
_TRY_ANOTHER_FORM = frozenset({400, 405, 406, 411, 415, 501})


class _NotResults(EndpointError):
    pass


def _query_request(form: str, url: str, query: str) -> tuple[str, str, bytes | None, dict]:
    accept = {"Accept": "application/sparql-results+json"}
    parts = urllib.parse.urlsplit(url)
    if form == "form":
        # the protocol puts every parameter of a form POST in the body
        fields = [*urllib.parse.parse_qsl(parts.query, keep_blank_values=True), ("query", query)]
        bare = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
        body = urllib.parse.urlencode(fields).encode("ascii")
        return "POST", bare, body, {**accept, "Content-Type": "application/x-www-form-urlencoded"}
    if form == "direct":
        headers = {**accept, "Content-Type": "application/sparql-query; charset=utf-8"}
        return "POST", url, query.encode("utf-8"), headers
    separator = "&" if parts.query else "?"
    return "GET", f"{url}{separator}{urllib.parse.urlencode({'query': query})}", None, accept


def select(
    url: str, query: str, *, auth: Credentials | str | None = None, timeout: float = 60.0
) -> Results:
    """Run a query on a SPARQL 1.1 Protocol endpoint (results as JSON), within ``timeout``
    seconds in total; the protocol's forms are tried in turn (see the module docstring).

    Raises:
        EndpointError: no form gave SPARQL results (the first form's failure is named), the
            deadline passed, or the server is down or refuses.
    """
    url, from_url = split_credentials(url)
    credentials_ = from_url or _as_credentials(auth)
    known = _working_form.get(url)
    order = [known, *(f for f in QUERY_FORMS if f != known)] if known else list(QUERY_FORMS)
    deadline = Deadline(timeout)
    first: EndpointError | None = None
    try:
        for form in order:
            method, target, body, headers = _query_request(form, url, query)
            try:
                answer = _request(
                    method, target, body=body, headers=headers, auth=credentials_, deadline=deadline
                )
                results = _results(answer, url)
            except HTTPRefused as exc:
                if exc.status not in _TRY_ANOTHER_FORM:
                    raise
                if exc.status == 400 and _answers(form, url, credentials_, deadline):
                    # the form works, the query does not: say so now (another form would
                    # only repeat it, or on Virtuoso wait for a direct POST's answer forever)
                    _working_form[url] = form
                    raise
                first = first or exc
                continue
            except _NotResults as exc:
                first = first or exc
                continue
            _working_form[url] = form
            return results
    finally:
        deadline.cancel()
    assert first is not None
    raise first


def _answers(form: str, url: str, auth: Credentials | None, deadline: Deadline) -> bool:
    """Whether the endpoint answers the smallest query in this form."""
    method, target, body, headers = _query_request(form, url, "ASK {}")
    try:
        _results(
            _request(method, target, body=body, headers=headers, auth=auth, deadline=deadline), url
        )
    except EndpointError:
        return False
    return True


def _results(body: bytes, url: str) -> Results:
    try:
        return from_json(json.loads(body))
    except (ValueError, KeyError, TypeError, AttributeError):
        raise _NotResults(
            f"{shown(url)}: the answer is not SPARQL JSON results; is this the query endpoint?"
        ) from None


def default_graph_note(
    url: str, *, auth: Credentials | str | None = None, timeout: float = 60.0
) -> str | None:
    """A one-line hint when the endpoint's default graph is empty but named graphs hold data
    (an answer with no rows there is most likely the wrong graph, not no data)."""
    if select(url, "ASK { ?s ?p ?o }", auth=auth, timeout=timeout).boolean:
        return None
    if not select(url, "ASK { GRAPH ?g { ?s ?p ?o } }", auth=auth, timeout=timeout).boolean:
        return None
    return (
        f"{shown(url)}: the default graph is empty but named graphs hold data; load with "
        "`diplograph load` (which fills the default graph), start Oxigraph with "
        "--union-default-graph, or query the graphs with GRAPH ?g { ... }"
    )


@dataclass
class LoadResult:
    """What a load sent: graphs, and quads (the triples of each graph, summed over graphs)."""

    graphs: list[str] = field(default_factory=list)
    quads: int = 0
    notes: list[str] = field(default_factory=list)
    """One-line hints for the user (e.g. where the set of all triples went)."""


ALL_TRIPLES_GRAPH = URIRef("https://w3id.org/diplograph/resource/graph/all-triples")
"""Where ``load`` puts every triple once when the store has no default graph to write to
(Virtuoso's Graph Store endpoint); query it with ``?default-graph-uri=`` this IRI."""


def graph_url(endpoint: str, graph: URIRef | None) -> str:
    """The Graph Store Protocol URL of a graph: ``?graph=IRI`` (encoded) or ``?default``."""
    separator = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    if graph is None:
        return f"{endpoint}{separator}default"
    return f"{endpoint}{separator}{urllib.parse.urlencode({'graph': str(graph)})}"


def load(
    parts: ArticleGraphs | Graph,
    endpoint: str,
    *,
    graph: URIRef | None = None,
    replace: bool = True,
    auth: Credentials | str | None = None,
    timeout: float = 120.0,
    report: Callable[[str], None] | None = None,
) -> LoadResult:
    """Send graphs to a Graph Store Protocol endpoint.

    Args:
        parts: the graph split by article (each article into its own named graph, replaced or
            appended to as a whole; shared graphs are always appended to, and so is the
            default graph, with every triple once), or one graph.
        endpoint: the Graph Store Protocol URL, e.g. ``http://localhost:7878/store``
            (``user:password@`` in it are credentials, and win over ``auth``).
        graph: send everything into this one named graph instead.
        replace: PUT (replace each graph) rather than POST (add to it).
        auth: credentials (see :func:`credentials`), or an ``Authorization`` header value.
        timeout: seconds in total for each request (one graph).

    Raises:
        EndpointError: the endpoint is down, refuses, redirects or does not answer in time.
    """
    endpoint, from_url = split_credentials(endpoint)
    credentials_ = from_url or _as_credentials(auth)
    if isinstance(parts, Graph):
        batches: list[tuple[URIRef | None, set[Triple], bool]] = [
            (graph, set(parts.triples((None, None, None))), replace)
        ]
    elif graph is not None:
        merged: set[Triple] = set()
        for triples in (*parts.articles.values(), *parts.shared.values()):
            merged |= triples
        batches = [(graph, merged, replace)]
    else:
        parts = with_unplaced_named(parts)
        batches = [(name, triples, replace) for name, triples in sorted(parts.articles.items())]
        batches += [(name, triples, False) for name, triples in parts.shared.items()]
        # the default graph: the set of all triples (a server runs without a union default
        # graph, whose answers would repeat a triple once per graph that holds it)
        union: set[Triple] = set()
        for _, triples, _ in batches:
            union |= triples
        batches.append((None, union, False))
    result = LoadResult()
    for name, triples, put in batches:
        body = ntriples(triples)
        try:
            _send(endpoint, name, body, put, credentials_, timeout)
        except HTTPRefused as exc:
            if name is not None or exc.status in (401, 403):
                raise
            # Virtuoso's Graph Store endpoint has no default graph ("not configured to have
            # default graph", HTTP 500): the set of all triples goes into a named graph
            name = ALL_TRIPLES_GRAPH
            _send(endpoint, name, body, put, credentials_, timeout)
            result.notes.append(
                f"{shown(endpoint)} keeps no default graph: every triple went once into "
                f"<{name}>; query with the endpoint URL ending in "
                f"?{urllib.parse.urlencode({'default-graph-uri': str(name)})}"
            )
        result.graphs.append(str(name) if name is not None else "(default graph)")
        result.quads += len(triples)
        if report:
            report(
                f"{'replaced' if put else 'added to'} {result.graphs[-1]}: {len(triples)} triples"
            )
    return result


def _send(
    endpoint: str,
    name: URIRef | None,
    body: bytes,
    put: bool,
    auth: Credentials | None,
    timeout: float,
) -> None:
    deadline = Deadline(timeout)
    try:
        _request(
            "PUT" if put else "POST",
            graph_url(endpoint, name),
            body=body,
            auth=auth,
            deadline=deadline,
            headers={"Content-Type": "text/turtle; charset=utf-8"},
        )
    finally:
        deadline.cancel()


def load_file(
    path: Path,
    endpoint: str,
    *,
    graph: str | None = None,
    replace: bool = True,
    auth_variable: str = AUTH_VARIABLE,
    timeout: float = 120.0,
    report: Callable[[str], None] | None = None,
) -> LoadResult:
    """Read a graph file and send it to a Graph Store Protocol endpoint (see :func:`load`).

    Raises:
        GraphFileError: the file cannot be read.
        QueryError: ``graph`` is not an absolute IRI.
        EndpointError: the endpoint is down or refuses.
    """
    from diplograph.queries import to_term
    from diplograph.triplestore.dataset import read_article_graphs

    # an "iri" parameter is always made a URIRef
    target = cast(URIRef, to_term(graph, "iri", name="--graph")) if graph is not None else None
    split_credentials(endpoint)  # an unusable URL fails before the file is read
    parts = read_article_graphs(path)
    return load(
        parts,
        endpoint,
        graph=target,
        replace=replace,
        auth=auth_from_environment(auth_variable),
        timeout=timeout,
        report=report,
    )
