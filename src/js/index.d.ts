// Types of vanban's public JavaScript API (src/js/index.js).

/** Stable error codes. The core's codes come from src/error.rs; the rest from the JS layer. */
export declare const ErrorCode: Readonly<{
  INVALID_ARGUMENT: 'ERR_INVALID_ARGUMENT';
  UNSUPPORTED_ALGORITHM: 'ERR_UNSUPPORTED_ALGORITHM';
  UNSUPPORTED_FORMAT: 'ERR_UNSUPPORTED_FORMAT';
  UNSUPPORTED: 'ERR_UNSUPPORTED';
  TRUNCATED: 'ERR_TRUNCATED';
  MALFORMED: 'ERR_MALFORMED';
  ENCRYPTED: 'ERR_ENCRYPTED';
  LIMIT_EXCEEDED: 'ERR_LIMIT_EXCEEDED';
  CANCELLED: 'ERR_CANCELLED';
  SIGNING_FAILED: 'ERR_SIGNING_FAILED';
  READ_FAILED: 'ERR_READ_FAILED';
  WORKER_FAILED: 'ERR_WORKER_FAILED';
  INTERNAL: 'ERR_INTERNAL';
}>;
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Every error vanban raises. */
export declare class DocError<Code extends string = ErrorCodeValue> extends Error {
  constructor(code: Code, message: string, options?: { offset?: number | null; cause?: unknown });
  readonly code: Code;
  /** Byte offset in the input where the core noticed the problem, or null. */
  readonly offset: number | null;
  toJSON(): { name: string; code: Code; message: string; offset: number | null };
}

/** The codes every signing bridge adapter throws (BRIDGE.md). */
export type BridgeErrorCodeValue =
  | 'VERSION_UNSUPPORTED' | 'ORIGIN_NOT_ALLOWED' | 'USER_CANCELLED' | 'USER_TIMEOUT' | 'NO_TOKEN'
  | 'NO_CERTIFICATES' | 'CERT_NOT_FOUND' | 'PIN_INCORRECT' | 'PIN_LOCKED' | 'ALG_UNSUPPORTED'
  | 'INVALID_ARGUMENT' | 'TOKEN_REMOVED' | 'BUSY' | 'INTERNAL' | 'NOT_RUNNING';
export declare const BridgeErrorCode: Readonly<{ [K in BridgeErrorCodeValue]: K }>;

/** A signing bridge refused or failed. */
export declare class BridgeError extends DocError<BridgeErrorCodeValue> {
  constructor(code: BridgeErrorCodeValue, message: string, options?: { retriesLeft?: number | null; retryAfter?: number | null; cause?: unknown });
  readonly code: BridgeErrorCodeValue;
  /** PIN tries left, when the token says. */
  readonly retriesLeft: number | null;
  /** Seconds to wait before asking again (BUSY), when the bridge says. */
  readonly retryAfter: number | null;
}

/** Raised when an AbortSignal cancels an operation; `name` is "AbortError". */
export declare class CancelledError extends DocError<'ERR_CANCELLED'> {
  constructor(message?: string);
  readonly code: 'ERR_CANCELLED';
}

export type HashAlgorithm = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';
export type HashEngine = 'auto' | 'wasm' | 'webcrypto' | 'node';
export declare const ALGORITHMS: readonly HashAlgorithm[];

/**
 * The core's limits on untrusted input (src/limits.rs), by their JavaScript names. A call may
 * raise or lower any of them with `limits`; reaching one rejects with ERR_LIMIT_EXCEEDED naming
 * it, never with a shortened result. An unknown name or a value that is not a whole number is
 * ERR_INVALID_ARGUMENT.
 */
