"""Whether external addresses still answer: the sources, websites and links the data cites.

Each address is asked once, politely: a ``HEAD`` request first (no page is downloaded), a
``GET`` when the site refuses ``HEAD`` (405, 403 or 501); redirects are followed, and what
counts is the last answer. An address is *dead* when it does not answer at all (time-out,
refused connection, unknown name, certificate error…) or answers with a status of 400 or more;
429 (too many requests) is a site that answers, only not now, and is not reported.

Requests run in a few threads (:func:`showcase.parallel.map_threads`), at most
:data:`PER_HOST` at a time for one host, so one slow site holds only those threads and never
stalls the run. Only the standard library is used.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from showcase.parallel import map_threads

WORKERS = 8
"""Threads that wait on the network at the same time."""
PER_HOST = 2
"""Requests to one host at the same time."""
TIMEOUT = 10.0
"""Seconds a request may wait for the network before it counts as a time-out."""
GET_INSTEAD = frozenset({403, 405, 501})
"""Answers to ``HEAD`` after which the address is asked again with ``GET``: sites that refuse
``HEAD`` (or every request they do not recognise) often answer ``GET`` normally."""
ANSWERING = frozenset({429})
"""Statuses of 400 and more that still mean the page is there."""
USER_AGENT = "slimme-gemeenten-showcase-bronnencontrole/1.0"
"""Names the project; :func:`user_agent` adds where to read about it."""

TIMED_OUT = "time-out"
REFUSED = "verbinding geweigerd"
UNKNOWN_HOST = "onbekende servernaam"
CERTIFICATE = "ongeldig certificaat"
TLS = "TLS-fout"
RESET = "verbinding verbroken"
BAD_ANSWER = "ongeldig antwoord"
TOO_MANY_REDIRECTS = "te veel doorverwijzingen"
BAD_ADDRESS = "ongeldig adres"
NO_CONNECTION = "geen verbinding"


@dataclass(frozen=True)
class Answer:
    """What an address gave: the status (``"200"``, ``"404"``) or what went wrong, in Dutch."""

    url: str
    outcome: str
    dead: bool
    final_url: str | None = None
    """Where the redirects ended, when that is another address."""

    @property
    def answered(self) -> bool:
        """The site answered with a status (whatever it was)."""
        return self.outcome.isdigit()


def user_agent(about: str = "") -> str:
    """The User-Agent of the checks: the project's name, and its address when known."""
    return f"{USER_AGENT} (+{about})" if about else USER_AGENT


class _KeepMethod(urllib.request.HTTPRedirectHandler):
    """Follows redirects with the method of the request: ``HEAD`` stays ``HEAD`` (Python 3.11
    turns it into ``GET``, which downloads every redirected page)."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and req.get_method() == "HEAD":
            new.method = "HEAD"
        return new


def ascii_url(url: str) -> str:
    """The address as it goes over the wire: the host in IDNA, the rest percent-encoded
    (``https://www.gemeente.be/één`` → ``…/%C3%A9%C3%A9n``); what is encoded stays."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    with contextlib.suppress(UnicodeError):  # an address IDNA refuses fails when it is asked
        host = host.encode("idna").decode("ascii")
    if ":" in host:
        host = f"[{host}]"  # an IPv6 address
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    safe = "/:@!$&'()*+,;=%~-._"
    return urlunsplit(
        (
            parts.scheme,
            netloc,
            quote(parts.path, safe=safe),
            quote(parts.query, safe=safe + "?"),
            "",  # the fragment never reaches the server
        )
    )


def probe_url(
    url: str,
    *,
    timeout: float = TIMEOUT,
    agent: str = USER_AGENT,
    context: ssl.SSLContext | None = None,
) -> Answer:
    """Ask one address: ``HEAD``, then ``GET`` if ``HEAD`` is refused. ``context`` verifies
    certificates (default: the system's); share one between requests, making one reads every
    certificate authority again."""
    context = context or ssl.create_default_context()
    answer = _ask(url, "HEAD", timeout, agent, context)
    if answer.answered and int(answer.outcome) in GET_INSTEAD:
        answer = _ask(url, "GET", timeout, agent, context)
    return answer


def _ask(url: str, method: str, timeout: float, agent: str, context: ssl.SSLContext) -> Answer:
    headers = {"User-Agent": agent, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    try:
        request = urllib.request.Request(ascii_url(url), headers=headers, method=method)
        opener = urllib.request.build_opener(
            _KeepMethod, urllib.request.HTTPSHandler(context=context)
        )
        with opener.open(request, timeout=timeout) as response:
            return _answer(url, response.status, response.geturl())
    except urllib.error.HTTPError as error:
        error.close()
        if error.code < 400:  # a redirect the handler refused to follow: a loop, or too many
            return Answer(url, TOO_MANY_REDIRECTS, True)
        return _answer(url, error.code, error.url)
    except urllib.error.URLError as error:
        reason = error.reason  # what failed underneath, or a text ("unknown url type")
        failed = describe_failure(reason) if isinstance(reason, BaseException) else BAD_ADDRESS
        return Answer(url, failed, True)
    except (OSError, http.client.HTTPException, ValueError) as error:
        return Answer(url, describe_failure(error), True)


def _answer(url: str, status: int, final: str | None) -> Answer:
    moved = final if final and final != ascii_url(url) else None
    return Answer(url, str(status), status >= 400 and status not in ANSWERING, moved)


def describe_failure(error: BaseException) -> str:
    """What went wrong, as an editor reads it."""
    checks: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], str], ...] = (
        (TimeoutError, TIMED_OUT),
        (ConnectionRefusedError, REFUSED),
        (socket.gaierror, UNKNOWN_HOST),
        (ssl.SSLCertVerificationError, CERTIFICATE),
        (ssl.SSLError, TLS),
        (ConnectionError, RESET),
        (http.client.HTTPException, BAD_ANSWER),
        ((ValueError, UnicodeError), BAD_ADDRESS),
    )
    for kind, text in checks:
        if isinstance(error, kind):
            return text
    return NO_CONNECTION


def probe_urls(
    urls: Iterable[str],
    *,
    timeout: float = TIMEOUT,
    agent: str = USER_AGENT,
    workers: int = WORKERS,
    per_host: int = PER_HOST,
) -> list[Answer]:
    """Every distinct address asked once, in threads; the answers sorted by address."""
    distinct = sorted(set(urls))
    context = ssl.create_default_context()  # certificates are read once, for every request

    def ask(url: str) -> Answer:
        return probe_url(url, timeout=timeout, agent=agent, context=context)

    def host(url: str) -> str:
        return (urlsplit(url).hostname or "").lower()

    return map_threads(ask, distinct, workers, group=host, per_group=per_host)
