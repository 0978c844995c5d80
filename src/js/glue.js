// vanban's public JavaScript API, gathered from its modules. The work runs in a worker (a
// module Web Worker in browsers, worker_threads in Node): client.js talks to it, util.js holds
// what the modules and the worker share, and each task has its module (hash, extract, verify,
// sign, one file per signing bridge). The entry points are index.js (browsers and bundlers) and
// node.js (Node, by the package's "node" export condition); they differ only in the platform
// they install (platform.js).

export { BridgeError, BridgeErrorCode, CancelledError, DocError, ErrorCode } from './errors.js';
export { formatReport, parseName, zonedTime, visibleText } from './format.js';
export { ALGORITHMS, LIMITS } from './util.js';
export { configure, terminate } from './client.js';
export { ENGINES, TRANSPORTS, hashFile } from './hash.js';
export { TEXT_FORMATS, extractText } from './extract.js';
export { verify } from './verify.js';
export { finishPdfSignature, preparePdfSignature, sign, signWholeFile } from './sign.js';
export { importSoftKey, softKeyBridge } from './bridges/soft.js';
export { digestFingerprint, vanbanBridge } from './bridges/vanban.js';
export { vgcaStyleBridge } from './bridges/vgca.js';
