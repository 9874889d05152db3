#!/usr/bin/env bash
# Build the C scanner core with AddressSanitizer and UndefinedBehaviorSanitizer and
# run the native, equivalence and context-word tests on it (both C paths, against the fallback and
# the oracle). Exits non-zero on any test failure or sanitizer report.
#
# The sanitized module is built in a scratch copy of the package, put first on
# PYTHONPATH, so the installed (optimised) build is left alone.
#
#   bash scripts/sanitize.sh                        # the default Hypothesis profile
#   HYPOTHESIS_PROFILE=dev bash scripts/sanitize.sh # 10x more examples
#   bash scripts/sanitize.sh tests/test_native.py   # other test paths
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
python=${PYTHON:-$root/.venv/bin/python}
cc=${CC:-gcc}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src"
cp -r src/pansafe "$work/src/pansafe"
find "$work/src" \( -name '__pycache__' -o -name '_core*.so' -o -name '_core.c' -o -name '*.o' \) \
    -prune -exec rm -rf {} +

export PANSAFE_CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -O1 -g"
echo "== building the core with: $PANSAFE_CFLAGS"
(cd "$work/src" && "$python" pansafe/_native/build.py >"$work/build.log" 2>&1) || {
    cat "$work/build.log"
    exit 1
}

asan=$("$cc" -print-file-name=libasan.so)
ubsan=$("$cc" -print-file-name=libubsan.so)
export LD_PRELOAD="$asan:$ubsan"
# Reports go to files: pytest captures file descriptor 2, and an abort loses it.
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:detect_stack_use_after_return=1:log_path=$work/report"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$work/report"
export PYTHONMALLOC=malloc # let ASan see every allocation, bytes objects included
export PYTHONPATH="$work/src"
export PANSAFE_BACKEND=native

# The tests must run on the sanitized build, not the installed one.
"$python" - "$work/src" <<'PY'
import sys
from pansafe import _native
assert _native.__file__.startswith(sys.argv[1]), _native.__file__
print(f"== sanitized core: {_native.__file__} ({_native.SIMD})")
PY

tests=("$@")
if [ ${#tests[@]} -eq 0 ]; then
    tests=(tests/test_native.py tests/test_equivalence.py tests/test_context_native.py
        tests/test_detect_native.py tests/test_detect_native_lines.py tests/test_detect_pieces.py
        tests/test_scan_many.py)
fi
status=0
"$python" -m pytest -q -p no:cacheprovider "${tests[@]}" || status=$?
if compgen -G "$work/report*" >/dev/null; then
    cat "$work"/report* >&2
    echo "== sanitizer report above: FAILED" >&2
    exit 1
fi
if [ "$status" -ne 0 ]; then
    echo "== tests failed under the sanitizers (exit $status)" >&2
    exit "$status"
fi
echo "== sanitizers clean"
