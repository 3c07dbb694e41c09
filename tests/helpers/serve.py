"""`mkdocs serve` in the tests: a free port to run it on, and pages read over HTTP."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from collections.abc import Callable

from helpers.waiting import wait_until


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, timeout: float = 10) -> tuple[int, str]:
    """(HTTP status, body) of url; status 0 while nothing answers on the port yet."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, ConnectionError):
        return 0, ""


def ok(status: int, _text: str) -> bool:
    return status == 200


def wait_for_page(url: str, check: Callable[[int, str], bool] = ok, *, what: str, timeout: float) -> str:
    """Read url until check(status, body) holds, and return the body it then had."""
    last = [(0, "")]

    def answer() -> tuple[int, str] | None:
        last[0] = get(url)
        return last[0] if check(*last[0]) else None

    _status, text = wait_until(
        answer,
        timeout=timeout,
        interval=0.1,
        message=lambda: f"{what}: {url} never showed it (last HTTP status {last[0][0] or 'none'})",
    )
    return text
