// A verification report as a clerk reads it (issue 16): one-line verdicts per signature and per
// document, the signer as name / organisation / unit / place, times in the signer's and the
// reader's time zones, each check as a label, a result and what was found (its code and params
// as a sentence) — in Vietnamese or English. Pure functions over the report object; the core's
// English details stay beside them for experts.

const LOCALES = ['vi', 'en'];
const DEFAULT_ZONE = 'Asia/Ho_Chi_Minh';

const TEXT = {
  vi: {
    result: { passed: 'đạt', warning: 'lưu ý', indeterminate: 'chưa xác định', failed: 'không đạt' },
    checks: {
      algorithm: 'Thuật toán', algorithmPolicy: 'Độ mạnh thuật toán', algorithmProtection: 'Bảo vệ thuật toán đã ký',
      byteRange: 'Phạm vi được ký', certificatePath: 'Chuỗi chứng thư đến gốc tin cậy', contentType: 'Loại nội dung đã ký',
      digestAlgorithm: 'Thuật toán băm', fieldLock: 'Khóa trường biểu mẫu', format: 'Định dạng chữ ký',
      messageDigest: 'Giá trị băm của nội dung', modifications: 'Thay đổi sau khi ký', pdfContent: 'Nội dung PDF',
      pdfDigest: 'Giá trị băm của PDF', revocation: 'Tình trạng thu hồi chứng thư', signatureAlgorithm: 'Thuật toán chữ ký',
      signatureValue: 'Giá trị chữ ký', signedAttributes: 'Thuộc tính đã ký', signerCertificate: 'Chứng thư người ký',
      signingCertificate: 'Chứng thư người ký được nêu trong chữ ký', structure: 'Cấu trúc chữ ký',
      timestampImprint: 'Dấu thời gian khớp nội dung', signatureTimestamp: 'Dấu thời gian của chữ ký',
      contentTimestamp: 'Dấu thời gian của nội dung', archiveTimestamp: 'Dấu thời gian lưu trữ',
      subFilter: 'Kiểu chữ ký',
    },
    passed: (who, anchor) => `Chữ ký hợp lệ: văn bản còn nguyên vẹn từ khi ký; chứng thư của ${who} dẫn về gốc tin cậy${anchor ? ` ${anchor}` : ''} và chưa bị thu hồi.`,
    failed: {
      HASH_FAILURE: 'Chữ ký không hợp lệ: văn bản đã bị thay đổi sau khi ký.',
      SIG_CRYPTO_FAILURE: 'Chữ ký không hợp lệ: giá trị chữ ký không khớp với khóa của người ký.',
      FORMAT_FAILURE: 'Chữ ký không hợp lệ: chữ ký hỏng hoặc sai định dạng.',
      REVOKED: 'Chữ ký không hợp lệ: chứng thư của người ký đã bị thu hồi trước khi ký.',
      CHAIN_CONSTRAINTS_FAILURE: 'Chữ ký không hợp lệ: chứng thư của người ký không được phép dùng để ký văn bản.',
      CRYPTO_CONSTRAINTS_FAILURE: 'Chữ ký không hợp lệ: thuật toán quá yếu.',
      DISALLOWED_MODIFICATION: 'Chữ ký không còn đúng với văn bản đang hiển thị: văn bản đã bị sửa sau khi ký theo cách người ký không cho phép.',
      other: 'Chữ ký không hợp lệ.',
    },
    intact: 'Văn bản còn nguyên vẹn từ khi ký',
    notIntact: 'Chưa kiểm tra được văn bản có còn nguyên vẹn',
    undecided: {
      NO_CERTIFICATE_CHAIN_FOUND: 'chưa xác định được chứng thư gốc tin cậy của người ký',
      TRY_LATER: 'chưa xác định được tình trạng thu hồi của chứng thư (thiếu CRL hoặc OCSP)',
      OUT_OF_BOUNDS_NO_POE: 'chứng thư đã hết hạn hoặc chưa có hiệu lực và không có dấu thời gian chứng minh thời điểm ký',
      REVOKED_NO_POE: 'chứng thư đã bị thu hồi và không có bằng chứng chữ ký có trước khi thu hồi',
      REVOKED_CA_NO_POE: 'chứng thư của tổ chức cấp đã bị thu hồi và không có bằng chứng thời điểm ký',
      SIGNED_DATA_NOT_FOUND: 'chưa tìm thấy dữ liệu được ký',
      NO_SIGNING_CERTIFICATE_FOUND: 'chưa tìm thấy chứng thư của người ký',
      CRYPTO_CONSTRAINTS_FAILURE: 'thuật toán không đủ mạnh theo chính sách',
      UNSUPPORTED: 'định dạng hoặc thuật toán chưa được hỗ trợ',
      other: 'chưa đủ căn cứ để kết luận',
    },
    unknownSigner: 'người ký',
    noSignatures: 'Văn bản không có chữ ký số.',
    docAll: (n) => (n === 1 ? 'Chữ ký duy nhất hợp lệ.' : `Cả ${n} chữ ký đều hợp lệ.`),
    docSome: (ok, n) => `${ok} trên ${n} chữ ký hợp lệ.`,
    docSame: (i) => ` Nội dung đang hiển thị đúng là nội dung chữ ký ${i} đã ký.`,
    docChanged: (i) => ` Nội dung đang hiển thị KHÁC với nội dung chữ ký ${i} đã ký: có thay đổi sau khi ký.`,
    docUnknown: ' Chưa xác định được nội dung đang hiển thị có đúng là nội dung đã ký không.',
    zoneVn: 'giờ Việt Nam',
  },
  en: {
    result: { passed: 'passed', warning: 'warning', indeterminate: 'undecided', failed: 'failed' },
    checks: {
      algorithm: 'Algorithm', algorithmPolicy: 'Algorithm strength', algorithmProtection: 'Signed algorithm protection',
      byteRange: 'Signed range', certificatePath: 'Certificate path to a trusted root', contentType: 'Signed content type',
      digestAlgorithm: 'Digest algorithm', fieldLock: 'Form field lock', format: 'Signature format',
      messageDigest: 'Content digest', modifications: 'Changes after signing', pdfContent: 'PDF content',
      pdfDigest: 'PDF digest', revocation: 'Certificate revocation status', signatureAlgorithm: 'Signature algorithm',
      signatureValue: 'Signature value', signedAttributes: 'Signed attributes', signerCertificate: "Signer's certificate",
      signingCertificate: "Signer's certificate named in the signature", structure: 'Signature structure',
      timestampImprint: 'Timestamp matches the content', signatureTimestamp: 'Signature timestamp',
      contentTimestamp: 'Content timestamp', archiveTimestamp: 'Archive timestamp',
      subFilter: 'Signature type',
    },
    passed: (who, anchor) => `Valid signature: the document is unchanged since it was signed; ${who}'s certificate leads to the trusted root${anchor ? ` ${anchor}` : ''} and is not revoked.`,
    failed: {
      HASH_FAILURE: 'Invalid signature: the document was changed after it was signed.',
      SIG_CRYPTO_FAILURE: "Invalid signature: the signature value does not match the signer's key.",
      FORMAT_FAILURE: 'Invalid signature: it is damaged or malformed.',
      REVOKED: "Invalid signature: the signer's certificate was revoked before signing.",
      CHAIN_CONSTRAINTS_FAILURE: "Invalid signature: the signer's certificate may not sign documents.",
      CRYPTO_CONSTRAINTS_FAILURE: 'Invalid signature: its algorithm is too weak.',
      DISALLOWED_MODIFICATION: 'The signature no longer covers what is displayed: the document was changed after signing in a way the signer did not allow.',
      other: 'Invalid signature.',
    },
    intact: 'The document is unchanged since it was signed',
    notIntact: 'Whether the document is unchanged could not be checked',
    undecided: {
      NO_CERTIFICATE_CHAIN_FOUND: "the signer's trusted root could not be established",
      TRY_LATER: "the certificate's revocation status could not be established (no CRL or OCSP response)",
      OUT_OF_BOUNDS_NO_POE: 'the certificate was expired or not yet valid, and no timestamp proves when it signed',
      REVOKED_NO_POE: 'the certificate is revoked and nothing proves the signature came before',
      REVOKED_CA_NO_POE: "the issuer's certificate is revoked and nothing proves when it signed",
      SIGNED_DATA_NOT_FOUND: 'the signed data was not found',
      NO_SIGNING_CERTIFICATE_FOUND: "the signer's certificate was not found",
      CRYPTO_CONSTRAINTS_FAILURE: 'its algorithm is too weak for the policy',
      UNSUPPORTED: 'the format or algorithm is not supported',
      other: 'there is not enough to decide',
    },
    unknownSigner: 'the signer',
    noSignatures: 'The document has no digital signature.',
    docAll: (n) => (n === 1 ? 'The only signature is valid.' : `All ${n} signatures are valid.`),
    docSome: (ok, n) => `${ok} of ${n} signatures are valid.`,
    docSame: (i) => ` What is displayed is what signature ${i} signed.`,
    docChanged: (i) => ` What is displayed DIFFERS from what signature ${i} signed: it was changed after signing.`,
    docUnknown: ' Whether what is displayed is what was signed could not be established.',
    zoneVn: 'Vietnam time',
  },
};

