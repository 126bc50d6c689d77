//! Handshake simulation: what a device's TLS client sends and can take in, joined with what a
//! server accepts.

pub mod client;
