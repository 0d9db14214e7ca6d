"""Where a preheated kernel waits for its visitor: Voilà's ``wait_for_request`` without
importing ``voila.utils``.

``voila.utils`` imports jupyter_server, jupyterlab_server, nbconvert and jsonschema to define
this one helper: 42 MiB in every kernel of a meeting (measured with ``psutil``), for a single
websocket read. This speaks the same protocol (Voilà's environment variables and
``/voila/query/<kernel>``) with the ``websockets`` client Voilà itself uses.
"""

from __future__ import annotations

import json
import os
import warnings

PREHEAT_ENV = "VOILA_PREHEAT"
OPEN_TIMEOUT = 5.0


def query_url(environ: dict[str, str] | None = None) -> str:
    """Where the server tells this kernel about its request: ``…/voila/query/<kernel id>``."""
    env = os.environ if environ is None else environ
    protocol = env.get("VOILA_WS_PROTOCOL", "ws")
    host = env.get("VOILA_APP_IP", "127.0.0.1")
    port = env.get("VOILA_APP_PORT", "8866")
    base = env.get("VOILA_WS_BASE_URL", env.get("VOILA_SERVER_URL", "/"))
    return f"{protocol}://{host}:{port}{base}voila/query/{env.get('VOILA_KERNEL_ID')}"


def wait_for_request(url: str | None = None) -> None:
    """In a preheated kernel, wait until a visitor is given this kernel, then put the request's
    variables (the visitor's header among them) in ``os.environ``. Does nothing in a kernel
    started for its request (Voilà has set them already). ``url``: the query address (default:
    from Voilà's environment variables)."""
    from websockets.exceptions import WebSocketException
    from websockets.sync.client import connect

    if os.environ.get(PREHEAT_ENV, "False") == "False":
        return
    address = url or query_url()
    try:
        with connect(address, open_timeout=OPEN_TIMEOUT, max_size=None) as socket:
            raw = socket.recv()
    except (OSError, TimeoutError, WebSocketException) as exc:
        warnings.warn(f"Failed to connect to {address}: {exc}", stacklevel=2)
        return
    for key, value in json.loads(raw).items():
        os.environ[key] = str(value)
