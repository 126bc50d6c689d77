//! The window, driven by egui_kittest: widgets found by their labels, assertions on the app's
//! state. Loads and fetches go through the same background jobs as in the real window.

use crate::common::window::{
    Fixture, Window, light_state, runtime, shows, unsettled_window, wait_idle,
};
use std::time::{Duration, Instant};

use crate::common::tls_pki::pki;
use crate::common::tls_servers::{ServerSetup, rustls_server};
use anyhow::Result;
use chainlens::gui::{State, TimeMode};
use chainlens::model::{CheckStatus, Profile};
use chainlens::report::words;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// Window size of the interaction tests.
const WINDOW: [f32; 2] = [1280.0, 760.0];

fn harness(
    runtime: &tokio::runtime::Runtime,
    state: State,
    sources: Vec<String>,
) -> Harness<'static, Fixture> {
    let mut harness = unsettled_harness(runtime, state, sources);
    harness.run();
    harness
}

/// The window after its first frame, before it settles: for sources and stores that load as
/// jobs, which keep it repainting until they report.
fn unsettled_harness(
    runtime: &tokio::runtime::Runtime,
    state: State,
    sources: Vec<String>,
) -> Harness<'static, Fixture> {
    let options = Window {
        size: WINDOW,
        ..Window::default()
    };
    unsettled_window(runtime, state, sources, options)
}

/// Steps the window until the load, the stores and the verification are done (jobs report
/// from other threads).
fn wait_for_load(harness: &mut Harness<'_, Fixture>) {
    wait_idle(harness);
}

fn box_count(harness: &Harness<'_, Fixture>) -> usize {
    harness
        .state()
        .app()
        .session
        .scene()
        .map_or(0, |s| s.boxes.len())
}

#[test]
fn opens_on_the_sample_with_three_boxes() {
    let rt = runtime();
    let harness = harness(&rt, light_state(), Vec::new());
    assert_eq!(box_count(&harness), 3);
    // Each box is a widget named after its certificate.
    harness.get_by_label_contains("— leaf");
    harness.get_by_label("Amazon — intermediate");
    harness.get_by_label("Amazon Root CA 1 — trust anchor");
    let insp = harness
        .state()
        .app()
        .session
        .inspection
        .as_ref()
        .expect("the sample is verified at once");
    assert!(insp.source.label.starts_with("sample"));
    // The leaf expired in 2023: today it is not trusted, and the banner says why.
    assert!(shows(&harness, "Not trusted by AWS IoT device roots"));
    assert!(shows(&harness, "expired 2023-08-14"));
}

#[test]
fn the_scene_and_timeline_are_built_once_per_inspection() {
    let rt = runtime();
    let mut harness = harness(&rt, light_state(), Vec::new());
    let app = harness.state().app();
    let generation = app.session.inspection_generation;
    let builds = app.session.derived_builds;
    assert!(builds.scenes >= 1 && builds.timelines >= 1, "{builds:?}");
    // Frames of an unchanged inspection only read what was derived from it.
    for _ in 0..5 {
        harness.step();
    }
    let app = harness.state().app();
    assert_eq!(app.session.inspection_generation, generation);
    assert_eq!(app.session.derived_builds, builds);

    // Another store drawn builds the scene again, not the timeline.
    let stores = app
        .session
        .inspection
        .as_ref()
        .map_or(0, |i| i.verdicts.len());
    assert!(stores > 1, "the sample is verified against two stores");
    let other = (app.session.store_index + 1) % stores;
    harness.state_mut().app_mut().session.store_index = other;
    harness.run();
    let after = harness.state().app().session.derived_builds;
    assert_eq!(after.scenes, builds.scenes + 1);
    assert_eq!(after.timelines, builds.timelines);
}

#[test]
fn clicking_a_box_shows_its_fields() {
    let rt = runtime();
    let mut harness = harness(&rt, light_state(), Vec::new());
    harness.get_by_label("Amazon — intermediate").click();
    harness.run();
    let app = harness.state().app();
    let selected = app.session.selected.expect("a certificate is selected");
    let insp = app.session.inspection.as_ref().expect("an inspection");
    let cert = insp.cert(selected).expect("the selected certificate");
    // The intermediate's common name is just "Amazon" (OU = Server CA 1B).
    assert_eq!(cert.label(), "Amazon");
    assert!(cert.subject.one_line.contains("Server CA 1B"));
    // The details panel shows its subject, field by field and in one line.
    harness.get_by_label("Subject");
    assert!(shows(&harness, &cert.subject.one_line));
    harness.get_by_label("Copy PEM");
    harness.get_by_label("Copy SPKI pin");
    assert!(shows(&harness, "Checks of its link to Amazon Root CA 1"));
}

