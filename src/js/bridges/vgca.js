// A whole-file signing service in the manner of the VGCA Sign Service (WebSocket on
// 127.0.0.1): the document goes through that program and the portal's server.

import { BridgeError, BridgeErrorCode } from '../errors.js';
import { bytesFrom, invalid } from '../util.js';

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
