//! The source bar: address and Fetch, network options, Open files…, Paste, Recent, Export,
//! theme, and the running job with its Cancel button.

use egui::{RichText, Ui};

use super::app::{App, ThemeChoice};
use super::export::ExportFormat;
use super::tasks::JobState;

/// Draws the source bar as the top panel.
pub fn source_bar_ui(app: &mut App, ui: &mut Ui) {
    egui::Panel::top("source_bar").show(ui, |ui| {
        ui.add_space(4.0);
        ui.horizontal_wrapped(|ui| address_row_ui(app, ui));
        if app.state.show_net_options {
            ui.add_space(2.0);
            ui.horizontal_wrapped(|ui| net_options_ui(app, ui));
        }
        job_row_ui(app, ui);
        ui.add_space(4.0);
    });
}

fn address_row_ui(app: &mut App, ui: &mut Ui) {
    let ctx = ui.ctx().clone();
    let label = ui.label("Address");
    let edit = egui::TextEdit::singleline(&mut app.state.address)
        .hint_text("host[:port], https:// URL or file path")
        .desired_width(300.0);
    let response = ui.add(edit).labelled_by(label.id);
    if app.session.focus_address {
        response.request_focus();
        app.session.focus_address = false;
    }
    let entered = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    let fetch = ui
        .add_enabled(
            !app.state.address.trim().is_empty(),
            egui::Button::new("Fetch"),
        )
        .on_hover_text("Fetch the chain from this server, or open this file (Enter)");
    if entered || fetch.clicked() {
        let address = app.state.address.clone();
        app.open_items(&ctx, vec![address]);
    }
    ui.toggle_value(&mut app.state.show_net_options, "Options")
        .on_hover_text("Port, SNI, ALPN, timeout, AWS IoT preset");
    ui.separator();
    if ui
        .button("Open files…")
        .on_hover_text("PEM, CRT, CER, DER or P7B; several files are put together (Ctrl+O)")
        .clicked()
    {
        app.pick_certificate_files(&ctx);
    }
    if ui
        .button("Paste")
        .on_hover_text("Open PEM text from the clipboard (Ctrl+V)")
        .clicked()
    {
        app.request_paste(&ctx);
    }
    #[cfg(feature = "aws")]
    if ui
        .button("AWS IoT…")
        .on_hover_text("Find the account's AWS IoT Core endpoint and fetch its chain")
        .clicked()
    {
        app.open_aws_dialog(&ctx);
    }
    if ui
        .button("Batch…")
        .on_hover_text("Check many sources at once, one per line")
        .clicked()
    {
        app.open_batch_view();
    }
    ui.menu_button("Recent", |ui| {
        if app.state.recent.is_empty() {
            ui.label(RichText::new("Nothing opened yet").weak());
        }
        let mut chosen = None;
        for recent in &app.state.recent {
            let full = recent.items.join("\n");
            if ui.button(&recent.label).on_hover_text(full).clicked() {
                chosen = Some(recent.items.clone());
            }
        }
        if !app.state.recent.is_empty() {
            ui.separator();
            if ui.button("Clear recent").clicked() {
                app.state.recent.clear();
            }
        }
        if let Some(items) = chosen {
            if let [single] = items.as_slice() {
                app.state.address = single.clone();
            }
            app.open_items(&ctx, items);
        }
    });
    ui.add_enabled_ui(app.session.inspection.is_some(), |ui| {
        ui.menu_button("Export", |ui| {
            if let Some(format) = export_choices_ui(app, ui) {
                app.start_export(&ctx, format);
            }
        })
        .response
        .on_hover_text("Save the chain as a report or diagram (Ctrl+S)");
    });
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        theme_ui(app, ui);
    });
}