#[test]
fn a_broken_file_shows_the_error_and_keeps_the_chain() -> Result<()> {
    let rt = runtime();
    let mut harness = harness(&rt, light_state(), Vec::new());
    let dir = tempfile::tempdir()?;
    let broken = dir.path().join("broken.pem");
    std::fs::write(
        &broken,
        "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n",
    )?;

    harness.get_by_label("Address").focus();
    harness
        .get_by_label("Address")
        .type_text(&broken.display().to_string());
    harness.run();
    harness.get_by_label("Fetch").click();
    wait_for_load(&mut harness);

    let app = harness.state().app();
    let error = app.session.error.clone().expect("the error is shown");
    assert!(error.contains("broken.pem"), "{error}");
    assert!(shows(&harness, "⚠"));
    // The sample is still there.
    assert_eq!(box_count(&harness), 3);
    assert!(
        app.session
            .inspection
            .as_ref()
            .is_some_and(|i| i.source.label.starts_with("sample"))
    );
    harness.get_by_label("Dismiss").click();
    harness.run();
    assert!(harness.state().app().session.error.is_none());
    Ok(())
}

#[test]
fn fetches_from_a_tls_server_through_the_address_field() -> Result<()> {
    let rt = runtime();
    let pki = pki()?;
    let server = rt.block_on(rustls_server(ServerSetup::new(
        vec![pki.leaf.der.clone(), pki.intermediate.der.clone()],
        pki.leaf.key_der(),
    )))?;
    let dir = tempfile::tempdir()?;
    let root = dir.path().join("test-root.pem");
    std::fs::write(&root, &pki.root.pem)?;
    let mut state = light_state();
    state.trust.bundles.push(root);

    let mut harness = harness(&rt, state, Vec::new());
    wait_for_load(&mut harness);
    harness.get_by_label("Address").focus();
    harness.get_by_label("Address").type_text(&server.address());
    harness.run();
    harness.get_by_label("Fetch").click();
    harness.step();
    assert!(harness.state().app().session.load_job.is_running());
    // The spinner row offers Cancel while the fetch runs.
    harness.get_by_label("Cancel");
    wait_for_load(&mut harness);

    let app = harness.state().app();
    assert_eq!(app.session.error, None);
    let insp = app.session.inspection.as_ref().expect("the fetched chain");
    assert_eq!(insp.source.label, server.address());
    assert!(insp.source.connection.is_some());
    // Leaf, intermediate, and the root from the bundle as the anchor.
    assert_eq!(box_count(&harness), 3);
    // rcgen's certificates lack the key identifiers RFC 5280 requires, so chainlens does not
    // trust them; but the path to the bundle's root is built and drawn, and the banner says why.
    let verdict = insp
        .verdicts
        .iter()
        .find(|v| v.store == "test-root.pem")
        .expect("a verdict of the bundle");
    assert!(
        !verdict.paths.is_empty(),
        "{}",
        words::verdict(insp, verdict)
    );
    harness.get_by_label("chainlens test root — trust anchor");
    harness.get_by_label("server.test — leaf");
    let headline = if verdict.trusted {
        "✔ Trusted by test-root.pem"
    } else {
        "✖ Not trusted by test-root.pem"
    };
    assert!(shows(&harness, headline));
    // The connection facts are in the details panel, and the source is remembered.
    harness.get_by_label("Connection");
    assert_eq!(
        app.state.recent.first().map(|r| r.items.clone()),
        Some(vec![server.address()])
    );
    Ok(())
}

