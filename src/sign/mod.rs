//! Signing: the document prepared and the bytes to sign computed here, the private-key
//! operation done elsewhere (a token bridge, WebCrypto, a PKCS#12 key in the CLI), the
//! signature embedded here. See `pdf` for the two steps.

pub mod appearance;
pub mod cms;
mod der;
pub mod pdf;
pub mod pkcs12;
