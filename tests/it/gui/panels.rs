//! The trust panel and the store matrix, driven by egui_kittest: the commands they return
//! (remove a store file or a CRL, dismiss store errors, reset the policy, add a CRL, light a
//! path) change the app's state, and "(and N more problems)" opens the whole list.

use crate::common::window::{Fixture, Window, light_state, runtime, shows, wait_idle, window};

use crate::common::corpus::data;
use chainlens::gui::{App, FilePurpose, FileRequest, State, TimeMode, TrustForm};
use chainlens::report::words;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

/// Window size of the interaction tests.
const WINDOW: [f32; 2] = [1280.0, 760.0];

/// The store the problems tests look at.
const AWS: &str = "AWS IoT device roots";

fn harness(
    rt: &tokio::runtime::Runtime,
    state: State,
    sources: Vec<String>,
) -> Harness<'static, Fixture> {
    harness_with(rt, state, sources, true)
}

/// The window; `accessibility_check` false where egui_file's dialog opens.
fn harness_with(
    rt: &tokio::runtime::Runtime,
    state: State,
    sources: Vec<String>,
    accessibility_check: bool,
) -> Harness<'static, Fixture> {
    let options = Window {
        size: WINDOW,
        accessibility_check,
        setup: None,
    };
    window(rt, state, sources, options)
}

fn app<'a>(harness: &'a Harness<'_, Fixture>) -> &'a App {
    harness.state().app()
}

fn app_mut<'a>(harness: &'a mut Harness<'_, Fixture>) -> &'a mut App {
    harness.state_mut().app_mut()
}

/// How many widgets or texts are labelled exactly `text`.
fn count_exact(harness: &Harness<'_, Fixture>, text: &str) -> usize {
    harness.query_all_by_label(text).count()
}

/// The sample at a date when its leaf and intermediate have expired, for a host it does not
/// name and with a pin none of its keys has: the AWS IoT store's best path fails four checks.
fn many_problems_state() -> State {
    let mut state = light_state();
    state.trust.mozilla = false;
    state.trust.time_mode = TimeMode::At;
    state.trust.time_text = "2030-01-01".into();
    state.trust.host = "wrong.example".into();
    state.trust.pins_text = format!("sha256/{}=", "A".repeat(43));
    state
}

/// Every (certificate label or "The whole path", code, sentence) of a store's best path.
fn expected_problems(app: &App, store: &str) -> Vec<(String, &'static str, String)> {
    let insp = app.session.inspection.as_ref().expect("an inspection");
    let verdict = insp
        .verdicts
        .iter()
        .find(|v| v.store == store)
        .expect("the store's verdict");
    let best = verdict.paths.first().expect("a best path");
    chainlens::verify::path_failures(insp, best)
        .into_iter()
        .map(|p| {
            let owner = p
                .certificate
                .and_then(|id| insp.cert(id))
                .map_or_else(|| "The whole path".to_string(), |c| c.label());
            (owner, p.check.code(), words::check(p.check))
        })
        .collect()
}

#[test]
fn and_n_more_problems_opens_every_problem_with_its_code_and_closes() {
    let rt = runtime();
    let mut harness = harness(&rt, many_problems_state(), Vec::new());
    let problems = expected_problems(app(&harness), AWS);
    let codes: Vec<&str> = problems.iter().map(|(_, code, _)| *code).collect();
    for code in ["expired", "name_mismatch", "pin_mismatch"] {
        assert!(codes.contains(&code), "{codes:?}");
    }
    assert!(problems.len() >= 4, "{problems:?}");
    let link = format!("(and {} more problems)", problems.len() - 1);
    assert!(app(&harness).session.problems.is_none());
    // Before the list opens, how often each sentence and code already shows (the details of
    // the selected certificate list its own checks).
    let before: Vec<(usize, usize)> = problems
        .iter()
        .map(|(_, code, sentence)| (count_exact(&harness, sentence), count_exact(&harness, code)))
        .collect();
    assert!(!shows(&harness, &format!("Problems — {AWS}")));

    harness.get_by_label(&link).click();
    harness.run();
    assert_eq!(app(&harness).session.problems.as_deref(), Some(AWS));
    harness.get_by_label(&format!("Problems — {AWS}"));
    assert!(shows(
        &harness,
        &format!("{} problems of the best path to {AWS}", problems.len())
    ));
    for ((owner, code, sentence), (sentences, codes)) in problems.iter().zip(&before) {
        assert!(
            count_exact(&harness, sentence) > *sentences,
            "the list shows {sentence}"
        );
        assert!(
            count_exact(&harness, code) > *codes,
            "the list shows {code}"
        );
        assert!(count_exact(&harness, owner) >= 1, "the list names {owner}");
    }
    // The path's own checks (host name, pin) are a group of their own.
    harness.get_by_label("The whole path");

    // Copy puts the whole list on the clipboard, as text.
    harness.get_by_label("Copy").click();
    harness.step();
    let copied = harness
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .expect("Copy puts text on the clipboard");
    for (owner, code, sentence) in &problems {
        assert!(copied.contains(&format!("[{code}] {sentence}")), "{copied}");
        assert!(copied.contains(owner.as_str()), "{copied}");
    }
    harness.run();
    assert!(shows(&harness, "Copied the problems to the clipboard"));

    harness.get_by_label("Close window").click();
    harness.run();
    assert!(app(&harness).session.problems.is_none());
    assert!(!shows(&harness, &format!("Problems — {AWS}")));
}

