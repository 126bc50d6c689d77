//! The server probe and the device handshake simulation against real servers on loopback:
//! `openssl s_server` (dual RSA + ECDSA certificates, TLS 1.2-only, long chains), hostile
//! peers (silent, closing at once) and a STARTTLS peer.

mod dual;
mod hostile;
