//! Paints the diagram [`Scene`] (the one the SVG/PNG exporters draw) with pan, zoom, hover
//! tooltips and selection. Positions come from the scene only; this file maps scene units to
//! the screen and nothing more.

use egui::{
    Align2, Color32, CornerRadius, FontId, Pos2, Rect, Response, Sense, Shape, Stroke, StrokeKind,
    Ui, Vec2,
};

use crate::diagram::scene::{self, Badge, CertBox, Edge, Scene};
use crate::model::{CertId, CheckStatus, Inspection};

use super::command::{Command, CommandQueue};
use super::palette::{scene_theme, to_color32};

/// Smallest and largest zoom factors.
const ZOOM_RANGE: (f32, f32) = (0.25, 4.0);
/// Largest zoom "Fit" picks: bigger than this, text looks bloated.
const FIT_MAX_ZOOM: f32 = 1.4;
/// Smallest zoom "Fit" picks: below this, box text is too small to read, so a large diagram
/// is panned instead of shrunk. Box text is 13 units and more, so about 6 points here.
pub const FIT_MIN_ZOOM: f32 = 0.45;
/// Padding around a fitted diagram, in points.
const FIT_PADDING: f32 = 12.0;
/// How far from an edge's line the pointer still hovers it, in scene units.
const EDGE_TOLERANCE: f32 = 10.0;

/// The font family the diagram is drawn with: the font the SVG/PNG exports embed, so the
/// window and the exports fit text into boxes the same way.
pub const DIAGRAM_FAMILY: &str = "diagram";
/// DejaVu Sans, bundled in `assets/fonts` (Bitstream Vera licence).
static DIAGRAM_FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// Installs the diagram font, and adds it as a fallback to egui's fonts, whose Latin-only
/// faces lack symbols such as → ✔ ✖ ● that the diagram and the verdicts use.
pub fn install_fonts(ctx: &egui::Context) {
    use egui::{FontData, FontDefinitions, FontFamily};
    let name = "DejaVuSans".to_string();
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        name.clone(),
        std::sync::Arc::new(FontData::from_static(DIAGRAM_FONT)),
    );
    let proportional = fonts
        .families
        .get(&FontFamily::Proportional)
        .cloned()
        .unwrap_or_default();
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts.families.entry(family).or_default().push(name.clone());
    }
    let mut diagram = vec![name];
    diagram.extend(proportional);
    fonts
        .families
        .insert(FontFamily::Name(DIAGRAM_FAMILY.into()), diagram);
    ctx.set_fonts(fonts);
}

fn diagram_font(size: f32) -> FontId {
    FontId::new(size, egui::FontFamily::Name(DIAGRAM_FAMILY.into()))
}

/// Scene units → screen: `screen = canvas.min + pan + scene * zoom`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ViewTransform {
    /// Offset of the scene origin from the canvas corner, in points.
    pub pan: Vec2,
    /// Points per scene unit.
    pub zoom: f32,
    /// Keep the diagram fitted to the canvas until the user pans or zooms.
    pub auto_fit: bool,
    /// The canvas the diagram was last painted in, in points (tests map boxes to the screen
    /// with it).
    pub canvas: Rect,
    /// The canvas size and graph size of the last fit: when either changes (the window is
    /// resized, another store adds boxes), the diagram is fitted again even after a pan.
    fitted_for: Option<(Vec2, Vec2)>,
    /// A newly opened chain waits for its first fit: when that fit cannot show the whole
    /// graph, the details panel folds to give it the room, as the Fit button does.
    opened: bool,
}

impl Default for ViewTransform {
    fn default() -> Self {
        Self {
            pan: Vec2::ZERO,
            zoom: 1.0,
            auto_fit: true,
            canvas: Rect::NOTHING,
            fitted_for: None,
            opened: false,
        }
    }
}

impl ViewTransform {
    /// Fits again on the next frame (a new chain, the Fit button).
    pub fn request_fit(&mut self) {
        self.auto_fit = true;
    }

    /// Fits a newly opened chain on the next frame; if even the floor zoom cannot show all
    /// of it, the details panel folds (a small window), so the whole chain shows on load.
    pub fn request_fit_on_open(&mut self) {
        self.auto_fit = true;
        self.opened = true;
    }

