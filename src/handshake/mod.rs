//! Handshake simulation: what a device's TLS client sends and can take in, joined with what a
//! server accepts (from the probe): does the device negotiate, which chain does it get, and
//! does that chain fit its input buffer.

pub mod client;
pub mod simulate;
