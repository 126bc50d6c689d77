//! The window for newcomers, driven by egui_kittest: the in-window file dialog where no
//! desktop portal answers (open, add a trust bundle, export), the big-bundle list, a steady
//! details panel, the policy line. Widgets are found by their labels; assertions are on state.

use crate::common;

use crate::common::window::{
    Fixture, Setup, Window, light_state, runtime, shows, wait_idle, wait_until,
    waiting_for_verdicts, window,
};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chainlens::gui::{App, DialogBackend, FilePurpose, FileRequest, Job, State};
use chainlens::model::CertId;
use chainlens::report::words;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const WINDOW: [f32; 2] = [1280.0, 760.0];

/// The window, with the in-window file dialog chosen (as `CHAINLENS_FILE_DIALOG=builtin`).
fn harness(
    rt: &tokio::runtime::Runtime,
    state: State,
    sources: Vec<String>,
) -> Harness<'static, Fixture> {
    harness_with(
        rt,
        state,
        sources,
        Box::new(|app, _| app.use_builtin_file_dialog("test")),
    )
}

fn harness_with(
    rt: &tokio::runtime::Runtime,
    state: State,
    sources: Vec<String>,
    setup: Setup,
) -> Harness<'static, Fixture> {
    let options = Window {
        size: WINDOW,
        // egui_file's path and file-name fields carry no accessible name (the crate draws
        // them unlabelled); every chainlens widget does, as the other GUI tests check.
        accessibility_check: false,
        setup: Some(setup),
    };
    window(rt, state, sources, options)
}

fn wait_for_jobs(harness: &mut Harness<'_, Fixture>) {
    wait_idle(harness);
}

fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path)
}

/// A real session D-Bus (dbus-daemon) on which no desktop portal runs, as on a plain X11
/// window manager or under Xvfb. Stopped on drop.
struct SessionBus {
    child: Child,
    address: String,
}

impl SessionBus {
    fn start() -> Self {
        let mut child = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--nopidfile", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon (package dbus-daemon) runs");
        let stdout = child.stdout.take().expect("its stdout");
        let mut address = String::new();
        BufReader::new(stdout)
            .read_line(&mut address)
            .expect("dbus-daemon prints its address");
        let address = address.trim().to_string();
        assert!(address.starts_with("unix:"), "{address}");
        Self { child, address }
    }
}

impl Drop for SessionBus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn without_a_portal_open_files_shows_the_window_s_own_dialog() {
    let bus = SessionBus::start();
    let rt = runtime();
    let address = bus.address.clone();
    let mut harness = harness_with(
        &rt,
        light_state(),
        Vec::new(),
        Box::new(move |app, ctx| app.probe_portal(ctx, Some(address))),
    );
    wait_until(&mut harness, "the portal question", |app| {
        app.session.file_dialogs.backend != DialogBackend::Probing
    });
    let backend = harness.state().app().session.file_dialogs.backend.clone();
    let DialogBackend::Builtin { reason } = backend else {
        panic!("a bus without a portal chose {backend:?}");
    };
    assert!(reason.contains("no XDG desktop portal"), "{reason}");

    harness.get_by_label("Open files…").click();
    harness.run();
    assert_eq!(
        harness.state().app().session.file_dialogs.open_request(),
        Some(&FileRequest::Open(FilePurpose::OpenCertificates))
    );
    assert!(shows(&harness, "Open certificates"));
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(!harness.state().app().session.file_dialogs.is_open());
}

#[test]
fn a_request_made_while_the_bus_is_asked_opens_when_it_answers() {
    let bus = SessionBus::start();
    let rt = runtime();
    let address = bus.address.clone();
    let mut harness = harness_with(
        &rt,
        light_state(),
        Vec::new(),
        Box::new(move |app, ctx| {
            app.probe_portal(ctx, Some(address));
            // Ctrl+O before the answer came.
            app.pick_certificate_files(ctx);
        }),
    );
    wait_until(&mut harness, "the dialog", |app| {
        app.session.file_dialogs.is_open()
    });
    assert!(shows(&harness, "Open certificates"));
}

#[test]
fn ctrl_o_opens_a_file_through_the_in_window_dialog() {
    let rt = runtime();
    let dir = tempfile::tempdir().expect("a folder");
    let leaf = dir.path().join("leaf.pem");
    std::fs::copy(
        data("aws-iot-us-east-1/leaf-star.iot.us-east-1.amazonaws.com.pem"),
        &leaf,
    )
    .expect("the fixture");
    let state = State {
        last_folder: Some(dir.path().to_path_buf()),
        ..light_state()
    };
    let mut harness = harness(&rt, state, Vec::new());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    harness.run();
    assert!(harness.state().app().session.file_dialogs.is_open());
    harness.get_by_label_contains("leaf.pem").click();
    harness.run();
    harness.get_by_label("Open").click();
    // The load starts: its spinner keeps the window repainting.
    harness.step();
    assert!(!harness.state().app().session.file_dialogs.is_open());
    wait_for_jobs(&mut harness);
    let app = harness.state().app();
    assert_eq!(app.session.error, None);
    let insp = app.session.inspection.as_ref().expect("the opened file");
    assert_eq!(insp.source.label, leaf.display().to_string());
}

