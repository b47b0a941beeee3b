#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a fresh, unlocked gnome-keyring, so tests use the real
# Secret Service without touching the user's own keychain. A fresh XDG_DATA_HOME each run: a keyring left
# from an earlier run with another password would stay locked.
set -euo pipefail
if [ "${QIAO_KEYRING_READY:-}" = "1" ]; then exec "$@"; fi
for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "with-keyring: '$tool' is missing; install the Debian packages dbus and gnome-keyring (see README)." >&2
    exit 1
  fi
done
exec dbus-run-session -- bash -c '
  set -euo pipefail
  export XDG_DATA_HOME="$(mktemp -d)"
  export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
  trap "rm -rf \"$XDG_DATA_HOME\"" EXIT
  eval "$(printf "qiao-test" | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null
  export QIAO_KEYRING_READY=1
  "$@"
' with-keyring "$@"
