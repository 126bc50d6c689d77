//! The integration tests, one binary: every topic a module, the fixtures in `common` compiled
//! once. Tests run as threads of this one process, so nothing here may change the process's
//! environment, working directory or other global state; children get theirs explicitly.

// A failing test is a panic by design: tests may unwrap, expect, index and panic.
#![allow(
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::unwrap_used
)]

mod common;

#[cfg(feature = "aws")]
mod aws;
mod cli;
mod corpus;
mod ct;
mod devices;
mod devstores;
mod diagram;
mod fetch;
#[cfg(feature = "gui")]
mod gui;
mod handshake;
mod ingest;
mod pipeline;
mod pkits;
mod probe;
mod revocation;
mod verify;
