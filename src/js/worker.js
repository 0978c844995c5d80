// The vanban worker in a browser (a module Web Worker started by platform.js).
import { startWorker } from './worker-core.js';

startWorker({
  post: (message, transfer) => self.postMessage(message, transfer ?? []),
  listen: (handle) => { self.onmessage = (event) => handle(event.data); },
});