export interface Limits {
  /** Largest input document, in bytes (512 MiB). */
  maxInputBytes: number;
  /** Largest decompressed size of one stream or ZIP part (64 MiB). */
  maxDecompressedBytesPerStream: number;
  /** Largest decompressed size of one document's streams or parts together (512 MiB). */
  maxDecompressedBytesTotal: number;
  /** Largest ratio of decompressed to compressed size beyond the first MiB (200). */
  maxDecompressionRatio: number;
  /** Most entries in a ZIP (OPC) container (10 000). */
  maxZipEntries: number;
  /** Deepest nesting of PDF objects, ASN.1 values or XML elements (64). */
  maxDepth: number;
  /** Longest chain of PDF cross-reference sections (256). */
  maxXrefChain: number;
  /** Most objects in one PDF (1 000 000). */
  maxObjects: number;
  /** Most signatures examined in one document (100). */
  maxSignatures: number;
  /** Longest certificate chain built (10). */
  maxChainLength: number;
  /** Most certificates one CMS message carries (5 000). */
  maxCertificates: number;
}
/** The default limits. */
export declare const LIMITS: Readonly<Limits>;
export declare const ENGINES: readonly HashEngine[];
export type HashTransport = 'auto' | 'blob' | 'chunks';
export declare const TRANSPORTS: readonly HashTransport[];

export interface HashProgress {
  /** Bytes hashed so far; never decreases. */
  loaded: number;
  total: number;
  /** loaded / total, and 1 for an empty input. The last call has 1. */
  fraction: number;
}

export interface HashFileOptions {
  /** Default ["SHA-256"]. Names are case-insensitive and the dash is optional. */
  algorithms?: string[];
  onProgress?: (progress: HashProgress) => void;
  signal?: AbortSignal;
  /** Default "auto": node:crypto in Node; in browsers WebCrypto up to 256 MiB, wasm above. */
  engine?: HashEngine;
  /** Bytes read at a time, 64 KiB to 64 MiB; default 4 MiB in Node, 16 MiB in browsers. */
  chunkSize?: number;
  /** 'blob': the worker reads the Blob; 'chunks': the calling thread reads it asynchronously and
   * transfers chunks, so reading and hashing overlap. Default 'auto' (the faster one measured). */
  transport?: HashTransport;
}

export interface Digest {
  /** Lower-case hexadecimal, as sha256sum prints it. */
  hex: string;
  /** Standard base64 with padding. */
  base64: string;
}

export interface HashFileResult {
  size: number;
  /** The engine that ran: "wasm", "webcrypto" or "node". */
  engine: Exclude<HashEngine, 'auto'>;
  digests: Partial<Record<HashAlgorithm, Digest>>;
}

/** Hashes a Blob, File, ArrayBuffer or typed array in a worker, in chunks, in constant memory. */
export declare function hashFile(
  input: Blob | ArrayBuffer | ArrayBufferView,
  options?: HashFileOptions,
): Promise<HashFileResult>;

// ---- Text extraction ------------------------------------------------------------------------

/** The JSON form of an extracted document (src/extract/model.rs `Document::to_json`). */
export interface VanbanDocument {
  version: 1;
  body: Block[];
  sections: { kind: 'header' | 'footer' | 'footnotes' | 'endnotes' | 'comments'; blocks: Block[] }[];
  /** What the reader should know about the text (empty for most documents). */
  notices: Notice[];
}

/**
 * A PDF page with no text to extract: a scan when it draws images (its text needs OCR), else a
 * blank page. Reported rather than passed off as an empty success.
 */
export interface Notice {
  kind: 'noTextLayer';
  /** 1-based page number. */
  page: number;
  /** The page draws images (most likely a scan). */
  images: boolean;
}

export type Block =
  | { type: 'heading'; level: number; content: Inline[] }
  | { type: 'paragraph'; content: Inline[] }
  | { type: 'listItem'; level: number; ordered: boolean; marker: string; content: Inline[] }
  | { type: 'table'; rows: { cells: { colSpan: number; rowSpan: number; blocks: Block[] }[] }[] }
  | { type: 'note'; label: string; blocks: Block[] }
  | { type: 'pageBreak' }
  /** The "Ký bởi: … Thời gian ký: …" block a signing tool stamped on a signed PDF page. */
  | { type: 'signatureStamp'; lines: string[] };

export interface Inline {
  text: string;
  bold?: true;
  italic?: true;
  /** Target of the hyperlink the text is in. */
  link?: string;
  /** The text is the label of a footnote or endnote reference. */
  noteRef?: true;
}

