//! The trust panel's certificate-policy controls, driven by egui_kittest: every control is
//! found by its label, a change verifies again with the new inputs, and an unreadable OID
//! is shown and keeps the last verdict.

use crate::common::window::{Fixture, Window, light_state, runtime, shows, wait_idle, window};

use chainlens::gui::App;
use chainlens::model::{CheckName, Inspection};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const OIDS: &str = "Policy OIDs (one per line or comma-separated)";

fn app<'a>(harness: &'a Harness<'_, Fixture>) -> &'a App {
    harness.state().app()
}

fn inspection<'a>(harness: &'a Harness<'_, Fixture>) -> &'a Inspection {
    app(harness)
        .session
        .inspection
        .as_ref()
        .expect("an inspection")
}

/// The code of the certificate-policies check on the first store's best path.
fn policy_code(harness: &Harness<'_, Fixture>) -> &'static str {
    inspection(harness)
        .verdicts
        .first()
        .and_then(|v| v.paths.first())
        .and_then(|p| p.checks.iter().find(|c| c.name == CheckName::Policies))
        .map(|c| c.code())
        .expect("a certificate-policies check")
}

#[test]
fn the_policy_controls_are_labelled_and_verify_again() {
    let rt = runtime();
    // Tall enough that the section is on screen without scrolling the panel.
    let options = Window {
        size: [1280.0, 1400.0],
        ..Window::default()
    };
    let mut harness = window(&rt, light_state(), Vec::new(), options);
    assert!(shows(&harness, "Certificate policies"));
    harness.get_by_label(OIDS);
    assert_eq!(app(&harness).state.trust.policies_text, "2.5.29.32.0");
    assert!(inspection(&harness).policy.policy_inputs_are_default());
    assert_eq!(policy_code(&harness), "ok");

    for (label, read) in [
        (
            "Require explicit policy",
            (|i: &Inspection| i.policy.require_explicit_policy) as fn(&Inspection) -> bool,
        ),
        ("Inhibit policy mapping", |i| {
            i.policy.inhibit_policy_mapping
        }),
        ("Inhibit anyPolicy", |i| i.policy.inhibit_any_policy),
    ] {
        assert!(!read(inspection(&harness)), "{label}");
        harness.get_by_label(label).click();
        harness.run();
        wait_idle(&mut harness);
        assert!(read(inspection(&harness)), "{label} verifies again");
    }

    // A policy the sample's path lacks, with an explicit policy required: no valid policy.
    harness.state_mut().app_mut().state.trust.policies_text = "1.2.3.4,\n1.2.3.5".into();
    harness.run();
    wait_idle(&mut harness);
    assert_eq!(
        inspection(&harness).policy.policies,
        ["1.2.3.4".to_string(), "1.2.3.5".to_string()]
    );
    assert_eq!(policy_code(&harness), "no_valid_policy");
    // The failing path check is named where the window lists a path's problems.
    assert!(shows(&harness, "no valid certificate policy"));

    // An OID that does not parse is shown, and the verdict stays the last one.
    harness.state_mut().app_mut().state.trust.policies_text = "1.2.3.4, bogus".into();
    harness.run();
    wait_idle(&mut harness);
    assert!(shows(&harness, "\"bogus\" is not a dotted OID"));
    assert_eq!(
        inspection(&harness).policy.policies,
        ["1.2.3.4".to_string(), "1.2.3.5".to_string()]
    );
}
