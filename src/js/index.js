// vanban for browsers and bundlers (the package's default entry). Node gets node.js by the
// "node" export condition; both export the same API (glue.js).
export * from './glue.js';
