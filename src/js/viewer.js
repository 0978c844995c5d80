// <vanban-viewer>: a custom element (no framework) a portal drops into a page. A file in (a
// button or a drop) → its text with copy and download, its signatures as a clerk reads them
// (formatReport), its notices. `lang="vi|en"`; CSS parts for theming (toolbar, open, drop,
// status, text, signatures, signature, notices); events `vanban-text`, `vanban-report`,
// `vanban-error` (detail: what the API returned). Keyboard: every action is a button; progress
// and results are announced by a live region. Import 'vanban/viewer' to define the element.
import { extractText, verify } from './glue.js';
import { formatReport, visibleText } from './format.js';

const WORDS = {
  vi: {
    open: 'Chọn tệp…', drop: 'Hoặc kéo thả tệp DOCX, PDF vào đây', copy: 'Sao chép nội dung', download: 'Tải nội dung (.txt)',
    reading: (n) => `Đang đọc ${n}…`, done: (n, s) => `${n}: đã trích xuất nội dung${s ? `; ${s} chữ ký` : ''}.`,
    failed: (n, m) => `Không đọc được ${n}: ${m}`, copied: 'Đã sao chép.', text: 'Nội dung văn bản',
    signatures: 'Chữ ký số', notices: 'Lưu ý', noText: (p) => `Trang ${p} không có lớp chữ (bản quét?)`,
    signature: (i) => `Chữ ký ${i}`, noSignature: 'Tệp không có chữ ký số.',
    notChecked: 'Chữ ký số trong loại tệp này chưa được kiểm tra (vanban chưa đọc được chữ ký của định dạng này).',
    facts: { name: 'Người ký', organization: 'Cơ quan', unit: 'Đơn vị', locality: 'Nơi', issuer: 'Tổ chức cấp chứng thư', timestamp: 'Dấu thời gian (đã kiểm chứng)', claimed: 'Thời điểm người ký tự khai (chưa kiểm chứng)' },
    checks: 'Các bước kiểm tra',
  },
  en: {
    open: 'Choose a file…', drop: 'Or drop a DOCX or PDF file here', copy: 'Copy the text', download: 'Download the text (.txt)',
    reading: (n) => `Reading ${n}…`, done: (n, s) => `${n}: text extracted${s ? `; ${s} signature(s)` : ''}.`,
    failed: (n, m) => `Could not read ${n}: ${m}`, copied: 'Copied.', text: 'Document text',
    signatures: 'Digital signatures', notices: 'Notices', noText: (p) => `Page ${p} has no text layer (a scan?)`,
    signature: (i) => `Signature ${i}`, noSignature: 'The file has no digital signature.',
    notChecked: 'Digital signatures in this kind of file are not checked (vanban cannot read this format\'s signatures yet).',
    facts: { name: 'Signer', organization: 'Organisation', unit: 'Unit', locality: 'Place', issuer: 'Certificate issuer', timestamp: 'Timestamp (verified)', claimed: "Signer's own claimed time (not verified)" },
    checks: 'Checks',
  },
};

