//! Unicode text utilities the layers above share (below `container`, `pki` and `extract`): NFC
//! normalisation.

pub mod nfc;
mod nfc_tables;
