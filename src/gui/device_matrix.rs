//! The device acceptance matrix: with devices ticked in the trust panel, one row per
//! (device, store) under the store matrix — the device, the store, ACCEPTED or REJECTED in
//! the store matrix's colours, the date the accepted chain breaks on the device's clock,
//! chainlens's code with the stack's own error names, and the path the device used — and,
//! below, the order to serve when a device rejects the order received.
//!
//! Every word comes from `report::device`; this file only lays the rows out. The rows scroll
//! with a visible scroll bar once there are more than fit.

use egui::{Label, RichText, Sense, Ui, Vec2};

use crate::model::{CheckStatus, Inspection};
use crate::report::device::{DeviceRow, device_rows, heading, order_advice, row_reason};

use super::palette::to_color32;

/// Height of one row.
const ROW_HEIGHT: f32 = 19.0;
/// Rows shown before the matrix scrolls.
const VISIBLE_ROWS: usize = 4;
/// Rows shown before it scrolls in a short window, where the diagram needs the room.
const VISIBLE_ROWS_SHORT: usize = 2;
/// Below this height of the window's content, the matrix keeps to the short count.
const SHORT_WINDOW: f32 = 680.0;
/// Widths of the fixed columns: device, store, verdict, breaks.
const COLUMN_WIDTHS: [f32; 4] = [150.0, 150.0, 90.0, 95.0];

/// Draws the device matrix as a top panel when the inspection carries device verdicts.
pub fn device_matrix_ui(ui: &mut Ui, inspection: Option<&Inspection>) {
    let Some(insp) = inspection else {
        return;
    };
    if insp.policy.devices.is_empty() {
        return;
    }
    let rows = device_rows(insp);
    let advice = order_advice(insp);
    let theme = super::palette::scene_theme(ui);
    let visible = if ui.available_height() < SHORT_WINDOW {
        VISIBLE_ROWS_SHORT
    } else {
        VISIBLE_ROWS
    };
    let shown = rows.len().clamp(1, visible);
    let scrolls = rows.len() > shown;
    // The heading, the header, the rows, the advice and a little air: rows are laid out
    // without spacing, so the height is exact and no row shows cut in half.
    let height = ROW_HEIGHT * (shown as f32 + 2.0 + advice.len() as f32) + 8.0;
    let frame = egui::Frame::side_top_panel(ui.style()).inner_margin(egui::Margin::symmetric(8, 2));
    egui::Panel::top("device_matrix")
        .frame(frame)
        .exact_size(height)
        .resizable(false)
        .show(ui, |ui| {
            ui.spacing_mut().item_spacing.y = 0.0;
            // A bar that is always drawn, not egui's floating one that shows on hover only:
            // the rows hidden below must be seen to exist.
            ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
            ui.add_space(2.0);
            let (rect, response) =
                ui.allocate_exact_size(Vec2::new(ui.available_width(), ROW_HEIGHT), Sense::hover());
            let mut title = heading(insp);
            if scrolls {
                title.push_str(&format!(" · {} rows, scroll for more", rows.len()));
            }
            paint_cell(
                ui,
                rect,
                (rect.left(), rect.width()),
                RichText::new(&title).strong(),
            );
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &title));
            if rows.is_empty() {
                ui.label(
                    RichText::new("No trust store chosen: the devices have nothing to trust.")
                        .color(ui.visuals().warn_fg_color),
                );
            } else {
                header_ui(ui);
                let visibility = if scrolls {
                    egui::scroll_area::ScrollBarVisibility::AlwaysVisible
                } else {
                    egui::scroll_area::ScrollBarVisibility::VisibleWhenNeeded
                };
                egui::ScrollArea::vertical()
                    .id_salt("device_matrix_rows")
                    .max_height(ROW_HEIGHT * shown as f32)
                    .min_scrolled_height(ROW_HEIGHT * shown as f32)
                    .auto_shrink([false, true])
                    .scroll_bar_visibility(visibility)
                    .show(ui, |ui| {
                        for row in &rows {
                            row_ui(ui, theme, row);
                        }
                    });
            }
            for line in &advice {
                let warn = ui.visuals().warn_fg_color;
                ui.add(Label::new(RichText::new(format!("Order: {line}")).color(warn)).truncate())
                    .on_hover_text(line);
            }
        });
}

