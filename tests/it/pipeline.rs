//! One pipeline for every face: the command line (`verify`, `inspect`, `batch`), the
//! library pipeline the window and its Batch view call, the window and the Batch view
//! themselves, and `aws check`, give the same verdict on the same input — the purpose rule
//! included (a CA read from a file is checked as a CA unless a purpose is named). And an
//! export is written whole: an existing file is replaced at once, a failed write leaves the
//! target as it was and no temporary file behind.

use std::fs;
use std::path::Path;
use std::process::Output;

use crate::common::corpus::data;
use chainlens::load::{SourceSpec, load_blocking};
use chainlens::model::{Policy, Purpose};
use chainlens::pipeline;
use chainlens::report::json::inspection_value;
use chainlens::verify::TrustStore;
use serde_json::Value;

/// A root the Debian bundle holds, alone in its file.
const LONE_ROOT: &str = "aws-roots/Amazon_Root_CA_1.pem";
const DEBIAN: &str = "debian-ca-certificates/ca-certificates.crt";
/// Within the root's and the bundle's validity.
const AT: &str = "2025-06-01T00:00:00Z";

fn chainlens(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_chainlens"))
        .args(args)
        .current_dir(data(""))
        .output()
        .unwrap()
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// What a face decided, in the terms every face shares: the purpose checked and, per store
/// in order, whether it trusts the chain and the code of its verdict.
fn verdict(inspection: &Value) -> (Value, Vec<(bool, Value, Value)>) {
    let verdicts = inspection["verdicts"]
        .as_array()
        .unwrap_or_else(|| panic!("no verdicts: {inspection:#}"))
        .iter()
        .map(|v| {
            (
                v["trusted"].as_bool().unwrap(),
                v["code"].clone(),
                v["profile"].clone(),
            )
        })
        .collect();
    (inspection["policy"]["purpose"].clone(), verdicts)
}

/// The library pipeline as the window and its Batch view call it: the loaded file, the
/// policy with the purpose as a default (the window's radio), verified offline.
fn library(file: &str, purpose: Purpose, named: bool) -> Value {
    let loaded = load_blocking(SourceSpec::File(data(file))).unwrap();
    let stores = [TrustStore::from_file(&data(DEBIAN)).unwrap()];
    let options = pipeline::Options {
        policy: Policy {
            purpose,
            ..Policy::at(crate::common::corpus::at(AT))
        },
        purpose_named: named,
    };
    let insp = pipeline::verify_offline(
        pipeline::input(&loaded, None, Vec::new()),
        &stores,
        &options,
    );
    inspection_value(&insp)
}

#[test]
fn a_lone_ca_file_gets_the_same_verdict_from_the_cli_the_library_and_batch() {
    let expected = verdict(&library(LONE_ROOT, Purpose::Server, false));
    assert_eq!(expected.0, "ca", "checked as a CA: {expected:?}");
    assert!(
        expected.1.iter().all(|(trusted, _, _)| *trusted),
        "the bundle holds it: {expected:?}"
    );

    let verify = chainlens(&["verify", LONE_ROOT, "--trust", DEBIAN, "--at", AT, "--json"]);
    assert_eq!(verify.status.code(), Some(0));
    assert_eq!(verdict(&json_of(&verify)), expected, "verify --json");

    let inspect = chainlens(&[
        "inspect", LONE_ROOT, "--trust", DEBIAN, "--at", AT, "--json",
    ]);
    assert_eq!(inspect.status.code(), Some(0));
    assert_eq!(verdict(&json_of(&inspect)), expected, "inspect --json");

    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("list.txt");
    fs::write(&list, format!("{}\n", data(LONE_ROOT).display())).unwrap();
    let batch = chainlens(&[
        "batch",
        list.to_str().unwrap(),
        "--trust",
        DEBIAN,
        "--at",
        AT,
        "--json",
    ]);
    assert_eq!(batch.status.code(), Some(0));
    let rows = json_of(&batch);
    assert_eq!(verdict(&rows[0]["inspection"]), expected, "batch --json");
}

#[test]
fn a_named_purpose_is_kept_by_the_cli_and_the_library_alike() {
    let expected = verdict(&library(LONE_ROOT, Purpose::Server, true));
    assert_eq!(expected.0, "server");
    assert!(
        expected.1.iter().all(|(trusted, _, _)| !*trusted),
        "a CA is no server leaf: {expected:?}"
    );
    let out = chainlens(&[
        "verify",
        LONE_ROOT,
        "--purpose",
        "server",
        "--trust",
        DEBIAN,
        "--at",
        AT,
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(verdict(&json_of(&out)), expected);
    // A leaf keeps the default purpose with or without the rule.
    let leaf = "aws-iot-us-east-1/leaf-star.iot.us-east-1.amazonaws.com.pem";
    assert_eq!(
        library(leaf, Purpose::Server, false)["policy"]["purpose"],
        "server"
    );
}

#[cfg(feature = "gui")]
mod window {
    use super::*;
    use crate::common::window::{Fixture, Window, light_state, runtime, wait_idle, window};
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    fn harness(rt: &tokio::runtime::Runtime, sources: Vec<String>) -> Harness<'static, Fixture> {
        let mut state = light_state();
        state.trust.aws_iot = false;
        state.trust.aws_iot_legacy = false;
        state.trust.mozilla = false;
        state.trust.system = false;
        state.trust.bundles.push(data(DEBIAN));
        window(rt, state, sources, Window::default())
    }

    /// The window opens the lone root from its file and its Batch view runs it as a row:
    /// both say what the command line says (the validation time is now: the root and the
    /// bundle hold until long after these tests).
    #[test]
    fn the_window_and_its_batch_view_agree_with_the_cli() {
        let rt = runtime();
        let file = data(LONE_ROOT).display().to_string();
        let mut harness = harness(&rt, vec![file.clone()]);
        let cli = chainlens(&["verify", LONE_ROOT, "--trust", DEBIAN, "--json"]);
        let expected = verdict(&json_of(&cli));
        assert_eq!(expected.0, "ca");

        let shown = harness.state().app().session.inspection.clone().unwrap();
        assert_eq!(verdict(&inspection_value(&shown)), expected, "the window");

        harness.get_by_label("Batch…").click();
        harness.run_steps(12);
        harness.get_by_label("Sources").focus();
        harness
            .get_by_label("Sources")
            .type_text(&format!("{file}\n"));
        harness.run_steps(12);
        harness.get_by_label("Run").click();
        harness.run_steps(12);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while harness.state().app().session.batch.job.is_running() {
            assert!(
                std::time::Instant::now() < deadline,
                "the batch did not finish"
            );
            harness.step();
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        wait_idle(&mut harness);
        let app = harness.state().app();
        let row = app.session.batch.rows[0]
            .result
            .as_ref()
            .unwrap()
            .as_ref()
            .unwrap();
        assert_eq!(
            verdict(&inspection_value(&row.inspection)),
            expected,
            "the Batch view"
        );
    }
}

#[cfg(feature = "aws")]
mod aws {
    use super::*;
    use crate::common::aws_home::AwsHome;
    use crate::common::moto;
    use crate::common::tls_pki::amazon_shaped;
    use crate::common::tls_tools::{require_tool, spawn_listening};

    /// The ATS address a freshly seeded moto gives first in eu-west-1.
    const SEEDED_ATS: &str = "ohbvrpoivgrv5i-ats.iot.eu-west-1.amazonaws.com";

    /// `aws check` captures the chain from a live server (so the purpose stays server); the
    /// command line and the library pipeline, given the same certificates from files and the
    /// discovered host, say the same.
    #[tokio::test]
    async fn aws_check_agrees_with_the_cli_and_the_library() {
        let Some(moto) = moto::start().unwrap() else {
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        let pki = amazon_shaped("eu-west-1").unwrap();
        fs::write(dir.path().join("root.pem"), &pki.root.pem).unwrap();
        fs::write(dir.path().join("int.pem"), &pki.intermediate.pem).unwrap();
        fs::write(dir.path().join("leaf.pem"), &pki.leaf.pem).unwrap();
        fs::write(dir.path().join("leaf.key"), pki.leaf.key.serialize_pem()).unwrap();
        let openssl = require_tool("openssl", "openssl").unwrap();
        let server = spawn_listening(
            &openssl,
            |port| {
                Ok([
                    "s_server",
                    "-www",
                    "-quiet",
                    "-no-CAfile",
                    "-no-CApath",
                    "-no-CAstore",
                    "-cert",
                    "leaf.pem",
                    "-key",
                    "leaf.key",
                    "-cert_chain",
                    "int.pem",
                    "-alpn",
                    "x-amzn-mqtt-ca",
                    "-accept",
                    &port.to_string(),
                ]
                .map(str::to_owned)
                .to_vec())
            },
            dir.path(),
            "s_server.log",
        )
        .await
        .unwrap();
        let home = AwsHome::with_keys();
        home.config(&format!(
            "[default]\nregion = eu-west-1\nendpoint_url = {}\n",
            moto.url()
        ));
        let root = dir.path().join("root.pem");
        let root = root.to_str().unwrap();
        let connect_to = format!("::127.0.0.1:{}", server.port);
        let run = home.run(&[
            "aws",
            "check",
            "--json",
            "--connect-to",
            &connect_to,
            "--trust",
            root,
        ]);
        assert_eq!(run.code(), Some(0), "{}", run.both());
        let value: Value = serde_json::from_str(&run.stdout()).unwrap();
        let checked = verdict(&value["endpoints"][0]["inspection"]);
        assert_eq!(checked.0, "server");

        let leaf = dir.path().join("leaf.pem");
        let int = dir.path().join("int.pem");
        let cli = chainlens(&[
            "verify",
            leaf.to_str().unwrap(),
            "--untrusted",
            int.to_str().unwrap(),
            "--trust",
            root,
            "--host",
            SEEDED_ATS,
            "--json",
        ]);
        assert_eq!(verdict(&json_of(&cli)), checked, "verify --json");

        let loaded = load_blocking(SourceSpec::File(leaf.clone())).unwrap();
        let untrusted = chainlens::ingest::load_file(&int).unwrap().certificates;
        let stores = [TrustStore::from_file(Path::new(root)).unwrap()];
        let options = pipeline::Options::new(Policy {
            host: Some(SEEDED_ATS.to_string()),
            ..Policy::at(time::OffsetDateTime::now_utc())
        });
        let insp = pipeline::inspect(
            pipeline::input(&loaded, None, untrusted),
            &stores,
            &options,
            None,
        )
        .await;
        assert_eq!(verdict(&inspection_value(&insp)), checked, "the library");
    }
}

#[test]
fn an_export_replaces_an_existing_file_whole() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.json");
    fs::write(&target, "x".repeat(1 << 20)).unwrap();
    let out = chainlens(&[
        "export",
        "sample",
        "--at",
        "2023-01-01T00:00:00Z",
        "--json",
        target.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written: Value = serde_json::from_slice(&fs::read(&target).unwrap()).unwrap();
    assert_eq!(written["schema"], "chainlens.inspection/1");
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "no temporary file is left: {names:?}");
}

#[test]
fn a_failed_export_leaves_the_target_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    // The target is a directory: the data can be written beside it, not renamed over it.
    let target = dir.path().join("chain.pem");
    fs::create_dir(&target).unwrap();
    fs::write(target.join("kept"), "kept").unwrap();
    let out = chainlens(&[
        "export",
        "sample",
        "--at",
        "2023-01-01T00:00:00Z",
        "--pem",
        target.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot write"), "{stderr}");
    assert_eq!(fs::read_to_string(target.join("kept")).unwrap(), "kept");
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "the temporary file is removed: {names:?}");

    // The library writer the window uses behaves the same.
    let loaded = load_blocking(SourceSpec::Sample).unwrap();
    let insp = pipeline::verify_offline(
        pipeline::input(&loaded, None, Vec::new()),
        &[TrustStore::aws_iot()],
        &pipeline::Options::new(Policy::at(crate::common::corpus::at(
            "2023-01-01T00:00:00Z",
        ))),
    );
    let kind = chainlens::report::export::ExportKind::Pem { as_sent: false };
    assert!(chainlens::report::export::write(&insp, None, kind, &target).is_err());
    assert_eq!(fs::read_to_string(target.join("kept")).unwrap(), "kept");
    let file = dir.path().join("ok.pem");
    fs::write(&file, "old").unwrap();
    let bytes = chainlens::report::export::write(&insp, None, kind, &file).unwrap();
    let pem = fs::read_to_string(&file).unwrap();
    assert_eq!(pem.len(), bytes);
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"), "{pem}");
}