#[test]
fn add_pem_bundle_trusts_the_file_chosen_in_the_window() {
    let rt = runtime();
    let dir = tempfile::tempdir().expect("a folder");
    let root = dir.path().join("my-root.pem");
    std::fs::copy(data("aws-roots/Amazon_Root_CA_1.pem"), &root).expect("the fixture");
    let state = State {
        last_folder: Some(dir.path().to_path_buf()),
        ..light_state()
    };
    let mut harness = harness(&rt, state, Vec::new());
    harness.get_by_label("Add trust file…").click();
    harness.run();
    assert_eq!(
        harness.state().app().session.file_dialogs.open_request(),
        Some(&FileRequest::Open(FilePurpose::AddTrustBundle))
    );
    assert!(shows(&harness, "Add a trust bundle"));
    harness.get_by_label_contains("my-root.pem").click();
    harness.run();
    harness.get_by_label("Open").click();
    // The load starts: its spinner keeps the window repainting.
    harness.step();
    wait_for_jobs(&mut harness);
    let app = harness.state().app();
    assert_eq!(app.state.trust.bundles, vec![root]);
    let insp = app.session.inspection.as_ref().expect("an inspection");
    assert!(insp.verdicts.iter().any(|v| v.store == "my-root.pem"));
}

#[test]
fn export_png_saves_through_the_in_window_dialog() {
    let rt = runtime();
    let dir = tempfile::tempdir().expect("a folder");
    let state = State {
        last_folder: Some(dir.path().to_path_buf()),
        ..light_state()
    };
    let mut harness = harness(&rt, state, Vec::new());
    harness.get_by_label("Export").click();
    harness.run();
    harness.get_by_label("Diagram as PNG…").click();
    harness.run();
    let request = harness
        .state()
        .app()
        .session
        .file_dialogs
        .open_request()
        .cloned();
    let Some(FileRequest::Save { file_name, .. }) = request else {
        panic!("no save dialog: {request:?}");
    };
    assert!(file_name.ends_with(".png"), "{file_name}");
    harness.get_by_label("Save").click();
    // The export starts: its spinner keeps the window repainting.
    harness.step();
    let path = dir.path().join(&file_name);
    let deadline = Instant::now() + Duration::from_secs(30);
    while harness.state().app().session.toast.is_none() {
        assert!(Instant::now() < deadline, "the export did not finish");
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(harness.state().app().session.error, None);
    let bytes = std::fs::read(&path).expect("the PNG was written");
    assert!(bytes.starts_with(b"\x89PNG"), "not a PNG");
}

/// Chooses `format` in the Export menu and clicks Save in the in-window dialog, on the frame
/// that starts the export job. Returns the file name the dialog offered.
fn export_through_the_dialog(harness: &mut Harness<'_, Fixture>, format: &str) -> String {
    harness.get_by_label("Export").click();
    harness.run();
    harness.get_by_label(format).click();
    harness.run();
    let request = harness
        .state()
        .app()
        .session
        .file_dialogs
        .open_request()
        .cloned();
    let Some(FileRequest::Save { file_name, .. }) = request else {
        panic!("no save dialog: {request:?}");
    };
    harness.get_by_label("Save").click();
    harness.step();
    file_name
}

/// Steps the window until the export job is no longer running.
fn wait_for_export(harness: &mut Harness<'_, Fixture>) {
    wait_until(harness, "the export", |app| {
        !app.session.export_job.is_running()
    });
}

#[test]
fn an_export_is_a_job_with_a_spinner_until_its_file_is_written() {
    let rt = runtime();
    let dir = tempfile::tempdir().expect("a folder");
    let state = State {
        last_folder: Some(dir.path().to_path_buf()),
        ..light_state()
    };
    let mut harness = harness(&rt, state, Vec::new());
    let file_name = export_through_the_dialog(&mut harness, "Diagram as SVG…");
    // The job's report is taken on the next frame at the earliest: this one shows it running.
    let app = harness.state().app();
    assert!(app.session.export_job.is_running());
    assert_eq!(
        app.session
            .export_job
            .running()
            .map(|(what, _)| what.to_string()),
        Some(format!("Saving {file_name}"))
    );
    assert!(shows(&harness, &format!("Saving {file_name}…")));
    assert!(shows(&harness, "Cancel"));
    wait_for_export(&mut harness);
    let app = harness.state().app();
    assert!(matches!(app.session.export_job, Job::Done(())));
    assert_eq!(app.session.error, None);
    let path = dir.path().join(&file_name);
    assert_eq!(
        app.session.toast.as_ref().map(|t| t.text.clone()),
        Some(format!("Saved {}", path.display()))
    );
    assert!(!shows(&harness, "Saving "));
    let svg = std::fs::read_to_string(&path).expect("the SVG was written");
    assert!(svg.contains("<svg"), "not an SVG");
}

/// A folder this process cannot create files in: a read-only folder, or, for root (whom
/// file modes do not stop), /sys, where nobody can.
fn read_only_folder(dir: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let folder = dir.join("read-only");
    std::fs::create_dir(&folder).expect("a folder");
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).expect("read-only");
    if std::fs::write(folder.join("probe"), b"").is_ok() {
        return PathBuf::from("/sys");
    }
    folder
}

#[test]
fn an_export_into_a_read_only_folder_says_which_file_and_why() {
    let rt = runtime();
    let dir = tempfile::tempdir().expect("a folder");
    let folder = read_only_folder(dir.path());
    let state = State {
        last_folder: Some(folder.clone()),
        ..light_state()
    };
    let mut harness = harness(&rt, state, Vec::new());
    let generation = harness.state().app().session.inspection_generation;
    let file_name = export_through_the_dialog(&mut harness, "Chain as PEM…");
    assert!(harness.state().app().session.export_job.is_running());
    wait_for_export(&mut harness);
    let app = harness.state().app();
    let error = app.session.error.as_deref().unwrap_or_default().to_string();
    let path = folder.join(&file_name);
    assert!(
        error.starts_with("Export failed: cannot write")
            && error.contains(&path.display().to_string())
            && error.contains("Permission denied"),
        "{error}"
    );
    assert!(shows(&harness, &error));
    assert!(!path.exists());
    // The chain shown stays.
    assert!(app.session.inspection.is_some());
    assert_eq!(app.session.inspection_generation, generation);
}