// What each check found (its `code`, src/report.rs CHECK_CODES), as a sentence in each language.
// `p` holds the check's params made readable (names parsed, times zoned, all made visible).
const MESSAGES = {
  vi: {
    'algorithmPolicy.meets': (p) => `${p.algorithm} với ${p.key} đạt yêu cầu của chính sách`,
    'algorithmPolicy.weak': () => 'thuật toán hoặc độ dài khóa yếu theo chính sách (xem chi tiết)',
    'algorithmProtection.match': () => 'thuộc tính bảo vệ thuật toán đã ký khớp với thuật toán được dùng',
    'algorithmProtection.mismatch': (p) => `thuộc tính bảo vệ thuật toán đã ký nêu ${p.which === 'digestAlgorithm' ? 'thuật toán băm' : 'thuật toán chữ ký'} khác với thuật toán được dùng: chữ ký bị thay thuật toán`,
    'signatureTimestamp.verified': (p) => `dấu thời gian hợp lệ, chứng minh chữ ký đã có lúc ${p.time}`,
    'signatureTimestamp.notVerified': () => 'dấu thời gian của chữ ký không kiểm tra được, không được dùng làm bằng chứng',
    'contentTimestamp.verified': (p) => `dấu thời gian hợp lệ, chứng minh nội dung đã có lúc ${p.time}`,
    'contentTimestamp.notVerified': () => 'dấu thời gian của nội dung không kiểm tra được, không được dùng làm bằng chứng',
    'archiveTimestamp.verified': (p) => `dấu thời gian lưu trữ hợp lệ (${p.time})`,
    'archiveTimestamp.notVerified': () => 'dấu thời gian lưu trữ không kiểm tra được',
    'byteRange.covers': (p) => (p.whole === 'file' ? 'chữ ký bao trùm toàn bộ tệp, trừ chỗ chứa chính chữ ký' : `chữ ký bao trùm phiên bản ${p.revision} trên ${p.revisions} của tệp, trừ chỗ chứa chính chữ ký`),
    'byteRange.hidden': (p) => `chữ ký (đối tượng ${p.object}) nằm ở chỗ không thể xác định phạm vi được ký: không kiểm tra được gì`,
    'byteRange.invalid': () => 'phạm vi được ký không hợp lệ hoặc có thể bị đọc theo nhiều cách (xem chi tiết)',
    'certificatePath.found': (p) => `có chuỗi ${p.length} chứng thư đến gốc tin cậy ${p.anchor}, còn hiệu lực lúc ${p.at}`,
    'certificatePath.foundAtTimestamp': (p) => `có chuỗi ${p.length} chứng thư đến gốc tin cậy ${p.anchor}, còn hiệu lực lúc ${p.at} (thời điểm dấu thời gian chứng minh)`,
    'certificatePath.invalid': () => 'chuỗi chứng thư vi phạm ràng buộc (mục đích sử dụng khóa, ràng buộc tên hoặc chứng thư CA)',
    'certificatePath.noChain': () => 'không dựng được chuỗi chứng thư đến một gốc tin cậy',
    'certificatePath.outOfBounds': (p) => `chứng thư hết hạn hoặc chưa có hiệu lực lúc ${p.at}`,
    'certificatePath.unsupported': () => 'chuỗi chứng thư dùng thuật toán hoặc định dạng chưa được hỗ trợ',
    'contentType.mismatch': () => 'loại nội dung đã ký khác với nội dung kèm theo',
    'digestAlgorithm.unsupported': () => 'thuật toán băm chưa được hỗ trợ',
    'fieldLock.unreadable': () => 'không đọc được các trường biểu mẫu bị khóa khi ký',
    'format.notCms': (p) => `nội dung chữ ký (đối tượng ${p.object}) không phải chữ ký CMS đọc được`,
    'format.unreadable': () => 'chữ ký hỏng hoặc sai định dạng',
    'messageDigest.match': (p) => `giá trị băm ${p.algorithm} của ${p.of === 'signatureValue' ? 'chữ ký được ký xác nhận' : 'nội dung'} khớp với giá trị đã ký`,
    'messageDigest.mismatch': (p) => `giá trị băm ${p.algorithm} của ${p.of === 'signatureValue' ? 'chữ ký được ký xác nhận' : 'nội dung'} KHÔNG khớp với giá trị đã ký: nội dung đã bị thay đổi`,
    'messageDigest.notGiven': (p) => `chưa có giá trị băm ${p.algorithm} của nội dung`,
    'messageDigest.contentMissing': () => 'chữ ký tách rời và chưa có nội dung được ký',
    'modifications.allowed': (p) => `${p.changes} thay đổi sau khi ký, đều thuộc loại người ký cho phép`,
    'modifications.disallowed': (p) => `${p.disallowed} trên ${p.changes} thay đổi sau khi ký không được người ký cho phép`,
    'modifications.none': () => 'không có thay đổi nào sau khi ký',
    'modifications.notComparable': () => 'không so sánh được phiên bản đã ký với các thay đổi sau đó',
    'pdfContent.ownContent': () => 'chữ ký ký một nội dung riêng, không phải văn bản này',
    'pdfDigest.match': (p) => `giá trị băm ${p.algorithm} của văn bản khớp với giá trị đã ký`,
    'pdfDigest.mismatch': (p) => `giá trị băm ${p.algorithm} của văn bản KHÔNG khớp với giá trị đã ký`,
    'revocation.good': (p) => `các chứng thư trên chuỗi chưa bị thu hồi lúc ${p.at}`,
    'revocation.notEvaluated': () => 'không kiểm tra vì không có chuỗi chứng thư hợp lệ',
    'revocation.revoked': (p) => `chứng thư đã bị thu hồi trước ${p.at}`,
    'revocation.undecided': (p) => `chưa xác định được tình trạng thu hồi lúc ${p.at} (thiếu CRL hoặc OCSP hợp lệ)`,
    'signatureAlgorithm.unsupported': () => 'thuật toán chữ ký chưa được hỗ trợ',
    'signatureValue.contentMissing': () => 'chữ ký tách rời và chưa có nội dung được ký',
    'signatureValue.fails': (p) => `giá trị chữ ký (${p.algorithm}) KHÔNG khớp với khóa của người ký`,
    'signatureValue.verifies': (p) => `giá trị chữ ký (${p.algorithm}) khớp với khóa của người ký`,
    'signedAttributes.malformed': (p) => `thuộc tính đã ký không đúng quy định (${p.messageDigests} giá trị băm, ${p.contentTypes} loại nội dung)`,
    'signedAttributes.notDer': () => 'thuộc tính đã ký không được mã hóa DER và không đưa về DER được',
    'signedAttributes.reencoded': () => 'thuộc tính đã ký không được lưu ở dạng DER; chữ ký được kiểm tra trên dạng DER của chúng',
    'signerCertificate.found': (p) => `chứng thư của ${p.subject} (${p.key})`,
    'signerCertificate.missing': () => 'chữ ký không kèm chứng thư của người ký',
    'signerCertificate.unsupportedKey': () => 'loại khóa của người ký chưa được hỗ trợ',
    'signingCertificate.bound': () => 'chứng thư người ký đúng là chứng thư được nêu trong phần đã ký',
    'signingCertificate.other': (p) => `chứng thư kèm theo (${p.subject}) không phải chứng thư được nêu trong phần đã ký`,
    'signingCertificate.unreadable': () => 'không đọc được chứng thư được nêu trong phần đã ký',
    'structure.rebuilt': () => 'bảng tham chiếu của tệp bị hỏng sau khi ký: không chứng minh được nội dung hiển thị đúng là nội dung đã ký',
    'subFilter.unknown': (p) => `kiểu chữ ký ${p.subFilter} không thuộc các kiểu chuẩn; được kiểm tra như chữ ký CMS tách rời`,
    'timestampImprint.match': (p) => `dấu thời gian văn bản khớp với giá trị băm ${p.algorithm} của văn bản`,
    'timestampImprint.mismatch': (p) => `dấu thời gian văn bản KHÔNG khớp với giá trị băm ${p.algorithm} của văn bản`,
    'timestampImprint.unreadable': () => 'dấu thời gian văn bản không đọc được',
  },
  en: {
    'algorithmPolicy.meets': (p) => `${p.algorithm} with ${p.key} meets the policy`,
    'algorithmPolicy.weak': () => 'an algorithm or key length is weak for the policy (see the detail)',
    'algorithmProtection.match': () => 'the signed algorithm-protection attribute matches the algorithms used',
    'algorithmProtection.mismatch': (p) => `the signed algorithm-protection attribute names another ${p.which === 'digestAlgorithm' ? 'digest algorithm' : 'signature algorithm'} than the one used: an algorithm substitution`,
    'signatureTimestamp.verified': (p) => `a valid timestamp proves the signature existed at ${p.time}`,
    'signatureTimestamp.notVerified': () => 'the signature timestamp could not be verified and is not used as proof',
    'contentTimestamp.verified': (p) => `a valid timestamp proves the content existed at ${p.time}`,
    'contentTimestamp.notVerified': () => 'the content timestamp could not be verified and is not used as proof',
    'archiveTimestamp.verified': (p) => `a valid archive timestamp (${p.time})`,
    'archiveTimestamp.notVerified': () => 'the archive timestamp could not be verified',
    'byteRange.covers': (p) => (p.whole === 'file' ? 'the signature covers the whole file but the signature itself' : `the signature covers revision ${p.revision} of ${p.revisions} of the file but the signature itself`),
    'byteRange.hidden': (p) => `the signature (object ${p.object}) is where its signed range cannot be established: nothing of it can be verified`,
    'byteRange.invalid': () => 'the signed range is invalid or can be read in more than one way (see the detail)',
    'certificatePath.found': (p) => `a path of ${p.length} certificates to the trusted root ${p.anchor}, valid at ${p.at}`,
    'certificatePath.foundAtTimestamp': (p) => `a path of ${p.length} certificates to the trusted root ${p.anchor}, valid at ${p.at} (the time a timestamp proves)`,
    'certificatePath.invalid': () => 'the certificate path breaks a constraint (key usage, name constraints or a CA certificate)',
    'certificatePath.noChain': () => 'no certificate path to a trusted root could be built',
    'certificatePath.outOfBounds': (p) => `a certificate was expired or not yet valid at ${p.at}`,
    'certificatePath.unsupported': () => 'the certificate path uses an algorithm or format not supported',
    'contentType.mismatch': () => 'the signed content type differs from the enclosed content',
    'digestAlgorithm.unsupported': () => 'the digest algorithm is not supported',
    'fieldLock.unreadable': () => 'the form fields locked by the signature cannot be read',
    'format.notCms': (p) => `the signature's contents (object ${p.object}) are not a readable CMS signature`,
    'format.unreadable': () => 'the signature is damaged or malformed',
    'messageDigest.match': (p) => `the ${p.algorithm} digest of the ${p.of === 'signatureValue' ? 'countersigned signature' : 'content'} matches the signed value`,
    'messageDigest.mismatch': (p) => `the ${p.algorithm} digest of the ${p.of === 'signatureValue' ? 'countersigned signature' : 'content'} does NOT match the signed value: the content was changed`,
    'messageDigest.notGiven': (p) => `the content's ${p.algorithm} digest was not given`,
    'messageDigest.contentMissing': () => 'the signature is detached and its content was not given',
    'modifications.allowed': (p) => `${p.changes} change(s) after signing, each of a kind the signer allows`,
    'modifications.disallowed': (p) => `${p.disallowed} of ${p.changes} change(s) after signing are not allowed by the signer`,
    'modifications.none': () => 'nothing was changed after signing',
    'modifications.notComparable': () => 'the signed revision cannot be compared with the later changes',
    'pdfContent.ownContent': () => 'the signature signs content of its own, not this document',
    'pdfDigest.match': (p) => `the document's ${p.algorithm} digest matches the signed value`,
    'pdfDigest.mismatch': (p) => `the document's ${p.algorithm} digest does NOT match the signed value`,
    'revocation.good': (p) => `no certificate of the path was revoked at ${p.at}`,
    'revocation.notEvaluated': () => 'not checked: there is no valid certificate path',
    'revocation.revoked': (p) => `a certificate was revoked before ${p.at}`,
    'revocation.undecided': (p) => `the revocation status at ${p.at} could not be established (no valid CRL or OCSP response)`,
    'signatureAlgorithm.unsupported': () => 'the signature algorithm is not supported',
    'signatureValue.contentMissing': () => 'the signature is detached and its content was not given',
    'signatureValue.fails': (p) => `the signature value (${p.algorithm}) does NOT verify with the signer's key`,
    'signatureValue.verifies': (p) => `the signature value (${p.algorithm}) verifies with the signer's key`,
    'signedAttributes.malformed': (p) => `the signed attributes are malformed (${p.messageDigests} digests, ${p.contentTypes} content types)`,
    'signedAttributes.notDer': () => 'the signed attributes are not DER-encoded and cannot be brought to DER',
    'signedAttributes.reencoded': () => 'the signed attributes are not stored in DER; the signature is verified over their DER form',
    'signerCertificate.found': (p) => `${p.subject}'s certificate (${p.key})`,
    'signerCertificate.missing': () => "the signer's certificate is not in the signature",
    'signerCertificate.unsupportedKey': () => "the signer's key type is not supported",
    'signingCertificate.bound': () => "the signer's certificate is the one the signed part names",
    'signingCertificate.other': (p) => `the enclosed certificate (${p.subject}) is not the one the signed part names`,
    'signingCertificate.unreadable': () => 'the certificate the signed part names cannot be read',
    'structure.rebuilt': () => "the file's cross-reference data is broken after signing: what is displayed cannot be proven to be what was signed",
    'subFilter.unknown': (p) => `the signature type ${p.subFilter} is not a standard one; verified as a detached CMS signature`,
    'timestampImprint.match': (p) => `the document timestamp matches the document's ${p.algorithm} digest`,
    'timestampImprint.mismatch': (p) => `the document timestamp does NOT match the document's ${p.algorithm} digest`,
    'timestampImprint.unreadable': () => 'the document timestamp cannot be read',
  },
};

