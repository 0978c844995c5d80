// JS tier: verify() from the built package, in Node, on CMS files of the corpus; the report
// equals the CLI's (`vanban verify --json`, built by the native tier) on the same files.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { inflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

import { verify, extractText, terminate, ErrorCode } from '../../pkg/node.js';
import { generated, largeSignedPdf } from '../support/pdf.mjs';

after(() => terminate());

const corpus = process.env.VANBAN_CORPUS ?? fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));
const haveCorpus = existsSync(`${corpus}/MANIFEST.tsv`);
if (!haveCorpus && process.env.VANBAN_SKIP_CORPUS !== '1') {
  throw new Error(`the JS verify tests need the corpus at ${corpus} (or VANBAN_SKIP_CORPUS=1 outside CI)`);
}
// Skipped only when the corpus is absent and VANBAN_SKIP_CORPUS=1 says so.
const needsCorpus = haveCorpus ? {} : { skip: 'corpus skipped by VANBAN_SKIP_CORPUS=1' };
const base = `${corpus}/dss/dss-cades/validation/dss-1344`;
const sigPath = `${base}/screenshot.png.signed_qes_detached.p7s`;
const contentPath = `${base}/screenshot.png`;
const at = new Date('2020-11-01T00:00:00Z');

function cli(...args) {
  const exe = fileURLToPath(new URL('../../target/debug/examples/vanban', import.meta.url));
  assert.ok(existsSync(exe), `the CLI is built by the native tier: ${exe}`);
  return JSON.parse(execFileSync(exe, ['verify', '--json', ...args], { encoding: 'utf8' }));
}

test('a detached .p7s with its content: intact, valid, no chain to the default anchors; the CLI agrees', needsCorpus, async () => {
  const sig = readFileSync(sigPath);
  const report = await verify(new File([sig], 'screenshot.png.signed_qes_detached.p7s'), {
    detachedContent: new Blob([readFileSync(contentPath)]), at,
  });
  const s = report.signatures[0];
  assert.equal(report.file.format, 'cms');
  assert.equal(report.file.name, 'screenshot.png.signed_qes_detached.p7s');
  assert.equal(s.intact, true);
  assert.equal(s.signatureValid, true);
  assert.equal(s.indication, 'INDETERMINATE');
  assert.equal(s.subIndication, 'NO_CERTIFICATE_CHAIN_FOUND');
  assert.ok(s.checks.some((c) => c.id === 'messageDigest' && c.result === 'passed'));
  assert.deepEqual(report, cli('--at', '2020-11-01T00:00:00Z', '--content', contentPath, sigPath));
});

test('other content: TOTAL_FAILED / HASH_FAILURE; no content: SIGNED_DATA_NOT_FOUND; the CLI agrees', needsCorpus, async () => {
  const sig = readFileSync(sigPath);
  const wrong = await verify(sig, { detachedContent: new Uint8Array([1, 2, 3]), at, name: 'x.p7s' });
  assert.equal(wrong.signatures[0].indication, 'TOTAL_FAILED');
  assert.equal(wrong.signatures[0].subIndication, 'HASH_FAILURE');
  const none = await verify(sig, { at, name: 'screenshot.png.signed_qes_detached.p7s' });
  assert.equal(none.signatures[0].indication, 'INDETERMINATE');
  assert.equal(none.signatures[0].subIndication, 'SIGNED_DATA_NOT_FOUND');
  assert.deepEqual(none, cli('--at', '2020-11-01T00:00:00Z', sigPath));
});

test('bad input and bad options are typed errors', async () => {
  await assert.rejects(verify(new Uint8Array([1, 2, 3])), { code: ErrorCode.UNSUPPORTED_FORMAT });
  await assert.rejects(verify(new Uint8Array([0x30]), { at: new Date('nope') }), { code: ErrorCode.INVALID_ARGUMENT });
  await assert.rejects(verify(new Uint8Array([0x30]), { policy: { weak: 'ignore' } }), { code: ErrorCode.INVALID_ARGUMENT });
  await assert.rejects(verify(new Uint8Array([0x30]), { trust: 'pem' }), { code: ErrorCode.INVALID_ARGUMENT });
});