const STYLE = `
:host { display: block; font: inherit; color: inherit; }
[part~="toolbar"] { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
button { font: inherit; padding: .4rem .8rem; border-radius: .3rem; border: 1px solid #8a8f98; background: #fff; color: #1c1f24; cursor: pointer; }
button:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
[part~="drop"] { border: 2px dashed #8a8f98; border-radius: .5rem; padding: 1rem; margin: .5rem 0; text-align: center; }
[part~="drop"].over { background: #eef3fd; }
[part~="text"] { font-family: inherit; white-space: pre-wrap; max-height: 24rem; overflow: auto; border: 1px solid #d0d4da; padding: .75rem; background: #fafbfc; color: #1c1f24; }
[part~="signature"] { border-left: 4px solid #8a8f98; padding: .25rem .75rem; margin: .5rem 0; }
[part~="signature"].total_passed { border-color: #1e7b34; }
[part~="signature"].total_failed { border-color: #b3261e; }
[part~="signature"].indeterminate { border-color: #a05a00; }
h2, h3 { font-size: 1rem; margin: .75rem 0 .25rem; }
[part~="facts"] { display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: .15rem .75rem; margin: .25rem 0; }
[part~="facts"] dt { color: #4a4f57; }
[part~="facts"] dd { margin: 0; overflow-wrap: anywhere; }
[part~="checks"] li[data-result="failed"] { color: #b3261e; }
details { margin: .25rem 0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

export class VanbanViewer extends HTMLElement {
  static get observedAttributes() { return ['lang']; }

  constructor() {
    super();
    /** Extra trust anchors (PEM or DER) for verification. */
    this.trust = [];
    /** Whether the bundled Vietnamese anchors count (default true). */
    this.defaultTrust = true;
    this.state = { name: null, text: null, report: null, notices: [], error: null, busy: false, note: '' };
    this.attachShadow({ mode: 'open' });
  }

  get words() { return WORDS[this.getAttribute('lang') === 'en' ? 'en' : 'vi']; }

  connectedCallback() { this.render(); }

  attributeChangedCallback() { if (this.shadowRoot) this.render(); }

  /** Reads `file` (a File or Blob with a name): its text when it is a document, and its
   * signatures when it has any (a `.p7m` or `.p7s` has signatures and no text of its own). A
   * format vanban reads neither way is an error. */
  async open(file) {
    const name = file.name ?? 'document';
    this.state = { name, text: null, report: null, notices: [], error: null, busy: true, note: '' };
    this.render();
    const unsupported = (err) => err?.code === 'ERR_UNSUPPORTED_FORMAT';
    try {
      let read = false;
      try {
        const notices = [];
        const text = await extractText(file, { onNotice: (n) => notices.push(n) });
        this.state.text = text;
        this.state.notices = notices;
        read = true;
        this.dispatchEvent(new CustomEvent('vanban-text', { detail: { name, text, notices } }));
      } catch (err) {
        if (!unsupported(err)) throw err;
      }
      try {
        const report = await verify(file, { trust: this.trust, defaultTrust: this.defaultTrust, name });
        this.state.report = report;
        read = true;
        this.dispatchEvent(new CustomEvent('vanban-report', { detail: { name, report, formatted: formatReport(report, { locale: this.locale }) } }));
      } catch (err) {
        if (!unsupported(err) || !read) throw err;
        this.state.notChecked = true;
      }
    } catch (err) {
      this.state.error = err;
      this.dispatchEvent(new CustomEvent('vanban-error', { detail: { name, error: err } }));
    }
    this.state.busy = false;
    this.render();
  }

  get locale() { return this.getAttribute('lang') === 'en' ? 'en' : 'vi'; }

  render() {
    const w = this.words;
    const root = this.shadowRoot;
    const el = (tag, attrs = {}, ...children) => {
      const e = document.createElement(tag);
      for (const [k, v] of Object.entries(attrs)) {
        if (k === 'part') e.setAttribute('part', v);
        else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
        else if (v !== false && v !== undefined) e.setAttribute(k, v === true ? '' : v);
      }
      e.append(...children.filter((c) => c !== null && c !== undefined));
      return e;
    };
    const input = el('input', { type: 'file', class: 'visually-hidden', tabindex: '-1', 'aria-hidden': 'true', accept: '.docx,.pdf,.doc,.odt,.rtf,.p7s,.p7m' });
    input.addEventListener('change', () => { if (input.files[0]) this.open(input.files[0]); });
    const openButton = el('button', { type: 'button', part: 'open', onclick: () => input.click() }, w.open);
    const toolbar = el('div', { part: 'toolbar' }, openButton, input);
    const s = this.state;
    if (s.text !== null) {
      toolbar.append(
        el('button', { type: 'button', part: 'copy', onclick: async () => { await navigator.clipboard?.writeText(s.text); this.state.note = w.copied; this.render(); } }, w.copy),
        el('button', { type: 'button', part: 'download', onclick: () => {
          const a = document.createElement('a');
          a.href = URL.createObjectURL(new Blob([s.text], { type: 'text/plain;charset=utf-8' }));
          a.download = `${(s.name ?? 'document').replace(/\.[^.]+$/, '')}.txt`;
          a.click();
          setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
        } }, w.download),
      );
    }
    const drop = el('div', { part: 'drop' }, w.drop);
    drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); const f = e.dataTransfer?.files?.[0]; if (f) this.open(f); });
    const sigCount = s.report?.signatures.length ?? 0;
    const status = el('p', { part: 'status', role: 'status', 'aria-live': 'polite' },
      s.busy ? w.reading(visibleText(s.name)) : s.error ? w.failed(visibleText(s.name), visibleText(s.error.message)) : s.name ? `${w.done(visibleText(s.name), sigCount)} ${s.note}`.trim() : '');
    const parts = [el('style', {}, STYLE), toolbar, drop, status];
    if (s.notices.length) {
      parts.push(el('section', { part: 'notices', 'aria-label': w.notices }, el('h2', {}, w.notices),
        el('ul', {}, ...s.notices.map((n) => el('li', {}, n.kind === 'noTextLayer' ? w.noText(n.page) : n.kind)))));
    }
    if (s.report && sigCount) {
      const f = formatReport(s.report, { locale: this.locale });
      // The signer in parts and the times in the signer's zone, each only when known.
      const facts = (sig) => {
        const rows = [
          ['name', sig.signer?.name], ['organization', sig.signer?.organization], ['unit', sig.signer?.unit],
          ['locality', sig.signer?.locality ?? sig.signer?.province], ['issuer', sig.signer?.issuer],
          ['timestamp', sig.timestamp?.signer && `${sig.timestamp.signer.text}${sig.timestamp.tsa ? ` — ${sig.timestamp.tsa}` : ''}`],
          ['claimed', sig.claimedSigningTime?.signer?.text],
        ].filter(([, v]) => v);
        return el('dl', { part: 'facts' }, ...rows.flatMap(([k, v]) => [el('dt', {}, w.facts[k]), el('dd', {}, v)]));
      };
      parts.push(el('section', { part: 'signatures', 'aria-label': w.signatures }, el('h2', {}, w.signatures), el('p', { part: 'verdict' }, f.verdict),
        ...f.signatures.map((sig, i) => el('article', { part: 'signature', class: sig.indication.toLowerCase(), 'data-indication': sig.indication },
          el('h3', {}, w.signature(i + 1)), el('p', {}, sig.verdict), facts(sig),
          el('details', {}, el('summary', {}, w.checks),
            el('ul', { part: 'checks' }, ...sig.checks.map((c) => el('li', { 'data-result': c.result, 'data-code': c.code ?? '' }, c.text))))))));
    } else if (s.report && !s.busy) {
      // Only when the verifier read the file: a format whose signatures it cannot read yet is
      // never said to have none.
      parts.push(el('p', { part: 'verdict' }, w.noSignature));
    } else if (s.notChecked && !s.busy) {
      parts.push(el('p', { part: 'verdict not-checked' }, w.notChecked));
    }
    if (s.text !== null) {
      parts.push(el('section', { 'aria-label': w.text }, el('h2', {}, w.text), el('pre', { part: 'text', tabindex: '0' }, s.text)));
    }
    root.replaceChildren(...parts);
  }
}

if (typeof customElements !== 'undefined' && !customElements.get('vanban-viewer')) {
  customElements.define('vanban-viewer', VanbanViewer);
}
