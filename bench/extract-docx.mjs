// DOCX text extraction: vanban against mammoth on the project's generated Vietnamese workload
// (scripts/gen_bench_docx.py), each (contender, file) in a fresh Node process for its memory.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CONTENDERS = [
  'vanban extractText (text)',
  'vanban extractText (markdown)',
  'mammoth extractRawText',
  'mammoth convertToHtml',
];

export function benchDocx({ pages = [1, 10, 50, 100, 300], log = () => {} } = {}) {
  const out = fileURLToPath(new URL('out/docx/', import.meta.url));
  mkdirSync(out, { recursive: true });
  const script = fileURLToPath(new URL('../scripts/gen_bench_docx.py', import.meta.url));
  const files = execFileSync('python3', [script, out, ...pages.map(String)], { encoding: 'utf8' }).trim().split('\n');
  const child = fileURLToPath(new URL('extract-child.mjs', import.meta.url));
  const results = [];
  for (const [i, file] of files.entries()) {
    const n = pages[i];
    const runs = n >= 100 ? 3 : n >= 10 ? 5 : 15;
    const rows = [];
    for (const contender of CONTENDERS) {
      const warmup = files[Math.min(1, files.length - 1)];
      const json = execFileSync(process.execPath, ['--expose-gc', child, contender, file, String(runs), warmup], { encoding: 'utf8' });
      rows.push({ name: contender, ...JSON.parse(json) });
    }
    log(`docx ${n} pages done`);
    results.push({ pages: n, rows });
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(benchDocx({ log: console.error }), null, 2));
}
