// One contender of the signed-PDF benchmark in a fresh process:
// `node bench/pdf-verify-child.mjs CONTENDER FILE.pdf CERT.pem RUNS WARMUP` prints the JSON array
// of the timed runs' milliseconds (each after a pause that lets the collector settle).
import { readFileSync } from 'node:fs';
import { contenders } from './verify-pdf.mjs';

const [name, file, certFile, runsArg, warmupArg] = process.argv.slice(2);
const { bytes, all } = await contenders(readFileSync(file), readFileSync(certFile, 'utf8'));
const run = all[name];
if (!run) throw new Error(`no contender ${name}`);
const input = () => (name.startsWith('pdf.js') ? bytes.slice() : bytes);
for (let i = 0; i < Number(warmupArg); i++) if (!(await run(input()))) throw new Error(`${name} failed while warming up`);
const times = [];
for (let i = 0; i < Number(runsArg); i++) {
  const copy = input();
  await new Promise((resolve) => setTimeout(resolve, 20));
  const t0 = performance.now();
  const good = await run(copy);
  const ms = performance.now() - t0;
  if (!good) throw new Error(`${name} did not verify or open the signed PDF`);
  times.push(ms);
}
console.log(JSON.stringify(times));
const { terminate } = await import('../pkg/node.js');
terminate?.();
