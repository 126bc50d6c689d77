//! The timeline strip under the diagram: a validity bar per certificate, marks for now, the
//! validation time and each store's break date, and a handle that sets the validation time.
//! Dragging the handle (or clicking the axis) asks for a new validation time; the app verifies
//! again at once (one re-verification of the sample takes well under a frame: see
//! benches/reverify.sh).

use egui::{Align2, FontId, Pos2, Rect, Sense, Stroke, Ui, Vec2};
use time::{Duration, OffsetDateTime};

use crate::model::CheckStatus;
use crate::verify::timeline::{TimeState, Timeline};

use super::palette::to_color32;

/// Height of one certificate's bar row.
const ROW_HEIGHT: f32 = 16.0;
/// Room for the axis labels under the bars.
const AXIS_HEIGHT: f32 = 34.0;
/// Width of the label column left of the bars.
const LABEL_WIDTH: f32 = 200.0;
/// Room above the bars, for the "now" label.
const TOP_MARGIN: f32 = 16.0;
/// Most bar rows shown; longer chains keep the strip at this height.
const MAX_ROWS: usize = 6;

/// Time ↔ horizontal position on the strip, as last drawn (tests use it to aim a drag).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeAxis {
    /// Left end of the bars, in points.
    pub left: f32,
    /// Right end of the bars, in points.
    pub right: f32,
    /// The time at `left`.
    pub start: OffsetDateTime,
    /// The time at `right`.
    pub end: OffsetDateTime,
    /// Vertical middle of the handle, in points.
    pub handle_y: f32,
    /// Vertical middle of the knob under the bars, in points.
    pub knob_y: f32,
}

impl TimeAxis {
    /// The position of a time.
    pub fn x_of(&self, t: OffsetDateTime) -> f32 {
        let span = (self.end - self.start).as_seconds_f64().max(1.0);
        let offset = (t - self.start).as_seconds_f64();
        self.left + ((offset / span) as f32) * (self.right - self.left)
    }

    /// The time at a position, at the start of its day (UTC).
    pub fn time_at(&self, x: f32) -> OffsetDateTime {
        let width = (self.right - self.left).max(1.0);
        let fraction = ((x - self.left) / width).clamp(0.0, 1.0) as f64;
        let span = (self.end - self.start).as_seconds_f64();
        let t = self.start + Duration::seconds_f64(span * fraction);
        t.replace_time(time::Time::MIDNIGHT)
    }
}

/// Height of the strip for a timeline.
pub fn strip_height(timeline: &Timeline) -> f32 {
    timeline.certificates.len().clamp(1, MAX_ROWS) as f32 * ROW_HEIGHT
        + AXIS_HEIGHT
        + TOP_MARGIN
        + 6.0
}

