// verify: the signatures of a file, verified in the worker's full module, and resolved to the
// VerificationReport. The caller's options become one object (util.js verifyOptions) that the
// worker hands to the core as it is; this thread hashes what the platform hashes faster.

import { CancelledError, DocError, ErrorCode } from './errors.js';
import { client, isNode, nodeCrypto, piecePool, runJob } from './client.js';
import { NODE_DIGESTS, bytesOf, checkSize, looksLikePdf, nativeDigester, toBlob, verifyOptions } from './util.js';

/** Below this size, content in memory goes to the worker (a plan round trip costs more than
 * hashing it there). */
const NATIVE_DIGEST_MIN = 256 * 1024;
/** Above this size a PDF is verified by `verifyPdfHere` in Node. */
const PDF_HERE_MIN = 256 * 1024;
/** The distance between two saved states of the whole-file SHA-256 in `verifyPdfHere`. */
const CHECKPOINT = 64 * 1024;
/** The pieces `verifyPdfHere` sends the worker. */
const PIECE = 1024 * 1024;

/**
 * Verifies the signatures of a file — a PDF, or a CMS `.p7s` (give its content as
 * `detachedContent`) or `.p7m` — and resolves to the `VerificationReport` (see index.d.ts): per
 * signature the indication derived from every check, intact / signatureValid, signer, chain,
 * claims, warnings. A bad signature is a report, not an error; errors are for input that cannot
 * be read.
 * @param {Blob|ArrayBuffer|ArrayBufferView} input
 * @param {object} [options]
 * @param {Blob|ArrayBuffer|ArrayBufferView} [options.detachedContent] what a detached signature signs
 * @param {(string|ArrayBuffer|ArrayBufferView)[]} [options.trust] extra anchors, PEM or DER
 * @param {boolean} [options.defaultTrust=true] start from the bundled Vietnamese anchors
 * @param {Date} [options.at=new Date()] the validation time
 * @param {{weak?: 'warning'|'indeterminate'}} [options.policy] what a weak algorithm (SHA-1,
 *   RSA < 2048) does: a warning (default) or INDETERMINATE
 * @param {Partial<Record<string, number>>} [options.limits] the core's limits (LIMITS)
 * @param {string} [options.name] the file name for the report (a File's own name by default)
 * @param {AbortSignal} [options.signal]
 */
export async function verify(input, options = {}) {
  const { detachedContent, signal } = options ?? {};
  // Bytes in memory are not wrapped in a Blob (that would copy them once more).
  const inMemory = input instanceof ArrayBuffer || ArrayBuffer.isView(input) ? bytesOf(input) : null;
  const blob = inMemory ? null : toBlob(input);
  const how = verifyOptions({ ...options, name: options?.name ?? (typeof blob?.name === 'string' ? blob.name : '') });
  const size = inMemory ? inMemory.byteLength : blob.size;
  checkSize(size, how.limits);
  if (signal?.aborted) throw new CancelledError();
  // A large PDF in Node: this thread hashes while the worker reads the file.
  if (detachedContent === undefined && isNode && size > PDF_HERE_MIN) {
    const head = inMemory ?? new Uint8Array(await blob.slice(0, 1024).arrayBuffer());
    if (looksLikePdf(head)) return verifyPdfHere(inMemory ?? blob, how, signal);
  }
  // Bytes are copied once (the caller keeps them); a Blob is read.
  const buf = inMemory ? inMemory.slice().buffer : await blob.arrayBuffer();
  let detached;
  let detachedDigests;
  if (detachedContent !== undefined) {
    ({ detached, detachedDigests } = await contentOrDigests(detachedContent, buf, how, signal));
  }
  if (signal?.aborted) throw new CancelledError();
  return runJob({ type: 'verify', buf, detached, options: { ...how, detachedDigests } }, signal, detached ? [buf, detached] : [buf]);
}

