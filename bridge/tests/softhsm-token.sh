#!/usr/bin/env bash
# Creates a SoftHSM2 token for the bridge's tests in DIR and prints its SOFTHSM2_CONF: label
# "vanban-test", user PIN 1234, SO PIN 5678, holding the test signer's RSA key and certificate
# (CKA_ID 01) and the ECDSA P-256 test signer's (CKA_ID 02), from tests/fixtures/pki/.
# Needs softhsm2 and opensc (Debian; scripts/ensure-tools.sh bridge installs them).
set -euo pipefail
dir=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
module=/usr/lib/softhsm/libsofthsm2.so
mkdir -p "$dir/tokens"
printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\n' "$dir" > "$dir/softhsm2.conf"
export SOFTHSM2_CONF="$dir/softhsm2.conf"
softhsm2-util --init-token --free --label vanban-test --pin 1234 --so-pin 5678 >/dev/null
for entry in "01 signer" "02 ec-signer"; do
  set -- $entry
  softhsm2-util --import "$root/tests/fixtures/pki/$2.key.pem" --token vanban-test --label "$2" --id "$1" --pin 1234 >/dev/null
  openssl x509 -in "$root/tests/fixtures/pki/$2.pem" -outform DER -out "$dir/$2.der"
  pkcs11-tool --module "$module" --token-label vanban-test --login --pin 1234 \
    --write-object "$dir/$2.der" --type cert --id "$1" --label "$2" >/dev/null 2>&1
done
echo "$SOFTHSM2_CONF"
