#!/usr/bin/env bash
# `make bundle`: the PyInstaller one-folder bundle of `troly` in dist/troly/.
#
# Uses its own virtualenv (build/bundle-venv), never the development .venv: the development
# llama.cpp is compiled with -march=native, the bundle's for a portable x86-64 baseline.
# Safe to run again: each step does only what is missing. With TROLY_OFFLINE=1, everything comes
# from build/wheelhouse (`make wheelhouse`): nothing is fetched from any registry.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

source installer/llama_flags.sh  # LLAMA_VERSION, LLAMA_CMAKE_ARGS, LLAMA_ISA, LLAMA_WHEELS
shopt -s nullglob
PYINSTALLER_PINS=(pyinstaller==6.22.3 pyinstaller-hooks-contrib==2026.9)

VENV=build/bundle-venv
WHEELHOUSE=build/wheelhouse

# --- system packages (as scripts/setup.sh: only what is missing) -------------------------------
BUILD_PACKAGES=(python3 python3-venv python3-dev build-essential cmake binutils)
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${BUILD_PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ $status == "install ok installed" ]] || missing+=("$pkg")
  done
fi
if ((${#missing[@]})); then
  echo "bundle: installing system packages: ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

pip_source=()
if [[ ${TROLY_OFFLINE:-0} == 1 ]]; then
  pip_source=(--no-index --find-links "$ROOT/$WHEELHOUSE")
  echo "bundle: offline build from $WHEELHOUSE"
fi

# --- the build venv -----------------------------------------------------------------------------
if [[ ! -x $VENV/bin/python ]]; then
  echo "bundle: creating $VENV"
  python3 -m venv "$VENV"
fi
PY=$VENV/bin/python

# --- llama-cpp-python for a portable baseline ---------------------------------------------------
wheel=("$(bash installer/llama_wheel.sh)")
wheel_sha=$(sha256sum "${wheel[0]}" | cut -d' ' -f1)
if [[ $(cat "$VENV/.llama-portable" 2>/dev/null || true) != "$wheel_sha" ]]; then
  "$PY" -m pip install -q --no-deps --force-reinstall "${wheel[0]}"
  echo "$wheel_sha" >"$VENV/.llama-portable"
fi

# --- TroLy, its dependencies and PyInstaller ----------------------------------------------------
# Reinstalled every time (a few seconds): the bundle must carry the code and version of now.
"$PY" -m pip install -q "${pip_source[@]}" "${PYINSTALLER_PINS[@]}"
"$PY" -m pip install -q "${pip_source[@]}" --find-links "$LLAMA_WHEELS" .
"$PY" -m pip install -q "${pip_source[@]}" --no-deps --force-reinstall .
rm -rf desktop/troly.egg-info  # setuptools leaves it in the source tree

# --- translations, compiled outside the source tree ---------------------------------------------
mkdir -p build/qm
for ts in resources/i18n/*.ts; do
  "$VENV/bin/pyside6-lrelease" -silent "$ts" -qm "build/qm/$(basename "${ts%.ts}").qm"
done

# --- the bundle ---------------------------------------------------------------------------------
"$VENV/bin/pyinstaller" --noconfirm --log-level WARN \
  --workpath build/pyinstaller --distpath dist installer/troly.spec

# --- check the instruction sets, then record them -----------------------------------------------
cpu_lib=(dist/troly/_internal/llama_cpp/lib/libggml-cpu.so*)
if objdump -d --no-show-raw-insn "${cpu_lib[0]}" | grep -q '%zmm'; then
  echo "bundle: ${cpu_lib[0]} uses AVX-512: the portable build flags were not applied" >&2
  exit 1
fi
version=$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
cat >dist/troly/BUILD-INFO.txt <<EOF
TroLy $version (commit $commit), built $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(uname -sm)
Python $("$PY" -c 'import platform; print(platform.python_version())'), PyInstaller $("$VENV/bin/pyinstaller" --version)
llama-cpp-python $LLAMA_VERSION, llama.cpp compiled with: $(cat "$LLAMA_WHEELS/CMAKE_ARGS.txt" 2>/dev/null || echo "$LLAMA_CMAKE_ARGS")
CPU required: $LLAMA_ISA
  (Intel Core 4th generation "Haswell" 2013 or later, AMD "Excavator" 2015 / Zen or later;
   checked at build time: no AVX-512 instruction in libggml-cpu)
OCR: the system's tesseract with Vietnamese data (Debian: tesseract-ocr, tesseract-ocr-vie)
EOF

dist/troly/troly --version
echo "bundle: dist/troly/ $(du -sh dist/troly | cut -f1)"
