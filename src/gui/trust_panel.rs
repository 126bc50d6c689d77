//! Trust stores and policy: which stores, when, for which host and which use. Any change
//! verifies the loaded chain again on the next frame.
//!
//! The panel edits the [`TrustForm`] in place, as egui widgets do; whatever reaches beyond the
//! form (a file dialog, a toast, the running job) is a [`Command`] that `App` applies.

use egui::{RichText, Ui};

use super::command::{Command, CommandQueue};
use super::job::JobState;
use super::tasks::StoreKey;
use super::trust_form::{TimeMode, TrustForm};
use crate::model::{BuiltinStore, Inspection, Profile, Purpose, StoreChoice};

/// What the trust panel shows besides the form it edits.
pub struct TrustView<'a> {
    /// Stores being loaded by a job (a spinner beside their box).
    pub stores_loading: &'a [StoreKey],
    /// Why a chosen store could not be loaded.
    pub store_errors: &'a [String],
    /// How each loaded trust file was read, in words (shown under its row).
    pub store_notes: &'a std::collections::HashMap<std::path::PathBuf, Vec<String>>,
    /// The verdict on screen, if any: its validation time and the expired-leaf hint.
    pub inspection: Option<&'a Inspection>,
    /// The host name the source was fetched from, the default expected host.
    pub fetched_host: Option<&'a str>,
    /// The revocation / AIA job.
    pub online_job: &'a JobState,
}

/// Draws the trust and policy panel on the left: edits `trust` in place and sends what else
/// was asked for.
pub fn trust_panel_ui(
    ui: &mut Ui,
    trust: &mut TrustForm,
    view: &TrustView<'_>,
    commands: &mut CommandQueue,
) {
    egui::Panel::left("trust_panel")
        .resizable(true)
        .default_size(200.0)
        .min_size(180.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                ui.add_space(6.0);
                policy_in_use_ui(ui, trust, commands);
                expired_hint_ui(ui, view, commands);
                super::purpose_note::purpose_note_ui(ui, view.inspection);
                ui.add_space(6.0);
                stores_ui(ui, trust, view, commands);
                ui.add_space(10.0);
                time_ui(ui, trust, view);
                ui.add_space(10.0);
                host_ui(ui, trust, view);
                ui.add_space(10.0);
                purpose_ui(ui, trust);
                ui.add_space(10.0);
                profile_ui(ui, trust);
                ui.add_space(10.0);
                super::device_picker::device_picker_ui(ui, &mut trust.devices);
                ui.add_space(10.0);
                revocation_ui(ui, trust, view, commands);
                pins_ui(ui, trust);
                ui.add_space(10.0);
                certificate_policies_ui(ui, trust);
            });
        });
}

fn stores_ui(
    ui: &mut Ui,
    trust: &mut TrustForm,
    view: &TrustView<'_>,
    commands: &mut CommandQueue,
) {
    ui.strong("Trust stores");
    let system_loading = view
        .stores_loading
        .contains(&StoreChoice::Builtin(BuiltinStore::System));
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
    // Above the files it adds, so that adding one moves no control under the pointer.
    if ui
        .button("Add trust file…")
        .on_hover_text("Trust the certificates of a PEM, DER or PKCS#7 file")
        .clicked()
    {
        commands.send(Command::AddBundle);
    }
    let mut toggled = None;
    for (i, path) in trust.bundles.iter().enumerate() {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        ui.horizontal(|ui| {
            let remove = ui
                .small_button("Remove")
                .on_hover_text(format!("Stop trusting {name}"));
            if remove.clicked() {
                commands.send(Command::RemoveBundle(i));
            }
            // A tick box as the built-in stores have. Long file names are cut, not allowed
            // to widen the panel.
            let room = ui.available_width()
                - ui.spacing().icon_width
                - ui.spacing().icon_spacing
                - ui.spacing().item_spacing.x;
            let shown = cut_to_width(ui, &name, room);
            let mut on = !trust.bundles_off.contains(path);
            if ui
                .checkbox(&mut on, shown)
                .on_hover_text(path.display().to_string())
                .changed()
            {
                toggled = Some((path.clone(), on));
            }
        });
        if let Some(notes) = view.store_notes.get(path) {
            store_notes_ui(ui, &name, notes);
        }
    }
    if let Some((path, on)) = toggled {
        if on {
            trust.bundles_off.retain(|p| *p != path);
        } else {
            trust.bundles_off.push(path);
        }
    }
    if trust.store_keys().is_empty() {
        ui.label(
            RichText::new("No store chosen: nothing can be trusted.")
                .color(ui.visuals().warn_fg_color),
        );
    }
    for error in view.store_errors {
        ui.add(egui::Label::new(RichText::new(error).color(ui.visuals().error_fg_color)).wrap());
    }
    if !view.store_errors.is_empty() && ui.small_button("Dismiss").clicked() {
        commands.send(Command::DismissStoreErrors);
    }
}

