// Hashing in headless Chromium: which engine and transport hashFile should pick per size.
import { createHash } from 'node:crypto';
import { startServer } from '../scripts/serve.mjs';
import { launchChromium } from './browser.mjs';
import { median, pseudoRandomBytes } from './util.mjs';

const CONTENDERS = [
  ['vanban hashFile (auto)', { }],
  ['vanban hashFile (webcrypto, worker reads blob)', { engine: 'webcrypto', transport: 'blob' }],
  ['vanban hashFile (webcrypto, page sends chunks)', { engine: 'webcrypto', transport: 'chunks' }],
  ['vanban hashFile (wasm, worker reads blob)', { engine: 'wasm', transport: 'blob' }],
  ['vanban hashFile (wasm, page sends chunks)', { engine: 'wasm', transport: 'chunks' }],
  ['WebCrypto subtle.digest, from the Blob (main thread)', { oneShot: true }],
  ['reading only: Blob.slice() 4 MiB at a time', { readOnly: 4 << 20 }],
  ['reading only: Blob.slice() 16 MiB at a time', { readOnly: 16 << 20 }],
  ['reading only: whole Blob.arrayBuffer()', { readOnly: 0 }],
];

export async function benchBrowserHash({
  sizes = [1 << 20, 64 << 20, 256 << 20], rounds = { [1 << 20]: 15, [64 << 20]: 5, [256 << 20]: 3 }, log = () => {},
} = {}) {
  const { server, url } = await startServer({ port: 0 });
  const browser = await launchChromium();
  const out = { chromium: browser.version(), results: [] };
  try {
    const page = await browser.newPage();
    await page.goto(url);
    await page.evaluate(async () => { window.vanban = await import('/pkg/index.js'); });
    for (const size of sizes) {
      const seed = 0x5eed + size;
      const truth = createHash('sha256').update(pseudoRandomBytes(size, seed)).digest('hex');
      await page.evaluate(({ size, seed, src }) => {
        const gen = new Function(`return ${src}`)();
        window.benchBlob = new Blob([gen(size, seed)]);
      }, { size, seed, src: pseudoRandomBytes.toString() });
      const times = CONTENDERS.map(() => []);
      const n = rounds[size] ?? 3;
      for (let round = -1; round < n; round++) {
        for (const [i, [name, options]] of CONTENDERS.entries()) {
          const { ms, hex } = await page.evaluate(async (options) => {
            const t0 = performance.now();
            let hex;
            if (options.readOnly !== undefined) {
              const b = window.benchBlob;
              if (options.readOnly === 0) await b.arrayBuffer();
              else for (let o = 0; o < b.size; o += options.readOnly) await b.slice(o, o + options.readOnly).arrayBuffer();
              return { ms: performance.now() - t0, hex: null };
            }
            if (!options.oneShot) {
              hex = (await window.vanban.hashFile(window.benchBlob, options)).digests['SHA-256'].hex;
            } else {
              const d = new Uint8Array(await crypto.subtle.digest('SHA-256', await window.benchBlob.arrayBuffer()));
              hex = [...d].map((b) => b.toString(16).padStart(2, '0')).join('');
            }
            return { ms: performance.now() - t0, hex };
          }, options);
          if (hex !== null && hex !== truth) throw new Error(`${name} computed a wrong SHA-256 in Chromium for ${size} bytes`);
          if (round >= 0) times[i].push(ms);
        }
      }
      const engine = await page.evaluate(async () => (await window.vanban.hashFile(window.benchBlob)).engine);
      out.results.push({ size, autoEngine: engine, rows: CONTENDERS.map(([name], i) => ({ name, medianMs: median(times[i]), runs: times[i].length })) });
      log(`chromium ${size >> 20} MiB done`);
    }
  } finally {
    await browser.close();
    server.close();
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchBrowserHash({ log: console.error }), null, 2));
}
