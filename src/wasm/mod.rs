//! The JavaScript binding layer: the only module that names `wasm_bindgen`, `js_sys` or
//! `JsValue`. It converts and forwards; every decision is made in the core.
//!
//! Errors leave as `DocError` objects built by `src/js/errors.js`, with the core's stable code
//! and offset, never as bare strings.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::error::{Error, ErrorKind};
use crate::extract::{self, docx::DocxOptions, Format};
use crate::hash::MultiHasher;
use crate::limits::Limits;

#[wasm_bindgen(module = "/src/js/errors.js")]
extern "C" {
    #[wasm_bindgen(js_name = fromCore)]
    fn doc_error(code: &str, message: &str, offset: Option<f64>) -> JsValue;
}

/// What every exported function returns: a value, or a thrown `DocError`.
type JsResult<T> = Result<T, JsValue>;

impl From<Error> for JsValue {
    fn from(e: Error) -> Self {
        // f64 holds every offset below 2^53, far beyond any input the limits allow.
        #[allow(clippy::cast_precision_loss)]
        let offset = e.offset().map(|o| o as f64);
        doc_error(e.code(), &e.to_string(), offset)
    }
}

fn set(target: &Object, key: &str, value: &JsValue) -> JsResult<()> {
    Reflect::set(target, &JsValue::from_str(key), value).map(|_| ())
}

/// Streaming multi-digest over chunks, for the worker: `new Hasher(["SHA-256"])`, `update(bytes)`
/// any number of times, then `finalize()` once.
#[wasm_bindgen(js_name = Hasher)]
pub struct WasmHasher {
    inner: Option<MultiHasher>,
}

#[wasm_bindgen(js_class = Hasher)]
impl WasmHasher {
    /// Algorithm names as WebCrypto spells them (`SHA-1`, `SHA-256`, `SHA-384`, `SHA-512`);
    /// case and the dash are optional.
    #[wasm_bindgen(constructor)]
    pub fn new(algorithms: Vec<String>) -> JsResult<WasmHasher> {
        Ok(Self {
            inner: Some(MultiHasher::from_names(&algorithms)?),
        })
    }

    /// Feeds the next chunk.
    pub fn update(&mut self, chunk: &[u8]) -> JsResult<()> {
        self.live()?.update(chunk);
        Ok(())
    }

    /// Bytes fed so far.
    #[wasm_bindgen(getter, js_name = bytesHashed)]
    pub fn bytes_hashed(&self) -> f64 {
        #[allow(clippy::cast_precision_loss)]
        self.inner.as_ref().map_or(0.0, |h| h.bytes_hashed() as f64)
    }

    /// `[{algorithm, hex, base64}]` in the order given to the constructor. The hasher cannot be
    /// used afterwards.
    pub fn finalize(&mut self) -> JsResult<Array> {
        let hasher = self.inner.take().ok_or_else(finished)?;
        let out = Array::new();
        for digest in hasher.finalize() {
            let item = Object::new();
            set(
                &item,
                "algorithm",
                &JsValue::from_str(digest.algorithm().name()),
            )?;
            set(&item, "hex", &JsValue::from_str(&digest.to_hex()))?;
            set(&item, "base64", &JsValue::from_str(&digest.to_base64()))?;
            out.push(&item);
        }
        Ok(out)
    }

    fn live(&mut self) -> JsResult<&mut MultiHasher> {
        self.inner.as_mut().ok_or_else(finished)
    }
}

fn finished() -> JsValue {
    Error::new(ErrorKind::InvalidArgument {
        what: "hasher already finalized",
    })
    .into()
}

/// Every error code the core can raise, so the JS layer can check it knows them all.
#[wasm_bindgen(js_name = errorCodes)]
pub fn error_codes() -> Vec<String> {
    ErrorKind::ALL_CODES
        .iter()
        .map(|c| (*c).to_owned())
        .collect()
}

/// The crate version, e.g. `"0.1.0"`.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// The format of a document, detected from its bytes: `"docx"`, `"pdf"`, `"cms"`, or
/// `undefined`.
#[wasm_bindgen(js_name = detectFormat)]
pub fn detect_format(data: &[u8]) -> Option<String> {
    extract::detect(data).map(|f| match f {
        Format::Docx => "docx".to_owned(),
        Format::Pdf => "pdf".to_owned(),
        Format::Cms => "cms".to_owned(),
    })
}

