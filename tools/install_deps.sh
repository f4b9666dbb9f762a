#!/usr/bin/env bash
# install_deps.sh: installs the Debian 12 packages the project needs, when
# any is missing.  Prints what it installs; exits non-zero with a message
# when it cannot install.
set -euo pipefail

packages=(
  cmake make g++ clang libclang-rt-14-dev
  libgtest-dev libgmock-dev
  nlohmann-json3-dev libcli11-dev libssl-dev
  python3 python3-pytest python3-jsonschema
  chromium  # The HTML report is checked as a browser renders it.
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install_deps: installing missing packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "install_deps: need root or sudo to install: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
if ! "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; then
  echo "install_deps: apt-get install failed; trying again after apt-get update" >&2
  "${sudo[@]}" apt-get update || true
  if ! "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; then
    echo "install_deps: cannot install: ${missing[*]} (see apt-get output above)" >&2
    exit 1
  fi
fi
