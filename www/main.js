// The demo portal: file hashes with progress, in Vietnamese or English.
import { hashFile, extractText, verify, sign, softKeyBridge, importSoftKey, vanbanBridge, formatReport, BridgeError, CancelledError } from '/pkg/index.js';
import { MESSAGES, ERROR_TEXT } from './i18n.js';
import '/pkg/viewer.js';

const $ = (sel, root = document) => root.querySelector(sel);
let lang = localStorage.getItem('vanban.lang') === 'en' ? 'en' : 'vi';
const t = (key, ...args) => {
  const m = MESSAGES[lang][key];
  return typeof m === 'function' ? m(...args) : m;
};

function applyLanguage() {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  for (const b of document.querySelectorAll('.lang button')) b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
  for (const item of document.querySelectorAll('.result')) item.render?.();
  if (lastStatus) setStatus(lastStatus[0], ...lastStatus[1]);
  $('#viewer')?.setAttribute('lang', lang);
  renderExtract();
  renderVerify();
  renderSign();
}

for (const b of document.querySelectorAll('.lang button')) {
  b.addEventListener('click', () => {
    lang = b.dataset.lang;
    localStorage.setItem('vanban.lang', lang);
    applyLanguage();
  });
}

const formatSize = (n) => {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i += 1; }
  const num = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 }).format(v);
  return `${num} ${i === 0 ? t('bytes') : units[i]}`;
};

const ENGINE_NAMES = { webcrypto: 'WebCrypto', wasm: 'WebAssembly', node: 'Node.js' };
const formatSeconds = (s) => new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
  minimumFractionDigits: 2, maximumFractionDigits: 2,
}).format(s);

function selectedAlgorithms() {
  return [...document.querySelectorAll('input[name="algo"]:checked')].map((c) => c.value);
}

/** A file input behind a label that opens it from the keyboard too, inside a drop zone. */
function wireDropZone(drop, label, input, onFiles) {
  input.addEventListener('change', () => {
    onFiles([...input.files]);
    input.value = '';
  });
  label.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      input.click();
    }
  });
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    onFiles([...e.dataTransfer.files]);
  });
}

const status = $('#status');
const results = $('#results');
let lastStatus = null;
function setStatus(key, ...args) {
  lastStatus = key ? [key, args] : null;
  status.textContent = key ? t(key, ...args) : '';
}

function startHash(file) {
  const algorithms = selectedAlgorithms();
  if (algorithms.length === 0) {
    setStatus('noAlgo');
    return;
  }
  const item = $('#result-template').content.firstElementChild.cloneNode(true);
  const progress = $('progress', item);
  const state = $('.result-state', item);
  const cancel = $('.cancel', item);
  const controller = new AbortController();
  let view = { kind: 'running', pct: 0 };
  item.dataset.file = file.name;
  $('.file-name', item).textContent = file.name;
  item.render = () => {
    $('.file-size', item).textContent = formatSize(file.size);
    cancel.textContent = t('cancel');
    if (view.kind === 'running') state.textContent = t('hashing', view.pct);
    else if (view.kind === 'done') state.textContent = t('done', ENGINE_NAMES[view.engine] ?? view.engine, formatSeconds(view.seconds));
    else if (view.kind === 'cancelled') state.textContent = t('cancelled');
    else state.textContent = t('failed', ERROR_TEXT[lang][view.code] ?? view.message);
    for (const b of item.querySelectorAll('.copy')) b.textContent = b.dataset.copied ? t('copied') : t('copy');
  };
  item.render();
  cancel.addEventListener('click', () => controller.abort());
  results.prepend(item);

  const started = performance.now();
  hashFile(file, {
    algorithms,
    signal: controller.signal,
    onProgress: ({ fraction }) => {
      progress.value = fraction;
      view = { kind: 'running', pct: Math.floor(fraction * 100) };
      item.render();
    },
  }).then((result) => {
    const seconds = (performance.now() - started) / 1000;
    view = { kind: 'done', engine: result.engine, seconds };
    item.classList.add('done');
    cancel.remove();
    const dl = $('.digests', item);
    for (const [algorithm, digest] of Object.entries(result.digests)) {
      const dt = document.createElement('dt');
      dt.textContent = algorithm;
      const dd = document.createElement('dd');
      dd.textContent = digest.hex;
      dd.dataset.testid = `digest-${algorithm}`;
      dd.title = `base64: ${digest.base64}`;
      const copy = document.createElement('button');
      copy.type = 'button';
      copy.className = 'copy secondary small';
      copy.setAttribute('aria-label', `${t('copy')} ${algorithm}`);
      copy.addEventListener('click', async () => {
        try {
          await navigator.clipboard.writeText(digest.hex);
          copy.dataset.copied = '1';
        } catch {
          const range = document.createRange();
          range.selectNodeContents(dd);
          getSelection().removeAllRanges();
          getSelection().addRange(range);
        }
        item.render();
      });
      dl.append(dt, dd, copy);
    }
    item.render();
    setStatus('statusDone', file.name);
  }, (err) => {
    cancel.remove();
    if (err instanceof CancelledError) {
      view = { kind: 'cancelled' };
      item.classList.add('cancelled');
    } else {
      view = { kind: 'failed', code: err.code, message: err.message };
      item.classList.add('failed');
    }
    item.render();
  });
}

