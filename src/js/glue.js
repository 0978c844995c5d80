// vanban's public JavaScript API. The work runs in a worker (a module Web Worker in browsers,
// worker_threads in Node); this file checks arguments, moves data and rebuilds typed errors.
// The entry points are index.js (browsers and bundlers) and node.js (Node, by the package's
// "node" export condition); they differ only in the platform they install (platform.js).

import { BridgeError, BridgeErrorCode, CancelledError, DocError, ErrorCode, deserializeError } from './errors.js';
import { platform } from './platform.js';

export { BridgeError, BridgeErrorCode, CancelledError, DocError, ErrorCode } from './errors.js';
export { formatReport, parseName, zonedTime, visibleText } from './format.js';

/** Digest algorithms, as WebCrypto names them. */
export const ALGORITHMS = Object.freeze(['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512']);

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

const isNode = platform.isNode;

/** Where the worker and the wasm files are served from, when not beside this module. */
let assetBase = null;

/**
 * Package-wide settings. `assetBase`: the URL of a directory serving `worker.js`,
 * `vanban_bg.wasm` and `vanban_bg.simd.wasm` (and the modules worker.js imports) — for a CDN or
 * a strict CSP. Without it they are loaded beside this module, by URLs bundlers see and copy.
 * Takes effect for the next worker started (`terminate()` stops the current one).
 * @param {{assetBase?: string|URL|null}} options
 */
export function configure({ assetBase: base } = {}) {
  if (base !== undefined) {
    if (base !== null && typeof base !== 'string' && !(base instanceof URL)) throw invalid('assetBase must be a URL or null');
    assetBase = base === null ? null : new URL(String(base), globalThis.location?.href);
    if (!assetBase.pathname.endsWith('/')) assetBase = new URL(`${assetBase.href}/`);
  }
}

/** How long a worker may take to start before every call waiting for it fails. */
const WORKER_START_MS = 20_000;
// Measured (BENCHMARKS.md): in Node, reading on the calling thread while the worker hashes is
// faster for every engine, and file-backed Blobs cannot be posted at all.
const CHUNKS_BY_DEFAULT = isNode;
// Measured (BENCHMARKS.md): Chromium pays a fixed cost per Blob read, so larger reads are
// faster there; Node reads 4 MiB as fast as anything larger. Two chunks are in flight at most.
const DEFAULT_CHUNK = (isNode ? 4 : 16) * 1024 * 1024;

function invalid(message) {
  return new DocError(ErrorCode.INVALID_ARGUMENT, message);
}

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

function toBlob(input) {
  if (typeof Blob !== 'undefined' && input instanceof Blob) return input;
  if (input instanceof ArrayBuffer || ArrayBuffer.isView(input)) return new Blob([input]);
  throw invalid('input must be a Blob, File, ArrayBuffer or typed array');
}

/** The shared worker and the jobs it runs. Started on first use, restarted after a crash. */
class WorkerClient {
  constructor() {
    this.worker = null;
    this.ready = null;
    this.jobs = new Map();
    this.nextId = 1;
  }

  async start() {
    if (this.ready) return this.ready;
    this.ready = (async () => {
      const { worker, url } = await platform.spawnWorker(assetBase);
      const started = new Promise((resolve, reject) => {
        this.onReady = resolve;
        this.onStartFailed = reject;
      });
      const startFailed = (cause) => {
        const err = new DocError(ErrorCode.WORKER_FAILED,
          `the vanban worker (${url}) did not start: ${cause?.message ?? cause}. Check that the package's files are served `
          + '(assetBase), as JavaScript and application/wasm, and allowed by the Content-Security-Policy (worker-src, \'wasm-unsafe-eval\')', { cause });
        this.onStartFailed?.(err);
        return err;
      };
      if (isNode) {
        worker.on('message', (m) => this.onMessage(m));
        worker.on('error', (e) => this.fail(startFailed(e)));
        worker.on('exit', (code) => { if (this.worker === worker) this.fail(startFailed(new Error(`it exited (${code})`))); });
      } else {
        worker.onmessage = (e) => this.onMessage(e.data);
        worker.onerror = (e) => { e.preventDefault?.(); this.fail(startFailed(new Error(e.message || 'the script failed to load'))); };
      }
      this.worker = worker;
      worker.postMessage({ type: 'config', assetBase: assetBase?.href ?? null });
      const timer = setTimeout(() => this.fail(startFailed(new Error(`no answer in ${WORKER_START_MS / 1000} s`))), WORKER_START_MS);
      try {
        await started;
      } finally {
        clearTimeout(timer);
        this.onReady = null;
        this.onStartFailed = null;
      }
      this.live = worker;
      this.updateRef();
      return worker;
    })();
    return this.ready;
  }

  /** In Node, an idle worker must not keep the process alive; a busy one must. */
  updateRef() {
    if (!isNode || !this.worker) return;
    if (this.jobs.size) this.worker.ref(); else this.worker.unref();
  }

  onMessage(m) {
    if (m.type === 'ready') {
      this.onReady?.();
      return;
    }
    if (m.type === 'pieceBack') {
      keepPiece(m.buf);
      return;
    }
    const job = this.jobs.get(m.id);
    if (!job) return;
    if (m.type === 'progress') job.progress(m.loaded);
    else if (m.type === 'result') this.settle(m.id, null, m.result, m.notices);
    else if (m.type === 'error') this.settle(m.id, deserializeError(m.error));
  }

  fail(cause) {
    const err = cause instanceof DocError && cause.code === ErrorCode.WORKER_FAILED
      ? cause
      : new DocError(ErrorCode.WORKER_FAILED, `the vanban worker failed: ${cause?.message ?? cause}`, { cause });
    const worker = this.worker;
    this.worker = null;
    this.ready = null;
    for (const id of [...this.jobs.keys()]) this.settle(id, err);
    worker?.terminate?.();
  }

  settle(id, err, value, notices) {
    const job = this.jobs.get(id);
    if (!job) return;
    this.jobs.delete(id);
    job.finish(err, value, notices);
    this.updateRef();
  }

  post(message, transfer) {
    this.worker?.postMessage(message, transfer ?? []);
  }