    /// A scene point on the screen.
    pub fn to_screen(&self, canvas: Rect, p: scene::Point) -> Pos2 {
        canvas.min + self.pan + Vec2::new(p.x, p.y) * self.zoom
    }

    /// A screen point in scene units.
    pub fn to_scene(&self, canvas: Rect, p: Pos2) -> scene::Point {
        let v = (p - canvas.min - self.pan) / self.zoom;
        scene::Point { x: v.x, y: v.y }
    }

    /// A scene rectangle on the screen.
    pub fn rect_to_screen(&self, canvas: Rect, r: scene::Rect) -> Rect {
        Rect::from_min_size(
            self.to_screen(canvas, scene::Point { x: r.x, y: r.y }),
            Vec2::new(r.w, r.h) * self.zoom,
        )
    }

    /// Centres the diagram (boxes, edges, legend: not the caption, which the store matrix
    /// shows) at the largest zoom that shows all of it, but never below [`FIT_MIN_ZOOM`]: on a
    /// small canvas the diagram starts at the leaf and the user pans.
    /// Returns whether the whole graph is shown (false when the floor stopped the zoom).
    pub fn fit(&mut self, canvas: Rect, scene: &Scene) -> bool {
        let graph = scene.graph;
        self.fitted_for = Some((canvas.size(), Vec2::new(graph.w, graph.h)));
        let room = (canvas.size() - Vec2::splat(2.0 * FIT_PADDING)).max(Vec2::splat(1.0));
        let whole = (room.x / graph.w.max(1.0)).min(room.y / graph.h.max(1.0));
        let zoom = whole.clamp(FIT_MIN_ZOOM, FIT_MAX_ZOOM);
        self.zoom = zoom;
        let size = Vec2::new(graph.w, graph.h) * zoom;
        // Centred across when it fits, else from the left (the leaf); a third of the free
        // room above, which reads better than the middle.
        let free = canvas.size() - size;
        self.pan = Vec2::new(
            if free.x > 0.0 { free.x / 2.0 } else { 0.0 },
            if free.y > 0.0 { free.y / 3.0 } else { 0.0 },
        ) - Vec2::new(graph.x, graph.y) * zoom;
        whole >= FIT_MIN_ZOOM
    }

    /// Zooms by `factor`, keeping the scene point under `anchor` in place.
    pub fn zoom_at(&mut self, canvas: Rect, anchor: Pos2, factor: f32) {
        let before = self.to_scene(canvas, anchor);
        self.zoom = (self.zoom * factor).clamp(ZOOM_RANGE.0, ZOOM_RANGE.1);
        self.pan = anchor - canvas.min - Vec2::new(before.x, before.y) * self.zoom;
        self.auto_fit = false;
    }
}

/// What the diagram panel shows but does not edit.
pub struct DiagramPanelView<'a> {
    /// The scene to draw; `None` draws the empty state.
    pub scene: Option<&'a Scene>,
    /// The inspection the scene was built from (for tooltips).
    pub inspection: Option<&'a Inspection>,
    /// The inspection's timeline, drawn under the diagram.
    pub timeline: Option<&'a crate::verify::Timeline>,
    /// Whether a load runs (the empty state shows a spinner).
    pub loading: bool,
    /// The certificate whose details are shown.
    pub selected: Option<CertId>,
    /// The path to light: the store matrix row hovered, else the one clicked (store, path).
    pub highlight: Option<(usize, usize)>,
    /// "Now" on the timeline.
    pub now: time::OffsetDateTime,
    /// Whether the start-up trace waits for the first frame with a diagram.
    pub report_first_diagram: bool,
}

/// The diagram panel's own state, kept between frames by the window.
pub struct DiagramPanelState<'a> {
    /// The pan and zoom.
    pub view: &'a mut ViewTransform,
    /// What the toolbar asked last frame, applied this frame.
    pub toolbar_action: &'a mut ToolbarAction,
    /// The timeline's date axis as drawn, for tests and the date slider.
    pub timeline_axis: &'a mut Option<super::timeline_view::TimeAxis>,
}