/// How a trust file was read, under its row: the first note on one small line (with the
/// count of the others), every note in full on hover.
fn store_notes_ui(ui: &mut Ui, name: &str, notes: &[String]) {
    let Some(first) = notes.first() else {
        return;
    };
    let line = match notes.len() {
        1 => first.clone(),
        n => format!("{first} (+{} more)", n - 1),
    };
    ui.horizontal(|ui| {
        // Indented under the file's name, past its Remove button.
        ui.add_space(ui.spacing().indent);
        // Two rows at most, so that a long note never pushes the panel's controls far down.
        let mut job = egui::text::LayoutJob::default();
        RichText::new(line).small().weak().append_to(
            &mut job,
            ui.style(),
            egui::FontSelection::Default,
            egui::Align::Min,
        );
        job.wrap = egui::text::TextWrapping {
            max_width: ui.available_width(),
            max_rows: 2,
            break_anywhere: false,
            overflow_character: Some('…'),
        };
        // Laid out here, at the room the row has: a label would lay a job out again in the
        // row's own (unwrapped) mode and widen the panel.
        let galley = ui.painter().layout_job(job);
        ui.add(egui::Label::new(galley)).on_hover_ui(|ui| {
            ui.strong(format!("How {name} was read"));
            for note in notes {
                ui.label(format!("• {note}"));
            }
        });
    });
}

/// How long typing pauses before the typed date is verified (Enter and leaving the field
/// verify at once).
const DATE_PAUSE_SECS: f64 = 0.8;

/// The date field's text while it is being typed, apart from the form: the form (and so the
/// verification) takes it on Enter, on blur or after a pause, never on each key.
#[derive(Clone, Debug, Default)]
struct DateDraft {
    /// What the field shows.
    text: String,
    /// The form's text when the draft last matched it; a change there (a "Check at" button, a
    /// click on the timeline, Reset policy) replaces the draft.
    synced: String,
    /// When the draft was last edited and not yet taken, in egui's input time.
    edited_at: Option<f64>,
}

