//! The source bar: address and Fetch, network options, Open files…, Paste, Recent, Export,
//! theme, and the running job with its Cancel button.

use egui::{RichText, Ui};

use super::command::{Command, CommandQueue};
use super::export::ExportFormat;
use super::forms::{NetForm, RecentSource, ThemeChoice};
use super::job::{JobKind, JobState};

/// The state the source bar edits: the fields it shows.
pub struct SourceBarState<'a> {
    /// The address field.
    pub address: &'a mut String,
    /// The network options.
    pub net: &'a mut NetForm,
    /// Whether the network options are shown.
    pub show_net_options: &'a mut bool,
    /// Ask the address field to take the focus (and select its text); cleared once done.
    pub focus_address: &'a mut bool,
    /// Theme, scale and background of exported diagrams.
    pub export_options: &'a mut super::export::DiagramExportOptions,
}

/// What the source bar shows but does not edit.
pub struct SourceBarView<'a> {
    /// Recently opened sources.
    pub recent: &'a [RecentSource],
    /// The theme in use.
    pub theme: ThemeChoice,
    /// Whether there is an inspection to export.
    pub has_inspection: bool,
    /// Whether the chain on screen was fetched from a server, which Handshakes… can probe
    /// with the address left empty.
    pub from_server: bool,
    /// Whether there is a diagram to copy.
    pub has_scene: bool,
    /// The running load.
    pub load_job: &'a JobState,
    /// The running verification, if one takes longer than a frame: what it verifies, in
    /// words, and since when.
    pub verification: Option<(&'a str, std::time::Instant)>,
    /// The other running jobs (an export, the diagram for the clipboard, trust stores, the
    /// desktop's file dialog): which, what it does in words, and since when.
    pub jobs: Vec<(JobKind, String, std::time::Instant)>,
    /// The last error.
    pub error: Option<&'a str>,
}

/// The address field's id, the same every frame (Ctrl+L selects its text through it).
pub struct AddressId;

impl AddressId {
    /// The egui id.
    pub fn id(&self) -> egui::Id {
        egui::Id::unique("chainlens_address_field")
    }
}

/// The address field.
pub const ADDRESS_ID: AddressId = AddressId;

/// Draws the source bar as the top panel; sends what the user asked for.
pub fn source_bar_ui(
    ui: &mut Ui,
    state: SourceBarState<'_>,
    view: &SourceBarView<'_>,
    commands: &mut CommandQueue,
) {
    egui::Panel::top("source_bar").show(ui, |ui| {
        ui.add_space(4.0);
        ui.horizontal_wrapped(|ui| {
            address_row_ui(
                ui,
                state.address,
                state.show_net_options,
                state.focus_address,
                state.export_options,
                view,
                commands,
            )
        });
        if *state.show_net_options {
            ui.add_space(2.0);
            ui.horizontal_wrapped(|ui| net_options_ui(state.net, ui));
        }
        job_row_ui(ui, view, commands);
        ui.add_space(4.0);
    });
}

fn address_row_ui(
    ui: &mut Ui,
    address: &mut String,
    show_net_options: &mut bool,
    focus_address: &mut bool,
    state_export_options: &mut super::export::DiagramExportOptions,
    view: &SourceBarView<'_>,
    commands: &mut CommandQueue,
) {
    let label = ui.label("Address");
    let edit = egui::TextEdit::singleline(address)
        .id(ADDRESS_ID.id())
        .hint_text("host[:port], https:// URL or file path")
        .desired_width(300.0);
    let output = edit.show(ui);
    let response = output.response.response.clone().labelled_by(label.id);
    if *focus_address {
        // Ctrl+L: the whole address selected, so that typing replaces it.
        response.request_focus();
        let mut text_state = output.state;
        let all = egui::text::CCursorRange::two(
            egui::text::CCursor::new(0),
            egui::text::CCursor::new(address.chars().count()),
        );
        text_state.cursor.set_char_range(Some(all));
        text_state.store(ui.ctx(), response.id);
        *focus_address = false;
    }
    let entered = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    let fetch = ui
        .add_enabled(!address.trim().is_empty(), egui::Button::new("Fetch"))
        .on_hover_text("Fetch the chain from this server, or open this file (Enter)");
    if entered || fetch.clicked() {
        commands.send(Command::OpenItems(vec![address.clone()]));
    }
    if ui
        .add_enabled(
            !address.trim().is_empty() || view.from_server,
            egui::Button::new("Handshakes…"),
        )
        .on_hover_text(
            "Probe this server (or the one the chain was fetched from) and show, per device, \
             whether it can connect",
        )
        .on_disabled_hover_text(
            "Type a server (host[:port] or URL) in Address to see, per device, whether it can \
             connect: a chain from a file has no server to probe",
        )
        .clicked()
    {
        commands.send(Command::ProbeOpen);
    }
    ui.toggle_value(show_net_options, "Options")
        .on_hover_text("Port, SNI, ALPN, timeout, AWS IoT preset");
    ui.separator();
    if ui
        .button("Open files…")
        .on_hover_text("PEM, CRT, CER, DER or P7B; several files are put together (Ctrl+O)")
        .clicked()
    {
        commands.send(Command::PickFiles);
    }
    if ui
        .button("Paste")
        .on_hover_text("Open PEM text from the clipboard (Ctrl+V)")
        .clicked()
    {
        commands.send(Command::Paste);
    }
    #[cfg(feature = "aws")]
    if ui
        .button("AWS IoT…")
        .on_hover_text("Find the account's AWS IoT Core endpoint and fetch its chain")
        .clicked()
    {
        commands.send(Command::OpenAws);
    }
    if ui
        .button("Batch…")
        .on_hover_text("Check many sources at once, one per line")
        .clicked()
    {
        commands.send(Command::OpenBatch);
    }
    ui.menu_button("Recent", |ui| {
        if view.recent.is_empty() {
            ui.label(RichText::new("Nothing opened yet").weak());
        }
        for recent in view.recent {
            let full = recent.items.join("\n");
            if ui.button(&recent.label).on_hover_text(full).clicked() {
                if let [single] = recent.items.as_slice() {
                    *address = single.clone();
                }
                commands.send(Command::OpenItems(recent.items.clone()));
            }
        }
        if !view.recent.is_empty() {
            ui.separator();
            if ui.button("Clear recent").clicked() {
                commands.send(Command::ClearRecent);
            }
        }
    });
    // A plain button in the row's flow (a nested, disabled Ui would take the rest of a wrapped
    // row and push Theme onto a tall line of its own); without a chain its items are disabled.
    // The options stay open while set; a choice closes the menu itself.
    let config = egui::containers::menu::MenuConfig::new()
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside);
    egui::containers::menu::MenuButton::new("Export")
        .config(config)
        .ui(ui, |ui| {
            if !view.has_inspection {
                ui.label(RichText::new("Open a chain first").weak());
            }
            if view.has_scene {
                super::dialogs::diagram_options_ui(ui, state_export_options);
                ui.separator();
            }
            if let Some(command) = export_choices_ui(ui, view.has_scene, view.has_inspection) {
                commands.send(command);
            }
        })
        .0
        .on_hover_text("Save the chain as a report or diagram (Ctrl+S)");
    // In the flow of the row, so that a narrow window wraps it instead of drawing it over
    // Recent and Export.
    ui.separator();
    if let Some(theme) = theme_ui(ui, view.theme) {
        commands.send(Command::SetTheme(theme));
    }
}

