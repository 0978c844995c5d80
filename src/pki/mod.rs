//! Public-key infrastructure: algorithms and their policy, certificates, certification paths and
//! the trust store, CMS SignedData (more to come: RFC 3161 timestamps, revocation data).

pub mod algorithm;
pub mod ber;
pub mod cert;
pub mod cms;
pub mod path;
