//! Name constraints (RFC 5280 §4.2.1.10, §6.1.3 (b)–(c)): a CA's permitted and excluded subtrees
//! bind the subject names and subjectAltNames of every certificate below it on the path (a
//! self-issued intermediate excepted).
//!
//! Forms evaluated: directoryName (the constraint is a prefix of the name, RDN by RDN),
//! dNSName (the name equals the constraint or is below it), rfc822Name (a mailbox, a host, or
//! a domain given with a leading dot; the subject's emailAddress attributes count too),
//! iPAddress (address and mask) and URIs (their host, as a dNSName). A constraint of any other
//! form is unsupported when the certificate has a name of that form: the path is then
//! INDETERMINATE, never passed.

use der::Tagged;
use x509_cert::ext::pkix::constraints::name::GeneralSubtree;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::name::{Name, RelativeDistinguishedName};

use super::cert::Certificate;
use super::path::PathError;

const EMAIL_ADDRESS: &str = "1.2.840.113549.1.9.1";

/// The name forms a constraint or a name may take, as far as matching goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    Directory,
    Dns,
    Email,
    Ip,
    Uri,
    Other(u8),
}

fn form(n: &GeneralName) -> Form {
    match n {
        GeneralName::DirectoryName(_) => Form::Directory,
        GeneralName::DnsName(_) => Form::Dns,
        GeneralName::Rfc822Name(_) => Form::Email,
        GeneralName::IpAddress(_) => Form::Ip,
        GeneralName::UniformResourceIdentifier(_) => Form::Uri,
        GeneralName::OtherName(_) => Form::Other(0),
        GeneralName::EdiPartyName(_) => Form::Other(5),
        GeneralName::RegisteredId(_) => Form::Other(8),
    }
}

/// A name of a certificate, borrowed or derived.
enum Subject<'a> {
    Directory(&'a Name),
    Dns(String),
    Email(String),
    Ip(&'a [u8]),
    Uri(String),
    Other(u8),
}

impl Subject<'_> {
    fn form(&self) -> Form {
        match self {
            Self::Directory(_) => Form::Directory,
            Self::Dns(_) => Form::Dns,
            Self::Email(_) => Form::Email,
            Self::Ip(_) => Form::Ip,
            Self::Uri(_) => Form::Uri,
            Self::Other(t) => Form::Other(*t),
        }
    }
}

/// Two distinguished names are the same name (RFC 5280 §7.1): as many RDNs, each pair equal
/// by [`rdn_equal`]. Chaining uses it (an issuer name written `O=Bo  Tai chinh` names the CA
/// whose subject is `O=Bo Tai chinh`, as OpenSSL's canonical comparison finds too); the
/// issuer's signature still decides.
pub fn same_name(a: &Name, b: &Name) -> bool {
    a.len() == b.len() && a.iter_rdn().zip(b.iter_rdn()).all(|(x, y)| rdn_equal(x, y))
}

/// A name in the form [`same_name`] compares: per RDN, its (type, prepared value) pairs sorted.
/// Two names are the same name exactly when their keys are equal.
pub type NameKey = Vec<Vec<(String, Vec<u8>)>>;

/// The [`NameKey`] of `name`.
pub fn name_key(name: &Name) -> NameKey {
    name.iter_rdn().map(rdn_values).collect()
}

fn rdn_values(r: &RelativeDistinguishedName) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = r
        .iter()
        .map(|atv| (atv.oid.to_string(), attribute_text(&atv.value)))
        .collect();
    v.sort();
    v
}

/// Two RDNs name the same thing (RFC 5280 §7.1): the same encoding, or the same attribute
/// types with values equal after RFC 4518's string preparation ([`prepared`]), whatever string
/// type encodes them — so that an excluded `O=Evil Corp` also excludes `O=Evil  Corp`,
/// `O= evil corp ` or `O=Evil\u{ad} Corp`.
fn rdn_equal(a: &RelativeDistinguishedName, b: &RelativeDistinguishedName) -> bool {
    a == b || rdn_values(a) == rdn_values(b)
}

/// An attribute value as compared: the prepared text of a string type ([`prepared`]), the
/// encoding itself otherwise.
fn attribute_text(value: &der::asn1::Any) -> Vec<u8> {
    let bytes = value.value();
    let text: Option<String> = match value.tag() {
        der::Tag::Utf8String
        | der::Tag::PrintableString
        | der::Tag::Ia5String
        | der::Tag::VisibleString
        | der::Tag::NumericString => core::str::from_utf8(bytes).ok().map(str::to_owned),
        // TeletexString, read as Latin-1 as RFC 5280 suggests for the legacy ones
        der::Tag::TeletexString => Some(bytes.iter().map(|b| char::from(*b)).collect()),
        // BMPString (UTF-16BE)
        der::Tag::BmpString if bytes.len() % 2 == 0 => {
            char::decode_utf16(bytes.chunks_exact(2).map(|c| {
                u16::from_be_bytes([
                    c.first().copied().unwrap_or(0),
                    c.get(1).copied().unwrap_or(0),
                ])
            }))
            .collect::<Result<String, _>>()
            .ok()
        }
        _ => None,
    };
    match text {
        Some(t) => prepared(&t).into_bytes(),
        None => [value.tag().to_string().as_bytes(), b":", bytes].concat(),
    }
}

