#!/usr/bin/env bash
# `make run`: the app on a screen, or the headless main job where there is no screen.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z ${DISPLAY:-}${WAYLAND_DISPLAY:-} && ${QT_QPA_PLATFORM:-} != offscreen ]]; then
  echo "Không có màn hình (DISPLAY chưa đặt): chạy tác vụ không giao diện thay cho cửa sổ."
  echo "No display: running the headless main job instead of the window."
  # The headless main job: summarize the bundled sample report, with its sources.
  exec .venv/bin/troly summarize resources/samples/bao-cao-87-ket-qua-quy-3.pdf --style brief --no-cache
fi
exec .venv/bin/troly gui