#[test]
fn a_date_in_2023_turns_the_sample_green() {
    let rt = runtime();
    let mut harness = harness(&rt, light_state(), Vec::new());
    harness.get_by_label("At a date").click();
    harness.run();
    harness.get_by_label("Date and time (UTC)").focus();
    harness
        .get_by_label("Date and time (UTC)")
        .type_text("2023-01-01");
    harness.run();

    let app = harness.state().app();
    assert_eq!(app.state.trust.time_mode, TimeMode::At);
    let insp = app.session.inspection.as_ref().expect("an inspection");
    assert_eq!(
        chainlens::verify::human_date(insp.policy.time),
        "2023-01-01"
    );
    let scene = app.session.scene().expect("a scene");
    assert!(!scene.edges.is_empty());
    assert!(
        scene.edges.iter().all(|e| e.status == CheckStatus::Pass),
        "{:?}",
        scene
            .edges
            .iter()
            .map(|e| (&e.label, e.status))
            .collect::<Vec<_>>()
    );
    assert!(insp.verdicts.iter().all(|v| v.trusted));
    assert!(shows(&harness, "✔ Trusted by AWS IoT device roots"));
}

#[test]
fn a_date_typed_key_by_key_while_the_panel_moves_is_verified_once_whole() {
    let rt = runtime();
    let mut harness = harness(&rt, light_state(), Vec::new());
    // The sample's leaf expired: the amber hint sits above the field, and goes once the date
    // is in 2023; the field must keep the focus through that and through the errors below.
    assert!(shows(&harness, "See it while it was valid"));
    harness.get_by_label("At a date").click();
    harness.run();
    let before = harness.state().app().session.inspection_generation;
    harness.get_by_label("Date and time (UTC)").focus();
    harness.step();
    let top_before = harness.get_by_label("Date and time (UTC)").rect().top();
    let mut moved = false;
    for (i, key) in "2023-01-01".chars().enumerate() {
        harness
            .get_by_label("Date and time (UTC)")
            .type_text(&key.to_string());
        harness.step();
        if i == 3 {
            // Something above the field changes height mid-typing (a store error appears).
            harness
                .state_mut()
                .app_mut()
                .session
                .store_errors
                .push("a store could not be read: /tmp/example.pem".into());
        }
        harness.step();
        moved |= harness.get_by_label("Date and time (UTC)").rect().top() != top_before;
        // Nothing is verified while typing: no verdict at "2", "20", … (1970).
        assert_eq!(
            harness.state().app().session.inspection_generation,
            before,
            "verified mid-typing after {key:?}"
        );
        assert!(!shows(&harness, "is not a date"), "an error while typing");
    }
    assert!(moved, "the layout above the field did not change");
    harness.run();
    let app = harness.state().app();
    assert_eq!(app.state.trust.time_text, "2023-01-01");
    let insp = app.session.inspection.as_ref().expect("an inspection");
    assert_eq!(
        chainlens::verify::human_date(insp.policy.time),
        "2023-01-01"
    );
    assert!(shows(&harness, "✔ Trusted by AWS IoT device roots"));
}

#[test]
fn a_short_number_is_not_read_as_unix_seconds() {
    let rt = runtime();
    let mut harness = harness(&rt, light_state(), Vec::new());
    let before = harness.state().app().session.inspection_generation;
    harness.get_by_label("Date and time (UTC)").focus();
    harness.get_by_label("Date and time (UTC)").type_text("2");
    harness.run();
    assert!(shows(&harness, "is not a date"));
    assert_eq!(harness.state().app().session.inspection_generation, before);
}

#[test]
fn at_a_date_with_nothing_typed_shows_a_hint_not_an_error() {
    let rt = runtime();
    let mut harness = harness(&rt, light_state(), Vec::new());
    harness.get_by_label("At a date").click();
    harness.run();
    assert!(shows(&harness, "Type a date or pick one"));
    assert!(!shows(&harness, "type a date such as"));
}

#[test]
fn a_day_picked_in_the_calendar_is_verified() {
    let rt = runtime();
    let mut harness = harness(&rt, light_state(), Vec::new());
    harness.get_by_label("Pick…").click();
    harness.run();
    harness.get_by_label("15").click();
    harness.run();
    let app = harness.state().app();
    assert_eq!(app.state.trust.time_mode, TimeMode::At);
    let insp = app.session.inspection.as_ref().expect("an inspection");
    let day = chainlens::verify::human_date(insp.policy.time);
    assert!(day.ends_with("-15"), "{day}");
}