fn time_ui(ui: &mut Ui, trust: &mut TrustForm, view: &TrustView<'_>) {
    ui.strong("Validation time");
    ui.radio_value(&mut trust.time_mode, TimeMode::Now, "Now");
    ui.radio_value(&mut trust.time_mode, TimeMode::At, "At a date");
    let label = ui.label("Date and time (UTC)");
    // Fixed ids: panels above this field grow and shrink while the date is typed (the hint,
    // the policy line), and an id from the layout would move and drop the focus.
    let field_id = egui::Id::unique("validation_time_field");
    let draft_id = egui::Id::unique("validation_time_draft");
    let mut draft: DateDraft = ui.data(|d| d.get_temp(draft_id)).unwrap_or_default();
    let focused = ui.memory(|m| m.has_focus(field_id));
    if draft.synced != trust.time_text && !focused {
        draft.text = trust.time_text.clone();
        draft.synced = trust.time_text.clone();
        draft.edited_at = None;
    }
    let now = ui.input(|i| i.time);
    let mut take = false;
    let response = ui
        .horizontal(|ui| {
            let picker = ui.button("Pick…").on_hover_text("Pick a date");
            if let Some(date) = date_picker_ui(ui, &picker, &draft.text, view) {
                draft.text = date;
                take = true;
            }
            ui.add(
                egui::TextEdit::singleline(&mut draft.text)
                    .id(field_id)
                    .hint_text(RichText::new("e.g. 2023-01-01").italics())
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id)
        })
        .inner;
    if response.changed() {
        // Typing a date means the user wants that date.
        trust.time_mode = TimeMode::At;
        draft.edited_at = Some(now);
    }
    let entered = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    if let Some(at) = draft.edited_at {
        let paused = now - at >= DATE_PAUSE_SECS;
        if entered || response.lost_focus() || paused {
            take = true;
        } else {
            // Frames until the pause is over, as an animation runs: a bounded wait, and the
            // one way that the pause ends without another event.
            ui.ctx().request_repaint();
        }
    }
    if take {
        trust.time_mode = TimeMode::At;
        trust.time_text = draft.text.clone();
        draft.synced = draft.text.clone();
        draft.edited_at = None;
    }
    let typing = draft.edited_at.is_some();
    ui.data_mut(|d| d.insert_temp(draft_id, draft));
    if trust.time_mode == TimeMode::At && trust.time_text.trim().is_empty() {
        // Nothing typed yet is not an error.
        ui.label(RichText::new("Type a date or pick one; Enter checks it.").weak());
        return;
    }
    if typing {
        return;
    }
    if let Err(problem) = trust.fixed_time() {
        ui.add(egui::Label::new(RichText::new(problem).color(ui.visuals().error_fg_color)).wrap());
        if let Some(insp) = view.inspection {
            // The verdict on screen is not of this date: say so, and of which it is.
            ui.add(
                egui::Label::new(
                    RichText::new(stale_sentence(insp.policy.time))
                        .color(ui.visuals().warn_fg_color),
                )
                .wrap(),
            );
        }
    }
}

/// A month calendar under the date button; the day clicked, as `YYYY-MM-DD`.
fn date_picker_ui(
    ui: &mut Ui,
    button: &egui::Response,
    typed: &str,
    view: &TrustView<'_>,
) -> Option<String> {
    use time::{Date, Month};
    let month_id = egui::Id::unique("validation_time_picker_month");
    let shown: Option<(i32, u8)> = ui.data(|d| d.get_temp(month_id));
    let (mut year, mut month) = shown.unwrap_or_else(|| {
        // The typed date, else the date of the verdict on screen.
        let base = super::trust_form::parse_time(typed)
            .ok()
            .or_else(|| view.inspection.map(|i| i.policy.time))
            .unwrap_or_else(time::OffsetDateTime::now_utc);
        (base.year(), u8::from(base.month()))
    });
    if button.clicked() {
        let base = super::trust_form::parse_time(typed)
            .ok()
            .or_else(|| view.inspection.map(|i| i.policy.time))
            .unwrap_or_else(time::OffsetDateTime::now_utc);
        year = base.year();
        month = u8::from(base.month());
    }
    let mut picked = None;
    egui::Popup::from_toggle_button_response(button)
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
        .show(|ui| {
            ui.horizontal(|ui| {
                if ui
                    .small_button("◀")
                    .on_hover_text("Previous month")
                    .clicked()
                {
                    (year, month) = if month == 1 {
                        (year - 1, 12)
                    } else {
                        (year, month - 1)
                    };
                }
                let name =
                    Month::try_from(month).map_or_else(|_| "?".to_string(), |m| m.to_string());
                ui.label(RichText::new(format!("{name} {year}")).strong());
                if ui.small_button("▶").on_hover_text("Next month").clicked() {
                    (year, month) = if month == 12 {
                        (year + 1, 1)
                    } else {
                        (year, month + 1)
                    };
                }
                if ui
                    .small_button("−1 y")
                    .on_hover_text("A year earlier")
                    .clicked()
                {
                    year -= 1;
                }
                if ui
                    .small_button("+1 y")
                    .on_hover_text("A year later")
                    .clicked()
                {
                    year += 1;
                }
            });
            let Ok(m) = Month::try_from(month) else {
                return;
            };
            let Ok(first) = Date::from_calendar_date(year, m, 1) else {
                return;
            };
            let lead = first.weekday().number_days_from_monday();
            let days = time::util::days_in_month(m, year);
            egui::Grid::new("validation_time_picker_days").show(ui, |ui| {
                for name in ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"] {
                    ui.label(RichText::new(name).weak());
                }
                ui.end_row();
                for _ in 0..lead {
                    ui.label("");
                }
                for day in 1..=days {
                    if ui.small_button(format!("{day:>2}")).clicked() {
                        picked = Some(format!("{year:04}-{month:02}-{day:02}"));
                    }
                    if (lead + day) % 7 == 0 {
                        ui.end_row();
                    }
                }
            });
        });
    ui.data_mut(|d| d.insert_temp(month_id, (year, month)));
    if picked.is_some() {
        egui::Popup::close_all(ui.ctx());
    }
    picked
}