/// Draws the central panel: toolbar, diagram and timeline, or the empty state. Returns what
/// the user asked for.
pub fn diagram_panel_ui(
    ui: &mut Ui,
    view: &DiagramPanelView<'_>,
    state: DiagramPanelState<'_>,
    commands: &mut CommandQueue,
) {
    let theme = scene_theme(ui);
    let background = to_color32(theme.palette().background);
    egui::CentralPanel::default()
        .frame(egui::Frame::new().fill(background).inner_margin(0.0))
        .show(ui, |ui| {
            let (Some(scene), Some(insp), Some(timeline)) =
                (view.scene, view.inspection, view.timeline)
            else {
                empty_state_ui(view.loading, ui);
                return;
            };
            // The toolbar's row is reserved first and drawn after the diagram is fitted, so
            // its zoom figure is the zoom of this very frame.
            let toolbar_rect = ui
                .allocate_space(Vec2::new(ui.available_width(), TOOLBAR_HEIGHT))
                .1;
            let highlight = view
                .highlight
                .and_then(|(store, path)| scene.path_index(store, path));
            let pending = std::mem::take(state.toolbar_action);
            let strip = super::timeline_view::strip_height(timeline);
            let canvas_size = Vec2::new(
                ui.available_width(),
                (ui.available_height() - strip).max(120.0),
            );
            let (clicked, cut) = diagram_ui(
                ui,
                canvas_size,
                scene,
                insp,
                state.view,
                view.selected,
                highlight,
                pending,
            );
            let strip_rect = ui.allocate_space(Vec2::new(ui.available_width(), strip)).1;
            let (asked, axis) =
                super::timeline_view::timeline_ui(ui, strip_rect, timeline, theme, view.now);
            *state.timeline_axis = axis;
            if let Some(t) = asked {
                commands.send(Command::SetValidationDate(t));
                ui.ctx().request_repaint();
            }
            let mut toolbar_ui_ = ui.new_child(egui::UiBuilder::new().max_rect(toolbar_rect));
            let action = toolbar_ui(&mut toolbar_ui_, state.view.zoom, |ui| {
                super::verdict_banner::findings_line_ui(ui, insp, theme);
            });
            if action.zoom_factor.is_some() || action.fit {
                *state.toolbar_action = action;
                ui.ctx().request_repaint();
            }
            if let Some(id) = clicked {
                commands.send(Command::Select(Some(id)));
            }
            if cut {
                // Fit (or a chain just opened) asked for the whole graph and the floor
                // stopped it: the details panel gives its room (its "Details" button, or a
                // click on a box, opens it again).
                commands.send(Command::CollapseDetails(true));
                ui.ctx().request_repaint();
            }
            if view.report_first_diagram {
                commands.send(Command::FirstDiagramDrawn);
                // The report comes at the start of the next frame, once this one is on screen.
                ui.ctx().request_repaint();
            }
            if !ui.ctx().input(|i| i.raw.hovered_files.is_empty()) {
                drop_hint_ui(ui);
            }
        });
}

/// Height of the toolbar above the diagram.
const TOOLBAR_HEIGHT: f32 = 30.0;

/// What the toolbar asks of the diagram (applied on the next frame).
#[derive(Clone, Copy, Debug, Default)]
pub struct ToolbarAction {
    zoom_factor: Option<f32>,
    fit: bool,
}

/// The zoom controls, then `findings` (the findings about the chain as sent) on the same row.
fn toolbar_ui(ui: &mut Ui, zoom: f32, findings: impl FnOnce(&mut Ui)) -> ToolbarAction {
    let mut action = ToolbarAction::default();
    egui::Frame::new()
        .inner_margin(egui::Margin::symmetric(8, 4))
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label("Zoom");
                if ui.button("−").on_hover_text("Zoom out").clicked() {
                    action.zoom_factor = Some(1.0 / 1.25);
                }
                ui.label(format!("{:.0} %", zoom * 100.0));
                if ui.button("+").on_hover_text("Zoom in").clicked() {
                    action.zoom_factor = Some(1.25);
                }
                if ui
                    .button("Fit")
                    .on_hover_text("Show the whole diagram")
                    .clicked()
                {
                    action.fit = true;
                }
                ui.label("?").on_hover_text(
                    "Drag to pan · wheel to zoom · click a box for details · hover a verdict to \
                     light its path",
                );
                ui.separator();
                findings(ui);
            });
        });
    action
}

