//! Inspection → Scene: boxes, edges, colours, legend and caption, in abstract units
//! (1 unit = 1 px at scale 1). All layout decisions live here.

use serde::Serialize;

use crate::model::{CertId, CheckStatus, Inspection, IssuerRef, PathResult};

/// Width of a certificate box.
pub const BOX_WIDTH: f32 = 250.0;
/// Height of a certificate box.
pub const BOX_HEIGHT: f32 = 112.0;
/// Horizontal gap between boxes, where the edges run.
pub const GAP: f32 = 96.0;
/// Outer margin.
pub const MARGIN: f32 = 24.0;
/// Font size of box titles.
pub const TITLE_SIZE: f32 = 15.0;
/// Font size of other text.
pub const TEXT_SIZE: f32 = 12.0;
/// Font size of edge labels.
pub const EDGE_LABEL_SIZE: f32 = 11.0;
/// Average glyph width as a fraction of the font size, used to fit text into boxes. Measured
/// on the exported font (DejaVu Sans, assets/fonts): its digits are 0.64 em and lower case
/// averages about 0.6 em, so 0.62 keeps fitted names inside their boxes.
pub const GLYPH_WIDTH_EM: f32 = 0.62;

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Color(pub u8, pub u8, pub u8);

impl Color {
    /// `#rrggbb`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// Light or dark rendering (also the CLI's `--theme`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Dark text on a light background.
    #[default]
    Light,
    /// Light text on a dark background.
    Dark,
}

/// The colours of a theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Palette {
    /// Page background.
    pub background: Color,
    /// Box fill.
    pub box_fill: Color,
    /// Box border.
    pub box_stroke: Color,
    /// Main text.
    pub text: Color,
    /// Secondary text.
    pub muted: Color,
}

impl Theme {
    /// The theme's colours.
    pub fn palette(self) -> Palette {
        match self {
            Theme::Light => Palette {
                background: Color(0xff, 0xff, 0xff),
                box_fill: Color(0xf6, 0xf7, 0xf9),
                box_stroke: Color(0x9a, 0xa0, 0xa8),
                text: Color(0x1f, 0x23, 0x28),
                muted: Color(0x57, 0x60, 0x6a),
            },
            Theme::Dark => Palette {
                background: Color(0x1b, 0x1d, 0x21),
                box_fill: Color(0x2a, 0x2d, 0x33),
                box_stroke: Color(0x6b, 0x72, 0x7c),
                text: Color(0xe8, 0xea, 0xed),
                muted: Color(0xa8, 0xb0, 0xb9),
            },
        }
    }
}

/// The colour of a check status: green pass, amber warning, red fail, grey unknown.
pub fn status_color(status: CheckStatus, theme: Theme) -> Color {
    match (status, theme) {
        (CheckStatus::Pass, Theme::Light) => Color(0x2e, 0x7d, 0x32),
        (CheckStatus::Pass, Theme::Dark) => Color(0x66, 0xbb, 0x6a),
        (CheckStatus::Warn, Theme::Light) => Color(0xc7, 0x7c, 0x02),
        (CheckStatus::Warn, Theme::Dark) => Color(0xff, 0xb7, 0x4d),
        (CheckStatus::Unknown, Theme::Light) => Color(0x75, 0x75, 0x75),
        (CheckStatus::Unknown, Theme::Dark) => Color(0x9e, 0x9e, 0x9e),
        (CheckStatus::Fail, Theme::Light) => Color(0xc6, 0x28, 0x28),
        (CheckStatus::Fail, Theme::Dark) => Color(0xef, 0x53, 0x50),
    }
}

/// A point.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Point {
    /// Horizontal position.
    pub x: f32,
    /// Vertical position.
    pub y: f32,
}

/// An axis-aligned rectangle.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Rect {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

impl Rect {
    /// Whether the point is inside.
    pub fn contains(&self, p: Point) -> bool {
        p.x >= self.x && p.x <= self.x + self.w && p.y >= self.y && p.y <= self.y + self.h
    }

