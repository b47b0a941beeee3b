#!/usr/bin/env bash
# `npm test`: typecheck, lint, unit + integration tests, then the e2e suite in Chromium — all inside one private
# D-Bus session with an unlocked gnome-keyring, so keychain tests use the real Secret Service.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${QIAO_KEYRING_READY:-}" != "1" ]; then exec bash scripts/with-keyring.sh bash "$0" "$@"; fi

step() { printf '\n== %s ==\n' "$1"; }
step "typecheck" && npm run --silent typecheck
step "lint" && npm run --silent lint
step "unit + integration (vitest)" && npx vitest run
step "build (electron-vite)" && npx electron-vite build --logLevel warn
step "bundled reader worker" && node scripts/check-reader-worker.mjs
step "e2e (Playwright + Chromium through the harness)" && npx playwright test