export type TextFormat = 'text' | 'markdown' | 'json';
export declare const TEXT_FORMATS: readonly TextFormat[];

export interface ExtractTextOptions {
  /** Default 'text'. */
  format?: TextFormat;
  /** Keep the text of tracked deletions too (default: as Word shows with changes accepted). */
  showDeletions?: boolean;
  /** Leave out the signature stamps signing tools put on signed PDFs (default: kept). */
  omitSignatureStamps?: boolean;
  /**
   * A signed PDF: read the revision signed by the signature of this index in the verification
   * report's `signatures` (the document as it was signed, like "view signed version"), not the
   * document as displayed. ERR_INVALID_ARGUMENT when there is no such signature.
   */
  signedRevision?: number;
  /** Limits raised or lowered for this call (see Limits). */
  limits?: Partial<Limits>;
  signal?: AbortSignal;
  /** Called for each notice (a PDF page without a text layer) before the promise resolves. */
  onNotice?: (notice: Notice) => void;
}

/** The text of a document (DOCX or PDF), its format detected from the bytes. */
export declare function extractText(input: Blob | ArrayBuffer | ArrayBufferView, options: ExtractTextOptions & { format: 'json' }): Promise<VanbanDocument>;
export declare function extractText(input: Blob | ArrayBuffer | ArrayBufferView, options?: ExtractTextOptions & { format?: 'text' | 'markdown' }): Promise<string>;

/**
 * Package-wide settings. `assetBase`: a directory URL serving worker.js, the wasm files and the
 * modules worker.js imports (self-hosting, CDNs, strict CSPs); null: beside the package's modules.
 */
export declare function configure(options: { assetBase?: string | URL | null }): void;

/** Stops the worker; pending operations reject with CancelledError. */
export declare function terminate(): Promise<void>;

/** The verdict on a signature (ETSI EN 319 102-1). Derived from the checks: never PASSED unchecked. */
export type Indication = 'TOTAL_PASSED' | 'TOTAL_FAILED' | 'INDETERMINATE';
export type SubIndication =
  | 'HASH_FAILURE' | 'SIG_CRYPTO_FAILURE' | 'FORMAT_FAILURE' | 'NO_CERTIFICATE_CHAIN_FOUND'
  | 'OUT_OF_BOUNDS_NO_POE' | 'REVOKED_NO_POE' | 'REVOKED_CA_NO_POE' | 'REVOKED'
  | 'CRYPTO_CONSTRAINTS_FAILURE' | 'TRY_LATER'
  | 'CHAIN_CONSTRAINTS_FAILURE' | 'SIGNED_DATA_NOT_FOUND' | 'NO_SIGNING_CERTIFICATE_FOUND' | 'UNSUPPORTED'
  | 'DISALLOWED_MODIFICATION';

export interface CertificateInfo {
  subject: string;
  issuer: string;
  /** Hex. */
  serial: string;
  /** SHA-256 of the DER, hex. */
  sha256: string;
  /** RFC 3339. */
  notBefore: string;
  notAfter: string;
}

/** The checks the core reports (a test keeps this list equal to what the Rust core emits). */
export type CheckId =
  'algorithm' | 'algorithmPolicy' | 'algorithmProtection' | 'archiveTimestamp' | 'byteRange' | 'certificatePath' | 'contentTimestamp' | 'contentType' | 'digestAlgorithm' | 'fieldLock' | 'format' | 'messageDigest' | 'modifications' | 'pdfContent' | 'pdfDigest' | 'revocation' | 'signatureAlgorithm' | 'signatureTimestamp' | 'signatureValue' | 'signedAttributes' | 'signerCertificate' | 'signingCertificate' | 'structure' | 'subFilter' | 'timestampImprint';