    /// The centre.
    pub fn center(&self) -> Point {
        Point {
            x: self.x + self.w / 2.0,
            y: self.y + self.h / 2.0,
        }
    }
}

/// What a box represents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Badge {
    /// The end-entity certificate.
    Leaf,
    /// An intermediate CA.
    Intermediate,
    /// A trust anchor of the chosen store.
    TrustAnchor,
    /// A self-signed certificate no chosen store trusts.
    SelfSigned,
    /// An issuer that was not sent and is in no chosen store.
    Missing,
}

impl Badge {
    /// Upper-case label drawn on the box.
    pub fn label(self) -> &'static str {
        match self {
            Badge::Leaf => "LEAF",
            Badge::Intermediate => "INTERMEDIATE",
            Badge::TrustAnchor => "TRUST ANCHOR",
            Badge::SelfSigned => "SELF-SIGNED",
            Badge::Missing => "MISSING ISSUER",
        }
    }
}

/// One certificate (or missing issuer) box.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CertBox {
    /// The certificate drawn, if it is one of the inspection's certificates.
    pub certificate: Option<CertId>,
    /// Where.
    pub rect: Rect,
    /// Subject label, fitted to the box.
    pub title: String,
    /// The full subject, for tooltips.
    pub full_title: String,
    /// Further lines (issuer, validity), fitted to the box.
    pub lines: Vec<String>,
    /// What the box is.
    pub badge: Badge,
    /// Colour of the badge: the worst status of this certificate's own link, or of the anchor.
    pub badge_status: CheckStatus,
    /// Drawn dashed and faint: an issuer that is not there.
    pub ghost: bool,
}

/// An edge from a certificate to its issuer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Edge {
    /// Index of the child box.
    pub from: usize,
    /// Index of the issuer box.
    pub to: usize,
    /// Start point (the child's side).
    pub start: Point,
    /// End point (the issuer's side, where the arrow head is).
    pub end: Point,
    /// The link's result.
    pub status: CheckStatus,
    /// Index into `Inspection::links`, when the link was checked.
    pub link: Option<usize>,
    /// Short label drawn along the edge (`issued by`, `expired`, …).
    pub label: String,
    /// The failing or warning checks, one line each, for tooltips.
    pub problems: Vec<String>,
}

/// One legend entry.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LegendItem {
    /// The status shown.
    pub status: CheckStatus,
    /// Its words.
    pub text: String,
    /// Where its swatch goes.
    pub at: Point,
}

/// Everything the painters need, in abstract units.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scene {
    /// Total width.
    pub width: f32,
    /// Total height.
    pub height: f32,
    /// The theme the colours were chosen for.
    pub theme: Theme,
    /// Certificate boxes, leaf first.
    pub boxes: Vec<CertBox>,
    /// Edges, child to issuer.
    pub edges: Vec<Edge>,
    /// Legend entries, left to right.
    pub legend: Vec<LegendItem>,
    /// Caption lines (source, validation time, store and verdict), top-left at `caption_at`.
    pub caption: Vec<String>,
    /// Where the caption starts.
    pub caption_at: Point,
}

/// Options for building a scene.
#[derive(Clone, Copy, Debug, Default)]
pub struct SceneOptions {
    /// Colours.
    pub theme: Theme,
    /// Which store's verdict to draw (index into `Inspection::verdicts`); the first by default.
    pub store: Option<usize>,
}

