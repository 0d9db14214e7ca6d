"""The Voilà process of a meeting: ``python -m workbench.meeting.launch NOTEBOOKS [voila options]``.

The same command line as ``voila`` (``workbench.serve.meeting_command`` writes it), run with
``WORKBENCH_MEETING`` set to the session's folder. Before Voilà starts, this adds what is not
written on a command line (visible to every local user): the login (``MeetingIdentityProvider``
with the hashed codes and the cookie key of ``server.json``), the header that tells a kernel
who its visitor is, the pool of preheated kernels sized to the meeting (``pool``), and
``/voila/query/<kernel>`` — where a preheated kernel learns its visitor, a route Voilà leaves
unauthenticated — limited to this machine's kernels.
"""

from __future__ import annotations

import sys
from typing import Any

from traitlets.config import Config

from workbench.meeting.session import VISITOR_HEADER, MeetingSession

NOTEBOOK = "copil.ipynb"
LOOPBACK = ("127.0.0.1", "::1")


def meeting_config(session: MeetingSession) -> Config:
    """Voilà's configuration for ``session`` (see the module's docstring)."""
    from workbench.meeting.auth import MeetingIdentityProvider

    settings = session.server_settings()
    config = Config()
    config.Voila.identity_provider_class = MeetingIdentityProvider
    config.Voila.cookie_secret = bytes.fromhex(settings["cookie_secret"])
    provider = config.MeetingIdentityProvider
    provider.member_code_hash = settings.get("member_code_hash", "")
    provider.evaluator_code_hash = settings.get("evaluator_code_hash", "")
    provider.accounts_file = settings.get("accounts_file", "")
    provider.lang = session.lang
    provider.default_next = f"/voila/render/{NOTEBOOK}"
    config.VoilaConfiguration.http_header_envs = [VISITOR_HEADER]
    config.VoilaConfiguration.preheat_kernel = True
    pool = max(1, int(settings.get("pool_size", session.members)))
    config.VoilaKernelManager.kernel_pools_config = {
        "default": {"pool_size": 0}, NOTEBOOK: {"pool_size": pool}}
    config.MeetingKernelManager.refill_size = int(settings.get("refill_size", 2))
    config.MeetingKernelManager.refill_quiet_period = float(settings.get("refill_quiet", 30))
    config.MeetingKernelManager.max_concurrent_starts = int(settings.get("max_starts", 2))
    return config


def _patch_voila() -> None:
    """The meeting's kernel manager and a local-only ``/voila/query`` (module attributes that
    ``voila.app`` reads when it builds the server)."""
    import voila.app as voila_app
    from tornado import web
    from voila.request_info_handler import RequestInfoSocketHandler

    from workbench.meeting.pool import meeting_kernel_manager

    stock_factory = voila_app.voila_kernel_manager_factory

    def factory(base_class: type, preheat_kernel: bool, default_pool_size: int,
                page_config_hook: Any = None) -> type:
        stock = stock_factory(base_class, preheat_kernel, default_pool_size, page_config_hook)
        return meeting_kernel_manager(stock) if preheat_kernel else stock

    class LocalRequestInfoSocketHandler(RequestInfoSocketHandler):
        """Only this machine's kernels, never a client through the proxy, may connect."""

        def prepare(self) -> None:
            if self.request.remote_ip not in LOOPBACK or "X-Forwarded-For" in self.request.headers:
                raise web.HTTPError(404)

    voila_app.voila_kernel_manager_factory = factory
    voila_app.RequestInfoSocketHandler = LocalRequestInfoSocketHandler


def main(argv: list[str] | None = None) -> int:
    from voila.app import Voila

    session = MeetingSession.current()
    if session is None:
        print("WORKBENCH_MEETING n'est pas défini : lancez « workbench dashboard --reunion N ».",
              file=sys.stderr)
        return 2
    _patch_voila()
    Voila.launch_instance(argv=sys.argv[1:] if argv is None else argv,
                          config=meeting_config(session))
    return 0


if __name__ == "__main__":
    sys.exit(main())