/** What a check found (src/report.rs CHECK_CODES; a test keeps the lists equal). */
export type CheckCode =
  'algorithmPolicy.meets' | 'algorithmPolicy.weak' | 'algorithmProtection.match' |
  'algorithmProtection.mismatch' | 'archiveTimestamp.verified' | 'archiveTimestamp.notVerified' |
  'byteRange.covers' | 'byteRange.hidden' | 'byteRange.invalid' | 'certificatePath.found' |
  'certificatePath.foundAtTimestamp' | 'certificatePath.invalid' | 'certificatePath.noChain' |
  'certificatePath.outOfBounds' | 'certificatePath.unsupported' | 'contentTimestamp.verified' |
  'contentTimestamp.notVerified' | 'contentType.mismatch' | 'digestAlgorithm.unsupported' |
  'fieldLock.unreadable' | 'format.notCms' | 'format.unreadable' | 'messageDigest.match' |
  'messageDigest.mismatch' | 'messageDigest.notGiven' | 'messageDigest.contentMissing' |
  'modifications.allowed' | 'modifications.disallowed' | 'modifications.none' |
  'modifications.notComparable' | 'pdfContent.ownContent' | 'pdfDigest.match' | 'pdfDigest.mismatch' |
  'revocation.good' | 'revocation.notEvaluated' | 'revocation.revoked' | 'revocation.undecided' |
  'signatureAlgorithm.unsupported' | 'signatureTimestamp.verified' | 'signatureTimestamp.notVerified' |
  'signatureValue.contentMissing' | 'signatureValue.fails' | 'signatureValue.verifies' |
  'signedAttributes.malformed' | 'signedAttributes.notDer' | 'signedAttributes.reencoded' |
  'signerCertificate.found' | 'signerCertificate.missing' | 'signerCertificate.unsupportedKey' |
  'signingCertificate.bound' | 'signingCertificate.other' | 'signingCertificate.unreadable' |
  'structure.rebuilt' | 'subFilter.unknown' | 'timestampImprint.match' | 'timestampImprint.mismatch' |
  'timestampImprint.unreadable';

export interface SignatureCheck {
  /** Stable identifier. */
  id: CheckId;
  result: 'passed' | 'warning' | 'indeterminate' | 'failed';
  subIndication?: SubIndication;
  /** What was found: formatReport renders it with `params` in the reader's language. */
  code: CheckCode;
  /** The values the code's sentence names (algorithm, subject, at, …), as text. */
  params: Record<string, string>;
  /** An English sentence for experts, more specific than the code. */
  detail: string;
}

export interface TimestampInfo {
  /** What it covers: the signature value, the signed content, or archive data (not evaluated). */
  kind: 'signature' | 'content' | 'archive';
  /** genTime, RFC 3339, as the token states it: proof only when indication is TOTAL_PASSED. */
  time: string;
  /** The TSA certificate's subject ('' when not found). */
  tsa: string;
  /** Imprint and token content intact (null: not checked). */
  intact: boolean | null;
  /** The TSA's signature verifies (null: not checked). */
  signatureValid: boolean | null;
  indication: Indication;
  subIndication: SubIndication | null;
}

export interface SignatureReport {
  indication: Indication;
  subIndication: SubIndication | null;
  /** The covered data hashes to the signed digest (null: not checked). */
  intact: boolean | null;
  /** The signature value verifies with the signer's key (null: not checked). */
  signatureValid: boolean | null;
  signer: CertificateInfo | null;
  /** Signer first, anchor last; empty when no path was found. */
  chain: CertificateInfo[];
  trustAnchor: string | null;
  /** What the signer claims, not proven. */
  claimedSigningTime: string | null;
  /** The verified signature timestamp proving the earliest time (null: none verified). */
  timestamp: TimestampInfo | null;
  /** Every timestamp found with the signature, verified or not. */
  timestamps: TimestampInfo[];
  coverage: 'entireFile' | 'entireRevision' | 'partial' | null;
  /**
   * A PDF signature: the signed revision is the file's first `signedLength` bytes (null: its
   * /ByteRange could not be read). `extractText(file, { signedRevision: i })` reads it.
   */
  signedLength: number | null;
  /** Changes after the signed revision, each judged against what the signer allowed. */
  modifications: { description: string; allowed: boolean; rule: string; level: ModificationLevel }[];
  /** The furthest-reaching change after signing (null: not a PDF revision, or not compared). */
  modificationLevel: ModificationLevel | null;
  /**
   * What the signer states without proof: a PDF signature's name, time (`signingTime`, RFC 3339),
   * reason, location, contact; its kind (`documentTimestamp`) and certification level.
   */
  claims: Record<string, string>;
  /** For a counter-signature: the index in `signatures` of the signature whose value it signs. */
  counterSignatureOf: number | null;
  warnings: string[];
  /**
   * Checks this kind of signature needs before it can be TOTAL_PASSED (a PDF signature:
   * byteRange, messageDigest, signatureValue, certificatePath, revocation, modifications) that
   * were not performed or did not pass; TOTAL_PASSED always has none.
   */
  missingChecks: CheckId[];
  checks: SignatureCheck[];
}