/// The export formats as buttons, plus Copy actions; returns what was chosen.
pub fn export_choices_ui(ui: &mut Ui, has_scene: bool, has_inspection: bool) -> Option<Command> {
    let mut chosen = None;
    for &format in ExportFormat::ALL {
        if ui
            .add_enabled(
                has_inspection,
                egui::Button::new(format!("{}…", format.label())),
            )
            .clicked()
        {
            chosen = Some(Command::Export(format));
            ui.close();
        }
    }
    ui.separator();
    if ui
        .add_enabled(has_scene, egui::Button::new("Copy diagram as PNG"))
        .clicked()
    {
        chosen = Some(Command::CopyDiagram);
        ui.close();
    }
    if ui
        .add_enabled(has_inspection, egui::Button::new("Copy text report"))
        .clicked()
    {
        chosen = Some(Command::CopyTextReport);
        ui.close();
    }
    chosen
}

/// The theme box; returns the theme chosen this frame.
fn theme_ui(ui: &mut Ui, current: ThemeChoice) -> Option<ThemeChoice> {
    let mut choice = current;
    let label = ui.label("Theme");
    let combo = egui::ComboBox::from_id_salt("theme")
        .selected_text(choice.label())
        .show_ui(ui, |ui| {
            for option in [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark] {
                ui.selectable_value(&mut choice, option, option.label());
            }
        })
        .response;
    combo.labelled_by(label.id);
    (choice != current).then_some(choice)
}

fn net_options_ui(net: &mut NetForm, ui: &mut Ui) {
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

/// A running job: spinner, what it does with the seconds it has taken, and Cancel. True when
/// Cancel was clicked.
fn running_job_ui(ui: &mut Ui, what: &str, started: std::time::Instant, cancel_hint: &str) -> bool {
    let text = format!("{what}… {:.1} s", started.elapsed().as_secs_f32());
    let cancelled = ui
        .horizontal(|ui| {
            ui.spinner();
            ui.label(text);
            ui.button("Cancel").on_hover_text(cancel_hint).clicked()
        })
        .inner;
    // The elapsed time ticks while the job runs.
    ui.ctx()
        .request_repaint_after(std::time::Duration::from_millis(100));
    cancelled
}

fn job_row_ui(ui: &mut Ui, view: &SourceBarView<'_>, commands: &mut CommandQueue) {
    if let JobState::Running { what, started, .. } = view.load_job
        && running_job_ui(ui, what, *started, "Stop this load (Esc)")
    {
        commands.send(Command::CancelLoad);
    }
    if let Some((what, started)) = view.verification {
        if running_job_ui(
            ui,
            what,
            started,
            "Stop this verification and keep the verdict shown (Esc)",
        ) {
            commands.send(Command::CancelVerification);
        }
    }
    for (kind, what, started) in &view.jobs {
        let (kind, started) = (*kind, *started);
        // Each row its own id: the rows are alike but for their job.
        let cancelled = ui
            .push_id(("job_row", kind), |ui| {
                running_job_ui(ui, what, started, kind.cancel_hint())
            })
            .inner;
        if cancelled {
            commands.send(Command::CancelJob(kind));
        }
    }
    if let Some(error) = view.error {
        let color = ui.visuals().error_fg_color;
        egui::Frame::new()
            .fill(color.gamma_multiply(super::palette::ERROR_FILL_ALPHA))
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
                    if ui.button("Dismiss").clicked() {
                        commands.send(Command::DismissError);
                    }
                });
            });
    }
}
