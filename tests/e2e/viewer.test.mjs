// <vanban-viewer> in the demo, in Chromium: a signed PDF in → its text and its signature panel
// (formatReport), keyboard-reachable actions, the language attribute, and an axe-core check of
// the element with no serious or critical violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { startServer } from '../../scripts/serve.mjs';
import { launchChromium } from '../../bench/browser.mjs';

const shots = new URL('../../test-results/', import.meta.url);
mkdirSync(shots, { recursive: true });
const samples = new URL('../../www/samples/', import.meta.url);
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

test('<vanban-viewer>: a signed PDF shows its text and a signature panel; keyboard; lang; axe-core', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(baseUrl);
  const viewer = page.getByTestId('viewer');
  await viewer.waitFor();
  await page.evaluate(async () => {
    const v = document.querySelector('vanban-viewer');
    v.trust = [await (await fetch('samples/vanban-test-ca.pem')).text()];
    v.defaultTrust = false;
    window.__events = [];
    for (const type of ['vanban-text', 'vanban-report', 'vanban-error']) v.addEventListener(type, (e) => window.__events.push(type));
  });
  await page.locator('vanban-viewer input[type=file]').setInputFiles({
    name: 'thong-bao-mau-da-ky.pdf', mimeType: 'application/pdf', buffer: readFileSync(new URL('thong-bao-mau-da-ky.pdf', samples)),
  });
  const sig = page.locator('vanban-viewer [part~="signature"]');
  await sig.waitFor({ timeout: 30_000 });
  assert.equal(await sig.getAttribute('data-indication'), 'TOTAL_PASSED');
  assert.match(await sig.textContent(), /Chữ ký hợp lệ: văn bản còn nguyên vẹn từ khi ký/);
  assert.ok((await page.locator('vanban-viewer [part~="text"]').textContent()).length > 100);
  // The signer in parts, the timestamp in Hanoi time, and what each check found.
  const facts = await page.locator('vanban-viewer [part~="facts"]').textContent();
  assert.match(facts, /Người ký\s*Nguyễn Văn Thử/);
  assert.match(facts, /10:00:00 ngày 15\/06\/2025 \(giờ Việt Nam, UTC\+07:00\) — vanban Test TSA/);
  assert.match(await page.locator('vanban-viewer [part~="checks"] li[data-code="certificatePath.found"]').textContent(),
    /^Chuỗi chứng thư đến gốc tin cậy: đạt — có chuỗi 2 chứng thư đến gốc tin cậy vanban Test Root CA/);
  assert.match(await page.locator('vanban-viewer [part~="status"]').textContent(), /thong-bao-mau-da-ky\.pdf: đã trích xuất nội dung; 1 chữ ký/);
  assert.deepEqual(await page.evaluate(() => window.__events), ['vanban-text', 'vanban-report']);
  // Every action is a focusable button.
  const open = page.locator('vanban-viewer [part~="open"]');
  await open.focus();
  assert.equal(await page.evaluate(() => document.querySelector('vanban-viewer').shadowRoot.activeElement?.getAttribute('part')), 'open');
  assert.equal(await page.locator('vanban-viewer button').count(), 3);
  await page.locator('vanban-viewer').scrollIntoViewIfNeeded();
  await page.screenshot({ path: new URL('demo-viewer.png', shots).pathname, fullPage: true });
  // The language attribute re-renders the element.
  await page.getByRole('button', { name: 'English' }).click();
  assert.match(await sig.textContent(), /Valid signature: the document is unchanged since it was signed/);
  // axe-core over the element (its shadow tree included).
  await page.addScriptTag({ path: new URL('../../node_modules/axe-core/axe.min.js', import.meta.url).pathname });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run({ include: [['vanban-viewer']] }, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(serious, [], JSON.stringify(violations));
  assert.deepEqual(errors, []);
  await context.close();
});

test('the demo opens attachments in <vanban-viewer>: its sample, a detached .p7s without content, an unsigned DOCX', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(baseUrl);
  // The first card of the page is the viewer.
  assert.equal(await page.locator('main section.card').first().getAttribute('aria-labelledby'), 'viewer-title');
  await page.getByTestId('viewer-sample').click();
  const sig = page.locator('vanban-viewer [part~="signature"]');
  await sig.waitFor({ timeout: 30_000 });
  assert.equal(await sig.getAttribute('data-indication'), 'TOTAL_PASSED');
  // A detached signature has no text; without its content it cannot be decided (never passed).
  await page.locator('vanban-viewer input[type=file]').setInputFiles({
    name: 'thong-bao-mau.txt.p7s', mimeType: 'application/pkcs7-signature', buffer: readFileSync(new URL('thong-bao-mau.txt.p7s', samples)),
  });
  await page.locator('vanban-viewer [part~="signature"][data-indication="INDETERMINATE"]').waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('vanban-viewer [part~="text"]').count(), 0);
  assert.match(await page.locator('vanban-viewer [part~="signature"]').textContent(), /chưa tìm thấy dữ liệu được ký/);
  // A DOCX: its text; its signatures are not read yet, and the viewer says so (never "no signature").
  await page.locator('vanban-viewer input[type=file]').setInputFiles({
    name: 'structure.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    buffer: readFileSync(new URL('../fixtures/docx/structure.docx', import.meta.url)),
  });
  await page.locator('vanban-viewer [part~="text"]').waitFor({ timeout: 30_000 });
  assert.match(await page.locator('vanban-viewer [part~="text"]').textContent(), /Phạm vi điều chỉnh/);
  assert.match(await page.locator('vanban-viewer [part~="verdict"]').textContent(), /chưa được kiểm tra/);
  assert.equal(await page.locator('vanban-viewer [part~="signature"]').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
