//! The Batch view: a list of sources (pasted or typed, one per line, as `chainlens batch`
//! reads them) run as one background job, at most [`BATCH_JOBS`] at a time; rows fill in as
//! they complete, and clicking one opens that chain in the main view.

use egui::{Color32, Id, RichText};

use crate::load::Loaded;
use crate::model::Inspection;
use crate::report::batch::{days_until_first_break, leaf};

use super::command::{Command, CommandQueue};
use super::job::JobState;

/// How many rows the window runs at once (the command line's default for --jobs).
pub const BATCH_JOBS: usize = 32;

/// A finished row: what was read and how it was judged.
#[derive(Debug)]
pub struct BatchResult {
    /// The certificates, to open in the main view.
    pub loaded: Loaded,
    /// The inspection under the stores and policy of the moment the batch started.
    pub inspection: Inspection,
}

/// One row of the view.
#[derive(Debug)]
pub struct BatchViewRow {
    /// The source as written.
    pub source: String,
    /// Nothing yet, the result, or why it could not be read.
    pub result: Option<Result<Box<BatchResult>, String>>,
}

/// The view's state (not persisted).
#[derive(Debug, Default)]
pub struct BatchView {
    /// Whether the view is shown.
    pub open: bool,
    /// The list as typed.
    pub list: String,
    /// The rows of the last run, in list order.
    pub rows: Vec<BatchViewRow>,
    /// The running batch.
    pub job: JobState,
    /// Why the last run could not start.
    pub error: Option<String>,
}

impl BatchView {
    /// Rows that have a result.
    pub fn done(&self) -> usize {
        self.rows.iter().filter(|r| r.result.is_some()).count()
    }
}

/// The sources of a list: one per line, without blank lines and `#` comments.
pub fn parse_list(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// `text` cut to `max` characters with "…" in the middle (a path's file name stays).
fn elide(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_string();
    }
    let head = (max - 1) / 2;
    let tail = max - 1 - head;
    let start: String = text.chars().take(head).collect();
    let end: String = text.chars().skip(count - tail).collect();
    format!("{start}…{end}")
}

fn status_text(row: &BatchViewRow, dark: bool) -> RichText {
    let (text, colour) = match &row.result {
        None => ("…", None),
        Some(Ok(r)) if r.inspection.all_trusted() => {
            ("trusted", Some(((40, 140, 60), (120, 220, 130))))
        }
        Some(Ok(_)) => ("not trusted", Some(((180, 20, 20), (255, 130, 120)))),
        Some(Err(_)) => ("error", Some(((150, 90, 0), (255, 190, 90)))),
    };
    let rich = RichText::new(text).strong();
    match colour {
        Some((light, dark_colour)) => {
            let (r, g, b) = if dark { dark_colour } else { light };
            rich.color(Color32::from_rgb(r, g, b))
        }
        None => rich.weak(),
    }
}

/// Draws the view when open; sends what the user asked for. `stores_ready` is false
/// while a chosen store still loads (a batch started then would run without it).
pub fn batch_view_ui(
    view: &mut BatchView,
    stores_ready: bool,
    ctx: &egui::Context,
    commands: &mut CommandQueue,
) {
    if let Some(command) = batch_window_ui(view, stores_ready, ctx) {
        commands.send(command);
    }
}

/// The window itself; at most one command a frame.
fn batch_window_ui(
    view: &mut BatchView,
    stores_ready: bool,
    ctx: &egui::Context,
) -> Option<Command> {
    if !view.open {
        return None;
    }
    let mut command = None;
    let mut open = true;
    let running = view.job.is_running();
    egui::Window::new("Batch")
        .id(Id::unique("batch_view"))
        .open(&mut open)
        .default_pos([210.0, 60.0])
        .default_size([900.0, 560.0])
        .collapsible(false)
        .show(ctx, |ui| {
            ui.label("Sources, one per line: files, host[:port] or URLs, as `chainlens batch` reads them (# comments, blank lines skipped). Each row is verified with the trust stores and policy chosen on the left.");
            let label = ui.label("Sources");
            egui::ScrollArea::vertical()
                .id_salt("batch_list")
                .max_height(120.0)
                .show(ui, |ui| {
                    ui.add_enabled(
                        !running,
                        egui::TextEdit::multiline(&mut view.list)
                            .font(egui::TextStyle::Monospace)
                            .desired_rows(5)
                            .desired_width(f32::INFINITY)
                            .hint_text("example.com\n127.0.0.1:8443\n/etc/ssl/certs/server.pem"),
                    )
                    .labelled_by(label.id);
                });
            ui.horizontal(|ui| {
                let count = parse_list(&view.list).len();
                if ui
                    .add_enabled(
                        !running && count > 0 && stores_ready,
                        egui::Button::new("Run"),
                    )
                    .clicked()
                {
                    command = Some(Command::RunBatch);
                }
                if running {
                    ui.spinner();
                    if ui.button("Cancel").clicked() {
                        command = Some(Command::CancelBatch);
                    }
                }
                if !view.rows.is_empty() {
                    ui.label(format!("{} / {} done", view.done(), view.rows.len()));
                }
            });
            if let Some(error) = &view.error {
                ui.colored_label(ui.visuals().error_fg_color, error);
            }
            ui.separator();
            if view.rows.is_empty() {
                ui.label(RichText::new("No rows yet: type or paste sources above, then Run.").weak());
                return;
            }
            let dark = ui.visuals().dark_mode;
            egui::ScrollArea::both()
                .id_salt("batch_rows")
                .auto_shrink([false, false])
                .min_scrolled_height(220.0)
                .show(ui, |ui| {
                egui::Grid::new("batch_grid")
                    .striped(true)
                    .num_columns(5)
                    .spacing([16.0, 4.0])
                    .show(ui, |ui| {
                        for heading in ["Source", "Verdict", "Days", "Leaf, or the error", "Issuer"] {
                            ui.label(RichText::new(heading).strong());
                        }
                        ui.end_row();
                        for (index, row) in view.rows.iter().enumerate() {
                            let openable = matches!(row.result, Some(Ok(_)));
                            let source = ui
                                .add_enabled(
                                    openable,
                                    egui::Button::new(elide(&row.source, 48)).frame(false),
                                )
                                .on_hover_text(format!("{}: open this chain in the main view", row.source));
                            if source.clicked() {
                                command = Some(Command::OpenBatchRow(index));
                            }
                            ui.label(status_text(row, dark));
                            let (subject, days, issuer, error) = match &row.result {
                                Some(Ok(r)) => {
                                    let leaf = leaf(&r.inspection);
                                    (
                                        leaf.map(|c| c.subject.one_line.clone()).unwrap_or_default(),
                                        days_until_first_break(&r.inspection)
                                            .map(|d| d.to_string())
                                            .unwrap_or_default(),
                                        leaf.map(|c| c.issuer.one_line.clone()).unwrap_or_default(),
                                        String::new(),
                                    )
                                }
                                Some(Err(e)) => (String::new(), String::new(), String::new(), e.clone()),
                                None => Default::default(),
                            };
                            ui.label(days);
                            if error.is_empty() {
                                ui.label(subject);
                            } else {
                                ui.colored_label(ui.visuals().error_fg_color, error);
                            }
                            ui.label(issuer);
                            ui.end_row();
                        }
                    });
            });
        });
    if !open {
        command = Some(Command::CloseBatch);
    }
    command
}
