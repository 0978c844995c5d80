// The signing bridge of vanban-bridge, the program on the user's computer that talks PKCS#11 to
// the USB token (BRIDGE.md, protocol v1 over HTTP on 127.0.0.1).

import { BridgeError, BridgeErrorCode } from '../errors.js';
import { fromBase64, invalid, toBase64 } from '../util.js';

/**
 * The short fingerprint of a digest that vanban-bridge's PIN prompt shows: its first four bytes
 * in upper-case hex, in two groups (`"3A7F 09C2"`).
 * @param {Uint8Array} digest
 */
export function digestFingerprint(digest) {
  const hex = Array.from(digest.subarray(0, 4), (b) => b.toString(16).padStart(2, '0').toUpperCase()).join('');
  return hex.length > 4 ? `${hex.slice(0, 4)} ${hex.slice(4)}` : hex;
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