#[test]
fn a_cancelled_export_writes_nothing_and_keeps_the_window_as_it_was() {
    let rt = runtime();
    let dir = tempfile::tempdir().expect("a folder");
    let state = State {
        last_folder: Some(dir.path().to_path_buf()),
        ..light_state()
    };
    let mut harness = harness(&rt, state, Vec::new());
    let (generation, selected) = {
        let app = harness.state().app();
        (app.session.inspection_generation, app.session.selected)
    };
    let file_name = export_through_the_dialog(&mut harness, "Diagram as PNG…");
    assert!(harness.state().app().session.export_job.is_running());
    harness.key_press(egui::Key::Escape);
    harness.step();
    let app = harness.state().app();
    assert!(!app.session.export_job.is_running());
    assert_eq!(app.session.error, None);
    assert_eq!(
        app.session.toast.as_ref().map(|t| t.text.as_str()),
        Some("Export cancelled")
    );
    assert_eq!(app.session.inspection_generation, generation);
    assert_eq!(app.session.selected, selected);
    assert!(app.session.inspection.is_some());
    // The rendering left running finds its job gone: no file, no report taken.
    std::thread::sleep(Duration::from_secs(2));
    harness.run();
    let app = harness.state().app();
    assert!(!dir.path().join(&file_name).exists());
    assert_eq!(app.session.error, None);
    assert!(!shows(&harness, "Saved"));
}

#[test]
fn copying_the_diagram_is_a_job_with_a_spinner_then_a_toast() {
    let rt = runtime();
    let mut harness = harness(&rt, light_state(), Vec::new());
    harness.get_by_label("Export").click();
    harness.run();
    harness.get_by_label("Copy diagram as PNG").click();
    harness.step();
    let app = harness.state().app();
    assert!(app.session.copy_job.is_running());
    assert!(shows(&harness, "Rendering the diagram for the clipboard…"));
    wait_until(&mut harness, "the rendering", |app| {
        !app.session.copy_job.is_running()
    });
    let app = harness.state().app();
    assert!(matches!(app.session.copy_job, Job::Done(())));
    assert_eq!(app.session.error, None);
    assert_eq!(
        app.session.toast.as_ref().map(|t| t.text.as_str()),
        Some("Copied the diagram to the clipboard as PNG")
    );
}

use chainlens::gui::{BundleRole, Column};

fn bundle_rows(harness: &Harness<'_, Fixture>) -> Vec<(String, BundleRole)> {
    let app = harness.state().app();
    let bundle = app
        .session
        .bundle
        .as_ref()
        .expect("the file opens as a list");
    bundle
        .visible_rows()
        .map(|r| (r.subject.clone(), r.role))
        .collect()
}

/// Waits until no load, store load or verification is running.
fn wait_for_verification(harness: &mut Harness<'_, Fixture>) {
    wait_until(harness, "the verification", |app| {
        !app.session.load_job.is_running()
            && app.session.stores_loading.is_empty()
            && !app.is_verifying()
    });
}

#[test]
fn the_system_bundle_opens_as_a_list_that_filters_and_sorts() {
    let rt = runtime();
    let bundle = data("debian-ca-certificates/ca-certificates.crt");
    let mut harness = harness(&rt, light_state(), vec![bundle.display().to_string()]);
    wait_for_verification(&mut harness);
    let rows = bundle_rows(&harness);
    assert_eq!(rows.len(), 144);
    assert!(shows(&harness, "144 certificates in this file"));
    // Mozilla roots is ticked by default: the roots it holds are trust anchors, not leaves.
    let amazon = rows
        .iter()
        .find(|(s, _)| s == "Amazon Root CA 1")
        .expect("Amazon Root CA 1 is listed");
    assert_eq!(amazon.1, BundleRole::TrustAnchor);
    assert!(rows.iter().all(|(_, role)| *role != BundleRole::Leaf));

    harness.get_by_label("Filter").focus();
    harness.get_by_label("Filter").type_text("amazon root");
    harness.run();
    let rows = bundle_rows(&harness);
    assert_eq!(
        rows.iter().map(|(s, _)| s.as_str()).collect::<Vec<_>>(),
        vec![
            "Amazon Root CA 1",
            "Amazon Root CA 2",
            "Amazon Root CA 3",
            "Amazon Root CA 4"
        ]
    );
    assert!(shows(&harness, "4 shown"));

    // Subject descending, then by not after.
    harness.get_by_label("Subject ▲").click();
    harness.run();
    let rows = bundle_rows(&harness);
    assert_eq!(rows.first().map(|r| r.0.as_str()), Some("Amazon Root CA 4"));
    harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "Not after")
        .click();
    harness.run();
    let app = harness.state().app();
    let view = app.session.bundle.as_ref().expect("the list");
    assert_eq!(view.sort, (Column::NotAfter, true));
    let dates: Vec<_> = view.visible_rows().map(|r| r.not_after).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
}

