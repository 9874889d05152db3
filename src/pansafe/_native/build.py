"""cffi build script for the C scanner core (API, out-of-line mode).

``setup.py`` names ``ffibuilder`` in ``cffi_modules``, so ``pip install .``
compiles ``pansafe._native._core`` from the bundled sources. The cdef is read
from ``pansafe.h``, the whole ABI, with its preprocessor lines stripped.

No ``-march=native``: the wheel must run on any x86-64 CPU, so the AVX2 code is
compiled per function (``__attribute__((target("avx2")))``) and chosen at run
time. ``PANSAFE_CFLAGS`` adds compiler flags (the sanitizer build uses it).
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from cffi import FFI

HERE = Path(__file__).resolve().parent
SOURCES = ["scan.c", "rules.c", "portable.c", "avx2.c", "keywords.c", "detect.c", "utf8.c"]


def _cdef(header: Path) -> str:
    lines = header.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.lstrip().startswith("#"))


def _compile_args() -> list[str]:
    if sys.platform == "win32":
        args = ["/O2"]
    else:
        args = ["-O3", "-std=c11", "-Wall", "-Wextra", "-fvisibility=hidden"]
    return args + shlex.split(os.environ.get("PANSAFE_CFLAGS", ""))


def _link_args() -> list[str]:
    # The sanitizer flags must reach the linker too.
    return shlex.split(os.environ.get("PANSAFE_LDFLAGS", os.environ.get("PANSAFE_CFLAGS", "")))


ffibuilder = FFI()
ffibuilder.cdef(_cdef(HERE / "pansafe.h"))
ffibuilder.set_source(
    "pansafe._native._core",
    '#include "pansafe.h"',
    # Relative to the project root, where setup.py runs: absolute paths would
    # end up in the sdist's SOURCES.txt.
    sources=[os.path.relpath(HERE / name) for name in SOURCES],
    include_dirs=[os.path.relpath(HERE)],
    depends=[os.path.relpath(HERE / name) for name in ("pansafe.h", "internal.h")],
    extra_compile_args=_compile_args(),
    extra_link_args=_link_args(),
)

if __name__ == "__main__":
    ffibuilder.compile(verbose=True)
