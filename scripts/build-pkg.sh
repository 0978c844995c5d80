#!/usr/bin/env bash
# Builds pkg/, the npm package: two builds of the same core — baseline wasm32 and one with the
# SIMD128 extension (SHA-256 ~1.4x faster, BENCHMARKS.md) — sharing one wasm-bindgen JS glue; the
# worker picks the SIMD build where the engine validates SIMD. Both are optimised by the npm
# `binaryen` wasm-opt (never Debian's v108, which breaks wasm-bindgen's externref table). Then the
# JS glue of src/js/ is added.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# The full module (vanban.js: everything, the signature bindings included) and the text module
# (vanban_text.js: hashing and extraction only, loaded first by pages that only read documents).
wasm-pack --quiet build --release --target web --out-dir pkg --out-name vanban --no-opt -- --features wasm,signatures

# Each other build in its own target dir so that the builds do not invalidate each other's cache.
build() { # name target-dir features rustflags
  RUSTFLAGS="$4" cargo build --quiet --release --lib --target wasm32-unknown-unknown --features "$3" --target-dir "$2"
  rm -rf "$2/bindgen"
  wasm-bindgen --target web --out-dir "$2/bindgen" --out-name "$1" "$2/wasm32-unknown-unknown/release/vanban.wasm"
}
simd_target=target/simd
text_target=target/text
text_simd_target=target/text-simd
build vanban "$simd_target" wasm,signatures "-C target-feature=+simd128"
build vanban_text "$text_target" wasm ""
build vanban_text "$text_simd_target" wasm "-C target-feature=+simd128"
for pair in "$simd_target/bindgen/vanban.js pkg/vanban.js" "$text_simd_target/bindgen/vanban_text.js $text_target/bindgen/vanban_text.js"; do
  set -- $pair
  if ! cmp -s "$1" "$2"; then
    echo "build-pkg: the SIMD build's JS glue differs from the baseline's ($1); one glue cannot serve both" >&2
    exit 1
  fi
done
cp "$text_target/bindgen/vanban_text.js" pkg/vanban_text.js
cp "$text_target/bindgen/vanban_text.d.ts" pkg/vanban_text.d.ts
# Both modules import the same errors.js snippet (the crate's): one DocError class.
if ! diff -rq "$text_target/bindgen/snippets" pkg/snippets >/dev/null; then
  echo "build-pkg: the text module's snippets differ from the full module's" >&2
  exit 1
fi

# The features rustc enables by default for wasm32-unknown-unknown (wasm-bindgen drops the
# target_features section, so wasm-opt cannot detect them).
features=(--enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue)
opt() { node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers "${features[@]}" "$@"; }
opt pkg/vanban_bg.wasm -o pkg/vanban_bg.wasm
opt --enable-simd "$simd_target/bindgen/vanban_bg.wasm" -o pkg/vanban_bg.simd.wasm
opt "$text_target/bindgen/vanban_text_bg.wasm" -o pkg/vanban_text_bg.wasm
opt --enable-simd "$text_simd_target/bindgen/vanban_text_bg.wasm" -o pkg/vanban_text_bg.simd.wasm

node scripts/package.mjs