/** A signed PDF as the reader sees it, against what was signed. */
export interface DocumentSummary {
  /** The original and each incremental update. */
  revisions: number;
  /** The index in `signatures` of the signature whose signed revision reaches furthest (null: none readable). */
  lastSignature: number | null;
  /** That revision is the file's first `lastSignedLength` bytes. */
  lastSignedLength: number | null;
  /**
   * The file as displayed is the last signed revision (true), something displayable changed
   * after it (false), or it is not known (null).
   */
  displayedIsSigned: boolean | null;
  /** What changed after the last signed revision, as that signature's analysis judged it. */
  changesAfterLastSignature: { description: string; allowed: boolean; rule: string; level: ModificationLevel }[];
  warnings: string[];
}

/**
 * How far changes after signing reach, least to most: validation data only (DSS, document
 * timestamps, metadata), later signatures and form filling, annotations, anything else.
 */
export type ModificationLevel = 'none' | 'ltaUpdates' | 'formFilling' | 'annotations' | 'other';

export interface VerificationReport {
  file: { name: string; size: number; format: string; sha256: string };
  signatures: SignatureReport[];
  /** A PDF: the document-level summary (null for other formats). */
  document: DocumentSummary | null;
}

export interface VerifyOptions {
  /** What a detached signature (.p7s) signs. */
  detachedContent?: Blob | ArrayBuffer | ArrayBufferView;
  /** Extra trust anchors: PEM text or certificate bytes (DER or PEM). */
  trust?: (string | ArrayBuffer | ArrayBufferView)[];
  /** Start from the bundled Vietnamese anchors (default true). */
  defaultTrust?: boolean;
  /** The validation time (default: now). */
  at?: Date;
  /** What a weak algorithm (SHA-1, RSA < 2048) does: a warning (default) or INDETERMINATE. */
  policy?: { weak?: 'warning' | 'indeterminate' };
  /** The file name the report shows (default: the File's name). */
  name?: string;
  /** Limits raised or lowered for this call (see Limits). */
  limits?: Partial<Limits>;
  signal?: AbortSignal;
}

/** Verifies the signatures of a file (CMS .p7s / .p7m so far). A bad signature is a report, not an error. */
export declare function verify(input: Blob | ArrayBuffer | ArrayBufferView, options?: VerifyOptions): Promise<VerificationReport>;


// ---- Reports a clerk can read ----

/** A distinguished name's parts, each made visible (NFC, hidden characters as `\u{…}`). */
export interface NameParts {
  name?: string; organization?: string; unit?: string; locality?: string; province?: string;
  country?: string; email?: string; uid?: string; serialNumber?: string; title?: string;
}
/** An instant in a time zone: ISO 8601 with the zone's offset, and a reading form. */
export interface ZonedTime { iso: string; text: string; zone: string }
export interface FormattedCheck {
  id: CheckId; result: SignatureCheck['result']; subIndication: SubIndication | null;
  /** What the check found (null for a code this version has no sentence for). */
  code: CheckCode | null;
  /** The check's name, its result and what it found, in the report's language (`text` joins
   * them; `message` is null for a code this version has no sentence for). */
  label: string; resultText: string; message: string | null; text: string;
  /** The core's English detail, made visible (for experts). */
  detail: string;
}
export interface FormattedSignature {
  indication: Indication; subIndication: SubIndication | null;
  /** One line a clerk understands. */
  verdict: string;
  signer: (NameParts & { issuer: string; serial: string }) | null;
  claimedSigningTime: { signer: ZonedTime | null; reader: ZonedTime | null } | null;
  timestamp: { signer: ZonedTime | null; reader: ZonedTime | null; tsa: string; indication: Indication } | null;
  checks: FormattedCheck[];
  warnings: string[];
}
export interface FormattedReport { locale: 'vi' | 'en'; verdict: string; signatures: FormattedSignature[] }

