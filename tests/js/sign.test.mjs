// JS tier: signing a PDF through the SigningBridge interface with the development soft key
// (WebCrypto, the test signer's key), then checking the result with vanban's verifier against
// the test anchor and with poppler's pdfsig; bridge errors reach the caller as typed codes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  sign, softKeyBridge, importSoftKey, preparePdfSignature, finishPdfSignature, verify, terminate,
  BridgeError, BridgeErrorCode, ErrorCode,
} from '../../pkg/node.js';

after(() => terminate());

const at = (p) => new URL(`../../${p}`, import.meta.url);
const pdf = readFileSync(at('www/samples/thong-bao-mau.pdf'));
const anchor = readFileSync(at('www/samples/vanban-test-ca.pem'), 'utf8');
const crl = new Uint8Array(readFileSync(at('www/samples/vanban-test-ca.crl')));

async function rsaBridge() {
  const privateKey = await importSoftKey(readFileSync(at('tests/fixtures/pki/signer.key.pem'), 'utf8'));
  return softKeyBridge({ privateKey, certificate: readFileSync(at('tests/fixtures/pki/signer.pem'), 'utf8'), chain: [anchor] });
}

async function ecBridge() {
  const privateKey = await importSoftKey(readFileSync(at('tests/fixtures/pki/ec-signer.key.pem'), 'utf8'), { algorithm: 'ECDSA' });
  return softKeyBridge({ privateKey, certificate: readFileSync(at('tests/fixtures/pki/ec-signer.pem'), 'utf8'), chain: [anchor] });
}

function pdfsig(bytes) {
  if (!existsSync('/usr/bin/pdfsig')) {
    assert.equal(process.env.CI, undefined, 'pdfsig (poppler-utils) is missing: make test installs it');
    return null;
  }
  const file = join(tmpdir(), `vanban-sign-${process.pid}.pdf`);
  writeFileSync(file, bytes);
  try {
    return execFileSync('/usr/bin/pdfsig', [file], { encoding: 'utf8' });
  } finally {
    rmSync(file, { force: true });
  }
}

const options = { reason: 'Phê duyệt', location: 'Hà Nội', revocation: { crls: [crl] }, trust: [anchor], defaultTrust: false };

for (const [kind, make] of [['RSA', rsaBridge], ['ECDSA P-256', ecBridge]]) {
  test(`sign() with a ${kind} soft key: TOTAL_PASSED against the test anchor, pdfsig agrees, the original bytes kept`, async () => {
    const bridge = await make();
    const [certificate] = await bridge.listCertificates();
    assert.match(certificate.certId, /^[0-9a-f]{64}$/);
    const { pdf: signed, report } = await sign(new Blob([pdf]), { ...options, bridge, certificate, documentName: 'thong-bao-mau.pdf' });
    assert.deepEqual(signed.subarray(0, pdf.length), new Uint8Array(pdf));
    const [s] = report.signatures;
    assert.equal(s.indication, 'TOTAL_PASSED', JSON.stringify(s.checks, null, 1));
    assert.equal(s.claims.reason, 'Phê duyệt');
    assert.equal(s.claims.location, 'Hà Nội');
    const text = pdfsig(signed);
    if (text) {
      assert.match(text, /Signature Validation: Signature is Valid\./);
      assert.match(text, /Total document signed/);
    }
    // A second signature on top: both pass, the first now covers its revision.
    const again = await sign(signed, { ...options, bridge, certificate, reason: 'Bản sao điện tử' });
    assert.deepEqual(again.report.signatures.map((x) => x.indication), ['TOTAL_PASSED', 'TOTAL_PASSED']);
    assert.equal(again.report.signatures[0].coverage, 'entireRevision');
    assert.equal(again.report.signatures[0].modificationLevel, 'formFilling');
  });
}

