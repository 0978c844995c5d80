// One contender on one file, in a fresh process: `node bench/pdf-child.mjs CONTENDER FILE RUNS WARMUP_FILE`.
// Prints the JSON of util.measure: median time of warm runs, non-space characters, and the
// peak resident memory of one extraction above the size just before it.
import { measure } from './util.mjs';

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
    const { extractText, terminate } = await import('../pkg/node.js');
    return { run: (bytes) => extractText(bytes), done: terminate };
  },
  'pdfjs-dist getTextContent': async () => ({ run: async (bytes) => (await pdfjsText(bytes)).text, done: () => {} }),
};

const impl = await CONTENDERS[contender]();
console.log(JSON.stringify(await measure(impl, file, warmupFile, runs)));