/// What the panel says while the typed date cannot be read: the verdict shown is stale.
pub fn stale_sentence(verified_at: time::OffsetDateTime) -> String {
    format!(
        "Stale: the verdict shown is still the one at {}, until the date reads.",
        crate::verify::human_date(verified_at)
    )
}

/// The policy the verdict was decided under, in one line, with a reset to the defaults: the
/// settings remembered from the last run are visible at once.
fn policy_in_use_ui(ui: &mut Ui, trust: &TrustForm, commands: &mut CommandQueue) {
    let line = policy_line(trust);
    egui::Frame::new()
        .fill(ui.visuals().faint_bg_color)
        .corner_radius(4.0)
        .inner_margin(egui::Margin::symmetric(6, 4))
        .show(ui, |ui| {
            ui.add(egui::Label::new(line).wrap());
            let changed = *trust != TrustForm::default();
            if ui
                .add_enabled(changed, egui::Button::new("Reset policy").small())
                .on_hover_text("Validate now, for the fetched host, with the default stores")
                .on_disabled_hover_text("The policy is the default one")
                .clicked()
            {
                commands.send(Command::ResetPolicy);
            }
        });
}

/// "At 2019-10-06 · host example.com · AWS IoT device roots, Mozilla roots".
pub fn policy_line(trust: &TrustForm) -> String {
    let when = match trust.time_mode {
        TimeMode::Now => "Checking now".to_string(),
        TimeMode::At if trust.time_text.trim().is_empty() => "Checking now".to_string(),
        TimeMode::At => format!("Checking at {}", trust.time_text.trim()),
    };
    let host = match trust.host.trim() {
        "" => "host from the source".to_string(),
        host => format!("host {host}"),
    };
    let stores: Vec<String> = trust
        .store_keys()
        .iter()
        .map(|k| match k {
            StoreChoice::Builtin(BuiltinStore::AwsIot) => "AWS IoT roots".to_string(),
            StoreChoice::Builtin(BuiltinStore::AwsIotLegacy) => "AWS IoT legacy".to_string(),
            StoreChoice::Builtin(BuiltinStore::AwsIotDeviceSdk) => "AWS IoT Device SDK".to_string(),
            StoreChoice::Builtin(BuiltinStore::Mozilla) => "Mozilla".to_string(),
            StoreChoice::Builtin(BuiltinStore::System) => "system".to_string(),
            StoreChoice::File(path) => {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| path.display().to_string());
                // One long word would widen the panel: cut it.
                if name.chars().count() > 24 {
                    format!("{}…", name.chars().take(23).collect::<String>())
                } else {
                    name
                }
            }
            #[allow(unreachable_patterns)]
            _ => "another store".to_string(),
        })
        .collect();
    let stores = if stores.is_empty() {
        "no store".to_string()
    } else {
        stores.join(", ")
    };
    let devices = match trust.devices.ticked.len() {
        0 => String::new(),
        1 => " · 1 device".to_string(),
        n => format!(" · {n} devices"),
    };
    format!("{when} · {host} · {stores}{devices}")
}