  async terminate() {
    const worker = this.worker;
    this.worker = null;
    this.ready = null;
    for (const id of [...this.jobs.keys()]) this.settle(id, new CancelledError('the worker was terminated'));
    if (worker) await worker.terminate();
  }
}

const client = new WorkerClient();

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

/** Stops the worker (pending jobs reject with CancelledError). The next call starts a new one. */
export function terminate() {
  return client.terminate();
}

/** Output formats of extractText. */
export const TEXT_FORMATS = Object.freeze(['text', 'markdown', 'json']);

/** Largest document extractText reads (the core's default `Limits::max_input_bytes`). */
const MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;

/**
 * Extracts the text of a document (DOCX or PDF) in the worker. The format is detected from the bytes,
 * never from the file name.
 *
 * @param {Blob|ArrayBuffer|ArrayBufferView} input
 * @param {object} [options]
 * @param {'text'|'markdown'|'json'} [options.format='text'] 'json' resolves to the document
 *   object (type VanbanDocument), the others to a string
 * @param {boolean} [options.showDeletions=false] keep the text of tracked deletions too
 * @param {boolean} [options.omitSignatureStamps=false] leave out the "Ký bởi … Thời gian ký …"
 *   blocks signing tools stamp on signed PDFs (kept by default, and marked in the 'json' model)
 * @param {number} [options.signedRevision] a signed PDF: read the revision the signature of this
 *   index (in the verification report's `signatures`) signed — the document as it was signed, to
 *   show beside what is displayed now — instead of the whole file
 * @param {AbortSignal} [options.signal]
 * @param {(notice: {kind: 'noTextLayer', page: number, images: boolean}) => void} [options.onNotice]
 *   called, before the promise resolves, for what the reader should know about the text: a PDF
 *   page without a text layer (a scan when it draws images) is reported, not passed off as an
 *   empty success. The 'json' document carries the same list as `notices`.
 */
export async function extractText(input, options = {}) {
  const { format = 'text', showDeletions = false, omitSignatureStamps = false, signedRevision, signal, onNotice } = options ?? {};
  const blob = toBlob(input);
  if (!TEXT_FORMATS.includes(format)) throw invalid(`format must be one of ${TEXT_FORMATS.join(', ')}`);
  if (typeof showDeletions !== 'boolean') throw invalid('showDeletions must be true or false');
  if (typeof omitSignatureStamps !== 'boolean') throw invalid('omitSignatureStamps must be true or false');
  if (onNotice !== undefined && typeof onNotice !== 'function') throw invalid('onNotice must be a function');
  if (signedRevision !== undefined && !(Number.isInteger(signedRevision) && signedRevision >= 0 && signedRevision < 2 ** 32)) {
    throw invalid('signedRevision must be the index of a signature in the verification report (0, 1, …)');
  }
  if (blob.size > MAX_DOCUMENT_BYTES) {
    throw new DocError(ErrorCode.LIMIT_EXCEEDED, `the document is larger than ${MAX_DOCUMENT_BYTES} bytes`);
  }
  if (signal?.aborted) throw new CancelledError();
  // Read here and transfer: every Blob can be read, not every Blob can be posted (Node's
  // file-backed ones), and the transfer moves the bytes without copying them.
  const buf = await blob.arrayBuffer();
  const message = { type: 'extract', buf, format, showDeletions, omitSignatureStamps, signedRevision };
  return runJob(message, signal, [buf], (notices) => {
    for (const notice of notices ?? []) onNotice?.(notice);
  });
}

