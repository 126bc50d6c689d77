//! Misbehaving servers on 127.0.0.1, through the library and through the built binary: each
//! is answered by its own error within the timeout (+1 s), never by a panic or a hang, and
//! the window keeps drawing frames while such a fetch runs.
//!
//! `fetch::failures` covers the simpler cases (silence, a 1-byte-a-second drip, banners,
//! single alerts, a reset mid-record); `fetch::capture` the oversized chains.

use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use crate::common::fetch_cases::{self, Case, Expected, FirstBytes, variant};
use crate::common::hostile::{
    drip_server, pseudo_random_bytes, reply_then_silence, reset_after_hello,
    sixteen_mib_announcement, tiny_handshake_messages,
};
use crate::common::tls_pki::{huge_leaf, long_chain};
use crate::common::tls_servers::{ServerSetup, alert_record, rustls_server};
use anyhow::{Result, bail};
use chainlens::fetch::{FetchError, FetchOptions, FetchPhase};
use serde_json::Value;

/// Short, so the timeout tests stay quick; the assertions allow one extra second.
const TIMEOUT_SECS: u64 = 2;

/// Runs the binary with `args` in `dir`: its output and how long it took.
async fn chainlens(args: &[&str], dir: &Path) -> (Output, Duration) {
    let started = Instant::now();
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_chainlens"))
        .args(args)
        .current_dir(dir)
        .output()
        .await
        .unwrap();
    (out, started.elapsed())
}

