//! Times one re-verification of the embedded sample with five device profiles over three
//! trust stores (15 device verdicts beside the 3 store verdicts), as the window runs it when a
//! device is ticked or the timeline handle is dragged with devices ticked: `verify::inspect`,
//! the timeline, the diagram's Scene, and the device matrix's rows. The target is ≤ 16 ms,
//! one 60 Hz frame.
//!
//!   cargo run --release --example reverify_devices [RUNS]      (benches/reverify_devices.sh)

use std::process::ExitCode;
use std::time::{Duration, Instant};

use chainlens::diagram::{self, SceneOptions};
use chainlens::load::{SourceSpec, load_blocking};
use chainlens::model::{Device, DeviceChoice, Policy, Stack};
use chainlens::verify::{self, TrustStore};

/// One frame at 60 Hz.
const TARGET_MS: f64 = 16.0;

fn main() -> ExitCode {
    let runs: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100);
    let loaded = match load_blocking(SourceSpec::Sample) {
        Ok(loaded) => loaded,
        Err(e) => {
            eprintln!("reverify_devices: cannot load the sample: {e:#}");
            return ExitCode::from(2);
        }
    };
    let stores = [
        TrustStore::aws_iot(),
        TrustStore::mozilla(),
        TrustStore::aws_iot_legacy(),
    ];
    let devices = DeviceChoice {
        devices: Stack::ALL.into_iter().map(Device::new).collect(),
        ..DeviceChoice::default()
    };
    let start = time::macros::datetime!(2022-09-10 00:00 UTC);
    let mut total = Duration::ZERO;
    let mut worst = Duration::ZERO;
    let mut verdicts = 0;
    for i in 0..runs {
        // A different day each run, as a drag does.
        let policy = Policy {
            devices: devices.clone(),
            ..Policy::at(start + time::Duration::days(i64::from(i % 700)))
        };
        let began = Instant::now();
        let insp = verify::inspect(
            verify::Input {
                source: loaded.source.clone(),
                certificates: loaded.certificates.clone(),
                untrusted: Vec::new(),
                load_notes: Vec::new(),
            },
            &stores,
            &policy,
        );
        let timeline = verify::timeline(&insp);
        let scene = diagram::scene::build(&insp, SceneOptions::default());
        let rows = chainlens::report::device::device_rows(&insp);
        let advice = chainlens::report::device::order_advice(&insp);
        let took = began.elapsed();
        verdicts = rows.len();
        std::hint::black_box((scene, timeline, advice));
        total += took;
        worst = worst.max(took);
    }
    let mean_ms = total.as_secs_f64() * 1000.0 / f64::from(runs.max(1));
    println!(
        "re-verification of the sample with 5 devices x 3 stores (inspect + timeline + scene + device rows): mean {mean_ms:.3} ms, worst {:.3} ms over {runs} runs ({verdicts} device rows)",
        worst.as_secs_f64() * 1000.0
    );
    if mean_ms <= TARGET_MS {
        ExitCode::SUCCESS
    } else {
        println!("over the {TARGET_MS} ms target");
        ExitCode::from(1)
    }
}