/** Bytes or text of a trust anchor → PEM text (DER is wrapped, PEM passes as it is). */
function anchorPem(anchor) {
  if (typeof anchor === 'string') return anchor;
  const bytes = anchor instanceof ArrayBuffer ? new Uint8Array(anchor)
    : ArrayBuffer.isView(anchor) ? new Uint8Array(anchor.buffer, anchor.byteOffset, anchor.byteLength) : null;
  if (!bytes) throw invalid('trust must hold PEM strings or certificate bytes');
  if (bytes[0] === 0x2d) return new TextDecoder().decode(bytes); // "-----BEGIN"
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  const b64 = btoa(binary).replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${b64}-----END CERTIFICATE-----\n`;
}

/**
 * Verifies the signatures of a file — a CMS `.p7s` (give its content as `detachedContent`) or
 * `.p7m` so far — and resolves to the `VerificationReport` (see index.d.ts): per signature the
 * indication derived from every check, intact / signatureValid, signer, chain, claims, warnings.
 * A bad signature is a report, not an error; errors are for input that cannot be read.
 * @param {Blob|ArrayBuffer|ArrayBufferView} input
 * @param {object} [options]
 * @param {Blob|ArrayBuffer|ArrayBufferView} [options.detachedContent] what a detached signature signs
 * @param {(string|ArrayBuffer|ArrayBufferView)[]} [options.trust] extra anchors, PEM or DER
 * @param {boolean} [options.defaultTrust=true] start from the bundled Vietnamese anchors
 * @param {Date} [options.at=new Date()] the validation time
 * @param {{weak?: 'warning'|'indeterminate'}} [options.policy] what a weak algorithm (SHA-1,
 *   RSA < 2048) does: a warning (default) or INDETERMINATE
 * @param {string} [options.name] the file name for the report (a File's own name by default)
 * @param {AbortSignal} [options.signal]
 */
export async function verify(input, options = {}) {
  const { detachedContent, trust = [], defaultTrust = true, at = new Date(), policy = {}, signal } = options ?? {};
  // Bytes in memory are not wrapped in a Blob (that would copy them once more).
  const inMemory = input instanceof ArrayBuffer || ArrayBuffer.isView(input) ? bytesOf(input) : null;
  const blob = inMemory ? null : toBlob(input);
  const name = options?.name ?? (typeof blob?.name === 'string' ? blob.name : '');
  if (!Array.isArray(trust)) throw invalid('trust must be an array');
  if (typeof defaultTrust !== 'boolean') throw invalid('defaultTrust must be true or false');
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw invalid('at must be a valid Date');
  const weak = policy?.weak ?? 'warning';
  if (weak !== 'warning' && weak !== 'indeterminate') throw invalid("policy.weak must be 'warning' or 'indeterminate'");
  const trustPem = trust.map(anchorPem).join('\n');
  if ((inMemory ? inMemory.byteLength : blob.size) > MAX_DOCUMENT_BYTES) {
    throw new DocError(ErrorCode.LIMIT_EXCEEDED, `the file is larger than ${MAX_DOCUMENT_BYTES} bytes`);
  }
  if (signal?.aborted) throw new CancelledError();
  const how = {
    name, trustPem, defaultTrust, at: Math.floor(at.getTime() / 1000), weakIndeterminate: weak === 'indeterminate',
  };
  // A large PDF in Node: this thread hashes while the worker reads the file.
  if (detachedContent === undefined && isNode && (inMemory ? inMemory.byteLength : blob.size) > PDF_HERE_MIN) {
    const head = inMemory ?? new Uint8Array(await blob.slice(0, 1024).arrayBuffer());
    if (looksLikePdf(head)) return verifyPdfHere(inMemory ?? blob, how, signal);
  }
  // Bytes are copied once (the caller keeps them); a Blob is read.
  const buf = inMemory ? inMemory.slice().buffer : await blob.arrayBuffer();
  let detached;
  let digests = '';
  if (detachedContent !== undefined) {
    // The content is hashed here by the platform's native digest (bytes in memory without a
    // copy, a Blob read once) when the core says its digests are enough (every signer has signed
    // attributes); SHA-256, by far the most common, is computed while the worker reads the plan.
    // Otherwise the content itself goes to the worker.
    const given = bytesOf(detachedContent);
    const size = given ? given.byteLength : detachedContent.size;
    const planned = size > NATIVE_DIGEST_MIN ? runJob({ type: 'plan', buf: buf.slice(0) }, signal) : Promise.resolve('');
    if (!given && isNode && size > NATIVE_DIGEST_MIN) {
      // Node: a Blob is streamed through node:crypto in one pass (reading it whole first costs
      // as much as hashing it), and read whole only when the core needs the bytes.
      const algorithms = (await planned).split(',').filter(Boolean);
      if (algorithms.length > 0 && algorithms.every((a) => a in NODE_DIGESTS)) {
        nodeCryptoModule ??= await platform.nodeCrypto();
        const hashes = algorithms.map((a) => nodeCryptoModule.createHash(NODE_DIGESTS[a]));
        for await (const chunk of detachedContent.stream()) {
          if (signal?.aborted) throw new CancelledError();
          for (const h of hashes) h.update(chunk);
        }
        digests = algorithms.map((a, i) => `${a}=${hashes[i].digest('hex')}`).join(';');
      } else {
        detached = await detachedContent.arrayBuffer();
      }
    } else {
      const view = given ?? new Uint8Array(await detachedContent.arrayBuffer());
      const digest = size > NATIVE_DIGEST_MIN ? await nativeDigester() : null;
      const early = digest ? digest('SHA-256', view) : null;
      const algorithms = (await planned).split(',').filter(Boolean);
      if (digest && algorithms.length > 0 && algorithms.every((a) => a in NODE_DIGESTS)) {
        const parts = await Promise.all(algorithms.map(async (a) => `${a}=${await (a === 'SHA-256' ? early : digest(a, view))}`));
        digests = parts.join(';');
      } else {
        detached = given ? view.slice().buffer : view.buffer; // a Blob's fresh buffer moves as is
      }
    }
  }
  if (signal?.aborted) throw new CancelledError();
  const message = { type: 'verify', buf, detached, digests, ...how };
  return runJob(message, signal, detached ? [buf, detached] : [buf]);
}

/** Above this size a PDF is verified by `verifyPdfHere` in Node. */
const PDF_HERE_MIN = 256 * 1024;
/** The distance between two saved states of the whole-file SHA-256 in `verifyPdfHere`. */
const CHECKPOINT = 64 * 1024;
/** The pieces `verifyPdfHere` sends the worker. */
const PIECE = 1024 * 1024;
/**
 * Piece buffers the worker has sent back, reused for the next PDF: memory this thread has
 * written before costs no page faults (on a virtual machine, writing 8 MiB of fresh memory took
 * 8 ms where copying into used memory took 1 ms). At most POOL_MAX kept (a 16 MiB file's
 * pieces), dropped when idle.
 */
const piecePool = [];
const POOL_MAX = 16;
let poolTimer = null;

function keepPiece(buf) {
  if (piecePool.length >= POOL_MAX) return;
  piecePool.push(buf);
  clearTimeout(poolTimer);
  poolTimer = setTimeout(() => { piecePool.length = 0; }, 10_000);
  poolTimer.unref?.();
}
let pdfTokens = 0;

function looksLikePdf(bytes) {
  const head = bytes.subarray(0, 1024);
  for (let i = 0; i + 5 <= head.length; i++) {
    if (head[i] === 0x25 && head[i + 1] === 0x50 && head[i + 2] === 0x44 && head[i + 3] === 0x46 && head[i + 4] === 0x2d) return true;
  }
  return false;
}

/**
 * A PDF verified with two threads (Node). This thread copies the file to the worker in pieces
 * (which it appends to the core's copy as they arrive) and hashes it once with node:crypto,
 * saving the SHA-256 state every CHECKPOINT bytes, while the worker reads the file's structure,
 * says which byte ranges its signatures cover and verifies ahead with the digests the
 * signatures claim (kept only if the real ones equal them). A range [0, a) + [b, end) then
 * costs only the bytes from the last saved state before `a` and those after its /Contents, and
 * the same pass gave the report's SHA-256 of the file. Bytes in memory are all sent before the
 * hashing starts (so the worker starts at once); a Blob is streamed, each chunk sent and hashed
 * as it comes, never held whole on this thread.
 */
async function verifyPdfHere(source, how, signal) {
  nodeCryptoModule ??= await platform.nodeCrypto();
  const { createHash } = nodeCryptoModule;
  await client.start();
  const isBytes = source instanceof Uint8Array;
  const size = isBytes ? source.byteLength : source.size;
  const token = ++pdfTokens;
  let kept = true; // the worker holds the PDF until pdfVerify or pdfRelease
  // Bytes in memory: every message goes at once, after the copy, so that an idle worker wakes
  // once, not once per piece (measured on the benchmark's file after a 20 ms pause: 9.6 ms
  // instead of 13). A Blob's pieces go as they are read.
  const outbox = [];
  const post = isBytes ? (m, t) => outbox.push([m, t]) : (m, t) => client.post(m, t);
  try {
    post({ type: 'pdfOpen', token, size });
    let piece = null;
    let filled = 0;
    const send = (chunk) => {
      for (let i = 0; i < chunk.length;) {
        piece ??= piecePool.pop() ?? new ArrayBuffer(PIECE);
        const n = Math.min(PIECE - filled, chunk.length - i);
        new Uint8Array(piece, filled, n).set(chunk.subarray(i, i + n));
        filled += n;
        i += n;
        if (filled === PIECE) flush();
      }
    };
    const flush = () => {
      if (piece && filled > 0) post({ type: 'pdfPiece', token, buf: piece, length: filled }, [piece]);
      piece = null;
      filled = 0;
    };
    const whole = createHash('sha256');
    const saved = []; // [offset, state before it]
    let hashed = 0;
    const hash = (chunk) => {
      for (let i = 0; i < chunk.length; i += CHECKPOINT) {
        saved.push([hashed + i, whole.copy()]);
        whole.update(chunk.subarray(i, i + CHECKPOINT));
      }
      hashed += chunk.length;
    };
    let plan;
    if (isBytes) {
      send(source);
      flush();
      for (const [m, t] of outbox) client.post(m, t);
      plan = runJob({ type: 'pdfPlan', token, ...how }, signal, []);
      plan.catch(() => {}); // awaited below, after the hashing
      hash(source);
    } else {
      for await (const chunk of source.stream()) {
        if (signal?.aborted) throw new CancelledError();
        send(chunk);
        hash(chunk);
      }
      flush();
      if (hashed !== size) throw new DocError(ErrorCode.READ_FAILED, 'the file changed while it was read');
      plan = runJob({ type: 'pdfPlan', token, ...how }, signal, []);
    }
    if (signal?.aborted) throw new CancelledError();
    const fileSha256 = whole.digest('hex');
    const read = async (from, to) => (isBytes ? source.subarray(from, to) : new Uint8Array(await source.slice(from, to).arrayBuffer()));
    const parts = [];
    for (const entry of (await plan).split(';').filter(Boolean)) {
      const [range, algorithms] = entry.split(':');
      const [a, b, end] = range.split(',').map(Number);
      for (const algorithm of algorithms.split(',')) {
        if (!(algorithm in NODE_DIGESTS)) continue;
        let h;
        if (algorithm === 'SHA-256') {
          let k = saved.length - 1; // the last state saved at or before `a`
          while (k > 0 && saved[k][0] > a) k--;
          h = saved[k][1].copy().update(await read(saved[k][0], a));
        } else {
          h = createHash(NODE_DIGESTS[algorithm]).update(await read(0, a));
        }
        parts.push(`${a},${b},${end},${algorithm}=${h.update(await read(b, end)).digest('hex')}`);
      }
    }
    kept = false; // the verification job frees the worker's copy
    return await runJob({ type: 'pdfVerify', token, digests: parts.join(';'), fileSha256, ...how }, signal, []);
  } finally {
    if (kept) client.post({ type: 'pdfRelease', token });
  }
}

/** Below this size, content in memory goes to the worker (a plan round trip costs more than
 * hashing it there). */
const NATIVE_DIGEST_MIN = 256 * 1024;
const NODE_DIGESTS = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

/** A Uint8Array over caller bytes (no copy), or null for a Blob. */
function bytesOf(input) {
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (typeof Blob !== 'undefined' && input instanceof Blob) return null;
  throw invalid('detachedContent must be a Blob, File, ArrayBuffer or typed array');
}

let nodeCryptoModule;
/** `(algorithm, bytes) → hex` by node:crypto or WebCrypto, or null when there is none. */
async function nativeDigester() {
  if (isNode) {
    nodeCryptoModule ??= await platform.nodeCrypto();
    return (a, bytes) => nodeCryptoModule.createHash(NODE_DIGESTS[a]).update(bytes).digest('hex');
  }
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  return async (a, bytes) => [...new Uint8Array(await subtle.digest(a, bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Posts one job to the worker and resolves with its result; `onNotices` sees the job's notices
 * first (an exception it throws rejects the job). */
function runJob(message, signal, transfer, onNotices) {
  // Posted at once when the worker runs (a caller about to block this thread on its own work
  // relies on it); otherwise once it has started.
  if (!client.live || client.live !== client.worker) {
    return client.start().then(() => postJob(message, signal, transfer, onNotices));
  }
  return postJob(message, signal, transfer, onNotices);
}

function postJob(message, signal, transfer, onNotices) {
  if (signal?.aborted) return Promise.reject(new CancelledError());
  const id = client.nextId++;
  return new Promise((resolve, reject) => {
    const onAbort = () => client.settle(id, new CancelledError());
    client.jobs.set(id, {
      progress() {},
      finish(err, value, notices) {
        signal?.removeEventListener('abort', onAbort);
        if (err) { reject(err); return; }
        try {
          onNotices?.(notices);
        } catch (callbackError) {
          reject(callbackError);
          return;
        }
        resolve(value);
      },
    });
    client.updateRef();
    signal?.addEventListener('abort', onAbort, { once: true });
    client.post({ ...message, id }, transfer ?? [message.buf]);
  });
}


// ---- Signing -----------------------------------------------------------------------------------

/** A Uint8Array over a Blob's, ArrayBuffer's or view's bytes (a Blob is read). */
async function bytesFrom(input, what) {
  if (input instanceof ArrayBuffer || ArrayBuffer.isView(input)) return bytesOf(input);
  if (typeof Blob !== 'undefined' && input instanceof Blob) return new Uint8Array(await input.arrayBuffer());
  throw invalid(`${what} must be a Blob, File, ArrayBuffer or typed array`);
}

/** PEM text or bytes → bytes (PEM stays text: the core reads both). */
function certificateBytes(c, what) {
  if (typeof c === 'string') return new TextEncoder().encode(c);
  if (c instanceof ArrayBuffer || ArrayBuffer.isView(c)) return bytesOf(c).slice();
  throw invalid(`${what} must be PEM text or certificate bytes`);
}

/**
 * The first step of signing a PDF in the browser: the core appends an incremental update with
 * an invisible signature field and a placeholder, and returns what the private key must sign.
 * @param {Blob|ArrayBuffer|ArrayBufferView} pdf
 * @param {object} options
 * @param {(string|ArrayBuffer|ArrayBufferView)[]} options.certificateChain the signer's
 *   certificate first, then its chain (PEM or DER)
 * @param {Date} [options.signingTime=new Date()] written as the signature's /M (a claim)
 * @param {string} [options.reason] @param {string} [options.location] @param {string} [options.contactInfo]
 * @param {string} [options.name] the signer's name (default: the certificate's common name)
 * @param {string} [options.fieldName] the new field's name (default: SignatureN)
 * @param {'SHA-256'|'SHA-384'|'SHA-512'} [options.hash='SHA-256']
 * @param {'RSASSA-PKCS1-v1_5'|'RSA-PSS'|'ECDSA'} [options.signatureAlgorithm] default: from the key
 * @param {boolean} [options.timestampRoom=false] room for an RFC 3161 token (PAdES B-T)
 * @param {number} [options.revocationRoom=0] bytes of CRLs / OCSP responses finish will embed
 * @param {'invisible'|{page?: number, rect?: number[], lines?: string[], image?: Blob|ArrayBuffer|ArrayBufferView}} [options.appearance]
 *   invisible (default), or on `page` (from 1), in `rect` [x1 y1 x2 y2] (default: top right):
 *   a text block with `lines` (default: who signed, the organisation, the time — Decree 30's
 *   mark), or a PNG `image` (the signer's signature, the seal; `rect` required)
 * @param {AbortSignal} [options.signal]
 * @returns {Promise<{dataToSign: Uint8Array, digest: Uint8Array, digestAlgorithm: string, scheme: string, state: Uint8Array}>}
 */
export async function preparePdfSignature(pdf, options = {}) {
  const {
    certificateChain, signingTime = new Date(), reason = '', location = '', contactInfo = '', name = '',
    fieldName = '', hash = 'SHA-256', signatureAlgorithm = '', timestampRoom = false, revocationRoom = 0,
    appearance = 'invisible', signal,
  } = options ?? {};
  let visible = null;
  if (appearance !== 'invisible') {
    if (typeof appearance !== 'object' || appearance === null) throw invalid("appearance must be 'invisible' or {page, rect, lines}");
    const { page = 1, rect = [], lines = [], image } = appearance;
    if (!Number.isInteger(page) || page < 1) throw invalid('appearance.page must be a page number from 1');
    if (!Array.isArray(rect) || (rect.length !== 0 && rect.length !== 4)) throw invalid('appearance.rect must be [x1, y1, x2, y2]');
    if (!Array.isArray(lines) || lines.some((l) => typeof l !== 'string')) throw invalid('appearance.lines must be strings');
    const png = image === undefined ? undefined : (await bytesFrom(image, 'appearance.image')).slice();
    if (png && rect.length !== 4) throw invalid('appearance.image needs appearance.rect');
    visible = { page, rect: rect.map(Number), lines, image: png };
  }
  if (!Array.isArray(certificateChain) || certificateChain.length === 0) throw invalid('certificateChain must be a non-empty array');
  if (!(signingTime instanceof Date) || Number.isNaN(signingTime.getTime())) throw invalid('signingTime must be a valid Date');
  for (const [k, v] of Object.entries({ reason, location, contactInfo, name, fieldName })) {
    if (typeof v !== 'string') throw invalid(`${k} must be a string`);
  }
  const bytes = await bytesFrom(pdf, 'pdf');
  if (bytes.byteLength > MAX_DOCUMENT_BYTES) {
    throw new DocError(ErrorCode.LIMIT_EXCEEDED, `the file is larger than ${MAX_DOCUMENT_BYTES} bytes`);
  }
  const buf = bytes.slice().buffer;
  const chain = certificateChain.map((c, i) => certificateBytes(c, `certificateChain[${i}]`));
  return runJob({
    type: 'signPrepare', buf, chain, signingTime: Math.floor(signingTime.getTime() / 1000), hash,
    scheme: signatureAlgorithm, texts: [reason, location, contactInfo, name, fieldName],
    timestampRoom: !!timestampRoom, revocationRoom: Number(revocationRoom) || 0, appearance: visible,
  }, signal, [buf]);
}

/**
 * The second step: the signature value from the key (DER for ECDSA) goes into the prepared PDF.
 * The core checks it with the signer's certificate first.
 * @param {Uint8Array} state from preparePdfSignature
 * @param {Uint8Array} signature
 * @param {{timestampToken?: Uint8Array, crls?: Uint8Array[], ocspResponses?: Uint8Array[], signal?: AbortSignal}} [options]
 * @returns {Promise<Uint8Array>} the signed PDF
 */
export async function finishPdfSignature(state, signature, options = {}) {
  const { timestampToken, crls = [], ocspResponses = [], signal } = options ?? {};
  const st = bytesOf(state).slice();
  const sig = bytesOf(signature).slice();
  const list = (a, what) => {
    if (!Array.isArray(a)) throw invalid(`${what} must be an array`);
    return a.map((x) => bytesOf(x).slice());
  };
  return runJob({
    type: 'signFinish', buf: st.buffer, signature: sig, timestampToken: timestampToken ? bytesOf(timestampToken).slice() : undefined,
    crls: list(crls, 'crls'), ocspResponses: list(ocspResponses, 'ocspResponses'),
  }, signal, [st.buffer]);
}

/** A digest by WebCrypto (or node:crypto). */
async function platformDigest(algorithm, bytes) {
  const digest = await nativeDigester();
  if (!digest) throw new DocError(ErrorCode.UNSUPPORTED_ALGORITHM, 'no platform digest (WebCrypto) is available');
  const hex = await digest(algorithm, bytes);
  return Uint8Array.from(hex.match(/../g), (h) => parseInt(h, 16));
}

/**
 * Signs a PDF: prepare → the bridge signs (only the private-key operation leaves the page) →
 * an optional timestamp from the portal's own TSA → finish → vanban's verifier checks the result.
 * @param {Blob|ArrayBuffer|ArrayBufferView} input the PDF
 * @param {object} options
 * @param {object} options.bridge a SigningBridge (vanbanBridge, softKeyBridge, …)
 * @param {object} options.certificate one of `await bridge.listCertificates()`
 * @param {(req: {hash: string, imprint: Uint8Array}) => Promise<Uint8Array>} [options.timestamp]
 *   gets an RFC 3161 token over the signature value from the portal's TSA (PAdES B-T)
 * @param {{crls?: Uint8Array[], ocspResponses?: Uint8Array[]}} [options.revocation] embedded so
 *   that verifiers can decide revocation
 * @param {(string|ArrayBuffer|ArrayBufferView)[]} [options.trust] anchors for the final check
 * @param {boolean} [options.defaultTrust=true] @param {string} [options.documentName] shown by the bridge
 * @returns {Promise<{pdf: Uint8Array, report: object}>}
 */
export async function sign(input, options = {}) {
  const {
    bridge, certificate, timestamp, revocation = {}, trust = [], defaultTrust = true, documentName,
    hash = 'SHA-256', signal, ...rest
  } = options ?? {};
  if (!bridge || typeof bridge.sign !== 'function') throw invalid('bridge must be a SigningBridge');
  if (!certificate || !certificate.certificate) throw invalid('certificate must be one of bridge.listCertificates()');
  if (timestamp !== undefined && typeof timestamp !== 'function') throw invalid('timestamp must be a function');
  const crls = revocation.crls ?? [];
  const ocspResponses = revocation.ocspResponses ?? [];
  const pdf = await bytesFrom(input, 'input');
  const name = documentName ?? (typeof input?.name === 'string' ? input.name : 'document.pdf');
  const chain = [certificate.certificate, ...(certificate.chain ?? [])];
  const prepared = await preparePdfSignature(pdf, {
    ...rest, hash, certificateChain: chain, timestampRoom: !!timestamp,
    revocationRoom: [...crls, ...ocspResponses].reduce((n, b) => n + b.byteLength, 0), signal,
  });
  if (signal?.aborted) throw new CancelledError();
  let result;
  try {
    result = await bridge.sign({
      cert: certificate, digest: prepared.digest, dataToSign: prepared.dataToSign,
      hash: prepared.digestAlgorithm, algorithm: prepared.scheme, display: { documentName: name },
    });
  } catch (err) {
    if (err instanceof DocError) throw err;
    throw new BridgeError(BridgeErrorCode.INTERNAL, `the bridge failed: ${err?.message ?? err}`, { cause: err });
  }
  if (!result || !(result.signature instanceof Uint8Array)) throw new BridgeError(BridgeErrorCode.INTERNAL, 'the bridge returned no signature');
  let timestampToken;
  if (timestamp) timestampToken = await timestamp({ hash, imprint: await platformDigest(hash, result.signature) });
  const signed = await finishPdfSignature(prepared.state, result.signature, { timestampToken, crls, ocspResponses, signal });
  const report = await verify(signed, { trust, defaultTrust, name, signal });
  const mine = report.signatures.at(-1);
  if (!mine || mine.intact !== true || mine.signatureValid !== true) {
    throw new DocError(ErrorCode.SIGNING_FAILED, `the signed PDF does not verify (${mine?.indication ?? 'no signature'} ${mine?.subIndication ?? ''})`);
  }
  return { pdf: signed, report };
}

/** ECDSA r‖s (WebCrypto) → DER Ecdsa-Sig-Value. */
function ecdsaToDer(raw) {
  const half = raw.length / 2;
  const int = (b) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const body = b[i] & 0x80 ? [0, ...b.subarray(i)] : [...b.subarray(i)];
    return [0x02, body.length, ...body];
  };
  const seq = [...int(raw.subarray(0, half)), ...int(raw.subarray(half))];
  return Uint8Array.from(seq.length < 128 ? [0x30, seq.length, ...seq] : [0x30, 0x81, seq.length, ...seq]);
}

function pemToDer(text, label) {
  const m = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`).exec(text);
  if (!m) throw invalid(`expected a PEM ${label}`);
  const b64 = m[1].replace(/\s+/g, '');
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

