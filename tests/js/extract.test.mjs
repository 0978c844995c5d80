// JS tier: extractText from the built package, in Node, on the project's DOCX fixtures (whose
// expected text the fixture generator recorded) and on hostile input.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, openAsBlob } from 'node:fs';

import { extractText, terminate, DocError, ErrorCode, CancelledError } from '../../pkg/node.js';

after(() => terminate());

const dir = new URL('../fixtures/docx/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8'));

test('every fixture gives its recorded text, from a Blob, a file-backed Blob or bytes', async () => {
  for (const f of manifest) {
    const url = new URL(f.file, dir);
    const bytes = readFileSync(url);
    assert.equal(await extractText(new Blob([bytes])), f.expectedText, f.file);
    assert.equal(await extractText(await openAsBlob(url)), f.expectedText, f.file);
    assert.equal(await extractText(new Uint8Array(bytes), { format: 'text' }), f.expectedText, f.file);
  }
});

test('markdown and json formats', async () => {
  const bytes = readFileSync(new URL('structure.docx', dir));
  const md = await extractText(bytes, { format: 'markdown' });
  assert.match(md, /^# Điều 1\. Phạm vi điều chỉnh\n/);
  assert.match(md, /\| Nơi nhận \|/);
  const doc = await extractText(bytes, { format: 'json' });
  assert.equal(doc.version, 1);
  assert.deepEqual(doc.body[0], { type: 'heading', level: 1, content: [{ text: 'Điều 1. Phạm vi điều chỉnh' }] });
  assert.ok(doc.sections.some((s) => s.kind === 'footnotes'));
  const withDeletions = await extractText(bytes, { showDeletions: true });
  assert.match(withDeletions, /được thêmbị xóa xong/);
});

test('the format is detected from the content, never the name', async () => {
  const bytes = readFileSync(new URL('structure.docx', dir));
  const named = new File([bytes], 'bao-cao.pdf', { type: 'application/pdf' });
  assert.match(await extractText(named), /Phạm vi điều chỉnh/);
  await assert.rejects(extractText(new File(['plain text'], 'x.docx')), (e) => e instanceof DocError && e.code === ErrorCode.UNSUPPORTED_FORMAT);
});

test('hostile and invalid input give typed errors', async () => {
  const corpus = process.env.VANBAN_CORPUS ?? new URL('../../../shared/corpus', import.meta.url).pathname;
  const laughs = readFileSync(`${corpus}/attacks/constructed/docx_billion_laughs_in_document_xml.docx`);
  await assert.rejects(extractText(laughs), (e) => e instanceof DocError && e.code === ErrorCode.MALFORMED && /DTD/.test(e.message));
  await assert.rejects(extractText(new Blob([]), { format: 'html' }), (e) => e.code === ErrorCode.INVALID_ARGUMENT);
  await assert.rejects(extractText(42), (e) => e.code === ErrorCode.INVALID_ARGUMENT);
  await assert.rejects(extractText(new Blob(['x']), { signal: AbortSignal.abort() }), CancelledError);
});

test('PDF text through the same API, detected by content', async () => {
  const pdfDir = new URL('../fixtures/pdf/', import.meta.url);
  const pdfManifest = JSON.parse(readFileSync(new URL('manifest.json', pdfDir), 'utf8'));
  for (const f of pdfManifest) {
    const bytes = readFileSync(new URL(f.file, pdfDir));
    const text = await extractText(new File([bytes], 'no-extension'));
    // One line per paragraph; page breaks show as blank lines.
    assert.deepEqual(text.split('\n').filter(Boolean), f.paragraphs.map((p) => p.text), f.file);
    const doc = await extractText(bytes, { format: 'json' });
    assert.equal(doc.body.filter((b) => b.type === 'heading').length, f.paragraphs.filter((p) => p.heading).length);
  }
});

test('a PDF page without a text layer is reported, not passed off as empty text', async () => {
  const pdfDir = new URL('../fixtures/pdf/', import.meta.url);
  const meta = JSON.parse(readFileSync(new URL('layout.json', pdfDir), 'utf8'));
  const bytes = readFileSync(new URL(meta.file, pdfDir));
  const seen = [];
  const text = await extractText(bytes, { onNotice: (n) => seen.push(n) });
  const expected = meta.noTextLayer.map((n) => ({ kind: 'noTextLayer', ...n }));
  assert.deepEqual(seen, expected);
  assert.ok(text.includes(meta.sequence[0]), 'the text of the other page still comes');
  const doc = await extractText(bytes, { format: 'json' });
  assert.deepEqual(doc.notices, expected);
  await assert.rejects(extractText(bytes, { onNotice: 'yes' }), { code: 'ERR_INVALID_ARGUMENT' });
  // A callback that throws rejects the call with its error.
  await assert.rejects(extractText(bytes, { onNotice: () => { throw new Error('boom'); } }), /boom/);
});

test('a signing tool\'s stamp on a PDF is kept, marked in the model, and left out on request', async () => {
  const pdfDir = new URL('../fixtures/pdf/', import.meta.url);
  const meta = JSON.parse(readFileSync(new URL('layout.json', pdfDir), 'utf8'));
  const bytes = readFileSync(new URL(meta.file, pdfDir));
  const text = await extractText(bytes);
  assert.ok(text.startsWith(meta.stamp.map((l) => `${l}\n`).join('')), text);
  const doc = await extractText(bytes, { format: 'json' });
  assert.deepEqual(doc.body.filter((b) => b.type === 'signatureStamp'), [{ type: 'signatureStamp', lines: meta.stamp }]);
  const without = await extractText(bytes, { omitSignatureStamps: true });
  assert.ok(!without.includes('Ký bởi') && without.startsWith(meta.sequence[meta.stamp.length]), without);
  await assert.rejects(extractText(bytes, { omitSignatureStamps: 'yes' }), { code: 'ERR_INVALID_ARGUMENT' });
});

test('limits: a caller raises or lowers the core\'s limits; reaching one is an error naming it, never a shortened text', async () => {
  const bytes = readFileSync(new URL('structure.docx', dir));
  const expected = manifest.find((f) => f.file === 'structure.docx').expectedText;
  const rejects = (options, code, pattern) => assert.rejects(extractText(bytes, options), (err) => {
    assert.ok(err instanceof DocError, String(err));
    assert.equal(err.code, code);
    assert.match(err.message, pattern);
    return true;
  });
  // Checked on the page, before the bytes are read.
  await rejects({ limits: { maxInputBytes: 100 } }, ErrorCode.LIMIT_EXCEEDED, /limits\.maxInputBytes \(100\)/);
  // Applied by the core.
  await rejects({ limits: { maxDepth: 2 } }, ErrorCode.LIMIT_EXCEEDED, /max_depth/);
  await rejects({ limits: { maxDecompressedBytesPerStream: 1000 } }, ErrorCode.LIMIT_EXCEEDED, /max_decompressed_bytes_per_stream/);
  // Not a limit, or not a whole number: refused, not ignored.
  await rejects({ limits: { maxPages: 1 } }, ErrorCode.INVALID_ARGUMENT, /limits\.maxPages is not a limit/);
  await rejects({ limits: { maxDepth: 1.5 } }, ErrorCode.INVALID_ARGUMENT, /limits\.maxDepth must be a whole number/);
  await rejects({ limits: { maxZipEntries: 2 ** 32 } }, ErrorCode.INVALID_ARGUMENT, /limits\.maxZipEntries/);
  await rejects({ limits: 'small' }, ErrorCode.INVALID_ARGUMENT, /limits must be an object/);
  // Raised limits change nothing for a document within the defaults.
  assert.equal(await extractText(bytes, { limits: { maxDepth: 200, maxInputBytes: 2 ** 40 } }), expected);
});

test('LIMITS states the core\'s defaults (src/limits.rs)', async () => {
  const { LIMITS } = await import('../../pkg/node.js');
  const rust = readFileSync(new URL('../../src/limits.rs', import.meta.url), 'utf8');
  const body = /impl Default for Limits \{[\s\S]*?Self \{([\s\S]*?)\}/.exec(rust)[1];
  const defaults = {};
  for (const [, field, expr] of body.matchAll(/(\w+): ([\d_ <]+),/g)) {
    const [n, shift] = expr.replace(/_/g, '').split('<<').map((x) => Number(x.trim()));
    defaults[field.replace(/_(\w)/g, (_, c) => c.toUpperCase())] = shift === undefined ? n : n * 2 ** shift;
  }
  assert.equal(Object.keys(defaults).length, 11, 'the Default impl no longer matches the pattern');
  assert.deepEqual({ ...LIMITS }, defaults);
});
