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

mod options;
use options::{invalid_argument, Options};

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

/// The text of a document and its notices: `[text, noticesJson]`. The text is `"text"`,
/// `"markdown"` or `"json"` (a JSON string of the `VanbanDocument` type) as `options.format`
/// says; the notices are a JSON array of the `Notice` type. The format of the input is detected
/// from its bytes.
///
/// `options`: `{format?, showDeletions?, omitSignatureStamps?, signedRevision?, limits?}` —
/// `signedRevision` (a PDF's signature, by its index in the report's `signatures`) reads the
/// revision that signature signed instead of the document as displayed; `limits` overrides the
/// core's [`Limits`] by their camelCase names.
#[wasm_bindgen(js_name = extractText)]
pub fn extract_text(data: &[u8], options: &JsValue) -> JsResult<Vec<String>> {
    let o = Options::new(options)?;
    let limits = o.limits()?;
    let format = o.string("format")?.unwrap_or_else(|| "text".to_owned());
    let options = DocxOptions {
        show_deletions: o.bool("showDeletions")?.unwrap_or(false),
        ..DocxOptions::default()
    };
    let omit_stamps = o.bool("omitSignatureStamps")?.unwrap_or(false);
    let signed_revision = o
        .count("signedRevision")?
        .map(|i| usize::try_from(i).map_err(|_| invalid_argument("signedRevision")))
        .transpose()?;
    limits.check_input_len(data.len() as u64)?;
    let data = match signed_revision {
        Some(i) => crate::verify::pdf::signed_revision(data, i, &limits)?,
        None => data,
    };
    let mut doc = extract::extract_with(data, &limits, &options)?;
    if omit_stamps {
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
    let out = match format.as_str() {
        "text" => doc.to_text(),
        "markdown" => doc.to_markdown(),
        "json" => doc.to_json(),
        _ => return Err(invalid_argument("format")),
    };
    Ok(vec![out, notices])
}

/// The signature bindings (CMS and PDF verification, PDF signing): the `signatures` feature,
/// built into the full module (`vanban.js`); the text module (`vanban_text.js`, hashing and
/// extraction only) is built without them, so that a page that only reads documents downloads
/// no PKI code.
#[cfg(feature = "signatures")]
mod signatures {
    use super::options::{byte_arrays, strings};
    use super::*;
    use crate::limits::Limits;
    use crate::pki::algorithm::DigestAlgorithm;

    /// The digests of its detached content a CMS message needs, as WebCrypto names
    /// (`"SHA-256"`), so that the caller can compute them natively; empty when the content itself
    /// is needed (a signer without signed attributes, an enveloping message, not CMS).
    /// `options`: `{limits?}`.
    #[wasm_bindgen(js_name = cmsDigestPlan)]
    pub fn cms_digest_plan(data: &[u8], options: &JsValue) -> JsResult<Vec<String>> {
        let limits = Options::new(options)?.limits()?;
        Ok(crate::pki::cms::detached_digests_needed(data, &limits)
            .map(|algs| algs.iter().map(|a| a.name().to_owned()).collect())
            .unwrap_or_default())
    }

    /// Verifies the signatures of a file and returns the `VerificationReport` as JSON.
    ///
    /// `options`: `{at, name?, trust?, defaultTrust?, weakIndeterminate?, limits?, detached?,
    /// detachedDigests?}` — `at` the validation time in seconds since 1970 (the core reads no
    /// clock); `trust` extra anchors as PEM text; `defaultTrust` (true) the bundled Vietnamese
    /// anchors; `detached` the content a detached signature signs, or instead
    /// `detachedDigests: [{algorithm: "SHA-256", hex}]`, its digests computed by the caller (see
    /// `cmsDigestPlan`).
    #[wasm_bindgen(js_name = verifySignatures)]
    pub fn verify_signatures(data: &[u8], options: &JsValue) -> JsResult<String> {
        let o = Options::new(options)?;
        let how = How::new(&o)?;
        let detached = o.bytes("detached")?;
        let digests = match o.array("detachedDigests")? {
            Some(list) => list
                .iter()
                .map(|item| {
                    let item = Options::new(&item)?;
                    let algorithm = item.string("algorithm")?.unwrap_or_default();
                    let hex = item.string("hex")?.unwrap_or_default();
                    DigestAlgorithm::from_name(&algorithm)
                        .zip(crate::hash::from_hex(&hex))
                        .ok_or_else(|| invalid_argument("detachedDigests"))
                })
                .collect::<JsResult<Vec<_>>>()?,
            None => Vec::new(),
        };
        let options = crate::verify::VerifyOptions {
            detached_content: detached.as_deref(),
            detached_digests: &digests,
            ..how.options()
        };
        Ok(crate::verify::verify(data, &how.name, &options)?.to_json())
    }

    /// What every verification call takes: the name, anchors, time, policy and limits.
    struct How {
        name: String,
        store: crate::pki::path::TrustStore,
        at: i64,
        policy: crate::pki::algorithm::AlgorithmPolicy,
        limits: Limits,
        /// Everything but the name and the digests the result depends on, as one string: a
        /// speculative PDF verification is reused only when it is the same.
        key: String,
    }

    impl How {
        fn new(o: &Options<'_>) -> JsResult<Self> {
            use crate::pki::algorithm::{AlgorithmPolicy, WeakOutcome};
            use crate::pki::path::TrustStore;
            let trust = o.string("trust")?.unwrap_or_default();
            let default_trust = o.bool("defaultTrust")?.unwrap_or(true);
            let weak_indeterminate = o.bool("weakIndeterminate")?.unwrap_or(false);
            let at = o.number("at")?.ok_or_else(|| invalid_argument("at"))?;
            let limits = o.limits()?;
            let mut store = if default_trust {
                TrustStore::vietnam()
            } else {
                TrustStore::empty()
            };
            if !trust.trim().is_empty() {
                store.add(trust.as_bytes())?;
            }
            // Whole seconds; the clamp keeps the conversion exact.
            #[allow(clippy::cast_possible_truncation)]
            let at = at.clamp(-1e15, 1e15).floor() as i64;
            let mut policy = AlgorithmPolicy::default();
            if weak_indeterminate {
                policy.weak = WeakOutcome::Indeterminate;
            }
            Ok(Self {
                name: o.string("name")?.unwrap_or_default(),
                key: format!("{default_trust}|{at}|{weak_indeterminate}|{limits:?}|{trust}"),
                store,
                at,
                policy,
                limits,
            })
        }

        fn options(&self) -> crate::verify::VerifyOptions<'_> {
            crate::verify::VerifyOptions::new(&self.store, self.at, &self.policy, &self.limits)
        }
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
        /// them while it hashes the rest. `options`: `{limits?}`.
        pub fn with_capacity(capacity: usize, options: &JsValue) -> JsResult<PdfVerifier> {
            let limits = Options::new(options)?.limits()?;
            Ok(Self {
                session: crate::verify::pdf::Session::with_capacity(capacity, &limits),
            })
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

        /// `[{range: [a, b, end], algorithms: ["SHA-256", …]}]`, one entry per signature whose
        /// needs are known: the covered bytes are `[0, a)` and `[b, end)`. `options`: `{limits?}`.
        pub fn plan(&mut self, options: &JsValue) -> JsResult<Array> {
            let limits = Options::new(options)?.limits()?;
            let out = Array::new();
            for ((a, b, end), algs) in &self.session.plan(&limits).needed {
                let entry = Object::new();
                let range = Array::new();
                for v in [a, b, end] {
                    // Offsets below 2^53: f64 holds them exactly.
                    #[allow(clippy::cast_precision_loss)]
                    range.push(&JsValue::from_f64(*v as f64));
                }
                set(&entry, "range", &range)?;
                let names = Array::new();
                for alg in algs {
                    names.push(&JsValue::from_str(alg.name()));
                }
                set(&entry, "algorithms", &names)?;
                out.push(&entry);
            }
            Ok(out)
        }

        /// Verifies ahead with the digests the signatures claim (after `plan`), keeping the result
        /// for `verify`; false when some needed digest has no claimed value (nothing is kept).
        /// `options`: as `verifySignatures`'s.
        pub fn speculate(&mut self, options: &JsValue) -> JsResult<bool> {
            let how = How::new(&Options::new(options)?)?;
            Ok(self
                .session
                .speculate(&how.name, &how.key, &how.options())?)
        }

        /// Verifies. `options`: as `verifySignatures`'s, with `digests: [{range: [a, b, end],
        /// algorithm, hex}]` (ranges from `plan`) and `fileSha256`, the whole file's SHA-256 in
        /// hex for the report (absent: computed here).
        pub fn verify(&mut self, options: &JsValue) -> JsResult<String> {
            let o = Options::new(options)?;
            let how = How::new(&o)?;
            let mut ranges = Vec::new();
            for item in o.array("digests")?.unwrap_or_default().iter() {
                let item = Options::new(&item)?;
                let range = item.array("range")?.unwrap_or_default();
                let at = |i: u32| {
                    range
                        .get(i)
                        .as_f64()
                        .and_then(super::options::whole_usize)
                        .ok_or_else(|| invalid_argument("digests"))
                };
                let algorithm = item.string("algorithm")?.unwrap_or_default();
                let hex = item.string("hex")?.unwrap_or_default();
                if range.length() != 3 {
                    return Err(invalid_argument("digests"));
                }
                ranges.push(crate::verify::pdf::RangeDigest {
                    range: (at(0)?, at(1)?, at(2)?),
                    algorithm: DigestAlgorithm::from_name(&algorithm)
                        .ok_or_else(|| invalid_argument("digests"))?,
                    digest: crate::hash::from_hex(&hex)
                        .ok_or_else(|| invalid_argument("digests"))?,
                });
            }
            let file_sha256 = o.string("fileSha256")?;
            Ok(self
                .session
                .verify(
                    &how.name,
                    &how.key,
                    &ranges,
                    file_sha256.as_deref().filter(|h| !h.is_empty()),
                    &how.options(),
                )?
                .to_json())
        }
    }

    /// The first step of signing a PDF (`sign::pdf::prepare`). Returns `{dataToSign, digest,
    /// digestAlgorithm, scheme, state}`; `state` goes back to `finishPdfSignature`.
    ///
    /// `options`: `{certificateChain, signingTime, hash?, signatureAlgorithm?, reason?,
    /// location?, contactInfo?, name?, fieldName?, timestampRoom?, revocationRoom?, appearance?,
    /// limits?}` — `certificateChain` the signer's certificate first, then its chain (each DER
    /// or PEM bytes); `signingTime` seconds since 1970; `appearance` absent for an invisible
    /// signature, else `{page (from 1), rect?: [x1, y1, x2, y2], lines?: [..], image?: PNG bytes}`.
    #[wasm_bindgen(js_name = preparePdfSignature)]
    pub fn prepare_pdf_signature(pdf: &[u8], options: &JsValue) -> JsResult<Object> {
        let o = Options::new(options)?;
        let limits = o.limits()?;
        let mut certificates = Vec::new();
        let chain = o
            .array("certificateChain")?
            .ok_or_else(|| invalid_argument("certificateChain"))?;
        for der in byte_arrays(&chain, "certificateChain")? {
            certificates.extend(crate::pki::cert::Certificate::parse_many(&der)?);
        }
        let digest =
            DigestAlgorithm::from_name(&o.string("hash")?.unwrap_or_else(|| "SHA-256".into()))
                .ok_or_else(|| invalid_argument("hash"))?;
        let scheme = match o.string("signatureAlgorithm")?.as_deref() {
            None | Some("") => None,
            Some("RSASSA-PKCS1-v1_5") => Some(crate::sign::cms::Scheme::RsaPkcs1),
            Some("RSA-PSS") => Some(crate::sign::cms::Scheme::RsaPss),
            Some("ECDSA") => Some(crate::sign::cms::Scheme::Ecdsa),
            Some(_) => return Err(invalid_argument("signatureAlgorithm")),
        };
        let signing_time = o
            .number("signingTime")?
            .ok_or_else(|| invalid_argument("signingTime"))?;
        let revocation_room = o.count("revocationRoom")?.unwrap_or(0);
        let [reason, location, contact_info, name, field_name] = [
            o.string("reason")?,
            o.string("location")?,
            o.string("contactInfo")?,
            o.string("name")?,
            o.string("fieldName")?,
        ];
        let text = |t: &Option<String>| t.as_deref().filter(|s| !s.is_empty()).map(str::to_owned);
        let [reason, location, contact_info, name, field_name] = [
            text(&reason),
            text(&location),
            text(&contact_info),
            text(&name),
            text(&field_name),
        ];
        // Whole seconds and bytes; the clamps keep the conversions exact.
        #[allow(clippy::cast_possible_truncation)]
        let signing_time = signing_time.clamp(-1e15, 1e15).floor() as i64;
        let revocation_room =
            usize::try_from(revocation_room.min(1_000_000_000)).unwrap_or(1_000_000_000);
        let appearance = match o.get("appearance")? {
            None => crate::sign::appearance::Appearance::Invisible,
            Some(value) => appearance(&Options::new(&value)?)?,
        };
        let options = crate::sign::pdf::Options {
            chain: &certificates,
            signing_time,
            reason: reason.as_deref(),
            location: location.as_deref(),
            contact_info: contact_info.as_deref(),
            name: name.as_deref(),
            field_name: field_name.as_deref(),
            digest,
            scheme,
            timestamp_room: o.bool("timestampRoom")?.unwrap_or(false),
            revocation_room,
            appearance,
        };
        let p = crate::sign::pdf::prepare(pdf, &options, &limits)?;
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

    /// A visible appearance: `{page, rect?, lines?, image?}`.
    fn appearance(a: &Options<'_>) -> JsResult<crate::sign::appearance::Appearance> {
        use crate::sign::appearance::Appearance;
        let page = a.count("page")?.unwrap_or(1);
        if page < 1 {
            return Err(invalid_argument("appearance.page"));
        }
        let page = usize::try_from(page.min(1_000_000)).unwrap_or(1_000_000) - 1;
        let rect = match a.array("rect")? {
            None => None,
            Some(r) if r.length() == 0 => None,
            Some(r) => {
                let v: Vec<f64> = r.iter().filter_map(|x| x.as_f64()).collect();
                match v.as_slice() {
                    [x1, y1, x2, y2] if v.iter().all(|n| n.is_finite()) => {
                        Some([*x1, *y1, *x2, *y2])
                    }
                    _ => return Err(invalid_argument("appearance.rect")),
                }
            }
        };
        let lines = match a.array("lines")? {
            Some(l) => strings(&l, "appearance.lines")?,
            None => Vec::new(),
        };
        Ok(match (a.bytes("image")?, rect) {
            (None, rect) => Appearance::Text {
                page,
                rect,
                lines,
                font_size: 10.0,
            },
            (Some(png), Some(rect)) => Appearance::Image { page, rect, png },
            (Some(_), None) => return Err(invalid_argument("appearance.rect")),
        })
    }

    /// The second step (`sign::pdf::finish`): the signature value (DER for ECDSA) into the
    /// prepared PDF. `options`: `{timestampToken?, crls?, ocspResponses?}` — an RFC 3161 token
    /// over the signature value, CRLs and OCSP responses to embed. Returns the signed PDF.
    #[wasm_bindgen(js_name = finishPdfSignature)]
    pub fn finish_pdf_signature(
        state: &[u8],
        signature: &[u8],
        options: &JsValue,
    ) -> JsResult<Vec<u8>> {
        let o = Options::new(options)?;
        let list = |key| -> JsResult<Vec<Vec<u8>>> {
            match o.array(key)? {
                Some(a) => byte_arrays(&a, key),
                None => Ok(Vec::new()),
            }
        };
        let crls = list("crls")?;
        let ocsp = list("ocspResponses")?;
        let token = o.bytes("timestampToken")?.filter(|t| !t.is_empty());
        let extras = crate::sign::cms::Extras {
            timestamp_token: token.as_deref(),
            crls: &crls,
            ocsp_responses: &ocsp,
        };
        Ok(crate::sign::pdf::finish(state, signature, &extras)?)
    }
}

#[cfg(feature = "signatures")]
pub use signatures::*;