/**
 * A detached signature's content: hashed here by the platform's native digest (bytes in memory
 * without a copy, a Blob read once) when the core says its digests are enough (every signer has
 * signed attributes) — SHA-256, by far the most common, computed while the worker reads the
 * plan; otherwise the content itself, for the worker.
 * @returns {Promise<{detached?: ArrayBuffer, detachedDigests?: {algorithm: string, hex: string}[]}>}
 */
async function contentOrDigests(content, signatureBuf, how, signal) {
  const given = bytesOf(content, 'detachedContent');
  const size = given ? given.byteLength : content.size;
  const planned = size > NATIVE_DIGEST_MIN
    ? runJob({ type: 'plan', buf: signatureBuf.slice(0), options: { limits: how.limits } }, signal)
    : Promise.resolve([]);
  const native = (algorithms) => algorithms.length > 0 && algorithms.every((a) => a in NODE_DIGESTS);
  const crypto = await nodeCrypto();
  if (!given && crypto && size > NATIVE_DIGEST_MIN) {
    // Node: a Blob is streamed through node:crypto in one pass (reading it whole first costs as
    // much as hashing it), and read whole only when the core needs the bytes.
    const algorithms = await planned;
    if (!native(algorithms)) return { detached: await content.arrayBuffer() };
    const hashes = algorithms.map((a) => crypto.createHash(NODE_DIGESTS[a]));
    for await (const chunk of content.stream()) {
      if (signal?.aborted) throw new CancelledError();
      for (const h of hashes) h.update(chunk);
    }
    return { detachedDigests: algorithms.map((algorithm, i) => ({ algorithm, hex: hashes[i].digest('hex') })) };
  }
  const view = given ?? new Uint8Array(await content.arrayBuffer());
  const digest = size > NATIVE_DIGEST_MIN ? nativeDigester(crypto) : null;
  const early = digest ? digest('SHA-256', view) : null;
  early?.catch(() => {}); // awaited below when the plan wants it
  const algorithms = await planned;
  if (digest && native(algorithms)) {
    const detachedDigests = await Promise.all(algorithms.map(async (algorithm) => ({
      algorithm, hex: await (algorithm === 'SHA-256' ? early : digest(algorithm, view)),
    })));
    return { detachedDigests };
  }
  return { detached: given ? view.slice().buffer : view.buffer }; // a Blob's fresh buffer moves as is
}

let pdfTokens = 0;

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
  const { createHash } = await nodeCrypto();
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
    post({ type: 'pdfOpen', token, size, options: { limits: how.limits } });
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
      plan = runJob({ type: 'pdfPlan', token, options: how }, signal, []);
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
      plan = runJob({ type: 'pdfPlan', token, options: how }, signal, []);
    }
    if (signal?.aborted) throw new CancelledError();
    const fileSha256 = whole.digest('hex');
    const read = async (from, to) => (isBytes ? source.subarray(from, to) : new Uint8Array(await source.slice(from, to).arrayBuffer()));
    const digests = [];
    for (const { range, algorithms } of await plan) {
      const [a, b, end] = range;
      for (const algorithm of algorithms) {
        if (!(algorithm in NODE_DIGESTS)) continue;
        let h;
        if (algorithm === 'SHA-256') {
          let k = saved.length - 1; // the last state saved at or before `a`
          while (k > 0 && saved[k][0] > a) k--;
          h = saved[k][1].copy().update(await read(saved[k][0], a));
        } else {
          h = createHash(NODE_DIGESTS[algorithm]).update(await read(0, a));
        }
        digests.push({ range, algorithm, hex: h.update(await read(b, end)).digest('hex') });
      }
    }
    kept = false; // the verification job frees the worker's copy
    return await runJob({ type: 'pdfVerify', token, options: { ...how, digests, fileSha256 } }, signal, []);
  } finally {
    if (kept) client.post({ type: 'pdfRelease', token });
  }
}