// The project's fixtures (scripts/gen_cms_fixtures.py): 1 MiB of generated content takes the
// native-digest path (hashed on the calling thread, only its digest goes to the worker); the
// verdict and the report are the same whether the content is bytes, a Blob, or small enough to
// go to the worker, and the caller's bytes are left whole.
const fixtures = new URL('../fixtures/cms/', import.meta.url);
const anchor = readFileSync(new URL('../../www/samples/vanban-test-ca.pem', import.meta.url), 'utf8');

test('large detached content: bytes and Blob give the same report, the caller keeps its bytes', async () => {
  const sig = readFileSync(new URL('large-content.p7s', fixtures));
  const content = generated(1 << 20);
  const options = { trust: [anchor], defaultTrust: false, at: new Date('2026-01-01T00:00:00Z'), name: 'large-content.p7s' };
  const fromBytes = await verify(sig, { ...options, detachedContent: content });
  assert.equal(content.byteLength, 1 << 20, 'the caller\'s bytes are not detached');
  assert.equal(fromBytes.signatures[0].indication, 'TOTAL_PASSED', JSON.stringify(fromBytes.signatures[0].checks));
  const fromBlob = await verify(new Blob([sig]), { ...options, detachedContent: new Blob([content]) });
  assert.deepEqual(fromBlob, fromBytes);
  const changed = content.slice();
  changed[12345] ^= 1;
  const bad = await verify(sig, { ...options, detachedContent: changed });
  assert.equal(bad.signatures[0].indication, 'TOTAL_FAILED');
  assert.equal(bad.signatures[0].subIndication, 'HASH_FAILURE');
  // The CLI (content given whole to the core) agrees.
  const file = fileURLToPath(new URL('large-content.p7s', fixtures));
  const tmp = `${process.env.TMPDIR ?? '/tmp'}/vanban-large-content-${process.pid}.bin`;
  (await import('node:fs')).writeFileSync(tmp, content);
  try {
    const fromCli = cli('--content', tmp, '--trust', fileURLToPath(new URL('../../www/samples/vanban-test-ca.pem', import.meta.url)),
      '--no-default-trust', '--at', '2026-01-01T00:00:00Z', file);
    fromCli.file.name = fromBytes.file.name;
    assert.deepEqual(fromCli, fromBytes);
  } finally {
    (await import('node:fs')).rmSync(tmp, { force: true });
  }
});

test('every fixture verifies in JS as the manifest says', async () => {
  const manifest = JSON.parse(readFileSync(new URL('manifest.json', fixtures), 'utf8'));
  const text = readFileSync(new URL(manifest.content, fixtures));
  for (const s of manifest.signatures) {
    const stored = readFileSync(new URL(s.file, fixtures));
    const sig = s.file.endsWith('.zlib') ? inflateSync(stored) : stored; // large ones are stored compressed
    const content = s.generatedContent ? generated(s.generatedContent) : text;
    const r = await verify(sig, { detachedContent: content, trust: [anchor], defaultTrust: false, at: new Date(manifest.validAt) });
    assert.equal(r.signatures[0].indication, s.indication, s.file);
    assert.equal(r.signatures[0].subIndication, s.subIndication, s.file);
  }
});

test('a signed PDF: the JS report equals the CLI\'s; the tampered one lists the change', async () => {
  const manifest = JSON.parse(readFileSync(new URL('manifest.json', fixtures), 'utf8'));
  const at = new Date(manifest.validAt);
  const anchorPath = fileURLToPath(new URL('../../www/samples/vanban-test-ca.pem', import.meta.url));
  for (const s of manifest.pdf) {
    const file = fileURLToPath(new URL(s.file, fixtures));
    const name = file.split('/').pop();
    const report = await verify(new Blob([readFileSync(file)]), { trust: [anchor], defaultTrust: false, at, name });
    assert.equal(report.file.format, 'pdf');
    assert.deepEqual(report.signatures.map((x) => [x.indication, x.subIndication]),
      s.signatures.map((x) => [x.indication, x.subIndication]), name);
    const fromCli = cli('--trust', anchorPath, '--no-default-trust', '--at', manifest.validAt, file);
    assert.deepEqual(fromCli, report);
    if (name === 'thong-bao-mau-da-ky-sua.pdf') {
      assert.ok(report.signatures[0].modifications.some((m) => !m.allowed && /object 15/.test(m.description)));
      // The document as displayed is not what was signed, and the signed version can be read.
      assert.equal(report.document.displayedIsSigned, false);
      assert.equal(report.document.lastSignature, 0);
      assert.ok(report.document.warnings.length > 0);
      const shown = await extractText(readFileSync(file));
      const signed = await extractText(readFileSync(file), { signedRevision: 0 });
      assert.match(shown, /DA SUA SAU KHI KY/);
      assert.doesNotMatch(signed, /DA SUA SAU KHI KY/);
      assert.equal(signed, await extractText(readFileSync(file).subarray(0, report.signatures[0].signedLength)));
      await assert.rejects(extractText(readFileSync(file), { signedRevision: 1 }), (e) => e.code === ErrorCode.INVALID_ARGUMENT);
      await assert.rejects(extractText(readFileSync(file), { signedRevision: -1 }), (e) => e.code === ErrorCode.INVALID_ARGUMENT);
    } else {
      const level = report.signatures[report.document.lastSignature].modificationLevel;
      assert.equal(report.document.displayedIsSigned, !['formFilling', 'annotations', 'other'].includes(level), name);
    }
    for (const sig of report.signatures) {
      if (sig.indication === 'TOTAL_PASSED') assert.deepEqual(sig.missingChecks, [], name);
    }
  }
});

