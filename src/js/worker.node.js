// The vanban worker in Node (a worker_threads Worker started by platform.node.js).
import { parentPort } from 'node:worker_threads';
import * as nodeCrypto from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { startWorker } from './worker-core.js';

startWorker({
  post: (message, transfer) => parentPort.postMessage(message, transfer ?? []),
  listen: (handle) => parentPort.on('message', handle),
  nodeCrypto,
  readWasm: (url) => readFile(url),
});