fn empty_state_ui(loading: bool, ui: &mut Ui) {
    ui.vertical_centered(|ui| {
        ui.add_space(ui.available_height() / 3.0);
        if loading {
            ui.spinner();
            ui.label("Loading…");
        } else {
            ui.heading("No chain loaded");
            ui.label("Type a host name and press Fetch, open or drop certificate files, or paste PEM text.");
        }
    });
    if !ui.ctx().input(|i| i.raw.hovered_files.is_empty()) {
        drop_hint_ui(ui);
    }
}

fn drop_hint_ui(ui: &mut Ui) {
    let rect = ui.max_rect();
    let painter = ui.painter();
    painter.rect_filled(rect, 0.0, Color32::from_black_alpha(120));
    painter.text(
        rect.center(),
        Align2::CENTER_CENTER,
        "Drop certificate files to open them",
        FontId::proportional(20.0),
        Color32::WHITE,
    );
}

/// Paints the scene; returns the certificate whose box was clicked.
#[allow(clippy::too_many_arguments)]
fn diagram_ui(
    ui: &mut Ui,
    size: Vec2,
    scene: &Scene,
    insp: &Inspection,
    view: &mut ViewTransform,
    selected: Option<CertId>,
    highlight: Option<usize>,
    toolbar: ToolbarAction,
) -> (Option<CertId>, bool) {
    let (canvas, response) = ui.allocate_exact_size(size, Sense::click_and_drag());
    let mut cut = false;
    view.canvas = canvas;
    let sizes = Some((canvas.size(), Vec2::new(scene.graph.w, scene.graph.h)));
    if toolbar.fit || view.auto_fit || view.fitted_for != sizes {
        let whole = view.fit(canvas, scene);
        // Asked for the whole graph (Fit, or a chain just opened) and the floor stopped it.
        cut = (toolbar.fit || view.opened) && !whole;
        view.opened = false;
        view.auto_fit = true;
    }
    if let Some(factor) = toolbar.zoom_factor {
        view.zoom_at(canvas, canvas.center(), factor);
    }
    pan_and_zoom(ui, &response, canvas, view);

    let painter = ui.painter_at(canvas);
    let pointer = response.hover_pos();
    let hovered_box = pointer.and_then(|p| scene.box_at(view.to_scene(canvas, p)));
    let hovered_edge = match (pointer, hovered_box) {
        (Some(p), None) => scene.edge_at(view.to_scene(canvas, p), EDGE_TOLERANCE),
        _ => None,
    };
    let (lit_boxes, lit_edges) = scene.lit(highlight);

    // Dimmed edges first, so the highlighted path is drawn over them.
    let mut order: Vec<usize> = (0..scene.edges.len()).collect();
    order.sort_by_key(|&i| lit_edges.get(i).copied().unwrap_or(true));
    for i in order {
        if let Some(edge) = scene.edges.get(i) {
            let lit = lit_edges.get(i).copied().unwrap_or(true);
            paint_edge(
                &painter,
                scene,
                edge,
                view,
                canvas,
                hovered_edge == Some(i),
                lit,
            );
        }
    }
    let mut clicked = None;
    for (i, b) in scene.boxes.iter().enumerate() {
        let rect = view.rect_to_screen(canvas, b.rect);
        let look = BoxLook {
            selected: b.certificate.is_some() && b.certificate == selected,
            hovered: hovered_box == Some(i),
            lit: lit_boxes.get(i).copied().unwrap_or(true),
        };
        paint_box(&painter, scene, b, view, canvas, look);
        // Each box is a widget of its own, so that screen readers and tests find it by name.
        let id = response.id.with(("box", i));
        let name = format!("{} — {}", b.full_title, b.badge.label().to_lowercase());
        let box_response = ui
            .interact(rect.intersect(canvas), id, Sense::click())
            .on_hover_cursor(if b.certificate.is_some() {
                egui::CursorIcon::PointingHand
            } else {
                egui::CursorIcon::Default
            });
        box_response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Button, b.certificate.is_some(), &name)
        });
        let box_response =
            box_response.on_hover_ui_at_pointer(|ui| box_tooltip_ui(ui, scene, insp, i));
        if box_response.clicked() {
            clicked = b.certificate;
        }
    }
    paint_legend(&painter, scene, view, canvas);

    if let Some(i) = hovered_edge
        && let Some(edge) = scene.edges.get(i)
    {
        response.on_hover_ui_at_pointer(|ui| edge_tooltip_ui(ui, scene, insp, edge));
    }
    (clicked, cut)
}

