// One contender on one file, in a fresh process: `node bench/extract-child.mjs CONTENDER FILE RUNS WARMUP_FILE`.
// Prints the JSON of util.measure: median time of warm runs, non-space characters, and the
// peak resident memory of one extraction above the size just before it.
import { measure } from './util.mjs';

const [contender, file, runsArg, warmupFile] = process.argv.slice(2);
const runs = Number(runsArg);

const CONTENDERS = {
  'vanban extractText (text)': async () => {
    const { extractText, terminate } = await import('../pkg/node.js');
    return { run: (bytes) => extractText(bytes), done: terminate };
  },
  'vanban extractText (markdown)': async () => {
    const { extractText, terminate } = await import('../pkg/node.js');
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
console.log(JSON.stringify(await measure(impl, file, warmupFile, runs)));
