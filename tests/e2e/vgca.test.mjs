// End to end, in Chromium: the whole-file adapter (vgcaStyleBridge) against a mock of a VGCA-style
// signing service — a WebSocket at /SignPDF that takes {FileUploadHandler, SessionId, FileName,
// MetaData}, downloads the document from FileName, signs it (here with vanban and the test key),
// uploads it to FileUploadHandler as multipart field "uploadfile" and answers {Status, Message,
// FileName, FileServer} — and a mock portal that hosts the document and the upload handler.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { startServer } from '../../scripts/serve.mjs';
import { launchChromium } from '../../bench/browser.mjs';
import { sign, softKeyBridge, importSoftKey, terminate } from '../../pkg/node.js';

const at = (p) => new URL(`../../${p}`, import.meta.url);
const pdf = readFileSync(at('www/samples/thong-bao-mau.pdf'));
const anchor = readFileSync(at('www/samples/vanban-test-ca.pem'), 'utf8');

let demo;
let portal;
let service;
let browser;
const seen = { requests: [], uploads: [] };

/** The portal: the document, the upload handler, the signed files. CORS open (test only). */
function startPortal() {
  const files = new Map([['/files/thong-bao-mau.pdf', pdf]]);
  const server = createServer(async (req, res) => {
    const cors = { 'Access-Control-Allow-Origin': '*' };
    if (req.method === 'GET' && files.has(req.url)) {
      res.writeHead(200, { ...cors, 'Content-Type': 'application/pdf' });
      res.end(files.get(req.url));
      return;
    }
    if (req.method === 'POST' && req.url === '/upload') {
      const chunks = [];
      for await (const c of req) chunks.push(c);
      const body = Buffer.concat(chunks);
      const boundary = /boundary=(.+)$/.exec(req.headers['content-type'] ?? '')?.[1];
      const part = body.toString('latin1').split(`--${boundary}`).find((p) => p.includes('name="uploadfile"'));
      const content = part ? Buffer.from(part.slice(part.indexOf('\r\n\r\n') + 4, part.lastIndexOf('\r\n')), 'latin1') : null;
      if (!content) {
        res.writeHead(400, cors);
        res.end(JSON.stringify({ Status: false, Message: 'no uploadfile' }));
        return;
      }
      seen.uploads.push(content);
      files.set('/signed/thong-bao-mau-signed.pdf', content);
      res.writeHead(200, { ...cors, 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ Status: true, Message: '', FileName: 'thong-bao-mau-signed.pdf', FileServer: '/signed/thong-bao-mau-signed.pdf' }));
      return;
    }
    res.writeHead(404, cors);
    res.end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The service: a WebSocket endpoint (RFC 6455, text frames only, enough for this exchange). */
function startService(signer) {
  const server = createServer((_, res) => { res.writeHead(426); res.end(); });
  server.on('upgrade', (req, socket) => {
    const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    let buffer = Buffer.alloc(0);
    socket.on('data', async (data) => {
      buffer = Buffer.concat([buffer, data]);
      if (buffer.length < 2) return;
      const opcode = buffer[0] & 0x0f;
      if (opcode === 0x8) { socket.end(); return; }
      let len = buffer[1] & 0x7f;
      let offset = 2;
      if (len === 126) { len = buffer.readUInt16BE(2); offset = 4; }
      if (buffer.length < offset + 4 + len) return;
      const mask = buffer.subarray(offset, offset + 4);
      const payload = Buffer.from(buffer.subarray(offset + 4, offset + 4 + len).map((b, i) => b ^ mask[i % 4]));
      buffer = Buffer.alloc(0);
      const reply = await signer(req.url, JSON.parse(payload.toString('utf8')));
      const out = Buffer.from(JSON.stringify(reply));
      const head = out.length < 126 ? Buffer.from([0x81, out.length]) : Buffer.from([0x81, 126, out.length >> 8, out.length & 0xff]);
      socket.write(Buffer.concat([head, out]));
    });
    socket.on('error', () => {});
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

before(async () => {
  demo = await startServer({ port: 0 });
  portal = await startPortal();
  const privateKey = await importSoftKey(readFileSync(at('tests/fixtures/pki/signer.key.pem'), 'utf8'));
  const key = softKeyBridge({ privateKey, certificate: readFileSync(at('tests/fixtures/pki/signer.pem'), 'utf8'), chain: [anchor] });
  const [certificate] = await key.listCertificates();
  const crl = new Uint8Array(readFileSync(at('www/samples/vanban-test-ca.crl')));
  service = await startService(async (path, request) => {
    seen.requests.push([path, request]);
    if (path !== '/SignPDF') return { Status: 1, Message: `unknown operation ${path}` };
    const original = Buffer.from(await (await fetch(request.FileName)).arrayBuffer());
    const { pdf: signed } = await sign(original, { bridge: key, certificate, revocation: { crls: [crl] }, trust: [anchor], defaultTrust: false });
    const form = new FormData();
    form.append('uploadfile', new Blob([signed]), 'signed.pdf');
    const uploaded = await (await fetch(request.FileUploadHandler, { method: 'POST', body: form })).json();
    return { Status: uploaded.Status ? 0 : 2, Message: uploaded.Message, FileName: uploaded.FileName, FileServer: uploaded.FileServer };
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  demo?.server.close();
  portal?.close();
  service?.close();
  terminate();
});

test('a page signs through a VGCA-style whole-file service: the request has their fields, the signed file comes back by the portal and verifies TOTAL_PASSED', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(demo.url);
  const portalUrl = `http://127.0.0.1:${portal.address().port}`;
  const serviceUrl = `ws://127.0.0.1:${service.address().port}`;
  const result = await page.evaluate(async ({ portalUrl, serviceUrl, anchor }) => {
    const { vgcaStyleBridge, signWholeFile } = await import('/pkg/index.js');
    const bridge = vgcaStyleBridge({
      url: serviceUrl, uploadHandler: `${portalUrl}/upload`, sessionId: 'phien-1',
      fetchSigned: async ({ fileServer }) => (await fetch(`${portalUrl}${fileServer}`)).blob(),
    });
    const detected = await bridge.detect();
    const original = await (await fetch(`${portalUrl}/files/thong-bao-mau.pdf`)).arrayBuffer();
    const { report, originalKept } = await signWholeFile(bridge, {
      fileUrl: `${portalUrl}/files/thong-bao-mau.pdf`, metadata: { DocNumber: '12/TB-UBND' }, original,
      trust: [anchor], defaultTrust: false, name: 'thong-bao-mau-signed.pdf',
    });
    let refused = null;
    try {
      await vgcaStyleBridge({ url: serviceUrl, uploadHandler: 'x', fetchSigned: async () => null, operation: 'Nope' }).signDocument({ fileUrl: 'x' });
    } catch (e) {
      refused = [e.name, e.code, e.message];
    }
    const absent = await vgcaStyleBridge({ url: 'ws://127.0.0.1:9', uploadHandler: 'x', fetchSigned: async () => null }).detect();
    return { detected: detected?.id, indication: report.signatures[0].indication, originalKept, refused, absent };
  }, { portalUrl, serviceUrl, anchor });
  assert.equal(result.detected, 'vgca-style');
  assert.equal(result.indication, 'TOTAL_PASSED');
  assert.equal(result.originalKept, true);
  assert.deepEqual(result.refused.slice(0, 2), ['BridgeError', 'INTERNAL']);
  assert.match(result.refused[2], /unknown operation/);
  assert.equal(result.absent, null);
  // What the service was sent: the shape portals send such services.
  const signRequest = seen.requests.find(([p]) => p === '/SignPDF')[1];
  assert.deepEqual(Object.keys(signRequest).sort(), ['FileName', 'FileUploadHandler', 'MetaData', 'SessionId']);
  assert.equal(signRequest.SessionId, 'phien-1');
  assert.deepEqual(signRequest.MetaData, [{ Key: 'DocNumber', Value: '12/TB-UBND' }]);
  assert.equal(seen.uploads.length, 1);
  assert.deepEqual(errors, []);
  await context.close();
});