/**
 * A WebCrypto private key from PKCS#8 (PEM text or DER), for `softKeyBridge`.
 * @param {string|ArrayBuffer|ArrayBufferView} pkcs8
 * @param {{algorithm?: 'RSASSA-PKCS1-v1_5'|'ECDSA', hash?: string, namedCurve?: string}} [options]
 */
export async function importSoftKey(pkcs8, options = {}) {
  const { algorithm = 'RSASSA-PKCS1-v1_5', hash = 'SHA-256', namedCurve = 'P-256' } = options;
  const der = typeof pkcs8 === 'string' ? pemToDer(pkcs8, 'PRIVATE KEY') : bytesOf(pkcs8);
  const params = algorithm === 'ECDSA' ? { name: 'ECDSA', namedCurve } : { name: algorithm, hash };
  return globalThis.crypto.subtle.importKey('pkcs8', der, params, false, ['sign']);
}

/**
 * A SigningBridge over a WebCrypto private key in the page — for development and tests only: a
 * real signer's key stays on the token (vanbanBridge). Signs `dataToSign` (WebCrypto hashes it).
 * @param {{privateKey: CryptoKey, certificate: string|ArrayBuffer|ArrayBufferView, chain?: (string|ArrayBuffer|ArrayBufferView)[], label?: string}} key
 */
