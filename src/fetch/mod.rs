//! Capturing a server's certificate chain from a live TLS handshake (tokio + rustls).
//!
//! The chain is recorded exactly as sent, valid or not; chainlens judges it afterwards.
//! Cancel a fetch by dropping its future. CRLs, OCSP answers and AIA issuers come through
//! the one HTTP client of [`http`], gathered by [`evidence`].

mod chain;
mod client;
mod error;
pub mod evidence;
pub mod http;
mod names;
mod options;
mod recorder;
mod recording_stream;
mod sniff;
mod target;

pub use chain::FetchedChain;
pub use client::{fetch_chain, fetch_chain_over};
pub use error::{FetchError, FetchPhase};
pub use options::{DEFAULT_TIMEOUT_SECS, FetchOptions, SniMode};
pub use target::{ConnectRule, Target, TargetError, parse_connect_to};
