//! Paints the diagram [`Scene`] (the one the SVG/PNG exporters draw) with pan, zoom, hover
//! tooltips and selection. Positions come from the scene only; this file maps scene units to
//! the screen and nothing more.

use egui::{
    Align2, Color32, CornerRadius, FontId, Pos2, Rect, Response, Sense, Shape, Stroke, StrokeKind,
    Ui, Vec2,
};

use crate::diagram::scene::{self, Badge, CertBox, Edge, Scene};
use crate::model::{CertId, CheckStatus, Inspection};

use super::app::App;

/// Smallest and largest zoom factors.
const ZOOM_RANGE: (f32, f32) = (0.25, 4.0);
/// Largest zoom "Fit" picks: bigger than this, text looks bloated.
const FIT_MAX_ZOOM: f32 = 1.4;
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
}

impl Default for ViewTransform {
    fn default() -> Self {
        Self {
            pan: Vec2::ZERO,
            zoom: 1.0,
            auto_fit: true,
        }
    }
}

impl ViewTransform {
    /// Fits again on the next frame (a new chain, the Fit button).
    pub fn request_fit(&mut self) {
        self.auto_fit = true;
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

    /// Centres the scene in the canvas at the largest zoom that shows all of it.
    pub fn fit(&mut self, canvas: Rect, scene: &Scene) {
        let room = (canvas.size() - Vec2::splat(2.0 * FIT_PADDING)).max(Vec2::splat(1.0));
        let zoom = (room.x / scene.width.max(1.0))
            .min(room.y / scene.height.max(1.0))
            .clamp(ZOOM_RANGE.0, FIT_MAX_ZOOM);
        self.zoom = zoom;
        let size = Vec2::new(scene.width, scene.height) * zoom;
        // Centred across; a third of the free room above, which reads better than the middle.
        let free = (canvas.size() - size).max(Vec2::splat(2.0 * FIT_PADDING));
        self.pan = Vec2::new(free.x / 2.0, free.y / 3.0);
    }

    /// Zooms by `factor`, keeping the scene point under `anchor` in place.
    pub fn zoom_at(&mut self, canvas: Rect, anchor: Pos2, factor: f32) {
        let before = self.to_scene(canvas, anchor);
        self.zoom = (self.zoom * factor).clamp(ZOOM_RANGE.0, ZOOM_RANGE.1);
        self.pan = anchor - canvas.min - Vec2::new(before.x, before.y) * self.zoom;
        self.auto_fit = false;
    }
}

/// The scene theme matching egui's current theme.
pub fn scene_theme(ui: &Ui) -> scene::Theme {
    if ui.visuals().dark_mode {
        scene::Theme::Dark
    } else {
        scene::Theme::Light
    }
}

/// A scene colour for egui.
pub fn to_color32(c: scene::Color) -> Color32 {
    Color32::from_rgb(c.0, c.1, c.2)
}

/// Draws the central panel: toolbar and diagram, or the empty state.
pub fn diagram_panel_ui(app: &mut App, ui: &mut Ui) {
    let theme = scene_theme(ui);
    let background = to_color32(theme.palette().background);
    egui::CentralPanel::default()
        .frame(egui::Frame::new().fill(background).inner_margin(0.0))
        .show(ui, |ui| {
            if app.scene(theme).is_none() {
                empty_state_ui(app, ui);
                return;
            }
            let toolbar = toolbar_ui(app, ui);
            let Some(scene) = app.session.scene.clone() else {
                return;
            };
            let Some(insp) = app.session.inspection.as_ref() else {
                return;
            };
            let clicked = diagram_ui(
                ui,
                &scene,
                insp,
                &mut app.session.view,
                app.session.selected,
                toolbar,
            );
            if let Some(id) = clicked {
                app.session.selected = Some(id);
            }
            if app.session.startup_trace.is_some() && !app.session.scene_drawn {
                app.session.scene_drawn = true;
                // The report comes at the start of the next frame, once this one is on screen.
                ui.ctx().request_repaint();
            }
            if !ui.ctx().input(|i| i.raw.hovered_files.is_empty()) {
                drop_hint_ui(ui);
            }
        });
}

/// What the toolbar asks of the diagram this frame.
#[derive(Clone, Copy, Debug, Default)]
struct ToolbarAction {
    zoom_factor: Option<f32>,
    fit: bool,
}

fn toolbar_ui(app: &mut App, ui: &mut Ui) -> ToolbarAction {
    let mut action = ToolbarAction::default();
    egui::Frame::new()
        .inner_margin(egui::Margin::symmetric(8, 4))
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label("Zoom");
                if ui.button("−").on_hover_text("Zoom out").clicked() {
                    action.zoom_factor = Some(1.0 / 1.25);
                }
                ui.label(format!("{:.0} %", app.session.view.zoom * 100.0));
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
                ui.label(
                    egui::RichText::new("Drag to pan · wheel to zoom · click a box for details")
                        .weak()
                        .small(),
                );
            });
        });
    action
}

