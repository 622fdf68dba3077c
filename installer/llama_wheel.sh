#!/usr/bin/env bash
# Prints the path of the portable llama-cpp-python wheel, compiling it first when missing.
#
# pip's wheel cache is keyed by the sdist, not by CMAKE_ARGS: it would hand back the
# -march=native wheel of the development .venv. So this wheel is built without pip's cache and
# kept in $LLAMA_WHEELS (see llama_flags.sh), or taken from build/wheelhouse/ offline.
# Compiles with build/bundle-venv (installer/build_bundle.sh creates it), or with the Python
# that LLAMA_WHEEL_PYTHON names (the development set-up passes its .venv).
set -euo pipefail
cd "$(dirname "$0")/.."
source installer/llama_flags.sh
PY=${LLAMA_WHEEL_PYTHON:-build/bundle-venv/bin/python}
WHEELHOUSE=build/wheelhouse
shopt -s nullglob

wheel=("$LLAMA_WHEELS"/llama_cpp_python-"$LLAMA_VERSION"-*.whl)
[[ ${wheel[*]-} ]] || wheel=("$WHEELHOUSE"/llama_cpp_python-"$LLAMA_VERSION"-*.whl)
if [[ ! ${wheel[*]-} ]]; then
  pip_source=()
  [[ ${TROLY_OFFLINE:-0} == 1 ]] && pip_source=(--no-index --find-links "$PWD/$WHEELHOUSE")
  echo "bundle: compiling llama.cpp for a portable x86-64 baseline (~5 min on 2 cores)" >&2
  mkdir -p "$LLAMA_WHEELS"
  CMAKE_ARGS="$LLAMA_CMAKE_ARGS" CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)} \
    "$PY" -m pip wheel -q --no-cache-dir --no-deps "${pip_source[@]}" -w "$LLAMA_WHEELS" \
    "llama-cpp-python==$LLAMA_VERSION" >&2
  echo "$LLAMA_CMAKE_ARGS" >"$LLAMA_WHEELS/CMAKE_ARGS.txt"
  wheel=("$LLAMA_WHEELS"/llama_cpp_python-"$LLAMA_VERSION"-*.whl)
fi
echo "${wheel[0]}"