#[test]
fn selecting_a_row_shows_its_chain_and_calls_a_held_root_a_trust_anchor() {
    let rt = runtime();
    let bundle = data("debian-ca-certificates/ca-certificates.crt");
    let mut harness = harness(&rt, light_state(), vec![bundle.display().to_string()]);
    wait_for_verification(&mut harness);
    harness.get_by_label("Filter").focus();
    harness.get_by_label("Filter").type_text("Amazon Root CA 3");
    harness.run();
    // The subject cell (the issuer cell of a root says the same).
    harness
        .get_all_by_label("Amazon Root CA 3")
        .next()
        .expect("its row")
        .click();
    harness.run();
    wait_for_verification(&mut harness);
    let app = harness.state().app();
    let focus = app.session.bundle.as_ref().and_then(|b| b.focus);
    let insp = app.session.inspection.as_ref().expect("its inspection");
    let first = insp
        .cert(CertId::new(0))
        .expect("the chosen certificate first");
    assert_eq!(first.label(), "Amazon Root CA 3");
    assert_eq!(
        focus.and_then(|i| app
            .session
            .loaded
            .as_ref()?
            .certificates
            .get(i)
            .map(|c| c.label())),
        Some("Amazon Root CA 3".to_string())
    );
    assert_eq!(app.session.selected, Some(CertId::new(0)));
    assert!(!shows(&harness, "no chosen trust store holds it"));
    // Back to the whole file: no path of it reaches Amazon Root CA 3, yet the details say
    // which ticked store holds it, never that none does.
    harness.get_by_label("Show the whole file").click();
    harness.run();
    wait_for_verification(&mut harness);
    assert_eq!(
        harness
            .state()
            .app()
            .session
            .bundle
            .as_ref()
            .and_then(|b| b.focus),
        None
    );
    harness.get_by_label_contains("Amazon Root CA 3 (").click();
    harness.run();
    assert!(shows(
        &harness,
        "A trust anchor of AWS IoT device roots, Mozilla roots"
    ));
    assert!(!shows(&harness, "no chosen trust store holds it"));
}

#[test]
fn duplicate_names_in_a_bundle_are_told_apart_by_serial() {
    use common::generated::{ca, decode};
    let rt = runtime();
    let dir = tempfile::tempdir().expect("a folder");
    let mut pem = String::new();
    for (i, cn) in [
        "Twin CA", "Twin CA", "Other A", "Other B", "Other C", "Other D",
    ]
    .iter()
    .enumerate()
    {
        let mut params = ca(cn);
        params.serial_number = Some(rcgen::SerialNumber::from(vec![0x10, i as u8 + 1]));
        let key = rcgen::KeyPair::generate().expect("a key");
        let cert = params.self_signed(&key).expect("a certificate");
        assert!(decode(cert.der()).is_self_issued());
        pem.push_str(&cert.pem());
    }
    let path = dir.path().join("twins.pem");
    std::fs::write(&path, pem).expect("the bundle");
    let mut harness = harness(&rt, light_state(), vec![path.display().to_string()]);
    wait_for_verification(&mut harness);
    let rows = bundle_rows(&harness);
    assert_eq!(rows.len(), 6);
    let twins: Vec<&String> = rows
        .iter()
        .map(|(s, _)| s)
        .filter(|s| s.starts_with("Twin CA"))
        .collect();
    assert_eq!(
        twins,
        vec!["Twin CA · serial 1001", "Twin CA · serial 1002"]
    );
    assert!(rows.iter().any(|(s, _)| s == "Other A"));
}

#[test]
fn a_chain_is_still_drawn_as_a_chain() {
    let rt = runtime();
    let harness = harness(&rt, light_state(), Vec::new());
    assert!(harness.state().app().session.bundle.is_none());
    assert!(!shows(&harness, "certificates in this file"));
}

