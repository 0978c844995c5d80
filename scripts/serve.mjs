// A small static server for the demo: www/ at /, the built package at /pkg/. No dependencies.
//   node scripts/serve.mjs [--port 8080] [--host 127.0.0.1]
// Also imported by the end-to-end tests (startServer with port 0 picks a free port).
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const MOUNTS = [['/pkg/', join(root, 'pkg')], ['/', join(root, 'www')]];
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.txt': 'text/plain; charset=utf-8', '.pdf': 'application/pdf',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.p7s': 'application/pkcs7-signature', '.xml': 'application/xml', '.ts': 'text/plain',
};

async function resolveFile(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  for (const [prefix, dir] of MOUNTS) {
    if (!decoded.startsWith(prefix)) continue;
    const rel = normalize(decoded.slice(prefix.length));
    if (rel.startsWith('..') || rel.includes(`${sep}..`)) return null;
    let path = join(dir, rel);
    if (!path.startsWith(dir)) return null;
    try {
      let info = await stat(path);
      if (info.isDirectory()) {
        path = join(path, 'index.html');
        info = await stat(path);
      }
      return { path, size: info.size };
    } catch {
      return null;
    }
  }
  return null;
}

export function startServer({ port = 8080, host = '127.0.0.1' } = {}) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const file = req.method === 'GET' || req.method === 'HEAD' ? await resolveFile(url.pathname) : null;
    if (!file) {
      res.writeHead(req.method === 'GET' || req.method === 'HEAD' ? 404 : 405, { 'content-type': 'text/plain' });
      res.end('not found\n');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file.path)] ?? 'application/octet-stream',
      'content-length': file.size,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file.path).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolve({ server, url: `http://${host}:${actual}/` });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
  };
  const port = Number(opt('--port', process.env.PORT ?? 8080));
  const host = opt('--host', '127.0.0.1');
  startServer({ port, host }).then(({ url }) => {
    console.log(`vanban demo: ${url}  (Ctrl+C to stop)`);
  }, (err) => {
    console.error(`vanban demo: cannot listen on ${host}:${port}: ${err.message}`);
    process.exit(1);
  });
}
