"""Shared fixtures: every backend, and Hypothesis profiles.

The ``backend`` fixture runs a test once per available scanner backend by
swapping every backend attribute of ``pansafe._backend`` (``_backend.bind``):
``find_candidates`` and the twins above it, the context-word finder and the detect
step, which is what the scanner calls
(as markupsafe's ``tests/conftest.py`` runs each test on ``_native`` and
``_speedups``). The C core joins the list as soon as ``pansafe._native`` imports.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest
from hypothesis import HealthCheck, settings

import pansafe
from pansafe import _backend, _fallback

FindCandidates = Callable[[bytes], list[tuple[int, int, int]]]


def _available_backends() -> dict[str, FindCandidates]:
    backends: dict[str, FindCandidates] = {"python": _fallback.find_candidates}
    try:
        from pansafe import _native
    except ImportError:
        pass
    else:
        backends["native"] = _native.find_candidates
    return backends


#: Backend name -> its ``find_candidates``; ``("python",)`` until the C core is built.
BACKENDS = _available_backends()


# The backend fixture is function-scoped but only swaps a module attribute that
# stays the same for every example of a test, so sharing it across examples is safe.
_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.function_scoped_fixture]}
settings.register_profile("ci", max_examples=200, **_COMMON)
settings.register_profile("dev", max_examples=2000, **_COMMON)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)


@pytest.fixture(params=tuple(BACKENDS))
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run the test with ``pansafe._backend`` set to one backend."""
    name: str = request.param
    for attribute, value in _backend.bind(name).items():
        if attribute != "NAME":
            monkeypatch.setattr(_backend, attribute, value)
    yield name


def pytest_report_header(config: pytest.Config) -> list[str]:
    requested = os.environ.get("PANSAFE_BACKEND") or "auto"
    return [
        f"pansafe backend: {pansafe.backend} (PANSAFE_BACKEND={requested}); "
        f"tests run on: {', '.join(BACKENDS)}",
        f"hypothesis profile: {PROFILE} (HYPOTHESIS_PROFILE=ci|dev)",
    ]