#[test]
fn a_bundle_row_whose_root_is_missing_is_drawn_up_to_the_root_not_the_intermediate() {
    use common::generated::{ca, decode, leaf};
    use rcgen::{Issuer, KeyPair};
    // A fleet's file: one intermediate and its devices, without the root (held by no store).
    let root_key = KeyPair::generate().unwrap();
    let root_params = ca("Fleet Root");
    let root_issuer = Issuer::new(root_params, &root_key);
    let inter_key = KeyPair::generate().unwrap();
    let inter_params = ca("Fleet Intermediate");
    let inter = inter_params.signed_by(&inter_key, &root_issuer).unwrap();
    let inter_issuer = Issuer::new(inter_params, &inter_key);
    let mut pem = inter.pem();
    for i in 0..30 {
        let name = format!("device-{i:02}.fleet.test");
        let cert = leaf(&[name.as_str()])
            .signed_by(&KeyPair::generate().unwrap(), &inter_issuer)
            .unwrap();
        decode(cert.der());
        pem.push_str(&cert.pem());
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("fleet.pem");
    std::fs::write(&file, pem).unwrap();

    let rt = runtime();
    let mut state = light_state();
    state.trust.time_mode = chainlens::gui::TimeMode::At;
    state.trust.time_text = "2024-06-01".into();
    let mut harness = harness(&rt, state, vec![file.display().to_string()]);
    wait_for_verification(&mut harness);
    assert!(shows(&harness, "31 certificates in this file"));
    let app = harness.state().app();
    let scene = app.session.scene().expect("the first row's chain");
    let boxes: Vec<(&str, bool)> = scene
        .boxes
        .iter()
        .map(|b| (b.full_title.as_str(), b.ghost))
        .collect();
    // device-00 → Fleet Intermediate (in the file) → Fleet Root (missing), not a ghost of
    // the intermediate the file holds.
    assert_eq!(
        boxes,
        vec![
            ("device-00.fleet.test", false),
            ("Fleet Intermediate", false),
            ("Fleet Root", true)
        ]
    );
    // The details say the issuer was found, not that none was.
    assert!(shows(
        &harness,
        "Its issuer, Fleet Intermediate, is among the certificates given"
    ));
    assert!(!shows(&harness, "No issuer was found"));
}

/// Frame times with a 10,000-certificate list open and scrolled: a benchmark, not a test
/// (`benches/bundle_list.sh` runs it and prints the figures; no timing is asserted).
#[test]
#[ignore = "a benchmark: run by benches/bundle_list.sh"]
fn bench_frames_with_a_10k_bundle_list() {
    let Some(bundle) = std::env::var_os("CHAINLENS_BENCH_BUNDLE") else {
        eprintln!("set CHAINLENS_BENCH_BUNDLE to a bundle (benches/bundle_list.sh makes one)");
        return;
    };
    let rt = runtime();
    let started = Instant::now();
    let mut harness = harness(
        &rt,
        light_state(),
        vec![bundle.to_string_lossy().into_owned()],
    );
    wait_for_verification(&mut harness);
    let open_ms = started.elapsed().as_secs_f64() * 1000.0;
    let rows = harness
        .state()
        .app()
        .session
        .bundle
        .as_ref()
        .map_or(0, |b| b.rows.len());
    assert!(rows >= 10_000, "{rows} rows");
    // The pointer over the list, then wheel steps down it, one frame each.
    let list = harness.get_by_label("Filter").rect().center() + egui::vec2(0.0, 120.0);
    harness.hover_at(list);
    let mut frames_ms = Vec::new();
    for i in 0..200 {
        // Down, then back up a little.
        let delta = if i < 180 { -60.0 } else { 40.0 };
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, delta),
            phase: egui::TouchPhase::Move,
            modifiers: egui::Modifiers::NONE,
            source: egui::MouseWheelSource::Wheel,
        });
        let frame = Instant::now();
        harness.step();
        frames_ms.push(frame.elapsed().as_secs_f64() * 1000.0);
    }
    let first = harness
        .state()
        .app()
        .session
        .bundle
        .as_ref()
        // The second row: the first one's chain is in the diagram and details too.
        .and_then(|b| b.visible_rows().nth(1).map(|r| r.subject.clone()))
        .expect("a second row");
    assert!(!shows(&harness, &first), "the list did not scroll");
    // Typing a filter re-filters all rows once.
    harness.get_by_label("Filter").focus();
    let filter = Instant::now();
    harness.get_by_label("Filter").type_text("device-99");
    harness.step();
    let filter_ms = filter.elapsed().as_secs_f64() * 1000.0;
    // Choosing a row verifies its chain against the other 10,099 certificates, off the
    // window's thread, with the window's own wait: the frames until its verdict is in.
    harness.state_mut().app_mut().session.verify_wait = Duration::from_millis(12);
    harness.run_ok();
    let row = harness
        .query_all_by_label_contains("device-99")
        .nth(1)
        .map(|n| n.rect().center())
        .expect("a filtered row");
    harness.hover_at(row);
    harness.event(egui::Event::PointerButton {
        pos: row,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    harness.event(egui::Event::PointerButton {
        pos: row,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    let chose = Instant::now();
    let mut row_frames_ms: Vec<f64> = Vec::new();
    let before = harness.state().app().session.inspection_generation;
    while harness.state().app().session.inspection_generation == before
        && chose.elapsed() < Duration::from_secs(30)
    {
        let frame = Instant::now();
        harness.step();
        row_frames_ms.push(frame.elapsed().as_secs_f64() * 1000.0);
    }
    let verdict_ms = chose.elapsed().as_secs_f64() * 1000.0;
    let worst_row_frame = row_frames_ms.iter().copied().fold(0.0, f64::max);
    frames_ms.sort_by(f64::total_cmp);
    let at = |q: f64| frames_ms[((frames_ms.len() - 1) as f64 * q) as usize];
    println!(
        "bundle list, {rows} certificates: open + verify {open_ms:.0} ms; frame while scrolling: \
         median {:.2} ms, p95 {:.2} ms, max {:.2} ms ({} frames); filter keystroke frame {filter_ms:.1} ms; \
         choosing a row: verdict after {verdict_ms:.0} ms, worst frame meanwhile {worst_row_frame:.1} ms ({} frames)",
        at(0.5),
        at(0.95),
        at(1.0),
        frames_ms.len(),
        row_frames_ms.len()
    );
}

/// The list of Debian's 144 roots, sorted by not after, at a fixed date so the days left stay.
#[test]
fn snapshot_of_the_bundle_list() {
    let rt = runtime();
    let handle = rt.handle().clone();
    let loaded = chainlens::ingest::load_file(&data("debian-ca-certificates/ca-certificates.crt"))
        .expect("the bundle");
    let mozilla = chainlens::verify::TrustStore::mozilla();
    let at = chainlens::gui::parse_time("2025-01-01").expect("a date");
    let mut view = chainlens::gui::BundleView::new(&loaded.certificates, &[&mozilla], at);
    view.sort_by(Column::NotAfter);
    let mut harness = Harness::builder()
        .with_size([980.0, 330.0])
        .with_theme(egui::Theme::Light)
        .wgpu()
        .build_ui_state(
            move |ui, state: &mut (Option<App>, chainlens::gui::BundleView)| {
                // The app installs the window's fonts.
                state.0.get_or_insert_with(|| {
                    waiting_for_verdicts(App::with_state(
                        ui.ctx(),
                        light_state(),
                        handle.clone(),
                        Vec::new(),
                    ))
                });
                chainlens::gui::bundle_list_ui(
                    ui,
                    &mut state.1,
                    &mut chainlens::gui::CommandQueue::default(),
                );
            },
            (None, view),
        );
    harness.run();
    harness.snapshot("bundle_list");
}

#[test]
fn the_details_start_at_the_top_when_another_certificate_is_chosen() {
    let rt = runtime();
    let mut harness = harness(&rt, light_state(), Vec::new());
    harness.get_by_label_contains("— leaf").click();
    harness.run();
    let width = harness.state().app().session.details_width;
    // Scroll the details down.
    let over = harness.get_by_label("Copy PEM").rect().center();
    harness.hover_at(over);
    for _ in 0..10 {
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -120.0),
            phase: egui::TouchPhase::Move,
            modifiers: egui::Modifiers::NONE,
            source: egui::MouseWheelSource::Wheel,
        });
        harness.step();
    }
    harness.run();
    assert!(
        harness.state().app().session.details_scroll_y > 100.0,
        "the details did not scroll: {}",
        harness.state().app().session.details_scroll_y
    );
    harness
        .get_by_label("Amazon Root CA 1 — trust anchor")
        .click();
    harness.run();
    let app = harness.state().app();
    assert_eq!(app.session.details_scroll_y, 0.0);
    // And the panel kept its width.
    assert_eq!(app.session.details_width, width);
}

