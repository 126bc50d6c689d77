//! chainlens: read, decode and verify X.509 certificate chains, from files or live TLS servers.

#[cfg(feature = "aws")]
pub mod aws;
pub mod ct;
pub mod decode;
pub mod diagram;
pub mod fetch;
#[cfg(feature = "gui")]
pub mod gui;
pub mod handshake;
pub mod ingest;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod probe;
pub mod report;
pub mod verify;