/// Fits `text` into `width` units at `size`, ending with `…` when cut.
pub fn fit(text: &str, width: f32, size: f32) -> String {
    let max_chars = (width / (size * GLYPH_WIDTH_EM)).floor().max(1.0) as usize;
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// A word or two for an edge, naming its worst check so it fits between the boxes.
fn short_label(check: &crate::model::Check) -> String {
    use crate::model::CheckName as N;
    use crate::model::Failure as F;
    let text = match (check.name, &check.failure) {
        (_, Some(F::Revoked { .. })) => "revoked",
        (_, Some(F::RevocationUnknown { .. })) => "revocation unknown",
        (_, Some(F::Expired { .. })) => "expired",
        (_, Some(F::NotYetValid { .. })) => "not yet valid",
        (_, Some(F::ExpiresSoon { .. })) => "expires soon",
        (_, Some(F::BadSignature { .. })) => "bad signature",
        (_, Some(F::PathLenExceeded { .. })) => "path length",
        (_, Some(F::NameConstraintViolation { .. })) => "constraints",
        (_, Some(F::MissingServerAuth | F::RequiredEkuNotFound { .. })) => "EKU",
        (name, _) => match name {
            N::Validity => "validity",
            N::Signature => "signature",
            N::NameChaining => "name",
            N::KeyIdentifiers => "key id",
            N::IssuerIsCa => "not a CA",
            N::PathLength => "path length",
            N::KeyUsage => "key usage",
            N::ExtendedKeyUsage => "EKU",
            N::NameConstraints => "constraints",
            N::Extensions => "extensions",
            N::Algorithms => "algorithm",
            other => other.as_str(),
        },
    };
    text.to_string()
}

/// The path to draw for a store: its best path (valid first), if any.
fn chosen_path(insp: &Inspection, store: usize) -> Option<&PathResult> {
    insp.verdicts.get(store).and_then(|v| v.paths.first())
}

struct Node {
    certificate: Option<CertId>,
    title: String,
    issuer: String,
    validity: String,
    badge: Badge,
    ghost: bool,
}

fn cert_node(insp: &Inspection, id: CertId, badge: Badge) -> Node {
    let Some(cert) = insp.cert(id) else {
        return Node {
            certificate: Some(id),
            title: format!("certificate {id}"),
            issuer: String::new(),
            validity: String::new(),
            badge,
            ghost: false,
        };
    };
    Node {
        certificate: Some(id),
        title: cert.label(),
        issuer: match insp.certificates.get(id).map(|c| &c.origin) {
            Some(crate::model::CertOrigin::Aia { .. }) => {
                "downloaded, not sent by the server".to_string()
            }
            _ => format!("issued by {}", cert.issuer.display_label()),
        },
        validity: format!(
            "{} → {}",
            crate::verify::human_date(cert.validity.not_before),
            crate::verify::human_date(cert.validity.not_after)
        ),
        badge,
        ghost: false,
    }
}

/// Builds the scene for an inspection.
pub fn build(insp: &Inspection, options: SceneOptions) -> Scene {
    let store = options.store.unwrap_or(0);
    let mut nodes: Vec<Node> = Vec::new();
    // (child node, issuer node, link index)
    let mut pairs: Vec<(usize, usize, Option<usize>)> = Vec::new();
    let verdict = insp.verdicts.get(store);
    if let Some(path) = chosen_path(insp, store) {
        for (i, &id) in path.certificates.iter().enumerate() {
            let badge = if i == 0 {
                Badge::Leaf
            } else {
                Badge::Intermediate
            };
            nodes.push(cert_node(insp, id, badge));
        }
        let anchor = insp.anchors.get(path.anchor);
        let anchor_node = match anchor.and_then(|a| a.certificate) {
            // A self-signed leaf that is itself the anchor: no second box.
            Some(id) if path.certificates.last() == Some(&id) => None,
            Some(id) => Some(cert_node(insp, id, Badge::TrustAnchor)),
            None => anchor.map(|a| Node {
                certificate: None,
                title: a.subject.display_label(),
                issuer: format!("trust anchor in {}", a.store),
                validity: "name and key only".to_string(),
                badge: Badge::TrustAnchor,
                ghost: false,
            }),
        };
        if let Some(node) = anchor_node {
            nodes.push(node);
        }
        for (i, &link) in path.links.iter().enumerate() {
            if i + 1 < nodes.len() {
                pairs.push((i, i + 1, Some(link)));
            }
        }
    } else if let Some(group) = insp.groups.first() {
        for (i, &id) in group.certificates.iter().enumerate() {
            let self_signed = insp
                .cert(id)
                .is_some_and(|c| c.is_self_issued() && c.is_ca());
            let badge = match (i, self_signed) {
                (_, true) => Badge::SelfSigned,
                (0, false) => Badge::Leaf,
                _ => Badge::Intermediate,
            };
            nodes.push(cert_node(insp, id, badge));
        }
        for (i, pair) in group.certificates.windows(2).enumerate() {
            if let [child, issuer] = *pair {
                let link = insp
                    .links
                    .iter()
                    .position(|l| l.child == child && l.issuer == IssuerRef::Certificate(issuer));
                pairs.push((i, i + 1, link));
            }
        }
        let top = group.certificates.last().and_then(|&id| insp.cert(id));
        if let (Some(top), true) = (top, group.issuer_missing) {
            let from = nodes.len().saturating_sub(1);
            nodes.push(Node {
                certificate: None,
                title: top.issuer.display_label(),
                issuer: "not sent, and in no chosen store".to_string(),
                validity: String::new(),
                badge: Badge::Missing,
                ghost: true,
            });
            pairs.push((from, from + 1, None));
        }
    }

    let inner = BOX_WIDTH - 24.0;
    let top_y = MARGIN;
    let boxes: Vec<CertBox> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let badge_status = if n.ghost {
                CheckStatus::Fail
            } else {
                pairs
                    .iter()
                    .find(|(from, _, _)| *from == i)
                    .and_then(|(_, _, link)| link.and_then(|l| insp.links.get(l)))
                    .map(|l| l.status)
                    .unwrap_or(match n.badge {
                        Badge::TrustAnchor => anchor_status(insp, store),
                        _ => CheckStatus::Unknown,
                    })
            };
            CertBox {
                certificate: n.certificate,
                rect: Rect {
                    x: MARGIN + i as f32 * (BOX_WIDTH + GAP),
                    y: top_y,
                    w: BOX_WIDTH,
                    h: BOX_HEIGHT,
                },
                title: fit(&n.title, inner, TITLE_SIZE),
                full_title: n.title.clone(),
                lines: [&n.issuer, &n.validity]
                    .into_iter()
                    .filter(|l| !l.is_empty())
                    .map(|l| fit(l, inner, TEXT_SIZE))
                    .collect(),
                badge: n.badge,
                badge_status,
                ghost: n.ghost,
            }
        })
        .collect();

    let edges: Vec<Edge> = pairs
        .iter()
        .filter_map(|&(from, to, link)| {
            let a = boxes.get(from)?;
            let b = boxes.get(to)?;
            let y = a.rect.y + a.rect.h / 2.0;
            let checked = link.and_then(|l| insp.links.get(l));
            let status = checked.map(|l| l.status).unwrap_or(CheckStatus::Fail);
            let problems: Vec<String> = match checked {
                Some(l) => l
                    .problems()
                    .map(|c| format!("{}: {}", c.name.as_str(), c.reason))
                    .collect(),
                None => vec!["the issuer was not sent and is in no chosen store".to_string()],
            };
            let label = match checked {
                Some(l) => match l.problems().find(|c| c.status == status) {
                    Some(c) if status != CheckStatus::Pass => short_label(c),
                    _ => "issued by".to_string(),
                },
                None => "missing".to_string(),
            };
            let label = fit(&label, GAP - 12.0, EDGE_LABEL_SIZE);
            Some(Edge {
                from,
                to,
                start: Point {
                    x: a.rect.x + a.rect.w,
                    y,
                },
                end: Point { x: b.rect.x, y },
                status,
                link,
                label,
                problems,
            })
        })
        .collect();

    let count = boxes.len().max(1) as f32;
    let diagram_width = count * BOX_WIDTH + (count - 1.0) * GAP;
    let legend_y = top_y + BOX_HEIGHT + 28.0;
    let legend_texts = [
        (CheckStatus::Pass, "pass"),
        (CheckStatus::Warn, "warning"),
        (CheckStatus::Fail, "fail"),
        (CheckStatus::Unknown, "not checked"),
    ];
    let legend: Vec<LegendItem> = legend_texts
        .iter()
        .enumerate()
        .map(|(i, (status, text))| LegendItem {
            status: *status,
            text: (*text).to_string(),
            at: Point {
                x: MARGIN + i as f32 * 120.0,
                y: legend_y,
            },
        })
        .collect();

    let mut caption = vec![format!("Source: {}", insp.source.label)];
    caption.push(format!(
        "Validated at {}{}",
        crate::verify::human_time(insp.policy.time),
        insp.policy
            .host
            .as_ref()
            .map(|h| format!(" for {h}"))
            .unwrap_or_default()
    ));
    if let Some(v) = verdict {
        caption.push(format!(
            "{} {}: {}",
            if v.trusted {
                "Trusted by"
            } else {
                "Not trusted by"
            },
            v.store,
            v.reason
        ));
    }
    let caption_at = Point {
        x: MARGIN,
        y: legend_y + 30.0,
    };
    let caption_width = caption
        .iter()
        .map(|l| l.chars().count() as f32 * TEXT_SIZE * GLYPH_WIDTH_EM)
        .fold(0.0_f32, f32::max);
    let width = (diagram_width.max(4.0 * 120.0).max(caption_width) + 2.0 * MARGIN).ceil();
    let height = (caption_at.y + caption.len() as f32 * (TEXT_SIZE + 6.0) + MARGIN).ceil();
    Scene {
        width,
        height,
        theme: options.theme,
        boxes,
        edges,
        legend,
        caption,
        caption_at,
    }
}