/** A report in Vietnamese (default) or English; times in the signer's zone (Asia/Ho_Chi_Minh by default) and the reader's. */
export declare function formatReport(report: VerificationReport, options?: { locale?: 'vi' | 'en'; signerTimeZone?: string; readerTimeZone?: string }): FormattedReport;
/** An RFC 4514 name (as reports give it) split into its parts. */
export declare function parseName(dn: string | null | undefined): NameParts;
/** An instant in a time zone (default Asia/Ho_Chi_Minh); null for an unreadable time. */
export declare function zonedTime(when: string | Date, timeZone?: string, locale?: 'vi' | 'en'): ZonedTime | null;
/** Text made safe to show: NFC, control, bidi and invisible characters as `\u{…}`. */
export declare function visibleText(text: string | null | undefined): string;

// ---- Signing ----

export type SignatureScheme = 'RSASSA-PKCS1-v1_5' | 'RSA-PSS' | 'ECDSA';
type Bytes = ArrayBuffer | ArrayBufferView;

export interface PrepareOptions {
  /** The signer's certificate first, then its chain (PEM or DER). */
  certificateChain: (string | Bytes)[];
  /** The signature's /M, a claim (default: now). */
  signingTime?: Date;
  reason?: string;
  location?: string;
  contactInfo?: string;
  /** Default: the certificate's common name. */
  name?: string;
  /** Default: the first free SignatureN. */
  fieldName?: string;
  hash?: 'SHA-256' | 'SHA-384' | 'SHA-512';
  /** Default: from the key (RSA: PKCS#1 v1.5). */
  signatureAlgorithm?: SignatureScheme;
  /** Room for an RFC 3161 token (PAdES B-T). */
  timestampRoom?: boolean;
  /** Bytes of CRLs / OCSP responses finishPdfSignature will embed. */
  revocationRoom?: number;
  /**
   * Invisible (default), or a text block on `page` (from 1) in `rect` [x1, y1, x2, y2] (default:
   * the top right), with `lines` (default: who signed, the organisation, the time, as Decree 30
   * marks an electronic copy), in an embedded font with the Vietnamese letters.
   */
  appearance?: 'invisible' | { page?: number; rect?: number[]; lines?: string[]; /** A PNG (needs `rect`). */ image?: Blob | ArrayBuffer | ArrayBufferView };
  /** Limits raised or lowered for this call (see Limits). */
  limits?: Partial<Limits>;
  signal?: AbortSignal;
}

export interface PreparedSignature {
  /** DER signed attributes: what the key signs. */
  dataToSign: Uint8Array;
  /** Their digest (for bridges that sign a digest). */
  digest: Uint8Array;
  digestAlgorithm: string;
  scheme: SignatureScheme;
  /** Opaque: give it back to finishPdfSignature. */
  state: Uint8Array;
}

export declare function preparePdfSignature(pdf: Blob | Bytes, options: PrepareOptions): Promise<PreparedSignature>;
export declare function finishPdfSignature(
  state: Uint8Array,
  signature: Uint8Array,
  options?: { timestampToken?: Uint8Array; crls?: Uint8Array[]; ocspResponses?: Uint8Array[]; signal?: AbortSignal },
): Promise<Uint8Array>;

/** A certificate a bridge offers. */
export interface CertInfo {
  /** SHA-256 of the DER, hex. */
  certId: string;
  /** DER. */
  certificate: Uint8Array;
  chain?: Uint8Array[];
  token?: string;
  algorithms?: string[];
}

export interface SignRequest {
  cert: CertInfo;
  digest: Uint8Array;
  dataToSign: Uint8Array;
  hash: 'SHA-256' | 'SHA-384' | 'SHA-512' | 'SHA-1';
  algorithm: SignatureScheme;
  display?: { documentName: string };
}