#[test]
fn a_new_action_clears_the_last_error() {
    let rt = runtime();
    let mut harness = harness(&rt, light_state(), Vec::new());
    harness.get_by_label("Address").focus();
    harness
        .get_by_label("Address")
        .type_text("/nonexistent/chainlens/missing.pem");
    harness.run();
    harness.get_by_label("Fetch").click();
    wait_for_jobs(&mut harness);
    assert!(harness.state().app().session.error.is_some());
    harness.get_by_label("Open files…").click();
    harness.run();
    assert_eq!(harness.state().app().session.error, None);
}

#[test]
fn an_unreadable_date_says_the_verdict_is_stale() {
    let rt = runtime();
    let mut harness = harness(&rt, light_state(), Vec::new());
    harness.get_by_label("Date and time (UTC)").focus();
    harness
        .get_by_label("Date and time (UTC)")
        .type_text("2023-13-45");
    harness.run();
    let insp = harness
        .state()
        .app()
        .session
        .inspection
        .as_ref()
        .expect("a verdict");
    let shown = chainlens::verify::human_date(insp.policy.time);
    assert!(shows(
        &harness,
        "Stale: the verdict shown is still the one at"
    ));
    assert!(shows(&harness, &shown));
}

#[test]
fn the_policy_remembered_from_the_last_run_is_shown_and_resets_in_one_click() {
    let rt = runtime();
    let mut state = light_state();
    state.trust.time_mode = chainlens::gui::TimeMode::At;
    state.trust.time_text = "2019-10-06".into();
    state.trust.host = "device.example".into();
    state.trust.mozilla = false;
    let mut harness = harness(&rt, state, Vec::new());
    assert!(shows(
        &harness,
        "Checking at 2019-10-06 · host device.example · AWS IoT roots"
    ));
    harness.get_by_label("Reset policy").click();
    harness.run();
    let app = harness.state().app();
    assert_eq!(app.state.trust, chainlens::gui::TrustForm::default());
    assert!(shows(
        &harness,
        "Checking now · host from the source · AWS IoT roots, Mozilla"
    ));
}

#[test]
fn the_expired_sample_offers_its_valid_date_in_one_click() {
    let rt = runtime();
    let mut harness = harness(&rt, light_state(), Vec::new());
    assert!(shows(
        &harness,
        "This capture from 2022 expired on 2023-08-14"
    ));
    assert!(
        !harness
            .state()
            .app()
            .session
            .inspection
            .as_ref()
            .unwrap()
            .all_trusted()
    );
    harness.get_by_label_contains("Check at 2023-").click();
    harness.run();
    let app = harness.state().app();
    assert_eq!(app.state.trust.time_mode, chainlens::gui::TimeMode::At);
    let insp = app.session.inspection.as_ref().expect("a verdict");
    assert!(
        insp.all_trusted(),
        "{:?}",
        insp.verdicts
            .iter()
            .map(|v| words::verdict(insp, v))
            .collect::<Vec<_>>()
    );
    // Now valid: the hint is gone.
    assert!(!shows(&harness, "This capture from 2022"));
}

#[test]
fn ctrl_l_selects_the_whole_address() {
    let rt = runtime();
    let state = State {
        address: "example.com:443".into(),
        ..light_state()
    };
    let mut harness = harness(&rt, state, Vec::new());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::L);
    harness.run();
    assert!(harness.get_by_label("Address").is_focused());
    let state = egui::TextEdit::load_state(&harness.ctx, chainlens::gui::ADDRESS_ID.id())
        .expect("its state");
    let range = state.cursor.char_range().expect("a selection");
    let (a, b) = (range.primary.index.0, range.secondary.index.0);
    assert_eq!((a.min(b), a.max(b)), (0, "example.com:443".len()));
}

#[test]
fn the_paste_dialog_opens_ready_to_type_into() {
    let rt = runtime();
    let mut harness = harness(&rt, light_state(), Vec::new());
    harness.state_mut().app_mut().session.paste_dialog = Some(String::new());
    harness.run();
    assert!(harness.get_by_label("PEM text").is_focused());
}

