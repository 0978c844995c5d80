// The vanban worker: the module runs here, off the page's main thread; worker.js starts it in
// a browser's module Web Worker, worker.node.js in a Node worker_threads Worker.
//
// Protocol (every message has `type` and, for jobs, `id`; `options` is the one options object
// util.js built on the page, handed to the core as it is, with what the worker computes added):
//   in : {type:'config', assetBase} first (the page's configure({assetBase}), or null)
//        {type:'hash', id, algorithms, engine, chunkSize, size, blob?}   blob absent = chunks follow
//        {type:'chunk', id, buf}  (ArrayBuffer, transferred; null ends the input)
//        {type:'extract', id, buf, options} (buf transferred) → result (with notices): a string,
//          or the document object for format 'json'
//        {type:'verify', id, buf, detached?, options} (buffers transferred; options.detachedDigests
//          [{algorithm, hex}] replaces `detached` when the page hashed the content) → result: the
//          VerificationReport object
//        {type:'plan', id, buf, options} → result: the digests a detached signature needs (["SHA-256"])
//        {type:'pdfOpen', token, size, options}, {type:'pdfPiece', token, buf, length}…: a PDF sent
//          in pieces (each buffer sent back: {type:'pieceBack', buf}), kept under `token` for
//        {type:'pdfPlan', id, token, options} → result: [{range: [a, b, end], algorithms}]
//        {type:'pdfVerify', id, token, options (with digests, fileSha256)} → result: the report
//        {type:'pdfRelease', token}: the kept PDF is not needed after all
//        {type:'signPrepare', id, buf, options} → result: {dataToSign, digest, digestAlgorithm,
//          scheme, state}
//        {type:'signFinish', id, buf (the state), options (signature, timestampToken, crls,
//          ocspResponses)} → result: the signed PDF (Uint8Array)
//        {type:'cancel', id}
//   out: {type:'ready'} once, then per job {type:'progress', id, loaded} after each chunk,
//        and {type:'result', id, result} or {type:'error', id, error} (serializeError's shape).

// Two builds of the core: the text module (hashing and extraction) and the full one (the
// signatures too). Each wasm is fetched on the first job that needs it: a page that only reads
// documents never downloads the signature code.
import initText, { Hasher, extractText } from './vanban_text.js';
import initFull, { PdfVerifier, cmsDigestPlan, finishPdfSignature, preparePdfSignature, verifySignatures } from './vanban.js';
import { CancelledError, DocError, ErrorCode, serializeError } from './errors.js';
import { NODE_DIGESTS, looksLikePdf, nativeDigester, toBase64, toHex } from './util.js';

let post;
let nodeCrypto = null;
let readWasm = null;
/** Where the wasm files are, when the page said (configure({assetBase})). */
let assetBase = null;

/**
 * Runs the worker on a platform (worker.js for browsers, worker.node.js for Node): `post`
 * sends a message, `listen` installs the handler, `nodeCrypto` and `readWasm` exist in Node.
 */
export function startWorker(p) {
  post = p.post;
  nodeCrypto = p.nodeCrypto ?? null;
  readWasm = p.readWasm ?? null;
  p.listen(handle);
  post({ type: 'ready' });
}

/** Largest input that 'auto' hashes with WebCrypto's one-shot digest in a browser: WebCrypto
 * cannot stream, so the whole input is held in memory. Above it, the streaming wasm hasher keeps
 * memory constant. See BENCHMARKS.md for the measurement behind the choice. */
export const WEBCRYPTO_ONE_SHOT_MAX = 256 * 1024 * 1024;

// A module using one SIMD128 instruction (i8x16.splat, i8x16.popcnt): engines that validate it
// get the SIMD build of the core, the others (Safari before 16.4) the baseline build.
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0,
  10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);
const SIMD = WebAssembly.validate(SIMD_PROBE);
export const WASM_FILE = SIMD ? 'vanban_bg.simd.wasm' : 'vanban_bg.wasm';

/** Each module's init and wasm URL: beside this module by literal URLs (so that bundlers copy
 * all four builds), or under the page's assetBase. */
const MODULES = {
  text: {
    init: initText,
    file: SIMD ? 'vanban_text_bg.simd.wasm' : 'vanban_text_bg.wasm',
    url: () => (SIMD ? new URL('./vanban_text_bg.simd.wasm', import.meta.url) : new URL('./vanban_text_bg.wasm', import.meta.url)),
  },
  full: {
    init: initFull,
    file: WASM_FILE,
    url: () => (SIMD ? new URL('./vanban_bg.simd.wasm', import.meta.url) : new URL('./vanban_bg.wasm', import.meta.url)),
  },
};
const wasmReady = {};