/** What vanban asks of a signing bridge (BRIDGE.md); adapters throw BridgeError. */
export interface SigningBridge {
  readonly id: string;
  detect(): Promise<{ id: string; protocol: number; version: string; paired?: boolean } | null>;
  readonly capabilities: { digest: boolean; data: boolean; document: boolean; algorithms: string[] };
  listCertificates(filter?: unknown): Promise<CertInfo[]>;
  sign(req: SignRequest): Promise<{ signature: Uint8Array; certificate: Uint8Array; chain?: Uint8Array[] }>;
}

export interface SignOptions extends Omit<PrepareOptions, 'certificateChain' | 'timestampRoom' | 'revocationRoom'> {
  bridge: SigningBridge;
  certificate: CertInfo;
  /** Gets an RFC 3161 token over the signature value from the portal's TSA (PAdES B-T). */
  timestamp?: (req: { hash: string; imprint: Uint8Array }) => Promise<Uint8Array>;
  /** Embedded so that verifiers can decide revocation. */
  revocation?: { crls?: Uint8Array[]; ocspResponses?: Uint8Array[] };
  /** Anchors for the check of the result. */
  trust?: (string | Bytes)[];
  defaultTrust?: boolean;
  /** Shown by the bridge. */
  documentName?: string;
}

/** prepare → bridge → (timestamp) → finish → verify. */
export declare function sign(input: Blob | Bytes, options: SignOptions): Promise<{ pdf: Uint8Array; report: VerificationReport }>;

/** A WebCrypto private key from PKCS#8 (PEM or DER), for softKeyBridge. */
export declare function importSoftKey(
  pkcs8: string | Bytes,
  options?: { algorithm?: 'RSASSA-PKCS1-v1_5' | 'ECDSA'; hash?: string; namedCurve?: string },
): Promise<CryptoKey>;

/** A SigningBridge over a key in the page: development and tests only. */
export declare function softKeyBridge(key: { privateKey: CryptoKey; certificate: string | Bytes; chain?: (string | Bytes)[]; label?: string }): SigningBridge;

/** The SigningBridge of vanban-bridge (BRIDGE.md protocol v1 on 127.0.0.1). */
export declare function vanbanBridge(options?: {
  url?: string;
  origin?: string;
  timeoutMs?: number;
  /** Called before each signature with what the bridge's PIN prompt shows too. */
  onConfirm?: (c: { fingerprint: string; documentName: string | null }) => void;
}): SigningBridge & {
  /** Asks the bridge to pair this page's origin; the code appears on the bridge's console only. */
  pair(): Promise<{ paired: boolean; pending: boolean; expiresIn: number | null }>;
  /** Sends the code the user typed (read on the bridge's console). */
  confirmPairing(code: string): Promise<{ paired: boolean }>;
};

/** A digest's fingerprint as vanban-bridge's PIN prompt shows it (`"3A7F 09C2"`). */
export declare function digestFingerprint(digest: Uint8Array): string;

/**
 * A whole-file signing service in the manner of the VGCA Sign Service (wss://127.0.0.1:8987):
 * it downloads the document from a URL, signs it, uploads it to the portal; not an official
 * specification (see the README).
 */
export declare function vgcaStyleBridge(options: {
  url?: string;
  uploadHandler: string;
  fetchSigned: (reply: { fileName: string; fileServer: string }) => Promise<Blob | ArrayBuffer | ArrayBufferView>;
  sessionId?: string;
  jwtToken?: string;
  operation?: string;
  timeoutMs?: number;
}): SigningBridge & { signDocument(job: { fileUrl: string; metadata?: Record<string, string> }): Promise<Uint8Array> };

/** Signs through a whole-file service and verifies what comes back. */
export declare function signWholeFile(
  bridge: { signDocument(job: { fileUrl: string; metadata?: Record<string, string> }): Promise<Uint8Array> },
  options: { fileUrl: string; metadata?: Record<string, string>; original?: Blob | ArrayBuffer | ArrayBufferView; trust?: (string | ArrayBuffer | ArrayBufferView)[]; defaultTrust?: boolean; name?: string; signal?: AbortSignal },
): Promise<{ pdf: Uint8Array; report: VerificationReport; originalKept: boolean | null }>;