export function softKeyBridge({ privateKey, certificate, chain = [], label = 'soft key (development)' }) {
  const algorithm = privateKey?.algorithm?.name;
  if (algorithm !== 'RSASSA-PKCS1-v1_5' && algorithm !== 'ECDSA') throw invalid('privateKey must be an RSASSA-PKCS1-v1_5 or ECDSA CryptoKey');
  const der = (c) => (typeof c === 'string' ? pemToDer(c, 'CERTIFICATE') : bytesOf(c).slice());
  const cert = { certificate: der(certificate), chain: chain.map(der), token: label, algorithms: [algorithm] };
  return {
    id: 'soft-key',
    capabilities: { digest: false, data: true, document: false, algorithms: [algorithm] },
    async detect() { return { id: 'soft-key', protocol: 1, version: '1', paired: true }; },
    async listCertificates() {
      cert.certId ??= [...(await platformDigest('SHA-256', cert.certificate))].map((b) => b.toString(16).padStart(2, '0')).join('');
      return [cert];
    },
    async sign(req) {
      if (req.algorithm !== algorithm) throw new BridgeError(BridgeErrorCode.ALG_UNSUPPORTED, `this key signs with ${algorithm}, not ${req.algorithm}`);
      if (algorithm === 'RSASSA-PKCS1-v1_5' && privateKey.algorithm.hash?.name !== req.hash) {
        throw new BridgeError(BridgeErrorCode.ALG_UNSUPPORTED, `this key was imported for ${privateKey.algorithm.hash?.name}, not ${req.hash}`);
      }
      const params = algorithm === 'ECDSA' ? { name: 'ECDSA', hash: req.hash } : { name: algorithm };
      const raw = new Uint8Array(await globalThis.crypto.subtle.sign(params, privateKey, req.dataToSign));
      return { signature: algorithm === 'ECDSA' ? ecdsaToDer(raw) : raw, certificate: cert.certificate, chain: cert.chain };
    },
  };
}

