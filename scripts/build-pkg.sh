#!/usr/bin/env bash
# Builds pkg/, the npm package: wasm-pack output, optimised by the npm `binaryen` wasm-opt (never
# Debian's v108, which breaks wasm-bindgen's externref table), plus the JS glue of src/js/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

wasm-pack --quiet build --release --target web --out-dir pkg --out-name vanban --no-opt -- --features wasm
# The features rustc enables by default for wasm32-unknown-unknown (wasm-bindgen drops the
# target_features section, so wasm-opt cannot detect them).
node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  pkg/vanban_bg.wasm -o pkg/vanban_bg.wasm
node scripts/package.mjs
