//! Signing a PDF in two steps around the private-key operation (ISO 32000-1 §12.8, ETSI EN 319
//! 142-1 PAdES baseline B-B / B-T).
//!
//! [`prepare`] appends an incremental update — the signature dictionary with a zero-filled
//! `/Contents` placeholder sized for the certificates (and a timestamp when room is asked for),
//! a signature field with its widget on the first page, the page's `/Annots` and the form's
//! `/Fields` grown to hold it — computes the `/ByteRange` and the digest of the bytes it covers,
//! and returns the DER signed attributes for the key to sign with their digest, and an opaque
//! state. [`finish`] takes the state and the signature value (and optionally an RFC 3161 token
//! over it), checks the value with the signer's certificate, builds the CMS SignedData
//! (`ETSI.CAdES.detached`) and writes it into the placeholder. Nothing before the update is
//! touched, so earlier signatures stay valid.

use super::appearance::{default_rect, image_objects, text_objects, Appearance};
use super::cms::{signed_attributes, signed_data, Extras, Scheme};
use crate::container::pdf::{Dict, ObjRef, Object, Pdf};
use crate::error::{Error, ErrorKind, Result};
use crate::limits::Limits;
use crate::pki::algorithm::{DigestAlgorithm, SignatureAlgorithm};
use crate::pki::cert::Certificate;

/// What to sign with and how.
#[derive(Clone, Debug)]
pub struct Options<'a> {
    /// The signer's certificate first, then its chain (embedded in the signature).
    pub chain: &'a [Certificate],
    /// Seconds since 1970: the signature dictionary's /M (a claim; a timestamp proves time).
    pub signing_time: i64,
    /// `/Reason`.
    pub reason: Option<&'a str>,
    /// `/Location`.
    pub location: Option<&'a str>,
    /// `/ContactInfo`.
    pub contact_info: Option<&'a str>,
    /// `/Name` (default: the signer certificate's subject common name).
    pub name: Option<&'a str>,
    /// The new signature field's name (default: the first free `SignatureN`).
    pub field_name: Option<&'a str>,
    /// The digest algorithm (SHA-256 by default in callers).
    pub digest: DigestAlgorithm,
    /// The signature scheme (default: from the key, RSA PKCS#1 v1.5 or ECDSA).
    pub scheme: Option<Scheme>,
    /// Leave room in `/Contents` for an RFC 3161 timestamp token (PAdES B-T).
    pub timestamp_room: bool,
    /// Bytes of revocation data (CRLs, OCSP responses) [`finish`] will embed.
    pub revocation_room: usize,
    /// What the signature looks like on the page (invisible by default).
    pub appearance: Appearance,
}

/// What the key must sign, and the state [`finish`] continues from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prepared {
    /// The DER signed attributes: the bytes the key signs.
    pub data_to_sign: Vec<u8>,
    /// Their digest (what a bridge signing a digest takes).
    pub digest: Vec<u8>,
    /// The digest algorithm.
    pub digest_algorithm: DigestAlgorithm,
    /// The signature scheme.
    pub scheme: Scheme,
    /// Opaque: give it back to [`finish`].
    pub state: Vec<u8>,
}

const STATE_MAGIC: &[u8; 8] = b"VBSIGN1\0";
const BYTE_RANGE_PLACEHOLDER: &[u8] = b"/ByteRange [0 0000000000 0000000000 0000000000]";

fn invalid(what: &'static str) -> Error {
    Error::new(ErrorKind::InvalidArgument { what })
}