/// The export formats as buttons, plus Copy actions; returns the format to save.
pub fn export_choices_ui(app: &mut App, ui: &mut Ui) -> Option<ExportFormat> {
    let mut chosen = None;
    for &format in ExportFormat::ALL {
        if ui.button(format!("{}…", format.label())).clicked() {
            chosen = Some(format);
            ui.close();
        }
    }
    ui.separator();
    if ui
        .add_enabled(
            app.session.scene.is_some(),
            egui::Button::new("Copy diagram as PNG"),
        )
        .clicked()
    {
        let ctx = ui.ctx().clone();
        app.copy_diagram(&ctx);
        ui.close();
    }
    let text = app
        .session
        .inspection
        .as_ref()
        .map(crate::report::text::inspection_text);
    if ui
        .add_enabled(text.is_some(), egui::Button::new("Copy text report"))
        .clicked()
    {
        if let Some(text) = text {
            ui.ctx().copy_text(text);
            app.session.toast("Copied the text report to the clipboard");
        }
        ui.close();
    }
    chosen
}

fn theme_ui(app: &mut App, ui: &mut Ui) {
    let current = app.state.theme;
    let mut choice = current;
    // Right to left: the box goes first so that its label reads before it.
    let combo = egui::ComboBox::from_id_salt("theme")
        .selected_text(choice.label())
        .show_ui(ui, |ui| {
            for option in [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark] {
                ui.selectable_value(&mut choice, option, option.label());
            }
        })
        .response;
    let label = ui.label("Theme");
    combo.labelled_by(label.id);
    if choice != current {
        app.set_theme(ui.ctx(), choice);
    }
}

fn net_options_ui(app: &mut App, ui: &mut Ui) {
    let net = &mut app.state.net;
    let field = |ui: &mut Ui, name: &str, value: &mut String, hint: &str, width: f32| {
        let label = ui.label(name);
        ui.add(
            egui::TextEdit::singleline(value)
                .hint_text(hint)
                .desired_width(width),
        )
        .labelled_by(label.id);
    };
    field(ui, "Port", &mut net.port, "443", 52.0);
    ui.add_enabled_ui(!net.no_sni, |ui| {
        field(ui, "SNI", &mut net.sni, "the host", 150.0);
    });
    ui.checkbox(&mut net.no_sni, "Send no SNI");
    field(ui, "ALPN", &mut net.alpn, "h2, http/1.1", 130.0);
    field(ui, "Timeout (s)", &mut net.timeout_secs, "10", 40.0);
    field(
        ui,
        "Connect to",
        &mut net.connect_to,
        "HOST1:PORT1:HOST2:PORT2",
        170.0,
    );
    ui.checkbox(&mut net.aws_iot, "AWS IoT (443 + ALPN)")
        .on_hover_text("AWS IoT Core endpoints: port 443 with ALPN x-amzn-mqtt-ca");
    let problems: Vec<String> = [net.port().err(), net.settings().err()]
        .into_iter()
        .flatten()
        .collect();
    for problem in problems {
        ui.colored_label(ui.visuals().error_fg_color, problem);
    }
}

fn job_row_ui(app: &mut App, ui: &mut Ui) {
    if let JobState::Running { what, started, .. } = &app.session.load_job {
        let text = format!("{what}… {:.1} s", started.elapsed().as_secs_f32());
        let mut cancel = false;
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(text);
            cancel = ui
                .button("Cancel")
                .on_hover_text("Stop this load (Esc)")
                .clicked();
        });
        // The elapsed time ticks while the job runs.
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(100));
        if cancel {
            app.cancel_load();
        }
    }
    let mut dismiss = false;
    if let Some(error) = &app.session.error {
        let color = ui.visuals().error_fg_color;
        egui::Frame::new()
            .fill(color.gamma_multiply(0.12))
            .stroke(egui::Stroke::new(1.0, color.gamma_multiply(0.6)))
            .corner_radius(4.0)
            .inner_margin(egui::Margin::symmetric(8, 4))
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.add(
                        egui::Label::new(RichText::new(format!("⚠ {error}")).color(color))
                            .wrap()
                            .selectable(true),
                    );
                    dismiss = ui.button("Dismiss").clicked();
                });
            });
    }
    if dismiss {
        app.session.error = None;
    }
}