fn pan_and_zoom(ui: &Ui, response: &Response, canvas: Rect, view: &mut ViewTransform) {
    if response.dragged() {
        view.pan += response.drag_delta();
        view.auto_fit = false;
    }
    if let Some(pointer) = response.hover_pos() {
        let (scroll, pinch) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
        let factor = pinch * (scroll * 0.002).exp();
        if (factor - 1.0).abs() > 1e-4 {
            view.zoom_at(canvas, pointer, factor);
        }
    }
}

/// A stroke width in scene units on the screen: it follows the zoom, within bounds, so lines
/// stay visible when zoomed out and do not turn into bars when zoomed in.
fn stroke_width(width: f32, zoom: f32) -> f32 {
    width * zoom.clamp(0.6, 2.0)
}

fn stroke_color(status: CheckStatus, theme: scene::Theme) -> Color32 {
    to_color32(scene::status_color(status, theme))
}

/// How much of its colour a box or edge off the highlighted path keeps.
const DIM_ALPHA: f32 = 0.25;

fn dim(color: Color32, lit: bool) -> Color32 {
    if lit {
        color
    } else {
        color.gamma_multiply(DIM_ALPHA)
    }
}

/// Text whose baseline is at `at` (scene units give baselines, as SVG does).
fn baseline_text(
    painter: &egui::Painter,
    at: Pos2,
    text: &str,
    size: f32,
    color: Color32,
    max_width: f32,
) {
    let mut job = egui::text::LayoutJob::single_section(
        text.to_string(),
        egui::TextFormat::simple(diagram_font(size), color),
    );
    // The whole name when there is room; cut with an ellipsis only past the box's width.
    job.wrap = egui::text::TextWrapping {
        max_width,
        max_rows: 1,
        break_anywhere: true,
        overflow_character: Some('…'),
    };
    let galley = painter.layout_job(job);
    let ascent = galley
        .rows
        .first()
        .and_then(|r| r.glyphs.first())
        .map_or(size * 0.76, |g| g.font_ascent);
    painter.galley(Pos2::new(at.x, at.y - ascent), galley, color);
}

fn paint_edge(
    painter: &egui::Painter,
    scene: &Scene,
    edge: &Edge,
    view: &ViewTransform,
    canvas: Rect,
    hovered: bool,
    lit: bool,
) {
    let color = dim(stroke_color(edge.status, scene.theme), lit);
    let width = scene::EDGE_WIDTH
        * if hovered {
            scene::HOVER_EDGE_FACTOR
        } else {
            1.0
        };
    let stroke = Stroke::new(stroke_width(width, view.zoom), color);
    let shaft: Vec<Pos2> = edge
        .shaft()
        .into_iter()
        .map(|p| view.to_screen(canvas, p))
        .collect();
    if edge.link.is_some() {
        painter.add(Shape::line(shaft, stroke));
    } else {
        painter.add(Shape::dashed_line(
            &shaft,
            stroke,
            scene::DASH.0 * view.zoom,
            scene::DASH.1 * view.zoom,
        ));
    }
    let head: Vec<Pos2> = edge
        .arrow_head()
        .into_iter()
        .map(|p| view.to_screen(canvas, p))
        .collect();
    painter.add(Shape::convex_polygon(head, color, Stroke::NONE));
    // Never below the legible floor; the Scene says when a label is left out.
    let Some((size, gap)) = edge.window_label(view.zoom, scene::MIN_WINDOW_TEXT) else {
        return;
    };
    let mut job = egui::text::LayoutJob::single_section(
        edge.label.clone(),
        egui::TextFormat::simple(diagram_font(size * view.zoom), color),
    );
    job.wrap = egui::text::TextWrapping {
        max_width: gap * view.zoom,
        max_rows: 1,
        break_anywhere: true,
        overflow_character: Some('…'),
    };
    let galley = painter.layout_job(job);
    let at = view.to_screen(canvas, edge.label_at());
    let corner = Align2::CENTER_BOTTOM.anchor_size(at, galley.size()).min;
    painter.galley(corner, galley, color);
}

