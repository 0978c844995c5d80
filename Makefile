# vanban — the two commands of the README, and the tiers behind them.
#   make demo    build pkg/ and serve the demo on http://127.0.0.1:$(PORT)
#   make test    every tier: lint, native (with the corpus), wasm (Node + Chromium), JS, end to end
#   make bench   benchmarks → BENCHMARKS.md
# Each target installs what it needs when missing (scripts/ensure-tools.sh).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
PORT ?= 8080
export PATH := $(HOME)/.cargo/bin:$(PATH)

WASM_TEST_ENV := CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=300

.PHONY: demo bridge test bench pkg tools browser lint test-native test-mutants mutants-long test-pki-diff pki-diff-long test-wasm test-js test-e2e test-bundlers test-firefox fuzz-bridge clean

demo: pkg
	node scripts/serve.mjs --port $(PORT)

# The demo's signing token: a SoftHSM2 token with the test signers (PIN 1234) behind vanban-bridge
# on 127.0.0.1:9797, allowing the demo's origin. Run beside `make demo`.
bridge:
	scripts/ensure-tools.sh bridge
	cargo build --release -p vanban-bridge
	rm -rf $(CURDIR)/target/softhsm-demo
	SOFTHSM2_CONF=$$(bridge/tests/softhsm-token.sh $(CURDIR)/target/softhsm-demo) VANBAN_DEMO_PIN=1234 \
	  target/release/vanban-bridge --module /usr/lib/softhsm/libsofthsm2.so \
	  --allow-insecure http://127.0.0.1:$(PORT) --pin-env VANBAN_DEMO_PIN --unattended

test: lint test-native test-mutants test-pki-diff test-wasm test-js test-e2e test-bundlers test-firefox
	@echo "make test: every tier passed"

tools:
	scripts/ensure-tools.sh wasm

browser:
	scripts/ensure-tools.sh browser

pkg: tools
	scripts/build-pkg.sh

lint: tools
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy -p vanban-bridge --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --features wasm,signatures --lib --tests -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --features wasm --lib -- -D warnings

test-native:
	scripts/ensure-tools.sh signing bridge
	cargo test
	cargo test -p vanban-bridge

# The attacker suite: incremental-update mutants of signed PDFs (scripts/pdf_mutants.py) judged
# against poppler's rendering; a mutant shown differently that vanban passes fails the run.
# A fixed seed here; `make mutants-long` for the long run (MUTANTS=20000 by default).
MUTANTS ?= 20000
PKI_CASES ?= 10000
test-mutants:
	scripts/ensure-tools.sh signing
	cargo build --example vanban
	python3 tests/mutation/run.py --vanban target/debug/examples/vanban --seed 1 --count 150 --synth

# Path validation against OpenSSL on random hierarchies (tests/pki_differential/run.py).
test-pki-diff:
	scripts/ensure-tools.sh pki
	cargo build --example vanban
	python3 tests/pki_differential/run.py --vanban target/debug/examples/vanban --seed 1 --count 200

pki-diff-long:
	scripts/ensure-tools.sh pki
	cargo build --release --example vanban
	python3 tests/pki_differential/run.py --vanban target/release/examples/vanban --seed $$(date +%s) --count $(PKI_CASES)

mutants-long:
	scripts/ensure-tools.sh signing
	cargo build --release --example vanban
	python3 tests/mutation/run.py --vanban target/release/examples/vanban --seed $$(date +%s) \
	  --count $(MUTANTS) --synth --keep-wrong target/mutants-wrong \
	  $$(test -d "$${VANBAN_CORPUS:-../shared/corpus}" && echo --corpus "$${VANBAN_CORPUS:-../shared/corpus}/pyhanko" --corpus "$${VANBAN_CORPUS:-../shared/corpus}/dss")

# The bridge's request parser under libFuzzer (FUZZ_SECONDS, 300 by default); make test runs its
# deterministic stand-in (200 000 mutated heads, bridge/src/http.rs).
FUZZ_SECONDS ?= 300
fuzz-bridge:
	scripts/ensure-tools.sh fuzz
	cd bridge/fuzz && cargo +nightly fuzz run request_head -- -max_total_time=$(FUZZ_SECONDS)

test-wasm: tools browser
	scripts/ensure-tools.sh firefox
	$(WASM_TEST_ENV) cargo test --target wasm32-unknown-unknown --features wasm,signatures --test wasm_node --test wasm_browser
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner WASM_BINDGEN_TEST_TIMEOUT=300 \
	  GECKODRIVER=$$(command -v geckodriver || echo $$HOME/.cargo/bin/geckodriver) \
	  cargo test --target wasm32-unknown-unknown --features wasm,signatures --test wasm_browser

test-js: pkg
	scripts/ensure-tools.sh bridge
	cargo build -p vanban-bridge
	node --test tests/js/

test-e2e: pkg browser
	scripts/ensure-tools.sh bridge
	cargo build -p vanban-bridge
	node --test --test-concurrency=1 tests/e2e/

# The packed package in throwaway Vite, webpack and plain-page apps, driven in Chromium, and
# imported by Node (tests/bundlers/).
test-bundlers: pkg browser
	node --test --test-concurrency=1 tests/bundlers/

# The demo's package in Firefox ESR through geckodriver (tests/firefox/).
test-firefox: pkg
	scripts/ensure-tools.sh firefox
	node --test tests/firefox/

bench: pkg browser
	scripts/ensure-tools.sh bench
	node bench/run.mjs

clean:
	cargo clean
	rm -rf pkg node_modules