/** The module `kind` ('text' or 'full'), loaded once (again after a failure). */
function loadWasm(kind = 'full') {
  const m = MODULES[kind];
  const url = assetBase ? new URL(m.file, assetBase) : m.url();
  wasmReady[kind] ??= (readWasm
    ? readWasm(url).then((bytes) => m.init({ module_or_path: bytes }))
    : m.init({ module_or_path: url })
  ).catch((err) => {
    wasmReady[kind] = null; // let the next job try again
    throw new DocError(ErrorCode.WORKER_FAILED, `could not load ${url.href}: ${err?.message ?? err}. Check that it is served `
      + '(assetBase), as application/wasm, and that the Content-Security-Policy allows \'wasm-unsafe-eval\'', { cause: err });
  });
  return wasmReady[kind];
}

const jobs = new Map();

function handle(message) {
  const job = jobs.get(message.id);
  switch (message.type) {
    case 'config':
      assetBase = message.assetBase ? new URL(message.assetBase) : null;
      for (const k of Object.keys(wasmReady)) wasmReady[k] = null;
      break;
    case 'hash':
      startJob(message);
      break;
    case 'extract':
      extractJob(message);
      break;
    case 'verify':
      verifyJob(message);
      break;
    case 'plan':
      planJob(message);
      break;
    case 'pdfPlan':
      pdfPlanJob(message);
      break;
    case 'pdfVerify':
      pdfVerifyJob(message);
      break;
    case 'signPrepare':
      signPrepareJob(message);
      break;
    case 'signFinish':
      signFinishJob(message);
      break;
    case 'pdfOpen':
      pdfOpen(message);
      break;
    case 'pdfPiece':
      pdfPiece(message);
      break;
    case 'pdfRelease':
      pdfRelease(message.token);
      break;
    case 'chunk':
      job?.feed.push(message.buf);
      break;
    case 'cancel':
      if (job) {
        job.cancelled = true;
        job.feed.close();
      }
      break;
    default:
      break;
  }
}

/** A queue of chunks pushed by the page (for inputs that cannot be posted as a Blob). */
class Feed {
  constructor() {
    this.items = [];
    this.waiter = null;
    this.closed = false;
  }
  push(buf) {
    this.items.push(buf);
    this.wake();
  }
  close() {
    this.closed = true;
    this.wake();
  }
  wake() {
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w();
    }
  }
  async next() {
    while (this.items.length === 0 && !this.closed) {
      await new Promise((resolve) => { this.waiter = resolve; });
    }
    return this.items.length ? this.items.shift() : null;
  }
}

/** Chunks of a Blob, reading the next while the current one is hashed. */
async function* blobChunks(blob, chunkSize) {
  let offset = 0;
  const read = (start) => blob.slice(start, Math.min(start + chunkSize, blob.size)).arrayBuffer();
  let pending = blob.size > 0 ? read(0) : null;
  while (pending) {
    const buf = await pending;
    offset += buf.byteLength;
    pending = offset < blob.size ? read(offset) : null;
    yield buf;
  }
}

async function* feedChunks(feed) {
  for (;;) {
    const buf = await feed.next();
    if (buf === null) return;
    yield buf;
  }
}

function chooseEngine(requested, size) {
  if (requested !== 'auto') return requested;
  if (nodeCrypto) return 'node';
  if (globalThis.crypto?.subtle && size <= WEBCRYPTO_ONE_SHOT_MAX) return 'webcrypto';
  return 'wasm';
}

async function startJob(message) {
  const { id } = message;
  const job = { cancelled: false, feed: new Feed() };
  jobs.set(id, job);
  try {
    const engine = chooseEngine(message.engine, message.size);
    const source = message.blob
      ? blobChunks(message.blob, message.chunkSize)
      : feedChunks(job.feed);
    const digests = await ENGINES[engine](message.algorithms, source, message.size, job, id);
    if (job.cancelled) throw new CancelledError();
    post({ type: 'result', id, result: { size: message.size, engine, digests } });
  } catch (err) {
    post({ type: 'error', id, error: serializeError(toDocError(err)) });
  } finally {
    jobs.delete(id);
  }
}

async function extractJob({ id, buf, options }) {
  try {
    await loadWasm('text');
    const [out, notices] = extractText(new Uint8Array(buf), options);
    post({ type: 'result', id, result: options?.format === 'json' ? JSON.parse(out) : out, notices: JSON.parse(notices) });
  } catch (err) {
    post({ type: 'error', id, error: serializeError(toDocError(err)) });
  }
}

/** Below this size a PDF's signed ranges are hashed in wasm (the plan costs more). */
const PDF_NATIVE_MIN = 256 * 1024;