/// How a box is drawn this frame.
#[derive(Clone, Copy)]
struct BoxLook {
    selected: bool,
    hovered: bool,
    lit: bool,
}

fn paint_box(
    painter: &egui::Painter,
    scene: &Scene,
    b: &CertBox,
    view: &ViewTransform,
    canvas: Rect,
    look: BoxLook,
) {
    let zoom = view.zoom;
    let rect = view.rect_to_screen(canvas, b.rect);
    let palette = scene.theme.palette();
    let lit = look.lit;
    let text = dim(to_color32(palette.text), lit);
    let muted = dim(to_color32(palette.muted), lit);
    let badge_color = dim(stroke_color(b.badge_status, scene.theme), lit);
    let radius = CornerRadius::same((scene::CORNER_RADIUS * zoom).round().clamp(0.0, 255.0) as u8);
    let outline = dim(to_color32(palette.box_stroke), lit);
    let border = if look.selected {
        Stroke::new(
            stroke_width(scene::SELECTED_OUTLINE_WIDTH, zoom),
            badge_color,
        )
    } else if look.hovered {
        Stroke::new(stroke_width(scene::HOVER_OUTLINE_WIDTH, zoom), outline)
    } else {
        Stroke::new(stroke_width(scene::OUTLINE_WIDTH, zoom), outline)
    };
    if b.ghost {
        let corners = [
            rect.left_top(),
            rect.right_top(),
            rect.right_bottom(),
            rect.left_bottom(),
            rect.left_top(),
        ];
        painter.add(Shape::dashed_line(
            &corners,
            Stroke::new(stroke_width(scene::OUTLINE_WIDTH, zoom), muted),
            scene::DASH.0 * zoom,
            scene::DASH.1 * zoom,
        ));
    } else {
        painter.rect(
            rect,
            radius,
            dim(to_color32(palette.box_fill), lit),
            border,
            StrokeKind::Inside,
        );
        // A status stripe down the left side: the box's colour at a glance.
        let stripe = view.rect_to_screen(canvas, b.stripe_rect());
        painter.rect_filled(
            stripe,
            CornerRadius {
                nw: radius.nw,
                sw: radius.sw,
                ne: 0,
                se: 0,
            },
            badge_color,
        );
    }
    let clip = painter.with_clip_rect(rect.intersect(painter.clip_rect()));
    // The Scene lays the text out for this zoom, none of it smaller than the legible floor.
    let layout = b.window_text(zoom, scene::MIN_WINDOW_TEXT);
    let pill = view.rect_to_screen(canvas, layout.badge);
    let pill_fill = if b.badge == Badge::Missing {
        muted
    } else {
        badge_color
    };
    clip.rect_filled(
        pill,
        CornerRadius::same((pill.height() / 2.0).clamp(0.0, 255.0) as u8),
        pill_fill,
    );
    if let Some(mark) = layout.pin {
        let mark = view.rect_to_screen(canvas, mark);
        clip.rect_stroke(
            mark,
            CornerRadius::same((mark.height() / 2.0).clamp(0.0, 255.0) as u8),
            Stroke::new(stroke_width(scene::OUTLINE_WIDTH, zoom), text),
            StrokeKind::Inside,
        );
    }
    let on_status = dim(
        to_color32(crate::diagram::svg::on_status_color(scene.theme)),
        lit,
    );
    let title_color = if b.ghost { muted } else { text };
    let alert_color = dim(stroke_color(CheckStatus::Fail, scene.theme), lit);
    for placed in &layout.texts {
        let color = match placed.role {
            scene::TextRole::Badge => on_status,
            scene::TextRole::Pin => text,
            scene::TextRole::Title => title_color,
            scene::TextRole::Line => muted,
            scene::TextRole::Alert => alert_color,
        };
        baseline_text(
            &clip,
            view.to_screen(canvas, placed.at),
            &placed.text,
            placed.size * zoom,
            color,
            placed.max_width * zoom,
        );
    }
}

