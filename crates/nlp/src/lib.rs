//! NLP stages trained by veille's own code. Pure: models are bytes in,
//! annotations out; no I/O.

pub mod binio;
pub mod clusters;
pub mod deps;
pub mod ner;
pub mod perceptron;
pub mod pos;
pub mod quotes;
pub mod rows;
pub mod sent;
#[cfg(test)]
mod shipped;
pub mod syntax;
pub mod time;

pub use binio::ModelError;
pub use ner::{Model, Trainer};
