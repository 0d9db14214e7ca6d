"""Voilà's pool of preheated kernels, sized to a meeting and refilled without hurting it.

Voilà 0.5 (``voila_kernel_manager_factory``) keeps ``pool_size`` kernels per notebook, each
having already run the notebook up to ``wait_for_request()``. Measured with twenty visitors
arriving at once on two cores, its stock behaviour hurts a meeting in three ways: it counts
the refills it has just queued as pool members (visitor N+1 is handed a kernel that has not
started yet and waits for it), it refills each kernel as soon as one is taken (twenty more
kernels start while the twenty visitors' pages load: twice the memory, and the cores go to
the refills) and it starts every pooled kernel at once (twenty kernels importing pandas
together). ``meeting_kernel_manager`` adds four settings (``MeetingKernelManager.…``):

* ``ready_only`` (True): a visitor gets a pooled kernel only if one is ready; otherwise an
  ordinary kernel is started for them at once;
* ``refill_quiet_period`` (s, 30): refill only once no pooled kernel was taken for this long;
* ``refill_size`` (2): kernels kept ready for late-comers after the first visitor came;
* ``max_concurrent_starts`` (2): pooled kernels started (and run) at the same time.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any

from traitlets import Bool, Float, Int


def meeting_kernel_manager(stock: type) -> type:
    """Voilà's ``VoilaKernelManager`` class ``stock`` with the meeting's settings."""

    class MeetingKernelManager(stock):
        ready_only = Bool(True, config=True, help="Give out only kernels that are started.")
        refill_quiet_period = Float(
            30, config=True, help="Refill once no pooled kernel was taken for this long (s).")
        refill_size = Int(2, config=True, help="Kernels kept ready after the first visitor.")
        max_concurrent_starts = Int(2, config=True,
                                    help="Pooled kernels starting at once (0: no limit).")
        start_hold_timeout = Float(
            60, config=True, help="Longest a start keeps its slot while its notebook runs (s).")

        def __init__(self, **kwargs: Any) -> None:
            self._start_slots: asyncio.Semaphore | None = None
            self._last_take: dict[str, float] = {}
            self._watchers: dict[str, asyncio.Task] = {}
            self._used: set[str] = set()
            super().__init__(**kwargs)

        # --- which kernels count as ready ------------------------------------------------------
        @staticmethod
        def _ready(task: asyncio.Task) -> bool:
            return task.done() and not task.cancelled() and task.exception() is None

        def get_pool_size(self, notebook_name: str) -> int:
            pool = self._pools.get(notebook_name, [])
            if not self.ready_only:
                return len(pool)
            return sum(1 for task in pool if self._ready(task))

        async def get_rendered_notebook(self, notebook_name: str,
                                        extra_kernel_env_variables: dict | None = None,
                                        **kwargs: Any):
            pool = self._pools.get(notebook_name, [])
            if self.ready_only:  # Voilà takes the first task: put a ready one first
                for i, task in enumerate(pool):
                    if self._ready(task):
                        pool.insert(0, pool.pop(i))
                        break
            return await super().get_rendered_notebook(
                notebook_name, extra_kernel_env_variables or {}, **kwargs)

        # --- when and how many to refill -------------------------------------------------------
        def _target(self, notebook_name: str) -> int:
            default = self.kernel_pools_config.get("default", {})
            config = self.kernel_pools_config.get(notebook_name, default)
            size = int(config.get("pool_size", default.get("pool_size", 1)))
            if notebook_name in self._used:
                return min(size, self.refill_size)
            return size

        def fill_if_needed(self, delay: float | None = None, notebook_name: str | None = None,
                           extra_kernel_env_variables: dict | None = None,
                           **kwargs: Any) -> None:
            if delay is None and notebook_name is not None:  # a visitor just took a kernel
                self._used.add(notebook_name)
                self._last_take[notebook_name] = time.monotonic()
                watcher = self._watchers.get(notebook_name)
                if watcher is None or watcher.done():
                    self._watchers[notebook_name] = asyncio.get_event_loop().create_task(
                        self._refill_when_quiet(notebook_name, dict(kwargs)))
                return
            self._fill(delay, notebook_name, extra_kernel_env_variables or {}, **kwargs)

        def _fill(self, delay: float | None, notebook_name: str | None,
                  extra_kernel_env_variables: dict, **kwargs: Any) -> None:
            pools = self.kernel_pools_config
            if notebook_name is not None:
                config = dict(pools.get(notebook_name, pools.get("default", {})))
                config["pool_size"] = self._target(notebook_name)
                # Voilà reads the size from kernel_pools_config: the target, for this call only
                self.kernel_pools_config = {**pools, notebook_name: config}
            try:
                super().fill_if_needed(delay=delay, notebook_name=notebook_name,
                                       extra_kernel_env_variables=extra_kernel_env_variables,
                                       **kwargs)
            finally:
                self.kernel_pools_config = pools

        async def _refill_when_quiet(self, notebook_name: str, kwargs: dict) -> None:
            while True:
                idle = time.monotonic() - self._last_take.get(notebook_name, 0.0)
                if idle >= self.refill_quiet_period:
                    break
                await asyncio.sleep(self.refill_quiet_period - idle + 0.05)
            self.log.info("Meeting: no visitor for %.0f s, keeping %d kernel(s) ready for %s",
                          self.refill_quiet_period, self._target(notebook_name), notebook_name)
            self._fill(0, notebook_name, {}, **kwargs)

        # --- how many start at once ------------------------------------------------------------
        async def _initialize(self, notebook_path: str, kernel_id: str | None = None,
                              **kwargs: Any):
            if kernel_id is not None or self.max_concurrent_starts <= 0:
                return await super()._initialize(notebook_path, kernel_id, **kwargs)
            if self._start_slots is None:
                self._start_slots = asyncio.Semaphore(self.max_concurrent_starts)
            async with self._start_slots:
                content = await super()._initialize(notebook_path, kernel_id, **kwargs)
                # keep the slot while the notebook runs, until it waits for its visitor
                # (wait_for_request() opens /voila/query/<kernel>) or ends
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(self._prepared(content), self.start_hold_timeout)
                return content

        @staticmethod
        async def _prepared(content: dict) -> None:
            from voila.request_info_handler import RequestInfoSocketHandler

            task, kernel = content["task"], content["kernel_id"]
            while not task.done() and kernel not in RequestInfoSocketHandler._waiters:
                await asyncio.sleep(0.2)

    return MeetingKernelManager