function startAll(files) {
  if (!files.length) return;
  setStatus('statusStarted', files.length);
  for (const f of files) startHash(f);
}

wireDropZone($('#drop'), $('#drop-label'), $('#file-input'), startAll);
$('#sample').addEventListener('click', async () => {
  try {
    const res = await fetch('samples/thong-bao-mau.txt');
    if (!res.ok) throw new Error(String(res.status));
    const blob = await res.blob();
    startAll([new File([blob], 'thong-bao-mau.txt', { type: 'text/plain' })]);
  } catch {
    setStatus('sampleFailed');
  }
});
$('#clear').addEventListener('click', () => {
  results.replaceChildren();
  setStatus(null);
});

// ---- Text extraction -------------------------------------------------------------------------

const extractStatus = $('#extract-status');
let extractView = null;
let extracted = null;
let lastExtractFile = null;
let extractNotices = [];
function renderExtract() {
  if (!extractView) return;
  const [key, ...args] = extractView;
  extractStatus.textContent = t(key, ...args);
  const list = $('#extract-notices');
  list.replaceChildren(...extractNotices.map((n) => {
    const item = document.createElement('li');
    item.textContent = t('noTextLayer', n.page, n.images);
    return item;
  }));
  list.hidden = extractNotices.length === 0;
}
function describeError(err) {
  return ERROR_TEXT[lang][err.code] ?? err.message;
}

async function extractFile(file) {
  lastExtractFile = file;
  const format = $('#extract-format').value;
  extractView = ['extracting', file.name];
  extractNotices = [];
  renderExtract();
  try {
    const notices = [];
    const text = await extractText(file, { format, onNotice: (n) => notices.push(n) });
    extractNotices = notices;
    extracted = { name: file.name, text, format };
    $('#extract-name').textContent = file.name;
    $('#extract-text').value = text;
    $('#extract-output').hidden = false;
    extractView = ['extracted', file.name, text.length];
  } catch (err) {
    extractView = ['extractFailed', file.name, describeError(err)];
  }
  renderExtract();
}

