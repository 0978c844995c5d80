// One contender on one file, in a fresh process: `node bench/extract-child.mjs CONTENDER FILE RUNS WARMUP_FILE`.
// Prints JSON: the median time of warm runs, and the peak resident memory of one extraction in the
// fresh process above the baseline with the libraries loaded (see below).
import { readFileSync } from 'node:fs';
import { median, peakRssMiB, resetPeakRss, rssMiB } from './util.mjs';

const [contender, file, runsArg, warmupFile] = process.argv.slice(2);
const runs = Number(runsArg);

const CONTENDERS = {
  'vanban extractText (text)': async () => {
    const { extractText, terminate } = await import('../pkg/index.js');
    return { run: (bytes) => extractText(bytes), done: terminate };
  },
  'vanban extractText (markdown)': async () => {
    const { extractText, terminate } = await import('../pkg/index.js');
    return { run: (bytes) => extractText(bytes, { format: 'markdown' }), done: terminate };
  },
  'mammoth extractRawText': async () => {
    const mammoth = (await import('mammoth')).default;
    return { run: async (bytes) => (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value, done: () => {} };
  },
  'mammoth convertToHtml': async () => {
    const mammoth = (await import('mammoth')).default;
    return { run: async (bytes) => (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) })).value, done: () => {} };
  },
};

const impl = await CONTENDERS[contender]();
// Warm up on a mid-sized file, three times, so both JavaScript and wasm code run in their
// optimising tiers (V8 tiers hot code up only after it has run a while).
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
  const copy = new Uint8Array(bytes); // each run gets its own input, as a caller would
  const t0 = performance.now();
  const out = await impl.run(copy);
  times.push(performance.now() - t0);
  chars = out.length;
}
await impl.done();
console.log(JSON.stringify({ medianMs: median(times), runs, chars, peakAboveBaselineMiB }));