#[test]
fn the_list_of_problems_closes_when_another_source_opens() {
    let rt = runtime();
    let mut harness = harness(&rt, many_problems_state(), Vec::new());
    let problems = expected_problems(app(&harness), AWS);
    harness
        .get_by_label(&format!("(and {} more problems)", problems.len() - 1))
        .click();
    harness.run();
    assert_eq!(app(&harness).session.problems.as_deref(), Some(AWS));
    let root = data("aws-roots/Amazon_Root_CA_1.pem").display().to_string();
    harness.get_by_label("Address").focus();
    harness.get_by_label("Address").type_text(&root);
    harness.run();
    harness.get_by_label("Fetch").click();
    harness.step();
    wait_idle(&mut harness);
    let app = app(&harness);
    assert_eq!(
        app.session
            .inspection
            .as_ref()
            .map(|i| i.source.label.as_str()),
        Some(root.as_str())
    );
    assert!(app.session.problems.is_none());
    assert!(!shows(&harness, &format!("Problems — {AWS}")));
}

#[test]
fn a_single_problem_has_no_link() {
    let rt = runtime();
    // In mid-2024 only the sample's leaf has expired: with no host typed and no pin, its
    // AWS IoT path fails one check, and the reason is whole, with no link.
    let mut state = light_state();
    state.trust.mozilla = false;
    state.trust.time_mode = TimeMode::At;
    state.trust.time_text = "2024-06-01".into();
    let harness = harness(&rt, state, Vec::new());
    let problems = expected_problems(app(&harness), AWS);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(!shows(&harness, "more problem"));
}

#[test]
fn hovering_a_store_row_lights_its_path_for_that_frame() {
    let rt = runtime();
    let mut harness = harness(&rt, light_state(), Vec::new());
    assert_eq!(app(&harness).session.hover_highlight, None);
    harness
        .get_by_label_contains(&format!("✖ Not trusted by {AWS}"))
        .hover();
    harness.run();
    assert_eq!(app(&harness).session.hover_highlight, Some((0, 0)));
    // Away from the matrix: nothing lit.
    harness.get_by_label("Mozilla roots").hover();
    harness.run();
    assert_eq!(app(&harness).session.hover_highlight, None);
    assert_eq!(app(&harness).session.highlight, None);
}