/// Runs the binary with `args` in `dir`, checking it ended within the timeout plus a second.
async fn timed_chainlens(args: &[&str], dir: &Path) -> Output {
    let (out, elapsed) = chainlens(args, dir).await;
    assert!(
        elapsed < Duration::from_secs(TIMEOUT_SECS + 1),
        "chainlens {args:?} took {elapsed:?}"
    );
    out
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[tokio::test]
async fn each_hostile_server_gets_its_own_error_in_time() -> Result<()> {
    // 64 KiB of noise whose first byte cannot start a TLS record.
    let mut noise = pseudo_random_bytes(64 * 1024, 0x9e37_79b9_7f4a_7c15);
    if let Some(first) = noise.first_mut() {
        *first = 0xc3;
    }
    // Well-formed record and message headers, so only the ServerHello parser can object.
    let mut bad_hello = vec![0x16, 0x03, 0x03, 0x01, 0x04, 0x02, 0x00, 0x01, 0x00];
    bad_hello.extend(pseudo_random_bytes(0x100, 0x2545_f491_4f6c_dd1d));
    let case = |name: &str, server, expected| Case {
        name: name.to_owned(),
        server,
        expected,
    };
    let cases = [
        case(
            "a byte every half second",
            drip_server(Duration::from_millis(500)).await?,
            Expected::EndsWithAddress(variant!(FetchError::Timeout {
                phase: FetchPhase::Handshake,
                ..
            })),
        ),
        case(
            "a reset right after the ClientHello",
            reset_after_hello().await?,
            Expected::Says(
                variant!(FetchError::ResetDuringHandshake { .. }),
                "the connection was reset during the TLS handshake with {address}".to_owned(),
            ),
        ),
        case(
            "random bytes",
            reply_then_silence(noise).await?,
            Expected::NotTls(
                "data that is not TLS",
                FirstBytes::StartWithAndAreCut("\\xc3"),
            ),
        ),
        case(
            "random bytes in a ServerHello",
            reply_then_silence(bad_hello).await?,
            Expected::EndsWithAddress(variant!(
                FetchError::Tls { .. } | FetchError::Incompatible { .. }
            )),
        ),
        // Refused on its header: waiting for the 16 MiB would only end in the timeout.
        case(
            "a handshake message announcing 16 MiB, then silence",
            reply_then_silence(sixteen_mib_announcement()).await?,
            Expected::EndsWithAddress(variant!(FetchError::ChainTooLarge { .. })),
        ),
        case(
            "10,000 tiny handshake messages",
            reply_then_silence(tiny_handshake_messages(10_000)).await?,
            Expected::EndsWithAddress(variant!(FetchError::Tls { .. })),
        ),
    ];
    let options = FetchOptions {
        timeout_secs: TIMEOUT_SECS,
        ..FetchOptions::default()
    };

    fetch_cases::run(&cases, &options).await;
    Ok(())
}

#[tokio::test]
async fn each_hostile_server_ends_the_command_with_exit_2_and_its_reason() -> Result<()> {
    let leaf = huge_leaf(1024 * 1024)?;
    // (case, server, what stderr must say)
    let cases = [
        (
            "a byte every half second",
            drip_server(Duration::from_millis(500)).await?,
            "timed out after 2 s during the TLS handshake",
        ),
        // internal_error (80), then the server keeps the connection open.
        (
            "a fatal alert",
            reply_then_silence(alert_record(80)).await?,
            "TLS alert internal_error",
        ),
        (
            "a certificate with a 1 MiB extension",
            rustls_server(ServerSetup::new(vec![leaf.der.clone()], leaf.key_der())).await?,
            "certificate chain is too large to capture",
        ),
    ];
    let dir = tempfile::tempdir()?;
    let mut failures = Vec::new();
    for (name, server, reason) in &cases {
        let (out, elapsed) = chainlens(
            &["inspect", &server.address(), "--timeout", "2"],
            dir.path(),
        )
        .await;
        let stderr = stderr(&out);
        if elapsed >= Duration::from_secs(TIMEOUT_SECS + 1) {
            failures.push(format!("{name}: took {elapsed:?}: {stderr}"));
        } else if out.status.code() != Some(2) {
            failures.push(format!("{name}: {:?}: {stderr}", out.status));
        } else if !stderr.contains(reason) || stderr.contains("panicked") {
            failures.push(format!(
                "{name}: expected {reason:?} and no panic: {stderr}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    Ok(())
}

#[tokio::test]
async fn a_chain_of_100_intermediates_is_captured_and_verified_within_the_path_budget() -> Result<()>
{
    // Leaf, 100 intermediates and the self-signed root, all sent.
    let (chain, key) = long_chain(102, 0)?;
    let server = rustls_server(ServerSetup::new(chain.clone(), key.serialize_der())).await?;
    let dir = tempfile::tempdir()?;
    let root = chain
        .last()
        .map(|der| pem::encode(&pem::Pem::new("CERTIFICATE", der.clone())));
    std::fs::write(dir.path().join("root.pem"), root.unwrap_or_default())?;

    let out = timed_chainlens(
        &[
            "inspect",
            &server.address(),
            "--timeout",
            "2",
            "--trust",
            "root.pem",
            "--host",
            "localhost",
            "--json",
        ],
        dir.path(),
    )
    .await;

    // Verified: trusted or not (exit 0 or 1), never an input error or a crash.
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{:?}: {}",
        out.status,
        stderr(&out)
    );
    let json: Value = serde_json::from_slice(&out.stdout)?;
    let certificates = json["certificates"].as_array().map_or(0, Vec::len);
    assert!(
        certificates >= 102,
        "{certificates} certificates in the report"
    );
    let verdicts = json["verdicts"].as_array().cloned().unwrap_or_default();
    let [verdict] = verdicts.as_slice() else {
        bail!("one verdict expected: {verdicts:?}");
    };
    assert_eq!(verdict["store"], "root.pem");
    assert!(
        verdict["reason"].as_str().is_some_and(|r| !r.is_empty()),
        "{verdict}"
    );
    assert!(json["links"].as_array().is_some_and(|l| !l.is_empty()));
    Ok(())
}

/// The window while a drip server holds a fetch open: frames keep completing, the job stays
/// running, and Cancel ends it.
#[cfg(feature = "gui")]
mod window {
    use std::time::Duration;

    use chainlens::gui::{App, State, ThemeChoice};
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use crate::common::hostile::drip_server;
    use crate::common::window::waiting_for_verdicts;

    struct Fixture {
        app: Option<App>,
        runtime: tokio::runtime::Handle,
    }

    fn running(harness: &Harness<'_, Fixture>) -> bool {
        harness
            .state()
            .app
            .as_ref()
            .is_some_and(|app| app.session.load_job.is_running())
    }

    #[test]
    fn frames_keep_coming_while_a_dripping_server_is_fetched() {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let server = runtime
            .block_on(drip_server(Duration::from_millis(500)))
            .unwrap();
        let fixture = Fixture {
            app: None,
            runtime: runtime.handle().clone(),
        };
        let mut harness = Harness::builder()
            .with_size([1280.0, 760.0])
            .build_ui_state(
                |ui, fixture: &mut Fixture| {
                    if fixture.app.is_none() {
                        let state = State {
                            theme: ThemeChoice::Light,
                            ..State::default()
                        };
                        fixture.app = Some(waiting_for_verdicts(App::with_state(
                            ui.ctx(),
                            state,
                            fixture.runtime.clone(),
                            Vec::new(),
                        )));
                    }
                    if let Some(app) = fixture.app.as_mut() {
                        app.frame_ui(ui);
                    }
                },
                fixture,
            );
        harness.run();
        if let Some(app) = harness.state_mut().app.as_mut() {
            app.state.address = server.address();
        }
        harness.run();
        harness.get_by_label("Fetch").click();
        harness.step();
        assert!(running(&harness));

        // The fetch's 10 s timeout is far off: each of these frames must complete on its
        // own while the job runs in the background, 50 ms apart (a drip every 500 ms).
        for frame in 0..40 {
            harness.step();
            assert!(running(&harness), "the job stopped at frame {frame}");
            std::thread::sleep(Duration::from_millis(50));
        }
        harness.get_by_label("Cancel").click();
        harness.step();
        assert!(!running(&harness));
        // Nothing broken is shown for a cancelled fetch, and the sample is still there.
        let app = harness.state().app.as_ref().unwrap();
        assert!(app.session.inspection.is_some());
    }
}