/// RFC 4518's preparation for caseIgnoreMatch, as far as it goes here: NFC normalisation
/// (RFC 4518 asks for NFKC; its compatibility mappings beyond full-width ASCII are not applied),
/// characters mapped to nothing (soft hyphen, zero-width and joiner characters, variation selectors, controls)
/// dropped, every space-like character a space, full-width ASCII folded to ASCII (the part of
/// NFKC names are spoofed with), case folded, runs of spaces made one and the ends trimmed.
fn prepared(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true; // at the start: leading spaces are dropped
                          // Normalised first (NFC: "Bộ" typed as "Bo" + two combining marks is "Bộ"), so that a
                          // decomposed name is the composed one.
    let text = crate::text::nfc::nfc(text);
    for c in text.chars() {
        let c = match c {
            '\u{ad}'
            | '\u{34f}'
            | '\u{1806}'
            | '\u{180b}'..='\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}'
            | '\u{fffc}' => continue,
            '\u{0}'..='\u{8}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{84}' | '\u{86}'..='\u{9f}' => {
                continue
            }
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(u32::from(c) - 0xfee0).unwrap_or(c),
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' {
            if !space {
                out.push(' ');
            }
            space = true;
            continue;
        }
        space = false;
        out.extend(c.to_lowercase());
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

fn dns_within(name: &str, constraint: &str) -> bool {
    let (name, constraint) = (name.to_ascii_lowercase(), constraint.to_ascii_lowercase());
    let name = name.trim_end_matches('.');
    let constraint = constraint.trim_end_matches('.');
    if constraint.is_empty() {
        return true;
    }
    if let Some(domain) = constraint.strip_prefix('.') {
        return name.ends_with(&format!(".{domain}"));
    }
    name == constraint || name.ends_with(&format!(".{constraint}"))
}

fn email_within(mailbox: &str, constraint: &str) -> bool {
    let mailbox = mailbox.to_ascii_lowercase();
    let constraint = constraint.to_ascii_lowercase();
    if constraint.contains('@') {
        return mailbox == constraint;
    }
    let host = mailbox.rsplit_once('@').map_or("", |(_, h)| h);
    if let Some(domain) = constraint.strip_prefix('.') {
        return host.ends_with(&format!(".{domain}"));
    }
    host == constraint
}

fn uri_host(uri: &str) -> String {
    let rest = uri.split_once("://").map_or(uri, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = host.split(':').next().unwrap_or("");
    host.to_owned()
}

/// Whether `name` lies within `base`; `None` when the pair cannot be evaluated.
fn within(name: &Subject<'_>, base: &GeneralName) -> Option<bool> {
    Some(match (name, base) {
        (Subject::Directory(n), GeneralName::DirectoryName(c)) => {
            c.len() <= n.len() && c.iter_rdn().zip(n.iter_rdn()).all(|(a, b)| rdn_equal(a, b))
        }
        (Subject::Dns(n), GeneralName::DnsName(c)) => dns_within(n, c.as_str()),
        (Subject::Email(n), GeneralName::Rfc822Name(c)) => email_within(n, c.as_str()),
        (Subject::Uri(n), GeneralName::UniformResourceIdentifier(c)) => {
            dns_within(&uri_host(n), c.as_str())
        }
        (Subject::Ip(n), GeneralName::IpAddress(c)) => {
            let c = c.as_bytes();
            let half = c.len() / 2;
            if c.len() % 2 != 0 || half != n.len() {
                return Some(false);
            }
            let (addr, mask) = c.split_at(half);
            n.iter()
                .zip(addr.iter().zip(mask))
                .all(|(x, (a, m))| x & m == a & m)
        }
        _ => return None,
    })
}

fn names_of(cert: &Certificate) -> Vec<Subject<'_>> {
    let mut out = Vec::new();
    let subject = cert.subject_name();
    if !subject.is_empty() {
        out.push(Subject::Directory(subject));
    }
    for atv in subject.iter() {
        if atv.oid.to_string() == EMAIL_ADDRESS {
            let value = atv.value.value();
            out.push(Subject::Email(String::from_utf8_lossy(value).into_owned()));
        }
    }
    out
}

fn describe(n: &Subject<'_>) -> String {
    match n {
        Subject::Directory(d) => format!("the name \"{d}\""),
        Subject::Dns(d) => format!("the DNS name {d}"),
        Subject::Email(e) => format!("the e-mail address {e}"),
        Subject::Ip(ip) => format!("the IP address {}", crate::hash::to_hex(ip)),
        Subject::Uri(u) => format!("the URI {u}"),
        Subject::Other(t) => format!("a name of form [{t}]"),
    }
}

/// Checks `certs` (leaf first, anchor last) against the name constraints of the CAs on it.
pub(crate) fn check_path(certs: &[&Certificate]) -> Result<(), PathError> {
    for (k, ca) in certs.iter().enumerate().skip(1) {
        let constraints = match ca.name_constraints() {
            Ok(Some(nc)) => nc,
            Ok(None) => continue,
            Err(()) => {
                return Err(PathError::Invalid(format!(
                    "\"{}\" has a nameConstraints extension that cannot be read",
                    ca.subject()
                )))
            }
        };
        let permitted = constraints.permitted_subtrees.unwrap_or_default();
        let excluded = constraints.excluded_subtrees.unwrap_or_default();
        for (j, cert) in certs.iter().enumerate().take(k) {
            if j > 0 && cert.self_issued() {
                continue;
            }
            let sans = cert.subject_alt_names();
            let mut names = names_of(cert);
            for san in &sans {
                names.push(match san {
                    GeneralName::DirectoryName(d) => Subject::Directory(d),
                    GeneralName::DnsName(d) => Subject::Dns(d.as_str().to_owned()),
                    GeneralName::Rfc822Name(e) => Subject::Email(e.as_str().to_owned()),
                    GeneralName::IpAddress(ip) => Subject::Ip(ip.as_bytes()),
                    GeneralName::UniformResourceIdentifier(u) => {
                        Subject::Uri(u.as_str().to_owned())
                    }
                    GeneralName::OtherName(_) => Subject::Other(0),
                    GeneralName::EdiPartyName(_) => Subject::Other(5),
                    GeneralName::RegisteredId(_) => Subject::Other(8),
                });
            }
            for name in &names {
                check_name(name, &permitted, &excluded).map_err(|why| {
                    why.into_error(&describe(name), &cert.subject(), &ca.subject())
                })?;
            }
        }
    }
    Ok(())
}

enum Why {
    NotPermitted,
    Excluded,
    Unsupported,
}

impl Why {
    fn into_error(self, name: &str, cert: &str, ca: &str) -> PathError {
        match self {
            Self::NotPermitted => PathError::Invalid(format!(
                "{name} of \"{cert}\" is outside the subtrees \"{ca}\" permits (name constraints)"
            )),
            Self::Excluded => PathError::Invalid(format!(
                "{name} of \"{cert}\" is in a subtree \"{ca}\" excludes (name constraints)"
            )),
            Self::Unsupported => PathError::Unsupported(format!(
                "\"{ca}\" constrains a form of name vanban does not evaluate, and \"{cert}\" has \
                 {name}"
            )),
        }
    }
}

fn check_name(
    name: &Subject<'_>,
    permitted: &[GeneralSubtree],
    excluded: &[GeneralSubtree],
) -> Result<(), Why> {
    let f = name.form();
    for sub in excluded.iter().filter(|s| form(&s.base) == f) {
        match within(name, &sub.base) {
            Some(true) => return Err(Why::Excluded),
            Some(false) => {}
            None => return Err(Why::Unsupported),
        }
    }
    let mut of_form = permitted.iter().filter(|s| form(&s.base) == f).peekable();
    if of_form.peek().is_none() {
        return Ok(());
    }
    for sub in of_form {
        match within(name, &sub.base) {
            Some(true) => return Ok(()),
            Some(false) => {}
            None => return Err(Why::Unsupported),
        }
    }
    Err(Why::NotPermitted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_and_mail_matching() {
        assert!(dns_within("a.gov.vn", "gov.vn"));
        assert!(dns_within("gov.vn", "gov.vn"));
        assert!(!dns_within("evilgov.vn", "gov.vn"));
        assert!(!dns_within("gov.vn", ".gov.vn"));
        assert!(dns_within("x.gov.vn", ".gov.vn"));
        assert!(email_within("an@mic.gov.vn", "mic.gov.vn"));
        assert!(!email_within("an@x.mic.gov.vn", "mic.gov.vn"));
        assert!(email_within("an@x.mic.gov.vn", ".mic.gov.vn"));
        assert!(email_within("An@Mic.gov.vn", "an@mic.gov.vn"));
        assert_eq!(uri_host("https://user@Host.gov.vn:443/p?q"), "Host.gov.vn");
    }
}