test('a large signed PDF (two threads in Node): bytes, Blob and the CLI agree; a changed byte fails', async () => {
  const pdf = largeSignedPdf(3 << 20);
  const options = { trust: [anchor], defaultTrust: false, at: new Date('2026-01-01T00:00:00Z'), name: 'large.pdf' };
  const fromBytes = await verify(pdf, options);
  assert.equal(pdf.byteLength > 3 << 20, true, 'the caller keeps its bytes');
  const [s] = fromBytes.signatures;
  assert.equal(s.indication, 'TOTAL_PASSED', JSON.stringify(s.checks));
  assert.equal(s.coverage, 'entireRevision');
  assert.equal(s.modificationLevel, 'none');
  const { createHash } = await import('node:crypto');
  assert.equal(fromBytes.file.sha256, createHash('sha256').update(pdf).digest('hex'));
  assert.deepEqual(await verify(new Blob([pdf]), options), fromBytes);
  const tmp = `${process.env.TMPDIR ?? '/tmp'}/vanban-large-${process.pid}.pdf`;
  const fs = await import('node:fs');
  fs.writeFileSync(tmp, pdf);
  try {
    const fromCli = cli('--trust', fileURLToPath(new URL('../../www/samples/vanban-test-ca.pem', import.meta.url)),
      '--no-default-trust', '--at', '2026-01-01T00:00:00Z', tmp);
    fromCli.file.name = 'large.pdf';
    assert.deepEqual(fromCli, fromBytes);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  // A byte of the signed revision changed: the real digest differs from the one the signature
  // claims, so the result verified ahead with the claim is not the one returned.
  for (const at of [100, 20000]) {
    const changed = pdf.slice();
    changed[at] ^= 1;
    const bad = await verify(changed, options);
    assert.notEqual(bad.signatures[0]?.indication, 'TOTAL_PASSED', `byte ${at}`);
  }
  const changed = pdf.slice();
  changed[20000] ^= 1;
  const bad = await verify(new Blob([changed]), options);
  assert.equal(bad.signatures[0].subIndication, 'HASH_FAILURE');
  // Cancelled before it starts: a typed error, and the next verification still works.
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(verify(pdf, { ...options, signal: controller.signal }), (e) => e.code === ErrorCode.CANCELLED);
  assert.equal((await verify(pdf, options)).signatures[0].indication, 'TOTAL_PASSED');
});

test('limits reach the verifier: a PDF with more signatures than maxSignatures is an error naming it', async () => {
  const pdf = readFileSync(new URL('../../www/samples/thong-bao-mau-da-ky.pdf', import.meta.url));
  await assert.rejects(verify(pdf, { defaultTrust: false, limits: { maxSignatures: 0 } }), (err) => {
    assert.equal(err.code, ErrorCode.LIMIT_EXCEEDED);
    assert.match(err.message, /max_signatures/);
    return true;
  });
  await assert.rejects(verify(pdf, { limits: { maxSignatures: -1 } }), (err) => err.code === ErrorCode.INVALID_ARGUMENT && /limits\.maxSignatures/.test(err.message));
});