#[test]
fn at_900_pixels_the_source_bar_wraps_instead_of_overlapping() {
    let rt = runtime();
    let mut harness = harness(&rt, light_state(), Vec::new());
    harness.set_size(egui::vec2(900.0, 600.0));
    harness.run();
    let theme = harness.get_by_label("Theme").rect();
    for other in ["Recent", "Export", "AWS IoT…", "Paste", "Open files…"] {
        let rect = harness.get_by_label(other).rect();
        assert!(
            !theme.intersects(rect),
            "Theme {theme:?} overlaps {other} {rect:?}"
        );
    }
    assert!(theme.max.x <= 900.0, "{theme:?}");
}

/// Picks the bundle row whose subject is `subject` and waits for its verification.
fn pick_row(harness: &mut Harness<'_, Fixture>, subject: &str) {
    if let Some(view) = harness.state_mut().app_mut().session.bundle.as_mut() {
        view.filter.clear();
    }
    harness.run();
    harness.get_by_label("Filter").focus();
    harness.get_by_label("Filter").type_text(subject);
    harness.run();
    harness
        .get_all_by_label(subject)
        .next()
        .expect("its row")
        .click();
    harness.run();
    wait_for_verification(harness);
}

/// Every failure code of the inspection's best paths, and the verdict reasons.
fn failure_codes(app: &App) -> Vec<&'static str> {
    let insp = app.session.inspection.as_ref().expect("an inspection");
    insp.verdicts
        .iter()
        .filter_map(|v| v.paths.first())
        .flat_map(|p| chainlens::verify::path_failures(insp, p))
        .filter_map(|p| p.check.failure.as_ref().map(|f| f.code()))
        .chain(
            insp.verdicts
                .iter()
                .filter_map(|v| v.failure.as_ref().map(|f| f.code())),
        )
        .collect()
}

const LEAF_RULES: [&str; 5] = [
    "ca_as_leaf",
    "missing_server_auth",
    "required_eku_not_found",
    "leaf_key_cert_sign",
    "common_name_not_in_san",
];

#[test]
fn a_bundle_root_a_ticked_store_holds_is_trusted_as_a_ca() {
    let rt = runtime();
    let bundle = data("debian-ca-certificates/ca-certificates.crt");
    let mut state = light_state();
    state.trust.aws_iot = false;
    state.trust.mozilla = false;
    let mut harness = harness(&rt, state, vec![bundle.display().to_string()]);
    wait_for_verification(&mut harness);
    pick_row(&mut harness, "Amazon Root CA 1");
    assert!(shows(&harness, "No trust store chosen"));
    // Tick a store that holds it: the verdict is trusted, as a CA, not as a server leaf.
    harness.get_by_label("Mozilla roots").click();
    harness.run();
    wait_for_verification(&mut harness);
    {
        let app = harness.state().app();
        let insp = app.session.inspection.as_ref().expect("its inspection");
        assert_eq!(
            insp.cert(CertId::new(0)).map(|c| c.label()).as_deref(),
            Some("Amazon Root CA 1")
        );
        assert_eq!(insp.policy.purpose, chainlens::model::Purpose::Ca);
        // The radio still says what the user chose.
        assert_eq!(app.state.trust.usage, chainlens::model::Purpose::Server);
        assert_eq!(insp.verdicts.len(), 1);
        assert!(
            insp.all_trusted(),
            "{:?}",
            words::verdict(insp, &insp.verdicts[0])
        );
        let codes = failure_codes(app);
        for rule in LEAF_RULES {
            assert!(!codes.contains(&rule), "{rule} in {codes:?}");
        }
    }
    assert!(shows(
        &harness,
        "Checked as a CA certificate: server-leaf rules do not apply."
    ));
    assert!(shows(&harness, "itself a trust anchor of Mozilla roots"));
    assert!(!shows(&harness, "extendedKeyUsage"));
    assert!(!shows(&harness, "the leaf is a CA"));

    // The bundle itself as a second store: it holds every root of it.
    harness.state_mut().app_mut().state.trust.bundles = vec![bundle.clone()];
    // The store loads as a job: its spinner keeps the window repainting until it is read.
    harness.step();
    wait_for_verification(&mut harness);
    pick_row(&mut harness, "ISRG Root X1");
    let app = harness.state().app();
    let insp = app.session.inspection.as_ref().expect("its inspection");
    assert_eq!(insp.verdicts.len(), 2);
    assert!(insp.all_trusted(), "{:?}", insp.verdicts);
}

#[test]
fn a_bundle_root_no_ticked_store_holds_is_not_trusted_for_a_ca_reason() {
    let rt = runtime();
    let bundle = data("debian-ca-certificates/ca-certificates.crt");
    let mut harness = harness(&rt, light_state(), vec![bundle.display().to_string()]);
    wait_for_verification(&mut harness);
    // A root of the 2023 bundle that today's Mozilla roots and the AWS IoT roots do not hold.
    let rows = bundle_rows(&harness);
    let (subject, _) = rows
        .iter()
        .find(|(_, role)| *role == BundleRole::Root)
        .expect("a root no ticked store holds")
        .clone();
    pick_row(&mut harness, &subject);
    let app = harness.state().app();
    let insp = app.session.inspection.as_ref().expect("its inspection");
    assert_eq!(
        insp.cert(CertId::new(0)).map(|c| c.label()),
        Some(subject.clone())
    );
    assert_eq!(insp.policy.purpose, chainlens::model::Purpose::Ca);
    assert!(insp.verdicts.iter().all(|v| !v.trusted));
    let codes = failure_codes(app);
    for rule in LEAF_RULES {
        assert!(!codes.contains(&rule), "{rule} in {codes:?}");
    }
    for v in &insp.verdicts {
        let code = v.failure.as_ref().map(|f| f.code());
        assert!(
            matches!(code, Some("unknown_issuer" | "expired")),
            "{subject}: {code:?} {}",
            words::verdict(insp, v)
        );
    }
}

