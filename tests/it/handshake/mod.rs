//! Device TLS clients: the captured hellos held to the real libraries, and the handshake the
//! real clients complete (or not) with real servers.

pub mod capture;
mod hellos;
mod input_limits;
mod proof;
mod real_clients;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The five real clients, built once per test process.
pub fn clients() -> &'static Path {
    static BIN: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_dir, bin) = BIN.get_or_init(|| {
        for (tool, package) in [("cc", "gcc"), ("make", "make")] {
            crate::common::tls_tools::require_tool(tool, package).unwrap();
        }
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("bin");
        capture::build_clients(&bin).unwrap();
        (dir, bin)
    });
    bin
}
