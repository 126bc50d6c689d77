//! The server probe and the device handshake simulation against real servers on loopback:
//! `openssl s_server` (dual RSA + ECDSA certificates, TLS 1.2-only), a rustls server with a
//! long chain, hostile peers (silent, closing at once) and postfix through STARTTLS.

#[cfg(feature = "aws")]
mod aws;
mod devices;
mod dual;
mod hostile;
mod starttls;
#[cfg(feature = "gui")]
mod window;
