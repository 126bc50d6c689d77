//! chainlens: read, decode and verify X.509 certificate chains, from files or live TLS servers.

pub mod decode;
pub mod fetch;
pub mod ingest;
pub mod model;
pub mod report;
pub mod verify;
