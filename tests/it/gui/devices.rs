//! The trust panel's Devices section and the device acceptance matrix, driven by
//! egui_kittest: ticking devices verifies again with them, the matrix shows one row per
//! (device, store) named after its verdict, the clock is part of the verification, and the
//! choice is remembered with the rest of the state.

use crate::common::window::{Fixture, Window, light_state, runtime, shows, wait_idle, window};

use chainlens::gui::{App, ClockMode, State, TimeMode};
use chainlens::model::{DeviceClock, Inspection, Stack};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const DEVICES: [&str; 3] = ["mbedtls-2.28", "wolfssl-5.5", "bearssl-0.6"];
const STORE: &str = "AWS IoT device roots";

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

/// The sample at a date its whole chain is valid, against the AWS IoT roots alone.
fn state() -> State {
    let mut state = light_state();
    state.trust.mozilla = false;
    state.trust.time_mode = TimeMode::At;
    state.trust.time_text = "2023-01-01".into();
    state
}

#[test]
fn ticking_three_devices_fills_the_device_matrix() {
    let rt = runtime();
    // Tall enough that the Devices section is on screen without scrolling the panel.
    let options = Window {
        size: [1360.0, 1400.0],
        ..Window::default()
    };
    let mut harness = window(&rt, state(), Vec::new(), options);
    // The section is folded until a device is ticked; it opens on a click.
    assert!(harness.query_by_label("Device clock").is_none());
    harness.get_by_label("Devices").click();
    harness.run();
    harness.get_by_label("Device clock");
    assert!(inspection(&harness).devices.is_empty());
    // No device, no matrix.
    assert!(!shows(&harness, "Path used"));

    for device in DEVICES {
        harness.get_by_label(device).click();
        harness.run();
        wait_idle(&mut harness);
    }
    assert_eq!(app(&harness).state.trust.devices.ticked, DEVICES);
    let insp = inspection(&harness);
    let stacks: Vec<Stack> = insp
        .policy
        .devices
        .devices
        .iter()
        .map(|d| d.stack)
        .collect();
    assert_eq!(stacks, [Stack::MbedTls, Stack::WolfSsl, Stack::BearSsl]);
    assert_eq!(insp.devices.len(), 3, "one verdict per (device, store)");
    assert!(insp.devices.iter().all(|v| v.trusted && v.store == STORE));
    for device in DEVICES {
        harness.get_by_label(&format!("{device} with {STORE}: ACCEPTED"));
    }
    assert!(shows(&harness, "Devices (3 ticked)"));
    assert!(shows(&harness, "Devices (clock set)"));
    // The policy line says devices answer too, and Reset policy would clear them.
    assert!(shows(&harness, "AWS IoT roots · 3 devices"));

    // A clock 600 days ahead: the leaf (until 2023-08-14) has expired for every device.
    harness.state_mut().app_mut().state.trust.devices.clock = ClockMode::Skew;
    harness.state_mut().app_mut().state.trust.devices.clock_text = "600".into();
    harness.run();
    wait_idle(&mut harness);
    let insp = inspection(&harness);
    assert_eq!(insp.policy.devices.clock, DeviceClock::Skew { days: 600 });
    assert!(insp.devices.iter().all(|v| !v.trusted));
    assert!(insp.devices.iter().all(|v| v.code() == Some("expired")));
    for device in DEVICES {
        harness.get_by_label(&format!("{device} with {STORE}: REJECTED"));
    }
    assert!(shows(&harness, "Clock skew in days"));

    // An unreadable skew keeps the last verdict and says what is wrong.
    let before = app(&harness).session.inspection_generation;
    harness.state_mut().app_mut().state.trust.devices.clock_text = "soon".into();
    harness.run();
    wait_idle(&mut harness);
    assert_eq!(app(&harness).session.inspection_generation, before);
    assert!(shows(&harness, "is not a device clock"));

    // Unticking every device removes the matrix and the verdicts.
    for device in DEVICES {
        harness.get_by_label(device).click();
        harness.run();
        wait_idle(&mut harness);
    }
    assert!(app(&harness).state.trust.devices.ticked.is_empty());
    assert!(shows(&harness, "Devices"));
    assert!(inspection(&harness).devices.is_empty());
    assert!(!shows(&harness, "Path used"));
}

#[test]
fn the_device_choice_is_remembered_and_old_state_loads() {
    let mut state = state();
    for device in DEVICES {
        state.trust.devices.set(device, true);
    }
    let text = serde_json::to_string(&state).expect("state serialises");
    let back: State = serde_json::from_str(&text).expect("state deserialises");
    assert_eq!(back, state);
    // A state saved before devices existed has no such field: it loads with none ticked.
    let mut old: serde_json::Value = serde_json::from_str(&text).expect("json");
    old["trust"]
        .as_object_mut()
        .expect("the trust form")
        .remove("devices");
    let old: State = serde_json::from_value(old).expect("an old state loads");
    assert!(old.trust.devices.ticked.is_empty());
    assert_eq!(old.trust.devices.clock, ClockMode::Set);
}