wireDropZone($('#extract-drop'), $('#extract-label'), $('#extract-input'), (files) => {
  if (files[0]) extractFile(files[0]);
});
async function extractSample(name) {
  try {
    const res = await fetch(`samples/${name}`);
    if (!res.ok) throw new Error(String(res.status));
    extractFile(new File([await res.blob()], name));
  } catch {
    extractStatus.textContent = t('sampleFailed');
  }
}
$('#extract-sample').addEventListener('click', () => extractSample('cong-van-mau.docx'));
$('#extract-sample-pdf').addEventListener('click', () => extractSample('thong-bao-mau.pdf'));
$('#extract-format').addEventListener('change', () => {
  if (lastExtractFile) extractFile(lastExtractFile);
});
$('#extract-copy').addEventListener('click', async () => {
  const area = $('#extract-text');
  try {
    await navigator.clipboard.writeText(area.value);
  } catch {
    area.select();
  }
});
$('#extract-download').addEventListener('click', () => {
  if (!extracted) return;
  const ext = extracted.format === 'markdown' ? 'md' : 'txt';
  const base = extracted.name.replace(/\.[^.]+$/, '');
  const url = URL.createObjectURL(new Blob([extracted.text], { type: ext === 'md' ? 'text/markdown;charset=utf-8' : 'text/plain;charset=utf-8' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: `${base}.${ext}` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
});

// ---- Signature verification ------------------------------------------------------------------

let verifyView = null;
let verifyReport = null;
let verifyFile = null;
let revisionText = null; // { which: 'signed' | 'displayed', n, text } shown under the summary
let sampleFiles = null;

const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
};

/** The document-level summary of a PDF: is what is displayed what was signed, and its text. */
function renderDocument() {
  const box = $('#verify-document');
  const doc = verifyReport?.document;
  if (!doc || !verifyReport.signatures.length) {
    box.replaceChildren();
    return;
  }
  const n = (doc.lastSignature ?? 0) + 1;
  const state = doc.displayedIsSigned === true ? 'same' : doc.displayedIsSigned === false ? 'changed' : 'unknown';
  const panel = el('div', `doc-panel ${state}`);
  panel.dataset.displayed = state;
  panel.append(el('h3', '', t('documentTitle')));
  panel.append(el('p', 'doc-verdict', state === 'same' ? t('displayedSigned', n) : state === 'changed' ? t('displayedChanged', n) : t('displayedUnknown')));
  panel.append(el('p', 'doc-revisions', t('revisionsCount', doc.revisions)));
  for (const w of doc.warnings) panel.append(el('p', 'doc-warning', w));
  if (verifyFile && doc.lastSignature !== null) {
    const actions = el('div', 'actions');
    const show = async (which) => {
      try {
        const options = which === 'signed' ? { signedRevision: doc.lastSignature } : {};
        revisionText = { which, n, text: await extractText(verifyFile, options) };
      } catch (err) {
        revisionText = { which, n, text: describeError(err) };
      }
      renderDocument();
    };
    const signedButton = el('button', 'secondary', t('showSigned'));
    signedButton.type = 'button';
    signedButton.dataset.testid = 'show-signed';
    signedButton.addEventListener('click', () => show('signed'));
    actions.append(signedButton);
    if (state !== 'same') {
      const shownButton = el('button', 'secondary', t('showDisplayed'));
      shownButton.type = 'button';
      shownButton.dataset.testid = 'show-displayed';
      shownButton.addEventListener('click', () => show('displayed'));
      actions.append(shownButton);
    }
    panel.append(actions);
  }
  if (revisionText) {
    panel.append(el('h4', '', revisionText.which === 'signed' ? t('signedTextTitle', revisionText.n) : t('displayedTextTitle')));
    const pre = el('pre', 'doc-text', revisionText.text);
    pre.dataset.testid = 'revision-text';
    pre.dataset.which = revisionText.which;
    panel.append(pre);
  }
  box.replaceChildren(panel);
}

function renderVerify() {
  if (verifyView) {
    const [key, ...args] = verifyView;
    $('#verify-status').textContent = t(key, ...args);
  }
  renderDocument();
  const box = $('#verify-results');
  if (!verifyReport) {
    box.replaceChildren();
    return;
  }
  // The clerk's reading (formatReport): verdict lines, the signer in parts, zoned times.
  const clerk = formatReport(verifyReport, { locale: lang });
  box.replaceChildren(...verifyReport.signatures.map((s, i) => {
    const f = clerk.signatures[i];
    const panel = el('div', `sig-panel ${s.indication.toLowerCase()}`);
    panel.dataset.indication = s.indication;
    const reason = s.subIndication ? ` — ${t('subIndication')[s.subIndication] ?? s.subIndication}` : '';
    const counter = s.counterSignatureOf === null || s.counterSignatureOf === undefined ? '' : ` (${t('counterOf', s.counterSignatureOf + 1)})`;
    panel.append(el('h3', 'sig-verdict', `${t('signatureN', i + 1)}${counter}: ${t('indication')[s.indication]}${reason}`));
    panel.append(el('p', 'sig-summary', f.verdict));
    const facts = el('dl', 'sig-facts');
    const fact = (label, value) => { if (value) facts.append(el('dt', '', label), el('dd', '', value)); };
    fact(t('signerLabel'), f.signer?.name);
    fact(t('organizationLabel'), [f.signer?.unit, f.signer?.organization].filter(Boolean).join(', '));
    fact(t('placeLabel'), [f.signer?.locality, f.signer?.province, f.signer?.country].filter(Boolean).join(', '));
    fact(t('issuerLabel'), f.signer?.issuer);
    fact(t('claimedTimeLabel'), f.claimedSigningTime?.signer?.text);
    fact(t('timestampLabel'), f.timestamp && `${f.timestamp.signer?.text} — ${f.timestamp.tsa}`);
    fact(t('anchorLabel'), s.trustAnchor);
    fact(t('coverageLabel'), s.coverage && t('coverageNames')[s.coverage]);
    fact(t('levelLabel'), s.modificationLevel && t('levelNames')[s.modificationLevel]);
    const claims = Object.entries(s.claims ?? {}).filter(([k]) => k !== 'kind').map(([k, v]) => `${t('claimNames')[k] ?? k}: ${v}`).join(' · ');
    fact(t('claimsLabel'), claims);
    panel.append(facts);
    if (s.modifications?.length) {
      const mods = el('details', 'sig-modifications');
      mods.open = s.modifications.some((m) => !m.allowed);
      mods.append(el('summary', '', `${t('modificationsTitle')} (${s.modifications.length})`));
      const ul = el('ul');
      for (const m of s.modifications) {
        const li = el('li', m.allowed ? 'allowed' : 'forbidden');
        li.append(el('span', 'mod-verdict', m.allowed ? t('modificationAllowed') : t('modificationForbidden')), el('span', 'mod-description', m.description));
        ul.append(li);
      }
      mods.append(ul);
      panel.append(mods);
    }
    const list = el('ul', 'sig-checks');
    for (const c of f.checks) {
      const item = el('li', `check ${c.result}`);
      const label = el('span', 'check-label', c.label);
      label.dataset.id = c.id;
      const detail = el('details', 'check-more');
      detail.append(el('summary', '', t('checkDetail')), el('span', 'check-id', c.id), el('span', 'check-detail', c.detail));
      // What the check found, in the page's language; the core's English detail below for experts.
      const found = el('span', 'check-message', c.message ?? '');
      item.append(el('span', 'check-result', c.resultText), label, found, detail);
      list.append(item);
    }
    panel.append(list);
    return panel;
  }));
}

async function runVerify(sigFile, contentFile, testAnchor) {
  if (!sigFile) {
    verifyView = ['verifyNoFile'];
    renderVerify();
    return;
  }
  verifyView = ['verifying', sigFile.name];
  verifyReport = null;
  verifyFile = sigFile;
  revisionText = null;
  renderVerify();
  try {
    const trust = testAnchor ? [await (await fetch('samples/vanban-test-ca.pem')).text()] : [];
    verifyReport = await verify(sigFile, { detachedContent: contentFile ?? undefined, trust });
    verifyView = ['verified', sigFile.name, verifyReport.signatures.length];
  } catch (err) {
    verifyView = ['verifyFailed', sigFile.name, describeError(err)];
  }
  renderVerify();
}

$('#verify-run').addEventListener('click', () => {
  const sig = $('#verify-sig').files[0] ?? sampleFiles?.sig;
  const content = $('#verify-content').files[0] ?? sampleFiles?.content;
  runVerify(sig, content, $('#verify-test-anchor').checked);
});
for (const id of ['#verify-sig', '#verify-content']) {
  $(id).addEventListener('change', () => { sampleFiles = null; });
}
for (const [id, name] of [['#verify-sample-pdf', 'thong-bao-mau-da-ky.pdf'], ['#verify-sample-tampered', 'thong-bao-mau-da-ky-sua.pdf']]) {
  $(id).addEventListener('click', async () => {
    try {
      sampleFiles = { sig: new File([await (await fetch(`samples/${name}`)).blob()], name, { type: 'application/pdf' }), content: null };
      $('#verify-test-anchor').checked = true;
      runVerify(sampleFiles.sig, null, true);
    } catch {
      $('#verify-status').textContent = t('sampleFailed');
    }
  });
}
// The viewer: the sample signed PDF, and the test root trusted on request (as in the verify tool).
const viewer = $('#viewer');
const viewerTrust = async () => {
  viewer.trust = $('#viewer-test-anchor').checked ? [await (await fetch('samples/vanban-test-ca.pem')).text()] : [];
};
$('#viewer-test-anchor').addEventListener('change', viewerTrust);
$('#viewer-sample').addEventListener('click', async () => {
  $('#viewer-test-anchor').checked = true;
  await viewerTrust();
  const name = 'thong-bao-mau-da-ky.pdf';
  viewer.open(new File([await (await fetch(`samples/${name}`)).blob()], name, { type: 'application/pdf' }));
});
$('#verify-sample').addEventListener('click', async () => {
  try {
    const load = async (name) => new File([await (await fetch(`samples/${name}`)).blob()], name);
    sampleFiles = { sig: await load('thong-bao-mau.txt.p7s'), content: await load('thong-bao-mau.txt') };
    $('#verify-test-anchor').checked = true;
    runVerify(sampleFiles.sig, sampleFiles.content, true);
  } catch {
    $('#verify-status').textContent = t('sampleFailed');
  }
});

// ---- Signing: the test key in the page, or a USB token through vanban-bridge ----
let signView = null;
function renderSign() {
  $('#sign-status').textContent = signView ? t(signView[0], ...signView.slice(1)) : '';
}
let testBridge = null;
/** The development soft key: the test signer's key and certificate, public test material. */
function testKeyBridge() {
  testBridge ??= (async () => {
    const text = async (n) => (await fetch(`samples/${n}`)).text();
    const [key, cert, ca] = await Promise.all([text('vanban-test-signer.key.pem'), text('vanban-test-signer.pem'), text('vanban-test-ca.pem')]);
    return softKeyBridge({ privateKey: await importSoftKey(key), certificate: cert, chain: [ca], label: 'vanban test key' });
  })();
  return testBridge;
}
/** vanban-bridge on this computer (`?bridge=URL` overrides its address), paired with this page
 * first when it is not yet: the bridge's console shows this origin and a code, which the user
 * types into the page. Before each signature the page shows the digest's fingerprint, which
 * the bridge's PIN prompt shows too. */
async function tokenBridge() {
  const url = new URLSearchParams(location.search).get('bridge') ?? 'http://127.0.0.1:9797';
  const bridge = vanbanBridge({
    url,
    onConfirm: ({ fingerprint, documentName }) => { signView = ['signConfirm', fingerprint, documentName]; renderSign(); },
  });
  const info = await bridge.detect();
  if (!info) throw new BridgeError('NOT_RUNNING', `no vanban-bridge answers at ${url}`);
  if (!info.paired) {
    const asked = await bridge.pair();
    if (!asked.paired) await typedPairing(bridge, asked.expiresIn ?? 120);
  }
  return bridge;
}

/** Waits for the user to type the pairing code into the form; resolves once paired. */
function typedPairing(bridge, seconds) {
  const form = $('#sign-pair');
  const input = $('#sign-pair-code');
  signView = ['signPairing'];
  renderSign();
  form.hidden = false;
  input.value = '';
  input.focus();
  return new Promise((resolve, reject) => {
    const done = (fn, value) => { clearTimeout(timer); form.hidden = true; form.onsubmit = null; fn(value); };
    const timer = setTimeout(() => done(reject, new BridgeError('USER_TIMEOUT', 'the pairing code was not typed in time')), seconds * 1000);
    form.onsubmit = async (event) => {
      event.preventDefault();
      try {
        await bridge.confirmPairing(input.value);
        done(resolve);
      } catch (err) {
        if (err.code === 'INVALID_ARGUMENT' && err.retriesLeft > 0) {
          signView = ['signPairWrong', err.retriesLeft];
          renderSign();
          input.select();
        } else {
          done(reject, err);
        }
      }
    };
  });
}

$('#sign-run').addEventListener('click', async () => {
  let file = $('#sign-file').files[0];
  const link = $('#sign-download');
  link.hidden = true;
  try {
    file ??= new File([await (await fetch('samples/thong-bao-mau.pdf')).blob()], 'thong-bao-mau.pdf', { type: 'application/pdf' });
    signView = ['signing', file.name];
    renderSign();
    const bridge = $('#sign-key').value === 'bridge' ? await tokenBridge() : await testKeyBridge();
    const [certificate] = await bridge.listCertificates();
    const crl = new Uint8Array(await (await fetch('samples/vanban-test-ca.crl')).arrayBuffer());
    const ca = await (await fetch('samples/vanban-test-ca.pem')).text();
    const { pdf, report } = await sign(file, {
      bridge, certificate, reason: $('#sign-reason').value, location: $('#sign-location').value,
      appearance: $('#sign-visible').checked ? { page: 1 } : 'invisible',
      revocation: { crls: [crl] }, trust: [ca],
    });
    const name = `${file.name.replace(/\.pdf$/i, '')}-da-ky.pdf`;
    if (link.href) URL.revokeObjectURL(link.href);
    link.href = URL.createObjectURL(new Blob([pdf], { type: 'application/pdf' }));
    link.download = name;
    link.hidden = false;
    signView = ['signed', name];
    verifyReport = report;
    verifyFile = new File([pdf], name, { type: 'application/pdf' });
    revisionText = null;
    verifyView = ['verified', name, report.signatures.length];
    renderVerify();
  } catch (err) {
    signView = ['signFailed', file?.name ?? 'thong-bao-mau.pdf', describeError(err)];
  }
  renderSign();
});

applyLanguage();
