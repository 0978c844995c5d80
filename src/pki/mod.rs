//! Public-key infrastructure: algorithms and their policy, certificates, certification paths and
//! the trust store, CMS SignedData, RFC 3161 timestamps, revocation data (CRLs, OCSP).

pub mod algorithm;
pub mod ber;
pub mod cert;
pub mod cms;
pub mod names;
pub mod path;
pub mod revocation;
pub mod tsp;