fn anchor_status(insp: &Inspection, store: usize) -> CheckStatus {
    insp.verdicts
        .get(store)
        .and_then(|v| v.paths.first())
        .and_then(|p| {
            p.checks
                .iter()
                .find(|c| c.name == crate::model::CheckName::TrustAnchor)
        })
        .map(|c| c.status)
        .unwrap_or(CheckStatus::Pass)
}

impl Scene {
    /// The box under a point, if any.
    pub fn box_at(&self, p: Point) -> Option<usize> {
        self.boxes.iter().position(|b| b.rect.contains(p))
    }

    /// The edge nearest to a point within `tolerance` units, if any.
    pub fn edge_at(&self, p: Point, tolerance: f32) -> Option<usize> {
        self.edges.iter().position(|e| {
            let (x0, x1) = (e.start.x.min(e.end.x), e.start.x.max(e.end.x));
            p.x >= x0 && p.x <= x1 && (p.y - e.start.y).abs() <= tolerance
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Painter geometry: where text, badges, arrow heads and legend swatches go inside the layout
// above. The window and every exporter call these, so no painter places anything on its own.

/// Corner radius of a certificate box.
pub const CORNER_RADIUS: f32 = 8.0;
/// Inner padding of a certificate box.
pub const PADDING: f32 = 12.0;
/// Font size of badge labels.
pub const BADGE_SIZE: f32 = 10.0;
/// Average glyph width of badge labels (capitals are wider than mixed text).
pub const BADGE_GLYPH_WIDTH_EM: f32 = 0.72;
/// Distance from the top of a box to its badge.
const BADGE_TOP: f32 = 15.0;
/// Height of a badge.
pub const BADGE_HEIGHT: f32 = 18.0;
/// Length of an edge's arrow head, along the edge.
pub const ARROW_LENGTH: f32 = 11.0;
/// Half the width of an edge's arrow head.
pub const ARROW_HALF_WIDTH: f32 = 5.5;
/// Stroke width of edges.
pub const EDGE_WIDTH: f32 = 2.0;
/// Side of a legend swatch.
pub const SWATCH_SIZE: f32 = 12.0;
/// Distance between caption baselines.
pub const LINE_HEIGHT: f32 = TEXT_SIZE + 6.0;

impl CertBox {
    /// The badge pill, top-left inside the box, sized to its label.
    pub fn badge_rect(&self) -> Rect {
        let label_width =
            self.badge.label().chars().count() as f32 * BADGE_SIZE * BADGE_GLYPH_WIDTH_EM;
        Rect {
            x: self.rect.x + PADDING,
            y: self.rect.y + BADGE_TOP,
            w: (label_width + 14.0).ceil(),
            h: BADGE_HEIGHT,
        }
    }

    /// Left end of the baseline of the badge label, centred vertically in the pill.
    pub fn badge_text_at(&self) -> Point {
        let badge = self.badge_rect();
        Point {
            x: badge.x + 7.0,
            y: badge.y + badge.h / 2.0 + BADGE_SIZE * 0.36,
        }
    }

    /// Left end of the title's baseline, below the badge.
    pub fn title_at(&self) -> Point {
        Point {
            x: self.rect.x + PADDING,
            y: self.rect.y + BADGE_TOP + BADGE_HEIGHT + 8.0 + TITLE_SIZE,
        }
    }

    /// Left end of the baseline of `lines[index]`, below the title.
    pub fn line_at(&self, index: usize) -> Point {
        let title = self.title_at();
        Point {
            x: title.x,
            y: title.y + 8.0 + TEXT_SIZE + index as f32 * LINE_HEIGHT,
        }
    }
}

impl Edge {
    /// The arrow head: tip at `end`, then the two corners of its base.
    pub fn arrow_head(&self) -> [Point; 3] {
        let (dx, dy) = (self.end.x - self.start.x, self.end.y - self.start.y);
        let length = (dx * dx + dy * dy).sqrt().max(f32::EPSILON);
        let (ux, uy) = (dx / length, dy / length);
        let base = Point {
            x: self.end.x - ux * ARROW_LENGTH,
            y: self.end.y - uy * ARROW_LENGTH,
        };
        [
            self.end,
            Point {
                x: base.x - uy * ARROW_HALF_WIDTH,
                y: base.y + ux * ARROW_HALF_WIDTH,
            },
            Point {
                x: base.x + uy * ARROW_HALF_WIDTH,
                y: base.y - ux * ARROW_HALF_WIDTH,
            },
        ]
    }

    /// Where the shaft ends: the middle of the arrow head's base, so that a stroked line does
    /// not blunt the tip.
    pub fn shaft_end(&self) -> Point {
        let [_, left, right] = self.arrow_head();
        Point {
            x: (left.x + right.x) / 2.0,
            y: (left.y + right.y) / 2.0,
        }
    }

    /// Centre of the label's baseline, just above the middle of the edge.
    pub fn label_at(&self) -> Point {
        Point {
            x: (self.start.x + self.end.x) / 2.0,
            y: (self.start.y + self.end.y) / 2.0 - 7.0,
        }
    }
}

impl LegendItem {
    /// The colour swatch.
    pub fn swatch(&self) -> Rect {
        Rect {
            x: self.at.x,
            y: self.at.y,
            w: SWATCH_SIZE,
            h: SWATCH_SIZE,
        }
    }

    /// Left end of the baseline of the legend text, beside the swatch.
    pub fn text_at(&self) -> Point {
        Point {
            x: self.at.x + SWATCH_SIZE + 6.0,
            y: self.at.y + SWATCH_SIZE - 1.0,
        }
    }
}

impl Scene {
    /// Left end of the baseline of caption line `index`.
    pub fn caption_line_at(&self, index: usize) -> Point {
        Point {
            x: self.caption_at.x,
            y: self.caption_at.y + TEXT_SIZE + index as f32 * LINE_HEIGHT,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        assert_eq!(fit("short", 200.0, 12.0), "short");
        let long = "a".repeat(200);
        let cut = fit(&long, 100.0, 10.0);
        assert!(cut.ends_with('…'));
        assert!(cut.chars().count() <= 18);
    }
}