/// Left edges and widths of the columns in a row of `width` starting at `left`.
fn columns(left: f32, width: f32) -> [(f32, f32); 6] {
    let gap = 8.0;
    let [device, store, verdict, breaks] = COLUMN_WIDTHS;
    let fixed = device + store + verdict + breaks + 5.0 * gap;
    let rest = (width - fixed).max(160.0);
    // The reason (with the stack's error names) is the longer text.
    let (reason, path) = (rest * 0.55, rest * 0.45);
    let mut x = left + 4.0;
    let mut out = [(0.0, 0.0); 6];
    for (slot, w) in out
        .iter_mut()
        .zip([device, store, verdict, breaks, reason, path])
    {
        *slot = (x, w);
        x += w + gap;
    }
    out
}

/// Painted, not a widget: the row is the one widget, named after its verdict.
fn paint_cell(ui: &Ui, row: egui::Rect, (x, width): (f32, f32), text: RichText) {
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

fn header_ui(ui: &mut Ui) {
    let (rect, _) =
        ui.allocate_exact_size(Vec2::new(ui.available_width(), ROW_HEIGHT), Sense::hover());
    let titles = [
        "Device",
        "Trust store",
        "Verdict",
        "Breaks",
        "Reason",
        "Path used",
    ];
    for (cell, title) in columns(rect.left(), rect.width()).into_iter().zip(titles) {
        paint_cell(ui, rect, cell, RichText::new(title).strong());
    }
}

/// The name a row carries for screen readers and tests:
/// `mbedtls-2.28 with Amazon Root CA 1: ACCEPTED`.
pub fn row_name(row: &DeviceRow) -> String {
    format!("{} with {}: {}", row.device, row.store, row.verdict)
}

fn row_ui(ui: &mut Ui, theme: crate::diagram::Theme, row: &DeviceRow) {
    let status = if row.trusted {
        CheckStatus::Pass
    } else {
        CheckStatus::Fail
    };
    let color = to_color32(crate::diagram::status_color(status, theme));
    let (rect, response) =
        ui.allocate_exact_size(Vec2::new(ui.available_width(), ROW_HEIGHT), Sense::hover());
    if response.hovered() {
        ui.painter()
            .rect_filled(rect, 3.0, ui.visuals().widgets.hovered.weak_bg_fill);
    }
    let mark = if row.trusted { "✔" } else { "✖" };
    let reason = row_reason(row);
    let reason_color = if row.trusted {
        ui.visuals().text_color()
    } else {
        color
    };
    let [device, store, verdict, breaks, reason_cell, path] = columns(rect.left(), rect.width());
    let cells = [
        (device, RichText::new(&row.device).strong()),
        (store, RichText::new(&row.store)),
        (
            verdict,
            RichText::new(format!("{mark} {}", row.verdict))
                .color(color)
                .strong(),
        ),
        (breaks, RichText::new(&row.breaks)),
        (reason_cell, RichText::new(&reason).color(reason_color)),
        (path, RichText::new(&row.path).weak()),
    ];
    for (cell, text) in cells {
        paint_cell(ui, rect, cell, text);
    }
    let name = row_name(row);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &name));
    response.on_hover_ui(|ui| {
        ui.set_max_width(520.0);
        ui.strong(format!(
            "{} — {} with {} [{}]",
            row.device, row.verdict, row.store, row.code
        ));
        ui.label(format!("Proven against {}", row.proven_against));
        if !row.stack_errors.is_empty() {
            ui.label(format!("The stack's error: {}", row.stack_errors));
        }
        for reason in &row.reasons {
            ui.label(reason);
        }
        ui.label(format!("Path: {}", row.path));
        ui.label(format!("Breaks: {}", row.breaks));
    });
}
