"""Credentials written into a URL (`https://user:password@host/v1`): sent, never shown.

A configured URL may carry `user:password@` (a LiteLLM or nginx proxy behind basic auth). Every
place that shows or stores a URL (replies, status, logs, the ledger, doctor, `config show`, error
messages) takes `without_userinfo(url)`, and an endpoint's name is derived from that form; only
the HTTP request itself gets the credentials, as an Authorization header built by
`basic_authorization`. The user name goes too: a token is often written there alone.
"""

from __future__ import annotations

import base64
from urllib.parse import SplitResult, unquote, urlsplit

__all__ = ["basic_authorization", "url_credentials", "without_userinfo"]


def _split(url: str) -> tuple[SplitResult, str, str | None]:
    """The parts of `url`, its netloc without userinfo, and the userinfo (None when absent)."""
    parts = urlsplit(url)
    # The last "@" ends the userinfo: a password with an unescaped "@" still stays hidden.
    userinfo, at, host = parts.netloc.rpartition("@")
    return parts, host, userinfo if at else None


def without_userinfo(url: str) -> str:
    """`url` without any `user:password@`: the form to show, log and store."""
    parts, host, userinfo = _split(url)
    if userinfo is None:
        return url
    return parts._replace(netloc=host).geturl()


def url_credentials(url: str) -> tuple[str, str] | None:
    """The user and password written into `url`, percent-decoded; None when it names none.

    A URL with only a user gives an empty password, as curl and httpx do.
    """
    userinfo = _split(url)[2]
    if userinfo is None:
        return None
    user, _, password = userinfo.partition(":")
    return unquote(user), unquote(password)


def basic_authorization(credentials: tuple[str, str]) -> str:
    """The `Authorization` header value for HTTP basic auth (RFC 7617, UTF-8)."""
    user, password = credentials
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
