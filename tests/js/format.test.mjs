// formatReport (issue 16): real reports of the demo's samples, as a clerk reads them.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { CHECK_MESSAGE_CODES } from '../../pkg/format.js';
import { generated } from '../support/pdf.mjs';
import { verify, formatReport, parseName, zonedTime, visibleText, terminate } from '../../pkg/node.js';

const at = (p) => new URL(`../../${p}`, import.meta.url).pathname;
const anchor = readFileSync(at('www/samples/vanban-test-ca.pem'), 'utf8');
const options = { trust: [anchor], defaultTrust: false, at: new Date('2026-06-01T00:00:00Z') };

after(() => terminate());

test('a valid signature: one verdict line in Vietnamese and English, the signer in parts, times in both zones', async () => {
  const report = await verify(readFileSync(at('www/samples/thong-bao-mau-da-ky.pdf')), options);
  const vi = formatReport(report, { readerTimeZone: 'Europe/Paris' });
  const [s] = vi.signatures;
  assert.equal(s.indication, 'TOTAL_PASSED');
  assert.match(s.verdict, /^Chữ ký hợp lệ: văn bản còn nguyên vẹn từ khi ký; chứng thư của Nguyễn Văn Thử dẫn về gốc tin cậy vanban Test Root CA/);
  assert.deepEqual([s.signer.name, s.signer.organization, s.signer.country], ['Nguyễn Văn Thử', 'vanban (thử nghiệm)', 'VN']);
  assert.match(vi.verdict, /^Chữ ký duy nhất hợp lệ\. Nội dung đang hiển thị đúng là nội dung chữ ký 1 đã ký\.$/);
  // The signature timestamp (genTime 2025-06-15T03:00:00Z) in Hanoi and in Paris.
  assert.equal(s.timestamp.signer.iso, '2025-06-15T10:00:00+07:00');
  assert.equal(s.timestamp.reader.iso, '2025-06-15T05:00:00+02:00');
  assert.match(s.timestamp.signer.text, /^10:00:00 ngày 15\/06\/2025 \(giờ Việt Nam, UTC\+07:00\)$/);
  assert.equal(s.timestamp.tsa, 'vanban Test TSA');
  assert.ok(s.checks.every((c) => c.label !== c.id && c.message && c.text.startsWith(`${c.label}: đạt — `)), JSON.stringify(s.checks));
  // What each check found, in Vietnamese, with its parameters (the anchor's name, the time in Hanoi).
  const path = s.checks.find((c) => c.id === 'certificatePath');
  assert.match(path.message, /^có chuỗi 2 chứng thư đến gốc tin cậy vanban Test Root CA, còn hiệu lực lúc .*giờ Việt Nam/);
  assert.match(s.checks.find((c) => c.id === 'messageDigest').message, /^giá trị băm SHA-256 của nội dung khớp với giá trị đã ký$/);
  const en = formatReport(report, { locale: 'en' });
  assert.match(en.signatures[0].verdict, /^Valid signature: the document is unchanged since it was signed; Nguyễn Văn Thử's certificate/);
  assert.equal(en.verdict, 'The only signature is valid. What is displayed is what signature 1 signed.');
});

test('a document changed after signing, and a signature whose anchor is unknown', async () => {
  const changed = formatReport(await verify(readFileSync(at('www/samples/thong-bao-mau-da-ky-sua.pdf')), options));
  assert.equal(changed.signatures[0].indication, 'TOTAL_FAILED');
  assert.match(changed.signatures[0].verdict, /văn bản đã bị sửa sau khi ký/);
  assert.match(changed.verdict, /KHÁC với nội dung chữ ký 1 đã ký/);
  const untrusted = formatReport(await verify(readFileSync(at('www/samples/thong-bao-mau-da-ky.pdf')), { ...options, trust: [] }));
  assert.equal(untrusted.signatures[0].verdict, 'Văn bản còn nguyên vẹn từ khi ký; chưa xác định được chứng thư gốc tin cậy của người ký.');
});

test('names and text are never shown raw', () => {
  const p = parseName('CN=\\E2\\80\\AEA naV neyugN,O=B\\, C,OU=Phòng\u200b 1,L=Hà Nội');
  assert.deepEqual(p, { name: '\\E2\\80\\AEA naV neyugN', organization: 'B, C', unit: 'Phòng\\u{200B} 1', locality: 'Hà Nội' });
  assert.equal(visibleText('Nguye\u0302\u0303n\u202e'), 'Nguyễn\\u{202E}');
  assert.equal(zonedTime('2026-01-01T00:00:00Z').iso, '2026-01-01T07:00:00+07:00');
  assert.equal(zonedTime('2026-01-01T00:00:00Z', 'America/New_York', 'en').iso, '2025-12-31T19:00:00-05:00');
  assert.equal(zonedTime('not a time'), null);
});

test('every check code the core has a sentence in Vietnamese and English, and real reports render every check without a gap', async () => {
  const rust = readFileSync(at('src/report.rs'), 'utf8');
  const codes = [...(/pub const CHECK_CODES: &\[&str\] = &\[([^\]]*)\]/.exec(rust)[1]).matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  assert.ok(codes.length > 40, `only ${codes.length} codes read from report.rs`);
  for (const locale of ['vi', 'en']) assert.deepEqual([...CHECK_MESSAGE_CODES[locale]].sort(), [...codes].sort(), locale);
  // Every CMS and PDF fixture's report (good, broken and hostile signatures alike), in both
  // languages: each check has its sentence, and no parameter it names is missing.
  const dir = new URL('../fixtures/cms/', import.meta.url);
  const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8'));
  const content = readFileSync(new URL(manifest.content, dir));
  const inputs = [];
  for (const s of manifest.signatures) {
    const stored = readFileSync(new URL(s.file, dir));
    inputs.push([s.file, s.file.endsWith('.zlib') ? inflateSync(stored) : stored, s.generatedContent ? generated(s.generatedContent) : content]);
  }
  // The first signature over other content, and without its content.
  inputs.push(['other content', inputs[0][1], new TextEncoder().encode('other content')], ['no content', inputs[0][1], undefined]);
  for (const p of manifest.pdf) inputs.push([p.file, readFileSync(new URL(p.file, dir)), undefined]);
  for (const f of readdirSync(new URL('../fixtures/spoof/', import.meta.url)).filter((n) => n.endsWith('.pdf'))) {
    inputs.push([f, readFileSync(new URL(`../fixtures/spoof/${f}`, import.meta.url)), undefined]);
  }
  const seen = new Set();
  for (const [name, bytes, detachedContent] of inputs) {
    const report = await verify(bytes, { detachedContent, trust: [anchor], defaultTrust: false, at: new Date(manifest.validAt) });
    for (const locale of ['vi', 'en']) {
      for (const s of formatReport(report, { locale }).signatures) {
        for (const c of s.checks) {
          seen.add(c.code);
          assert.ok(c.message, `${name}: ${c.code} has no ${locale} sentence`);
          assert.doesNotMatch(c.message, /undefined|\bnull\b|NaN|\[object/, `${name}: ${c.code} (${locale})`);
        }
      }
    }
  }
  assert.ok(seen.size >= 25, `the fixtures reached only ${seen.size} codes: ${[...seen].join(', ')}`);
});
