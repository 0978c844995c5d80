//! Unicode Normalization Form C (UAX #15): canonical decomposition, canonical ordering, canonical
//! composition. Tables from `scripts/gen_nfc_tables.py`; Hangul syllables algorithmically.

use super::nfc_tables::{CCC, COMPOSE, DECOMPOSE};

const S_BASE: u32 = 0xac00;
const L_BASE: u32 = 0x1100;
const V_BASE: u32 = 0x1161;
const T_BASE: u32 = 0x11a7;
const L_COUNT: u32 = 19;
const V_COUNT: u32 = 21;
const T_COUNT: u32 = 28;
const N_COUNT: u32 = V_COUNT * T_COUNT;
const S_COUNT: u32 = L_COUNT * N_COUNT;

fn ccc(c: char) -> u8 {
    let cp = u32::from(c);
    if cp < 0x300 {
        return 0;
    }
    CCC.binary_search_by_key(&cp, |e| e.0)
        .ok()
        .and_then(|i| CCC.get(i))
        .map_or(0, |e| e.1)
}

/// Appends the full canonical decomposition of `c`.
fn decompose(c: char, out: &mut Vec<char>) {
    let mut stack = vec![c];
    while let Some(x) = stack.pop() {
        let cp = u32::from(x);
        if (S_BASE..S_BASE + S_COUNT).contains(&cp) {
            let s = cp - S_BASE;
            let parts = [
                L_BASE + s / N_COUNT,
                V_BASE + (s % N_COUNT) / T_COUNT,
                T_BASE + s % T_COUNT,
            ];
            out.extend(
                parts
                    .iter()
                    .filter(|p| **p != T_BASE)
                    .filter_map(|p| char::from_u32(*p)),
            );
            continue;
        }
        let found = if cp < 0xc0 {
            None
        } else {
            DECOMPOSE
                .binary_search_by_key(&cp, |e| e.0)
                .ok()
                .and_then(|i| DECOMPOSE.get(i))
        };
        match found {
            Some(&(_, first, second)) => {
                if let Some(b) = char::from_u32(second).filter(|_| second != 0) {
                    stack.push(b);
                }
                if let Some(a) = char::from_u32(first) {
                    stack.push(a);
                }
            }
            None => out.push(x),
        }
    }
}

fn compose(a: char, b: char) -> Option<char> {
    let (a, b) = (u32::from(a), u32::from(b));
    if (L_BASE..L_BASE + L_COUNT).contains(&a) && (V_BASE..V_BASE + V_COUNT).contains(&b) {
        return char::from_u32(S_BASE + ((a - L_BASE) * V_COUNT + (b - V_BASE)) * T_COUNT);
    }
    if (S_BASE..S_BASE + S_COUNT).contains(&a)
        && (a - S_BASE) % T_COUNT == 0
        && (T_BASE + 1..T_BASE + T_COUNT).contains(&b)
    {
        return char::from_u32(a + (b - T_BASE));
    }
    COMPOSE
        .binary_search_by_key(&(a, b), |e| e.0)
        .ok()
        .and_then(|i| COMPOSE.get(i))
        .and_then(|e| char::from_u32(e.1))
}

/// Characters that are stable under NFC on their own and never combine with a neighbour:
/// everything below U+0300 and the precomposed Latin letters of U+1E00–U+1EFF (all of
/// Vietnamese), so most text takes the fast path.
fn quick_yes(c: char) -> bool {
    let cp = u32::from(c);
    cp < 0x300 || (0x1e00..=0x1eff).contains(&cp)
}

/// `text` in Normalization Form C.
pub fn nfc(text: &str) -> String {
    if text.chars().all(quick_yes) {
        return text.to_owned();
    }
    let mut buf: Vec<char> = Vec::with_capacity(text.len());
    for c in text.chars() {
        decompose(c, &mut buf);
    }
    // Canonical ordering: a stable sort of each run of non-starters by combining class.
    let mut i = 1;
    while i < buf.len() {
        let (prev, cur) = (
            buf.get(i - 1).copied().map_or(0, ccc),
            buf.get(i).copied().map_or(0, ccc),
        );
        if cur != 0 && prev > cur {
            buf.swap(i - 1, i);
            if i > 1 {
                i -= 1;
            }
        } else {
            i += 1;
        }
    }
    // Canonical composition (UAX #15 reference algorithm).
    let Some(&first) = buf.first() else {
        return String::new();
    };
    let mut out: Vec<char> = Vec::with_capacity(buf.len());
    out.push(first);
    let mut starter = 0usize;
    let mut last_class: u16 = if ccc(first) == 0 { 0 } else { 256 };
    for &c in buf.iter().skip(1) {
        let class = u16::from(ccc(c));
        let composite = out.get(starter).and_then(|s| compose(*s, c));
        match composite {
            Some(comp) if last_class < class || last_class == 0 => {
                if let Some(slot) = out.get_mut(starter) {
                    *slot = comp;
                }
            }
            _ => {
                if class == 0 {
                    starter = out.len();
                }
                last_class = class;
                out.push(c);
            }
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn vietnamese_in_any_mark_order_composes() {
        assert_eq!(nfc("Vie\u{0302}\u{0323}t"), "Việt");
        assert_eq!(nfc("Vie\u{0323}\u{0302}t"), "Việt");
        assert_eq!(nfc("ho\u{031b}\u{0300}"), "hờ");
        assert_eq!(nfc("\u{1ec7}"), "ệ");
        assert_eq!(nfc("Ω\u{2126}"), "ΩΩ");
        assert_eq!(nfc("\u{1100}\u{1161}\u{11a8}"), "각");
        assert_eq!(nfc(""), "");
        assert_eq!(nfc("\u{0301}a"), "\u{0301}a");
    }

    /// The oracle is the `unicode-normalization` crate (a dev-dependency only).
    #[test]
    fn agrees_with_a_reference_implementation() {
        let pool: Vec<char> =
            "aeiouyAEIOUYdDnNcCsSzZ ăâêôơưĂÂÊÔƠƯđĐ ạảãáàệếềểễ ΑΩωἀᾳ иИйЙ 각가ᄀ하ᅡᆨ ñçÅåÆ"
                .chars()
                .chain([
                    '\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}', '\u{0302}',
                    '\u{0306}', '\u{031b}', '\u{0308}', '\u{030a}', '\u{0327}', '\u{0345}',
                    '\u{0313}', '\u{0342}', '\u{1161}', '\u{11a8}', '\u{2126}', '\u{212b}',
                    '\u{0958}', '\u{093c}', '\u{0915}', '\u{05b4}', '\u{05b0}',
                ])
                .collect();
        let mut x = 0x9e37_79b9_u32;
        for _ in 0..20_000 {
            let mut s = String::new();
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            for _ in 0..(x % 9) {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                s.push(pool[(x as usize) % pool.len()]);
            }
            let expected: String = s.nfc().collect();
            assert_eq!(
                nfc(&s),
                expected,
                "{:?}",
                s.chars()
                    .map(|c| format!("{:04X}", u32::from(c)))
                    .collect::<Vec<_>>()
            );
        }
    }
}
