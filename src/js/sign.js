// Signing a PDF in the page: the core prepares the document and the bytes to sign, a bridge
// (bridges/) performs only the private-key operation, the core embeds the signature, and the
// verifier checks the result before it is returned.

import { BridgeError, BridgeErrorCode, CancelledError, DocError, ErrorCode } from './errors.js';
import { platformDigest, runJob } from './client.js';
import { bytesFrom, bytesOf, checkLimits, checkSize, invalid } from './util.js';
import { verify } from './verify.js';

/** PEM text or bytes → bytes (PEM stays text: the core reads both). */
function certificateBytes(c, what) {
  if (typeof c === 'string') return new TextEncoder().encode(c);
  if (c instanceof ArrayBuffer || ArrayBuffer.isView(c)) return bytesOf(c, what).slice();
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
 * @param {Partial<Record<string, number>>} [options.limits] the core's limits (LIMITS)
 * @param {AbortSignal} [options.signal]
 * @returns {Promise<{dataToSign: Uint8Array, digest: Uint8Array, digestAlgorithm: string, scheme: string, state: Uint8Array}>}
 */
export async function preparePdfSignature(pdf, options = {}) {
  const {
    certificateChain, signingTime = new Date(), reason = '', location = '', contactInfo = '', name = '',
    fieldName = '', hash = 'SHA-256', signatureAlgorithm = '', timestampRoom = false, revocationRoom = 0,
    appearance = 'invisible', limits, signal,
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
  const core = {
    certificateChain: certificateChain.map((c, i) => certificateBytes(c, `certificateChain[${i}]`)),
    signingTime: Math.floor(signingTime.getTime() / 1000), hash, signatureAlgorithm, reason, location, contactInfo,
    name, fieldName, timestampRoom: !!timestampRoom, revocationRoom: Number(revocationRoom) || 0,
    appearance: visible ?? undefined, limits: checkLimits(limits),
  };
  const bytes = await bytesFrom(pdf, 'pdf');
  checkSize(bytes.byteLength, core.limits);
  const buf = bytes.slice().buffer;
  return runJob({ type: 'signPrepare', buf, options: core }, signal, [buf]);
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
  const st = bytesOf(state, 'state').slice();
  const list = (a, what) => {
    if (!Array.isArray(a)) throw invalid(`${what} must be an array`);
    return a.map((x, i) => bytesOf(x, `${what}[${i}]`).slice());
  };
  const core = {
    signature: bytesOf(signature, 'signature').slice(),
    timestampToken: timestampToken ? bytesOf(timestampToken, 'timestampToken').slice() : undefined,
    crls: list(crls, 'crls'), ocspResponses: list(ocspResponses, 'ocspResponses'),
  };
  return runJob({ type: 'signFinish', buf: st.buffer, options: core }, signal, [st.buffer]);
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
    hash = 'SHA-256', limits, signal, ...rest
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
    ...rest, hash, limits, certificateChain: chain, timestampRoom: !!timestamp,
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
  const report = await verify(signed, { trust, defaultTrust, name, limits, signal });
  const mine = report.signatures.at(-1);
  if (!mine || mine.intact !== true || mine.signatureValid !== true) {
    throw new DocError(ErrorCode.SIGNING_FAILED, `the signed PDF does not verify (${mine?.indication ?? 'no signature'} ${mine?.subIndication ?? ''})`);
  }
  return { pdf: signed, report };
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
