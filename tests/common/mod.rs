//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod corpus;
pub mod tls_pki;
pub mod tls_servers;
pub mod tls_tools;
