"""Run one function in several threads at once: for the tests that check that C
calls, which release the GIL, keep each thread's results apart."""

from __future__ import annotations

import threading
from collections.abc import Callable


def run_in_threads(work: Callable[[], None], count: int = 4) -> None:
    """Start ``count`` threads running ``work`` and wait for all of them."""
    threads = [threading.Thread(target=work) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
