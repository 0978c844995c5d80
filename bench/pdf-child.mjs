// One contender on one PDF, in a fresh process:
//   node bench/pdf-child.mjs CONTENDER FILE RUNS WARMUP_FILE
// Prints JSON: median time of warm runs, characters, and the peak resident memory of one
// extraction in the fresh process above the baseline with the libraries loaded.
import { readFileSync } from 'node:fs';
import { median, peakRssMiB, resetPeakRss, rssMiB } from './util.mjs';

const [contender, file, runsArg, warmupFile] = process.argv.slice(2);
const runs = Number(runsArg);

async function pdfjsText(bytes) {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ data: bytes, isEvalSupported: false, disableFontFace: true, verbosity: 0 });
  const doc = await task.promise;
  let text = '';
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const content = await page.getTextContent();
    text += content.items.map((i) => i.str ?? '').join('') + '\n';
    page.cleanup();
  }
  const pages = doc.numPages;
  await task.destroy();
  return { text, pages };
}

const CONTENDERS = {
  'vanban extractText': async () => {
    const { extractText, terminate } = await import('../pkg/index.js');
    return { run: async (bytes) => ({ text: await extractText(bytes) }), done: terminate };
  },
  'pdfjs-dist getTextContent': async () => ({ run: pdfjsText, done: () => {} }),
};

const impl = await CONTENDERS[contender]();
// Three warm-up extractions of a mid-sized file, so JavaScript and wasm both run in V8's
// optimising tier.
const bytes = readFileSync(file);
const warm = readFileSync(warmupFile);
for (let i = 0; i < 3; i++) await impl.run(new Uint8Array(warm));
// Memory: the kernel's peak resident size during one extraction of the file, above the resident
// size just before it (the peak mark is reset first; worker threads count, they share the process).
global.gc?.();
const baseline = rssMiB();
resetPeakRss();
await impl.run(new Uint8Array(bytes));
const peakAboveBaselineMiB = peakRssMiB() - baseline;
const times = [];
let chars = 0;
for (let i = 0; i < runs; i++) {
  const copy = new Uint8Array(bytes);
  const t0 = performance.now();
  const out = await impl.run(copy);
  times.push(performance.now() - t0);
  chars = out.text.replace(/\s/g, '').length;
}
await impl.done();
console.log(JSON.stringify({ medianMs: median(times), runs, chars, peakAboveBaselineMiB }));
