// What differs between a browser and Node, for glue.js: how the worker starts and whether
// node:crypto exists. This module is the browser's (it names no node: module, so bundlers have
// nothing to externalise); node.js installs Node's (platform.node.js) before glue.js runs.

export const platform = {
  isNode: false,
  /**
   * Starts the worker: beside this module (a literal `new URL(…, import.meta.url)` inside
   * `new Worker(…)`, which Vite, webpack and Rollup bundle and copy) or from `assetBase`.
   * @param {URL|null} assetBase
   * @returns {Promise<{worker: Worker, url: string}>}
   */
  async spawnWorker(assetBase) {
    if (assetBase) {
      const url = new URL('worker.js', assetBase);
      return { worker: new Worker(url, { type: 'module' }), url: url.href };
    }
    return { worker: new Worker(new URL('./worker.js', import.meta.url), { type: 'module' }), url: 'worker.js' };
  },
  /** node:crypto, or null. */
  async nodeCrypto() {
    return null;
  },
};

/** Replaces the platform's functions (node.js, for Node). */
export function usePlatform(p) {
  Object.assign(platform, p);
}
