// vanban-bridge for the JS and browser tiers: a SoftHSM2 token made by
// bridge/tests/softhsm-token.sh (the test signers' keys, PIN 1234), the bridge binary built by
// `cargo build -p vanban-bridge` started on a free port with it.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;

/**
 * Starts a bridge whose PIN source says `pin`, with extra arguments (`--allow ORIGIN`,
 * `--allow-insecure ORIGIN`); resolves with its URL and a `stop()` that also removes the token.
 */
export async function startTokenBridge(pin, args) {
  const dir = mkdtempSync(join(tmpdir(), 'vanban-token-'));
  const conf = execFileSync(`${root}bridge/tests/softhsm-token.sh`, [dir], { encoding: 'utf8' }).trim();
  const child = spawn(`${root}target/debug/vanban-bridge`, [
    '--module', '/usr/lib/softhsm/libsofthsm2.so', '--port', '0', '--pin-env', 'VANBAN_TEST_PIN', '--unattended', ...args,
  ], { env: { ...process.env, SOFTHSM2_CONF: conf, VANBAN_TEST_PIN: pin }, stdio: ['ignore', 'pipe', 'pipe'] });
  // The console (stderr) is read all along: what it says is kept for the tests (pairing codes,
  // prompts), and an unread pipe would block the bridge once full.
  let said = '';
  child.stderr.on('data', (d) => { said += d; });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`vanban-bridge exited (${code})`)));
  });
  return {
    url,
    /** What the bridge's console said so far. */
    said: () => said,
    /** The pairing code the console shows for `origin` (waits up to 5 s for it). */
    async codeFor(origin) {
      const until = Date.now() + 5000;
      for (;;) {
        const at = said.lastIndexOf(`the site ${origin} asks to use`);
        const m = at >= 0 && /type this code into its page:\s+(\d{3}) (\d{3})/.exec(said.slice(at));
        if (m) return m[1] + m[2];
        if (Date.now() > until) throw new Error(`no pairing code for ${origin} on the console:\n${said}`);
        await new Promise((r) => { setTimeout(r, 50); });
      }
    },
    stop() {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
