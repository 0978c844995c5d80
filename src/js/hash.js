// hashFile: a file's digests in a worker, read in chunks, with progress.

import { CancelledError, DocError, ErrorCode } from './errors.js';
import { client, isNode } from './client.js';
import { ALGORITHMS, invalid, toBlob } from './util.js';

/** Engines hashFile can use. 'auto' picks the fastest measured one for the platform and size. */
export const ENGINES = Object.freeze(['auto', 'wasm', 'webcrypto', 'node']);

/** How bytes reach the worker: 'blob' posts the Blob and the worker reads it; 'chunks' reads
 * in the calling thread (asynchronously) and transfers each chunk, so reading and hashing overlap
 * on two threads. 'auto' picks what measured faster here (BENCHMARKS.md). */
export const TRANSPORTS = Object.freeze(['auto', 'blob', 'chunks']);

const MIN_CHUNK = 64 * 1024;
const MAX_CHUNK = 64 * 1024 * 1024;
// Chunks the page may have handed to the worker and not yet seen hashed (feed mode).
const IN_FLIGHT = 2;
// Measured (BENCHMARKS.md): in Node, reading on the calling thread while the worker hashes is
// faster for every engine, and file-backed Blobs cannot be posted at all.
const CHUNKS_BY_DEFAULT = isNode;
// Measured (BENCHMARKS.md): Chromium pays a fixed cost per Blob read, so larger reads are
// faster there; Node reads 4 MiB as fast as anything larger. Two chunks are in flight at most.
const DEFAULT_CHUNK = (isNode ? 4 : 16) * 1024 * 1024;

function normalizeAlgorithm(name) {
  if (typeof name !== 'string') throw invalid('each algorithm must be a string such as "SHA-256"');
  const compact = name.trim().replace(/-/g, '').toUpperCase();
  const found = ALGORITHMS.find((a) => a.replace('-', '') === compact);
  if (!found) {
    throw new DocError(ErrorCode.UNSUPPORTED_ALGORITHM,
      `unsupported algorithm "${name}"; use one of ${ALGORITHMS.join(', ')}`);
  }
  return found;
}

/**
 * Hashes a Blob (or File, ArrayBuffer, typed array) in a worker, reading it in chunks.
 *
 * @param {Blob|ArrayBuffer|ArrayBufferView} input
 * @param {object} [options]
 * @param {string[]} [options.algorithms=['SHA-256']] any of ALGORITHMS, computed in one pass
 * @param {(p: {loaded: number, total: number, fraction: number}) => void} [options.onProgress]
 *   called as bytes are hashed; `loaded` never decreases and the last call has fraction 1
 * @param {AbortSignal} [options.signal] cancels; the promise rejects with CancelledError
 * @param {'auto'|'wasm'|'webcrypto'|'node'} [options.engine='auto']
 * @param {number} [options.chunkSize] bytes read at a time (64 KiB – 64 MiB); default 4 MiB in
 *   Node, 16 MiB in browsers
 * @param {'auto'|'blob'|'chunks'} [options.transport='auto'] see TRANSPORTS
 * @returns {Promise<{size: number, engine: string,
 *   digests: Record<string, {hex: string, base64: string}>}>}
 */
export async function hashFile(input, options = {}) {
  const {
    algorithms = ['SHA-256'], onProgress, signal, engine = 'auto', chunkSize = DEFAULT_CHUNK,
    transport = 'auto',
  } = options ?? {};
  const blob = toBlob(input);
  if (!Array.isArray(algorithms) || algorithms.length === 0) {
    throw invalid('algorithms must be a non-empty array such as ["SHA-256"]');
  }
  const names = [...new Set(algorithms.map(normalizeAlgorithm))];
  if (!ENGINES.includes(engine)) throw invalid(`engine must be one of ${ENGINES.join(', ')}`);
  if (!TRANSPORTS.includes(transport)) throw invalid(`transport must be one of ${TRANSPORTS.join(', ')}`);
  if (!Number.isInteger(chunkSize) || chunkSize < MIN_CHUNK || chunkSize > MAX_CHUNK) {
    throw invalid(`chunkSize must be an integer from ${MIN_CHUNK} to ${MAX_CHUNK}`);
  }
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw invalid('onProgress must be a function');
  }
  if (signal?.aborted) throw new CancelledError();

  await client.start();
  if (signal?.aborted) throw new CancelledError();

  const total = blob.size;
  const id = client.nextId++;
  return new Promise((resolve, reject) => {
    let lastLoaded = -1;
    let acked = 0;
    let sent = 0;
    let creditWaiter = null;
    let done = false;

    const report = (loaded) => {
      if (!onProgress || loaded <= lastLoaded) return;
      lastLoaded = loaded;
      try {
        onProgress({ loaded, total, fraction: total === 0 ? 1 : loaded / total });
      } catch (err) {
        cancel(err);
      }
    };
    const onAbort = () => cancel(new CancelledError());
    const cleanup = () => {
      done = true;
      signal?.removeEventListener('abort', onAbort);
      creditWaiter?.();
    };
    const cancel = (err) => {
      if (done) return;
      client.post({ type: 'cancel', id });
      client.settle(id, err);
    };

    client.jobs.set(id, {
      progress(loaded) {
        acked += 1;
        const w = creditWaiter;
        creditWaiter = null;
        w?.();
        report(loaded);
      },
      finish(err, value) {
        cleanup();
        if (err) {
          reject(err);
          return;
        }
        if (lastLoaded < total || total === 0) report(total);
        resolve(value);
      },
    });
    client.updateRef();
    signal?.addEventListener('abort', onAbort, { once: true });

    const job = { type: 'hash', id, algorithms: names, engine, chunkSize, size: total };
    let posted = false;
    if (transport === 'blob' || (transport === 'auto' && !CHUNKS_BY_DEFAULT)) {
      try {
        client.post({ ...job, blob });
        posted = true;
      } catch {
        // Some Blobs cannot be posted (Node's file-backed Blobs): send chunks instead.
      }
    }
    if (!posted) {
      client.post(job);
      (async () => {
        // Read one chunk ahead of the ones waiting for the worker, so reading and hashing overlap.
        const read = (start) => blob.slice(start, Math.min(start + chunkSize, total)).arrayBuffer();
        let offset = 0;
        let next = total > 0 ? read(0) : null;
        while (next && !done) {
          const buf = await next;
          if (done) return;
          offset += buf.byteLength; // before the transfer detaches buf
          next = offset < total ? read(offset) : null;
          while (sent - acked >= IN_FLIGHT && !done) {
            await new Promise((r) => { creditWaiter = r; });
          }
          if (done) return;
          client.post({ type: 'chunk', id, buf }, [buf]);
          sent += 1;
        }
        if (!done) client.post({ type: 'chunk', id, buf: null });
      })().catch((err) => cancel(new DocError(ErrorCode.READ_FAILED,
        `could not read the input: ${err?.message ?? err}`, { cause: err })));
    }
  });
}
