// JS tier: sign() through vanbanBridge, talking HTTP to a real vanban-bridge process whose token is
// SoftHSM2 (made by bridge/tests/softhsm-token.sh with the test signers' keys); the result checked
// by vanban's verifier against the test anchor; refusals reach the caller as BridgeError codes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';

import { sign, vanbanBridge, digestFingerprint, terminate, BridgeError } from '../../pkg/node.js';
import { startTokenBridge } from '../support/bridge.mjs';

const at = (p) => new URL(`../../${p}`, import.meta.url).pathname;
const exe = at('target/debug/vanban-bridge');
const pdf = readFileSync(at('www/samples/thong-bao-mau.pdf'));
const anchor = readFileSync(at('www/samples/vanban-test-ca.pem'), 'utf8');
const crl = new Uint8Array(readFileSync(at('www/samples/vanban-test-ca.crl')));
const PORTAL = 'https://portal.example';

const bridges = [];

/** Starts vanban-bridge with `pin`, the portal allowed; resolves with its URL. */
async function startBridge(pin) {
  return (await startBridgeProcess(pin)).url;
}

async function startBridgeProcess(pin) {
  assert.ok(existsSync(exe), `the bridge is built by make test-js: ${exe}`);
  const bridge = await startTokenBridge(pin, ['--allow', PORTAL, '--test-profile']);
  bridges.push(bridge);
  return bridge;
}

after(() => {
  for (const b of bridges) b.stop();
  terminate();
});

test('sign() through vanban-bridge and a SoftHSM2 token: TOTAL_PASSED; PIN_INCORRECT and ORIGIN_NOT_ALLOWED reach the caller', async () => {
  const url = await startBridge('1234');
  const bridge = vanbanBridge({ url, origin: PORTAL });
  const info = await bridge.detect();
  assert.deepEqual([info.id, info.protocol, info.paired], ['vanban', 1, true]);
  const certs = await bridge.listCertificates();
  assert.equal(certs.length, 2);
  for (const certificate of certs) {
    const t0 = performance.now();
    const { report } = await sign(pdf, {
      bridge, certificate, reason: 'Phê duyệt', revocation: { crls: [crl] }, trust: [anchor], defaultTrust: false,
      documentName: 'thong-bao-mau.pdf',
    });
    assert.equal(report.signatures[0].indication, 'TOTAL_PASSED', JSON.stringify(report.signatures[0].checks));
    // A measurement for the record, not a test: prepare, the bridge's PKCS#11 signature, finish
    // and the verification of the result.
    console.log(`sign() through vanban-bridge and SoftHSM2 (${certificate.algorithms[0]}): ${(performance.now() - t0).toFixed(1)} ms`);
  }
  // A page whose origin is not paired.
  const stranger = vanbanBridge({ url, origin: 'https://other.example' });
  assert.equal((await stranger.detect()).paired, false);
  await assert.rejects(stranger.listCertificates(), (e) => e instanceof BridgeError && e.code === 'ORIGIN_NOT_ALLOWED');
  // A wrong PIN.
  const wrongUrl = await startBridge('0000');
  const wrong = vanbanBridge({ url: wrongUrl, origin: PORTAL });
  await assert.rejects(
    sign(pdf, { bridge: wrong, certificate: certs[0], trust: [anchor], defaultTrust: false }),
    (e) => e instanceof BridgeError && e.code === 'PIN_INCORRECT',
  );
  // No bridge running.
  assert.equal(await vanbanBridge({ url: 'http://127.0.0.1:9' }).detect(), null);
});

test('pairing through vanbanBridge: the code is read on the bridge\'s console and typed back; the fingerprint reaches the page', async () => {
  const b = await startBridgeProcess('1234');
  const origin = 'https://new-portal.example';
  const page = [];
  const bridge = vanbanBridge({ url: b.url, origin, onConfirm: (c) => page.push(c) });
  assert.equal((await bridge.detect()).paired, false);
  const asked = await bridge.pair();
  assert.deepEqual([asked.paired, asked.pending, asked.expiresIn > 0], [false, true, true]);
  const code = await b.codeFor(origin);
  assert.ok(!JSON.stringify(asked).includes(code), 'the page never gets the code');
  // Another site meanwhile: told to wait, with when.
  await assert.rejects(vanbanBridge({ url: b.url, origin: 'https://other.example' }).pair(),
    (e) => e instanceof BridgeError && e.code === 'BUSY' && e.retryAfter > 0);
  const wrong = code === '000000' ? '111111' : '000000';
  await assert.rejects(bridge.confirmPairing(wrong), (e) => e.code === 'INVALID_ARGUMENT' && e.retriesLeft === 2);
  await assert.rejects(bridge.confirmPairing('abc'), /six digits/);
  assert.deepEqual(await bridge.confirmPairing(`${code.slice(0, 3)} ${code.slice(3)}`), { paired: true });
  assert.equal((await bridge.detect()).paired, true);
  const [certificate] = await bridge.listCertificates();
  const { report } = await sign(pdf, { bridge, certificate, revocation: { crls: [crl] }, trust: [anchor], defaultTrust: false, documentName: 'thong-bao-mau.pdf' });
  assert.equal(report.signatures[0].indication, 'TOTAL_PASSED');
  assert.equal(page.length, 1);
  assert.match(page[0].fingerprint, /^[0-9A-F]{4} [0-9A-F]{4}$/);
  assert.equal(page[0].documentName, 'thong-bao-mau.pdf');
  // The bridge's console showed the same fingerprint, for the origin that asked.
  assert.ok(b.said().includes(`the site ${origin} asks to sign`), b.said());
  assert.ok(b.said().includes(`fingerprint: ${page[0].fingerprint}`), b.said());
  assert.equal(digestFingerprint(new Uint8Array([0x3a, 0x7f, 0x09, 0xc2, 0xff])), '3A7F 09C2');
});
