// The throwaway apps' page code (the same for Vite, webpack and a page without a bundler): the
// four tasks a portal does with the package, results left in window.__results for the test.
import { extractText, verify, hashFile, configure } from 'vanban';

const params = new URLSearchParams(location.search);
if (params.get('assetBase')) configure({ assetBase: params.get('assetBase') });
const get = async (name) => new Uint8Array(await (await fetch(`./samples/${name}`)).arrayBuffer());
async function main() {
  const out = {};
  const t0 = performance.now();
  try {
  out.docx = await extractText(await get('cong-van-mau.docx'));
  out.pdf = await extractText(await get('thong-bao-mau.pdf'));
  const anchor = await (await fetch('./samples/vanban-test-ca.pem')).text();
  const report = await verify(await get('thong-bao-mau-da-ky.pdf'), { trust: [anchor], defaultTrust: false, name: 'thong-bao-mau-da-ky.pdf' });
  out.verify = report.signatures.map((s) => s.indication);
  out.hash = (await hashFile(new Blob([await get('thong-bao-mau.pdf')]))).digests['SHA-256'].hex;
  } catch (err) {
    out.error = { code: err?.code ?? null, message: String(err?.message ?? err), ms: performance.now() - t0 };
  }
  window.__results = out;
}

main(); // no top-level await: the apps target browsers that lack it

