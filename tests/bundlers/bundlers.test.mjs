// The npm package as portals use it (issue 16): `npm pack` of pkg/ installed in throwaway apps —
// Vite, webpack 5, and a page with a plain <script type="module"> — each production-built,
// served and driven in Chromium to extract a DOCX and a PDF, verify a signed PDF and hash a
// file; the same tarball imported by Node; and a worker or wasm that cannot load makes calls
// reject with ERR_WORKER_FAILED naming the URL, within seconds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { launchChromium } from '../../bench/browser.mjs';

const root = new URL('../../', import.meta.url).pathname;
const work = join(root, 'target', 'bundler-apps');
const samples = join(root, 'www', 'samples');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const expectedHash = createHash('sha256').update(readFileSync(join(samples, 'thong-bao-mau.pdf'))).digest('hex');

let tarball;
let browser;
const servers = [];

/** An app directory with the tarball installed and the samples in `public`. */
function app(name) {
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `vanban-${name}-app`, private: true, type: 'module' }));
  run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--offline', tarball], dir);
  cpSync(join(root, 'tests', 'bundlers', 'app.js'), join(dir, 'src', 'main.js'));
  return dir;
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm',
  '.pdf': 'application/pdf', '.pem': 'text/plain', '.docx': 'application/octet-stream', '.json': 'application/json' };

/** Serves `dir`; `broken(path)` may answer 404 for some files. */
function serve(dir, broken = () => false) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
    if (broken(path) || !file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}/`)));
}

/** Opens `url` in Chromium and returns window.__results. */
async function results(url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForFunction(() => window.__results, null, { timeout: 60_000 });
  const r = await page.evaluate(() => window.__results);
  await context.close();
  return { ...r, pageErrors: errors };
}

function checkTasks(r, what) {
  assert.equal(r.error, undefined, `${what}: ${JSON.stringify(r.error)}`);
  assert.match(r.docx, /Kính gửi|CÔNG VĂN|Về việc/i, `${what}: the DOCX text`);
  assert.ok(r.pdf.length > 100, `${what}: the PDF text`);
  assert.deepEqual(r.verify, ['TOTAL_PASSED'], what);
  assert.equal(r.hash, expectedHash, what);
  assert.deepEqual(r.pageErrors, [], what);
}

before(async () => {
  assert.ok(existsSync(join(root, 'pkg', 'package.json')), 'make pkg builds pkg/ first');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const name = run('npm', ['pack', '--silent', '--pack-destination', work, join(root, 'pkg')], root).trim().split('\n').pop();
  tarball = join(work, name);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  for (const s of servers) s.close();
});

test('Vite 6: production build bundles the worker and both wasm files; the four tasks run in Chromium', async () => {
  const dir = app('vite');
  cpSync(samples, join(dir, 'public', 'samples'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>vite</title><script type="module" src="/src/main.js"></script>');
  const log = run(process.execPath, [bin('vite'), 'build', '--logLevel', 'warn'], dir) + '';
  assert.doesNotMatch(log, /externalized|node:/, log);
  const assets = readdirSync(join(dir, 'dist', 'assets'));
  for (const file of [/^vanban_bg\.simd-.*\.wasm$/, /^vanban_bg-.*\.wasm$/, /^vanban_text_bg\.simd-.*\.wasm$/, /^vanban_text_bg-.*\.wasm$/]) {
    assert.ok(assets.some((f) => file.test(f)), `${file} not in ${assets.join(' ')}`);
  }
  checkTasks(await results(await serve(join(dir, 'dist'))), 'vite');
});

test('webpack 5: production build; the four tasks run in Chromium', async () => {
  const dir = app('webpack');
  writeFileSync(join(dir, 'webpack.config.mjs'), `export default {
    mode: 'production', entry: './src/main.js',
    // The size hints name the wasm files (1.6 MiB each; the budget is issue 16's size item), not a build fault.
    performance: { hints: false },
    output: { path: new URL('./dist/', import.meta.url).pathname, filename: 'main.js', publicPath: 'auto', clean: true },
  };`);
  const log = run(process.execPath, [bin('webpack'), '--config', 'webpack.config.mjs'], dir);
  assert.doesNotMatch(log, /WARNING|ERROR/, log);
  cpSync(samples, join(dir, 'dist', 'samples'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'index.html'), '<!doctype html><meta charset="utf-8"><title>webpack</title><script src="main.js"></script>');
  checkTasks(await results(await serve(join(dir, 'dist'))), 'webpack');
});

/** The package copied as published into a page's directory, imported without a bundler. */
function plainPage() {
  const dir = app('plain');
  const site = join(dir, 'site');
  cpSync(join(dir, 'node_modules', 'vanban'), join(site, 'vanban'), { recursive: true });
  cpSync(samples, join(site, 'samples'), { recursive: true });
  writeFileSync(join(site, 'main.js'), readFileSync(join(dir, 'src', 'main.js'), 'utf8').replace("from 'vanban'", "from './vanban/index.js'"));
  writeFileSync(join(site, 'index.html'), '<!doctype html><meta charset="utf-8"><title>plain</title><script type="module" src="./main.js"></script>');
  return site;
}

test('a plain <script type="module"> page without a bundler; assetBase pointing elsewhere; broken assets fail fast', async () => {
  const site = plainPage();
  checkTasks(await results(await serve(site)), 'plain');
  // The assets from another directory of the same site (a self-hosted copy).
  cpSync(join(site, 'vanban'), join(site, 'static', 'vanban-assets'), { recursive: true });
  const moved = await serve(site, (p) => p === '/vanban/worker.js' || p.startsWith('/vanban/vanban_bg'));
  checkTasks(await results(`${moved}?assetBase=${encodeURIComponent(`${moved}static/vanban-assets/`)}`), 'assetBase');
  // A missing wasm: the call rejects with ERR_WORKER_FAILED naming the file, within seconds.
  const noWasm = await serve(site, (p) => p.endsWith('.wasm'));
  let r = await results(noWasm);
  assert.equal(r.error?.code, 'ERR_WORKER_FAILED', JSON.stringify(r));
  assert.match(r.error.message, /vanban(_text)?_bg(\.simd)?\.wasm/);
  assert.ok(r.error.ms < 10_000, `${r.error.ms} ms`);
  // A missing worker script: the same, naming the worker.
  const noWorker = await serve(site, (p) => p.endsWith('/worker.js'));
  r = await results(noWorker);
  assert.equal(r.error?.code, 'ERR_WORKER_FAILED', JSON.stringify(r));
  assert.match(r.error.message, /worker/);
  assert.ok(r.error.ms < 10_000, `${r.error.ms} ms`);
});

test('Node imports the same tarball (the "node" export condition)', () => {
  const dir = app('node');
  writeFileSync(join(dir, 'check.mjs'), `import { readFileSync } from 'node:fs';
    import { extractText, hashFile, terminate } from 'vanban';
    const pdf = readFileSync(${JSON.stringify(join(samples, 'thong-bao-mau.pdf'))});
    const docx = readFileSync(${JSON.stringify(join(samples, 'cong-van-mau.docx'))});
    const text = await extractText(docx);
    const hash = (await hashFile(new Blob([pdf]))).digests['SHA-256'].hex;
    console.log(JSON.stringify({ docx: text.length, hash }));
    await terminate();`);
  const out = JSON.parse(run(process.execPath, ['check.mjs'], dir).trim());
  assert.ok(out.docx > 100);
  assert.equal(out.hash, expectedHash);
});