#[test]
fn remove_stops_trusting_a_store_file() {
    let rt = runtime();
    let mut state = light_state();
    state.trust.bundles = vec![data("aws-roots/Amazon_Root_CA_1.pem")];
    let mut harness = harness(&rt, state, Vec::new());
    let verdicts = |h: &Harness<'_, Fixture>| {
        app(h)
            .session
            .inspection
            .as_ref()
            .map(|i| {
                i.verdicts
                    .iter()
                    .map(|v| v.store.clone())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    assert!(verdicts(&harness).contains(&"Amazon_Root_CA_1.pem".to_string()));
    harness.get_by_label("Remove").click();
    harness.run();
    assert!(app(&harness).state.trust.bundles.is_empty());
    assert_eq!(verdicts(&harness), [AWS, "Mozilla roots"]);
}

#[test]
fn a_store_file_that_cannot_be_read_is_shown_until_dismissed() {
    let rt = runtime();
    let dir = tempfile::tempdir().expect("a folder");
    let missing = dir.path().join("no-such-roots.pem");
    let mut state = light_state();
    state.trust.bundles = vec![missing.clone()];
    let mut harness = harness(&rt, state, Vec::new());
    let errors = app(&harness).session.store_errors.clone();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("no-such-roots.pem"), "{errors:?}");
    assert!(shows(&harness, &errors[0]));
    // Unticked, so that it is not retried every frame.
    assert!(app(&harness).state.trust.bundles.is_empty());
    harness.get_by_label("Dismiss").click();
    harness.run();
    assert!(app(&harness).session.store_errors.is_empty());
    assert!(!shows(&harness, "no-such-roots.pem"));
}

#[test]
fn add_crl_asks_for_a_file_and_remove_drops_one() {
    let rt = runtime();
    let crl = data("rustls-webpki-amazon/r2m02.crl");
    let mut state = light_state();
    state.trust.crls = vec![crl];
    let mut harness = harness_with(&rt, state, Vec::new(), false);
    app_mut(&mut harness).use_builtin_file_dialog("the test asks for the in-window dialog");
    // Tall enough that the panel's last controls are on screen without scrolling it.
    harness.set_size(egui::Vec2::new(1280.0, 1000.0));
    harness.run();
    assert!(shows(&harness, "r2m02.crl"));
    harness.get_by_label("Add CRL…").click();
    harness.run();
    assert_eq!(
        app(&harness).session.file_dialogs.open_request(),
        Some(&FileRequest::Open(FilePurpose::AddCrl))
    );
    harness.get_by_label("Cancel").click();
    harness.run();
    assert_eq!(app(&harness).session.file_dialogs.open_request(), None);
    harness.get_by_label("Remove").click();
    harness.run();
    assert!(app(&harness).state.trust.crls.is_empty());
    assert!(shows(&harness, "Revocation: not checked"));
}

#[test]
fn reset_policy_puts_the_persisted_settings_back_and_says_so() {
    let rt = runtime();
    let mut state = many_problems_state();
    state.trust.profile = chainlens::model::Profile::Rfc5280;
    state.trust.usage = chainlens::model::Purpose::Client;
    let mut harness = harness(&rt, state, Vec::new());
    assert_ne!(app(&harness).state.trust, TrustForm::default());
    harness.get_by_label("Reset policy").click();
    harness.run();
    let app = app(&harness);
    assert_eq!(app.state.trust, TrustForm::default());
    assert!(shows(&harness, "Policy reset"));
    // The verdict follows the reset policy: now, with the default stores and no host.
    let insp = app.session.inspection.as_ref().expect("an inspection");
    assert_eq!(insp.verdicts.len(), 2);
    assert!(insp.policy.pins.is_empty());
    assert!(
        harness
            .get_by_label("Reset policy")
            .accesskit_node()
            .is_disabled()
    );
}

#[test]
fn at_900_by_600_the_link_is_short_and_the_list_fits_the_window() {
    let rt = runtime();
    let mut harness = harness(&rt, many_problems_state(), Vec::new());
    harness.set_size(egui::Vec2::new(900.0, 600.0));
    harness.run();
    let problems = expected_problems(app(&harness), AWS);
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::Vec2::new(900.0, 600.0));
    // How many widgets labelled `label` lie wholly on screen.
    let on_screen = |h: &Harness<'_, Fixture>, label: &str| {
        h.query_all_by_label(label)
            .filter(|n| screen.contains_rect(n.rect()))
            .count()
    };
    let title = format!("Problems — {AWS}");
    let mut labels = vec![title.as_str(), "Close window", "Copy"];
    labels.extend(problems.iter().map(|(_, _, sentence)| sentence.as_str()));
    let before: Vec<usize> = labels.iter().map(|l| on_screen(&harness, l)).collect();
    // The reason column is narrow: the link shortens, so some of the first problem shows.
    harness
        .get_by_label(&format!("+{} more", problems.len() - 1))
        .click();
    harness.run();
    assert_eq!(app(&harness).session.problems.as_deref(), Some(AWS));
    for (label, before) in labels.iter().zip(before) {
        assert!(
            on_screen(&harness, label) > before,
            "{label} is in the list, on screen"
        );
    }
}

