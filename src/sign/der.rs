//! A small DER writer for what signing builds (signed attributes, SignedData): definite
//! minimal lengths, SET OF members sorted, no other encoding choices to make.

/// A TLV with a one-byte tag.
pub(crate) fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let n = content.len();
    let mut out = Vec::with_capacity(n + 6);
    out.push(tag);
    let bytes = n.to_be_bytes();
    let skip = bytes.iter().take_while(|b| **b == 0).count();
    let len = bytes.get(skip..).unwrap_or_default();
    match (u8::try_from(n), u8::try_from(len.len())) {
        (Ok(short), _) if short < 0x80 => out.push(short),
        (_, Ok(count)) => {
            out.push(0x80 | count);
            out.extend_from_slice(len);
        }
        _ => {}
    }
    out.extend_from_slice(content);
    out
}

/// SEQUENCE of the parts, in order.
pub(crate) fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

/// SET OF the members, sorted by their encodings (X.690 §11.6).
pub(crate) fn set_of(mut members: Vec<Vec<u8>>) -> Vec<u8> {
    members.sort();
    tlv(0x31, &members.concat())
}

/// OCTET STRING.
pub(crate) fn octets(b: &[u8]) -> Vec<u8> {
    tlv(0x04, b)
}

/// NULL.
pub(crate) fn null() -> Vec<u8> {
    vec![0x05, 0x00]
}

/// INTEGER of a small non-negative value.
pub(crate) fn small_int(v: u32) -> Vec<u8> {
    unsigned(&v.to_be_bytes())
}

/// INTEGER of an unsigned big-endian magnitude (minimal: leading zeros dropped, one added when
/// the top bit is set).
pub(crate) fn unsigned(magnitude: &[u8]) -> Vec<u8> {
    let skip = magnitude
        .iter()
        .take_while(|b| **b == 0)
        .count()
        .min(magnitude.len().saturating_sub(1));
    let m = magnitude.get(skip..).unwrap_or(&[0]);
    let m = if m.is_empty() { &[0][..] } else { m };
    let mut content = Vec::with_capacity(m.len() + 1);
    if m.first().is_some_and(|b| b & 0x80 != 0) {
        content.push(0);
    }
    content.extend_from_slice(m);
    tlv(0x02, &content)
}

/// An OBJECT IDENTIFIER from its dotted form (the callers' constants are well formed).
pub(crate) fn oid(dotted: &str) -> Vec<u8> {
    let arcs: Vec<u64> = dotted.split('.').filter_map(|a| a.parse().ok()).collect();
    let mut content = Vec::new();
    if let [first, second, rest @ ..] = arcs.as_slice() {
        base128(first * 40 + second, &mut content);
        for arc in rest {
            base128(*arc, &mut content);
        }
    }
    tlv(0x06, &content)
}

fn base128(mut v: u64, out: &mut Vec<u8>) {
    let mut bytes = vec![(v & 0x7f) as u8];
    v >>= 7;
    while v > 0 {
        bytes.push(0x80 | (v & 0x7f) as u8);
        v >>= 7;
    }
    bytes.reverse();
    out.extend_from_slice(&bytes);
}

/// A context-specific tag `[n]`, constructed.
pub(crate) fn explicit(n: u8, content: &[u8]) -> Vec<u8> {
    tlv(0xa0 | (n & 0x1f), content)
}

/// An AlgorithmIdentifier: the OID, and its parameters when given.
pub(crate) fn algorithm(dotted: &str, parameters: Option<&[u8]>) -> Vec<u8> {
    match parameters {
        Some(p) => seq(&[&oid(dotted), p]),
        None => seq(&[&oid(dotted)]),
    }
}

/// Time as UTCTime for 1950–2049, GeneralizedTime otherwise (RFC 5280 §4.1.2.5).
pub(crate) fn time(t: i64) -> Vec<u8> {
    let (y, mo, d, h, mi, s) = crate::time::civil(t);
    if (1950..2050).contains(&y) {
        tlv(
            0x17,
            format!("{:02}{mo:02}{d:02}{h:02}{mi:02}{s:02}Z", y % 100).as_bytes(),
        )
    } else {
        tlv(
            0x18,
            format!("{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}Z").as_bytes(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        assert_eq!(oid("1.2.840.113549.1.7.2"), {
            let mut v = vec![0x06, 0x09];
            v.extend_from_slice(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]);
            v
        });
        assert_eq!(unsigned(&[0x00, 0x80]), vec![0x02, 0x02, 0x00, 0x80]);
        assert_eq!(unsigned(&[0x00, 0x00, 0x01]), vec![0x02, 0x01, 0x01]);
        assert_eq!(small_int(0), vec![0x02, 0x01, 0x00]);
        assert_eq!(tlv(0x04, &[0; 200])[..3], [0x04, 0x81, 200]);
        assert_eq!(tlv(0x04, &[0; 300])[..4], [0x04, 0x82, 0x01, 0x2c]);
        assert_eq!(time(1_750_000_000), tlv(0x17, b"250615150640Z"));
        assert_eq!(
            set_of(vec![vec![0x02, 0x01, 0x02], vec![0x02, 0x01, 0x01]]),
            vec![0x31, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02]
        );
    }
}
