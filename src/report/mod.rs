//! Text (openssl-like), JSON and PEM/DER renderings of an [`Inspection`](crate::model::Inspection),
//! and the batch table.

pub mod batch;
mod certificate;
pub mod ct;
pub mod device;
mod evidence;
pub mod export;
mod findings;
pub mod json;
pub mod matrix;
mod name_match;
pub mod pem;
pub mod probe;
pub mod text;
pub mod words;

pub use text::{certificate_text, inspection_text, timeline_text};
