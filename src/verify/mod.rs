//! Signature verification. So far: the report model every format's verifier fills
//! ([`report`]); the verifiers (detached CMS, PAdES, OOXML, edXML) build on `crate::pki`.

pub mod report;
