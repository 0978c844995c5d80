// Helpers shared by the benchmarks.
import { readFileSync, writeFileSync } from 'node:fs';

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

/** Current resident size of this process, MiB (Linux /proc). */
export function rssMiB() {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Peak resident size since the last resetPeakRss(), MiB (Linux VmHWM). */
export function peakRssMiB() {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Resets the kernel's peak-RSS mark of this process (writes 5 to /proc/self/clear_refs). */
export function resetPeakRss() {
  writeFileSync('/proc/self/clear_refs', '5');
}

/**
 * Measures one contender on one file in this process: three warm-up runs on `warmupFile` (so
 * JavaScript and wasm run in V8's optimising tier), then memory — the kernel's peak resident size
 * during one extraction above the size just before it (worker threads count: they share the
 * process) — then the median time of `runs` runs. `impl.run(bytes)` resolves to the text.
 */
export async function measure(impl, file, warmupFile, runs) {
  const bytes = readFileSync(file);
  const warm = readFileSync(warmupFile);
  for (let i = 0; i < 3; i++) await impl.run(new Uint8Array(warm));
  globalThis.gc?.();
  const baseline = rssMiB();
  resetPeakRss();
  await impl.run(new Uint8Array(bytes));
  const peakAboveBaselineMiB = peakRssMiB() - baseline;
  const times = [];
  let chars = 0;
  for (let i = 0; i < runs; i++) {
    const copy = new Uint8Array(bytes); // each run gets its own input, as a caller would
    const t0 = performance.now();
    const text = await impl.run(copy);
    times.push(performance.now() - t0);
    chars = text.replace(/\s/g, '').length;
  }
  await impl.done();
  return { medianMs: median(times), runs, chars, peakAboveBaselineMiB };
}
