//! Text (openssl-like) and JSON renderings of an [`Inspection`](crate::model::Inspection).

pub mod json;
pub mod text;

pub use text::{certificate_text, inspection_text};
