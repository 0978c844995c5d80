// extractText: a document's text (DOCX or PDF) in the worker's text module.

import { CancelledError } from './errors.js';
import { runJob } from './client.js';
import { checkLimits, checkSize, invalid, toBlob } from './util.js';

/** Output formats of extractText. */
export const TEXT_FORMATS = Object.freeze(['text', 'markdown', 'json']);

/**
 * Extracts the text of a document (DOCX or PDF) in the worker. The format is detected from the bytes,
 * never from the file name.
 *
 * @param {Blob|ArrayBuffer|ArrayBufferView} input
 * @param {object} [options]
 * @param {'text'|'markdown'|'json'} [options.format='text'] 'json' resolves to the document
 *   object (type VanbanDocument), the others to a string
 * @param {boolean} [options.showDeletions=false] keep the text of tracked deletions too
 * @param {boolean} [options.omitSignatureStamps=false] leave out the "Ký bởi … Thời gian ký …"
 *   blocks signing tools stamp on signed PDFs (kept by default, and marked in the 'json' model)
 * @param {number} [options.signedRevision] a signed PDF: read the revision the signature of this
 *   index (in the verification report's `signatures`) signed — the document as it was signed, to
 *   show beside what is displayed now — instead of the whole file
 * @param {Partial<Record<string, number>>} [options.limits] the core's limits (LIMITS), raised or
 *   lowered; reaching one rejects with ERR_LIMIT_EXCEEDED naming it
 * @param {AbortSignal} [options.signal]
 * @param {(notice: {kind: 'noTextLayer', page: number, images: boolean}) => void} [options.onNotice]
 *   called, before the promise resolves, for what the reader should know about the text: a PDF
 *   page without a text layer (a scan when it draws images) is reported, not passed off as an
 *   empty success. The 'json' document carries the same list as `notices`.
 */
export async function extractText(input, options = {}) {
  const { format = 'text', showDeletions = false, omitSignatureStamps = false, signedRevision, limits, signal, onNotice } = options ?? {};
  const blob = toBlob(input);
  if (!TEXT_FORMATS.includes(format)) throw invalid(`format must be one of ${TEXT_FORMATS.join(', ')}`);
  if (typeof showDeletions !== 'boolean') throw invalid('showDeletions must be true or false');
  if (typeof omitSignatureStamps !== 'boolean') throw invalid('omitSignatureStamps must be true or false');
  if (onNotice !== undefined && typeof onNotice !== 'function') throw invalid('onNotice must be a function');
  if (signedRevision !== undefined && !(Number.isInteger(signedRevision) && signedRevision >= 0 && signedRevision < 2 ** 32)) {
    throw invalid('signedRevision must be the index of a signature in the verification report (0, 1, …)');
  }
  const core = { format, showDeletions, omitSignatureStamps, signedRevision, limits: checkLimits(limits) };
  checkSize(blob.size, core.limits, 'the document');
  if (signal?.aborted) throw new CancelledError();
  // Read here and transfer: every Blob can be read, not every Blob can be posted (Node's
  // file-backed ones), and the transfer moves the bytes without copying them.
  const buf = await blob.arrayBuffer();
  return runJob({ type: 'extract', buf, options: core }, signal, [buf], (notices) => {
    for (const notice of notices ?? []) onNotice?.(notice);
  });
}
