//! The one options object each exported function takes from JavaScript, converted here once into
//! the core's types: a field of the wrong type, a limit the core does not have or a limit that is
//! not a whole number is an `ERR_INVALID_ARGUMENT` naming it, never ignored.

// The text module (without `signatures`) reads fewer kinds of field.
#![cfg_attr(not(feature = "signatures"), allow(dead_code))]

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use super::JsResult;
use crate::error::{Error, ErrorKind};
use crate::limits::Limits;

/// A JavaScript options object (`undefined` and `null` read as empty).
pub(super) struct Options<'a>(&'a JsValue);

fn invalid(what: &'static str) -> JsValue {
    Error::new(ErrorKind::InvalidArgument { what }).into()
}

impl<'a> Options<'a> {
    pub(super) fn new(value: &'a JsValue) -> JsResult<Self> {
        if value.is_undefined() || value.is_null() || value.is_object() {
            Ok(Self(value))
        } else {
            Err(invalid("options"))
        }
    }

    /// The field, or `None` when it is absent, `undefined` or `null`.
    pub(super) fn get(&self, key: &'static str) -> JsResult<Option<JsValue>> {
        if !self.0.is_object() {
            return Ok(None);
        }
        let v = Reflect::get(self.0, &JsValue::from_str(key)).map_err(|_| invalid(key))?;
        Ok((!v.is_undefined() && !v.is_null()).then_some(v))
    }

    pub(super) fn string(&self, key: &'static str) -> JsResult<Option<String>> {
        self.get(key)?
            .map(|v| v.as_string().ok_or_else(|| invalid(key)))
            .transpose()
    }

    pub(super) fn bool(&self, key: &'static str) -> JsResult<Option<bool>> {
        self.get(key)?
            .map(|v| v.as_bool().ok_or_else(|| invalid(key)))
            .transpose()
    }

    /// A finite number.
    pub(super) fn number(&self, key: &'static str) -> JsResult<Option<f64>> {
        self.get(key)?
            .map(|v| {
                v.as_f64()
                    .filter(|n| n.is_finite())
                    .ok_or_else(|| invalid(key))
            })
            .transpose()
    }

    /// A whole number from 0 to 2^53.
    pub(super) fn count(&self, key: &'static str) -> JsResult<Option<u64>> {
        self.number(key)?
            .map(|n| whole(n).ok_or_else(|| invalid(key)))
            .transpose()
    }

    pub(super) fn array(&self, key: &'static str) -> JsResult<Option<Array>> {
        self.get(key)?
            .map(|v| v.dyn_into::<Array>().map_err(|_| invalid(key)))
            .transpose()
    }

    pub(super) fn bytes(&self, key: &'static str) -> JsResult<Option<Vec<u8>>> {
        self.get(key)?
            .map(|v| {
                v.dyn_into::<js_sys::Uint8Array>()
                    .map(|a| a.to_vec())
                    .map_err(|_| invalid(key))
            })
            .transpose()
    }

    /// `limits`: the core's [`Limits`], each field in camelCase (`maxInputBytes`), the others
    /// at their defaults.
    pub(super) fn limits(&self) -> JsResult<Limits> {
        let mut limits = Limits::default();
        let Some(given) = self.get("limits")? else {
            return Ok(limits);
        };
        if !given.is_object() {
            return Err(invalid("limits"));
        }
        for key in Object::keys(given.unchecked_ref::<Object>()).iter() {
            let key = key.as_string().unwrap_or_default();
            let value =
                Reflect::get(&given, &JsValue::from_str(&key)).unwrap_or(JsValue::UNDEFINED);
            set_limit(&mut limits, &key, &value)?;
        }
        Ok(limits)
    }
}

/// A whole number from 0 to 2^53 (exactly representable), as u64.
fn whole(n: f64) -> Option<u64> {
    // The checks make the conversion exact.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    (n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n <= 9_007_199_254_740_992.0)
        .then_some(n as u64)
}

/// A whole number that fits a usize.
pub(super) fn whole_usize(n: f64) -> Option<usize> {
    whole(n).and_then(|n| usize::try_from(n).ok())
}

/// Sets the limit `key` (its JavaScript name) to `value`.
fn set_limit(limits: &mut Limits, key: &str, value: &JsValue) -> JsResult<()> {
    let (what, slot): (&'static str, Slot<'_>) = match key {
        "maxInputBytes" => (
            "limits.maxInputBytes",
            Slot::U64(&mut limits.max_input_bytes),
        ),
        "maxDecompressedBytesPerStream" => (
            "limits.maxDecompressedBytesPerStream",
            Slot::U64(&mut limits.max_decompressed_bytes_per_stream),
        ),
        "maxDecompressedBytesTotal" => (
            "limits.maxDecompressedBytesTotal",
            Slot::U64(&mut limits.max_decompressed_bytes_total),
        ),
        "maxDecompressionRatio" => (
            "limits.maxDecompressionRatio",
            Slot::U64(&mut limits.max_decompression_ratio),
        ),
        "maxZipEntries" => (
            "limits.maxZipEntries",
            Slot::U32(&mut limits.max_zip_entries),
        ),
        "maxDepth" => ("limits.maxDepth", Slot::U32(&mut limits.max_depth)),
        "maxXrefChain" => ("limits.maxXrefChain", Slot::U32(&mut limits.max_xref_chain)),
        "maxObjects" => ("limits.maxObjects", Slot::U32(&mut limits.max_objects)),
        "maxSignatures" => (
            "limits.maxSignatures",
            Slot::U32(&mut limits.max_signatures),
        ),
        "maxChainLength" => (
            "limits.maxChainLength",
            Slot::U32(&mut limits.max_chain_length),
        ),
        "maxCertificates" => (
            "limits.maxCertificates",
            Slot::U32(&mut limits.max_certificates),
        ),
        _ => return Err(invalid("limits (a field vanban does not have)")),
    };
    let n = value
        .as_f64()
        .and_then(whole)
        .ok_or_else(|| invalid(what))?;
    match slot {
        Slot::U64(s) => *s = n,
        Slot::U32(s) => *s = u32::try_from(n).map_err(|_| invalid(what))?,
    }
    Ok(())
}

enum Slot<'a> {
    U64(&'a mut u64),
    U32(&'a mut u32),
}

/// The byte arrays of a JS array (`Uint8Array`s); `what` names it in the error.
pub(super) fn byte_arrays(list: &Array, what: &'static str) -> JsResult<Vec<Vec<u8>>> {
    list.iter()
        .map(|v| {
            v.dyn_into::<js_sys::Uint8Array>()
                .map(|a| a.to_vec())
                .map_err(|_| invalid(what))
        })
        .collect()
}

/// The strings of a JS array; `what` names it in the error.
pub(super) fn strings(list: &Array, what: &'static str) -> JsResult<Vec<String>> {
    list.iter()
        .map(|v| v.as_string().ok_or_else(|| invalid(what)))
        .collect()
}

pub(super) fn invalid_argument(what: &'static str) -> JsValue {
    invalid(what)
}
