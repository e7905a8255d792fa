//! NLP stages trained by veille's own code. Pure: models are bytes in,
//! annotations out; no I/O.

pub mod ner;

pub use ner::{Model, ModelError, Trainer};