/** The digest of bytes [0, a) and [b, end) by the platform. */
async function rangeDigest(algorithm, bytes, a, b, end) {
  if (nodeCrypto) {
    return nodeCrypto.createHash(NODE_DIGESTS[algorithm]).update(bytes.subarray(0, a)).update(bytes.subarray(b, end)).digest('hex');
  }
  const joined = new Uint8Array(a + (end - b));
  joined.set(bytes.subarray(0, a));
  joined.set(bytes.subarray(b, end), a);
  return toHex(new Uint8Array(await globalThis.crypto.subtle.digest(algorithm, joined)));
}

/** A PDF: the core says which byte ranges its signatures cover and with which digests, the
 * platform hashes them, the core verifies the rest. */
async function verifyPdf(data, options) {
  // The report's SHA-256 of the whole file, by WebCrypto: off this thread (Node's thread pool,
  // the browser's own), as are the signed ranges' digests, while this thread verifies ahead
  // with the digests the signatures claim (kept only if the real ones equal them).
  const whole = globalThis.crypto?.subtle ? globalThis.crypto.subtle.digest('SHA-256', data).then((d) => toHex(new Uint8Array(d))) : Promise.resolve(undefined);
  const verifier = new PdfVerifier(data);
  try {
    const pending = [];
    for (const { range, algorithms } of verifier.plan(options)) {
      const [a, b, end] = range;
      for (const algorithm of algorithms) {
        if (algorithm in NODE_DIGESTS) pending.push(rangeDigest(algorithm, data, a, b, end).then((hex) => ({ range, algorithm, hex })));
      }
    }
    try {
      verifier.speculate(options);
    } catch {
      // verify() below verifies as usual and reports the error
    }
    const digests = await Promise.all(pending);
    return verifier.verify({ ...options, digests, fileSha256: await whole });
  } finally {
    verifier.free();
  }
}

async function signPrepareJob({ id, buf, options }) {
  try {
    await loadWasm();
    const p = preparePdfSignature(new Uint8Array(buf), options);
    const result = { dataToSign: p.dataToSign, digest: p.digest, digestAlgorithm: p.digestAlgorithm, scheme: p.scheme, state: p.state };
    post({ type: 'result', id, result }, [p.dataToSign.buffer, p.digest.buffer, p.state.buffer]);
  } catch (err) {
    post({ type: 'error', id, error: serializeError(toDocError(err)) });
  }
}

async function signFinishJob({ id, buf, options }) {
  try {
    await loadWasm();
    const signed = finishPdfSignature(new Uint8Array(buf), options.signature, options);
    post({ type: 'result', id, result: signed }, [signed.buffer]);
  } catch (err) {
    post({ type: 'error', id, error: serializeError(toDocError(err)) });
  }
}

/** PDFs sent in pieces by index.js `verifyPdfHere`, by token: each a promise of the core's
 * PdfVerifier, pieces appended in order. */
const pdfs = new Map();

function pdfOpen({ token, size, options }) {
  pdfs.set(token, loadWasm().then(() => PdfVerifier.with_capacity(size, options)));
}

function pdfPiece({ token, buf, length }) {
  const verifier = pdfs.get(token);
  if (!verifier) return;
  pdfs.set(token, verifier.then(async (v) => {
    // Copied once, straight onto the core's copy (memory.buffer read after the room is made:
    // growing the memory replaces it).
    const { memory } = await loadWasm();
    const at = v.reserve(length);
    new Uint8Array(memory.buffer, at, length).set(new Uint8Array(buf, 0, length));
    post({ type: 'pieceBack', buf }, [buf]); // for the page's next PDF
    return v;
  }));
}

async function pdfPlanJob({ id, token, options }) {
  let verifier;
  try {
    verifier = await pdfs.get(token);
    if (!verifier) throw new DocError(ErrorCode.INTERNAL, 'no PDF was sent for this plan');
    post({ type: 'result', id, result: verifier.plan(options) });
  } catch (err) {
    post({ type: 'error', id, error: serializeError(toDocError(err)) });
    return;
  }
  // While the page hashes: verify with the digests the signatures claim; pdfVerify keeps this
  // only if the real digests equal them.
  try {
    verifier.speculate(options);
  } catch {
    // pdfVerify verifies as usual and reports the error
  }
}

async function pdfRelease(token) {
  const verifier = pdfs.get(token);
  pdfs.delete(token);
  (await verifier?.catch(() => null))?.free();
}