fn empty_state_ui(app: &App, ui: &mut Ui) {
    ui.vertical_centered(|ui| {
        ui.add_space(ui.available_height() / 3.0);
        if app.session.load_job.is_running() {
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
fn diagram_ui(
    ui: &mut Ui,
    scene: &Scene,
    insp: &Inspection,
    view: &mut ViewTransform,
    selected: Option<CertId>,
    toolbar: ToolbarAction,
) -> Option<CertId> {
    let (canvas, response) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
    if toolbar.fit || view.auto_fit {
        view.fit(canvas, scene);
        view.auto_fit = true;
    }
    if let Some(factor) = toolbar.zoom_factor {
        view.zoom_at(canvas, canvas.center(), factor);
    }
    pan_and_zoom(ui, &response, canvas, view);

    let painter = ui.painter_at(canvas);
    let palette = scene.theme.palette();
    let pointer = response.hover_pos();
    let hovered_box = pointer.and_then(|p| scene.box_at(view.to_scene(canvas, p)));
    let hovered_edge = match (pointer, hovered_box) {
        (Some(p), None) => scene.edge_at(view.to_scene(canvas, p), EDGE_TOLERANCE),
        _ => None,
    };

    for (i, edge) in scene.edges.iter().enumerate() {
        paint_edge(&painter, scene, edge, view, canvas, hovered_edge == Some(i));
    }
    let mut clicked = None;
    for (i, b) in scene.boxes.iter().enumerate() {
        let rect = view.rect_to_screen(canvas, b.rect);
        let is_selected = b.certificate.is_some() && b.certificate == selected;
        paint_box(
            &painter,
            scene,
            b,
            rect,
            view.zoom,
            is_selected,
            hovered_box == Some(i),
        );
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
    paint_legend_and_caption(&painter, scene, view, canvas, to_color32(palette.text));

    if let Some(i) = hovered_edge
        && let Some(edge) = scene.edges.get(i)
    {
        response.on_hover_ui_at_pointer(|ui| edge_tooltip_ui(ui, scene, insp, edge));
    }
    clicked
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

fn stroke_color(status: CheckStatus, theme: scene::Theme) -> Color32 {
    to_color32(scene::status_color(status, theme))
}

fn paint_edge(
    painter: &egui::Painter,
    scene: &Scene,
    edge: &Edge,
    view: &ViewTransform,
    canvas: Rect,
    hovered: bool,
) {
    let color = stroke_color(edge.status, scene.theme);
    let start = view.to_screen(canvas, edge.start);
    let end = view.to_screen(canvas, edge.end);
    let width = (if hovered { 3.5 } else { 2.0 }) * view.zoom.clamp(0.6, 2.0);
    let head = 10.0 * view.zoom;
    let dir = (end - start).normalized();
    let base = end - dir * head;
    let stroke = Stroke::new(width, color);
    if edge.link.is_some() {
        painter.line_segment([start, base], stroke);
    } else {
        painter.add(Shape::dashed_line(
            &[start, base],
            stroke,
            6.0 * view.zoom,
            4.0 * view.zoom,
        ));
    }
    let normal = dir.rot90() * head * 0.5;
    painter.add(Shape::convex_polygon(
        vec![end, base + normal, base - normal],
        color,
        Stroke::NONE,
    ));
    let mid = start + (end - start) / 2.0;
    painter.text(
        mid - Vec2::new(0.0, 6.0 * view.zoom),
        Align2::CENTER_BOTTOM,
        &edge.label,
        diagram_font(scene::TEXT_SIZE * view.zoom),
        color,
    );
}

fn paint_box(
    painter: &egui::Painter,
    scene: &Scene,
    b: &CertBox,
    rect: Rect,
    zoom: f32,
    selected: bool,
    hovered: bool,
) {
    let palette = scene.theme.palette();
    let text = to_color32(palette.text);
    let muted = to_color32(palette.muted);
    let badge_color = stroke_color(b.badge_status, scene.theme);
    let radius = CornerRadius::same((8.0 * zoom).round().clamp(0.0, 255.0) as u8);
    let border = if selected {
        Stroke::new(3.0 * zoom.clamp(0.6, 2.0), badge_color)
    } else if hovered {
        Stroke::new(2.0, to_color32(palette.box_stroke))
    } else {
        Stroke::new(1.0, to_color32(palette.box_stroke))
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
            Stroke::new(1.5, muted),
            6.0 * zoom,
            4.0 * zoom,
        ));
    } else {
        painter.rect(
            rect,
            radius,
            to_color32(palette.box_fill),
            border,
            StrokeKind::Inside,
        );
        // A status stripe down the left side: the box's colour at a glance.
        let stripe = Rect::from_min_size(rect.min, Vec2::new(5.0 * zoom, rect.height()));
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
    let pad = 14.0 * zoom;
    let small = diagram_font(scene::TEXT_SIZE * 0.85 * zoom);
    // The badge: a pill at the top left.
    let badge_text = b.badge.label();
    let galley = clip.layout_no_wrap(badge_text.to_string(), small.clone(), Color32::WHITE);
    let pill = Rect::from_min_size(
        rect.min + Vec2::new(pad, 10.0 * zoom),
        galley.size() + Vec2::new(10.0 * zoom, 4.0 * zoom),
    );
    let pill_fill = if b.badge == Badge::Missing {
        muted
    } else {
        badge_color
    };
    clip.rect_filled(
        pill,
        CornerRadius::same((pill.height() / 2.0) as u8),
        pill_fill,
    );
    clip.galley(
        pill.min + Vec2::new(5.0 * zoom, 2.0 * zoom),
        galley,
        Color32::WHITE,
    );
    let mut y = pill.max.y + 6.0 * zoom;
    let title_font = diagram_font(scene::TITLE_SIZE * zoom);
    let title_color = if b.ghost { muted } else { text };
    clip.text(
        Pos2::new(rect.min.x + pad, y),
        Align2::LEFT_TOP,
        &b.title,
        title_font,
        title_color,
    );
    y += (scene::TITLE_SIZE + 6.0) * zoom;
    for line in &b.lines {
        clip.text(
            Pos2::new(rect.min.x + pad, y),
            Align2::LEFT_TOP,
            line,
            diagram_font(scene::TEXT_SIZE * zoom),
            muted,
        );
        y += (scene::TEXT_SIZE + 5.0) * zoom;
    }
}

fn paint_legend_and_caption(
    painter: &egui::Painter,
    scene: &Scene,
    view: &ViewTransform,
    canvas: Rect,
    text: Color32,
) {
    let zoom = view.zoom;
    let font = diagram_font(scene::TEXT_SIZE * zoom);
    for item in &scene.legend {
        let at = view.to_screen(canvas, item.at);
        let swatch = Rect::from_min_size(at, Vec2::new(22.0, 4.0) * zoom);
        painter.rect_filled(
            swatch.translate(Vec2::new(0.0, 5.0 * zoom)),
            1.0,
            stroke_color(item.status, scene.theme),
        );
        painter.text(
            at + Vec2::new(28.0 * zoom, 0.0),
            Align2::LEFT_TOP,
            &item.text,
            font.clone(),
            text,
        );
    }
    let muted = to_color32(scene.theme.palette().muted);
    for (i, line) in scene.caption.iter().enumerate() {
        let at = view.to_screen(
            canvas,
            scene::Point {
                x: scene.caption_at.x,
                y: scene.caption_at.y + i as f32 * (scene::TEXT_SIZE + 6.0),
            },
        );
        painter.text(
            at,
            Align2::LEFT_TOP,
            line,
            font.clone(),
            if i == 2 { text } else { muted },
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
                let text = format!("{}: {}", check.name.as_str(), check.reason);
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