test('bridge errors reach the caller as typed codes; a wrong signature value is refused', async () => {
  const bridge = await rsaBridge();
  const [certificate] = await bridge.listCertificates();
  const failing = (err) => ({ ...bridge, sign: async () => { throw err; } });
  await assert.rejects(
    sign(pdf, { ...options, bridge: failing(new BridgeError(BridgeErrorCode.PIN_INCORRECT, 'wrong PIN', { retriesLeft: 2 })), certificate }),
    (e) => e instanceof BridgeError && e.code === 'PIN_INCORRECT' && e.retriesLeft === 2,
  );
  await assert.rejects(
    sign(pdf, { ...options, bridge: failing(new Error('socket hang up')), certificate }),
    (e) => e instanceof BridgeError && e.code === 'INTERNAL',
  );
  // Another value than the certificate's key makes: the core refuses to embed it.
  const liar = { ...bridge, sign: async (req) => ({ ...(await bridge.sign(req)), signature: new Uint8Array(256).fill(7) }) };
  await assert.rejects(sign(pdf, { ...options, bridge: liar, certificate }), { code: ErrorCode.INVALID_ARGUMENT });
  // The soft key cannot sign with another algorithm than its own.
  await assert.rejects(sign(pdf, { ...options, bridge, certificate, signatureAlgorithm: 'ECDSA' }), (e) => e.code === 'ALG_UNSUPPORTED' || e.code === ErrorCode.INVALID_ARGUMENT);
  // A timestamp callback returning a token over something else is refused.
  const token = new Uint8Array(readFileSync(at('www/samples/thong-bao-mau.txt.p7s')));
  await assert.rejects(sign(pdf, { ...options, bridge, certificate, timestamp: async () => token }), { code: ErrorCode.INVALID_ARGUMENT });
  // Bad arguments.
  await assert.rejects(sign(pdf, { bridge: {}, certificate }), { code: ErrorCode.INVALID_ARGUMENT });
  await assert.rejects(preparePdfSignature(pdf, { certificateChain: [] }), { code: ErrorCode.INVALID_ARGUMENT });
  await assert.rejects(finishPdfSignature(new Uint8Array(10), new Uint8Array(10)), { code: ErrorCode.INVALID_ARGUMENT });
  await assert.rejects(preparePdfSignature(new Uint8Array([1, 2, 3]), { certificateChain: [anchor] }), (e) => e.code === ErrorCode.UNSUPPORTED_FORMAT || e.code === ErrorCode.MALFORMED);
});

test('the two steps by hand equal what sign() does, and the result verifies in JS as in the CLI', async () => {
  const bridge = await rsaBridge();
  const [certificate] = await bridge.listCertificates();
  const prepared = await preparePdfSignature(pdf, {
    certificateChain: [certificate.certificate, ...certificate.chain], signingTime: new Date('2026-01-01T08:00:00Z'),
    reason: 'Phê duyệt', revocationRoom: crl.byteLength,
  });
  assert.equal(prepared.digestAlgorithm, 'SHA-256');
  assert.equal(prepared.scheme, 'RSASSA-PKCS1-v1_5');
  const { signature } = await bridge.sign({ cert: certificate, digest: prepared.digest, dataToSign: prepared.dataToSign, hash: 'SHA-256', algorithm: prepared.scheme });
  const signed = await finishPdfSignature(prepared.state, signature, { crls: [crl] });
  const report = await verify(signed, { trust: [anchor], defaultTrust: false, at: new Date('2026-01-02T00:00:00Z'), name: 'signed.pdf' });
  assert.equal(report.signatures[0].indication, 'TOTAL_PASSED');
  assert.equal(report.signatures[0].claims.time, '2026-01-01T08:00:00+00:00');
  const exe = new URL('../../target/debug/examples/vanban', import.meta.url).pathname;
  const file = join(tmpdir(), `vanban-signed-${process.pid}.pdf`);
  writeFileSync(file, signed);
  try {
    const fromCli = JSON.parse(execFileSync(exe, ['verify', '--json', '--trust', at('www/samples/vanban-test-ca.pem').pathname, '--no-default-trust', '--at', '2026-01-02T00:00:00Z', file], { encoding: 'utf8' }));
    fromCli.file.name = 'signed.pdf';
    assert.deepEqual(fromCli, report);
  } finally {
    rmSync(file, { force: true });
  }
});

