// vanban for Node (the package's "node" export condition): Node's platform installed first
// (worker_threads, node:crypto), then the same API as index.js.
import './platform.node.js';

export * from './glue.js';