/**
 * The short fingerprint of a digest that vanban-bridge's PIN prompt shows: its first four bytes
 * in upper-case hex, in two groups (`"3A7F 09C2"`).
 * @param {Uint8Array} digest
 */
export function digestFingerprint(digest) {
  const hex = Array.from(digest.subarray(0, 4), (b) => b.toString(16).padStart(2, '0').toUpperCase()).join('');
  return hex.length > 4 ? `${hex.slice(0, 4)} ${hex.slice(4)}` : hex;
}

/** base64 → bytes. */
function fromBase64(text) {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** bytes → base64. */
function toBase64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * The SigningBridge of vanban's own token bridge (vanban-bridge, BRIDGE.md protocol v1 over HTTP
 * on 127.0.0.1): the key stays on the USB token; the bridge signs the digest after its own PIN
 * prompt. Errors are BridgeErrors with the protocol's codes (NOT_RUNNING when nothing answers).
 *
 * Pairing: `pair()` asks the bridge, which shows this page's origin and a code on its own
 * console (never to the page); the user types the code into the page, and
 * `confirmPairing(code)` sends it. Consent: before each signature `onConfirm` gets the digest's
 * fingerprint (`digestFingerprint`), which the bridge's PIN prompt shows too — the page shows
 * it so that the user can compare.
 * @param {{url?: string, origin?: string, timeoutMs?: number,
 *   onConfirm?: (c: {fingerprint: string, documentName: string|null}) => void}} [options]
 *   `origin` is sent only where the platform lets a caller set it (Node); a browser sends the
 *   page's own.
 */
