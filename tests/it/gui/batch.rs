//! The window's Batch view, driven by egui_kittest: a list typed into it runs as one job
//! against real `openssl s_server` peers on 127.0.0.1 (and a dead port); rows fill in list
//! order as they complete; clicking a row opens its chain in the main view.
//!
//! Needs the `openssl` binary (Debian package openssl); fails, never skips, without it.

use crate::common::window::{Fixture, Window, light_state, unsettled_window};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::tls_tools::{KeyKind, Spawned, free_port, openssl_pki, s_server};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness(runtime: &tokio::runtime::Runtime, bundle: &Path) -> Harness<'static, Fixture> {
    let mut state = light_state();
    state.trust.aws_iot = false;
    state.trust.mozilla = false;
    state.trust.bundles.push(bundle.to_path_buf());
    let mut harness = unsettled_window(runtime, state, Vec::new(), Window::default());
    harness.run_steps(12);
    harness
}

fn wait_for_batch(harness: &mut Harness<'_, Fixture>) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        harness.step();
        let app = harness.state().app();
        if !app.session.batch.job.is_running() && app.session.stores_loading.is_empty() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the batch did not finish in time"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    harness.run_steps(12);
}

#[test]
fn a_typed_list_fills_its_rows_in_order_and_a_click_opens_one() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    openssl_pki(dir.path(), KeyKind::Ecdsa).unwrap();
    let servers: Vec<Spawned> = runtime.block_on(async {
        let mut servers = Vec::new();
        for _ in 0..2 {
            servers.push(s_server(dir.path(), Some("int.pem"), &[]).await.unwrap());
        }
        servers
    });
    let dead = free_port().unwrap();
    let leaf_file = dir.path().join("leaf.pem");
    let mut sources: Vec<String> = (0..20)
        .map(|i| format!("127.0.0.1:{}", servers[i % 2].port))
        .collect();
    sources.insert(5, format!("127.0.0.1:{dead}"));
    sources.insert(9, leaf_file.display().to_string());
    let list = format!("# the fleet\n\n{}\n", sources.join("\n"));

    let mut harness = harness(&runtime, &dir.path().join("root.pem"));
    // The bundle store loads as a job; Run waits for it.
    wait_for_batch(&mut harness);
    harness.get_by_label("Batch…").click();
    harness.run_steps(12);
    assert!(harness.state().app().session.batch.open);
    assert!(
        harness
            .query_all_by_label_contains("No rows yet")
            .next()
            .is_some()
    );
    harness.get_by_label("Sources").focus();
    harness.get_by_label("Sources").type_text(&list);
    harness.run_steps(12);
    harness.get_by_label("Run").click();
    harness.run_steps(12);
    wait_for_batch(&mut harness);

    let app = harness.state().app();
    let rows = &app.session.batch.rows;
    assert_eq!(rows.len(), sources.len());
    for (row, source) in rows.iter().zip(&sources) {
        assert_eq!(&row.source, source);
        let result = row.result.as_ref().expect("every row has a result");
        if source.ends_with(&format!(":{dead}")) {
            let error = result.as_ref().unwrap_err();
            assert!(error.contains("refused"), "{error}");
        } else if source.ends_with("leaf.pem") {
            assert!(!result.as_ref().unwrap().inspection.all_trusted());
        } else {
            let result = result.as_ref().unwrap();
            assert!(result.inspection.all_trusted(), "{source}");
        }
    }
    assert!(
        harness
            .query_all_by_label_contains(&format!("{0} / {0} done", sources.len()))
            .next()
            .is_some()
    );

    // A click on the leaf-only row opens that chain in the main view.
    harness
        .get_all_by_label(&leaf_file.display().to_string())
        .next()
        .unwrap()
        .click();
    harness.run_steps(12);
    let app = harness.state().app();
    let loaded = app.session.loaded.as_ref().unwrap();
    assert_eq!(loaded.source.label, leaf_file.display().to_string());
    let inspection = app.session.inspection.as_ref().unwrap();
    assert_eq!(inspection.source.label, leaf_file.display().to_string());
    drop(servers);
}
