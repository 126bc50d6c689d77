//! Times one re-verification of the embedded sample as the window does it while the timeline
//! handle is dragged: `verify::inspect` against the window's default stores (AWS IoT device
//! roots and Mozilla), then the timeline and the diagram's Scene. The target is ≤ 5 ms, so
//! that dragging stays at frame rate on the UI thread.
//!
//!   cargo run --release --example reverify [RUNS]      (benches/reverify.sh)

use std::process::ExitCode;
use std::time::{Duration, Instant};

use chainlens::diagram::{self, SceneOptions};
use chainlens::load::{SourceSpec, load_blocking};
use chainlens::model::Policy;
use chainlens::verify::{self, TrustStore};

fn main() -> ExitCode {
    let runs: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    let loaded = match load_blocking(SourceSpec::Sample) {
        Ok(loaded) => loaded,
        Err(e) => {
            eprintln!("reverify: cannot load the sample: {e:#}");
            return ExitCode::from(2);
        }
    };
    let stores = [TrustStore::aws_iot(), TrustStore::mozilla()];
    let start = time::macros::datetime!(2022-09-10 00:00 UTC);
    let mut total = Duration::ZERO;
    let mut worst = Duration::ZERO;
    let mut boxes = 0;
    for i in 0..runs {
        // A different day each run, as a drag does.
        let policy = Policy::at(start + time::Duration::days(i64::from(i % 700)));
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
        let took = began.elapsed();
        boxes = scene.boxes.len() + timeline.certificates.len();
        total += took;
        worst = worst.max(took);
    }
    let mean_ms = total.as_secs_f64() * 1000.0 / f64::from(runs.max(1));
    println!(
        "re-verification of the sample (2 stores, inspect + timeline + scene): mean {mean_ms:.3} ms, worst {:.3} ms over {runs} runs ({boxes} boxes and bars)",
        worst.as_secs_f64() * 1000.0
    );
    if mean_ms <= 5.0 {
        ExitCode::SUCCESS
    } else {
        println!("over the 5 ms target");
        ExitCode::from(1)
    }
}