/// Prepares `pdf` for signing (see the module docs).
pub fn prepare(pdf: &[u8], options: &Options<'_>, limits: &Limits) -> Result<Prepared> {
    let signer = options
        .chain
        .first()
        .ok_or(invalid("the certificate chain is empty"))?;
    let scheme = match options.scheme {
        Some(s) => s,
        None => Scheme::for_key(signer)?,
    };
    let mut doc = Pdf::parse(pdf, limits)?;
    if doc.trailer().get(b"Encrypt").is_some() {
        return Err(Error::new(ErrorKind::Unsupported {
            what: "signing an encrypted PDF",
        }));
    }
    if doc.repaired() {
        return Err(Error::new(ErrorKind::Malformed {
            what: "PDF whose cross-reference data is damaged (save it again before signing)",
        }));
    }
    let prev = doc
        .revisions()
        .last()
        .map(|r| r.xref_offset)
        .ok_or(Error::new(ErrorKind::Malformed {
            what: "PDF without a readable cross-reference section",
        }))?;
    let xref_stream = !pdf.get(prev..).is_some_and(|t| t.starts_with(b"xref"));
    let trailer = doc.trailer().clone();
    let size = trailer
        .int(b"Size")
        .and_then(|s| u32::try_from(s).ok())
        .filter(|s| *s > 0 && *s < limits.max_objects)
        .ok_or(Error::new(ErrorKind::Malformed {
            what: "PDF trailer without a usable /Size",
        }))?;
    let Some(Object::Ref(root)) = trailer.get(b"Root").cloned() else {
        return Err(Error::new(ErrorKind::Malformed {
            what: "PDF trailer without an indirect /Root",
        }));
    };
    let mut catalog = doc
        .get(root)?
        .dict()
        .cloned()
        .ok_or(Error::new(ErrorKind::Malformed {
            what: "PDF catalog that is not a dictionary",
        }))?;
    if crate::container::pdf::certification_level(&mut doc) == Some(1) {
        return Err(Error::new(ErrorKind::Unsupported {
            what: "signing a PDF certified with no changes allowed (DocMDP P = 1)",
        }));
    }
    let pages = doc.pages()?;
    let page_index = match &options.appearance {
        Appearance::Text { page, .. } | Appearance::Image { page, .. } => *page,
        Appearance::Invisible => 0,
    };
    let page = pages
        .get(page_index)
        .ok_or(Error::new(ErrorKind::InvalidArgument {
            what: "the appearance's page is not in the document",
        }))?;
    let page_ref = page.reference.ok_or(Error::new(ErrorKind::Malformed {
        what: "PDF whose first page is not an indirect object",
    }))?;

    // New objects: the signature dictionary, then the field (merged with its widget).
    let sig_num = size;
    let field_num = size + 1;
    let mut next = size + 2;
    let mut update: Vec<(u32, Vec<u8>)> = Vec::new();

    // The form: its field list grows by the new field.
    let field_ref = Object::Ref(ObjRef {
        num: field_num,
        gen: 0,
    });
    let acro_form = catalog.get(b"AcroForm").cloned();
    let mut form = match &acro_form {
        Some(f) => doc.resolve(f)?.dict().cloned().unwrap_or_default(),
        None => Dict::default(),
    };
    let existing: Vec<String> = doc
        .form_fields()
        .into_iter()
        .map(|f| f.name)
        .filter(|n| !n.is_empty())
        .collect();
    let field_name = match options.field_name {
        Some(n) if existing.iter().any(|e| e == n) => {
            return Err(invalid("a field of that name already exists"));
        }
        Some(n) if n.is_empty() || n.contains('.') => {
            return Err(invalid("a field name must be non-empty and without '.'"));
        }
        Some(n) => n.to_owned(),
        None => (1..)
            .map(|i| format!("Signature{i}"))
            .find(|n| !existing.contains(n))
            .unwrap_or_default(),
    };
    grow(&mut doc, &mut form, b"Fields", &field_ref, &mut update)?;
    let flags = form.int(b"SigFlags").unwrap_or(0) | 3;
    set(&mut form, b"SigFlags", Object::Int(flags));
    match acro_form {
        Some(Object::Ref(r)) => update.push((r.num, serialize(&Object::Dict(form)))),
        _ => {
            set(&mut catalog, b"AcroForm", Object::Dict(form));
            update.push((root.num, serialize(&Object::Dict(catalog))));
        }
    }

    // The page: its annotations grow by the widget.
    let mut page_dict = doc.get(page_ref)?.dict().cloned().unwrap_or_default();
    if grow(&mut doc, &mut page_dict, b"Annots", &field_ref, &mut update)? {
        update.push((page_ref.num, serialize(&Object::Dict(page_dict))));
    }

    let name = options
        .name
        .map(str::to_owned)
        .or_else(|| subject_part(signer, "CN"));
    // The field and widget: invisible (an empty rectangle, printed and locked), or drawn with
    // its appearance stream.
    let mut field = b"<< /Type /Annot /Subtype /Widget /FT /Sig /T ".to_vec();
    field.extend_from_slice(&text_string(&field_name));
    match &options.appearance {
        Appearance::Invisible => field.extend_from_slice(
            format!(
                " /V {sig_num} 0 R /F 132 /Rect [0 0 0 0] /P {} 0 R >>",
                page_ref.num
            )
            .as_bytes(),
        ),
        Appearance::Text {
            rect,
            lines,
            font_size,
            ..
        } => {
            let lines = if lines.is_empty() {
                default_lines(name.as_deref(), signer, options.signing_time)
            } else {
                lines.clone()
            };
            let r = rect.unwrap_or_else(|| default_rect(page.crop_box, lines.len()));
            let (objects, form) = text_objects(&lines, *font_size, r, next)?;
            next += u32::try_from(objects.len()).unwrap_or(0);
            update.extend(objects);
            field.extend_from_slice(&visible_widget(sig_num, r, page_ref.num, form));
        }
        Appearance::Image { rect, png, .. } => {
            let r = *rect;
            let (objects, form) = image_objects(png, r, next)?;
            next += u32::try_from(objects.len()).unwrap_or(0);
            update.extend(objects);
            field.extend_from_slice(&visible_widget(sig_num, r, page_ref.num, form));
        }
    }
    update.push((field_num, field));

    // The signature dictionary with its placeholder.
    let room = placeholder_len(
        options.chain,
        options.timestamp_room,
        options.revocation_room,
    );
    let mut sig = b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached ".to_vec();
    sig.extend_from_slice(BYTE_RANGE_PLACEHOLDER);
    sig.extend_from_slice(b" /Contents <");
    sig.resize(sig.len() + 2 * room, b'0');
    sig.extend_from_slice(b"> /M ");
    sig.extend_from_slice(&text_string(&pdf_date(options.signing_time)));
    for (key, value) in [
        ("Name", name.as_deref()),
        ("Reason", options.reason),
        ("Location", options.location),
        ("ContactInfo", options.contact_info),
    ] {
        if let Some(v) = value {
            sig.extend_from_slice(format!(" /{key} ").as_bytes());
            sig.extend_from_slice(&text_string(v));
        }
    }
    sig.extend_from_slice(b" >>");
    update.push((sig_num, sig));

    // The bytes of the update, the cross-reference section and the trailer.
    update.sort_by_key(|(n, _)| *n);
    let mut out = pdf.to_vec();
    if !out.ends_with(b"\n") && !out.ends_with(b"\r") {
        out.push(b'\n');
    }
    let mut offsets: Vec<(u32, usize)> = Vec::new();
    for (num, body) in &update {
        offsets.push((*num, out.len()));
        out.extend_from_slice(format!("{num} 0 obj\n").as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let mut tail = Dict::default();
    for key in [&b"Root"[..], b"Info", b"ID"] {
        if let Some(v) = trailer.get(key) {
            set(&mut tail, key, v.clone());
        }
    }
    set(&mut tail, b"Prev", Object::Int(prev as i64));
    if xref_stream {
        let xref_num = next;
        next += 1;
        let xref_at = out.len();
        offsets.push((xref_num, xref_at));
        let mut rows = Vec::new();
        let mut index = Vec::new();
        for (start, run) in runs(&offsets) {
            index.push(Object::Int(i64::from(start)));
            index.push(Object::Int(run.len() as i64));
            for offset in run {
                rows.push(1u8);
                rows.extend_from_slice(&u32::try_from(offset).unwrap_or(u32::MAX).to_be_bytes());
                rows.extend_from_slice(&[0, 0]);
            }
        }
        set(&mut tail, b"Type", Object::Name(b"XRef".to_vec()));
        set(&mut tail, b"Size", Object::Int(i64::from(next)));
        set(&mut tail, b"Index", Object::Array(index));
        set(
            &mut tail,
            b"W",
            Object::Array(vec![Object::Int(1), Object::Int(4), Object::Int(2)]),
        );
        set(&mut tail, b"Length", Object::Int(rows.len() as i64));
        out.extend_from_slice(format!("{xref_num} 0 obj\n").as_bytes());
        out.extend_from_slice(&serialize(&Object::Dict(tail)));
        out.extend_from_slice(b"\nstream\n");
        out.extend_from_slice(&rows);
        out.extend_from_slice(b"\nendstream\nendobj\n");
        out.extend_from_slice(format!("startxref\n{xref_at}\n%%EOF\n").as_bytes());
    } else {
        let xref_at = out.len();
        out.extend_from_slice(b"xref\n");
        for (start, run) in runs(&offsets) {
            out.extend_from_slice(format!("{start} {}\n", run.len()).as_bytes());
            for offset in run {
                out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
            }
        }
        set(&mut tail, b"Size", Object::Int(i64::from(next)));
        out.extend_from_slice(b"trailer\n");
        out.extend_from_slice(&serialize(&Object::Dict(tail)));
        out.extend_from_slice(format!("\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
    }

    // The byte range: everything but the hex string of /Contents.
    let sig_at = offsets
        .iter()
        .find(|(n, _)| *n == sig_num)
        .map(|(_, o)| *o)
        .unwrap_or_default();
    let range_at =
        find(&out, BYTE_RANGE_PLACEHOLDER, sig_at).ok_or(invalid("internal: no placeholder"))?;
    let a = find(&out, b"/Contents <", range_at).ok_or(invalid("internal: no /Contents"))? + 10;
    let b = a + 2 * room + 2;
    let range = format!("/ByteRange [0 {a} {b} {}", out.len() - b);
    let mut field = range.into_bytes();
    field.resize(BYTE_RANGE_PLACEHOLDER.len() - 1, b' ');
    field.push(b']');
    if let Some(slot) = out.get_mut(range_at..range_at + field.len()) {
        slot.copy_from_slice(&field);
    }
    let covered_digest = options.digest.digest_parts(&[
        out.get(..a).unwrap_or_default(),
        out.get(b..).unwrap_or_default(),
    ]);
    let data_to_sign = signed_attributes(&covered_digest, signer, options.digest, scheme, None)?;
    let digest = options.digest.digest(&data_to_sign);
    let state = State {
        pdf: out,
        gap: (a, b),
        digest: options.digest,
        scheme,
        signed_attributes: data_to_sign.clone(),
        chain: options.chain.iter().map(|c| c.der().to_vec()).collect(),
    }
    .encode();
    Ok(Prepared {
        data_to_sign,
        digest,
        digest_algorithm: options.digest,
        scheme,
        state,
    })
}

/// Embeds the signature with its extras (a timestamp token over it, revocation data; see the
/// module docs) and returns the signed PDF.
pub fn finish(state: &[u8], signature: &[u8], extras: &Extras<'_>) -> Result<Vec<u8>> {
    let state = State::decode(state)?;
    let chain: Vec<Certificate> = state
        .chain
        .iter()
        .map(|d| Certificate::from_der(d))
        .collect::<Result<_>>()?;
    let signer = chain
        .first()
        .ok_or(invalid("the state holds no certificate"))?;
    let algorithm = match state.scheme {
        Scheme::RsaPkcs1 => SignatureAlgorithm::RsaPkcs1v15(state.digest),
        Scheme::RsaPss => SignatureAlgorithm::RsaPss {
            digest: state.digest,
            salt_len: state.digest.output_len(),
        },
        Scheme::Ecdsa => SignatureAlgorithm::Ecdsa(state.digest),
    };
    let key = signer
        .public_key()
        .map_err(|_| invalid("the signer's certificate has no usable public key"))?;
    if !key.verify(algorithm, &state.signed_attributes, signature) {
        return Err(invalid(
            "the signature value does not verify with the signer's certificate (another key, or \
             another algorithm, signed)",
        ));
    }
    if let Some(token) = extras.timestamp_token {
        let limits = Limits::default();
        match crate::pki::tsp::imprint(token, &limits) {
            Some((alg, hashed, _)) if alg.digest(signature) == hashed => {}
            Some(_) => {
                return Err(invalid(
                    "the timestamp token's imprint is not the hash of this signature value",
                ))
            }
            None => return Err(invalid("the timestamp token cannot be read")),
        }
    }
    let cms = signed_data(
        &state.signed_attributes,
        signature,
        &chain,
        state.digest,
        state.scheme,
        extras,
    )?;
    let (a, b) = state.gap;
    let mut out = state.pdf;
    let room = b.saturating_sub(a + 2);
    let hex = crate::hash::to_hex(&cms).to_ascii_uppercase();
    if hex.len() > room {
        return Err(Error::new(ErrorKind::LimitExceeded {
            what: "the signature is larger than the room prepared for it",
        }));
    }
    let slot = out
        .get_mut(a + 1..a + 1 + hex.len())
        .ok_or(invalid("the state's placeholder is outside its PDF"))?;
    slot.copy_from_slice(hex.as_bytes());
    Ok(out)
}

/// What [`finish`] needs, as bytes the caller keeps in between.
struct State {
    pdf: Vec<u8>,
    gap: (usize, usize),
    digest: DigestAlgorithm,
    scheme: Scheme,
    signed_attributes: Vec<u8>,
    chain: Vec<Vec<u8>>,
}

impl State {
    fn encode(&self) -> Vec<u8> {
        let mut out = STATE_MAGIC.to_vec();
        let mut field = |b: &[u8]| {
            out.extend_from_slice(&u32::try_from(b.len()).unwrap_or(u32::MAX).to_be_bytes());
            out.extend_from_slice(b);
        };
        field(&self.pdf);
        field(format!("{} {}", self.gap.0, self.gap.1).as_bytes());
        field(self.digest.name().as_bytes());
        field(self.scheme.name().as_bytes());
        field(&self.signed_attributes);
        for c in &self.chain {
            field(c);
        }
        out
    }

    fn decode(bytes: &[u8]) -> Result<Self> {
        let bad = || invalid("the signing state is not one prepare() returned");
        let mut rest = bytes.strip_prefix(&STATE_MAGIC[..]).ok_or_else(bad)?;
        let mut fields: Vec<&[u8]> = Vec::new();
        while !rest.is_empty() {
            let len = rest
                .get(..4)
                .and_then(|l| <[u8; 4]>::try_from(l).ok())
                .map(u32::from_be_bytes)
                .ok_or_else(bad)? as usize;
            let field = rest.get(4..4 + len).ok_or_else(bad)?;
            fields.push(field);
            rest = rest.get(4 + len..).ok_or_else(bad)?;
            if fields.len() > 64 {
                return Err(bad());
            }
        }
        let [pdf, gap, digest, scheme, attrs, chain @ ..] = fields.as_slice() else {
            return Err(bad());
        };
        let gap = std::str::from_utf8(gap).map_err(|_| bad())?;
        let (a, b) = gap.split_once(' ').ok_or_else(bad)?;
        let (a, b): (usize, usize) = (a.parse().map_err(|_| bad())?, b.parse().map_err(|_| bad())?);
        let placeholder_ok = b > a + 2
            && pdf.get(a) == Some(&b'<')
            && pdf.get(b - 1) == Some(&b'>')
            && pdf
                .get(a + 1..b - 1)
                .is_some_and(|h| h.iter().all(|c| *c == b'0'));
        if !placeholder_ok {
            return Err(bad());
        }
        let digest = std::str::from_utf8(digest)
            .ok()
            .and_then(DigestAlgorithm::from_name)
            .ok_or_else(bad)?;
        let scheme = match *scheme {
            b"RSASSA-PKCS1-v1_5" => Scheme::RsaPkcs1,
            b"RSA-PSS" => Scheme::RsaPss,
            b"ECDSA" => Scheme::Ecdsa,
            _ => return Err(bad()),
        };
        if chain.is_empty() {
            return Err(bad());
        }
        Ok(Self {
            pdf: pdf.to_vec(),
            gap: (a, b),
            digest,
            scheme,
            signed_attributes: attrs.to_vec(),
            chain: chain.iter().map(|c| c.to_vec()).collect(),
        })
    }
}

/// Bytes of `/Contents` to reserve: the certificates, the signed attributes and a signature of
/// up to RSA 8192, the revocation data announced, and a timestamp token when asked (TSA tokens
/// carry their own chain).
fn placeholder_len(chain: &[Certificate], timestamp: bool, revocation: usize) -> usize {
    let certs: usize = chain.iter().map(|c| c.der().len()).sum();
    let len = certs + 3_072 + revocation + if timestamp { 12_288 } else { 0 };
    len.div_ceil(1024) * 1024
}

/// Appends `item` to the array under `key` of `holder` (a page's /Annots, the form's /Fields):
/// an indirect array is rewritten in the update, a direct or missing one set in `holder`, which
/// the caller then writes (true).
fn grow(
    doc: &mut Pdf<'_>,
    holder: &mut Dict,
    key: &[u8],
    item: &Object,
    update: &mut Vec<(u32, Vec<u8>)>,
) -> Result<bool> {
    match holder.get(key).cloned() {
        Some(Object::Ref(r)) => {
            let mut items = match doc.get(r)? {
                Object::Array(a) => a,
                _ => Vec::new(),
            };
            items.push(item.clone());
            update.push((r.num, serialize(&Object::Array(items))));
            Ok(false)
        }
        Some(Object::Array(mut items)) => {
            items.push(item.clone());
            set(holder, key, Object::Array(items));
            Ok(true)
        }
        _ => {
            set(holder, key, Object::Array(vec![item.clone()]));
            Ok(true)
        }
    }
}

/// A part of the subject (`CN`, `O`…), as the certificate states it.
fn subject_part(c: &Certificate, key: &str) -> Option<String> {
    let subject = c.subject();
    let prefix = format!("{key}=");
    subject
        .split(',')
        .find_map(|part| part.trim().strip_prefix(prefix.as_str()))
        .map(str::to_owned)
}

/// The default lines of a text appearance (Decree 30's copy mark, VGCA's box): who signed, the
/// organisation, the time in ISO 8601 at Vietnam's offset (+07:00).
fn default_lines(name: Option<&str>, signer: &Certificate, signing_time: i64) -> Vec<String> {
    let (y, mo, d, h, mi, s) = crate::time::civil(signing_time + 7 * 3600);
    let mut lines = vec![format!("Ký bởi: {}", name.unwrap_or("?"))];
    if let Some(org) = subject_part(signer, "O") {
        lines.push(format!("Cơ quan: {org}"));
    }
    lines.push(format!(
        "Thời gian ký: {y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}+07:00"
    ));
    lines
}

/// The rest of a visible widget's dictionary: its signature, rectangle, page and appearance.
fn visible_widget(sig_num: u32, r: [f64; 4], page: u32, form: u32) -> Vec<u8> {
    format!(
        " /V {sig_num} 0 R /F 132 /Rect [{} {} {} {}] /P {page} 0 R /AP << /N {form} 0 R >> >>",
        number(r[0]),
        number(r[1]),
        number(r[2]),
        number(r[3]),
    )
    .into_bytes()
}

/// A number for PDF syntax (no exponent, at most two decimals).
fn number(v: f64) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let mut s = format!("{v:.2}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    s
}

/// Runs of consecutive object numbers: (first number, offsets in order).
fn runs(offsets: &[(u32, usize)]) -> Vec<(u32, Vec<usize>)> {
    let mut sorted = offsets.to_vec();
    sorted.sort_by_key(|(n, _)| *n);
    let mut out: Vec<(u32, Vec<usize>)> = Vec::new();
    for (num, offset) in sorted {
        match out.last_mut() {
            Some((start, run))
                if u32::try_from(run.len()).is_ok_and(|n| start.checked_add(n) == Some(num)) =>
            {
                run.push(offset)
            }
            _ => out.push((num, vec![offset])),
        }
    }
    out
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    memchr::memmem::find(hay.get(from..)?, needle).map(|p| p + from)
}

/// Sets `key` in a dictionary (replacing every earlier value).
fn set(d: &mut Dict, key: &[u8], value: Object) {
    d.0.retain(|(k, _)| k != key);
    d.0.push((key.to_vec(), value));
}

/// `D:YYYYMMDDHHmmSS+00'00'`.
fn pdf_date(t: i64) -> String {
    let (y, mo, d, h, mi, s) = crate::time::civil(t);
    format!("D:{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}+00'00'")
}

/// A text string: literal when printable ASCII, else UTF-16BE with a byte order mark (hex).
fn text_string(s: &str) -> Vec<u8> {
    if s.bytes().all(|c| (0x20..0x7f).contains(&c)) {
        let mut out = vec![b'('];
        for c in s.bytes() {
            if matches!(c, b'(' | b')' | b'\\') {
                out.push(b'\\');
            }
            out.push(c);
        }
        out.push(b')');
        out
    } else {
        let mut hex = String::from("<FEFF");
        for unit in s.encode_utf16() {
            hex.push_str(&format!("{unit:04X}"));
        }
        hex.push('>');
        hex.into_bytes()
    }
}

/// An object in PDF syntax (strings as hex, so any bytes survive).
pub(crate) fn serialize(o: &Object) -> Vec<u8> {
    let mut out = Vec::new();
    write_object(o, &mut out, 0);
    out
}

fn write_object(o: &Object, out: &mut Vec<u8>, depth: usize) {
    if depth > 256 {
        out.extend_from_slice(b"null");
        return;
    }
    match o {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Int(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Object::Real(r) => {
            // Rust prints the shortest decimal that reads back as the same number, never with
            // an exponent: a rewritten dictionary keeps its numbers exactly.
            let r = if r.is_finite() { *r } else { 0.0 };
            // (An integral real keeps its point: it must read back as a real, not an integer.)
            let s = if r.fract() == 0.0 {
                format!("{r:.1}")
            } else {
                format!("{r}")
            };
            out.extend_from_slice(s.as_bytes());
        }
        Object::Name(n) => {
            out.push(b'/');
            for &c in n {
                if (0x21..0x7f).contains(&c) && !b"#()<>[]{}/%".contains(&c) {
                    out.push(c);
                } else {
                    out.extend_from_slice(format!("#{c:02X}").as_bytes());
                }
            }
        }
        Object::String(s) => {
            out.push(b'<');
            out.extend_from_slice(crate::hash::to_hex(s).as_bytes());
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_object(item, out, depth + 1);
            }
            out.push(b']');
        }
        Object::Dict(d) => write_dict(d, out, depth),
        // Only dictionaries and arrays are rewritten; a stream's dictionary alone would lose it.
        Object::Stream(s) => write_dict(&s.dict, out, depth),
        Object::Ref(r) => out.extend_from_slice(format!("{} {} R", r.num, r.gen).as_bytes()),
    }
}

fn write_dict(d: &Dict, out: &mut Vec<u8>, depth: usize) {
    out.extend_from_slice(b"<<");
    for (k, v) in &d.0 {
        out.push(b' ');
        write_object(&Object::Name(k.clone()), out, depth + 1);
        out.push(b' ');
        write_object(v, out, depth + 1);
    }
    out.extend_from_slice(b" >>");
}
