// SHA-256 in Node: vanban hashFile against WebCrypto, node:crypto, hash-wasm and @noble/hashes,
// interleaved round by round so that machine noise hits every contender alike.
// Exported as a function for bench/run.mjs; `node bench/hash-node.mjs` prints the JSON.
import { createHash, webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sha256 as hashWasmSha256 } from 'hash-wasm';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { hashFile, terminate } from '../pkg/node.js';
import { median, pseudoRandomBytes, toHex } from './util.mjs';

// The two builds of the core, each in its own instance of the glue (a query string makes Node load
// the module twice).
async function loadCore(file) {
  const glue = await import(`../pkg/vanban.js?${file}`);
  glue.initSync({ module: readFileSync(new URL(`../pkg/${file}`, import.meta.url)) });
  return glue.Hasher;
}
const SimdHasher = await loadCore('vanban_bg.simd.wasm');
const BaselineHasher = await loadCore('vanban_bg.wasm');

function coreHash(Hasher, bytes) {
  const h = new Hasher(['SHA-256']);
  for (let o = 0; o < bytes.length; o += 4 << 20) h.update(bytes.subarray(o, o + (4 << 20)));
  const [d] = h.finalize();
  h.free();
  return d.hex;
}

const CONTENDERS = {
  'vanban hashFile (auto)': (c) => hashFile(c.blob).then((r) => r.digests['SHA-256'].hex),
  'vanban hashFile (engine wasm)': (c) => hashFile(c.blob, { engine: 'wasm' }).then((r) => r.digests['SHA-256'].hex),
  'vanban core wasm SIMD build, same thread': (c) => coreHash(SimdHasher, c.bytes),
  'vanban core wasm baseline build, same thread': (c) => coreHash(BaselineHasher, c.bytes),
  'WebCrypto subtle.digest, bytes in memory': async (c) => toHex(await webcrypto.subtle.digest('SHA-256', c.bytes)),
  'WebCrypto subtle.digest, from the Blob': async (c) => toHex(await webcrypto.subtle.digest('SHA-256', await c.blob.arrayBuffer())),
  'hash-wasm sha256': (c) => hashWasmSha256(c.bytes),
  '@noble/hashes sha256': (c) => toHex(nobleSha256(c.bytes)),
  'node:crypto createHash': (c) => createHash('sha256').update(c.bytes).digest('hex'),
};

export async function benchNodeHash({ sizes = [1 << 20, 64 << 20], rounds = { [1 << 20]: 31, [64 << 20]: 7 }, log = () => {} } = {}) {
  const out = [];
  for (const size of sizes) {
    const bytes = pseudoRandomBytes(size, 0x5eed + size);
    const c = { bytes, blob: new Blob([bytes]) };
    const truth = createHash('sha256').update(bytes).digest('hex');
    const times = Object.fromEntries(Object.keys(CONTENDERS).map((k) => [k, []]));
    const n = rounds[size] ?? 7;
    for (let round = -2; round < n; round++) { // two warm-up rounds, not recorded
      for (const [name, run] of Object.entries(CONTENDERS)) {
        const t0 = performance.now();
        const hex = await run(c);
        const ms = performance.now() - t0;
        if (hex !== truth) throw new Error(`${name} computed a wrong SHA-256 for ${size} bytes`);
        if (round >= 0) times[name].push(ms);
      }
    }
    const rows = Object.entries(times).map(([name, t]) => ({ name, medianMs: median(t), runs: t.length }));
    log(`node ${size >> 20} MiB done`);
    out.push({ size, rows });
  }
  await terminate();
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchNodeHash({ log: console.error }), null, 2));
}
