//! Capturing a server's certificate chain from a live TLS handshake (tokio + rustls).
//!
//! The chain is recorded exactly as sent, valid or not; chainlens judges it afterwards.
//! Mail, directory, chat, file-transfer and database servers are reached through their
//! STARTTLS dialogues; servers that speak only TLS 1.0–1.2 suites rustls refuses are read
//! through a plaintext legacy capture.
//! Cancel a fetch by dropping its future. CRLs, OCSP answers and AIA issuers come through
//! the one HTTP client of [`http`], gathered by [`evidence`].

mod chain;
mod client;
mod error;
pub mod evidence;
pub mod http;
mod legacy;
mod names;
mod options;
mod recorder;
mod recording_stream;
mod sniff;
mod starttls;
mod target;

pub use chain::FetchedChain;
pub use client::{fetch_chain, fetch_chain_over};
pub use error::{FetchError, FetchPhase};
pub use legacy::{
    FlightError, FlightReader, MAX_FLIGHT_BYTES, ServerFlight, client_hello, read_server_flight,
};
pub use options::{DEFAULT_TIMEOUT_SECS, FetchOptions, SniMode};
pub use starttls::{
    LdapExtendedResponse, MAX_DIALOGUE_BYTES, StartTls, negotiate as negotiate_starttls,
    parse_ldap_extended_response,
};
pub use target::{ConnectRule, Target, TargetError, parse_connect_to};