#[test]
fn a_bad_date_is_explained_inline_and_keeps_the_verdict() {
    let rt = runtime();
    let mut harness = harness(&rt, light_state(), Vec::new());
    let before = harness.state().app().session.inspection_generation;
    harness.get_by_label("Date and time (UTC)").focus();
    harness
        .get_by_label("Date and time (UTC)")
        .type_text("last tuesday");
    harness.run();
    assert!(shows(&harness, "is not a date"));
    assert_eq!(harness.state().app().session.inspection_generation, before);
}

#[test]
fn unticking_a_store_verifies_again() {
    let rt = runtime();
    let mut harness = harness(&rt, light_state(), Vec::new());
    assert_eq!(
        harness
            .state()
            .app()
            .session
            .inspection
            .as_ref()
            .map(|i| i.verdicts.len()),
        Some(2)
    );
    harness.get_by_label("Mozilla roots").click();
    harness.run();
    let app = harness.state().app();
    let insp = app.session.inspection.as_ref().expect("an inspection");
    assert_eq!(insp.verdicts.len(), 1);
    assert_eq!(
        insp.verdicts.first().map(|v| v.store.as_str()),
        Some("AWS IoT device roots")
    );
}

#[test]
fn escape_cancels_a_running_fetch() {
    let rt = runtime();
    // A listener that accepts and never answers: the fetch hangs until cancelled.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let address = listener.local_addr().expect("its address").to_string();
    let mut harness = harness(&rt, light_state(), Vec::new());
    harness.state_mut().app_mut().state.address = address;
    harness.run();
    harness.get_by_label("Fetch").click();
    harness.step();
    assert!(harness.state().app().session.load_job.is_running());
    harness.key_press(egui::Key::Escape);
    harness.step();
    let app = harness.state().app();
    assert!(!app.session.load_job.is_running());
    // The sample is still shown.
    assert_eq!(box_count(&harness), 3);
    drop(listener);
}

#[test]
fn the_profile_choice_decides_and_the_banner_names_it() {
    let rt = runtime();
    let mut harness = harness(&rt, light_state(), Vec::new());
    let profile = |h: &Harness<'_, Fixture>| {
        h.state()
            .app()
            .session
            .inspection
            .as_ref()
            .map(|i| i.policy.profile)
    };
    assert_eq!(profile(&harness), Some(Profile::WebPki));
    assert!(shows(&harness, "(webpki)"));
    // Below the fold of the left panel at this height, as for a user.
    harness.get_by_label("RFC 5280").scroll_to_me();
    harness.run();
    harness.get_by_label("RFC 5280").click();
    harness.run();
    assert_eq!(harness.state().app().state.trust.profile, Profile::Rfc5280);
    assert_eq!(profile(&harness), Some(Profile::Rfc5280));
    assert!(shows(&harness, "(rfc5280)"));
    let insp = harness.state().app().session.inspection.clone().unwrap();
    assert!(insp.verdicts.iter().all(|v| v.profile == Profile::Rfc5280));
}

