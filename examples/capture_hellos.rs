//! Captures the ClientHello of each device stack's real client, at its default and with every
//! combination of the build options that change the hello, into
//! `assets/devices/hello/<profile>.json` (one hello a line).
//!
//! Run by hand after a library update (Debian's -dev packages of the five libraries, make and
//! a C compiler are needed):
//!
//!     cargo run --example capture_hellos            # writes assets/devices/hello/
//!     cargo run --example capture_hellos -- DIR     # writes DIR instead
//!
//! `cargo test --test it handshake::hellos` holds the files to the libraries.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

#[path = "../tests/it/handshake/capture.rs"]
#[allow(dead_code)]
mod capture;

use std::path::{Path, PathBuf};

use anyhow::Result;
use chainlens::handshake::client::{CapturedHello, hello_devices};
use chainlens::model::device::Stack;

fn main() -> Result<()> {
    let out = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/devices/hello"));
    std::fs::create_dir_all(&out)?;
    let work = tempfile::tempdir()?;
    let bin = work.path().join("bin");
    capture::build_clients(&bin)?;
    let ca = write_ca(work.path())?;
    let servers_dir = work.path().join("servers");
    std::fs::create_dir_all(&servers_dir)?;
    let servers = capture::version_servers(&servers_dir)?;
    for stack in Stack::ALL {
        let mut lines = Vec::new();
        for device in hello_devices(stack) {
            let mut hello = capture::capture_hello(&bin, &device, &ca)?;
            hello.min_version = capture::min_version(&bin, &device, &servers)?;
            let captured = CapturedHello {
                device: device.name(),
                hello,
            };
            lines.push(format!("    {}", serde_json::to_string(&captured)?));
        }
        let text = format!(
            "{{\n  \"captured_from\": {},\n  \"hellos\": [\n{}\n  ]\n}}\n",
            serde_json::to_string(stack.proven_against())?,
            lines.join(",\n")
        );
        let path = out.join(format!("{}.json", stack.profile_name()));
        std::fs::write(&path, text)?;
        println!("{}: {} hellos", path.display(), lines.len());
    }
    Ok(())
}

/// A CA file the clients can load (its contents do not change the hello).
fn write_ca(dir: &Path) -> Result<PathBuf> {
    let key = rcgen::KeyPair::generate()?;
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new())?;
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "capture CA");
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let path = dir.join("ca.pem");
    std::fs::write(&path, params.self_signed(&key)?.pem())?;
    Ok(path)
}
