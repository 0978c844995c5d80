// A multi-MB signed PDF verified by vanban, against node:crypto's SHA-256 of the file (the floor:
// a verifier must hash what the signature covers) and pdf.js opening the same file (getDocument
// and the page count, which a viewer does before showing any signature panel). The PDF is built
// here: one page with an 8 MiB incompressible image (a scan), signed in an incremental update by
// `openssl cms -sign` over the bytes its /ByteRange covers (RSA 2048, SHA-256, detached, signed
// attributes). `node bench/verify-pdf.mjs` prints the JSON.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verify } from '../pkg/node.js';
import { median, pseudoRandomBytes } from './util.mjs';

const enc = new TextEncoder();

/** A one-page PDF whose page draws an image of `imageBytes` bytes (classic xref). */
function basePdf(imageBytes) {
  const parts = [];
  const offsets = [];
  let length = 0;
  const push = (chunk) => { parts.push(chunk); length += chunk.length; };
  push(enc.encode('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'));
  const obj = (num, body, stream) => {
    offsets[num] = length;
    push(enc.encode(`${num} 0 obj\n${body}\n`));
    if (stream) {
      push(enc.encode('stream\n'));
      push(stream);
      push(enc.encode('\nendstream\n'));
    }
    push(enc.encode('endobj\n'));
  };
  const side = Math.floor(Math.sqrt(imageBytes / 3));
  const image = pseudoRandomBytes(side * side * 3, 0x9df);
  const content = enc.encode('q 500 0 0 700 50 70 cm /Im1 Do Q');
  obj(1, '<< /Type /Catalog /Pages 2 0 R >>');
  obj(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  obj(3, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>');
  obj(4, `<< /Length ${content.length} >>`, content);
  obj(5, `<< /Type /XObject /Subtype /Image /Width ${side} /Height ${side} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Length ${image.length} >>`, image);
  const xref = length;
  let table = 'xref\n0 6\n0000000000 65535 f \n';
  for (let n = 1; n <= 5; n++) table += `${String(offsets[n]).padStart(10, '0')} 00000 n \n`;
  push(enc.encode(`${table}trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`));
  return Buffer.concat(parts);
}

/** `base` with a signature dictionary appended in an incremental update, signed by openssl. */
function signPdf(base) {
  const dir = mkdtempSync(join(tmpdir(), 'vanban-bench-pdf-'));
  try {
    const file = (n) => join(dir, n);
    const run = (args) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('key.pem'), '-out', file('cert.pem'),
      '-subj', '/C=VN/O=vanban bench/CN=Bench Signer', '-days', '30', '-sha256',
      '-addext', 'keyUsage=critical,digitalSignature,nonRepudiation,keyCertSign']);
    const room = 8192;
    const prev = Number(/startxref\s+(\d+)/.exec(base.subarray(base.length - 64).toString('latin1'))[1]);
    const head = `6 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 0000000000 0000000000 0000000000] /Contents <`;
    const sigStart = base.length;
    const body = `${head}${'0'.repeat(2 * room)}> >>\nendobj\n`;
    const xref = sigStart + body.length;
    const tail = `xref\n6 1\n${String(sigStart).padStart(10, '0')} 00000 n \ntrailer\n<< /Size 7 /Root 1 0 R /Prev ${prev} >>\nstartxref\n${xref}\n%%EOF\n`;
    const pdf = Buffer.concat([base, Buffer.from(body + tail, 'latin1')]);
    const a = sigStart + head.length - 1;
    const b = a + 2 * room + 2;
    const range = `/ByteRange [0 ${String(a).padStart(10, '0')} ${String(b).padStart(10, '0')} ${String(pdf.length - b).padStart(10, '0')}]`;
    pdf.write(range, pdf.indexOf('/ByteRange [0 0000000000', sigStart, 'latin1'), 'latin1');
    writeFileSync(file('covered.bin'), Buffer.concat([pdf.subarray(0, a), pdf.subarray(b)]));
    run(['cms', '-sign', '-binary', '-in', file('covered.bin'), '-signer', file('cert.pem'), '-inkey', file('key.pem'),
      '-md', 'sha256', '-outform', 'DER', '-out', file('sig.der')]);
    const hex = readFileSync(file('sig.der')).toString('hex').toUpperCase();
    if (hex.length > 2 * room) throw new Error('signature larger than its room');
    pdf.write(hex, a + 1, 'latin1');
    return { pdf, cert: readFileSync(file('cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function makeSignedPdf(imageBytes = 8 << 20) {
  return signPdf(basePdf(imageBytes));
}

/** The contenders on `pdf` (a Buffer) signed by `cert`: name → async (bytes) → ok. */
export async function contenders(pdf, cert) {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const blob = new Blob([pdf]);
  const bytes = new Uint8Array(pdf);
  const ok = (r) => r.signatures.length === 1 && r.signatures[0].intact === true && r.signatures[0].signatureValid === true
    && r.signatures[0].indication === 'TOTAL_PASSED';
  const options = { trust: [cert], defaultTrust: false, name: 'bench.pdf' };
  return {
    bytes,
    all: {
      'vanban verify (file as bytes)': async () => ok(await verify(bytes, options)),
      'vanban verify (file as a Blob)': async () => ok(await verify(blob, options)),
      // pdf.js takes ownership of its buffer: it gets a copy, made before its timing.
      'pdf.js getDocument + page count': async (copy) => {
        const doc = await pdfjs.getDocument({ data: copy, isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
        const n = doc.numPages;
        await doc.destroy();
        return n === 1;
      },
      'node:crypto SHA-256 of the file': () => createHash('sha256').update(bytes).digest().length === 32,
      // What reading the Blob costs Node before any hashing (the Blob row's own floor).
      'node:crypto SHA-256 reading the Blob': async () => {
        const h = createHash('sha256');
        for await (const chunk of blob.stream()) h.update(chunk);
        return h.digest().length === 32;
      },
    },
  };
}

/**
 * Each contender in fresh processes (`pdf-verify-child.mjs`), `processes` times in turn: a
 * warm-up of `warmup` runs, then `runs` timed ones, each after a pause. In one process the
 * contenders disturbed each other: the collector freeing pdf.js's and the Blob path's buffers
 * ran on the two cores during the next contender's timed run (vanban's bytes row: 9 ms in its
 * first two rounds, 14–23 ms after). V8 compiles a wasm module with its baseline compiler, then
 * recompiles the hot functions with its optimizing one on background threads that take both
 * cores while they run (about 20 verifications of this file): the warm-up covers it. The cold
 * row is the first call of a fresh process (worker start and wasm compilation included).
 */
export async function benchPdfVerify({ imageBytes = 8 << 20, processes = 3, runs = 7, warmup = 40, coldRuns = 5, log = () => {} } = {}) {
  const { pdf, cert } = signPdf(basePdf(imageBytes));
  const names = Object.keys((await contenders(pdf, cert)).all);
  const dir = mkdtempSync(join(tmpdir(), 'vanban-bench-pdfsig-'));
  const times = Object.fromEntries(names.map((k) => [k, []]));
  const cold = [];
  try {
    const file = join(dir, 'signed.pdf');
    const certFile = join(dir, 'cert.pem');
    writeFileSync(file, pdf);
    writeFileSync(certFile, cert);
    const child = (script, args) => execFileSync(process.execPath, [new URL(script, import.meta.url).pathname, ...args], { encoding: 'utf8' });
    for (let p = 0; p < processes; p++) {
      for (const name of names) {
        times[name].push(...JSON.parse(child('./pdf-verify-child.mjs', [name, file, certFile, String(runs), String(warmup)])));
      }
    }
    for (let i = 0; i < coldRuns; i++) cold.push(Number(child('./pdf-verify-cold.mjs', [file, certFile]).trim()));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  log('PDF verification done');
  const rows = names.map((name) => ({ name, medianMs: median(times[name]), runs: times[name].length }));
  rows.push({ name: 'vanban verify (file as bytes), first call of a fresh process', medianMs: median(cold), runs: cold.length, cold: true });
  return { size: pdf.length, warmup, processes, rows };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchPdfVerify({ log: (m) => console.error(m) });
  console.log(JSON.stringify(r, null, 1));
  const { terminate } = await import('../pkg/node.js');
  terminate?.();
}