#[test]
fn every_chosen_store_has_a_visible_row_and_the_headline_names_them() {
    let rt = runtime();
    let mut state = light_state();
    state.trust.system = true;
    state.trust.bundles = vec![data("aws-roots/Amazon_Root_CA_1.pem")];
    state.trust.time_mode = TimeMode::At;
    state.trust.time_text = "2023-01-01".into();
    let harness = harness(&rt, state, Vec::new());
    let insp = app(&harness)
        .session
        .inspection
        .as_ref()
        .expect("an inspection");
    assert_eq!(insp.verdicts.len(), 4);
    // Every row lies above the diagram's toolbar, none scrolled out of sight.
    let diagram_top = harness.get_by_label("Zoom").rect().top();
    for verdict in &insp.verdicts {
        let word = if verdict.trusted {
            "✔ Trusted by"
        } else {
            "✖ Not trusted by"
        };
        let label = format!("{word} {} ({})", verdict.store, verdict.profile);
        let bottom = harness
            .query_all_by_label_contains(&label)
            .map(|n| n.rect().bottom())
            .fold(f32::NEG_INFINITY, f32::max);
        assert!(bottom.is_finite(), "no row {label}");
        assert!(
            bottom <= diagram_top,
            "the row of {} is hidden",
            verdict.store
        );
    }
    let headline = "Trusted by AWS IoT device roots, Mozilla roots";
    assert!(shows(&harness, headline), "no headline {headline}");
    assert!(shows(&harness, "and Amazon_Root_CA_1.pem"));
    assert!(shows(&harness, "at 2023-01-01"));
    assert!(shows(&harness, "revocation not checked"));
}

#[test]
fn a_trust_file_has_a_tick_box_and_adding_one_moves_no_control() {
    let rt = runtime();
    let mut state = light_state();
    state.trust.bundles = vec![data("aws-roots/Amazon_Root_CA_1.pem")];
    let mut harness = harness(&rt, state, Vec::new());
    let add = harness.get_by_label("Add trust file…").rect();
    assert!(
        harness.get_by_label("Remove").rect().top() > add.top(),
        "Remove takes the place of Add trust file…"
    );
    let tick = |h: &Harness<'_, Fixture>| {
        h.query_all_by_label_contains("Amazon_Ro")
            .find(|n| n.accesskit_node().role() == egui::accesskit::Role::CheckBox)
            .expect("a tick box for the file")
            .click();
    };
    let uses_the_file = |h: &Harness<'_, Fixture>| {
        app(h)
            .session
            .inspection
            .as_ref()
            .unwrap()
            .verdicts
            .iter()
            .any(|v| v.store == "Amazon_Root_CA_1.pem")
    };
    assert!(uses_the_file(&harness));
    tick(&harness);
    harness.run();
    assert!(!uses_the_file(&harness));
    assert_eq!(
        app(&harness).state.trust.bundles.len(),
        1,
        "unticked, not removed"
    );
    tick(&harness);
    harness.run();
    assert!(uses_the_file(&harness));
}

#[test]
fn small_text_is_at_least_11_points() {
    let rt = runtime();
    let harness = harness(&rt, light_state(), Vec::new());
    for theme in [egui::Theme::Light, egui::Theme::Dark] {
        let style = harness.ctx.style_of(theme);
        let small = egui::TextStyle::Small.resolve(&style);
        assert!(small.size >= 11.0, "{theme:?}: {}", small.size);
    }
}

#[test]
fn the_bundle_list_keeps_its_height_through_a_filter() {
    let rt = runtime();
    let bundle = data("debian-ca-certificates/ca-certificates.crt");
    let mut harness = harness(&rt, light_state(), vec![bundle.display().to_string()]);
    assert!(app(&harness).session.bundle.is_some());
    let top = |h: &Harness<'_, Fixture>| h.get_by_label("Zoom").rect().top();
    let before = top(&harness);
    harness.get_by_label("Filter").focus();
    harness.get_by_label("Filter").type_text("ISRG Root X1");
    harness.run();
    harness.get_by_label("Filter").focus();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.key_press(egui::Key::Backspace);
    harness.run();
    assert_eq!(app(&harness).session.bundle.as_ref().unwrap().filter, "");
    assert_eq!(top(&harness), before, "the list's height changed");
}