/** Params whose value is a name (RFC 4514) or a time (RFC 3339). */
const NAME_PARAMS = new Set(['subject', 'anchor']);
const TIME_PARAMS = new Set(['at', 'time']);

/** A check's sentence in `locale`, its params made readable; null for a code this version does
 * not know (a newer core), so that the caller shows the label and the expert detail instead. */
function checkMessage(c, locale, zones) {
  const render = MESSAGES[locale][c.code];
  if (!render) return null;
  const p = {};
  for (const [k, v] of Object.entries(c.params ?? {})) {
    if (NAME_PARAMS.has(k)) p[k] = parseName(v).name ?? visibleText(v);
    else if (TIME_PARAMS.has(k)) p[k] = zonedTime(v, zones.signerTimeZone, locale)?.text ?? visibleText(v);
    else p[k] = visibleText(v);
  }
  return render(p);
}

/** The codes this version has sentences for, per locale (for tests and tools). */
export const CHECK_MESSAGE_CODES = Object.freeze(Object.fromEntries(LOCALES.map((l) => [l, Object.freeze(Object.keys(MESSAGES[l]))])));

/** Characters that must never reach the screen raw: controls, bidi controls, invisible ones. */
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/gu;

/** `text` made safe to show: NFC, hidden characters written as `\u{…}`. */
export function visibleText(text) {
  return String(text ?? '').normalize('NFC').replace(HIDDEN, (c) => `\\u{${c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}}`);
}

