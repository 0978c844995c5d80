// The first `verify` of a fresh process: `node bench/pdf-verify-cold.mjs FILE.pdf CERT.pem` prints
// the milliseconds from the call to the report (the worker's start and the wasm compilation
// included; the module import before it is not).
import { readFileSync } from 'node:fs';
import { verify, terminate } from '../pkg/node.js';

const [file, certFile] = process.argv.slice(2);
const bytes = new Uint8Array(readFileSync(file));
const cert = readFileSync(certFile, 'utf8');
const t0 = performance.now();
const report = await verify(bytes, { trust: [cert], defaultTrust: false, name: 'bench.pdf' });
const ms = performance.now() - t0;
if (report.signatures[0]?.indication !== 'TOTAL_PASSED') throw new Error('the signed PDF did not verify');
console.log(ms.toFixed(2));
terminate?.();
