"""Builds the C scanner core with cffi; everything else is in pyproject.toml.

If the core cannot be compiled (no C compiler), pansafe installs without it and
runs on its pure-Python backend: ``pansafe.backend`` is then "python", and
``PANSAFE_BACKEND=auto`` warns once at import.
"""

from __future__ import annotations

import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class OptionalBuildExt(build_ext):
    """build_ext that turns a failed compile into a warning."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # distutils raises several unrelated types here
            self._warn(exc)

    def build_extension(self, ext: Extension) -> None:
        try:
            super().build_extension(ext)
        except Exception as exc:
            self._warn(exc)

    @staticmethod
    def _warn(exc: Exception) -> None:
        bar = "*" * 78
        print(
            f"\n{bar}\nWARNING: pansafe's C scanner core could not be built ({exc}).\n"
            "pansafe is installed with its pure-Python backend only, which is much slower.\n"
            "Install a C compiler and reinstall pansafe to get the native core.\n"
            f"{bar}\n",
            file=sys.stderr,
        )


setup(
    cffi_modules=["src/pansafe/_native/build.py:ffibuilder"],
    cmdclass={"build_ext": OptionalBuildExt},
)
