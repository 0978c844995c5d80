// End-to-end smoke test in Firefox ESR (issue 16): the demo served on localhost, driven through
// geckodriver (W3C WebDriver, no Playwright build of Firefox needed): the package extracts a DOCX
// and a PDF, verifies the signed sample and hashes a file in Firefox's module worker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { startServer } from '../../scripts/serve.mjs';

const GECKODRIVER = process.env.GECKODRIVER ?? `${process.env.HOME}/.cargo/bin/geckodriver`;
const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const samples = new URL('../../www/samples/', import.meta.url);

let server;
let baseUrl;
let driver;
let driverUrl;
let session;

async function wd(method, path, body) {
  const r = await fetch(`${driverUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
  const j = await r.json();
  if (!r.ok) throw new Error(`WebDriver ${method} ${path}: ${JSON.stringify(j.value)}`);
  return j.value;
}

before(async () => {
  ({ server, url: baseUrl } = await startServer({ port: 0 }));
  const port = 4444 + Math.floor(Math.random() * 1000);
  driver = spawn(GECKODRIVER, ['--port', String(port)], { stdio: 'ignore' });
  driverUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      await wd('GET', '/status');
      break;
    } catch {
      await new Promise((r) => { setTimeout(r, 100); });
    }
  }
  session = (await wd('POST', '/session', {
    capabilities: { alwaysMatch: { browserName: 'firefox', 'moz:firefoxOptions': { binary: FIREFOX, args: ['-headless'] } } },
  })).sessionId;
});

after(async () => {
  if (session) await wd('DELETE', `/session/${session}`).catch(() => {});
  driver?.kill();
  server?.close();
});

test('Firefox ESR: the package extracts, verifies and hashes in its worker', async () => {
  await wd('POST', `/session/${session}/url`, { url: baseUrl });
  await wd('POST', `/session/${session}/timeouts`, { script: 60_000 });
  const r = await wd('POST', `/session/${session}/execute/async`, {
    script: `const done = arguments[arguments.length - 1];
      (async () => {
        const v = await import('/pkg/index.js');
        const get = async (n) => new Uint8Array(await (await fetch('samples/' + n)).arrayBuffer());
        const docx = await v.extractText(await get('cong-van-mau.docx'));
        const pdf = await v.extractText(await get('thong-bao-mau.pdf'));
        const anchor = await (await fetch('samples/vanban-test-ca.pem')).text();
        const report = await v.verify(await get('thong-bao-mau-da-ky.pdf'), { trust: [anchor], defaultTrust: false });
        const hash = (await v.hashFile(new Blob([await get('thong-bao-mau.pdf')]), { engine: 'wasm' })).digests['SHA-256'].hex;
        return { docx: docx.length, pdf: pdf.length, verify: report.signatures.map((s) => s.indication), hash, ua: navigator.userAgent };
      })().then(done, (e) => done({ error: String(e && e.message || e) }));`,
    args: [],
  });
  assert.equal(r.error, undefined, r.error);
  assert.match(r.ua, /Firefox\//);
  assert.ok(r.docx > 100 && r.pdf > 100, JSON.stringify(r));
  assert.deepEqual(r.verify, ['TOTAL_PASSED']);
  assert.equal(r.hash, createHash('sha256').update(readFileSync(new URL('thong-bao-mau.pdf', samples))).digest('hex'));
  console.log(`Firefox smoke: ${r.ua}`);
});
