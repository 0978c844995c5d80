// Typed errors of vanban. Every failure that reaches a caller is a DocError (or a subclass) with a
// stable `code`; never a bare string. Errors that cross a worker boundary are serialized with
// `serializeError` and rebuilt by name with `deserializeError`, so `instanceof` and `code` survive.
//
// The Rust core throws these through `fromCore` (imported by src/wasm/ with wasm-bindgen).

/** Codes of the core (src/error.rs ErrorKind::code) and of the JS layer. */
export const ErrorCode = Object.freeze({
  // From the Rust core.
  INVALID_ARGUMENT: 'ERR_INVALID_ARGUMENT',
  UNSUPPORTED_ALGORITHM: 'ERR_UNSUPPORTED_ALGORITHM',
  UNSUPPORTED_FORMAT: 'ERR_UNSUPPORTED_FORMAT',
  UNSUPPORTED: 'ERR_UNSUPPORTED',
  TRUNCATED: 'ERR_TRUNCATED',
  MALFORMED: 'ERR_MALFORMED',
  ENCRYPTED: 'ERR_ENCRYPTED',
  LIMIT_EXCEEDED: 'ERR_LIMIT_EXCEEDED',
  // From the JS layer.
  CANCELLED: 'ERR_CANCELLED',
  /** sign(): the document the bridge's signature went into does not verify. */
  SIGNING_FAILED: 'ERR_SIGNING_FAILED',
  READ_FAILED: 'ERR_READ_FAILED',
  WORKER_FAILED: 'ERR_WORKER_FAILED',
  INTERNAL: 'ERR_INTERNAL',
});

/**
 * Codes a signing bridge adapter throws (../shared/docs/BRIDGE.md), the same for every bridge so
 * that a portal handles them alike.
 */
export const BridgeErrorCode = Object.freeze({
  VERSION_UNSUPPORTED: 'VERSION_UNSUPPORTED',
  ORIGIN_NOT_ALLOWED: 'ORIGIN_NOT_ALLOWED',
  USER_CANCELLED: 'USER_CANCELLED',
  USER_TIMEOUT: 'USER_TIMEOUT',
  NO_TOKEN: 'NO_TOKEN',
  NO_CERTIFICATES: 'NO_CERTIFICATES',
  CERT_NOT_FOUND: 'CERT_NOT_FOUND',
  PIN_INCORRECT: 'PIN_INCORRECT',
  PIN_LOCKED: 'PIN_LOCKED',
  ALG_UNSUPPORTED: 'ALG_UNSUPPORTED',
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  TOKEN_REMOVED: 'TOKEN_REMOVED',
  BUSY: 'BUSY',
  INTERNAL: 'INTERNAL',
  /** Not running or not reachable (no answer on its address). */
  NOT_RUNNING: 'NOT_RUNNING',
});

const KNOWN_CODES = new Set(Object.values(ErrorCode));
const BRIDGE_CODES = new Set(Object.values(BridgeErrorCode));

/** Base class of every error vanban raises. */
export class DocError extends Error {
  /**
   * @param {string} code stable code, one of ErrorCode
   * @param {string} message human-readable, in English
   * @param {{offset?: number|null, cause?: unknown}} [options]
   */
  constructor(code, message, options = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DocError';
    this.code = KNOWN_CODES.has(code) ? code : ErrorCode.INTERNAL;
    /** Byte offset in the input where the core noticed the problem, or null. */
    this.offset = options.offset ?? null;
  }

  toJSON() {
    return { name: this.name, code: this.code, message: this.message, offset: this.offset };
  }
}

/** The operation was cancelled through its AbortSignal. Named AbortError, as fetch() does. */
export class CancelledError extends DocError {
  constructor(message = 'the operation was cancelled', options = {}) {
    super(ErrorCode.CANCELLED, message, options);
    this.name = 'AbortError';
  }
}

/** A signing bridge refused or failed; `code` is one of BridgeErrorCode. */
export class BridgeError extends DocError {
  /**
   * @param {string} code one of BridgeErrorCode
   * @param {string} message
   * @param {{retriesLeft?: number|null, retryAfter?: number|null, cause?: unknown}} [options]
   */
  constructor(code, message, options = {}) {
    super(ErrorCode.INTERNAL, message, options);
    this.name = 'BridgeError';
    this.code = BRIDGE_CODES.has(code) ? code : BridgeErrorCode.INTERNAL;
    /** PIN tries left, when the token says. */
    this.retriesLeft = options.retriesLeft ?? null;
    /** Seconds to wait before asking again, when the bridge says (BUSY). */
    this.retryAfter = options.retryAfter ?? null;
  }

  toJSON() {
    return { ...super.toJSON(), retriesLeft: this.retriesLeft, retryAfter: this.retryAfter };
  }
}

/** Called by the wasm layer: turns a core error into a DocError. */
export function fromCore(code, message, offset) {
  return new DocError(code, message, { offset: offset ?? null });
}

/** A plain object that survives postMessage. */
export function serializeError(err) {
  if (err instanceof DocError) return err.toJSON();
  const message = err && typeof err.message === 'string' ? err.message : String(err);
  return { name: 'DocError', code: ErrorCode.INTERNAL, message, offset: null };
}

/** Rebuilds the error class from serializeError's output. */
export function deserializeError(data) {
  if (data && data.code === ErrorCode.CANCELLED) return new CancelledError(data.message);
  if (data && data.name === 'BridgeError') return new BridgeError(data.code, data.message, { retriesLeft: data.retriesLeft });
  const code = data && typeof data.code === 'string' ? data.code : ErrorCode.INTERNAL;
  const message = data && typeof data.message === 'string' ? data.message : 'unknown error';
  return new DocError(code, message, { offset: data ? data.offset : null });
}