/// The window titles the app asked for in the last frame.
fn titles_sent(harness: &Harness<'_, Fixture>) -> Vec<String> {
    harness
        .output()
        .viewport_output
        .values()
        .flat_map(|v| v.commands.iter())
        .filter_map(|cmd| match cmd {
            egui::ViewportCommand::Title(title) => Some(title.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_window_title_names_the_source_and_follows_it() {
    let rt = runtime();
    let mut harness = harness(&rt, light_state(), Vec::new());
    let title = harness.state().app().session.title().to_string();
    assert!(title.starts_with("chainlens — sample"), "{title}");

    let leaf = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/aws-iot-us-east-1/leaf-star.iot.us-east-1.amazonaws.com.pem");
    harness.get_by_label("Address").focus();
    harness
        .get_by_label("Address")
        .type_text(&leaf.display().to_string());
    harness.run();
    harness.get_by_label("Fetch").click();
    // Step by hand, keeping every title command the window was sent on the way.
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut sent = Vec::new();
    loop {
        harness.step();
        sent.extend(titles_sent(&harness));
        let app = harness.state().app();
        let opened = app
            .session
            .inspection
            .as_ref()
            .is_some_and(|i| !i.source.label.starts_with("sample"));
        if opened && !app.session.load_job.is_running() {
            break;
        }
        assert!(Instant::now() < deadline, "the file did not open in time");
        std::thread::sleep(Duration::from_millis(20));
    }
    harness.run();
    sent.extend(titles_sent(&harness));

    let app = harness.state().app();
    let label = &app.session.inspection.as_ref().unwrap().source.label;
    assert!(
        label.contains("leaf-star.iot.us-east-1.amazonaws.com.pem"),
        "{label}"
    );
    let expected = format!("chainlens — {label}");
    assert_eq!(app.session.title(), expected);
    assert_eq!(
        sent,
        vec![expected],
        "one Title command, when the source changed"
    );
}

#[test]
fn the_details_explain_every_candidate_issuer() {
    let rt = runtime();
    let data =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/rustls-webpki-amazon");
    let file = |name: &str| data.join(name).display().to_string();
    let mut state = light_state();
    state.trust.aws_iot = false;
    state.trust.mozilla = false;
    state.trust.bundles = vec![data.join("AmazonRootCA1.cer"), data.join("SFSRootCAG2.cer")];
    state.trust.time_mode = TimeMode::At;
    state.trust.time_text = "2025-02-23T10:02:16Z".to_string();
    let mut harness = unsettled_harness(
        &rt,
        state,
        vec![
            file("valid.rootca1.demo.amazontrust.com.cer"),
            file("r2m03.cer"),
            file("rootca1.cer"),
        ],
    );
    wait_for_load(&mut harness);
    harness.run();
    harness
        .get_by_label("Amazon RSA 2048 M03 — intermediate")
        .click();
    harness.run();
    // M03 is issued by Amazon Root CA 1 and by its cross-signed copy: the one not drawn is
    // listed with its outcome.
    assert!(shows(&harness, "Other candidate issuers"));
    assert!(shows(&harness, "every check passes"));
}

/// The cross-sign set of tests/data/rustls-webpki-amazon, each root file its own store, at a
/// time when the leaf is valid.
fn cross_sign_harness(rt: &tokio::runtime::Runtime) -> Harness<'static, Fixture> {
    cross_sign_harness_sized(rt, WINDOW)
}

/// [`cross_sign_harness`] in a window of `size` from its first frame.
fn cross_sign_harness_sized(
    rt: &tokio::runtime::Runtime,
    size: [f32; 2],
) -> Harness<'static, Fixture> {
    let data =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/rustls-webpki-amazon");
    let file = |name: &str| data.join(name).display().to_string();
    let mut state = light_state();
    state.trust.aws_iot = false;
    state.trust.mozilla = false;
    state.trust.bundles = vec![data.join("AmazonRootCA1.cer"), data.join("SFSRootCAG2.cer")];
    state.trust.time_mode = TimeMode::At;
    state.trust.time_text = "2025-03-01".to_string();
    let options = Window {
        size,
        ..Window::default()
    };
    let mut harness = unsettled_window(
        rt,
        state,
        vec![
            file("valid.rootca1.demo.amazontrust.com.cer"),
            file("r2m03.cer"),
            file("rootca1.cer"),
        ],
        options,
    );
    wait_for_load(&mut harness);
    harness
}

#[test]
fn the_window_draws_both_paths_and_a_verdict_row_lights_its_path() {
    let rt = runtime();
    let mut harness = cross_sign_harness(&rt);
    assert_eq!(box_count(&harness), 5);
    harness.get_by_label("Starfield Services Root Certificate Authority - G2 — trust anchor");
    assert_eq!(harness.state().app().session.highlight, None);
    harness
        .get_by_label_contains("✔ Trusted by SFSRootCAG2.cer")
        .click();
    harness.run();
    let app = harness.state().app();
    assert_eq!(app.session.highlight, Some((1, 0)));
    assert_eq!(app.session.store_index, 1);
    let scene = app.session.scene().expect("a scene");
    let lit = scene.path_index(1, 0).expect("the path is drawn");
    let (boxes, edges) = scene.lit(Some(lit));
    // Leaf, M03, the cross-signed Amazon Root CA 1 and Starfield lit; the other root dimmed.
    assert_eq!(boxes.iter().filter(|b| **b).count(), 4);
    assert_eq!(edges.iter().filter(|e| **e).count(), 3);
    let dimmed: Vec<&str> = scene
        .boxes
        .iter()
        .zip(&boxes)
        .filter(|(_, lit)| !**lit)
        .map(|(b, _)| b.full_title.as_str())
        .collect();
    assert_eq!(dimmed, ["Amazon Root CA 1"]);
    // Clicking the row again lets every path show.
    harness
        .get_by_label_contains("✔ Trusted by SFSRootCAG2.cer")
        .click();
    harness.run();
    assert_eq!(harness.state().app().session.highlight, None);
}

#[test]
fn the_store_matrix_keeps_its_height() {
    let rt = runtime();
    let mut harness = harness(&rt, light_state(), Vec::new());
    let top = |h: &Harness<'_, Fixture>| h.get_by_label("Zoom").rect().top();
    let before = top(&harness);
    // A third store, then none: the diagram (and the next checkbox) does not move.
    harness.get_by_label("System store").click();
    // The click is seen in this frame's UI; the store starts loading in the next one's logic.
    harness.step();
    harness.step();
    wait_for_load(&mut harness);
    assert_eq!(
        harness
            .state()
            .app()
            .session
            .inspection
            .as_ref()
            .map(|i| i.verdicts.len()),
        Some(3)
    );
    assert_eq!(top(&harness), before);
    harness.get_by_label("AWS IoT device roots").click();
    harness.run();
    harness.get_by_label("Mozilla roots").click();
    harness.run();
    harness.get_by_label("System store").click();
    harness.run();
    assert!(shows(&harness, "No trust store chosen"));
    assert_eq!(top(&harness), before);
}

#[test]
fn a_short_chain_fits_legibly_and_the_zoom_label_is_true() {
    let rt = runtime();
    let mut harness = harness(&rt, light_state(), Vec::new());
    harness.set_size(egui::Vec2::new(1200.0, 800.0));
    // A long host name makes a long verdict: it must not shrink the diagram.
    harness.get_by_label("Expected host name or IP").focus();
    harness
        .get_by_label("Expected host name or IP")
        .type_text(&format!(
            "{}example.com",
            "a-rather-long-host-label.".repeat(4)
        ));
    harness.run();
    let app = harness.state().app();
    let zoom = app.session.view.zoom;
    assert_eq!(box_count(&harness), 3);
    // Fit shows the whole chain (it used to stop at 80 % and leave the root off screen), at
    // no less than the legible floor.
    assert!(zoom >= chainlens::gui::FIT_MIN_ZOOM, "fit zoom {zoom}");
    let view = app.session.view;
    for b in &app.session.scene().expect("a scene").boxes {
        let painted = view.rect_to_screen(view.canvas, b.rect);
        assert!(
            view.canvas.expand(0.5).contains_rect(painted),
            "{} is cut: {painted:?} outside {:?}",
            b.title,
            view.canvas
        );
    }
    harness.get_by_label(&format!("{:.0} %", zoom * 100.0));
    // The host name mismatch marks the leaf, and its verdict row says so.
    let scene = app.session.scene().expect("a scene");
    let leaf = scene
        .boxes
        .iter()
        .find(|b| b.badge == chainlens::diagram::Badge::Leaf)
        .expect("a leaf box");
    assert_eq!(leaf.badge_status, CheckStatus::Fail);
    assert!(
        leaf.alert
            .as_deref()
            .unwrap_or("")
            .contains("not valid for")
    );
    assert!(shows(
        &harness,
        "Not trusted by AWS IoT device roots (webpki) · a path check fails"
    ));
}

#[test]
fn dragging_the_timeline_handle_to_2023_turns_every_edge_pass() {
    let rt = runtime();
    let mut harness = harness(&rt, light_state(), Vec::new());
    // Today the sample's leaf and intermediate have expired.
    let failing = |h: &Harness<'_, Fixture>| {
        h.state().app().session.scene().map(|s| {
            s.edges
                .iter()
                .filter(|e| e.status != CheckStatus::Pass)
                .count()
        })
    };
    assert!(failing(&harness).unwrap() > 0);
    let axis = harness
        .state()
        .app()
        .session
        .timeline_axis
        .expect("the timeline strip is drawn");
    let handle = harness
        .get_by_label_contains("Validation time ")
        .rect()
        .center();
    let target = egui::Pos2::new(
        axis.x_of(time::macros::datetime!(2023-01-01 00:00 UTC)),
        handle.y,
    );
    harness.hover_at(handle);
    harness.step();
    harness.drag_at(handle);
    harness.step();
    for step in 1..=4 {
        let t = step as f32 / 4.0;
        harness.hover_at(handle + (target - handle) * t);
        harness.step();
    }
    harness.drop_at(target);
    harness.run();
    let app = harness.state().app();
    assert_eq!(app.state.trust.time_mode, TimeMode::At);
    let insp = app.session.inspection.as_ref().expect("an inspection");
    let date = chainlens::verify::human_date(insp.policy.time);
    assert!(
        ("2022-12-01".."2023-02-01").contains(&date.as_str()),
        "the handle set {date}"
    );
    assert_eq!(failing(&harness), Some(0));
    assert!(insp.verdicts.iter().all(|v| v.trusted));
}

#[test]
fn a_typed_pin_decides_and_marks_its_box() {
    let rt = runtime();
    let mut harness = cross_sign_harness(&rt);
    harness.get_by_label("SPKI pins (sha256/…)").focus();
    harness
        .get_by_label("SPKI pins (sha256/…)")
        .type_text("sha256/++MBgDH5WGvL9Bcn5Be30cRcL0f5O+NyoXuWtQdX1aI=");
    harness.run();
    let app = harness.state().app();
    let insp = app.session.inspection.as_ref().expect("an inspection");
    assert_eq!(insp.policy.pins.len(), 1);
    // Amazon Root CA 1's key: the path to it is pinned; the Starfield path holds the
    // cross-signed Amazon Root CA 1, with the same key, so it is pinned too.
    assert!(insp.all_trusted(), "{:?}", insp.verdicts);
    let scene = app.session.scene().expect("a scene");
    let pinned = scene.boxes.iter().filter(|b| b.pinned).count();
    assert_eq!(pinned, 2, "both Amazon Root CA 1 certificates have the key");

    harness.get_by_label("SPKI pins (sha256/…)").focus();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_label("SPKI pins (sha256/…)")
        .type_text("sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
    harness.run();
    let app = harness.state().app();
    let insp = app.session.inspection.as_ref().expect("an inspection");
    assert!(insp.verdicts.iter().all(|v| !v.trusted));
    assert!(shows(&harness, "· a path check fails"));
    // A pin that does not parse is explained under the field.
    harness.get_by_label("SPKI pins (sha256/…)").focus();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_label("SPKI pins (sha256/…)")
        .type_text("sha256/short");
    harness.run();
    assert!(shows(
        &harness,
        "is not the base64 of a 32-byte SHA-256 digest"
    ));
}

/// Fit shows every box of the cross-signed graph inside the canvas, at the default window
/// size and in a small window: checked on the rectangles painted, and on the box the
/// accessibility tree reports for the Starfield anchor.
#[test]
fn fit_shows_the_whole_cross_signed_graph_in_large_and_small_windows() {
    let rt = runtime();
    let mut harness = cross_sign_harness(&rt);
    for size in [[1360.0, 800.0], [900.0, 600.0]] {
        harness.set_size(egui::Vec2::from(size));
        harness.run();
        harness.get_by_label("Fit").click();
        harness.run();
        let app = harness.state().app();
        let view = app.session.view;
        let canvas = view.canvas;
        let scene = app.session.scene().expect("a scene");
        assert_eq!(scene.boxes.len(), 5);
        for b in &scene.boxes {
            let painted = view.rect_to_screen(canvas, b.rect);
            assert!(
                canvas.expand(0.5).contains_rect(painted),
                "{} at {size:?}: {painted:?} outside {canvas:?} (zoom {})",
                b.title,
                view.zoom
            );
        }
        let starfield = harness
            .get_by_label("Starfield Services Root Certificate Authority - G2 — trust anchor")
            .rect();
        assert!(
            canvas.expand(0.5).contains_rect(starfield),
            "Starfield at {size:?}: {starfield:?} outside {canvas:?}"
        );
        assert!(view.zoom >= chainlens::gui::FIT_MIN_ZOOM);
    }
}

/// The visible knob under the bars drags the validation time, not only the line above it.
#[test]
fn dragging_the_timeline_knob_sets_the_validation_time() {
    let rt = runtime();
    let mut harness = harness(&rt, light_state(), Vec::new());
    let axis = harness
        .state()
        .app()
        .session
        .timeline_axis
        .expect("the timeline strip is drawn");
    let rect = harness.get_by_label_contains("Validation time ").rect();
    let knob = egui::Pos2::new(rect.center().x, axis.knob_y);
    let target = egui::Pos2::new(
        axis.x_of(time::macros::datetime!(2023-01-01 00:00 UTC)),
        knob.y,
    );
    harness.hover_at(knob);
    harness.step();
    harness.drag_at(knob);
    harness.step();
    for step in 1..=4 {
        let t = step as f32 / 4.0;
        harness.hover_at(knob + (target - knob) * t);
        harness.step();
    }
    harness.drop_at(target);
    harness.run();
    let app = harness.state().app();
    assert_eq!(app.state.trust.time_mode, TimeMode::At);
    let insp = app.session.inspection.as_ref().expect("an inspection");
    let date = chainlens::verify::human_date(insp.policy.time);
    assert!(
        ("2022-12-01".."2023-02-01").contains(&date.as_str()),
        "the knob set {date}"
    );
}

/// The text runs painted in the diagram font inside `canvas`: words, size and galley height,
/// in points.
fn diagram_texts(harness: &Harness<'_, Fixture>, canvas: egui::Rect) -> Vec<(String, f32, f32)> {
    fn collect(shape: &egui::Shape, canvas: egui::Rect, out: &mut Vec<(String, f32, f32)>) {
        match shape {
            egui::Shape::Vec(shapes) => shapes.iter().for_each(|s| collect(s, canvas, out)),
            egui::Shape::Text(text) => {
                let galley = &text.galley;
                let Some(section) = galley.job.sections.first() else {
                    return;
                };
                let diagram = section.format.font_id.family
                    == egui::FontFamily::Name(chainlens::gui::DIAGRAM_FAMILY.into());
                let at = egui::Rect::from_min_size(text.pos, galley.size());
                if diagram && canvas.intersects(at) && !galley.text().trim().is_empty() {
                    out.push((
                        galley.text().to_string(),
                        section.format.font_id.size,
                        galley.size().y,
                    ));
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for clipped in &harness.output().shapes {
        collect(&clipped.shape, canvas, &mut out);
    }
    out
}

/// A chain opened in a window of either size shows whole at once, without Fit: in the small
/// window the details panel starts folded to give it the room.
#[test]
fn the_cross_signed_graph_shows_whole_on_load_in_large_and_small_windows() {
    let rt = runtime();
    for size in [[1360.0, 800.0], [900.0, 600.0]] {
        let harness = cross_sign_harness_sized(&rt, size);
        let app = harness.state().app();
        let view = app.session.view;
        let canvas = view.canvas;
        let scene = app.session.scene().expect("a scene");
        assert_eq!(scene.boxes.len(), 5);
        for b in &scene.boxes {
            let painted = view.rect_to_screen(canvas, b.rect);
            assert!(
                canvas.expand(0.5).contains_rect(painted),
                "{} at {size:?} on load: {painted:?} outside {canvas:?} (zoom {})",
                b.title,
                view.zoom
            );
        }
        assert!(view.zoom >= chainlens::gui::FIT_MIN_ZOOM, "{}", view.zoom);
        // Every run of diagram text painted is at least 11 px at 100 % UI scale: each
        // box's badge, title and issuer line among them.
        let texts = diagram_texts(&harness, canvas);
        let pixels_per_point = harness.ctx.pixels_per_point();
        assert_eq!(pixels_per_point, 1.0);
        for (text, size, height) in &texts {
            assert!(
                size * pixels_per_point >= 11.0 - 1e-3,
                "{text:?} at {size} px at {size:?}"
            );
            assert!(*height >= 11.0, "{text:?}: its galley is {height} px tall");
        }
        for b in &scene.boxes {
            let title_start: String = b.full_title.chars().take(4).collect();
            assert!(
                texts.iter().any(|(t, _, _)| t.starts_with(&title_start)),
                "{} has no title at {size:?}: {texts:?}",
                b.full_title
            );
        }
        let issuer_lines = texts
            .iter()
            .filter(|(t, _, _)| t.starts_with("issued by "))
            .count();
        assert_eq!(issuer_lines, 5, "{size:?}: {texts:?}");
        // The details panel folds only where the room is short, and says how to open it.
        assert_eq!(app.session.details_collapsed, size[0] < 1000.0, "{size:?}");
        if app.session.details_collapsed {
            harness.get_by_label("Details");
        }
    }
}