#[test]
fn choosing_a_recent_entry_does_not_click_the_matrix_under_the_menu() {
    let rt = runtime();
    let mut state = light_state();
    state.recent = (0..6)
        .map(|i| chainlens::gui::RecentSource {
            label: format!("recent source {i}"),
            items: vec!["sample".to_string()],
        })
        .collect();
    let mut harness = harness(&rt, state, Vec::new());
    harness.get_by_label("Recent").click();
    harness.run();
    // An entry drawn over the store matrix.
    let matrix_top = harness
        .get_by_label_contains("✖ Not trusted by AWS IoT device roots")
        .rect()
        .top();
    let entry = (0..6)
        .map(|i| format!("recent source {i}"))
        .find(|l| harness.get_by_label(l).rect().top() > matrix_top)
        .expect("an entry over the matrix");
    // Pressed and released in two frames, as a hand does.
    let at = harness.get_by_label(&entry).rect().center();
    harness.hover_at(at);
    harness.step();
    harness.drag_at(at);
    harness.step();
    harness.drop_at(at);
    harness.step();
    harness.run();
    wait_idle(&mut harness);
    let app = app(&harness);
    assert_eq!(app.state.address, "sample", "the entry was chosen");
    assert_eq!(app.session.highlight, None, "the click reached the matrix");
    assert_eq!(app.session.store_index, 0);
}

/// The colour each run of painted text containing `text` was drawn in.
fn painted_colors(harness: &Harness<'_, Fixture>, text: &str) -> Vec<egui::Color32> {
    fn collect(shape: &egui::Shape, text: &str, out: &mut Vec<egui::Color32>) {
        match shape {
            egui::Shape::Vec(shapes) => shapes.iter().for_each(|s| collect(s, text, out)),
            egui::Shape::Text(t) if t.galley.text().contains(text) => {
                out.extend(t.galley.job.sections.iter().map(|s| s.format.color));
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for clipped in &harness.output().shapes {
        collect(&clipped.shape, text, &mut out);
    }
    out
}

/// Under each trust file, how it was read: the ESP-IDF bundle's layout and anchors, the C
/// symbols and their lines, the PEM blocks left out; every note in full on hover. A file
/// that cannot be read is said in red.
#[test]
fn each_trust_file_says_how_it_was_read_and_errors_are_red() {
    let rt = runtime();
    let dir = tempfile::tempdir().expect("a folder");
    let pem = std::fs::read_to_string(data("aws-roots/Amazon_Root_CA_1.pem")).unwrap();
    let with_key = dir.path().join("roots-and-a-key.pem");
    std::fs::write(
        &with_key,
        format!("{pem}-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n{pem}"),
    )
    .unwrap();
    let broken = dir.path().join("broken_roots.h");
    std::fs::write(
        &broken,
        "static const char ca[] =\n\"-----BEGIN CERTIFICATE-----\\n\"\n\"AAAA\\n\"\n\"-----END CERTIFICATE-----\\n\";\n",
    )
    .unwrap();
    let mut state = light_state();
    state.trust.bundles = vec![
        data("devstores/esp-idf-5.4-aws-iot-roots.bin"),
        data("devstores/aws_root_ca.h"),
        with_key.clone(),
        broken.clone(),
    ];
    let mut harness = harness(&rt, state, Vec::new());
    let anchors =
        chainlens::verify::TrustStore::from_file(&data("devstores/esp-idf-5.4-aws-iot-roots.bin"))
            .unwrap()
            .anchors
            .len();
    assert!(shows(
        &harness,
        &format!(
            "ESP-IDF certificate bundle (the ESP-IDF 5.4 layout): {anchors} anchors, names and keys only"
        )
    ));
    let notes = format!("{:?}", app(&harness).session.store_notes);
    assert!(
        shows(
            &harness,
            "C source: read aws_root_ca_pem (line 11, 1 certificate)"
        ),
        "{notes}"
    );
    let skipped = "block 2: a PRIVATE KEY block at line";
    assert!(shows(&harness, skipped));
    // The full list on hover, under the file's name.
    harness.get_by_label_contains(skipped).hover();
    harness.run();
    assert!(shows(&harness, "How roots-and-a-key.pem was read"));
    // The C source that does not read: its error names it, in the theme's error colour.
    let errors = app(&harness).session.store_errors.clone();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("broken_roots.h"), "{errors:?}");
    let red = harness.ctx.global_style().visuals.error_fg_color;
    let colors = painted_colors(&harness, "broken_roots.h");
    assert!(
        !colors.is_empty() && colors.iter().all(|c| *c == red),
        "{colors:?} vs {red:?}"
    );
}
