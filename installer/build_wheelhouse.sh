#!/usr/bin/env bash
# `make wheelhouse`: every wheel the installer build needs, in build/wheelhouse/, so that an
# offline build machine rebuilds the bundle with nothing but this folder:
#   TROLY_OFFLINE=1 make bundle   (pip gets --no-index --find-links build/wheelhouse)
# or by hand: pip install --no-index --find-links build/wheelhouse <requirement>
# Holds: TroLy's dependencies, PyInstaller, setuptools/wheel (to build TroLy itself), the portable
# llama-cpp-python wheel, and llama-cpp-python's sdist with its build requirements (to recompile
# it with other flags).
set -euo pipefail
cd "$(dirname "$0")/.."
source installer/llama_flags.sh
OUT=build/wheelhouse
VENV=build/bundle-venv

[[ -x $VENV/bin/python ]] || python3 -m venv "$VENV"
PY=$VENV/bin/python
mkdir -p "$OUT"

# TroLy's runtime requirements from pyproject.toml (one place for versions), minus llama.cpp,
# whose portable wheel is built here, plus what llama-cpp-python itself requires.
mapfile -t requirements < <("$PY" - <<'PYEOF'
import tomllib
deps = tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]
for dep in deps:
    if not dep.replace("_", "-").lower().startswith("llama-cpp-python"):
        print(dep.split("#")[0].strip())
for dep in ("numpy>=1.20.0", "typing-extensions>=4.5.0", "diskcache>=5.6.1", "jinja2>=2.11.3"):
    print(dep)
PYEOF
)
build_tools=(pyinstaller==6.22.3 pyinstaller-hooks-contrib==2026.9 "setuptools>=77" wheel pip)

"$PY" -m pip download -q -d "$OUT" --only-binary=:all: "${requirements[@]}" "${build_tools[@]}"
# llama-cpp-python's sources and what its build backend needs (scikit-build-core, cmake, ninja).
"$PY" -m pip download -q -d "$OUT" --no-deps --no-binary=:all: "llama-cpp-python==$LLAMA_VERSION"
"$PY" -m pip download -q -d "$OUT" --only-binary=:all: "scikit-build-core>=0.9.2" cmake ninja

cp "$(bash installer/llama_wheel.sh)" "$OUT/"

# Prove it: resolve everything again from the folder alone.
"$PY" -m pip install -q --dry-run --ignore-installed --no-index --find-links "$OUT" \
  "${requirements[@]}" "${build_tools[@]}" "llama-cpp-python==$LLAMA_VERSION"
echo "wheelhouse: $OUT $(ls "$OUT" | wc -l) files, $(du -sh "$OUT" | cut -f1)"