const ATTRIBUTES = {
  CN: 'name', O: 'organization', OU: 'unit', L: 'locality', ST: 'province', C: 'country',
  E: 'email', EMAILADDRESS: 'email', '1.2.840.113549.1.9.1': 'email', UID: 'uid', '0.9.2342.19200300.100.1.1': 'uid',
  SERIALNUMBER: 'serialNumber', '2.5.4.5': 'serialNumber', T: 'title', TITLE: 'title', '2.5.4.12': 'title',
};

/**
 * A distinguished name as the report gives it (RFC 4514, hidden characters already escaped by
 * the core as `\XX`) split into its parts: `{name, organization, unit, locality, province,
 * country, email, uid, serialNumber, title}` (each a string, several values joined by "; "),
 * every value made visible (visibleText). Escapes of hidden characters stay visible.
 */
export function parseName(dn) {
  const out = {};
  const parts = [];
  let cur = '';
  const text = String(dn ?? '');
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      const next = text[i + 1];
      if (/[0-9A-Fa-f]/.test(next) && /[0-9A-Fa-f]/.test(text[i + 2] ?? '')) {
        cur += text.slice(i, i + 3); // a hex escape: kept as written, visible
        i += 2;
      } else {
        cur += next; // an escaped special character
        i += 1;
      }
    } else if (c === ',' || c === '+') {
      parts.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  if (cur) parts.push(cur);
  for (const p of parts) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    const key = ATTRIBUTES[p.slice(0, eq).trim().toUpperCase()] ?? ATTRIBUTES[p.slice(0, eq).trim()];
    if (!key) continue;
    const value = visibleText(p.slice(eq + 1).trim());
    out[key] = out[key] ? `${out[key]}; ${value}` : value;
  }
  return out;
}