fn paint_legend(painter: &egui::Painter, scene: &Scene, view: &ViewTransform, canvas: Rect) {
    let text = to_color32(scene.theme.palette().text);
    let placed = scene.window_legend(view.zoom, scene::MIN_WINDOW_TEXT);
    for (item, (at, size)) in scene.legend.iter().zip(placed) {
        // The item where the window's raised text puts it, from the Scene.
        let moved = scene::LegendItem { at, ..item.clone() };
        let swatch = view.rect_to_screen(canvas, moved.swatch());
        let radius = scene::SWATCH_RADIUS * view.zoom;
        if item.outline {
            painter.rect_stroke(
                swatch,
                radius,
                Stroke::new(stroke_width(scene::OUTLINE_WIDTH, view.zoom), text),
                StrokeKind::Inside,
            );
        } else {
            painter.rect_filled(swatch, radius, stroke_color(item.status, scene.theme));
        }
        baseline_text(
            painter,
            view.to_screen(canvas, moved.text_at()),
            &item.text,
            size * view.zoom,
            text,
            f32::INFINITY,
        );
    }
}

fn status_line(ui: &mut Ui, theme: scene::Theme, status: CheckStatus, text: &str) {
    ui.horizontal_wrapped(|ui| {
        ui.colored_label(stroke_color(status, theme), status.as_str());
        ui.label(text);
    });
}

/// The failing checks of an edge, each in its own colour when the link was checked.
fn problems_ui(ui: &mut Ui, scene: &Scene, insp: &Inspection, edge: &Edge) {
    match edge.link.and_then(|l| insp.links.get(l)) {
        Some(link) => {
            let mut any = false;
            for check in link.problems() {
                any = true;
                let text = format!(
                    "{}: {}",
                    check.name.as_str(),
                    crate::report::words::check(check)
                );
                status_line(ui, scene.theme, check.status, &text);
            }
            if !any {
                status_line(ui, scene.theme, CheckStatus::Pass, "every check passed");
            }
            let passed = link
                .checks
                .iter()
                .filter(|c| c.status == CheckStatus::Pass)
                .count();
            ui.label(
                egui::RichText::new(format!("{passed} of {} checks passed", link.checks.len()))
                    .weak(),
            );
        }
        None => {
            for problem in &edge.problems {
                status_line(ui, scene.theme, edge.status, problem);
            }
        }
    }
}

fn box_tooltip_ui(ui: &mut Ui, scene: &Scene, insp: &Inspection, index: usize) {
    let Some(b) = scene.boxes.get(index) else {
        return;
    };
    ui.set_max_width(420.0);
    ui.strong(&b.full_title);
    ui.label(b.badge.label().to_lowercase());
    match b.certificate.and_then(|id| insp.cert(id)) {
        Some(cert) => {
            ui.label(format!("Subject: {}", cert.subject.one_line));
            ui.label(format!("Issuer: {}", cert.issuer.one_line));
        }
        None => {
            for line in &b.lines {
                ui.label(line);
            }
        }
    }
    if !b.stores.is_empty() {
        ui.label(format!("Trust anchor in {}", b.stores.join(", ")));
    }
    if b.pinned {
        ui.label("Its key matches a pin");
    }
    // Failures of the path as a whole (host name, pins, depth) are the leaf's.
    if !b.problems.is_empty() {
        ui.separator();
        for problem in &b.problems {
            status_line(ui, scene.theme, CheckStatus::Fail, problem);
        }
    }
    // The problems of this box's link to its issuer.
    if let Some(edge) = scene.edges.iter().find(|e| e.from == index) {
        ui.separator();
        problems_ui(ui, scene, insp, edge);
    }
    if b.certificate.is_some() {
        ui.label(egui::RichText::new("Click for every field").weak());
    }
}

fn edge_tooltip_ui(ui: &mut Ui, scene: &Scene, insp: &Inspection, edge: &Edge) {
    ui.set_max_width(420.0);
    let title = |i: usize| {
        scene
            .boxes
            .get(i)
            .map(|b| b.full_title.as_str())
            .unwrap_or("?")
    };
    ui.strong(format!(
        "{} → issued by {}",
        title(edge.from),
        title(edge.to)
    ));
    problems_ui(ui, scene, insp, edge);
}
