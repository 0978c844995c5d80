// The page's side of the worker: started on first use, restarted after a crash, one job per
// call. A worker that fails to start rejects every waiting and later call with
// ERR_WORKER_FAILED naming its URL.

import { CancelledError, DocError, ErrorCode, deserializeError } from './errors.js';
import { platform } from './platform.js';
import { fromHex, invalid, nativeDigester } from './util.js';

export const isNode = platform.isNode;

/** Where the worker and the wasm files are served from, when not beside this module. */
let assetBase = null;

/**
 * Package-wide settings. `assetBase`: the URL of a directory serving `worker.js`, the four
 * `.wasm` files and the modules worker.js imports — for a CDN or a strict CSP. Without it they
 * are loaded beside this module, by URLs bundlers see and copy. Takes effect for the next worker
 * started (`terminate()` stops the current one).
 * @param {{assetBase?: string|URL|null}} options
 */
export function configure({ assetBase: base } = {}) {
  if (base !== undefined) {
    if (base !== null && typeof base !== 'string' && !(base instanceof URL)) throw invalid('assetBase must be a URL or null');
    assetBase = base === null ? null : new URL(String(base), globalThis.location?.href);
    if (assetBase && !assetBase.pathname.endsWith('/')) assetBase = new URL(`${assetBase.href}/`);
  }
}

/** How long a worker may take to start before every call waiting for it fails. */
const WORKER_START_MS = 20_000;

/**
 * Piece buffers the worker has sent back, reused for the next PDF (verify.js): memory this
 * thread has written before costs no page faults (on a virtual machine, writing 8 MiB of fresh
 * memory took 8 ms where copying into used memory took 1 ms). At most POOL_MAX kept (a 16 MiB
 * file's pieces), dropped when idle.
 */
export const piecePool = [];
const POOL_MAX = 16;
let poolTimer = null;

function keepPiece(buf) {
  if (piecePool.length >= POOL_MAX) return;
  piecePool.push(buf);
  clearTimeout(poolTimer);
  poolTimer = setTimeout(() => { piecePool.length = 0; }, 10_000);
  poolTimer.unref?.();
}

/** The shared worker and the jobs it runs. */
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

export const client = new WorkerClient();

/** Stops the worker (pending jobs reject with CancelledError). The next call starts a new one. */
export function terminate() {
  return client.terminate();
}

/** Posts one job to the worker and resolves with its result; `onNotices` sees the job's notices
 * first (an exception it throws rejects the job). `transfer` defaults to the job's `buf`. */
export function runJob(message, signal, transfer, onNotices) {
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
    client.post({ ...message, id }, transfer ?? (message.buf ? [message.buf] : []));
  });
}

let nodeCryptoModule;
/** node:crypto in Node (loaded once), null in a browser. */
export async function nodeCrypto() {
  if (!isNode) return null;
  nodeCryptoModule ??= await platform.nodeCrypto();
  return nodeCryptoModule;
}

/** A digest by the platform: node:crypto in Node, WebCrypto in a browser. */
export async function platformDigest(algorithm, bytes) {
  const digest = nativeDigester(await nodeCrypto());
  if (!digest) throw new DocError(ErrorCode.UNSUPPORTED_ALGORITHM, 'no platform digest (WebCrypto) is available');
  return fromHex(await digest(algorithm, bytes));
}
