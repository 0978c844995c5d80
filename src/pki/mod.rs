//! Public-key infrastructure: algorithms and their policy, certificates, certification paths and
//! the trust store (more to come: CMS SignedData, RFC 3161 timestamps, revocation data).

pub mod algorithm;
pub mod cert;
pub mod path;
