#!/usr/bin/env bash
# Builds pkg/, the npm package: two builds of the same core — baseline wasm32 and one with the
# SIMD128 extension (SHA-256 ~1.4x faster, BENCHMARKS.md) — sharing one wasm-bindgen JS glue; the
# worker picks the SIMD build where the engine validates SIMD. Both are optimised by the npm
# `binaryen` wasm-opt (never Debian's v108, which breaks wasm-bindgen's externref table). Then the
# JS glue of src/js/ is added.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

wasm-pack --quiet build --release --target web --out-dir pkg --out-name vanban --no-opt -- --features wasm

# The SIMD build, in its own target dir so the two builds do not invalidate each other's cache.
simd_target=target/simd
RUSTFLAGS="-C target-feature=+simd128" cargo build --quiet --release --lib \
  --target wasm32-unknown-unknown --features wasm --target-dir "$simd_target"
rm -rf "$simd_target/bindgen"
wasm-bindgen --target web --out-dir "$simd_target/bindgen" --out-name vanban \
  "$simd_target/wasm32-unknown-unknown/release/vanban.wasm"
if ! cmp -s "$simd_target/bindgen/vanban.js" pkg/vanban.js; then
  echo "build-pkg: the SIMD build's JS glue differs from the baseline's; one glue cannot serve both" >&2
  exit 1
fi

# The features rustc enables by default for wasm32-unknown-unknown (wasm-bindgen drops the
# target_features section, so wasm-opt cannot detect them).
features=(--enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue)
opt() { node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers "${features[@]}" "$@"; }
opt pkg/vanban_bg.wasm -o pkg/vanban_bg.wasm
opt --enable-simd "$simd_target/bindgen/vanban_bg.wasm" -o pkg/vanban_bg.simd.wasm

node scripts/package.mjs
