// JS tier: hashFile from the built package (pkg/), in Node, against node:crypto as the oracle.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, openAsBlob, readFileSync, writeFileSync, truncateSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  hashFile, terminate, DocError, CancelledError, ErrorCode, ALGORITHMS, TRANSPORTS,
} from '../../pkg/node.js';

const dir = mkdtempSync(join(tmpdir(), 'vanban-js-'));
after(async () => {
  await terminate();
  rmSync(dir, { recursive: true, force: true });
});

const NODE = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };
function expected(bytes, algorithm) {
  const d = createHash(NODE[algorithm]).update(bytes).digest();
  return { hex: d.toString('hex'), base64: d.toString('base64') };
}

function fileBlob(name, bytes) {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return openAsBlob(path);
}

test('every algorithm and engine agrees with node:crypto, for every kind of input', async () => {
  // Sizes around the SHA block sizes and the chunk size.
  for (const size of [0, 1, 55, 56, 64, 111, 112, 128, 65_535, 65_536, 65_537, 1_000_003]) {
    const bytes = randomBytes(size);
    const inputs = {
      blob: new Blob([bytes]),
      file: await fileBlob(`f${size}.bin`, bytes),
      arrayBuffer: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + size),
      uint8: new Uint8Array(bytes),
    };
    for (const engine of ['auto', 'wasm', 'node', 'webcrypto']) {
      for (const transport of TRANSPORTS) {
        for (const [kind, input] of Object.entries(inputs)) {
          const r = await hashFile(input, { algorithms: [...ALGORITHMS], engine, transport, chunkSize: 65_536 });
          assert.equal(r.size, size);
          assert.equal(r.engine, engine === 'auto' ? 'node' : engine);
          for (const a of ALGORITHMS) {
            assert.deepEqual(r.digests[a], expected(bytes, a), `${a} ${engine} ${transport} ${kind} ${size}`);
          }
        }
      }
    }
  }
});