export function vanbanBridge({ url = 'http://127.0.0.1:9797', origin, timeoutMs = 120_000, onConfirm } = {}) {
  const call = async (method, path, body, ms = timeoutMs) => {
    let response;
    try {
      response = await fetch(`${url}${path}`, {
        method,
        headers: { 'Content-Type': 'application/json', ...(origin ? { Origin: origin } : {}) },
        body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined,
        signal: AbortSignal.timeout(ms),
      });
    } catch (err) {
      const code = err?.name === 'TimeoutError' ? BridgeErrorCode.USER_TIMEOUT : BridgeErrorCode.NOT_RUNNING;
      throw new BridgeError(code, `the signing bridge at ${url} did not answer: ${err?.message ?? err}`, { cause: err });
    }
    let data;
    try {
      data = await response.json();
    } catch {
      throw new BridgeError(BridgeErrorCode.INTERNAL, `the bridge answered ${response.status} without JSON`);
    }
    if (!response.ok || data?.error) {
      throw new BridgeError(data?.error, data?.message ?? `HTTP ${response.status}`, { retriesLeft: data?.retriesLeft, retryAfter: data?.retryAfter });
    }
    return data;
  };
  return {
    id: 'vanban',
    capabilities: { digest: true, data: false, document: false, algorithms: ['RSASSA-PKCS1-v1_5', 'RSA-PSS', 'ECDSA'] },
    async detect() {
      try {
        const hello = await call('GET', '/v1/hello', undefined, 2000);
        if (hello.protocol !== 1) throw new BridgeError(BridgeErrorCode.VERSION_UNSUPPORTED, `protocol ${hello.protocol}`);
        return { id: 'vanban', protocol: hello.protocol, version: hello.version, paired: !!hello.paired };
      } catch (err) {
        if (err.code === BridgeErrorCode.NOT_RUNNING || err.code === BridgeErrorCode.USER_TIMEOUT) return null;
        throw err;
      }
    },
    /** Asks the bridge to pair this page's origin: `{paired, pending, expiresIn}`. The code is
     * on the bridge's console; the page asks the user to type it, then `confirmPairing`. */
    async pair() {
      const r = await call('POST', '/v1/pair', {});
      return { paired: !!r.paired, pending: !!r.pending, expiresIn: r.expiresIn ?? null };
    },
    /** Sends the code the user read on the bridge's console: `{paired: true}`, or a BridgeError
     * (INVALID_ARGUMENT with `retriesLeft` for a wrong code; ORIGIN_NOT_ALLOWED when no pairing
     * of this origin waits). */
    async confirmPairing(code) {
      if (typeof code !== 'string' || !/^[\d\s-]{6,12}$/.test(code)) throw invalid('the pairing code is six digits');
      const r = await call('POST', '/v1/pair/confirm', { code });
      return { paired: !!r.paired };
    },
    async listCertificates(filter) {
      const list = await call('POST', '/v1/certificates', filter ? { filter } : {});
      return list.map((c) => ({
        certId: c.certId, certificate: fromBase64(c.certificate), chain: (c.chain ?? []).map(fromBase64),
        token: c.token, algorithms: c.algorithms,
      }));
    },
    async sign(req) {
      onConfirm?.({ fingerprint: digestFingerprint(req.digest), documentName: req.display?.documentName ?? null });
      const r = await call('POST', '/v1/sign', {
        certId: req.cert.certId, hashAlgorithm: req.hash, signatureAlgorithm: req.algorithm,
        digest: toBase64(req.digest), display: req.display,
      });
      return { signature: fromBase64(r.signature), certificate: fromBase64(r.certificate), chain: (r.chain ?? []).map(fromBase64) };
    },
  };
}

