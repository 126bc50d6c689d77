//! The store matrix: one row per trust store with its verdict, the first date it breaks, the
//! most specific reason and the path taken, side by side. Hovering a row lights its path in
//! the diagram; clicking it keeps it lit and draws that store's paths first. The panel has one
//! height whatever the number of stores or findings, so the next click lands where it aimed.

use egui::{Color32, Label, RichText, Sense, Ui, Vec2};

use crate::model::{CheckName, CheckStatus, Inspection};
use crate::report::matrix::{StoreRow, store_rows};

use super::app::App;
use super::diagram_view::to_color32;

/// Height of one matrix row.
const ROW_HEIGHT: f32 = 19.0;
/// Rows shown before the matrix scrolls.
const VISIBLE_ROWS: usize = 2;
/// Widths of the fixed columns: store, verdict, breaks.
const COLUMN_WIDTHS: [f32; 3] = [170.0, 175.0, 200.0];

/// The failing path-level checks (host name, pin, depth, the second opinion) of a store's
/// best path: what the matrix marks beside the verdict.
fn path_level_failures(insp: &Inspection, store: usize) -> Vec<String> {
    insp.verdicts
        .get(store)
        .and_then(|v| v.paths.first())
        .map(|p| {
            p.checks
                .iter()
                .filter(|c| c.status == CheckStatus::Fail && c.name != CheckName::TrustAnchor)
                .map(|c| format!("{}: {}", c.name.as_str(), c.reason))
                .collect()
        })
        .unwrap_or_default()
}

/// Draws the store matrix as a top panel under the source bar.
pub fn verdict_banner_ui(app: &mut App, ui: &mut Ui) {
    app.session.hover_highlight = None;
    let Some(insp) = &app.session.inspection else {
        return;
    };
    let theme = super::diagram_view::scene_theme(ui);
    let rows = store_rows(insp, &crate::verify::timeline(insp));
    let mut store_index = app.session.store_index;
    let mut highlight = app.session.highlight;
    let mut hovered = None;
    // The header, the rows and a little air: the same whatever is shown.
    let height = ROW_HEIGHT * (VISIBLE_ROWS as f32 + 1.0) + 16.0;
    let frame = egui::Frame::side_top_panel(ui.style()).inner_margin(egui::Margin::symmetric(8, 2));
    egui::Panel::top("verdict_banner")
        .frame(frame)
        .exact_size(height)
        .resizable(false)
        .show(ui, |ui| {
            ui.add_space(2.0);
            if rows.is_empty() {
                ui.label(
                    RichText::new(
                        "No trust store chosen: choose one on the left to get a verdict.",
                    )
                    .color(ui.visuals().warn_fg_color)
                    .strong(),
                );
            } else {
                header_ui(ui);
                egui::ScrollArea::vertical()
                    .id_salt("store_matrix")
                    .max_height(ROW_HEIGHT * VISIBLE_ROWS as f32)
                    .min_scrolled_height(ROW_HEIGHT * VISIBLE_ROWS as f32)
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        for row in &rows {
                            let path_failures = path_level_failures(insp, row.store_index);
                            let lit = highlight.map(|h| h.0) == Some(row.store_index);
                            let profile = insp
                                .verdicts
                                .get(row.store_index)
                                .map_or(insp.policy.profile, |v| v.profile);
                            let response = row_ui(ui, theme, row, &path_failures, lit, profile);
                            if response.hovered() {
                                hovered = Some((row.store_index, 0));
                            }
                            if response.clicked() {
                                store_index = row.store_index;
                                highlight = if lit {
                                    None
                                } else {
                                    Some((row.store_index, 0))
                                };
                            }
                        }
                    });
            }
        });
    app.session.hover_highlight = hovered;
    app.session.highlight = highlight;
    app.session.store_index = store_index;
}

/// Text in a cell of `width` at `x` on a row, cut with an ellipsis when it does not fit.
/// Painted, not a widget: the row is the one widget (a button named after its verdict), so
/// that store names do not appear twice to screen readers and tests.
fn paint_cell(ui: &Ui, row: egui::Rect, x: f32, width: f32, text: RichText) {
    let mut job = egui::text::LayoutJob::default();
    text.append_to(
        &mut job,
        ui.style(),
        egui::FontSelection::Default,
        egui::Align::Center,
    );
    job.wrap = egui::text::TextWrapping {
        max_width: width,
        max_rows: 1,
        break_anywhere: true,
        overflow_character: Some('…'),
    };
    let galley = ui.painter().layout_job(job);
    let y = row.center().y - galley.size().y / 2.0;
    ui.painter().with_clip_rect(row).galley(
        egui::Pos2::new(x, y),
        galley,
        ui.visuals().text_color(),
    );
}

/// Left edges and widths of the columns in a row of `width` starting at `left`.
fn columns(left: f32, width: f32) -> [(f32, f32); 5] {
    let gap = 8.0;
    let [store, verdict, breaks] = COLUMN_WIDTHS;
    let fixed = store + verdict + breaks + 4.0 * gap;
    let rest = ((width - fixed) / 2.0).max(60.0);
    let mut x = left + 4.0;
    let mut out = [(0.0, 0.0); 5];
    for (slot, w) in out.iter_mut().zip([store, verdict, breaks, rest, rest]) {
        *slot = (x, w);
        x += w + gap;
    }
    out
}

