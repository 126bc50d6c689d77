//! Writes the device proving ground's corpus: `cargo run --example device_corpus -- DIR [N] [SEED]`
//! (N chains, default 2,000; SEED default 1). `benches/devices.sh` runs it.
//!
//! The generator itself is test-support code (`tests/it/common/device_corpus.rs`), shared with
//! the integration test's 300-chain sample; an example is the one place that can both use a
//! dev-dependency (rcgen) and run as a program, without a binary that would ship.

// The generator is test code: it may unwrap and index.
#![allow(
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::unwrap_used,
    missing_docs
)]

// The test reads fields of the generator that this program does not need.
#[allow(dead_code)]
#[path = "../tests/it/common/device_corpus.rs"]
mod device_corpus;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        anyhow::bail!("usage: device_corpus DIR [N] [SEED]");
    };
    let count = args.next().map(|n| n.parse()).transpose()?.unwrap_or(2000);
    let seed = args.next().map(|n| n.parse()).transpose()?.unwrap_or(1);
    let cases = device_corpus::write_corpus(std::path::Path::new(&dir), count, seed)?;
    eprintln!("device_corpus: {} cases in {dir}", cases.len());
    Ok(())
}