/// The text of a document as `"text"`, `"markdown"` or `"json"` (a JSON string of the
/// `VanbanDocument` type), and its notices as a JSON array of the `Notice` type. The format of
/// the input is detected from its bytes; signature stamps are left out on request.
/// `signed_revision` (a PDF's signature, by its index in the report's `signatures`) reads the
/// revision that signature signed instead of the document as displayed.
#[wasm_bindgen(js_name = extractText)]
pub fn extract_text(
    data: &[u8],
    format: &str,
    show_deletions: bool,
    omit_signature_stamps: bool,
    signed_revision: Option<u32>,
) -> JsResult<Vec<String>> {
    let limits = Limits::default();
    limits.check_input_len(data.len() as u64)?;
    let data = match signed_revision {
        Some(i) => crate::verify::pdf::signed_revision(data, i as usize, &limits)?,
        None => data,
    };
    let options = DocxOptions {
        show_deletions,
        ..DocxOptions::default()
    };
    let mut doc = extract::extract_with(data, &limits, &options)?;
    if omit_signature_stamps {
        doc = doc.without_signature_stamps();
    }
    let notices = format!(
        "[{}]",
        doc.notices
            .iter()
            .map(crate::extract::model::Notice::to_json)
            .collect::<Vec<_>>()
            .join(",")
    );
    let out = match format {
        "text" => doc.to_text(),
        "markdown" => doc.to_markdown(),
        "json" => doc.to_json(),
        _ => return Err(Error::new(ErrorKind::InvalidArgument { what: "format" }).into()),
    };
    Ok(vec![out, notices])
}

/// The signature bindings (CMS and PDF verification, PDF signing): the `signatures` feature,
/// built into the full module (`vanban.js`); the text module (`vanban_text.js`, hashing and
/// extraction only) is built without them, so that a page that only reads documents downloads
/// no PKI code.
#[cfg(feature = "signatures")]
mod signatures {
    use super::*;

    /// The digests of its detached content a CMS message needs, as a comma-separated list of
    /// WebCrypto names (`"SHA-256"`), so that the caller can compute them natively; `""` when the
    /// content itself is needed (a signer without signed attributes, an enveloping message, not CMS).
    #[wasm_bindgen(js_name = cmsDigestPlan)]
    pub fn cms_digest_plan(data: &[u8]) -> String {
        crate::pki::cms::detached_digests_needed(data, &Limits::default())
            .map(|algs| algs.iter().map(|a| a.name()).collect::<Vec<_>>().join(","))
            .unwrap_or_default()
    }

    /// Verifies the signatures of a file (CMS `.p7s`/`.p7m` so far) and returns the
    /// `VerificationReport` as JSON. `trust_pem` holds extra anchors as PEM blocks; `at` is the
    /// validation time in seconds since 1970 (the core reads no clock).
    ///
    /// `detached_digests` may replace `detached`: `"SHA-256=<hex>;SHA-1=<hex>"`, the digests of the
    /// content computed by the caller (see `cmsDigestPlan`).
    #[wasm_bindgen(js_name = verifySignatures)]
    #[allow(clippy::too_many_arguments)]
    pub fn verify_signatures(
        data: &[u8],
        name: &str,
        detached: Option<Vec<u8>>,
        detached_digests: &str,
        trust_pem: &str,
        default_trust: bool,
        at: f64,
        weak_indeterminate: bool,
    ) -> JsResult<String> {
        let how = How::new(trust_pem, default_trust, at, weak_indeterminate)?;
        let digests = parse_digests(detached_digests)?;
        how.run(data, name, detached.as_deref(), &digests)
    }

    /// What every verification call takes: anchors, time, policy.
    struct How {
        store: crate::pki::path::TrustStore,
        at: i64,
        policy: crate::pki::algorithm::AlgorithmPolicy,
        limits: Limits,
    }

