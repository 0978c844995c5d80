// End to end: vanban-bridge (SoftHSM2 token) against pages in Chromium. The demo, not yet paired,
// pairs by the code the bridge's console shows and signs; a page on another local port (another
// origin) and a sandboxed iframe (origin `null`) in the demo get only refusals.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startServer } from '../../scripts/serve.mjs';
import { launchChromium } from '../../bench/browser.mjs';
import { startTokenBridge } from '../support/bridge.mjs';

const shots = new URL('../../test-results/', import.meta.url);
mkdirSync(shots, { recursive: true });

let demo;
let other;
let browser;

before(async () => {
  demo = await startServer({ port: 0 });
  other = await startServer({ port: 0 });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  demo?.server.close();
  other?.server.close();
});

/** What a page of `pageUrl` gets from the bridge at `bridgeUrl` (fetches run in the page). */
async function fromPage(page, bridgeUrl) {
  return page.evaluate(async (url) => {
    const call = async (path, body) => {
      try {
        const r = await fetch(`${url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
        return (await r.json()).error ?? 'ok';
      } catch (e) {
        return `unreadable: ${e.message}`;
      }
    };
    return {
      certificates: await call('/v1/certificates', {}),
      sign: await call('/v1/sign', { certId: '00', hashAlgorithm: 'SHA-256', signatureAlgorithm: 'ECDSA', digest: 'AAAA' }),
      confirm: await call('/v1/pair/confirm', { code: '000000' }),
    };
  }, bridgeUrl);
}

test('the demo pairs by the code on the bridge\'s console and signs; another origin and a sandboxed iframe are refused', async () => {
  const demoOrigin = new URL(demo.url).origin;
  const otherOrigin = new URL(other.url).origin;
  // Both may pair over http (development); neither is paired at the start.
  const bridge = await startTokenBridge('1234', ['--dev-origin', demoOrigin, '--dev-origin', otherOrigin]);
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e));
    await page.goto(`${demo.url}?bridge=${encodeURIComponent(bridge.url)}`);
    await page.getByTestId('sign-key').selectOption('bridge');
    await page.getByRole('button', { name: 'Ký', exact: true }).click();
    // The page asks for the code; the code is on the bridge's console, for this origin.
    await page.getByTestId('sign-pair').waitFor({ state: 'visible', timeout: 30_000 });
    const code = await bridge.codeFor(demoOrigin);
    assert.ok(!(await page.content()).includes(code), 'the page never shows the code by itself');
    // Meanwhile a page of another origin: nothing, readable refusals, and the demo's code does
    // not pair it.
    const attacker = await context.newPage();
    await attacker.goto(other.url);
    assert.deepEqual(await fromPage(attacker, bridge.url), { certificates: 'ORIGIN_NOT_ALLOWED', sign: 'ORIGIN_NOT_ALLOWED', confirm: 'ORIGIN_NOT_ALLOWED' });
    const stolen = await attacker.evaluate(async ([url, c]) => (await (await fetch(`${url}/v1/pair/confirm`, { method: 'POST', body: JSON.stringify({ code: c }) })).json()).error, [bridge.url, code]);
    assert.equal(stolen, 'ORIGIN_NOT_ALLOWED');
    await page.screenshot({ path: new URL('demo-sign-pairing.png', shots).pathname, fullPage: true });
    await page.getByTestId('sign-pair-code').fill(code);
    await page.getByRole('button', { name: 'Ghép nối', exact: true }).click();
    await page.waitForFunction(() => /^(Đã ký|Không ký được)/.test(document.querySelector('#sign-status')?.textContent ?? ''), null, { timeout: 30_000 });
    assert.match(await page.locator('#sign-status').textContent(), /^Đã ký/);
    assert.equal(await page.locator('.sig-panel').first().getAttribute('data-indication'), 'TOTAL_PASSED');
    // The console named the demo's origin, the document and a fingerprint.
    assert.match(bridge.said(), new RegExp(`the site ${demoOrigin.replace(/[.:/]/g, '\\$&')} asks to sign\\n\\s+document:\\s+"thong-bao-mau.pdf"`));
    assert.match(bridge.said(), /fingerprint: [0-9A-F]{4} [0-9A-F]{4}/);
    // Still nothing for the other origin after the demo paired.
    assert.deepEqual(await fromPage(attacker, bridge.url), { certificates: 'ORIGIN_NOT_ALLOWED', sign: 'ORIGIN_NOT_ALLOWED', confirm: 'ORIGIN_NOT_ALLOWED' });
    // A sandboxed iframe inside the paired demo: its origin is `null`, which is never paired.
    const framed = await page.evaluate(async (url) => new Promise((resolve) => {
      const frame = document.createElement('iframe');
      frame.sandbox = 'allow-scripts';
      frame.srcdoc = `<script>
        fetch(${JSON.stringify(url)} + '/v1/certificates', { method: 'POST', body: '{}' })
          .then((r) => r.json()).then((j) => parent.postMessage(j.error ?? 'ok', '*'), (e) => parent.postMessage('unreadable: ' + e.message, '*'));
      </script>`;
      addEventListener('message', (m) => resolve(m.data), { once: true });
      document.body.append(frame);
    }), bridge.url);
    assert.equal(framed, 'ORIGIN_NOT_ALLOWED');
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    bridge.stop();
  }
});