/**
 * A whole-file signing service in the manner of the VGCA Sign Service (Government Cipher
 * Committee), which many Vietnamese portals use: a program on the user's computer, reached by a
 * WebSocket at `wss://127.0.0.1:8987/<Operation>`, that downloads the document from a URL the page
 * gives (`FileName`), signs it with the user's token, uploads the signed file to the portal's
 * upload handler (`FileUploadHandler`, multipart field `uploadfile`) and answers
 * `{Status, Message, FileName, FileServer}` (Status 0: done). Unlike vanbanBridge the whole
 * document goes through that program and the portal's server; vanban's part is to verify what
 * comes back. The message shape is the one portals send such services (not an official
 * specification; see the README).
 * @param {object} options
 * @param {string} [options.url='wss://127.0.0.1:8987']
 * @param {string} options.uploadHandler the portal's URL that receives the signed file
 * @param {(reply: {fileName: string, fileServer: string}) => Promise<Blob|ArrayBuffer|ArrayBufferView>} options.fetchSigned
 *   gets the signed file back from the portal after the upload
 * @param {string} [options.sessionId=''] @param {string} [options.jwtToken]
 * @param {string} [options.operation='SignPDF'] @param {number} [options.timeoutMs=300000]
 */
export function vgcaStyleBridge({ url = 'wss://127.0.0.1:8987', uploadHandler, fetchSigned, sessionId = '', jwtToken, operation = 'SignPDF', timeoutMs = 300_000 } = {}) {
  if (typeof uploadHandler !== 'string' || !uploadHandler) throw invalid('uploadHandler must be the URL of the portal\'s upload handler');
  if (typeof fetchSigned !== 'function') throw invalid('fetchSigned must be a function');
  const exchange = (path, message, ms) => new Promise((resolve, reject) => {
    let socket;
    try {
      socket = new WebSocket(`${url}/${path}`);
    } catch (err) {
      reject(new BridgeError(BridgeErrorCode.NOT_RUNNING, `cannot open ${url}/${path}: ${err?.message ?? err}`));
      return;
    }
    let answered = false;
    const timer = setTimeout(() => {
      answered = true;
      socket.close();
      reject(new BridgeError(BridgeErrorCode.USER_TIMEOUT, `no answer from ${url}/${path}`));
    }, ms);
    socket.onopen = () => { if (message === null) { answered = true; clearTimeout(timer); socket.close(); resolve(null); } else socket.send(message); };
    socket.onmessage = (e) => {
      answered = true;
      clearTimeout(timer);
      socket.close();
      resolve(String(e.data));
    };
    socket.onerror = () => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      reject(new BridgeError(BridgeErrorCode.NOT_RUNNING, `the signing service at ${url} did not answer`));
    };
  });
  return {
    id: 'vgca-style',
    capabilities: { digest: false, data: false, document: true, algorithms: [] },
    async detect() {
      try {
        await exchange(operation, null, 2000);
        return { id: 'vgca-style', protocol: 0, version: 'unknown' };
      } catch {
        return null;
      }
    },
    /** The service chooses the certificate itself. */
    async listCertificates() { return []; },
    async sign() {
      throw new BridgeError(BridgeErrorCode.ALG_UNSUPPORTED, 'this service signs whole files only (signDocument)');
    },
    /**
     * @param {{fileUrl: string, metadata?: Record<string, string>}} job where the service
     *   downloads the document from, and the metadata it is told
     * @returns {Promise<Uint8Array>} the signed file, fetched back from the portal
     */
    async signDocument({ fileUrl, metadata = {} }) {
      if (typeof fileUrl !== 'string' || !fileUrl) throw invalid('fileUrl must be the URL the service downloads the document from');
      const request = {
        FileUploadHandler: uploadHandler, SessionId: sessionId, FileName: fileUrl,
        MetaData: Object.entries(metadata).map(([Key, Value]) => ({ Key, Value: String(Value) })),
        ...(jwtToken ? { JWTToken: jwtToken } : {}),
      };
      const text = await exchange(operation, JSON.stringify(request), timeoutMs);
      let reply;
      try {
        reply = JSON.parse(text);
      } catch {
        throw new BridgeError(BridgeErrorCode.INTERNAL, `the service answered something else than JSON: ${text.slice(0, 80)}`);
      }
      if (Number(reply.Status) !== 0) {
        throw new BridgeError(BridgeErrorCode.INTERNAL, `the signing service refused (Status ${reply.Status}): ${reply.Message ?? ''}`);
      }
      return bytesFrom(await fetchSigned({ fileName: reply.FileName ?? '', fileServer: reply.FileServer ?? '' }), 'the signed file');
    },
  };
}

/**
 * Signs through a whole-file service (vgcaStyleBridge): the service downloads the document from
 * `fileUrl`, signs and uploads it; the signed file, fetched back, is verified here. `original`
 * (the document's bytes, when the page has them) tells whether the service kept them as they
 * were — an incremental update — so that earlier signatures stay valid.
 * @returns {Promise<{pdf: Uint8Array, report: object, originalKept: boolean|null}>}
 */
export async function signWholeFile(bridge, { fileUrl, metadata, original, trust = [], defaultTrust = true, name = 'document.pdf', signal } = {}) {
  if (!bridge || typeof bridge.signDocument !== 'function') throw invalid('bridge must sign documents (signDocument)');
  const pdf = await bridge.signDocument({ fileUrl, metadata });
  const report = await verify(pdf, { trust, defaultTrust, name, signal });
  const mine = report.signatures.at(-1);
  if (!mine || mine.intact !== true || mine.signatureValid !== true) {
    throw new DocError(ErrorCode.SIGNING_FAILED, `the signed file does not verify (${mine?.indication ?? 'no signature'} ${mine?.subIndication ?? ''})`);
  }
  let originalKept = null;
  if (original !== undefined) {
    const o = await bytesFrom(original, 'original');
    originalKept = o.length <= pdf.length && o.every((b, i) => pdf[i] === b);
  }
  return { pdf, report, originalKept };
}