/// When the leaf has expired at the validation time: when it was, and one click to look at it
/// then (the sample, a capture from 2022, expired in 2023).
fn expired_hint_ui(ui: &mut Ui, view: &TrustView<'_>, commands: &mut CommandQueue) {
    let Some(insp) = view.inspection else {
        return;
    };
    let Some(hint) = expired_hint(insp) else {
        return;
    };
    egui::Frame::new()
        .stroke(egui::Stroke::new(1.0, ui.visuals().warn_fg_color))
        .corner_radius(4.0)
        .inner_margin(egui::Margin::symmetric(6, 4))
        .show(ui, |ui| {
            ui.add(egui::Label::new(hint.sentence.as_str()).wrap());
            if ui
                .button(format!("Check at {}", hint.date))
                .on_hover_text("Set the validation time to this date")
                .clicked()
            {
                commands.send(Command::CheckAt(hint.date.clone()));
            }
        });
}

/// Why a chain looks red only because of the date, and when it was valid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpiredHint {
    /// The sentence.
    pub sentence: String,
    /// A date (`YYYY-MM-DD`) at which every certificate of the chain is valid.
    pub date: String,
}

/// The hint for an inspection whose leaf expired before its validation time, when its chain
/// was valid at some date.
pub fn expired_hint(insp: &crate::model::Inspection) -> Option<ExpiredHint> {
    use crate::verify::human_date;
    let group = insp.groups.first()?;
    let leaf = insp.cert(*group.certificates.first()?)?;
    if leaf.validity.not_after >= insp.policy.time {
        return None;
    }
    let certs: Vec<&crate::model::Certificate> = group
        .certificates
        .iter()
        .filter_map(|&id| insp.cert(id))
        .collect();
    let from = certs.iter().map(|c| c.validity.not_before).max()?;
    let until = certs.iter().map(|c| c.validity.not_after).min()?;
    if from >= until {
        return None;
    }
    let date = human_date(from + (until - from) / 2);
    let sentence = if insp.source.kind == crate::model::SourceKind::Sample {
        format!(
            "This capture from {} expired on {}, before the validation time. See it while it \
             was valid.",
            leaf.validity.not_before.year(),
            human_date(leaf.validity.not_after)
        )
    } else {
        format!(
            "The leaf expired on {}. See the chain while it was valid.",
            human_date(leaf.validity.not_after)
        )
    };
    Some(ExpiredHint { sentence, date })
}