/// Draws the strip in `rect`. Returns the validation time the user asked for, if any, and the
/// axis as drawn.
pub fn timeline_ui(
    ui: &mut Ui,
    rect: Rect,
    timeline: &Timeline,
    theme: crate::diagram::Theme,
    now: OffsetDateTime,
) -> (Option<OffsetDateTime>, Option<TimeAxis>) {
    let palette = theme.palette();
    let text = to_color32(palette.text);
    let muted = to_color32(palette.muted);
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, to_color32(palette.box_fill));
    painter.line_segment(
        [rect.left_top(), rect.right_top()],
        Stroke::new(1.0, to_color32(palette.box_stroke)),
    );
    let at = timeline.validation_time;
    let times = timeline
        .certificates
        .iter()
        .flat_map(|c| [c.not_before, c.not_after])
        .chain([now, at]);
    let (Some(lo), Some(hi)) = (times.clone().min(), times.max()) else {
        return (None, None);
    };
    // A little room either side, so the ends of the bars and the handle are never clipped.
    let pad = Duration::seconds_f64(((hi - lo).as_seconds_f64() * 0.02).max(86_400.0));
    let axis = TimeAxis {
        left: rect.left() + LABEL_WIDTH.min(rect.width() * 0.3),
        right: rect.right() - 16.0,
        start: lo - pad,
        end: hi + pad,
        handle_y: rect.top()
            + 6.0
            + (MAX_ROWS.min(timeline.certificates.len().max(1)) as f32) * ROW_HEIGHT / 2.0,
        knob_y: rect.top()
            + TOP_MARGIN
            + (MAX_ROWS.min(timeline.certificates.len().max(1)) as f32) * ROW_HEIGHT
            + 4.0,
    };
    let font = FontId::proportional(11.0);
    let bars_top = rect.top() + TOP_MARGIN;
    for (i, span) in timeline.certificates.iter().take(MAX_ROWS).enumerate() {
        let y = bars_top + i as f32 * ROW_HEIGHT;
        let status = if span.not_after < at || span.not_before > at {
            CheckStatus::Fail
        } else {
            CheckStatus::Pass
        };
        let color = to_color32(crate::diagram::status_color(status, theme));
        painter.text(
            Pos2::new(rect.left() + 8.0, y + ROW_HEIGHT / 2.0),
            Align2::LEFT_CENTER,
            ellipsis(
                &span.label,
                ((axis.left - rect.left() - 12.0) / 6.5).max(4.0) as usize,
            ),
            font.clone(),
            text,
        );
        let bar = Rect::from_min_max(
            Pos2::new(axis.x_of(span.not_before), y + 3.0),
            Pos2::new(
                axis.x_of(span.not_after)
                    .max(axis.x_of(span.not_before) + 2.0),
                y + ROW_HEIGHT - 3.0,
            ),
        );
        painter.rect_filled(bar, 3.0, color.gamma_multiply(0.8));
    }
    let rows = timeline.certificates.len().clamp(1, MAX_ROWS) as f32;
    let bars_bottom = bars_top + rows * ROW_HEIGHT;
    // Year ticks along the axis.
    let axis_y = bars_bottom + 4.0;
    painter.line_segment(
        [Pos2::new(axis.left, axis_y), Pos2::new(axis.right, axis_y)],
        Stroke::new(1.0, muted),
    );
    let (first, last) = (axis.start.year(), axis.end.year());
    // At least 56 points between year labels.
    let years = (last - first).max(1) as f32;
    let step = ((years * 56.0 / (axis.right - axis.left).max(1.0)).ceil() as i32).max(1);
    let mut year = first + 1;
    while year <= last {
        if let Ok(date) = time::Date::from_calendar_date(year, time::Month::January, 1) {
            let x = axis.x_of(date.midnight().assume_utc());
            painter.line_segment(
                [Pos2::new(x, axis_y), Pos2::new(x, axis_y + 4.0)],
                Stroke::new(1.0, muted),
            );
            painter.text(
                Pos2::new(x, axis_y + 5.0),
                Align2::CENTER_TOP,
                year.to_string(),
                font.clone(),
                muted,
            );
        }
        year += step;
    }
    // Break dates: a red tick per store whose chain breaks.
    let fail = to_color32(crate::diagram::status_color(CheckStatus::Fail, theme));
    for store in &timeline.stores {
        if let (Some(t), true) = (store.valid_until, store.state != TimeState::Never) {
            let x = axis.x_of(t);
            painter.line_segment(
                [Pos2::new(x, bars_top), Pos2::new(x, bars_bottom)],
                Stroke::new(1.5, fail),
            );
        }
    }
    // Each device's first break: a short amber tick under the bars, the device named on hover.
    let warn = to_color32(crate::diagram::status_color(CheckStatus::Warn, theme));
    for device in &timeline.devices {
        let x = axis.x_of(device.breaks_at);
        let tick = egui::Rect::from_min_max(
            Pos2::new(x - 3.0, bars_bottom - 6.0),
            Pos2::new(x + 3.0, bars_bottom + 2.0),
        );
        painter.rect_filled(tick, 1.0, warn);
        let id = ui.scope_id().with(("device break", &device.device));
        ui.interact(tick.expand(3.0), id, egui::Sense::hover())
            .on_hover_text(crate::report::device::break_words(device));
    }
    // Now: a dashed grey line.
    let now_x = axis.x_of(now);
    painter.add(egui::Shape::dashed_line(
        &[Pos2::new(now_x, bars_top), Pos2::new(now_x, bars_bottom)],
        Stroke::new(1.0, muted),
        4.0,
        3.0,
    ));
    // "now" above its line, clear of the validation time's label under the axis.
    painter.text(
        Pos2::new(now_x, rect.top() + 2.0),
        Align2::CENTER_TOP,
        "now",
        font.clone(),
        muted,
    );
    // The validation time: a line and a handle to drag.
    let accent = ui.visuals().selection.stroke.color;
    let mut x = axis.x_of(at);
    // The line over the bars and the knob under them: the knob is what a user grabs.
    let handle = Rect::from_center_size(
        Pos2::new(x, axis.handle_y),
        Vec2::new(12.0, rows * ROW_HEIGHT + 6.0),
    )
    .union(Rect::from_center_size(
        Pos2::new(x, axis.knob_y),
        Vec2::new(14.0, 14.0),
    ));
    let axis_area = Rect::from_min_max(
        Pos2::new(axis.left, bars_top),
        Pos2::new(axis.right, axis_y + 4.0),
    );
    let area = ui.interact(
        axis_area,
        ui.make_persistent_id("timeline_axis"),
        Sense::click(),
    );
    let response = ui.interact(
        handle,
        ui.make_persistent_id("timeline_handle"),
        Sense::drag(),
    );
    let label = format!("Validation time {}", crate::verify::human_date(at));
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Slider, true, &label));
    let mut asked = None;
    if response.dragged()
        && let Some(p) = response.interact_pointer_pos()
    {
        x = p.x.clamp(axis.left, axis.right);
        asked = Some(axis.time_at(x));
    }
    if area.clicked()
        && let Some(p) = area.interact_pointer_pos()
    {
        x = p.x;
        asked = Some(axis.time_at(x));
    }
    let response = response.on_hover_cursor(egui::CursorIcon::ResizeHorizontal);
    response
        .on_hover_text("Drag to set the validation time; the chain is verified again as you drag");
    painter.line_segment(
        [
            Pos2::new(x, bars_top - 2.0),
            Pos2::new(x, bars_bottom + 2.0),
        ],
        Stroke::new(2.0, accent),
    );
    painter.rect_filled(
        Rect::from_center_size(Pos2::new(x, axis.knob_y), Vec2::new(10.0, 10.0)),
        2.0,
        accent,
    );
    let shown = asked.unwrap_or(at);
    // Beside the handle, on the side with room.
    let (label_at, align) = if x > (axis.left + axis.right) / 2.0 {
        (Pos2::new(x - 6.0, axis_y + 18.0), Align2::RIGHT_TOP)
    } else {
        (Pos2::new(x + 6.0, axis_y + 18.0), Align2::LEFT_TOP)
    };
    painter.text(
        label_at,
        align,
        if asked.is_none() && (now - at).abs() < Duration::days(1) {
            format!("validated now ({})", crate::verify::human_date(shown))
        } else {
            format!("validated at {}", crate::verify::human_date(shown))
        },
        font,
        if asked.is_some() { accent } else { text },
    );
    (asked, Some(axis))
}

/// `text` cut to `max` characters with an ellipsis.
fn ellipsis(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}
