//! Helpers shared by the integration tests.

// A failing test is a panic by design: tests may unwrap, expect, index and panic.
#![allow(
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::unwrap_used
)]
#![allow(dead_code)]

pub mod aws_home;
pub mod corpus;
pub mod generated;
pub mod hostile;
pub mod mail_servers;
pub mod moto;
pub mod ocsp_pki;
pub mod tls_pki;
pub mod tls_servers;
pub mod tls_tools;
#[cfg(feature = "gui")]
pub mod window;