/**
 * An instant (RFC 3339 text or Date) in a time zone: `{iso, text, zone}` — ISO 8601 with the
 * zone's offset (`2026-01-01T07:00:00+07:00`) and a reading form (`07:00:00 01/01/2026`).
 */
export function zonedTime(when, timeZone = DEFAULT_ZONE, locale = 'vi') {
  const date = when instanceof Date ? when : new Date(String(when));
  if (Number.isNaN(date.getTime())) return null;
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(date).map((p) => [p.type, p.value]));
  const local = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  const offset = Math.round((local - Math.floor(date.getTime() / 1000) * 1000) / 60000);
  const sign = offset < 0 ? '-' : '+';
  const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const mm = String(Math.abs(offset) % 60).padStart(2, '0');
  const iso = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${sign}${hh}:${mm}`;
  const text = locale === 'vi'
    ? `${parts.hour}:${parts.minute}:${parts.second} ngày ${parts.day}/${parts.month}/${parts.year}`
    : `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
  return { iso, text: `${text} (${timeZone === DEFAULT_ZONE ? TEXT[locale].zoneVn : timeZone}, UTC${sign}${hh}:${mm})`, zone: timeZone };
}

function times(when, options, locale) {
  if (!when) return null;
  return { signer: zonedTime(when, options.signerTimeZone, locale), reader: zonedTime(when, options.readerTimeZone, locale) };
}

