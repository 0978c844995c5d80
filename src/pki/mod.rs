//! Public-key infrastructure: algorithms and their policy (more to come: certificates and paths,
//! the trust store, CMS SignedData, RFC 3161 timestamps, revocation data).

pub mod algorithm;
