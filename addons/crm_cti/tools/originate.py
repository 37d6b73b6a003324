# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Ask a telephone system to place a call (click-to-dial), standard library only.

Two providers:

* ``http_originate``: a generic HTTP API (most hosted PBXs, FreeSWITCH mod_xml_rpc
  bridges, 3CX/Yeastar call-control APIs): a URL template, a method, a body template
  and headers, with ``${name}`` placeholders (:class:`string.Template`);
* ``ami_originate``: Asterisk's Manager Interface, action ``Originate`` (asynchronous)
  with the channel variable ``CRM_CALL_ID`` so that the PBX's later events carry the
  id of the call record Odoo created first.

Both raise :class:`OriginateError` with a plain English message on every failure
(refused connection, timeout, authentication, an HTTP status other than 2xx, an AMI
``Response: Error``), within ``timeout`` seconds (at most 5) in total.
"""

import base64
import http.client
import json
import string
import time
import urllib.parse

from .ami import OriginateError, ami_session

__all__ = ["OriginateError", "ami_originate", "http_originate", "render"]

MAX_TIMEOUT = 5.0
MAX_ANSWER = 64 * 1024  # bytes of the provider's answer we read at most


def _bounded(timeout):
    return min(float(timeout or MAX_TIMEOUT), MAX_TIMEOUT)


def render(template, variables, quote=None, strict=True):
    """``template`` with ``${name}`` replaced by ``quote(variables[name])``.

    An unknown placeholder is a configuration error (a typo in the PBX form), and a
    literal ``$`` is written ``$$``. ``strict=False`` is for values that are data
    rather than templates (a caller name may hold a ``$``): they are kept as they
    are, placeholders known are still replaced.
    """
    quote = quote or str
    values = {key: quote("" if value is None else str(value)) for key, value in variables.items()}
    if not strict:
        return string.Template(template or "").safe_substitute(values)
    try:
        return string.Template(template or "").substitute(values)
    except KeyError as error:
        raise OriginateError(
            f"Unknown placeholder ${{{error.args[0]}}} in the telephone system's template; "
            f"known ones: {', '.join(sorted(variables))}."
        ) from error
    except ValueError as error:
        raise OriginateError(
            f"Invalid placeholder in the telephone system's template: {error}."
        ) from error


def _url_quote(value):
    return urllib.parse.quote(value, safe="")


def _json_quote(value):
    # the inside of a JSON string literal: the template supplies the quotes
    return json.dumps(value, ensure_ascii=False)[1:-1]


def _form_quote(value):
    return urllib.parse.quote_plus(value)


def _body_quote(headers, body):
    content_type = next(
        (value.lower() for name, value in headers.items() if name.lower() == "content-type"),
        "",
    )
    if "json" in content_type or (not content_type and body.lstrip()[:1] in ("{", "[")):
        return _json_quote, "application/json"
    if "x-www-form-urlencoded" in content_type or not content_type:
        return _form_quote, "application/x-www-form-urlencoded"
    return str, None


def parse_headers(text):
    """``Name: value`` lines (the PBX form's text field) as a dict."""
    headers = {}
    for line in (text or "").splitlines():
        name, sep, value = line.partition(":")
        if sep and name.strip():
            headers[name.strip()] = value.strip()
    return headers


def http_originate(config, variables, timeout=MAX_TIMEOUT):
    """Call the provider's HTTP API; returns (status, first bytes of the answer).

    ``config``: ``url``, ``method`` (``POST`` or ``GET``), ``body`` (template) and
    ``headers`` (dict, or the ``Name: value`` text of the PBX form). Values are
    percent-encoded in the URL, JSON-escaped in a JSON body, form-encoded in a
    form body.
    """
    timeout = _bounded(timeout)
    deadline = time.monotonic() + timeout
    method = (config.get("method") or "POST").upper()
    if method not in ("GET", "POST", "PUT"):
        raise OriginateError(f"Unsupported HTTP method {method!r} for click-to-dial.")
    url = render(config.get("url") or "", variables, _url_quote)
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise OriginateError(f"The click-to-dial URL {url!r} is not an http(s) address.")
    headers = config.get("headers") or {}
    if isinstance(headers, str):
        headers = parse_headers(headers)
    headers = {name: render(value, variables) for name, value in headers.items()}
    for name, value in headers.items():
        if any(c in name + value for c in "\r\n"):
            raise OriginateError(f"Invalid line break in the HTTP header {name!r}.")
    body = None
    if method != "GET" and config.get("body"):
        quote, content_type = _body_quote(headers, config["body"])
        body = render(config["body"], variables, quote).encode()
        if content_type and not any(n.lower() == "content-type" for n in headers):
            headers["Content-Type"] = content_type
    path = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    if parts.username and not any(n.lower() == "authorization" for n in headers):
        credentials = f"{urllib.parse.unquote(parts.username)}:" + urllib.parse.unquote(
            parts.password or ""
        )
        headers["Authorization"] = "Basic " + base64.b64encode(credentials.encode()).decode()
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    where = f"{parts.hostname}:{parts.port or (443 if parts.scheme == 'https' else 80)}"
    conn = connection_class(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers)
        # the response keeps reading from this socket after conn lets it go
        sock = conn.sock
        sock.settimeout(max(deadline - time.monotonic(), 0.01))
        response = conn.getresponse()
        answer = b""
        while len(answer) < MAX_ANSWER:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            sock.settimeout(remaining)
            chunk = response.read1(MAX_ANSWER - len(answer))
            if not chunk:
                break
            answer += chunk
    except TimeoutError as error:
        raise OriginateError(
            f"The telephone system at {where} did not answer within {timeout:g} s."
        ) from error
    except (OSError, http.client.HTTPException) as error:
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        raise OriginateError(f"Cannot reach the telephone system at {where}: {reason}.") from error
    finally:
        conn.close()
    if not 200 <= response.status < 300:
        text = answer[:200].decode("utf-8", "replace").strip()
        raise OriginateError(
            f"The telephone system at {where} refused the call: HTTP {response.status}"
            + (f" ({text})" if text else "")
            + "."
        )
    return response.status, answer


def ami_originate(config, variables, timeout=MAX_TIMEOUT):
    """Originate through Asterisk's Manager Interface; returns the AMI response.

    ``config``: ``host``, ``port``, ``username``, ``secret``, ``channel`` (template,
    default ``PJSIP/${extension}``: the agent's phone rings first), ``context`` and
    ``exten`` (the number to dial once the agent answers; default ``${number}``),
    ``caller_id`` (template), ``variables`` (channel variables, e.g.
    ``{"CRM_CALL_ID": "42"}``), ``ring_timeout`` (seconds the agent's phone rings).
    """
    timeout = _bounded(timeout)
    channel = render(config.get("channel") or "PJSIP/${extension}", variables)
    exten = render(config.get("exten") or "${number}", variables, strict=False)
    if not channel or not exten:
        raise OriginateError("The agent's channel or the number to dial is empty.")
    fields = [
        ("Channel", channel),
        ("Context", config.get("context") or "default"),
        ("Exten", exten),
        ("Priority", str(config.get("priority") or 1)),
        ("Async", "true"),
        ("Timeout", str(int(config.get("ring_timeout") or 30) * 1000)),
    ]
    caller_id = render(config.get("caller_id") or "", variables, strict=False)
    if caller_id:
        fields.append(("CallerID", caller_id))
    for name, value in (config.get("variables") or {}).items():
        fields.append(("Variable", f"{name}={value}"))
    client = ami_session(config, timeout)
    try:
        return client.action("Originate", fields)
    finally:
        client.logoff()
        client.close()