/** One signature's verdict line. */
function verdict(s, L) {
  const signer = parseName(s.signer?.subject);
  const who = signer.name ?? L.unknownSigner;
  if (s.indication === 'TOTAL_PASSED') return L.passed(who, s.trustAnchor ? parseName(s.trustAnchor).name ?? visibleText(s.trustAnchor) : '');
  if (s.indication === 'TOTAL_FAILED') return L.failed[s.subIndication] ?? L.failed.other;
  const first = s.intact === true ? L.intact : L.notIntact;
  return `${first}; ${L.undecided[s.subIndication] ?? L.undecided.other}.`;
}

/**
 * The report as a clerk reads it.
 * @param {object} report a VerificationReport (verify's result)
 * @param {{locale?: 'vi'|'en', signerTimeZone?: string, readerTimeZone?: string}} [options]
 *   default Vietnamese; the signer's zone Asia/Ho_Chi_Minh; the reader's the platform's own
 */
export function formatReport(report, options = {}) {
  const locale = options.locale ?? 'vi';
  if (!LOCALES.includes(locale)) throw new TypeError(`locale must be one of ${LOCALES.join(', ')}`);
  const zones = {
    signerTimeZone: options.signerTimeZone ?? DEFAULT_ZONE,
    readerTimeZone: options.readerTimeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? DEFAULT_ZONE,
  };
  const L = TEXT[locale];
  const signatures = (report?.signatures ?? []).map((s) => ({
    indication: s.indication,
    subIndication: s.subIndication,
    verdict: verdict(s, L),
    signer: s.signer ? { ...parseName(s.signer.subject), issuer: parseName(s.signer.issuer).name ?? visibleText(s.signer.issuer), serial: s.signer.serial } : null,
    claimedSigningTime: times(s.claimedSigningTime, zones, locale),
    timestamp: s.timestamp ? { ...times(s.timestamp.time, zones, locale), tsa: parseName(s.timestamp.tsa).name ?? visibleText(s.timestamp.tsa), indication: s.timestamp.indication } : null,
    checks: (s.checks ?? []).map((c) => {
      const label = L.checks[c.id] ?? c.id;
      const resultText = L.result[c.result] ?? c.result;
      const message = checkMessage(c, locale, zones);
      return {
        id: c.id, result: c.result, subIndication: c.subIndication ?? null, code: c.code ?? null,
        label, resultText, message,
        text: message ? `${label}: ${resultText} — ${message}` : `${label}: ${resultText}`,
        detail: visibleText(c.detail),
      };
    }),
    warnings: (s.warnings ?? []).map(visibleText),
  }));
  const n = signatures.length;
  let documentVerdict;
  if (n === 0) {
    documentVerdict = L.noSignatures;
  } else {
    const ok = signatures.filter((s) => s.indication === 'TOTAL_PASSED').length;
    documentVerdict = ok === n ? L.docAll(n) : L.docSome(ok, n);
    const d = report.document;
    if (d && d.lastSignature !== null && d.lastSignature !== undefined) {
      const i = d.lastSignature + 1;
      documentVerdict += d.displayedIsSigned === true ? L.docSame(i) : d.displayedIsSigned === false ? L.docChanged(i) : L.docUnknown;
    }
  }
  return { locale, verdict: documentVerdict, signatures };
}
