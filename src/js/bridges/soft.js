// A signing bridge over a WebCrypto key in the page, for development and tests.

import { BridgeError, BridgeErrorCode } from '../errors.js';
import { platformDigest } from '../client.js';
import { bytesOf, fromBase64, invalid, toHex } from '../util.js';

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
  return fromBase64(b64);
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
      cert.certId ??= toHex(await platformDigest('SHA-256', cert.certificate));
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
