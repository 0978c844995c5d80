// What the page's modules and the worker share: digest names, hex and base64, format sniffing,
// byte views, and the one options object each job carries to the core (`coreOptions`), built
// and checked here once so that the worker and the wasm only pass it on.

import { DocError, ErrorCode } from './errors.js';

/** Digest algorithms, as WebCrypto names them. */
export const ALGORITHMS = Object.freeze(['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512']);

/** WebCrypto's digest names → node:crypto's. */
export const NODE_DIGESTS = Object.freeze({ 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' });

/** The core's limits (`Limits`, src/limits.rs) by their JavaScript names, with their defaults. */
export const LIMITS = Object.freeze({
  maxInputBytes: 512 * 1024 * 1024,
  maxDecompressedBytesPerStream: 64 * 1024 * 1024,
  maxDecompressedBytesTotal: 512 * 1024 * 1024,
  maxDecompressionRatio: 200,
  maxZipEntries: 10_000,
  maxDepth: 64,
  maxXrefChain: 256,
  maxObjects: 1_000_000,
  maxSignatures: 100,
  maxChainLength: 10,
  maxCertificates: 5_000,
});
/** The limits the core keeps as 32-bit counts. */
const LIMITS_U32 = new Set(['maxZipEntries', 'maxDepth', 'maxXrefChain', 'maxObjects', 'maxSignatures', 'maxChainLength', 'maxCertificates']);

export function invalid(message) {
  return new DocError(ErrorCode.INVALID_ARGUMENT, message);
}

/**
 * A caller's `limits` checked (each a known field, a whole number in range) and completed with
 * the defaults: what every job sends to the core.
 * @param {Record<string, number>|undefined} limits
 * @returns {Record<string, number>}
 */
export function checkLimits(limits) {
  if (limits === undefined) return { ...LIMITS };
  if (typeof limits !== 'object' || limits === null || Array.isArray(limits)) throw invalid('limits must be an object such as {maxInputBytes: 104857600}');
  const out = { ...LIMITS };
  for (const [key, value] of Object.entries(limits)) {
    if (!(key in LIMITS)) throw invalid(`limits.${key} is not a limit vanban has; the limits are ${Object.keys(LIMITS).join(', ')}`);
    const max = LIMITS_U32.has(key) ? 2 ** 32 - 1 : Number.MAX_SAFE_INTEGER;
    if (!Number.isInteger(value) || value < 0 || value > max) throw invalid(`limits.${key} must be a whole number from 0 to ${max}`);
    out[key] = value;
  }
  return out;
}

/**
 * The verification options every verify job carries to the core, checked once here.
 * @returns {{name: string, trust: string, defaultTrust: boolean, at: number, weakIndeterminate: boolean, limits: Record<string, number>}}
 */
export function verifyOptions({ name = '', trust = [], defaultTrust = true, at = new Date(), policy = {}, limits } = {}) {
  if (typeof name !== 'string') throw invalid('name must be a string');
  if (!Array.isArray(trust)) throw invalid('trust must be an array');
  if (typeof defaultTrust !== 'boolean') throw invalid('defaultTrust must be true or false');
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw invalid('at must be a valid Date');
  const weak = policy?.weak ?? 'warning';
  if (weak !== 'warning' && weak !== 'indeterminate') throw invalid("policy.weak must be 'warning' or 'indeterminate'");
  return {
    name, trust: trust.map(anchorPem).join('\n'), defaultTrust, at: Math.floor(at.getTime() / 1000),
    weakIndeterminate: weak === 'indeterminate', limits: checkLimits(limits),
  };
}

/** Bytes or text of a trust anchor → PEM text (DER is wrapped, PEM passes as it is). */
export function anchorPem(anchor) {
  if (typeof anchor === 'string') return anchor;
  const bytes = anchor instanceof ArrayBuffer ? new Uint8Array(anchor)
    : ArrayBuffer.isView(anchor) ? new Uint8Array(anchor.buffer, anchor.byteOffset, anchor.byteLength) : null;
  if (!bytes) throw invalid('trust must hold PEM strings or certificate bytes');
  if (bytes[0] === 0x2d) return new TextDecoder().decode(bytes); // "-----BEGIN"
  const b64 = toBase64(bytes).replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${b64}-----END CERTIFICATE-----\n`;
}

/** bytes → lower-case hex. */
export function toHex(bytes) {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** hex → bytes. */
export function fromHex(hex) {
  return Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
}

/** bytes → base64. */
export function toBase64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** base64 → bytes. */
export function fromBase64(text) {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** Whether the first KiB holds `%PDF-` (where PDF readers look for it). */
export function looksLikePdf(bytes) {
  const head = bytes.subarray(0, 1024);
  for (let i = 0; i + 5 <= head.length; i++) {
    if (head[i] === 0x25 && head[i + 1] === 0x50 && head[i + 2] === 0x44 && head[i + 3] === 0x46 && head[i + 4] === 0x2d) return true;
  }
  return false;
}

/** A Uint8Array over caller bytes (no copy), or null for a Blob; `what` names the argument. */
export function bytesOf(input, what = 'input') {
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (typeof Blob !== 'undefined' && input instanceof Blob) return null;
  throw invalid(`${what} must be a Blob, File, ArrayBuffer or typed array`);
}

/** A Uint8Array over a Blob's, ArrayBuffer's or view's bytes (a Blob is read). */
export async function bytesFrom(input, what) {
  return bytesOf(input, what) ?? new Uint8Array(await input.arrayBuffer());
}

/** The input as a Blob (bytes wrapped). */
export function toBlob(input) {
  if (typeof Blob !== 'undefined' && input instanceof Blob) return input;
  if (input instanceof ArrayBuffer || ArrayBuffer.isView(input)) return new Blob([input]);
  throw invalid('input must be a Blob, File, ArrayBuffer or typed array');
}

/** The input larger than the caller's (or the default) `maxInputBytes`: an error naming it. */
export function checkSize(size, limits, what = 'the file') {
  if (size > limits.maxInputBytes) {
    throw new DocError(ErrorCode.LIMIT_EXCEEDED, `${what} is ${size} bytes, more than limits.maxInputBytes (${limits.maxInputBytes})`);
  }
}

/**
 * `(algorithm, bytes) → hex` by the platform's native code: node:crypto when given, else
 * WebCrypto; null when there is neither (a page over plain HTTP).
 */
export function nativeDigester(nodeCrypto) {
  if (nodeCrypto) return async (a, bytes) => nodeCrypto.createHash(NODE_DIGESTS[a]).update(bytes).digest('hex');
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  return async (a, bytes) => toHex(new Uint8Array(await subtle.digest(a, bytes)));
}
