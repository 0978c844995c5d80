// A portal's use of every export of the package, type-checked by `tsc --strict`
// (tests/js/types.test.mjs): the declarations must accept what the functions accept and describe
// what they return, so that they cannot drift silently.
import {
  ALGORITHMS, ENGINES, TRANSPORTS, TEXT_FORMATS, BridgeError, BridgeErrorCode, CancelledError, DocError, ErrorCode,
  configure, hashFile, terminate, extractText, verify, preparePdfSignature, finishPdfSignature, sign, importSoftKey,
  softKeyBridge, digestFingerprint, vanbanBridge, vgcaStyleBridge, signWholeFile, formatReport, parseName, zonedTime,
  visibleText, LIMITS,
} from '../../pkg/index.js';
import type {
  Block, CheckId, HashFileResult, Indication, Notice, SignatureReport, SigningBridge, SubIndication, VanbanDocument,
  VerificationReport, BridgeErrorCodeValue, ErrorCodeValue, Limits,
} from '../../pkg/index.js';

export async function portal(file: File, pem: string, key: CryptoKey): Promise<string[]> {
  const out: string[] = [...ALGORITHMS, ...ENGINES, ...TRANSPORTS, ...TEXT_FORMATS];
  configure({ assetBase: '/static/vanban/' });
  configure({ assetBase: null });
  const hashed: HashFileResult = await hashFile(file, { algorithms: ['SHA-256', 'SHA-512'], onProgress: (p) => out.push(String(p.fraction)) });
  out.push(hashed.digests['SHA-256']?.hex ?? '', hashed.engine);

  const defaults: Readonly<Limits> = LIMITS;
  out.push(String(defaults.maxInputBytes));
  const text: string = await extractText(file, { format: 'markdown', omitSignatureStamps: true, signedRevision: 0, limits: { maxInputBytes: 50 << 20 } });
  const doc: VanbanDocument = await extractText(file, { format: 'json', onNotice: (n: Notice) => out.push(String(n.page)) });
  const walk = (b: Block): number => (b.type === 'table' ? b.rows.length : 1);
  out.push(text, String(doc.body.map(walk).length));

  const report: VerificationReport = await verify(file, { trust: [pem], defaultTrust: false, at: new Date(), policy: { weak: 'indeterminate' }, name: file.name, limits: { maxSignatures: 10 } });
  for (const s of report.signatures) {
    const sig: SignatureReport = s;
    const indication: Indication = sig.indication;
    const sub: SubIndication | null = sig.subIndication;
    const missing: CheckId[] = sig.missingChecks;
    const ids: CheckId[] = sig.checks.map((c) => c.id);
    out.push(indication, sub ?? '', ...missing, ...ids, sig.signer?.subject ?? '', String(sig.signedLength));
  }
  out.push(String(report.document?.displayedIsSigned));
  const clerk = formatReport(report, { locale: 'en', readerTimeZone: 'Europe/Paris' });
  out.push(clerk.verdict, ...clerk.signatures.map((s) => `${s.verdict} ${s.signer?.name ?? ''} ${s.claimedSigningTime?.signer?.iso ?? ''}`));
  out.push(parseName('CN=A,O=B').organization ?? '', zonedTime(new Date())?.iso ?? '', visibleText('\u202e'));

  const bytes = new Uint8Array(await file.arrayBuffer());
  const prepared = await preparePdfSignature(bytes, { certificateChain: [pem] });
  const finished: Uint8Array = await finishPdfSignature(prepared.state, new Uint8Array(256));
  out.push(String(finished.length), digestFingerprint(prepared.digest));

  const soft: SigningBridge = softKeyBridge({ privateKey: key, certificate: pem });
  const token = vanbanBridge({ url: 'http://127.0.0.1:9797', onConfirm: ({ fingerprint }) => out.push(fingerprint) });
  const asked = await token.pair();
  if (asked.pending) await token.confirmPairing('123 456');
  const [certificate] = await token.listCertificates();
  if (certificate) {
    const { pdf, report: signed } = await sign(bytes, { bridge: soft, certificate, reason: 'Phê duyệt', documentName: file.name });
    out.push(String(pdf.length), signed.signatures[0]?.indication ?? '');
  }
  const vgca = vgcaStyleBridge({ uploadHandler: 'https://portal.example/upload', fetchSigned: async ({ fileName }) => new Blob([fileName]) });
  const whole = await signWholeFile(vgca, { fileUrl: 'https://portal.example/file.pdf' });
  out.push(String(whole.originalKept));
  out.push(String((await importSoftKey(pem)).type));

  try {
    await terminate();
  } catch (err) {
    if (err instanceof BridgeError) {
      const code: BridgeErrorCodeValue = err.code;
      out.push(code, String(err.retriesLeft), String(err.retryAfter), BridgeErrorCode.BUSY);
    } else if (err instanceof CancelledError) {
      out.push(err.code);
    } else if (err instanceof DocError) {
      const code: ErrorCodeValue = err.code;
      out.push(code, ErrorCode.WORKER_FAILED);
    }
  }
  return out;
}
