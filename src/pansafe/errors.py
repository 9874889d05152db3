"""Exceptions. Every error pansafe raises derives from :class:`PansafeError`.

Messages never quote the scanned input: an error about card data must not leak it.
"""

from __future__ import annotations

__all__ = ["BackendError", "ConfigError", "InputError", "PansafeError"]


class PansafeError(Exception):
    """Root of pansafe's exceptions."""


class InputError(PansafeError, TypeError):
    """The input is of the wrong type or cannot be read."""


class ConfigError(PansafeError, ValueError):
    """An option is invalid, e.g. an unknown kind or hashing without a key."""


class BackendError(PansafeError, RuntimeError):
    """The requested scanner backend is not available."""