async function pdfVerifyJob({ id, token, options }) {
  const pending = pdfs.get(token);
  pdfs.delete(token);
  let verifier;
  try {
    verifier = await pending;
    if (!verifier) throw new DocError(ErrorCode.INTERNAL, 'no PDF is waiting for this verification');
    const out = verifier.verify(options);
    post({ type: 'result', id, result: JSON.parse(out) });
  } catch (err) {
    post({ type: 'error', id, error: serializeError(toDocError(err)) });
  } finally {
    verifier?.free();
  }
}

/** Which digests of a detached content the core needs ([] when it needs the content). */
async function planJob({ id, buf, options }) {
  try {
    await loadWasm();
    post({ type: 'result', id, result: cmsDigestPlan(new Uint8Array(buf), options) });
  } catch (err) {
    post({ type: 'error', id, error: serializeError(toDocError(err)) });
  }
}

async function verifyJob({ id, buf, detached, options }) {
  try {
    await loadWasm();
    const data = new Uint8Array(buf);
    // A detached signature's content is hashed natively when the core says its digests are
    // enough (every signer has signed attributes): several times faster than copying the
    // content into wasm and hashing it there. Otherwise the content goes to the core.
    const core = { ...options };
    const digest = nativeDigester(nodeCrypto);
    if (detached) {
      const plan = cmsDigestPlan(data, options);
      if (plan.length > 0 && digest && plan.every((a) => a in NODE_DIGESTS)) {
        const bytes = new Uint8Array(detached);
        core.detachedDigests = await Promise.all(plan.map(async (algorithm) => ({ algorithm, hex: await digest(algorithm, bytes) })));
      } else {
        core.detached = new Uint8Array(detached);
      }
    }
    const out = !detached && digest && data.byteLength > PDF_NATIVE_MIN && looksLikePdf(data)
      ? await verifyPdf(data, core)
      : verifySignatures(data, core);
    post({ type: 'result', id, result: JSON.parse(out) });
  } catch (err) {
    post({ type: 'error', id, error: serializeError(toDocError(err)) });
  }
}

function toDocError(err) {
  if (err instanceof DocError) return err;
  if (err && (err.name === 'NotReadableError' || err.name === 'NotFoundError')) {
    return new DocError(ErrorCode.READ_FAILED, `could not read the file: ${err.message}`, { cause: err });
  }
  return new DocError(ErrorCode.INTERNAL, String(err && err.message ? err.message : err), { cause: err });
}

/** Runs `consume` on each chunk, reporting progress; stops at cancellation. */
async function eachChunk(source, job, id, consume) {
  let loaded = 0;
  for await (const buf of source) {
    if (job.cancelled) throw new CancelledError();
    consume(new Uint8Array(buf), loaded);
    loaded += buf.byteLength;
    post({ type: 'progress', id, loaded });
  }
  if (job.cancelled) throw new CancelledError();
  return loaded;
}

function checkSize(loaded, size) {
  if (loaded !== size) {
    throw new DocError(ErrorCode.READ_FAILED, `read ${loaded} bytes of ${size}: the file changed while it was read`);
  }
}

const ENGINES = {
  async wasm(algorithms, source, size, job, id) {
    await loadWasm('text');
    const hasher = new Hasher(algorithms);
    try {
      checkSize(await eachChunk(source, job, id, (bytes) => hasher.update(bytes)), size);
      const out = {};
      for (const d of hasher.finalize()) out[d.algorithm] = { hex: d.hex, base64: d.base64 };
      return out;
    } finally {
      hasher.free();
    }
  },

  async node(algorithms, source, size, job, id) {
    if (!nodeCrypto) throw new DocError(ErrorCode.INVALID_ARGUMENT, "engine 'node' needs Node.js");
    const hashes = algorithms.map((a) => nodeCrypto.createHash(NODE_DIGESTS[a]));
    checkSize(await eachChunk(source, job, id, (bytes) => {
      for (const h of hashes) h.update(bytes);
    }), size);
    const out = {};
    algorithms.forEach((a, i) => {
      const raw = hashes[i].digest();
      out[a] = { hex: raw.toString('hex'), base64: raw.toString('base64') };
    });
    return out;
  },

  async webcrypto(algorithms, source, size, job, id) {
    const subtle = globalThis.crypto?.subtle;
    if (!subtle) throw new DocError(ErrorCode.INVALID_ARGUMENT, "engine 'webcrypto' needs a secure context");
    const whole = new Uint8Array(size);
    checkSize(await eachChunk(source, job, id, (bytes, at) => {
      if (at + bytes.length > size) throw new DocError(ErrorCode.READ_FAILED, 'the file grew while it was read');
      whole.set(bytes, at);
    }), size);
    const out = {};
    for (const a of algorithms) {
      const raw = new Uint8Array(await subtle.digest(a, whole));
      out[a] = { hex: toHex(raw), base64: toBase64(raw) };
    }
    return out;
  },
};
