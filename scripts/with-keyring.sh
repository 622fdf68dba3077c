#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a real, unlocked Secret Service
# (gnome-keyring), as the tests and CI need: keyring talks to it like to a desktop's.
# The keyring files live in a throw-away folder, never in the user's own keyring.
set -euo pipefail
if [[ ${TROLY_IN_KEYRING_SESSION:-} != 1 ]]; then
  export TROLY_IN_KEYRING_SESSION=1
  exec dbus-run-session -- "$0" "$@"
fi
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
# A non-empty password creates and unlocks a login keyring; an empty one leaves it locked.
printf 'troly-test-session' | XDG_DATA_HOME=$keyring_home \
  gnome-keyring-daemon --unlock --components=secrets >/dev/null
"$@"