    impl How {
        fn new(
            trust_pem: &str,
            default_trust: bool,
            at: f64,
            weak_indeterminate: bool,
        ) -> JsResult<Self> {
            use crate::pki::algorithm::{AlgorithmPolicy, WeakOutcome};
            use crate::pki::path::TrustStore;
            let mut store = if default_trust {
                TrustStore::vietnam()
            } else {
                TrustStore::empty()
            };
            if !trust_pem.trim().is_empty() {
                store.add(trust_pem.as_bytes())?;
            }
            if !at.is_finite() {
                return Err(Error::new(ErrorKind::InvalidArgument { what: "at" }).into());
            }
            // Whole seconds; the clamp keeps the conversion exact.
            #[allow(clippy::cast_possible_truncation)]
            let at = at.clamp(-1e15, 1e15).floor() as i64;
            let mut policy = AlgorithmPolicy::default();
            if weak_indeterminate {
                policy.weak = WeakOutcome::Indeterminate;
            }
            Ok(Self {
                store,
                at,
                policy,
                limits: Limits::default(),
            })
        }

        fn options(&self) -> crate::verify::VerifyOptions<'_> {
            crate::verify::VerifyOptions::new(&self.store, self.at, &self.policy, &self.limits)
        }

        /// A report of a CMS signature or of a PDF hashed here, with the content or its digests.
        fn run(
            &self,
            data: &[u8],
            name: &str,
            detached: Option<&[u8]>,
            digests: &[(crate::pki::algorithm::DigestAlgorithm, Vec<u8>)],
        ) -> JsResult<String> {
            let options = crate::verify::VerifyOptions {
                detached_content: detached,
                detached_digests: digests,
                ..self.options()
            };
            Ok(crate::verify::verify(data, name, &options)?.to_json())
        }
    }

    /// A `;`-separated list, each item read by `parse`; an unreadable item is an error naming `what`.
    fn parse_list<T>(
        text: &str,
        what: &'static str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> JsResult<Vec<T>> {
        text.split(';')
            .filter(|p| !p.trim().is_empty())
            .map(|p| parse(p).ok_or_else(|| Error::new(ErrorKind::InvalidArgument { what }).into()))
            .collect()
    }

    /// `"SHA-256=<hex>;SHA-1=<hex>"` → digests.
    fn parse_digests(
        text: &str,
    ) -> JsResult<Vec<(crate::pki::algorithm::DigestAlgorithm, Vec<u8>)>> {
        parse_list(text, "detachedDigests", |part| {
            let (alg, hex) = part.split_once('=')?;
            let alg = crate::pki::algorithm::DigestAlgorithm::from_name(alg.trim())?;
            Some((alg, crate::hash::from_hex(hex.trim())?))
        })
    }

    /// A PDF held in wasm memory between calls (the core's `verify::pdf::Session`): `plan()` says
    /// which byte ranges its signatures cover and with which digests, the caller hashes them
    /// natively (several times faster than wasm), `speculate()` may verify meanwhile with the
    /// digests the signatures claim, and `verify()` verifies with the caller's digests (keeping the
    /// speculative result only when it is the same). The PDF is copied into wasm once (whole, or in
    /// pieces with `push` while the caller hashes) and scanned once.
    #[wasm_bindgen]
    pub struct PdfVerifier {
        session: crate::verify::pdf::Session,
    }

    /// Everything but the name and the digests a verification depends on, as one string.
    fn arguments(
        trust_pem: &str,
        default_trust: bool,
        at: f64,
        weak_indeterminate: bool,
    ) -> String {
        format!("{default_trust}|{at}|{weak_indeterminate}|{trust_pem}")
    }

    #[wasm_bindgen]
    impl PdfVerifier {
        /// Takes the PDF.
        #[wasm_bindgen(constructor)]
        pub fn new(data: Vec<u8>) -> Self {
            Self {
                session: crate::verify::pdf::Session::new(data),
            }
        }

        /// An empty PDF of `capacity` bytes to come in pieces (`push`), so that the caller can send
        /// them while it hashes the rest.
        pub fn with_capacity(capacity: usize) -> Self {
            Self {
                session: crate::verify::pdf::Session::with_capacity(capacity, &Limits::default()),
            }
        }

        /// Appends the next piece.
        pub fn push(&mut self, piece: &[u8]) {
            self.session.push(piece);
        }

        /// Makes room for the next `len` bytes and returns their address in wasm memory, where the
        /// caller copies the piece itself (`new Uint8Array(memory.buffer, address, len).set(piece)`)
        /// before any other call: one copy, where `push` takes two (into a buffer of its own, then
        /// onto the PDF).
        pub fn reserve(&mut self, len: usize) -> usize {
            self.session.append_in_place(len).as_mut_ptr() as usize
        }

        /// `"a,b,end:SHA-256,SHA-1;…"`, one entry per signature whose needs are known: the
        /// covered bytes are `[0, a)` and `[b, end)`.
        pub fn plan(&mut self) -> String {
            self.session
                .plan(&Limits::default())
                .needed
                .iter()
                .map(|((a, b, end), algs)| {
                    format!(
                        "{a},{b},{end}:{}",
                        algs.iter().map(|x| x.name()).collect::<Vec<_>>().join(",")
                    )
                })
                .collect::<Vec<_>>()
                .join(";")
        }

        /// Verifies ahead with the digests the signatures claim (after `plan`), keeping the result
        /// for `verify`; false when some needed digest has no claimed value (nothing is kept).
        pub fn speculate(
            &mut self,
            name: &str,
            trust_pem: &str,
            default_trust: bool,
            at: f64,
            weak_indeterminate: bool,
        ) -> JsResult<bool> {
            let how = How::new(trust_pem, default_trust, at, weak_indeterminate)?;
            Ok(self.session.speculate(
                name,
                &arguments(trust_pem, default_trust, at, weak_indeterminate),
                &how.options(),
            )?)
        }

        /// Verifies; `digests` is `"a,b,end,SHA-256=<hex>;…"` (ranges from `plan`); `file_sha256`
        /// the whole file's SHA-256 in hex for the report (`""`: computed here).
        #[allow(clippy::too_many_arguments)]
        pub fn verify(
            &mut self,
            name: &str,
            digests: &str,
            file_sha256: &str,
            trust_pem: &str,
            default_trust: bool,
            at: f64,
            weak_indeterminate: bool,
        ) -> JsResult<String> {
            let ranges = parse_list(digests, "digests", |part| {
                let mut fields = part.splitn(4, ',');
                let a = fields.next()?.trim().parse().ok()?;
                let b = fields.next()?.trim().parse().ok()?;
                let end = fields.next()?.trim().parse().ok()?;
                let (alg, hex) = fields.next()?.split_once('=')?;
                Some(crate::verify::pdf::RangeDigest {
                    range: (a, b, end),
                    algorithm: crate::pki::algorithm::DigestAlgorithm::from_name(alg.trim())?,
                    digest: crate::hash::from_hex(hex.trim())?,
                })
            })?;
            let how = How::new(trust_pem, default_trust, at, weak_indeterminate)?;
            Ok(self
                .session
                .verify(
                    name,
                    &arguments(trust_pem, default_trust, at, weak_indeterminate),
                    &ranges,
                    Some(file_sha256).filter(|h| !h.is_empty()),
                    &how.options(),
                )?
                .to_json())
        }
    }

    /// The byte arrays of a JS array (`Uint8Array`s); `what` names it in the error.
    fn byte_arrays(list: &Array, what: &'static str) -> JsResult<Vec<Vec<u8>>> {
        list.iter()
            .map(|v| {
                v.dyn_into::<js_sys::Uint8Array>()
                    .map(|a| a.to_vec())
                    .map_err(|_| Error::new(ErrorKind::InvalidArgument { what }).into())
            })
            .collect()
    }

    /// The first step of signing a PDF (`sign::pdf::prepare`): `chain` holds the signer's
    /// certificate first, then its chain (each DER or PEM). Returns `{dataToSign, digest,
    /// digestAlgorithm, scheme, state}`; `state` goes back to `finishPdfSignature`.
    #[wasm_bindgen(js_name = preparePdfSignature)]
    #[allow(clippy::too_many_arguments)]
    pub fn prepare_pdf_signature(
        pdf: &[u8],
        chain: &Array,
        signing_time: f64,
        digest: &str,
        scheme: &str,
        texts: Vec<String>,
        timestamp_room: bool,
        revocation_room: f64,
        appearance_lines: Vec<String>,
        appearance_page: f64,
        appearance_rect: Vec<f64>,
        visible: bool,
        appearance_image: &[u8],
    ) -> JsResult<Object> {
        let mut certificates = Vec::new();
        for der in byte_arrays(chain, "certificateChain")? {
            certificates.extend(crate::pki::cert::Certificate::parse_many(&der)?);
        }
        let invalid = |what| JsValue::from(Error::new(ErrorKind::InvalidArgument { what }));
        let digest = crate::pki::algorithm::DigestAlgorithm::from_name(digest)
            .ok_or_else(|| invalid("hash"))?;
        let scheme = match scheme {
            "" => None,
            "RSASSA-PKCS1-v1_5" => Some(crate::sign::cms::Scheme::RsaPkcs1),
            "RSA-PSS" => Some(crate::sign::cms::Scheme::RsaPss),
            "ECDSA" => Some(crate::sign::cms::Scheme::Ecdsa),
            _ => return Err(invalid("signatureAlgorithm")),
        };
        if !signing_time.is_finite() || !revocation_room.is_finite() || revocation_room < 0.0 {
            return Err(invalid("signingTime"));
        }
        // [reason, location, contactInfo, name, fieldName]; "" for none.
        let text = |i: usize| texts.get(i).map(String::as_str).filter(|s| !s.is_empty());
        // Whole seconds and bytes; the clamps keep the conversions exact.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let (signing_time, revocation_room) = (
            signing_time.clamp(-1e15, 1e15).floor() as i64,
            revocation_room.min(1e9) as usize,
        );
        let options = crate::sign::pdf::Options {
            chain: &certificates,
            signing_time,
            reason: text(0),
            location: text(1),
            contact_info: text(2),
            name: text(3),
            field_name: text(4),
            digest,
            scheme,
            timestamp_room,
            revocation_room,
            appearance: if visible {
                let rect = match appearance_rect.as_slice() {
                    [] => None,
                    [a, b, c, d] if [a, b, c, d].iter().all(|v| v.is_finite()) => {
                        Some([*a, *b, *c, *d])
                    }
                    _ => return Err(invalid("appearance.rect")),
                };
                if !appearance_page.is_finite() || appearance_page < 1.0 {
                    return Err(invalid("appearance.page"));
                }
                // A page number from 1; the clamp keeps the conversion exact.
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let page = appearance_page.min(1e6) as usize - 1;
                match (appearance_image.is_empty(), rect) {
                    (true, rect) => crate::sign::appearance::Appearance::Text {
                        page,
                        rect,
                        lines: appearance_lines,
                        font_size: 10.0,
                    },
                    (false, Some(rect)) => crate::sign::appearance::Appearance::Image {
                        page,
                        rect,
                        png: appearance_image.to_vec(),
                    },
                    (false, None) => return Err(invalid("appearance.rect")),
                }
            } else {
                crate::sign::appearance::Appearance::Invisible
            },
        };
        let p = crate::sign::pdf::prepare(pdf, &options, &Limits::default())?;
        let out = Object::new();
        set(
            &out,
            "dataToSign",
            &js_sys::Uint8Array::from(p.data_to_sign.as_slice()),
        )?;
        set(
            &out,
            "digest",
            &js_sys::Uint8Array::from(p.digest.as_slice()),
        )?;
        set(
            &out,
            "digestAlgorithm",
            &JsValue::from_str(p.digest_algorithm.name()),
        )?;
        set(&out, "scheme", &JsValue::from_str(p.scheme.name()))?;
        set(&out, "state", &js_sys::Uint8Array::from(p.state.as_slice()))?;
        Ok(out)
    }

    /// The second step (`sign::pdf::finish`): the signature value (DER for ECDSA), an optional
    /// RFC 3161 token over it (empty: none), CRLs and OCSP responses to embed. Returns the signed
    /// PDF.
    #[wasm_bindgen(js_name = finishPdfSignature)]
    pub fn finish_pdf_signature(
        state: &[u8],
        signature: &[u8],
        timestamp_token: &[u8],
        crls: &Array,
        ocsp_responses: &Array,
    ) -> JsResult<Vec<u8>> {
        let crls = byte_arrays(crls, "crls")?;
        let ocsp = byte_arrays(ocsp_responses, "ocspResponses")?;
        let extras = crate::sign::cms::Extras {
            timestamp_token: (!timestamp_token.is_empty()).then_some(timestamp_token),
            crls: &crls,
            ocsp_responses: &ocsp,
        };
        Ok(crate::sign::pdf::finish(state, signature, &extras)?)
    }
}

#[cfg(feature = "signatures")]
pub use signatures::*;