fn header_ui(ui: &mut Ui) {
    let (rect, _) =
        ui.allocate_exact_size(Vec2::new(ui.available_width(), ROW_HEIGHT), Sense::hover());
    let titles = ["Trust store", "Verdict", "Breaks", "Reason", "Path taken"];
    for ((x, w), title) in columns(rect.left(), rect.width()).into_iter().zip(titles) {
        paint_cell(ui, rect, x, w, RichText::new(title).strong());
    }
}

/// One store's row; the whole row is one button, named after its verdict.
fn row_ui(
    ui: &mut Ui,
    theme: crate::diagram::Theme,
    row: &StoreRow,
    path_failures: &[String],
    lit: bool,
    profile: crate::model::Profile,
) -> egui::Response {
    let status = if row.trusted {
        CheckStatus::Pass
    } else {
        CheckStatus::Fail
    };
    let color = to_color32(crate::diagram::status_color(status, theme));
    let fail = to_color32(crate::diagram::status_color(CheckStatus::Fail, theme));
    let (rect, response) =
        ui.allocate_exact_size(Vec2::new(ui.available_width(), ROW_HEIGHT), Sense::click());
    if response.hovered() || lit {
        ui.painter()
            .rect_filled(rect, 3.0, ui.visuals().widgets.hovered.weak_bg_fill);
    }
    if lit {
        ui.painter().rect_stroke(
            rect,
            3.0,
            egui::Stroke::new(1.5, ui.visuals().selection.stroke.color),
            egui::StrokeKind::Inside,
        );
    }
    let mark = if row.trusted { "✔" } else { "✖" };
    let mut verdict = format!("{mark} {} ({profile})", row.verdict);
    if !path_failures.is_empty() {
        verdict.push_str(" · path");
    }
    let reason_color = if path_failures.is_empty() && row.trusted {
        ui.visuals().text_color()
    } else {
        fail
    };
    let texts = [
        RichText::new(&row.store).strong(),
        RichText::new(verdict).color(color).strong(),
        RichText::new(&row.breaks),
        RichText::new(&row.reason).color(reason_color),
        RichText::new(&row.path).weak(),
    ];
    for ((x, w), text) in columns(rect.left(), rect.width()).into_iter().zip(texts) {
        paint_cell(ui, rect, x, w, text);
    }
    // Named as the verdict reads: "✔ Trusted by …" / "✖ Not trusted by …".
    let mut name = if row.trusted {
        format!("✔ Trusted by {} ({profile})", row.store)
    } else {
        format!("✖ Not trusted by {} ({profile})", row.store)
    };
    if !path_failures.is_empty() {
        name.push_str(" · a path check fails");
    }
    name.push_str(&format!(": {}", row.reason));
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
    response
        .on_hover_cursor(egui::CursorIcon::PointingHand)
        .on_hover_ui(|ui| {
            ui.set_max_width(520.0);
            ui.strong(format!("{} — {} [{}]", row.store, row.verdict, row.code));
            ui.label(format!(
                "Decided by the {profile} profile: {}",
                profile.description()
            ));
            ui.label(&row.reason);
            for failure in path_failures {
                ui.colored_label(fail, format!("✖ {failure}"));
            }
            ui.label(format!("Path: {}", row.path));
            ui.label(format!("Breaks: {}", row.breaks));
            ui.label(RichText::new("Click to keep this path lit in the diagram").weak());
        })
}

/// The findings about the chain as sent, on one line (every one on hover), so that they
/// never change the height of what shows them (the diagram's toolbar).
pub(super) fn findings_line_ui(
    ui: &mut Ui,
    notes: Vec<String>,
    insp: &Inspection,
    theme: crate::diagram::Theme,
) {
    let findings: Vec<_> = insp
        .findings
        .iter()
        .filter(|f| f.severity != CheckStatus::Pass)
        .collect();
    ui.allocate_ui(Vec2::new(ui.available_width(), ROW_HEIGHT), |ui| {
        if findings.is_empty() && notes.is_empty() {
            ui.label(RichText::new("No findings about the chain as sent").weak());
            return;
        }
        let worst = findings
            .iter()
            .map(|f| f.severity)
            .max()
            .unwrap_or(CheckStatus::Pass);
        let color = if findings.is_empty() {
            Color32::GRAY
        } else {
            to_color32(crate::diagram::status_color(worst, theme))
        };
        let first = findings
            .first()
            .map(|f| f.message.clone())
            .or_else(|| notes.first().cloned())
            .unwrap_or_default();
        let count = findings.len() + notes.len();
        let text = if count > 1 {
            format!("• {first} (+{} more)", count - 1)
        } else {
            format!("• {first}")
        };
        ui.add(Label::new(RichText::new(text).color(color)).truncate())
            .on_hover_ui(|ui| {
                ui.set_max_width(600.0);
                for finding in &findings {
                    ui.label(format!("• {}", finding.message));
                }
                for note in &notes {
                    ui.label(format!("• {note}"));
                }
            });
    });
}
