// The TypeScript declarations cannot drift (issue 16): tsc --strict over a consumer that uses
// every export; every export of the glue declared (and every declared value exported); every
// indication, sub-indication, check id, notice kind, block type and other enum string the Rust
// core writes into its JSON present in index.d.ts. (Error codes: errors.test in hash.test.mjs.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;
const dts = readFileSync(join(root, 'src/js/index.d.ts'), 'utf8');
const literals = new Set([...dts.matchAll(/'([A-Za-z_0-9.]+)'/g)].map((m) => m[1]));

function rustSources(dir = join(root, 'src')) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return rustSources(p);
    return n.endsWith('.rs') ? [readFileSync(p, 'utf8')] : [];
  });
}

test('tsc --strict accepts a consumer of every export', () => {
  const tsc = join(root, 'node_modules/.bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', join(root, 'tests/types/tsconfig.json')], { encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    assert.fail(`tsc: ${err.stdout}${err.stderr}`);
  }
});

test('every export of the glue is declared, and every declared value exists', async () => {
  const glue = readFileSync(join(root, 'src/js/glue.js'), 'utf8');
  const exported = new Set([
    ...[...glue.matchAll(/^export (?:async )?(?:function|const|class) (\w+)/gm)].map((m) => m[1]),
    ...[...glue.matchAll(/^export \{([^}]*)\}/gm)].flatMap((m) => m[1].split(',').map((x) => x.trim())),
  ]);
  const declared = new Set([...dts.matchAll(/^export declare (?:function|const|class) (\w+)/gm)].map((m) => m[1]));
  assert.deepEqual([...exported].filter((x) => !declared.has(x)), [], 'exported but not declared');
  assert.deepEqual([...declared].filter((x) => !exported.has(x)), [], 'declared but not exported');
  const consumer = readFileSync(join(root, 'tests/types/consumer.ts'), 'utf8');
  assert.deepEqual([...declared].filter((x) => !new RegExp(`\\b${x}\\b`).test(consumer)), [], 'not used by the consumer');
});

test('every enum string the Rust core emits is in index.d.ts', () => {
  const src = rustSources();
  const emitted = new Map();
  const add = (what, values) => { for (const v of values) emitted.set(v, what); };
  // Check ids: the core's closed list (report.rs CHECK_IDS, asserted by check() in debug
  // builds), and every literal r.check("id", …) and required list must be in it.
  const report0 = readFileSync(join(root, 'src/report.rs'), 'utf8');
  const list = /pub const CHECK_IDS: &\[&str\] = &\[([^\]]*)\]/.exec(report0);
  assert.ok(list, 'CHECK_IDS in report.rs');
  const closed = new Set([...list[1].matchAll(/"([A-Za-z]+)"/g)].map((m) => m[1]));
  add('check id', closed);
  // Check codes: the closed list CHECK_CODES (asserted by Check::new in debug builds).
  const codes = /pub const CHECK_CODES: &\[&str\] = &\[([^\]]*)\]/.exec(report0);
  assert.ok(codes, 'CHECK_CODES in report.rs');
  const closedCodes = new Set([...codes[1].matchAll(/"([A-Za-z.]+)"/g)].map((m) => m[1]));
  add('check code', closedCodes);
  // Every literal "<check id>.<what>" in the sources is in that list.
  for (const s of src) {
    for (const m of s.matchAll(/"([a-z][A-Za-z]+)\.([a-z][A-Za-z]+)"/g)) {
      if (closed.has(m[1])) assert.ok(closedCodes.has(`${m[1]}.${m[2]}`), `check code ${m[1]}.${m[2]} is not in CHECK_CODES`);
    }
  }
  for (const s of src) {
    for (const m of s.matchAll(/\.check\(\s*"([A-Za-z]+)"/g)) assert.ok(closed.has(m[1]), `check id ${m[1]} is not in CHECK_IDS`);
    // Check ids: every r.check("id", …) and the required lists.
    add('check id', [...s.matchAll(/\.check\(\s*"([A-Za-z]+)"/g)].map((m) => m[1]));
    add('check id', [...s.matchAll(/require\(\s*&?\[([^\]]*)\]/g)].flatMap((m) => [...m[1].matchAll(/"([A-Za-z]+)"/g)].map((x) => x[1])));
    // JSON fields of a fixed vocabulary, written as \"kind\":\"…\" and the like.
    add('JSON enum', [...s.matchAll(/\\"(?:kind|type|level|result|coverage)\\":\\"([A-Za-z_]+)\\"/g)].map((m) => m[1]));
  }
  // The names report.rs writes for its enums (indications, sub-indications, levels, kinds).
  const report = readFileSync(join(root, 'src/report.rs'), 'utf8');
  add('report enum', [...report.matchAll(/=> "([A-Za-z_]+)"/g)].map((m) => m[1]).filter((v) => !['true', 'false', 'null'].includes(v)));
  assert.ok(emitted.size > 40, `only ${emitted.size} strings found: the patterns no longer match the sources`);
  const missing = [...emitted].filter(([v]) => !literals.has(v)).map(([v, what]) => `${what} '${v}'`);
  assert.deepEqual(missing, []);
});