fn host_ui(ui: &mut Ui, trust: &mut TrustForm, view: &TrustView<'_>) {
    ui.strong("Host name");
    let hint = view
        .fetched_host
        .map(|h| format!("{h} (fetched)"))
        .unwrap_or_else(|| "not checked".to_string());
    let label = ui.label("Expected host name or IP");
    ui.add(
        egui::TextEdit::singleline(&mut trust.host)
            .hint_text(hint)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
}

fn purpose_ui(ui: &mut Ui, trust: &mut TrustForm) {
    ui.strong("Purpose");
    let usage = &mut trust.usage;
    ui.radio_value(usage, Purpose::Server, "TLS server")
        .on_hover_text("The leaf authenticates a server (id-kp-serverAuth)");
    ui.radio_value(usage, Purpose::Client, "TLS client")
        .on_hover_text("The leaf authenticates a client, such as a device (id-kp-clientAuth)");
}

fn profile_ui(ui: &mut Ui, trust: &mut TrustForm) {
    ui.strong("Validation profile");
    let profile = &mut trust.profile;
    ui.radio_value(profile, Profile::WebPki, "Web PKI")
        .on_hover_text(
            "The CA/Browser Forum rules, as browsers decide: EKU required, the CN copies a SAN, \
             no CA certificate as the leaf, RSA of at least 2048 bits, no SHA-1",
        );
    ui.radio_value(profile, Profile::Rfc5280, "RFC 5280")
        .on_hover_text(
            "RFC 5280 §6 path validation, the standard itself; the Web PKI's extra rules are \
             shown as warnings. What a device's TLS stack decides is a device profile's answer",
        );
}

/// Certificate policies (RFC 5280 §6.1.1 inputs): the acceptable policy OIDs and the three
/// initial switches. A change verifies again, as every control of the panel does.
fn certificate_policies_ui(ui: &mut Ui, trust: &mut TrustForm) {
    ui.strong("Certificate policies");
    let label = ui.label("Policy OIDs (one per line or comma-separated)");
    ui.add(
        egui::TextEdit::multiline(&mut trust.policies_text)
            .hint_text("2.5.29.32.0 (anyPolicy)")
            .desired_rows(1)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id)
    .on_hover_text(
        "The policies the path must be valid for (the user-initial-policy-set); \
         2.5.29.32.0, anyPolicy, accepts any",
    );
    if let Err(problem) = trust.policy_inputs() {
        ui.add(egui::Label::new(RichText::new(problem).color(ui.visuals().error_fg_color)).wrap());
    }
    ui.checkbox(
        &mut trust.require_explicit_policy,
        "Require explicit policy",
    )
    .on_hover_text("The path must be valid for one of these policies");
    ui.checkbox(&mut trust.inhibit_policy_mapping, "Inhibit policy mapping")
        .on_hover_text("Do not follow the policy mappings of the CAs");
    ui.checkbox(&mut trust.inhibit_any_policy, "Inhibit anyPolicy")
        .on_hover_text("Do not take anyPolicy in a certificate as every policy");
}

/// Revocation and missing issuers: the toggles, the CRL files, and the running job.
fn revocation_ui(
    ui: &mut Ui,
    trust: &mut TrustForm,
    view: &TrustView<'_>,
    commands: &mut CommandQueue,
) {
    ui.strong("Revocation and issuers");
    ui.checkbox(&mut trust.check_revocation, "Check revocation")
        .on_hover_text("Download each certificate's CRLs and ask its OCSP responder");
    ui.checkbox(&mut trust.fetch_issuers, "Fetch missing issuers")
        .on_hover_text("Download a missing intermediate from its AIA caIssuers URL");
    for (i, path) in trust.crls.iter().enumerate() {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        ui.horizontal(|ui| {
            ui.label(format!("• {name}"))
                .on_hover_text(path.display().to_string());
            if ui
                .small_button("Remove")
                .on_hover_text(format!("Stop using the CRL {name}"))
                .clicked()
            {
                commands.send(Command::RemoveCrl(i));
            }
        });
    }
    if ui
        .button("Add CRL…")
        .on_hover_text("Check revocation against a CRL file (PEM or DER)")
        .clicked()
    {
        commands.send(Command::AddCrl);
    }
    if let JobState::Running { what, started, .. } = view.online_job {
        let text = format!("{what}… {} s", started.elapsed().as_secs());
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(text);
        });
        if ui.button("Cancel").clicked() {
            commands.send(Command::CancelOnline);
        }
        // The elapsed seconds tick while the job runs.
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(250));
    } else if !trust.check_revocation && trust.crls.is_empty() {
        ui.label(RichText::new("Revocation: not checked").weak());
    }
}

fn pins_ui(ui: &mut Ui, trust: &mut TrustForm) {
    ui.strong("Pins");
    let label = ui.label("SPKI pins (sha256/…)");
    ui.add(
        egui::TextEdit::multiline(&mut trust.pins_text)
            .hint_text("none: any key")
            .desired_rows(2)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id)
    .on_hover_text(
        "Trust a path only if one of its certificates has one of these keys: sha256/BASE64, \
         the form of HPKP and curl's --pinnedpubkey (Copy SPKI pin in the details gives it)",
    );
    for problem in trust.pin_errors() {
        ui.add(egui::Label::new(RichText::new(problem).color(ui.visuals().error_fg_color)).wrap());
    }
}

/// `text` cut with `…` to `width` points in the body font: a checkbox label cannot truncate
/// itself, and a long file name must not widen the panel.
fn cut_to_width(ui: &Ui, text: &str, width: f32) -> String {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let color = ui.visuals().text_color();
    let fits = |t: &str| {
        ui.painter()
            .layout_no_wrap(t.to_string(), font.clone(), color)
            .size()
            .x
            <= width
    };
    if fits(text) {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    for keep in (1..chars.len()).rev() {
        let cut: String = chars
            .iter()
            .take(keep)
            .chain(std::iter::once(&'…'))
            .collect();
        if fits(&cut) {
            return cut;
        }
    }
    "…".to_string()
}
