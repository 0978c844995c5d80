// End to end: the demo portal served on localhost, driven in Debian's Chromium by Playwright.
// Expected digests are computed independently, by node:crypto, from the same bytes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { startServer } from '../../scripts/serve.mjs';
import { launchChromium } from '../../bench/browser.mjs';
import { pseudoRandomBytes } from '../../bench/util.mjs';
import { largeSignedPdf } from '../support/pdf.mjs';
import { startTokenBridge } from '../support/bridge.mjs';

const sha = (algo, bytes) => createHash(algo).update(bytes).digest('hex');
const shots = new URL('../../test-results/', import.meta.url);
mkdirSync(shots, { recursive: true });

let server;
let baseUrl;
let browser;

before(async () => {
  ({ server, url: baseUrl } = await startServer({ port: 0 }));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function openDemo() {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(new Error(m.text())); });
  await page.goto(baseUrl);
  return { page, context, errors };
}

test('a dropped file shows the SHA-256 and SHA-512 that node:crypto computes', async () => {
  const { page, context, errors } = await openDemo();
  await assert.doesNotReject(page.getByRole('heading', { name: 'Mã băm tệp' }).waitFor());
  const bytes = Buffer.from(pseudoRandomBytes(3 * 1024 * 1024 + 17, 42));
  await page.getByLabel('SHA-512').check();
  await page.setInputFiles('#file-input', { name: 'Tờ trình số 12.pdf', mimeType: 'application/pdf', buffer: bytes });

  const item = page.locator('.result[data-file="Tờ trình số 12.pdf"]');
  const sha256 = item.locator('[data-testid="digest-SHA-256"]');
  await sha256.waitFor({ timeout: 30_000 });
  assert.equal(await sha256.textContent(), sha('sha256', bytes));
  assert.equal(await item.locator('[data-testid="digest-SHA-512"]').textContent(), sha('sha512', bytes));
  assert.equal(await item.locator('progress').evaluate((p) => p.value), 1);
  assert.match(await item.locator('.result-state').textContent(), /^Hoàn tất trong/);
  assert.match(await page.locator('#status').textContent(), /Tờ trình số 12\.pdf/);
  await page.screenshot({ path: new URL('demo-vi.png', shots).pathname, fullPage: true });

  // The language switch re-renders the interface and the results in English.
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { name: 'File hashes' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.match(await item.locator('.result-state').textContent(), /^Done in/);
  assert.equal(await page.locator('#status').textContent(), 'Finished hashing Tờ trình số 12.pdf.');
  assert.equal(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed'), 'true');
  await page.screenshot({ path: new URL('demo-en.png', shots).pathname, fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the bundled sample hashes to the digest of the file on disk', async () => {
  const { page, context, errors } = await openDemo();
  await page.getByRole('button', { name: 'Dùng tệp mẫu' }).click();
  const digest = page.locator('.result[data-file="thong-bao-mau.txt"] [data-testid="digest-SHA-256"]');
  await digest.waitFor({ timeout: 30_000 });
  const onDisk = readFileSync(new URL('../../www/samples/thong-bao-mau.txt', import.meta.url));
  assert.equal(await digest.textContent(), sha('sha256', onDisk));
  assert.deepEqual(errors, []);
  await context.close();
});

test('the file chooser opens from the keyboard', async () => {
  const { page, context } = await openDemo();
  const label = page.locator('#drop-label');
  await label.focus();
  // Subscribe first: Playwright turns on file-chooser interception when the first listener is
  // added, and the key press must not race that.
  const chooserEvent = page.waitForEvent('filechooser', { timeout: 10_000 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
  await page.keyboard.press('Enter');
  const chooser = await chooserEvent;
  assert.ok(chooser.isMultiple());
  await chooser.setFiles({ name: 'a.txt', mimeType: 'text/plain', buffer: Buffer.from('abc') });
  const digest = page.locator('.result[data-file="a.txt"] [data-testid="digest-SHA-256"]');
  await digest.waitFor({ timeout: 30_000 });
  assert.equal(await digest.textContent(), sha('sha256', Buffer.from('abc')));
  await context.close();
});

test('in Chromium, every engine and transport of the package agrees with node:crypto', async () => {
  const { page, context, errors } = await openDemo();
  const wasmFetched = [];
  context.on('request', (r) => { if (r.url().endsWith('.wasm')) wasmFetched.push(new URL(r.url()).pathname); });
  const size = 5 * 1024 * 1024 + 3;
  const seed = 7;
  const truth = {
    'SHA-1': sha('sha1', pseudoRandomBytes(size, seed)),
    'SHA-256': sha('sha256', pseudoRandomBytes(size, seed)),
    'SHA-384': sha('sha384', pseudoRandomBytes(size, seed)),
    'SHA-512': sha('sha512', pseudoRandomBytes(size, seed)),
  };
  const results = await page.evaluate(async ({ size, seed, src }) => {
    const { hashFile } = await import('/pkg/index.js');
    const blob = new Blob([new Function(`return ${src}`)()(size, seed)]);
    const out = [];
    for (const engine of ['auto', 'wasm', 'webcrypto']) {
      for (const transport of ['blob', 'chunks']) {
        const events = [];
        const r = await hashFile(blob, {
          engine, transport, chunkSize: 1 << 20, algorithms: ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'],
          onProgress: (p) => events.push(p.loaded),
        });
        out.push({ engine, transport, used: r.engine, size: r.size, digests: r.digests, events });
      }
    }
    return out;
  }, { size, seed, src: pseudoRandomBytes.toString() });
  for (const r of results) {
    const label = `${r.engine}/${r.transport}`;
    assert.equal(r.size, size, label);
    if (r.engine === 'auto') assert.equal(r.used, 'webcrypto', 'auto picks WebCrypto below 256 MiB');
    for (const [a, hex] of Object.entries(truth)) assert.equal(r.digests[a].hex, hex, `${label} ${a}`);
    assert.equal(r.events.at(-1), size, `${label} progress ends at the size`);
    assert.ok(r.events.every((v, i) => i === 0 || v > r.events[i - 1]), `${label} progress increases`);
  }
  // Chromium validates SIMD128: the worker loads that build and only that one — of the text
  // module: hashing never downloads the signature code.
  assert.deepEqual([...new Set(wasmFetched)], ['/pkg/vanban_text_bg.simd.wasm']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('in Chromium, cancelling rejects with AbortError / ERR_CANCELLED and the worker goes on', async () => {
  const { page, context } = await openDemo();
  const outcome = await page.evaluate(async () => {
    const { hashFile, CancelledError, DocError } = await import('/pkg/index.js');
    const blob = new Blob([new Uint8Array(64 * 1024 * 1024)]);
    const controller = new AbortController();
    let err = null;
    try {
      await hashFile(blob, {
        engine: 'wasm', chunkSize: 1 << 20, signal: controller.signal,
        onProgress: (p) => { if (p.loaded >= 4 << 20) controller.abort(); },
      });
    } catch (e) {
      err = e;
    }
    const next = await hashFile(new Blob(['abc']), { engine: 'wasm' });
    return {
      cancelled: err instanceof CancelledError, docError: err instanceof DocError,
      name: err?.name, code: err?.code, next: next.digests['SHA-256'].hex,
    };
  });
  assert.deepEqual(outcome, {
    cancelled: true, docError: true, name: 'AbortError', code: 'ERR_CANCELLED',
    next: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
  });
  await context.close();
});

const fixtures = JSON.parse(readFileSync(new URL('../fixtures/docx/manifest.json', import.meta.url), 'utf8'));
const expectedText = (file) => fixtures.find((f) => f.file.endsWith(file)).expectedText;

test('the demo extracts a Vietnamese DOCX (legacy fonts included) and offers it as .txt and .md', async () => {
  const { page, context, errors } = await openDemo();
  await page.getByRole('button', { name: 'Dùng công văn mẫu' }).click();
  const area = page.getByTestId('extract-text');
  await page.waitForFunction(() => document.querySelector('#extract-text').value.length > 0);
  // The text recorded by the generator that made the sample (scripts/gen_docx_fixtures.py).
  assert.equal(await area.inputValue(), expectedText('cong-van-mau.docx'));
  assert.match(await page.locator('#extract-status').textContent(), /^Đã trích xuất cong-van-mau\.docx/);

  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#extract-download').click()]);
  assert.equal(download.suggestedFilename(), 'cong-van-mau.txt');
  assert.equal(readFileSync(await download.path(), 'utf8'), expectedText('cong-van-mau.docx'));

  await page.locator('#extract-format').selectOption('markdown');
  await page.waitForFunction(() => document.querySelector('#extract-text').value.startsWith('**'));
  assert.match(await area.inputValue(), /^\*\*ỦY BAN NHÂN DÂN XÃ MẪU\*\*\n\n\*\*CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\*\*/);
  const [md] = await Promise.all([page.waitForEvent('download'), page.locator('#extract-download').click()]);
  assert.equal(md.suggestedFilename(), 'cong-van-mau.md');

  await page.locator('#extract-format').selectOption('text');
  await page.setInputFiles('#extract-input', new URL('../fixtures/docx/vn-legacy-fonts.docx', import.meta.url).pathname);
  await page.waitForFunction(() => document.querySelector('#extract-name').textContent === 'vn-legacy-fonts.docx'
    && document.querySelector('#extract-text').value.startsWith('CỘNG'));
  assert.equal(await area.inputValue(), expectedText('vn-legacy-fonts.docx'));
  await page.screenshot({ path: new URL('demo-extract.png', shots).pathname, fullPage: true });

  await page.setInputFiles('#extract-input', { name: 'not-a-docx.docx', mimeType: 'application/octet-stream', buffer: Buffer.from('hello') });
  await page.waitForFunction(() => /Không trích xuất được not-a-docx\.docx/.test(document.querySelector('#extract-status').textContent));
  assert.deepEqual(errors, []);
  await context.close();
});

test('the demo extracts the Vietnamese PDF sample with every diacritic', async () => {
  const { page, context, errors } = await openDemo();
  const pdfManifest = JSON.parse(readFileSync(new URL('../fixtures/pdf/manifest.json', import.meta.url), 'utf8'));
  const sample = pdfManifest.find((f) => f.file.endsWith('thong-bao-mau.pdf'));
  await page.getByRole('button', { name: 'Dùng thông báo PDF mẫu' }).click();
  await page.waitForFunction(() => document.querySelector('#extract-name').textContent === 'thong-bao-mau.pdf'
    && document.querySelector('#extract-text').value.length > 0);
  // The paragraphs the generator drew (scripts/gen_pdf_fixtures.py), one per line.
  assert.equal(await page.getByTestId('extract-text').inputValue(), sample.paragraphs.map((p) => `${p.text}\n`).join(''));
  await page.screenshot({ path: new URL('demo-extract-pdf.png', shots).pathname, fullPage: true });
  assert.equal(await page.locator('#extract-notices').isHidden(), true, 'no notice for a PDF with text');

  // A PDF whose second page is only an image: its text comes, and the page is named as a scan.
  const meta = JSON.parse(readFileSync(new URL('../fixtures/pdf/layout.json', import.meta.url), 'utf8'));
  await page.setInputFiles('#extract-input', new URL(`../fixtures/pdf/${meta.file}`, import.meta.url).pathname);
  await page.waitForFunction((name) => document.querySelector('#extract-name').textContent === name, meta.file);
  const text = await page.getByTestId('extract-text').inputValue();
  assert.ok(text.startsWith(`${meta.sequence[0]}\n`), text);
  assert.equal(
    await page.locator('#extract-notices').textContent(),
    'Trang 2 không có lớp chữ, chỉ có hình ảnh (bản quét?): cần nhận dạng ký tự (OCR) để lấy nội dung.',
  );
  await page.screenshot({ path: new URL('demo-extract-scan.png', shots).pathname, fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the demo verifies the sample .p7s (intact, signed, timestamped, trusted test root, not revoked per its CRL) and a tampered content', async () => {
  const { page, context, errors } = await openDemo();
  await page.getByRole('button', { name: 'Dùng chữ ký mẫu' }).click();
  const panel = page.locator('.sig-panel').first();
  await panel.waitFor();
  // The sample carries a timestamp by the test TSA and the test root's CRL (scripts/gen_cms_fixtures.py):
  // every check passes, the CRL speaks for today (next update 2035).
  assert.equal(await panel.getAttribute('data-indication'), 'TOTAL_PASSED');
  const verdict = await panel.locator('.sig-verdict').textContent();
  assert.equal(verdict, 'Chữ ký 1: Hợp lệ');
  const results = await panel.locator('.sig-checks li').evaluateAll((items) => items.map((li) => `${li.querySelector('.check-id').textContent}=${li.className}`));
  for (const id of ['messageDigest', 'signingCertificate', 'signerCertificate', 'signatureValue', 'signatureTimestamp', 'certificatePath', 'revocation']) {
    assert.ok(results.includes(`${id}=check passed`), `${id} in ${results}`);
  }
  const facts = await panel.locator('.sig-facts').textContent();
  assert.match(facts, /Nguyễn Văn Thử/);
  // formatReport's reading: the time in Vietnam's zone, the TSA by name, a verdict line.
  assert.match(facts, /Dấu thời gian \(đã kiểm chứng\)10:00:00 ngày 15\/06\/2025 \(giờ Việt Nam, UTC\+07:00\) — vanban Test TSA/);
  assert.match(facts, /Cơ quan, đơn vịvanban \(thử nghiệm\)/);
  assert.match(await panel.locator('.sig-summary').textContent(), /^Chữ ký hợp lệ: văn bản còn nguyên vẹn từ khi ký; chứng thư của Nguyễn Văn Thử dẫn về gốc tin cậy vanban Test Root CA/);
  await page.screenshot({ path: new URL('demo-verify-sample.png', shots).pathname, fullPage: true });

  // The same signature over changed content: not valid, the content was changed after signing.
  const sig = readFileSync(new URL('../../www/samples/thong-bao-mau.txt.p7s', import.meta.url));
  const content = readFileSync(new URL('../../www/samples/thong-bao-mau.txt', import.meta.url), 'utf8');
  await page.setInputFiles('#verify-sig', { name: 'thong-bao-mau.txt.p7s', mimeType: 'application/pkcs7-signature', buffer: sig });
  await page.setInputFiles('#verify-content', { name: 'thong-bao-mau.txt', mimeType: 'text/plain', buffer: Buffer.from(content.replace('vanban', 'VANBAN')) });
  await page.getByRole('button', { name: 'Kiểm tra', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('.sig-panel')?.dataset.indication === 'TOTAL_FAILED');
  assert.equal(
    await page.locator('.sig-panel .sig-verdict').first().textContent(),
    'Chữ ký 1: Không hợp lệ — nội dung đã bị thay đổi sau khi ký',
  );
  await page.screenshot({ path: new URL('demo-verify-tampered.png', shots).pathname, fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the demo verifies the signed PDF sample (valid) and the same PDF changed after signing (not valid, the change listed)', async () => {
  const { page, context, errors } = await openDemo();
  await page.getByRole('button', { name: 'Dùng PDF đã ký mẫu' }).click();
  const panel = page.locator('.sig-panel').first();
  await panel.waitFor();
  assert.equal(await panel.getAttribute('data-indication'), 'TOTAL_PASSED');
  assert.equal(await panel.locator('.sig-verdict').textContent(), 'Chữ ký 1: Hợp lệ');
  const results = await panel.locator('.sig-checks li').evaluateAll((items) => items.map((li) => `${li.querySelector('.check-id').textContent}=${li.className}`));
  for (const id of ['byteRange', 'messageDigest', 'signatureValue', 'signatureTimestamp', 'certificatePath', 'revocation']) {
    assert.ok(results.includes(`${id}=check passed`), `${id} in ${results}`);
  }
  const pdfFacts = await panel.locator('.sig-facts').textContent();
  assert.match(pdfFacts, /Phe duyet/);
  assert.match(pdfFacts, /Phạm vi được ký\s*toàn bộ tệp/);
  assert.match(pdfFacts, /Thay đổi sau khi ký\s*không có/);
  await page.screenshot({ path: new URL('demo-verify-pdf.png', shots).pathname, fullPage: true });

  // The same signed file with a later update that rewrites the page content.
  const tampered = readFileSync(new URL('../fixtures/cms/thong-bao-mau-da-ky-sua.pdf', import.meta.url));
  await page.setInputFiles('#verify-sig', { name: 'thong-bao-mau-da-ky-sua.pdf', mimeType: 'application/pdf', buffer: tampered });
  await page.getByRole('button', { name: 'Kiểm tra', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('.sig-panel')?.dataset.indication === 'TOTAL_FAILED');
  assert.equal(
    await page.locator('.sig-panel .sig-verdict').first().textContent(),
    'Chữ ký 1: Không hợp lệ — tệp đã bị sửa sau khi ký theo cách người ký không cho phép',
  );
  const forbidden = await page.locator('.sig-modifications li.forbidden .mod-description').allTextContents();
  assert.equal(forbidden.length, 1, String(forbidden));
  assert.match(forbidden[0], /object 15/);
  assert.match(
    await page.locator('.sig-panel .sig-facts').first().textContent(),
    /toàn bộ phiên bản đã ký; tệp có cập nhật sau đó.*có thay đổi người ký không cho phép/s,
  );
  await page.screenshot({ path: new URL('demo-verify-pdf-tampered.png', shots).pathname, fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the demo says whether what is displayed is what was signed, and shows the signed version\'s text', async () => {
  const { page, context, errors } = await openDemo();
  await page.getByRole('button', { name: 'Dùng PDF đã ký mẫu' }).click();
  await page.waitForFunction(() => document.querySelector('.doc-panel')?.dataset.displayed === 'same');
  assert.match(await page.locator('.doc-panel .doc-verdict').textContent(), /đúng là phiên bản mà chữ ký 1 đã ký/);
  await page.getByRole('button', { name: 'Dùng PDF bị sửa sau khi ký' }).click();
  await page.waitForFunction(() => document.querySelector('.doc-panel')?.dataset.displayed === 'changed');
  assert.match(await page.locator('.doc-panel .doc-verdict').textContent(), /KHÁC phiên bản mà chữ ký 1 đã ký/);
  await page.getByRole('button', { name: 'Xem nội dung bản đã ký' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid=revision-text]')?.dataset.which === 'signed');
  const signed = await page.locator('[data-testid=revision-text]').textContent();
  assert.ok(signed.trim().length > 0 && !signed.includes('DA SUA SAU KHI KY'), signed);
  await page.screenshot({ path: new URL('demo-verify-signed-version.png', shots).pathname, fullPage: true });
  await page.getByRole('button', { name: 'Xem nội dung đang hiển thị' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid=revision-text]')?.dataset.which === 'displayed');
  assert.match(await page.locator('[data-testid=revision-text]').textContent(), /DA SUA SAU KHI KY/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the demo verifies a large signed PDF (hashed by WebCrypto, verified ahead in the worker) and fails it with one byte changed', async () => {
  const { page, context, errors } = await openDemo();
  const pdf = Buffer.from(largeSignedPdf(2 << 20));
  await page.getByRole('button', { name: 'Dùng PDF đã ký mẫu' }).click(); // loads the test anchor
  await page.locator('.sig-panel').first().waitFor();
  await page.setInputFiles('#verify-sig', { name: 'lon.pdf', mimeType: 'application/pdf', buffer: pdf });
  await page.getByRole('button', { name: 'Kiểm tra', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('.sig-panel .sig-facts')?.textContent.includes('tệp có cập nhật sau đó'));
  const panel = page.locator('.sig-panel').first();
  assert.equal(await panel.getAttribute('data-indication'), 'TOTAL_PASSED');
  const changed = Buffer.from(pdf);
  changed[20000] ^= 1;
  await page.setInputFiles('#verify-sig', { name: 'lon-sua.pdf', mimeType: 'application/pdf', buffer: changed });
  await page.getByRole('button', { name: 'Kiểm tra', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('.sig-panel')?.dataset.indication === 'TOTAL_FAILED');
  assert.match(await page.locator('.sig-panel .sig-verdict').first().textContent(), /Không hợp lệ/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the demo signs the sample PDF with the test key in the page: verified TOTAL_PASSED, the signed file downloadable', async () => {
  const { page, context, errors } = await openDemo();
  await page.getByRole('button', { name: 'Ký', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('#sign-status')?.textContent.startsWith('Đã ký'));
  assert.match(await page.locator('#sign-status').textContent(), /thong-bao-mau-da-ky\.pdf/);
  const panel = page.locator('.sig-panel').first();
  assert.equal(await panel.getAttribute('data-indication'), 'TOTAL_PASSED');
  assert.match(await panel.locator('.sig-facts').textContent(), /Phê duyệt/);
  const link = page.getByTestId('sign-download');
  assert.equal(await link.isVisible(), true);
  const head = await page.evaluate(async () => {
    const a = document.querySelector('#sign-download');
    const bytes = new Uint8Array(await (await fetch(a.href)).arrayBuffer());
    return [a.download, new TextDecoder().decode(bytes.subarray(0, 5)), bytes.length];
  });
  assert.equal(head[0], 'thong-bao-mau-da-ky.pdf');
  assert.equal(head[1], '%PDF-');
  await page.screenshot({ path: new URL('demo-sign.png', shots).pathname, fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

// The demo → vanban-bridge → SoftHSM2 (tests/support/bridge.mjs).
async function signWithBridge(page) {
  await page.getByTestId('sign-key').selectOption('bridge');
  await page.getByRole('button', { name: 'Ký', exact: true }).click();
  await page.waitForFunction(() => /^(Đã ký|Không ký được)/.test(document.querySelector('#sign-status')?.textContent ?? ''), null, { timeout: 30_000 });
  return page.locator('#sign-status').textContent();
}

test('the demo signs through vanban-bridge and a SoftHSM2 token (TOTAL_PASSED); another origin, a wrong PIN and a forged Host are refused', async () => {
  const origin = new URL(baseUrl).origin; // http://127.0.0.1:PORT
  const good = await startTokenBridge('1234', ['--allow-insecure', origin]);
  const wrongPin = await startTokenBridge('0000', ['--allow-insecure', origin]);
  try {
    // The allowed origin: signed by the token, verified.
    let { page, context, errors } = await openDemo();
    await page.goto(`${baseUrl}?bridge=${encodeURIComponent(good.url)}`);
    assert.match(await signWithBridge(page), /^Đã ký: thong-bao-mau-da-ky\.pdf/);
    assert.equal(await page.locator('.sig-panel').first().getAttribute('data-indication'), 'TOTAL_PASSED');
    await page.screenshot({ path: new URL('demo-sign-bridge.png', shots).pathname, fullPage: true });
    assert.deepEqual(errors, []);
    await context.close();

    // The same demo from another origin (localhost instead of 127.0.0.1): not on the allowlist,
    // and http, so it cannot pair either.
    ({ page, context } = await openDemo());
    await page.goto(`${baseUrl.replace('127.0.0.1', 'localhost')}?bridge=${encodeURIComponent(good.url)}`);
    const refused = await signWithBridge(page);
    assert.match(refused, /trang này chưa được phép dùng khóa ký/, refused);
    await context.close();

    // A wrong PIN reaches the page as PIN_INCORRECT.
    ({ page, context } = await openDemo());
    await page.goto(`${baseUrl}?bridge=${encodeURIComponent(wrongPin.url)}`);
    const pin = await signWithBridge(page);
    assert.match(pin, /mã PIN không đúng/, pin);
    await context.close();

    // A forged Host (a DNS-rebinding page would send its own name) is refused.
    const { request } = await import('node:http');
    const bridgeUrl = new URL(good.url);
    const answer = await new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: bridgeUrl.port, path: '/v1/certificates', method: 'POST',
        headers: { Host: `rebind.example:${bridgeUrl.port}`, Origin: origin, 'Content-Type': 'application/json' } }, (res) => {
        let body = '';
        res.on('data', (d) => { body += d; });
        res.on('end', () => resolve([res.statusCode, JSON.parse(body)]));
      });
      req.on('error', reject);
      req.end('{}');
    });
    assert.deepEqual([answer[0], answer[1].error], [403, 'ORIGIN_NOT_ALLOWED']);
  } finally {
    good.stop();
    wrongPin.stop();
  }
});
