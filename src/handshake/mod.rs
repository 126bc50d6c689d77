//! Device handshakes against a probed server: does the device negotiate, which chain does it
//! get, and does that chain fit its input buffer.

pub mod simulate;
