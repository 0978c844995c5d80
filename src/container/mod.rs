//! Hardened readers of the containers that documents come in. Everything above them (text
//! extraction, signature verification) reads bytes only through these.

pub mod format;
pub mod opc;
pub mod pdf;
pub mod xml;
pub mod zip;