#[test]
fn the_export_menu_offers_theme_scale_and_background_and_names_the_file_after_the_leaf() {
    let rt = runtime();
    let dir = tempfile::tempdir().expect("a folder");
    let state = State {
        last_folder: Some(dir.path().to_path_buf()),
        ..light_state()
    };
    let mut harness = harness(&rt, state, Vec::new());
    // For documents by default, whatever the window's theme.
    let options = harness.state().app().session.export_options;
    assert_eq!(options.theme, chainlens::diagram::Theme::Light);
    assert!(!options.transparent);
    harness.get_by_label("Export").click();
    harness.run();
    harness.get_by_label("Transparent PNG background").click();
    harness.run();
    harness.get_by_label("3×").click();
    harness.run();
    let options = harness.state().app().session.export_options;
    assert!(options.transparent);
    assert_eq!(options.scale, 3);
    harness.get_by_label("Diagram as SVG…").click();
    harness.run();
    let request = harness
        .state()
        .app()
        .session
        .file_dialogs
        .open_request()
        .cloned();
    let Some(FileRequest::Save { file_name, .. }) = request else {
        panic!("no save dialog: {request:?}");
    };
    let insp = harness.state().app().session.inspection.clone().unwrap();
    let date = chainlens::verify::human_date(insp.policy.time);
    assert_eq!(
        file_name,
        format!("star.iot.us-east-1.amazonaws.com-{date}.svg")
    );
}

#[test]
fn open_files_with_certificates_and_a_crl_opens_the_chain_and_takes_the_crl() {
    let rt = runtime();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/rustls-webpki-amazon");
    let dir = tempfile::tempdir().expect("a folder");
    // A CRL under a name that does not say so: known by its content.
    let crl = dir.path().join("revocations.bin");
    std::fs::copy(data.join("r2m03.crl"), &crl).expect("a copy of the CRL");
    let mut harness = harness(&rt, light_state(), Vec::new());
    let ctx = harness.ctx.clone();
    harness.state_mut().app_mut().open_files(
        &ctx,
        vec![
            data.join("valid.rootca1.demo.amazontrust.com.cer"),
            data.join("r2m03.cer"),
            crl.clone(),
        ],
    );
    wait_until(&mut harness, "the files", |app| {
        !app.session.load_job.is_running() && !app.is_verifying()
    });
    let app = harness.state().app();
    assert_eq!(app.session.error, None);
    assert_eq!(app.state.trust.crls, vec![crl]);
    let loaded = app.session.loaded.as_ref().expect("the files loaded");
    assert_eq!(
        loaded.certificates.len(),
        2,
        "the two certificates, not the CRL: {:?}",
        loaded.source.label
    );
    assert!(app.session.inspection.is_some());
    assert!(shows(&harness, "revocations.bin"), "the CRL in the panel");
}

/// Files chosen together open as one chain built by issuer and subject, whatever order the
/// dialog lists them in (alphabetical here: the intermediate, the cross-signed root, then
/// the leaf): no "not given leaf first" finding, and the toolbar says "as given".
#[test]
fn files_chosen_in_any_order_open_as_a_chain_leaf_first() {
    let rt = runtime();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/rustls-webpki-amazon");
    let mut harness = harness(&rt, light_state(), Vec::new());
    let ctx = harness.ctx.clone();
    let names = [
        "r2m03.cer",
        "rootca1.cer",
        "valid.rootca1.demo.amazontrust.com.cer",
    ];
    harness
        .state_mut()
        .app_mut()
        .open_files(&ctx, names.iter().map(|n| data.join(n)).collect());
    wait_until(&mut harness, "the files", |app| {
        !app.session.load_job.is_running() && !app.is_verifying()
    });
    let app = harness.state().app();
    assert_eq!(app.session.error, None);
    let loaded = app.session.loaded.as_ref().expect("the files loaded");
    let labels: Vec<String> = loaded.certificates.iter().map(|c| c.label()).collect();
    assert_eq!(
        labels,
        [
            "valid.rootca1.demo.amazontrust.com",
            "Amazon RSA 2048 M03",
            "Amazon Root CA 1"
        ]
    );
    assert!(
        loaded
            .source
            .label
            .starts_with(&data.join(names[2]).display().to_string())
    );
    let insp = app.session.inspection.as_ref().expect("an inspection");
    assert!(
        insp.findings
            .iter()
            .all(|f| f.kind != chainlens::model::FindingKind::WrongOrder),
        "{:?}",
        insp.findings
    );
    assert!(!shows(&harness, "leaf first"));
    assert!(!shows(&harness, "as sent"));
}

#[test]
fn a_missing_file_says_no_such_file() {
    let rt = runtime();
    let mut harness = harness(&rt, light_state(), Vec::new());
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .app_mut()
        .open_files(&ctx, vec![PathBuf::from("/nonexistent/chainlens/leaf.pem")]);
    harness.run();
    let error = harness.state().app().session.error.clone();
    assert!(
        error
            .as_ref()
            .is_some_and(|e| format!("{e}").contains("no such file")),
        "{error:?}"
    );
}
