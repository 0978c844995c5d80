#!/usr/bin/env bash
# Installs what the build and the tests need, only when missing or at the wrong version.
# Everything comes from crates.io, npm or Debian; nothing downloads a prebuilt binary.
#   scripts/ensure-tools.sh wasm      rustup target, wasm-bindgen-cli (= Cargo.lock), wasm-pack, npm ci
#   scripts/ensure-tools.sh browser   Debian chromium + chromium-driver
#   scripts/ensure-tools.sh bench     poppler-utils, GNU time, DejaVu fonts, reportlab (PyPI)
#   scripts/ensure-tools.sh signing   poppler-utils (pdfsig: the independent check of what we sign)
#   scripts/ensure-tools.sh bridge    softhsm2 and opensc (a real PKCS#11 token for the bridge's tests)
#   scripts/ensure-tools.sh pki       openssl and cryptography (PyPI): the path differential test
#   scripts/ensure-tools.sh fuzz      cargo-fuzz (crates.io; the nightly toolchain via rustup)
#   scripts/ensure-tools.sh firefox   Debian firefox-esr and geckodriver (crates.io)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '==> %s\n' "$*" >&2; }

ensure_wasm() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi

  [ -f Cargo.lock ] || cargo generate-lockfile
  # The CLI must be exactly the version of the wasm-bindgen crate in Cargo.lock.
  local want have
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have" != "$want" ]; then
    say "cargo install wasm-bindgen-cli $want (have: ${have:-none}; takes a few minutes)"
    # opt-level 1 builds the CLI ~4x faster with the same output. --locked can fail when the
    # registry lacks a pinned dependency; the same version unlocked then works.
    CARGO_PROFILE_RELEASE_OPT_LEVEL=1 cargo install wasm-bindgen-cli --version "$want" --locked --force \
      || CARGO_PROFILE_RELEASE_OPT_LEVEL=1 cargo install wasm-bindgen-cli --version "$want" --force
  fi

  if ! command -v wasm-pack >/dev/null; then
    say "cargo install wasm-pack (takes a few minutes)"
    CARGO_PROFILE_RELEASE_OPT_LEVEL=1 cargo install wasm-pack --locked \
      || CARGO_PROFILE_RELEASE_OPT_LEVEL=1 cargo install wasm-pack
  fi

  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "npm ci"
    npm ci --no-audit --no-fund
  fi
}

ensure_browser() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then return; fi
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  say "apt-get install chromium chromium-driver"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver
}

# make bench: poppler's pdftotext and GNU time as peers and meters, DejaVu and reportlab to
# generate the PDF workload.
ensure_bench() {
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  if ! command -v pdftotext >/dev/null || [ ! -x /usr/bin/time ] || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
    say "apt-get install poppler-utils time fonts-dejavu-core"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq poppler-utils time fonts-dejavu-core
  fi
  if ! python3 -c 'import reportlab' 2>/dev/null; then
    say "pip install reportlab"
    python3 -m pip install --quiet reportlab
  fi
  # The size breakdown of the wasm modules in BENCHMARKS.md (about a minute to build).
  if ! command -v twiggy >/dev/null; then
    say "cargo install twiggy"
    CARGO_PROFILE_RELEASE_OPT_LEVEL=1 cargo install twiggy --locked || CARGO_PROFILE_RELEASE_OPT_LEVEL=1 cargo install twiggy
  fi
}

ensure_signing() {
  command -v pdfsig >/dev/null && return
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  say "apt-get install poppler-utils"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq poppler-utils
}

ensure_bridge() {
  [ -f /usr/lib/softhsm/libsofthsm2.so ] && command -v pkcs11-tool >/dev/null && return
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  say "apt-get install softhsm2 opensc"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq softhsm2 opensc
}

# The path-validation differential test: OpenSSL (the oracle) and cryptography (PyPI, to make
# the random hierarchies).
ensure_pki() {
  if ! command -v openssl >/dev/null; then
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    say "apt-get install openssl"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq openssl
  fi
  if ! python3 -c "import cryptography" 2>/dev/null; then
    say "pip install cryptography"
    python3 -m pip install --quiet cryptography
  fi
}

# make fuzz-bridge: cargo-fuzz builds with the nightly toolchain (measured: 33 s to install).
ensure_fuzz() {
  if ! rustup toolchain list | grep -q '^nightly'; then
    say "rustup toolchain install nightly --profile minimal"
    rustup toolchain install nightly --profile minimal
  fi
  if ! command -v cargo-fuzz >/dev/null; then
    say "cargo install cargo-fuzz"
    cargo install cargo-fuzz --locked || cargo install cargo-fuzz
  fi
}

# Firefox ESR for the wasm tests and the smoke test in a second engine; geckodriver built from
# crates.io (the Mozilla binaries are not fetched).
ensure_firefox() {
  if [ ! -x /usr/bin/firefox-esr ]; then
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    say "apt-get install firefox-esr"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq firefox-esr
  fi
  if ! command -v geckodriver >/dev/null; then
    say "cargo install geckodriver (takes a few minutes)"
    CARGO_PROFILE_RELEASE_OPT_LEVEL=1 cargo install geckodriver --locked || CARGO_PROFILE_RELEASE_OPT_LEVEL=1 cargo install geckodriver
  fi
}

for what in "$@"; do
  case "$what" in
    wasm) ensure_wasm ;;
    browser) ensure_browser ;;
    bench) ensure_bench ;;
    signing) ensure_signing ;;
    bridge) ensure_bridge ;;
    pki) ensure_pki ;;
    fuzz) ensure_fuzz ;;
    firefox) ensure_firefox ;;
    *) echo "ensure-tools: unknown '$what'" >&2; exit 2 ;;
  esac
done
