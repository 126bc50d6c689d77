//! Helpers shared by the integration tests.

pub mod aws_home;
pub mod corpus;
pub mod device_corpus;
pub mod fetch_cases;
pub mod generated;
pub mod hostile;
pub mod mail_servers;
pub mod moto;
pub mod ocsp_pki;
pub mod own_process;
pub mod tls_pki;
pub mod tls_servers;
pub mod tls_tools;
#[cfg(feature = "gui")]
pub mod window;
