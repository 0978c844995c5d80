// Detached CMS verification of a 10 MiB file: vanban `verify` against pkijs `SignedData.verify`
// and node:crypto's SHA-256 of the same content (the floor: any verifier must hash it once).
// The signature is made by `openssl cms -sign` (RSA 2048, SHA-256, signed attributes), fresh on
// each run, over deterministic pseudo-random content. Interleaved rounds; every contender's
// verdict is checked before its time counts. `node bench/verify-cms.mjs` prints the JSON.
import { createHash, webcrypto } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pkijs from 'pkijs';
import { verify } from '../pkg/node.js';
import { median, pseudoRandomBytes } from './util.mjs';

pkijs.setEngine('node webcrypto', new pkijs.CryptoEngine({ name: 'node webcrypto', crypto: webcrypto }));

function makeSignature(content) {
  const dir = mkdtempSync(join(tmpdir(), 'vanban-bench-cms-'));
  try {
    const file = (n) => join(dir, n);
    writeFileSync(file('content.bin'), content);
    const run = (args) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('key.pem'), '-out', file('cert.pem'),
      '-subj', '/C=VN/O=vanban bench/CN=Bench Signer', '-days', '30', '-sha256',
      '-addext', 'keyUsage=critical,digitalSignature,nonRepudiation,keyCertSign']);
    run(['cms', '-sign', '-binary', '-in', file('content.bin'), '-signer', file('cert.pem'), '-inkey', file('key.pem'),
      '-md', 'sha256', '-outform', 'DER', '-out', file('sig.p7s')]);
    return { sig: readFileSync(file('sig.p7s')), cert: readFileSync(file('cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function pkijsVerify(sig, content) {
  const ci = pkijs.ContentInfo.fromBER(sig.buffer.slice(sig.byteOffset, sig.byteOffset + sig.byteLength));
  const sd = new pkijs.SignedData({ schema: ci.content });
  const ab = content.buffer.slice(content.byteOffset, content.byteOffset + content.byteLength);
  const result = await sd.verify({ signer: 0, data: ab, checkChain: false, extendedMode: true });
  return result.signatureVerified === true;
}

export async function benchCms({ size = 10 << 20, rounds = 15, log = () => {} } = {}) {
  const content = pseudoRandomBytes(size, 0xc0ffee);
  const { sig, cert } = makeSignature(content);
  const blob = new Blob([content]);
  const contenders = {
    'vanban verify (content as a Blob)': async () => {
      const r = await verify(sig, { detachedContent: blob, trust: [cert], defaultTrust: false, name: 'bench.p7s' });
      const s = r.signatures[0];
      return s.intact === true && s.signatureValid === true && s.chain.length === 1;
    },
    'vanban verify (content as bytes)': async () => {
      const r = await verify(sig, { detachedContent: content, trust: [cert], defaultTrust: false, name: 'bench.p7s' });
      const s = r.signatures[0];
      return s.intact === true && s.signatureValid === true;
    },
    'pkijs SignedData.verify': () => pkijsVerify(sig, content),
    'node:crypto SHA-256 of the content': () => createHash('sha256').update(content).digest().length === 32,
    'node:crypto SHA-256, reading the Blob first': async () => createHash('sha256').update(new Uint8Array(await blob.arrayBuffer())).digest().length === 32,
  };
  const times = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (let round = -2; round < rounds; round++) {
    for (const [name, run] of Object.entries(contenders)) {
      const t0 = performance.now();
      const ok = await run();
      const ms = performance.now() - t0;
      if (!ok) throw new Error(`${name} did not verify the signature`);
      if (round >= 0) times[name].push(ms);
    }
  }
  log('CMS verification done');
  return { size, rows: Object.entries(times).map(([name, t]) => ({ name, medianMs: median(t), runs: t.length })) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchCms({ log: (m) => console.error(m) });
  console.log(JSON.stringify(r, null, 1));
  const { terminate } = await import('../pkg/node.js');
  terminate?.();
}
