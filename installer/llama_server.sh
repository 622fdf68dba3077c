#!/usr/bin/env bash
# Prints the path of llama.cpp's own `llama-server`, compiling it first when missing.
#
# The tests of the on-prem engine (RemoteEngine) run against this real server. It is compiled
# from the llama.cpp sources that the pinned llama-cpp-python sdist vendors (vendor/llama.cpp),
# so the server and the embedded engine are the same llama.cpp, with the same portable flags
# (installer/llama_flags.sh; never -march=native: its AMX kernels crash on Sapphire Rapids).
# Only the server target is built, statically linked, without the web UI (which the build would
# otherwise try to download) and without OpenSSL. The binary is kept outside the work tree, next
# to the portable wheel, so a fresh clone on the same machine reuses it: it compiles once.
set -euo pipefail
cd "$(dirname "$0")/.."
source installer/llama_flags.sh
PY=${LLAMA_WHEEL_PYTHON:-.venv/bin/python}
WHEELHOUSE=build/wheelhouse
SERVER_CMAKE_ARGS="$LLAMA_CMAKE_ARGS -DBUILD_SHARED_LIBS=OFF -DLLAMA_BUILD_SERVER=ON \
-DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_UI=OFF \
-DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_OPENSSL=OFF -DCMAKE_BUILD_TYPE=Release"
DIR=${TROLY_BUILD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/troly-build}/llama-server-$LLAMA_VERSION-$(printf '%s' "$SERVER_CMAKE_ARGS" | sha256sum | cut -c1-12)
SERVER=$DIR/llama-server

if [[ ! -x $SERVER ]]; then
  mkdir -p "$DIR"
  sdist=()
  for candidate in "$DIR" "$WHEELHOUSE"; do  # a downloaded or bundled sdist, if there is one
    [[ -f $candidate/llama_cpp_python-$LLAMA_VERSION.tar.gz ]] &&
      sdist+=("$candidate/llama_cpp_python-$LLAMA_VERSION.tar.gz")
  done
  if [[ ${#sdist[@]} -eq 0 ]]; then
    pip_source=()
    [[ ${TROLY_OFFLINE:-0} == 1 ]] && pip_source=(--no-index --find-links "$PWD/$WHEELHOUSE")
    "$PY" -m pip download -q --no-deps --no-binary=:all: "${pip_source[@]}" -d "$DIR" \
      "llama-cpp-python==$LLAMA_VERSION" >&2
    sdist=("$DIR"/llama_cpp_python-"$LLAMA_VERSION".tar.gz)
  fi
  echo "setup: compiling llama-server from llama-cpp-python $LLAMA_VERSION's llama.cpp (once, several minutes)" >&2
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  tar xzf "${sdist[0]}" -C "$work" "llama_cpp_python-$LLAMA_VERSION/vendor/llama.cpp"
  src=$work/llama_cpp_python-$LLAMA_VERSION/vendor/llama.cpp
  # shellcheck disable=SC2086 # the flags are words
  cmake -S "$src" -B "$work/build" $SERVER_CMAKE_ARGS >"$work/configure.log" 2>&1 ||
    { tail -30 "$work/configure.log" >&2; exit 1; }
  nice cmake --build "$work/build" --target llama-server \
    -j "${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}" >"$work/build.log" 2>&1 ||
    { tail -30 "$work/build.log" >&2; exit 1; }
  install -m 0755 "$work/build/bin/llama-server" "$SERVER.tmp"
  mv "$SERVER.tmp" "$SERVER"  # atomic: an interrupted build never leaves a half binary
  echo "$SERVER_CMAKE_ARGS" >"$DIR/CMAKE_ARGS.txt"
fi
echo "$SERVER"