test('a visible appearance (Decree 30 mark at the top right, or given lines): TOTAL_PASSED; bad appearances are typed errors', async () => {
  const bridge = await rsaBridge();
  const [certificate] = await bridge.listCertificates();
  const { report, pdf: signed } = await sign(pdf, { ...options, bridge, certificate, appearance: { page: 1 } });
  assert.equal(report.signatures[0].indication, 'TOTAL_PASSED');
  assert.ok(Buffer.from(signed).includes('/FontFile2'));
  const lines = ['Bản sao điện tử', 'Số: 12/TB-UBND', 'Văn thư UBND xã Mẫu'];
  const again = await sign(signed, { ...options, bridge, certificate, appearance: { page: 1, rect: [360, 600, 560, 650], lines } });
  assert.deepEqual(again.report.signatures.map((x) => x.indication), ['TOTAL_PASSED', 'TOTAL_PASSED']);
  // A PNG signature image (transparent around its stroke), made here.
  const { deflateSync, crc32 } = await import('node:zlib');
  const chunk = (kind, data) => {
    const body = Buffer.concat([Buffer.from(kind, 'latin1'), data]);
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([head, body, crc]);
  };
  const [w, h] = [80, 30];
  const rows = [];
  for (let y = 0; y < h; y++) {
    rows.push(0);
    for (let x = 0; x < w; x++) rows.push(...(Math.abs(y - 15 - 10 * Math.sin(x / 8)) < 2 ? [20, 40, 160, 255] : [255, 255, 255, 0]));
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const image = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from(rows))), chunk('IEND', Buffer.alloc(0))]);
  const withImage = await sign(pdf, { ...options, bridge, certificate, appearance: { page: 1, rect: [380, 640, 560, 700], image: new Blob([image]) } });
  assert.equal(withImage.report.signatures[0].indication, 'TOTAL_PASSED');
  await assert.rejects(sign(pdf, { ...options, bridge, certificate, appearance: { image } }), { code: ErrorCode.INVALID_ARGUMENT });
  await assert.rejects(sign(pdf, { ...options, bridge, certificate, appearance: { rect: [1, 1, 9, 9], image: new Uint8Array(8) } }), { code: ErrorCode.INVALID_ARGUMENT });
  await assert.rejects(sign(pdf, { ...options, bridge, certificate, appearance: { page: 0 } }), { code: ErrorCode.INVALID_ARGUMENT });
  await assert.rejects(sign(pdf, { ...options, bridge, certificate, appearance: { page: 9 } }), { code: ErrorCode.INVALID_ARGUMENT });
  await assert.rejects(sign(pdf, { ...options, bridge, certificate, appearance: { lines: ['签名'] } }), { code: ErrorCode.INVALID_ARGUMENT });
  await assert.rejects(sign(pdf, { ...options, bridge, certificate, appearance: 'big' }), { code: ErrorCode.INVALID_ARGUMENT });
});

test('PAdES B-T: the timestamp callback gets the value\'s imprint, an independent TSA (openssl ts) answers, the report proves the time', async () => {
  const bridge = await rsaBridge();
  const [certificate] = await bridge.listCertificates();
  const { mkdtempSync, writeFileSync: write, readFileSync: read } = await import('node:fs');
  const dir = mkdtempSync(join(tmpdir(), 'vanban-tsa-js-'));
  write(join(dir, 'ts.cnf'), '[ tsa ]\ndefault_tsa = t\n[ t ]\nserial = ./serial\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256\ness_cert_id_alg = sha256\n');
  write(join(dir, 'serial'), '01\n');
  let asked;
  const timestamp = async ({ hash, imprint }) => {
    asked = [hash, imprint.length];
    const hex = Buffer.from(imprint).toString('hex');
    const run = (args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'ignore'] });
    run(['ts', '-query', '-digest', hex, '-sha256', '-cert', '-out', 'q.tsq']);
    run(['ts', '-reply', '-config', 'ts.cnf', '-queryfile', 'q.tsq', '-signer', at('tests/fixtures/pki/tsa.pem').pathname,
      '-inkey', at('tests/fixtures/pki/tsa.key.pem').pathname, '-token_out', '-out', 'token.der']);
    return new Uint8Array(read(join(dir, 'token.der')));
  };
  try {
    const { report } = await sign(pdf, { ...options, bridge, certificate, timestamp });
    assert.deepEqual(asked, ['SHA-256', 32]);
    const [s] = report.signatures;
    assert.equal(s.indication, 'TOTAL_PASSED', JSON.stringify(s.checks));
    assert.match(s.timestamp?.tsa ?? '', /vanban Test TSA/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
