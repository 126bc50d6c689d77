//! Device handshakes against a probed server: what the device's TLS client sends and can take
//! in, does the device negotiate, which chain does it get, and does that chain fit its input
//! buffer.

pub mod client;
pub mod simulate;
