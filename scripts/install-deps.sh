#!/usr/bin/env bash
# Installs what Reseed and its tests need on a Debian/Ubuntu machine, then the npm packages.
# Idempotent: apt runs only when a package is missing. The npm install skips Electron's binary
# download and onnxruntime-node's CUDA download (see README: "Installing").
set -euo pipefail
cd "$(dirname "$0")/.."

# python3-*: the training pipeline and its tests; dataset-fashion-mnist: the default pack's data;
# chromium: the browser the end-to-end tests drive.
PACKAGES=(
  python3-torch python3-onnx python3-numpy python3-yaml python3-pil python3-pytest
  python3-jsonschema dataset-fashion-mnist chromium
)

if ! command -v node >/dev/null 2>&1; then
  echo "install-deps: Node.js >= 20.19 is needed (https://nodejs.org or your distribution's nodesource packages)." >&2
  exit 1
fi
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
  echo "install-deps: Node.js >= 20.19 is needed, this is $(node -v)." >&2
  exit 1
fi

if command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for pkg in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  if ((${#missing[@]} == 0)); then
    echo "install-deps: Debian packages already present."
  else
    sudo=()
    if [[ $(id -u) -ne 0 ]]; then
      if ! command -v sudo >/dev/null 2>&1; then
        echo "install-deps: run as root or install sudo; missing: ${missing[*]}" >&2
        exit 1
      fi
      sudo=(sudo)
    fi
    echo "install-deps: installing ${missing[*]}"
    "${sudo[@]}" apt-get update
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  fi
else
  echo "install-deps: not a Debian system; install by hand: PyTorch, onnx, numpy, PyYAML, Pillow," >&2
  echo "  pytest, jsonschema for Python 3, the Fashion-MNIST data set and Chromium. Continuing with npm." >&2
fi

ELECTRON_SKIP_BINARY_DOWNLOAD=1 ONNXRUNTIME_NODE_INSTALL=skip npm ci
