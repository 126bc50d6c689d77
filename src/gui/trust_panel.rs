//! Trust stores and policy: which stores, when, for which host and which use. Any change
//! verifies the loaded chain again on the next frame.

use egui::{RichText, Ui};

use super::app::{App, TimeMode};
use super::tasks::StoreKey;
use crate::model::{BuiltinStore, Profile, Purpose, StoreChoice};

/// Draws the trust and policy panel on the left.
pub fn trust_panel_ui(app: &mut App, ui: &mut Ui) {
    egui::Panel::left("trust_panel")
        .resizable(true)
        .default_size(200.0)
        .min_size(180.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                ui.add_space(6.0);
                stores_ui(app, ui);
                ui.add_space(10.0);
                time_ui(app, ui);
                ui.add_space(10.0);
                host_ui(app, ui);
                ui.add_space(10.0);
                purpose_ui(app, ui);
                ui.add_space(10.0);
                profile_ui(app, ui);
                ui.add_space(10.0);
                pins_ui(app, ui);
            });
        });
}

fn stores_ui(app: &mut App, ui: &mut Ui) {
    let ctx = ui.ctx().clone();
    ui.strong("Trust stores");
    let loading = |key: &StoreKey| app.session.stores_loading.contains(key);
    let system_loading = loading(&StoreChoice::Builtin(BuiltinStore::System));
    let trust = &mut app.state.trust;
    ui.checkbox(&mut trust.aws_iot, "AWS IoT device roots")
        .on_hover_text("Amazon Root CA 1–4 and Starfield Services Root G2");
    ui.checkbox(&mut trust.aws_iot_legacy, "AWS IoT legacy (VeriSign G5)")
        .on_hover_text(
            "VeriSign Class 3 Public Primary CA – G5, the root of the legacy iot:Data endpoints, \
             which today's root programs removed",
        );
    ui.checkbox(&mut trust.mozilla, "Mozilla roots")
        .on_hover_text("The Mozilla root program, as browsers trust it");
    ui.horizontal(|ui| {
        ui.checkbox(&mut trust.system, "System store")
            .on_hover_text("The operating system's trusted roots");
        if system_loading {
            ui.spinner();
        }
    });
    let mut remove = None;
    for (i, path) in trust.bundles.iter().enumerate() {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        ui.horizontal(|ui| {
            ui.label(format!("• {name}"))
                .on_hover_text(path.display().to_string());
            if ui
                .small_button("Remove")
                .on_hover_text(format!("Stop trusting {name}"))
                .clicked()
            {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove
        && i < trust.bundles.len()
    {
        trust.bundles.remove(i);
    }
    if ui
        .button("Add PEM bundle…")
        .on_hover_text("Trust the certificates of a PEM, DER or PKCS#7 file")
        .clicked()
    {
        app.pick_trust_bundle(&ctx);
    }
    if app.state.trust.store_keys().is_empty() {
        ui.label(
            RichText::new("No store chosen: nothing can be trusted.")
                .color(ui.visuals().warn_fg_color),
        );
    }
    let mut dismiss = false;
    for error in &app.session.store_errors {
        ui.add(egui::Label::new(RichText::new(error).color(ui.visuals().error_fg_color)).wrap());
    }
    if !app.session.store_errors.is_empty() {
        dismiss = ui.small_button("Dismiss").clicked();
    }
    if dismiss {
        app.session.store_errors.clear();
    }
}

fn time_ui(app: &mut App, ui: &mut Ui) {
    ui.strong("Validation time");
    let trust = &mut app.state.trust;
    ui.radio_value(&mut trust.time_mode, TimeMode::Now, "Now");
    ui.radio_value(&mut trust.time_mode, TimeMode::At, "At a date");
    let label = ui.label("Date and time (UTC)");
    let response = ui
        .add(
            egui::TextEdit::singleline(&mut trust.time_text)
                .hint_text("2023-01-01 or RFC 3339")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    // Typing a date means the user wants that date.
    if response.changed() {
        trust.time_mode = TimeMode::At;
    }
    if let Err(problem) = trust.fixed_time() {
        ui.add(egui::Label::new(RichText::new(problem).color(ui.visuals().error_fg_color)).wrap());
    }
}

fn host_ui(app: &mut App, ui: &mut Ui) {
    ui.strong("Host name");
    let fetched = app.session.loaded.as_ref().and_then(|l| l.host.clone());
    let hint = fetched
        .as_deref()
        .map(|h| format!("{h} (fetched)"))
        .unwrap_or_else(|| "not checked".to_string());
    let label = ui.label("Expected host name or IP");
    ui.add(
        egui::TextEdit::singleline(&mut app.state.trust.host)
            .hint_text(hint)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
}

fn purpose_ui(app: &mut App, ui: &mut Ui) {
    ui.strong("Purpose");
    let usage = &mut app.state.trust.usage;
    ui.radio_value(usage, Purpose::Server, "TLS server")
        .on_hover_text("The leaf authenticates a server (id-kp-serverAuth)");
    ui.radio_value(usage, Purpose::Client, "TLS client")
        .on_hover_text("The leaf authenticates a client, such as a device (id-kp-clientAuth)");
}

fn profile_ui(app: &mut App, ui: &mut Ui) {
    ui.strong("Validation profile");
    let profile = &mut app.state.trust.profile;
    ui.radio_value(profile, Profile::WebPki, "Web PKI")
        .on_hover_text(
            "The CA/Browser Forum rules, as browsers decide: EKU required, the CN copies a SAN, \
             no CA certificate as the leaf, RSA of at least 2048 bits, no SHA-1",
        );
    ui.radio_value(profile, Profile::Rfc5280, "RFC 5280 (devices)")
        .on_hover_text(
            "Plain RFC 5280 path validation, as device TLS stacks (mbedTLS, wolfSSL, OpenSSL, \
             the AWS IoT SDKs) decide; the Web PKI's extra rules are shown as warnings",
        );
}

fn pins_ui(app: &mut App, ui: &mut Ui) {
    ui.strong("Pins");
    let label = ui.label("SPKI pins (sha256/…)");
    ui.add(
        egui::TextEdit::multiline(&mut app.state.trust.pins_text)
            .hint_text("none: any key")
            .desired_rows(2)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id)
    .on_hover_text(
        "Trust a path only if one of its certificates has one of these keys: sha256/BASE64, \
         the form of HPKP and curl's --pinnedpubkey (Copy SPKI pin in the details gives it)",
    );
    for problem in app.state.trust.pin_errors() {
        ui.add(egui::Label::new(RichText::new(problem).color(ui.visuals().error_fg_color)).wrap());
    }
}
