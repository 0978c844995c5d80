// Helpers shared by the benchmarks.

/** Median of a list of numbers. */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Deterministic incompressible bytes (xorshift32), fast enough for hundreds of MiB. */
export function pseudoRandomBytes(size, seed = 1) {
  const out = new Uint8Array(size);
  const words = new Uint32Array(out.buffer, 0, size >> 2);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    words[i] = x;
  }
  for (let i = words.length * 4; i < size; i++) out[i] = i & 0xff;
  return out;
}

export function toHex(buf) {
  return Buffer.from(buf instanceof ArrayBuffer ? new Uint8Array(buf) : buf).toString('hex');
}

/** MiB/s for `bytes` hashed in `ms`. */
export const mibPerSec = (bytes, ms) => bytes / 2 ** 20 / (ms / 1000);
