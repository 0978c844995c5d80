// PDF text: vanban against pdfjs-dist getTextContent (all pages) and poppler's pdftotext, on the
// project's generated Vietnamese PDFs (scripts/gen_bench_pdf.py) and on real PDFs of the corpus
// when it is there. JS contenders run in fresh Node processes (bench/pdf-child.mjs);
// pdftotext is timed as a whole process with GNU time (its start-up included).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { median } from './util.mjs';

const JS = ['vanban extractText', 'pdfjs-dist getTextContent'];

function pdftotext(file, runs) {
  const times = [];
  const rss = [];
  let chars = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync('/usr/bin/time', ['-f', '%M', 'pdftotext', '-q', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    times.push(performance.now() - t0);
    chars = r.stdout.replace(/\s/g, '').length;
    rss.push(Number(r.stderr.trim().split(/\s+/).pop()) / 1024);
  }
  return { name: 'poppler pdftotext (whole process)', medianMs: median(times), runs, chars, peakMiB: median(rss) };
}

function pageCount(file) {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
}

export function benchPdf({ pages = [1, 10, 50, 200], log = () => {} } = {}) {
  const out = fileURLToPath(new URL('out/pdf/', import.meta.url));
  mkdirSync(out, { recursive: true });
  const script = fileURLToPath(new URL('../scripts/gen_bench_pdf.py', import.meta.url));
  const files = execFileSync('python3', [script, out, ...pages.map(String)], { encoding: 'utf8' }).trim().split('\n');
  const corpus = process.env.VANBAN_CORPUS ?? fileURLToPath(new URL('../../shared/corpus/', import.meta.url));
  const real = ['pdfjs/test/pdfs/pdkids.pdf', 'pdfjs/test/pdfs/highlights.pdf', 'pdfjs/test/pdfs/file_pdfjs_test.pdf']
    .map((f) => `${corpus}/${f}`).filter(existsSync);
  const child = fileURLToPath(new URL('pdf-child.mjs', import.meta.url));
  const warmup = files[Math.min(1, files.length - 1)];
  const results = [];
  for (const file of [...files, ...real]) {
    const n = pageCount(file);
    const runs = n >= 50 ? 3 : 7;
    const rows = JS.map((contender) => {
      const json = execFileSync(process.execPath, ['--expose-gc', child, contender, file, String(runs), warmup], { encoding: 'utf8' });
      return { name: contender, ...JSON.parse(json) };
    });
    rows.push(pdftotext(file, runs));
    log(`pdf ${file.split('/').pop()} done`);
    results.push({ file: file.split('/').pop(), pages: n, rows });
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(benchPdf({ log: console.error }), null, 2));
}
