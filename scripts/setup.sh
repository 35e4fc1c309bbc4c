#!/usr/bin/env bash
# Installs what amm-sim needs on this machine, then builds it.
#  - Debian/Ubuntu: the compiler and Cairo/Pango development packages that the chart renderer's
#    native `canvas` package needs to build from source (installed with apt-get when missing).
#  - macOS: prints the Homebrew command when Cairo's pkg-config files are missing.
#  - Then `npm ci` (exact versions from package-lock.json) and `npm run build`.
# The chart renderer is an optional dependency: if `canvas` cannot be built, npm ci still
# succeeds; `amm-sim run` then stops with RENDERER_MISSING, saying how to install it, and
# `amm-sim run --no-charts` writes every report file but the PNGs.
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(build-essential pkg-config libcairo2-dev libpango1.0-dev libjpeg-dev libgif-dev librsvg2-dev)

if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${debian_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "setup: installing ${missing[*]} (needed to build the chart renderer)" >&2
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
elif [ "$(uname -s)" = "Darwin" ] && ! pkg-config --exists cairo pangocairo 2>/dev/null; then
  echo "setup: the chart renderer needs Cairo and Pango; install them with:" >&2
  echo "  brew install pkg-config cairo pango libpng jpeg giflib librsvg" >&2
fi

npm ci --no-audit --no-fund
npm run build
