// Node's platform for glue.js (see platform.js): the worker is a worker_threads Worker running
// worker.node.js, and node:crypto hashes on the calling thread. Imported by node.js only.
import { usePlatform } from './platform.js';

usePlatform({
  isNode: true,
  async spawnWorker(assetBase) {
    const { Worker } = await import('node:worker_threads');
    const url = assetBase ? new URL('worker.node.js', assetBase) : new URL('./worker.node.js', import.meta.url);
    return { worker: new Worker(url), url: url.href };
  },
  nodeCrypto: () => import('node:crypto'),
});