test('empty input gives the empty-string digests and one final progress event', async () => {
  for (const engine of ['wasm', 'node']) {
    const events = [];
    const r = await hashFile(new Blob([]), { engine, onProgress: (p) => events.push(p) });
    assert.equal(r.digests['SHA-256'].hex, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.deepEqual(events, [{ loaded: 0, total: 0, fraction: 1 }]);
  }
});

test('progress is monotonic and ends at 100%', async () => {
  const bytes = randomBytes(5 * 65_536 + 123);
  for (const input of [new Blob([bytes]), await fileBlob('progress.bin', bytes)]) {
    for (const engine of ['wasm', 'node']) {
      const events = [];
      await hashFile(input, { engine, chunkSize: 65_536, onProgress: (p) => events.push(p) });
      assert.ok(events.length >= 6, `one event per chunk, got ${events.length}`);
      for (let i = 1; i < events.length; i++) {
        assert.ok(events[i].loaded > events[i - 1].loaded, 'strictly increasing');
        assert.ok(events[i].fraction > events[i - 1].fraction);
      }
      const last = events.at(-1);
      assert.deepEqual(last, { loaded: bytes.length, total: bytes.length, fraction: 1 });
      assert.ok(events.every((e) => e.total === bytes.length && e.fraction <= 1));
    }
  }
});

test('several jobs at once each get their own result', async () => {
  const data = Array.from({ length: 6 }, (_, i) => randomBytes(100_000 + i * 7919));
  const inputs = await Promise.all(data.map((b, i) => (i % 2 ? new Blob([b]) : fileBlob(`c${i}.bin`, b))));
  const results = await Promise.all(inputs.map((input, i) => hashFile(input, {
    engine: i % 3 === 0 ? 'wasm' : 'auto', chunkSize: 65_536,
  })));
  data.forEach((b, i) => {
    assert.equal(results[i].digests['SHA-256'].hex, expected(b, 'SHA-256').hex, `job ${i}`);
  });
});

test('cancellation rejects with CancelledError, stops the work, and the worker stays usable', async () => {
  const path = join(dir, 'large.bin');
  writeFileSync(path, '');
  truncateSync(path, 256 * 1024 * 1024); // sparse: fast to make, slow enough to hash in wasm
  const large = await openAsBlob(path);
  for (const engine of ['wasm', 'node']) {
    const controller = new AbortController();
    let progressAfterAbort = 0;
    let aborted = false;
    const started = hashFile(large, {
      engine,
      chunkSize: 65_536,
      signal: controller.signal,
      onProgress: (p) => {
        if (aborted) progressAfterAbort += 1;
        if (p.loaded >= 10 * 65_536 && !aborted) {
          aborted = true;
          controller.abort();
        }
      },
    });
    await assert.rejects(started, (err) => {
      assert.ok(err instanceof CancelledError);
      assert.ok(err instanceof DocError);
      assert.equal(err.code, ErrorCode.CANCELLED);
      assert.equal(err.name, 'AbortError');
      return true;
    });
    assert.equal(progressAfterAbort, 0, 'no progress is reported after cancellation');
  }
  // A signal aborted before the call rejects at once.
  await assert.rejects(hashFile(new Blob(['x']), { signal: AbortSignal.abort() }), CancelledError);
  // The worker goes on serving.
  const r = await hashFile(new Blob(['abc']));
  assert.equal(r.digests['SHA-256'].hex, 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});

test('memory stays flat while a file larger than the chunk budget is hashed', async () => {
  const path = join(dir, 'flat.bin');
  writeFileSync(path, '');
  truncateSync(path, 768 * 1024 * 1024);
  const blob = await openAsBlob(path);
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5);
  try {
    const r = await hashFile(blob, { engine: 'node' });
    assert.equal(r.size, 768 * 1024 * 1024);
  } finally {
    clearInterval(timer);
  }
  const grownMiB = (peak - before) / 2 ** 20;
  // Holding the file would grow by 768 MiB; a few 4 MiB chunks in flight (and garbage not yet
  // collected) stay far below that.
  assert.ok(grownMiB < 256, `resident memory grew by ${grownMiB.toFixed(0)} MiB`);
});

test('bad arguments are typed errors raised before any work', async () => {
  const cases = [
    [() => hashFile('not a blob'), ErrorCode.INVALID_ARGUMENT],
    [() => hashFile(new Blob([]), { algorithms: [] }), ErrorCode.INVALID_ARGUMENT],
    [() => hashFile(new Blob([]), { algorithms: 'SHA-256' }), ErrorCode.INVALID_ARGUMENT],
    [() => hashFile(new Blob([]), { algorithms: ['MD5'] }), ErrorCode.UNSUPPORTED_ALGORITHM],
    [() => hashFile(new Blob([]), { engine: 'gpu' }), ErrorCode.INVALID_ARGUMENT],
    [() => hashFile(new Blob([]), { chunkSize: 10 }), ErrorCode.INVALID_ARGUMENT],
    [() => hashFile(new Blob([]), { transport: 'carrier pigeon' }), ErrorCode.INVALID_ARGUMENT],
    [() => hashFile(new Blob([]), { onProgress: 'yes' }), ErrorCode.INVALID_ARGUMENT],
  ];
  for (const [call, code] of cases) {
    await assert.rejects(call(), (err) => err instanceof DocError && err.code === code, String(call));
  }
  const err = await hashFile(new Blob([]), { algorithms: ['md5'] }).catch((e) => e);
  assert.match(err.message, /md5/);
});

test('names are normalised and duplicates computed once', async () => {
  const r = await hashFile(new Blob(['abc']), { algorithms: ['sha256', 'SHA-1', 'Sha-256'] });
  assert.deepEqual(Object.keys(r.digests), ['SHA-256', 'SHA-1']);
});

test('an onProgress callback that throws fails the job with its error', async () => {
  const boom = new Error('callback failed');
  await assert.rejects(
    hashFile(new Blob([randomBytes(300_000)]), { chunkSize: 65_536, onProgress: () => { throw boom; } }),
    (err) => err === boom,
  );
});

test('errors keep their class and code across the worker boundary, and JS knows every core code', async () => {
  const { serializeError, deserializeError } = await import('../../pkg/errors.js');
  const { errorCodes } = await import('../../pkg/vanban.js');
  const original = new DocError(ErrorCode.LIMIT_EXCEEDED, 'limit exceeded: max_depth', { offset: 42 });
  const copy = deserializeError(structuredClone(serializeError(original)));
  assert.ok(copy instanceof DocError);
  assert.deepEqual(copy.toJSON(), original.toJSON());
  const cancelled = deserializeError(structuredClone(serializeError(new CancelledError())));
  assert.ok(cancelled instanceof CancelledError);
  // A foreign error becomes ERR_INTERNAL, keeping its message.
  assert.deepEqual(serializeError(new TypeError('boom')), { name: 'DocError', code: 'ERR_INTERNAL', message: 'boom', offset: null });
  const known = new Set(Object.values(ErrorCode));
  const { initSync } = await import('../../pkg/vanban.js');
  initSync({ module: readFileSync(new URL('../../pkg/vanban_bg.wasm', import.meta.url)) });
  for (const code of errorCodes()) assert.ok(known.has(code), `ErrorCode lacks ${code}`);
});

test('the package points at files that exist', () => {
  const meta = JSON.parse(readFileSync(new URL('../../pkg/package.json', import.meta.url), 'utf8'));
  for (const f of [meta.main, meta.types, ...Object.values(meta.exports).map((e) => (typeof e === 'string' ? e : e.default))]) {
    assert.ok(existsSync(new URL(`../../pkg/${f}`, import.meta.url)), f);
  }
  for (const f of meta.files) assert.ok(existsSync(new URL(`../../pkg/${f}`, import.meta.url)), f);
});

test('both wasm builds (SIMD128 and baseline) compute the NIST vectors and equal node:crypto', async () => {
  const million = new Uint8Array(1_000_000).fill(0x61);
  const random = randomBytes(3 * 65_536 + 5);
  for (const file of ['vanban_bg.simd.wasm', 'vanban_bg.wasm']) {
    const glue = await import(`../../pkg/vanban.js?${file}`);
    glue.initSync({ module: readFileSync(new URL(`../../pkg/${file}`, import.meta.url)) });
    const h = new glue.Hasher([...ALGORITHMS]);
    h.update(million);
    const out = Object.fromEntries(h.finalize().map((d) => [d.algorithm, d.hex]));
    assert.equal(out['SHA-1'], '34aa973cd4c4daa4f61eeb2bdbad27316534016f', file);
    assert.equal(out['SHA-256'], 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0', file);
    assert.equal(out['SHA-512'], 'e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b', file);
    const g = new glue.Hasher(['SHA-384']);
    for (let o = 0; o < random.length; o += 1000) g.update(random.subarray(o, o + 1000));
    assert.equal(g.finalize()[0].hex, expected(random, 'SHA-384').hex, file);
  }
});
