//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod aws_home;
pub mod corpus;
pub mod moto;
pub mod tls_pki;
pub mod tls_servers;
pub mod tls_tools;
