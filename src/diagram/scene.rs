//! Inspection → Scene: boxes, edges, colours, legend and caption, in abstract units
//! (1 unit = 1 px at scale 1). All layout decisions live here.

use serde::Serialize;

use crate::model::{AnchorId, CertId, CheckStatus, Inspection, IssuerRef};
use crate::report::words;

/// Width of a certificate box.
pub const BOX_WIDTH: f32 = 250.0;
/// Height of a certificate box.
pub const BOX_HEIGHT: f32 = 150.0;
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
/// The width an edge label may take in the gap between two boxes.
const EDGE_LABEL_WIDTH: f32 = GAP - 12.0;

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
    /// The first line of the subject label (all of it when it fits one line).
    pub title: String,
    /// The subject label wrapped to the box, every character kept (up to [`MAX_TITLE_LINES`],
    /// the last cut with `…` only beyond that): the exports draw them all, the window the
    /// first [`WINDOW_TITLE_LINES`].
    pub title_lines: Vec<String>,
    /// The full subject, for tooltips.
    pub full_title: String,
    /// Further lines (issuer, validity), one each, cut with `…` to the box's width: the
    /// window draws these (their tooltip and the details give them whole).
    pub lines: Vec<String>,
    /// The same lines wrapped to the box's width, every character kept, as titles wrap:
    /// the SVG and PNG exports draw these, each at [`CertBox::line_at`].
    pub wrapped_lines: Vec<String>,
    /// The same lines whole, none dropped or cut: for the draw.io labels, which wrap
    /// themselves and which users edit.
    pub full_lines: Vec<String>,
    /// What the box is.
    pub badge: Badge,
    /// Colour of the badge: the worst status of this certificate's own link, or of the anchor.
    pub badge_status: CheckStatus,
    /// Drawn dashed and faint: an issuer that is not there.
    pub ghost: bool,
    /// For a trust anchor: the chosen stores that hold it.
    pub stores: Vec<String>,
    /// A path-level failure shown on the box (host name, pin, depth), in a few words.
    pub alert: Option<String>,
    /// The path-level failures in full, for tooltips.
    pub problems: Vec<String>,
    /// Whether the certificate's key matches one of the policy's pins.
    pub pinned: bool,
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
    /// The whole polyline from `start` to `end`, with the bends that keep it off other boxes.
    pub points: Vec<Point>,
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
    /// Drawn as an outline in the text colour, as the pin mark is, instead of a status fill.
    pub outline: bool,
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
    /// Every path drawn, for highlighting one of them.
    pub paths: Vec<ScenePath>,
    /// The part of the scene the window shows: boxes, edges and legend, without the caption
    /// (the window shows the verdicts in its store matrix instead).
    pub graph: Rect,
}

/// One path of one store, as boxes and edges of the scene.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScenePath {
    /// Index into `Inspection::verdicts`.
    pub store: usize,
    /// Index into that verdict's `paths`.
    pub path: usize,
    /// Whether the path validates.
    pub valid: bool,
    /// Its boxes, leaf first.
    pub boxes: Vec<usize>,
    /// Its edges, leaf first.
    pub edges: Vec<usize>,
}

/// Options for building a scene.
#[derive(Clone, Copy, Debug, Default)]
pub struct SceneOptions {
    /// Colours.
    pub theme: Theme,
    /// Which store's verdict to draw (index into `Inspection::verdicts`); the first by default.
    pub store: Option<usize>,
}

/// Most lines a box's title wraps to.
pub const MAX_TITLE_LINES: usize = 4;
/// Title lines the window draws; a longer title ends the last with `…` (its tooltip and the
/// details give it whole).
pub const WINDOW_TITLE_LINES: usize = 2;
/// Distance between the baselines of two title lines.
pub const TITLE_LINE_HEIGHT: f32 = TITLE_SIZE + 4.0;

/// Wraps `text` into lines of at most `width` units at `size`: after a space, or after a
/// `.`, `-`, `,` or `/` (host names and DNs have no spaces), else anywhere. Every character
/// is kept except the spaces at a break; beyond `max_lines` the last line ends with `…`.
pub fn wrap(text: &str, width: f32, size: f32, max_lines: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut rest: &str = text.trim();
    while !rest.is_empty() {
        if lines.len() + 1 == max_lines.max(1) || super::metrics::text_width(rest, size) <= width {
            lines.push(fit(rest, width, size));
            break;
        }
        // The longest start that fits, then back to the last break inside it.
        let mut end = 0;
        let mut used = 0.0;
        for (i, c) in rest.char_indices() {
            let w = super::metrics::text_width(c.encode_utf8(&mut [0; 4]), size);
            if used + w > width {
                break;
            }
            used += w;
            end = i + c.len_utf8();
        }
        if end == 0 {
            // Not even one character fits: give up rather than loop.
            lines.push(fit(rest, width, size));
            break;
        }
        let head = rest.get(..end).unwrap_or(rest);
        let cut = head
            .char_indices()
            .filter(|(_, c)| matches!(c, ' ' | '.' | '-' | ',' | '/'))
            .map(|(i, c)| i + c.len_utf8())
            .rfind(|&i| i > end / 3)
            .unwrap_or(end);
        let (line, tail) = rest.split_at(cut);
        lines.push(line.trim_end().to_string());
        rest = tail.trim_start();
    }
    lines
}

/// Lines from [`wrap`] joined back into the text they came from: a break after `.`, `-`, `,`
/// or `/` kept its character and loses nothing, a break at a space gets the space back.
pub fn rejoin(lines: &[String]) -> String {
    let mut out = String::new();
    for line in lines {
        if !out.is_empty() && !out.ends_with(['.', '-', ',', '/']) {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// Fits `text` into `width` units at `size`, ending with `…` when cut.
pub fn fit(text: &str, width: f32, size: f32) -> String {
    if super::metrics::text_width(text, size) <= width {
        return text.to_string();
    }
    // The longest start that fits with its ellipsis.
    let ellipsis = super::metrics::text_width("…", size);
    let mut cut = String::new();
    let mut used = ellipsis;
    for c in text.chars() {
        let w = super::metrics::text_width(c.encode_utf8(&mut [0; 4]), size);
        if used + w > width {
            break;
        }
        used += w;
        cut.push(c);
    }
    cut.push('…');
    cut
}

/// A word or two for an edge, naming its worst check so it fits between the boxes: the
/// failure's short label (the label column of [`crate::model::Failure::facts`]) when it fits
/// the gap whole, else the check's name, which always does (a label cut short says less than
/// the name of its check; the edge's hover lists every problem in full).
fn short_label(check: &crate::model::Check) -> String {
    use crate::model::CheckName as N;
    if let Some(failure) = &check.failure {
        let label = failure.label();
        if super::metrics::text_width(label, EDGE_LABEL_SIZE) <= EDGE_LABEL_WIDTH {
            return label.to_string();
        }
    }
    let text = match check.name {
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
    };
    text.to_string()
}

/// What a node of the graph is: a certificate, an anchor known by name and key only, or an
/// issuer that is not there.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum NodeKey {
    Certificate(CertId),
    /// Subject match key and key bytes: the same anchor in two stores is one box.
    NameAnchor(String, Vec<u8>),
    Missing(String),
}

struct Node {
    key: NodeKey,
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
            key: NodeKey::Certificate(id),
            certificate: Some(id),
            title: format!("certificate {id}"),
            issuer: String::new(),
            validity: String::new(),
            badge,
            ghost: false,
        };
    };
    Node {
        key: NodeKey::Certificate(id),
        certificate: Some(id),
        title: cert.label(),
        issuer: match insp.inspected(id).map(|c| &c.origin) {
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

/// The graph being assembled: nodes once each, edges once per (child, issuer).
#[derive(Default)]
struct Graph {
    nodes: Vec<Node>,
    /// (child node, issuer node, link index)
    edges: Vec<(usize, usize, Option<usize>)>,
}

impl Graph {
    fn node(&mut self, node: Node) -> usize {
        if let Some(i) = self.nodes.iter().position(|n| n.key == node.key) {
            return i;
        }
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    fn edge(&mut self, from: usize, to: usize, link: Option<usize>) -> Option<usize> {
        if from == to {
            return None;
        }
        if let Some(i) = self
            .edges
            .iter()
            .position(|&(f, t, _)| f == from && t == to)
        {
            return Some(i);
        }
        self.edges.push((from, to, link));
        Some(self.edges.len() - 1)
    }
}

/// The anchor's node: its certificate's box when the store has the certificate.
fn anchor_node(insp: &Inspection, anchor: AnchorId) -> Option<Node> {
    let a = insp.anchor(anchor)?;
    // A store that keeps only the name and key of a root another store has whole: one box.
    let whole = a.certificate.or_else(|| {
        insp.anchors
            .iter()
            .filter(|b| {
                b.subject.matches(&a.subject) && b.public_key.spki_der == a.public_key.spki_der
            })
            .find_map(|b| b.certificate)
    });
    Some(match whole {
        Some(id) => cert_node(insp, id, Badge::TrustAnchor),
        None => Node {
            key: NodeKey::NameAnchor(a.subject.match_key(), a.public_key.spki_der.clone()),
            certificate: None,
            title: a.subject.display_label(),
            issuer: "name and key only".to_string(),
            validity: String::new(),
            badge: Badge::TrustAnchor,
            ghost: false,
        },
    })
}

/// The stores whose anchor a node is, in the order of the verdicts.
fn anchor_stores(insp: &Inspection, key: &NodeKey) -> Vec<String> {
    let mut stores: Vec<String> = Vec::new();
    for a in &insp.anchors {
        let same = match key {
            NodeKey::Certificate(id) => {
                a.certificate == Some(*id)
                    || (a.certificate.is_none()
                        && insp.cert(*id).is_some_and(|c| {
                            c.subject.matches(&a.subject)
                                && c.public_key.spki_der == a.public_key.spki_der
                        }))
            }
            NodeKey::NameAnchor(subject, spki) => {
                a.certificate.is_none()
                    && &a.subject.match_key() == subject
                    && &a.public_key.spki_der == spki
            }
            NodeKey::Missing(_) => false,
        };
        if same && !stores.contains(&a.store) {
            stores.push(a.store.clone());
        }
    }
    stores
}

/// Whether two failing checks report the same defect (so that it is shown once): the same
/// typed failure, or the same finding.
fn same_defect(a: &crate::model::Check, b: &crate::model::Check) -> bool {
    a.failure == b.failure && a.passed == b.passed
}

/// A few words for a path-level failure, drawn in the leaf's box.
fn path_alert(check: &crate::model::Check) -> String {
    use crate::model::Failure as F;
    match &check.failure {
        Some(F::NameMismatch { host, .. }) => format!("✖ not valid for {host}"),
        Some(F::InvalidHost { .. }) => "✖ invalid host name".to_string(),
        Some(F::MaxDepthExceeded { max, .. }) => format!("✖ more than {max} intermediates"),
        Some(F::PinMismatch { .. }) => "✖ no certificate matches a pin".to_string(),
        Some(F::WebpkiRejects { .. }) => "✖ rustls-webpki rejects the path".to_string(),
        _ => format!("✖ {}", check.name.as_str()),
    }
}

/// Vertical distance between the attachment points of edges that share a box side.
pub const FAN_SPACING: f32 = 14.0;
/// Vertical gap between rows of boxes.
pub const ROW_GAP: f32 = 44.0;

/// Builds the scene for an inspection: every path to every store's anchors in one graph,
/// each certificate once, the paths of `options.store` first (on the top row).
pub fn build(insp: &Inspection, options: SceneOptions) -> Scene {
    let selected = options.store.unwrap_or(0);
    let mut graph = Graph::default();
    let mut scene_paths: Vec<ScenePath> = Vec::new();
    let leaf = insp
        .groups
        .first()
        .and_then(|g| g.certificates.first())
        .copied();
    let anchor_nodes: Vec<usize>;
    {
        let mut anchors_seen = Vec::new();
        let order = std::iter::once(selected)
            .chain((0..insp.verdicts.len()).filter(|&i| i != selected))
            .filter(|&i| i < insp.verdicts.len());
        for store in order {
            let Some(verdict) = insp.verdicts.get(store) else {
                continue;
            };
            for (index, path) in verdict.paths.iter().enumerate() {
                let mut nodes: Vec<usize> = Vec::new();
                for (i, &id) in path.certificates.iter().enumerate() {
                    let badge = if i == 0 {
                        Badge::Leaf
                    } else {
                        Badge::Intermediate
                    };
                    nodes.push(graph.node(cert_node(insp, id, badge)));
                }
                if let Some(node) = anchor_node(insp, path.anchor) {
                    let anchor = graph.node(node);
                    anchors_seen.push(anchor);
                    if nodes.last() != Some(&anchor) {
                        nodes.push(anchor);
                    }
                }
                let mut edges = Vec::new();
                for (i, pair) in nodes.windows(2).enumerate() {
                    if let [from, to] = *pair
                        && let Some(e) = graph.edge(from, to, path.links.get(i).copied())
                    {
                        edges.push(e);
                    }
                }
                scene_paths.push(ScenePath {
                    store,
                    path: index,
                    valid: path.valid,
                    boxes: nodes,
                    edges,
                });
            }
        }
        anchor_nodes = anchors_seen;
    }
    // The chain as sent, so that certificates no path uses, and a chain with no anchor at
    // all, are still drawn and explained.
    if let Some(group) = insp.groups.first() {
        let mut previous: Option<(usize, CertId)> = None;
        for (i, &id) in group.certificates.iter().enumerate() {
            let badge = if i == 0 {
                Badge::Leaf
            } else {
                Badge::Intermediate
            };
            let node = graph.node(cert_node(insp, id, badge));
            if let Some((from, child)) = previous {
                let link = insp
                    .links
                    .iter()
                    .position(|l| l.child == child && l.issuer == IssuerRef::Certificate(id));
                graph.edge(from, node, link);
            }
            previous = Some((node, id));
        }
    }
    // A store no path reaches: the chain its search built as far as it got, issuers found
    // among the other certificates given (a bundle's other rows, --untrusted) included, so
    // that the missing issuer drawn is the one really missing.
    for verdict in insp.verdicts.iter().filter(|v| v.paths.is_empty()) {
        let mut previous: Option<(usize, CertId)> = None;
        for (i, &id) in verdict.dead_end.iter().enumerate() {
            let badge = if i == 0 {
                Badge::Leaf
            } else {
                Badge::Intermediate
            };
            let node = graph.node(cert_node(insp, id, badge));
            if let Some((from, child)) = previous {
                let link = insp
                    .links
                    .iter()
                    .position(|l| l.child == child && l.issuer == IssuerRef::Certificate(id));
                graph.edge(from, node, link);
            }
            previous = Some((node, id));
        }
    }
    // A ghost per missing issuer: a certificate that is no anchor, not self-issued, and leads
    // nowhere.
    let dead_ends: Vec<(usize, String, String)> = graph
        .nodes
        .iter()
        .enumerate()
        .filter(|(i, _)| !anchor_nodes.contains(i) && !graph.edges.iter().any(|e| e.0 == *i))
        .filter_map(|(i, n)| {
            let cert = insp.cert(n.certificate?)?;
            (!cert.is_self_issued())
                .then(|| (i, cert.issuer.match_key(), cert.issuer.display_label()))
        })
        .collect();
    for (from, key, label) in dead_ends {
        let ghost = graph.node(Node {
            key: NodeKey::Missing(key),
            certificate: None,
            title: label,
            issuer: "not sent, and in no chosen store".to_string(),
            validity: String::new(),
            badge: Badge::Missing,
            ghost: true,
        });
        graph.edge(from, ghost, None);
    }
    // Badges: anchors, self-signed roots no store trusts, and the leaf.
    for (i, node) in graph.nodes.iter_mut().enumerate() {
        if node.ghost {
            continue;
        }
        let self_signed = node
            .certificate
            .and_then(|id| insp.cert(id))
            .is_some_and(|c| c.is_self_issued() && c.is_ca());
        node.badge = if anchor_nodes.contains(&i) {
            Badge::TrustAnchor
        } else if node.certificate.is_some()
            && node.certificate == leaf
            && i == 0
            && node
                .certificate
                .is_some_and(|id| insp.role(id) == crate::model::CertRole::Leaf)
        {
            // The details panel and JSON name roles with `Inspection::role`; the badge agrees
            // (a root opened on its own is not called a leaf).
            Badge::Leaf
        } else if self_signed {
            Badge::SelfSigned
        } else {
            Badge::Intermediate
        };
    }

    let layout = layout(&graph);
    let column_count = layout.iter().map(|&(c, _)| c + 1).max().unwrap_or(1);
    let row_count = layout.iter().map(|&(_, r)| r + 1).max().unwrap_or(1);
    let rect_of = |i: usize| {
        let (column, row) = layout.get(i).copied().unwrap_or((0, 0));
        Rect {
            x: MARGIN + column as f32 * (BOX_WIDTH + GAP),
            y: MARGIN + row as f32 * (BOX_HEIGHT + ROW_GAP),
            w: BOX_WIDTH,
            h: BOX_HEIGHT,
        }
    };

    // Path-level failures (host name, pins, depth, the second opinion) of each store's best
    // path mark the leaf; a failing anchor check marks the anchor.
    // Each defect once: checks are told apart by their typed facts, never by their words.
    let mut leaf_problems: Vec<(CheckStatus, String, &crate::model::Check)> = Vec::new();
    let mut anchor_problems: Vec<(usize, CheckStatus, &crate::model::Check)> = Vec::new();
    for verdict in &insp.verdicts {
        let Some(best) = verdict.paths.first() else {
            continue;
        };
        for check in best
            .checks
            .iter()
            .filter(|c| matches!(c.status, CheckStatus::Fail | CheckStatus::Unknown))
        {
            if check.name == crate::model::CheckName::TrustAnchor {
                if let Some(node) = anchor_node(insp, best.anchor)
                    && let Some(i) = graph.nodes.iter().position(|n| n.key == node.key)
                {
                    anchor_problems.push((i, check.status, check));
                }
                continue;
            }
            if !leaf_problems.iter().any(|(_, _, c)| same_defect(c, check)) {
                leaf_problems.push((check.status, path_alert(check), check));
            }
        }
    }

    let inner = BOX_WIDTH - 2.0 * PADDING;
    // Two boxes of one name are a root and its cross-signed twin: the twin says by whom.
    let titles: Vec<String> = graph
        .nodes
        .iter()
        .map(|n| {
            let twins = graph.nodes.iter().filter(|m| m.title == n.title).count();
            let cross_signer = n
                .certificate
                .and_then(|id| insp.cert(id))
                .filter(|c| twins > 1 && !c.is_self_issued())
                .map(|c| c.issuer.display_label());
            match cross_signer {
                Some(by) => format!("{}, cross-signed by {by}", n.title),
                None => n.title.clone(),
            }
        })
        .collect();
    let boxes: Vec<CertBox> = graph
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let title = titles.get(i).unwrap_or(&n.title);
            let own_link = graph
                .edges
                .iter()
                .find(|(from, _, _)| *from == i)
                .map(|(_, _, link)| link.and_then(|l| insp.links.get(l)));
            let mut badge_status = if n.ghost {
                CheckStatus::Fail
            } else {
                match own_link {
                    Some(Some(l)) => l.status,
                    Some(None) => CheckStatus::Fail,
                    None if n.badge == Badge::TrustAnchor => CheckStatus::Pass,
                    None => CheckStatus::Unknown,
                }
            };
            let mut shown: Vec<&crate::model::Check> = Vec::new();
            let mut alert = None;
            if n.badge == Badge::Leaf {
                for (status, short, check) in &leaf_problems {
                    badge_status = badge_status.max(*status);
                    alert.get_or_insert_with(|| short.clone());
                    shown.push(check);
                }
            }
            for (_, status, check) in anchor_problems.iter().filter(|(a, _, _)| *a == i) {
                badge_status = badge_status.max(*status);
                alert.get_or_insert_with(|| "✖ anchor fails".to_string());
                if !shown.iter().any(|c| same_defect(c, check)) {
                    shown.push(check);
                }
            }
            let problems: Vec<String> = shown.into_iter().map(words::check).collect();
            let stores = if n.badge == Badge::TrustAnchor {
                anchor_stores(insp, &n.key)
            } else {
                Vec::new()
            };
            let mut full_lines: Vec<String> = [&n.issuer, &n.validity]
                .into_iter()
                .filter(|l| !l.is_empty())
                .cloned()
                .collect();
            if !stores.is_empty() {
                full_lines.push(format!("in {}", stores.join(", ")));
            }
            let lines: Vec<String> = full_lines
                .iter()
                .map(|l| fit(l, inner, TEXT_SIZE))
                .collect();
            // The exports wrap each line as they wrap titles, every character kept; the
            // boxes grow to hold them (see `box_height`).
            let wrapped_lines: Vec<String> = full_lines
                .iter()
                .flat_map(|l| wrap(l, inner, TEXT_SIZE, MAX_TITLE_LINES))
                .collect();
            let title_lines = wrap(title, inner, TITLE_SIZE, MAX_TITLE_LINES);
            let pinned = n
                .certificate
                .and_then(|id| insp.cert(id))
                .is_some_and(|c| insp.policy.pins.iter().any(|p| p.matches(c)));
            CertBox {
                certificate: n.certificate,
                rect: rect_of(i),
                title: title_lines.first().cloned().unwrap_or_default(),
                title_lines,
                full_title: title.clone(),
                full_lines,
                lines,
                wrapped_lines,
                badge: n.badge,
                badge_status,
                ghost: n.ghost,
                stores,
                alert: alert.map(|a| fit(&a, inner, TEXT_SIZE)),
                problems,
                pinned,
            }
        })
        .collect();

    // One height for every box, the tallest content's, so rows stay aligned.
    let box_height = boxes
        .iter()
        .map(CertBox::content_height)
        .fold(BOX_HEIGHT, f32::max)
        .ceil();
    let mut boxes = boxes;
    for (i, b) in boxes.iter_mut().enumerate() {
        let (_, row) = layout.get(i).copied().unwrap_or((0, 0));
        b.rect.y = MARGIN + row as f32 * (box_height + ROW_GAP);
        b.rect.h = box_height;
    }
    let edges = route_edges(insp, &graph, &boxes);
    let paths = scene_paths;

    let graph_width = column_count as f32 * BOX_WIDTH + (column_count as f32 - 1.0) * GAP;
    let legend_y = MARGIN + row_count as f32 * (box_height + ROW_GAP) - ROW_GAP + 28.0;
    let mut legend_texts = vec![
        (CheckStatus::Pass, "pass"),
        (CheckStatus::Warn, "warning"),
        (CheckStatus::Fail, "fail"),
        (CheckStatus::Unknown, "not checked"),
    ];
    if boxes.iter().any(|b| b.pinned) {
        legend_texts.push((CheckStatus::Pass, "pinned key"));
    }
    let legend: Vec<LegendItem> = legend_texts
        .iter()
        .enumerate()
        .map(|(i, (status, text))| LegendItem {
            status: *status,
            outline: *text == "pinned key",
            text: (*text).to_string(),
            at: Point {
                x: MARGIN + i as f32 * LEGEND_STEP,
                y: legend_y,
            },
        })
        .collect();
    let legend_width = legend_texts.len() as f32 * LEGEND_STEP;

    let verdict = insp.verdicts.get(selected);
    // File names, not absolute paths: a caption is read in a document, away from this disk.
    let source: Vec<String> = insp
        .source
        .label
        .split(", ")
        .map(|part| {
            let path = std::path::Path::new(part);
            match path.file_name() {
                Some(name) if part.contains('/') && !part.contains("://") => {
                    name.to_string_lossy().into_owned()
                }
                _ => part.to_string(),
            }
        })
        .collect();
    let mut caption = vec![format!("Source: {}", source.join(", "))];
    caption.push(format!(
        "Validated at {}{}",
        crate::verify::human_time(insp.policy.time),
        insp.policy
            .host
            .as_ref()
            .map(|h| format!(" for {h}"))
            .unwrap_or_default()
    ));
    for v in verdict.into_iter().chain(
        insp.verdicts
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != selected)
            .map(|(_, v)| v),
    ) {
        caption.push(format!(
            "{} {}: {}",
            if v.trusted {
                "Trusted by"
            } else {
                "Not trusted by"
            },
            v.store,
            words::verdict(insp, v)
        ));
    }
    let caption_at = Point {
        x: MARGIN,
        y: legend_y + 30.0,
    };
    let graph_rect = Rect {
        x: 0.0,
        y: 0.0,
        w: (graph_width.max(legend_width) + 2.0 * MARGIN).ceil(),
        h: (legend_y + SWATCH_SIZE + MARGIN).ceil(),
    };
    let caption_width = caption
        .iter()
        .map(|l| super::metrics::text_width(l, TEXT_SIZE))
        .fold(0.0_f32, f32::max);
    let width = graph_rect.w.max((caption_width + 2.0 * MARGIN).ceil());
    let height = (caption_at.y + caption.len() as f32 * LINE_HEIGHT + MARGIN).ceil();
    Scene {
        width,
        height,
        theme: options.theme,
        boxes,
        edges,
        legend,
        caption,
        caption_at,
        paths,
        graph: graph_rect,
    }
}

/// Horizontal distance between legend entries.
pub const LEGEND_STEP: f32 = 120.0;

/// (column, row) of every node: columns by the longest distance from the leaf, so every
/// edge runs rightwards; rows ordered by the rows of each node's children, so a path drawn
/// first stays on the top row and a second issuer fans out below.
fn layout(graph: &Graph) -> Vec<(usize, usize)> {
    let n = graph.nodes.len();
    let mut column = vec![0_usize; n];
    // Longest-path layering, bounded by the node count so a cycle cannot loop forever.
    for _ in 0..n {
        let mut changed = false;
        for &(from, to, _) in &graph.edges {
            let want = column.get(from).copied().unwrap_or(0) + 1;
            if let Some(c) = column.get_mut(to)
                && *c < want
                && want < n
            {
                *c = want;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let mut row = vec![0_usize; n];
    let columns = column.iter().copied().max().unwrap_or(0);
    for c in 0..=columns {
        let mut members: Vec<(f32, usize)> = (0..n)
            .filter(|&i| column.get(i) == Some(&c))
            .map(|i| {
                let parents: Vec<f32> = graph
                    .edges
                    .iter()
                    .filter(|e| e.1 == i && column.get(e.0).is_some_and(|&pc| pc < c))
                    .filter_map(|e| row.get(e.0).map(|&r| r as f32))
                    .collect();
                let centre = if parents.is_empty() {
                    0.0
                } else {
                    parents.iter().sum::<f32>() / parents.len() as f32
                };
                (centre, i)
            })
            .collect();
        members.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut next = 0_usize;
        for (centre, i) in members {
            let r = next.max(centre.round() as usize);
            if let Some(slot) = row.get_mut(i) {
                *slot = r;
            }
            next = r + 1;
        }
    }
    column.into_iter().zip(row).collect()
}

/// Every edge as a polyline from the child's right side to the issuer's left side. Edges
/// sharing a side fan out; an edge that spans columns passes them in a gap between boxes.
fn route_edges(insp: &Inspection, graph: &Graph, boxes: &[CertBox]) -> Vec<Edge> {
    let centre_y = |i: usize| boxes.get(i).map_or(0.0, |b| b.rect.y + b.rect.h / 2.0);
    // The attachment offset of edge `e` among the edges leaving (or entering) the same box,
    // ordered by where their other end is.
    let offset = |e: usize, outgoing: bool| {
        let side = |&(f, t, _): &(usize, usize, Option<usize>)| if outgoing { f } else { t };
        let other = |&(f, t, _): &(usize, usize, Option<usize>)| if outgoing { t } else { f };
        let Some(this) = graph.edges.get(e) else {
            return 0.0;
        };
        let mut siblings: Vec<(f32, usize)> = graph
            .edges
            .iter()
            .enumerate()
            .filter(|(_, s)| side(s) == side(this))
            .map(|(k, s)| (centre_y(other(s)), k))
            .collect();
        siblings.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let count = siblings.len() as f32;
        let position = siblings.iter().position(|&(_, k)| k == e).unwrap_or(0) as f32;
        (position - (count - 1.0) / 2.0) * FAN_SPACING
    };
    graph
        .edges
        .iter()
        .enumerate()
        .filter_map(|(e, &(from, to, link))| {
            let a = boxes.get(from)?;
            let b = boxes.get(to)?;
            let start = Point {
                x: a.rect.x + a.rect.w,
                y: centre_y(from) + offset(e, true),
            };
            let end = Point {
                x: b.rect.x,
                y: centre_y(to) + offset(e, false),
            };
            let mut points = vec![start];
            // Columns strictly between the two boxes: pass each at a height no box takes.
            let mut x = a.rect.x + a.rect.w + GAP;
            let mut y = start.y;
            while x + BOX_WIDTH < b.rect.x {
                y = free_height(boxes, x, y);
                points.push(Point {
                    x: x - GAP / 3.0,
                    y,
                });
                points.push(Point {
                    x: x + BOX_WIDTH + GAP / 3.0,
                    y,
                });
                x += BOX_WIDTH + GAP;
            }
            points.push(end);
            let checked = link.and_then(|l| insp.links.get(l));
            // No link: either the issuer is missing (a ghost), or it was found by name among
            // the certificates given on a chain that reaches no anchor, and never checked.
            let (status, problems, label) = match checked {
                Some(l) => (
                    l.status,
                    l.problems()
                        .map(|c| format!("{}: {}", c.name.as_str(), words::check(c)))
                        .collect(),
                    match l.problems().find(|c| c.status == l.status) {
                        Some(c) if l.status != CheckStatus::Pass => short_label(c),
                        _ => "issued by".to_string(),
                    },
                ),
                None if b.ghost => (
                    CheckStatus::Fail,
                    vec!["the issuer was not sent and is in no chosen store".to_string()],
                    "missing".to_string(),
                ),
                None => (
                    CheckStatus::Unknown,
                    vec![
                        "named as the issuer, found among the certificates given; not checked, \
                         as no path through it reaches a trust anchor"
                            .to_string(),
                    ],
                    "not checked".to_string(),
                ),
            };
            let label = fit(&label, EDGE_LABEL_WIDTH, EDGE_LABEL_SIZE);
            Some(Edge {
                from,
                to,
                start,
                end,
                points,
                status,
                link,
                label,
                problems,
            })
        })
        .collect()
}

/// A height near `y` at which a line across the column starting at `x` touches no box.
fn free_height(boxes: &[CertBox], x: f32, y: f32) -> f32 {
    let mut y = y;
    for _ in 0..=boxes.len() {
        let blocking = boxes.iter().find(|b| {
            b.rect.x < x + BOX_WIDTH
                && b.rect.x + b.rect.w > x
                && y >= b.rect.y - ROW_GAP / 4.0
                && y <= b.rect.y + b.rect.h + ROW_GAP / 4.0
        });
        match blocking {
            Some(b) => y = b.rect.y + b.rect.h + ROW_GAP / 2.0,
            None => break,
        }
    }
    y
}

impl Scene {
    /// The box under a point, if any.
    pub fn box_at(&self, p: Point) -> Option<usize> {
        self.boxes.iter().position(|b| b.rect.contains(p))
    }

    /// The edge nearest to a point within `tolerance` units, if any.
    pub fn edge_at(&self, p: Point, tolerance: f32) -> Option<usize> {
        self.edges
            .iter()
            .enumerate()
            .map(|(i, e)| (i, e.distance(p)))
            .filter(|&(_, d)| d <= tolerance)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i)
    }

    /// Which boxes and edges are lit when path `index` of [`Scene::paths`] is highlighted:
    /// `(boxes, edges)`, each true when it belongs to the path. With no highlight, all are lit.
    pub fn lit(&self, highlight: Option<usize>) -> (Vec<bool>, Vec<bool>) {
        match highlight.and_then(|i| self.paths.get(i)) {
            None => (vec![true; self.boxes.len()], vec![true; self.edges.len()]),
            Some(path) => (
                (0..self.boxes.len())
                    .map(|i| path.boxes.contains(&i))
                    .collect(),
                (0..self.edges.len())
                    .map(|i| path.edges.contains(&i))
                    .collect(),
            ),
        }
    }

    /// The scene path of a store's path, if it is drawn.
    pub fn path_index(&self, store: usize, path: usize) -> Option<usize> {
        self.paths
            .iter()
            .position(|p| p.store == store && p.path == path)
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
/// Distance from the top of a box to its badge.
const BADGE_TOP: f32 = 15.0;
/// Height of a badge.
pub const BADGE_HEIGHT: f32 = 18.0;
/// From the last baseline in a box to its bottom edge: a box of two title lines and three
/// lines is [`BOX_HEIGHT`] tall.
const BOX_BOTTOM_PADDING: f32 = 19.0;
/// Length of an edge's arrow head, along the edge.
pub const ARROW_LENGTH: f32 = 11.0;
/// Half the width of an edge's arrow head.
pub const ARROW_HALF_WIDTH: f32 = 5.5;
/// Stroke width of edges.
pub const EDGE_WIDTH: f32 = 2.0;
/// Width of the "PINNED" mark.
pub const PIN_MARK_WIDTH: f32 = 58.0;
/// The label of the pin mark.
pub const PIN_MARK: &str = "PINNED";
/// Side of a legend swatch.
pub const SWATCH_SIZE: f32 = 12.0;
/// Distance between caption baselines.
pub const LINE_HEIGHT: f32 = TEXT_SIZE + 6.0;
/// Corner radius of a legend swatch.
pub const SWATCH_RADIUS: f32 = 2.0;
/// Width of the status stripe down the left side of a box in the window.
pub const STRIPE_WIDTH: f32 = 5.0;
/// Stroke width of a box's outline, a ghost's dashed outline, the pin mark and an outlined
/// legend swatch.
pub const OUTLINE_WIDTH: f32 = 1.5;
/// Stroke width of the outline of the box under the pointer.
pub const HOVER_OUTLINE_WIDTH: f32 = 2.25;
/// Stroke width of the outline of the selected box, drawn in its badge's colour.
pub const SELECTED_OUTLINE_WIDTH: f32 = 3.0;
/// How much wider the edge under the pointer is drawn.
pub const HOVER_EDGE_FACTOR: f32 = 1.75;
/// Dash and gap lengths of a ghost's outline and of a link that was not checked.
pub const DASH: (f32, f32) = (6.0, 4.0);

impl CertBox {
    /// The status stripe down the left side of the box.
    pub fn stripe_rect(&self) -> Rect {
        Rect {
            x: self.rect.x,
            y: self.rect.y,
            w: STRIPE_WIDTH,
            h: self.rect.h,
        }
    }

    /// The width text may take inside the box, between its paddings.
    pub fn text_width(&self) -> f32 {
        (self.rect.w - 2.0 * PADDING).max(0.0)
    }

    /// The badge pill, top-left inside the box, sized to its label.
    pub fn badge_rect(&self) -> Rect {
        let label_width = super::metrics::text_width(self.badge.label(), BADGE_SIZE);
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

    /// Left end of the baseline of the alert (a path-level failure), below the other lines
    /// as the exports draw them ([`CertBox::wrapped_lines`]).
    pub fn alert_at(&self) -> Point {
        self.line_at(self.wrapped_lines.len())
    }

    /// The height the exported content needs: badge, every title line, every wrapped line
    /// and the alert, with the bottom padding of a full [`BOX_HEIGHT`] box.
    pub fn content_height(&self) -> f32 {
        let lines = self.wrapped_lines.len() + usize::from(self.alert.is_some());
        let last = self.line_at(lines.max(1) - 1);
        last.y - self.rect.y + BOX_BOTTOM_PADDING
    }

    /// The pin mark: a small square at the top right of the box.
    pub fn pin_rect(&self) -> Rect {
        Rect {
            x: self.rect.x + self.rect.w - PADDING - PIN_MARK_WIDTH,
            y: self.rect.y + BADGE_TOP,
            w: PIN_MARK_WIDTH,
            h: BADGE_HEIGHT,
        }
    }

    /// Left end of the baseline of the pin mark's label.
    pub fn pin_text_at(&self) -> Point {
        let mark = self.pin_rect();
        Point {
            x: mark.x + 7.0,
            y: mark.y + mark.h / 2.0 + BADGE_SIZE * 0.36,
        }
    }

    /// Left end of the baseline of title line `index` (0 is [`CertBox::title_at`]).
    pub fn title_line_at(&self, index: usize) -> Point {
        let title = self.title_at();
        Point {
            x: title.x,
            y: title.y + index as f32 * TITLE_LINE_HEIGHT,
        }
    }

    /// Left end of the baseline of `lines[index]`, below the title (below its last line).
    pub fn line_at(&self, index: usize) -> Point {
        self.line_below(self.title_lines.len(), index)
    }

    /// Left end of the baseline of `lines[index]` when only `title_lines` lines of the title
    /// are drawn (the window draws at most [`WINDOW_TITLE_LINES`]).
    pub fn line_below(&self, title_lines: usize, index: usize) -> Point {
        let title = self.title_line_at(title_lines.max(1) - 1);
        Point {
            x: title.x,
            y: title.y + 8.0 + TEXT_SIZE + index as f32 * LINE_HEIGHT,
        }
    }
}

/// The smallest text the window draws, in screen points (pixels at 100 % UI scale): below
/// this, box text is not legible. A zoom that would draw smaller text draws it at this size,
/// in a box laid out for it ([`CertBox::window_text`]).
pub const MIN_WINDOW_TEXT: f32 = 11.0;

/// What a run of window text is, for its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextRole {
    /// The badge's label, on the badge's colour.
    Badge,
    /// The pin mark's label.
    Pin,
    /// A line of the title.
    Title,
    /// A secondary line (issuer, validity, stores).
    Line,
    /// The alert: a path-level failure.
    Alert,
}

/// One run of text the window draws in a box.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedText {
    /// What it is.
    pub role: TextRole,
    /// The words, already fitted to `max_width` at `size`.
    pub text: String,
    /// Left end of its baseline.
    pub at: Point,
    /// Font size, in scene units.
    pub size: f32,
    /// The width it may take, in scene units.
    pub max_width: f32,
}

/// A box's badge, pin mark and text as the window draws them at one zoom.
#[derive(Clone, Debug, PartialEq)]
pub struct WindowText {
    /// The badge pill.
    pub badge: Rect,
    /// The pin mark, when the certificate is pinned.
    pub pin: Option<Rect>,
    /// Every run of text, top to bottom; those that do not fit the box are left out (the
    /// box's tooltip and the details panel give everything).
    pub texts: Vec<PlacedText>,
}

/// `text` on at most two lines of `width` at `size`: broken at the last space that lets the
/// first line fit (a validity breaks after its arrow), else as [`wrap`] breaks names; the
/// second line cut with `…` if it is still too long.
/// The most rows one secondary line of a box takes in the window, when the box has room.
const MAX_WINDOW_LINE_ROWS: usize = 4;

fn two_lines(text: &str, width: f32, size: f32) -> Vec<String> {
    if super::metrics::text_width(text, size) <= width {
        return vec![text.to_string()];
    }
    let at_space = text
        .char_indices()
        .filter(|&(i, c)| c == ' ' && i > 0)
        .map(|(i, _)| i)
        .rfind(|&i| super::metrics::text_width(text.get(..i).unwrap_or_default(), size) <= width);
    match at_space {
        Some(i) => vec![
            text.get(..i).unwrap_or_default().to_string(),
            fit(text.get(i + 1..).unwrap_or_default().trim(), width, size),
        ],
        None => wrap(text, width, size, 2),
    }
}

/// `size` in scene units, raised so that it is at least `min_points` on the screen at `zoom`.
pub fn legible_size(size: f32, zoom: f32, min_points: f32) -> f32 {
    size.max(min_points / zoom.max(f32::EPSILON))
}

impl CertBox {
    /// The badge, pin mark and text the window draws at `zoom` (points per unit), no text
    /// smaller than `min_points` on the screen. At zoom 1 and above this is the exports'
    /// layout (badge, two title lines, the lines, the alert); below it the text keeps its
    /// legible size and the layout follows: the pill grows, the title wraps at the larger
    /// size, and the lines that no longer fit the box are left out, the secondary lines
    /// first, then the second title line, then the alert.
    pub fn window_text(&self, zoom: f32, min_points: f32) -> WindowText {
        let badge_size = legible_size(BADGE_SIZE, zoom, min_points);
        // A point above the rest, so the title still stands out when every size is raised.
        let title_size = legible_size(TITLE_SIZE, zoom, min_points + 1.0);
        let text_size = legible_size(TEXT_SIZE, zoom, min_points);
        let inner = self.text_width();
        let scale = badge_size / BADGE_SIZE;
        let pill_height = BADGE_HEIGHT.max(badge_size + (BADGE_HEIGHT - BADGE_SIZE));
        let badge = Rect {
            x: self.rect.x + PADDING,
            y: self.rect.y + BADGE_TOP,
            w: (super::metrics::text_width(self.badge.label(), badge_size) + 14.0 * scale)
                .ceil()
                .min(inner),
            h: pill_height,
        };
        let pill_text = |rect: &Rect, label: &str, role| {
            let max_width = (rect.w - 7.0 * scale).max(0.0);
            PlacedText {
                role,
                text: fit(label, max_width, badge_size),
                at: Point {
                    x: rect.x + 7.0 * scale,
                    y: rect.y + rect.h / 2.0 + badge_size * 0.36,
                },
                size: badge_size,
                max_width,
            }
        };
        let mut texts = vec![pill_text(&badge, self.badge.label(), TextRole::Badge)];
        let pin = self.pinned.then(|| {
            let w =
                PIN_MARK_WIDTH.max(super::metrics::text_width(PIN_MARK, badge_size) + 14.0 * scale);
            Rect {
                x: self.rect.x + self.rect.w - PADDING - w,
                y: badge.y,
                w,
                h: pill_height,
            }
        });
        if let Some(mark) = &pin {
            texts.push(pill_text(mark, PIN_MARK, TextRole::Pin));
        }
        let title = wrap(&self.full_title, inner, title_size, WINDOW_TITLE_LINES);
        let mut lines: Vec<String> = self
            .full_lines
            .iter()
            .map(|l| fit(l, inner, text_size))
            .collect();
        let alert = self.alert.as_deref().map(|a| fit(a, inner, text_size));
        // What is kept, dropped from the end of this order until the box holds the rest.
        let mut title_count = title.len();
        let mut line_count = lines.len();
        let mut with_alert = alert.is_some();
        let bottom = self.rect.y + self.rect.h - PADDING / 2.0;
        let fitted = |title_count: usize, lines: &[String], line_count: usize, with_alert: bool| {
            let placed = self.stack(
                badge.y + pill_height,
                (&title, title_count, title_size),
                (lines, line_count, text_size),
                alert.as_deref().filter(|_| with_alert),
            );
            let last = placed.last().map_or(0.0, |t| t.at.y + t.size * 0.24);
            (last <= bottom).then_some(placed)
        };
        let mut placed = loop {
            if let Some(placed) = fitted(title_count, &lines, line_count, with_alert) {
                break placed;
            }
            if line_count > 0 {
                line_count -= 1;
            } else if title_count > 1 {
                title_count -= 1;
            } else if with_alert {
                with_alert = false;
            } else {
                // Zoomed out past the point where one title line fits: the badge alone.
                break Vec::new();
            }
        };
        // Room left below: a line that was cut takes a second line, as long as all fits. The
        // validity first (`build` makes the lines issuer, validity, stores): the arrow to the
        // issuer's box already names the issuer, nothing else in the box gives the dates.
        if !placed.is_empty() {
            let kept = line_count;
            let cut_lines = lines.clone();
            // How many rows each kept line takes in `lines`.
            let mut rows = vec![1_usize; kept];
            for f in (1..kept).chain(0..kept.min(1)) {
                let (Some(whole), Some(cut)) = (self.full_lines.get(f), cut_lines.get(f)) else {
                    continue;
                };
                let at: usize = rows.iter().take(f).sum();
                if cut == whole || rows.get(f) != Some(&1) {
                    continue;
                }
                // Two rows first; then, while the box still holds it, as many as the exports
                // give the line, so a large zoom shows the whole name instead of blank room.
                for n in 2..=MAX_WINDOW_LINE_ROWS {
                    let rows_now = rows.get(f).copied().unwrap_or(1);
                    let split = if n == 2 {
                        two_lines(whole, inner, text_size)
                    } else {
                        wrap(whole, inner, text_size, n)
                    };
                    if split.len() <= rows_now {
                        break;
                    }
                    let mut grown = lines.clone();
                    grown.splice(at..at + rows_now, split.iter().cloned());
                    let count = line_count + split.len() - rows_now;
                    let Some(more) = fitted(title_count, &grown, count, with_alert) else {
                        break;
                    };
                    placed = more;
                    lines = grown;
                    line_count = count;
                    if let Some(r) = rows.get_mut(f) {
                        *r = split.len();
                    }
                }
            }
        }
        texts.extend(placed);
        WindowText { badge, pin, texts }
    }

    /// Title, lines and alert stacked below `top`, at their sizes with the exports' gaps.
    fn stack(
        &self,
        top: f32,
        (title, title_count, title_size): (&[String], usize, f32),
        (lines, line_count, text_size): (&[String], usize, f32),
        alert: Option<&str>,
    ) -> Vec<PlacedText> {
        let x = self.rect.x + PADDING;
        let inner = self.text_width();
        let mut placed = Vec::new();
        let mut y = top + 8.0 + title_size;
        // The leading stays what the exports have, in units: raised text is set tighter on
        // screen rather than pushing lines out of the box.
        let title_step = title_size + (TITLE_LINE_HEIGHT - TITLE_SIZE);
        for (i, line) in title.iter().take(title_count).enumerate() {
            // The last title line kept says the rest was cut.
            let text = if i + 1 == title_count && title.len() > title_count {
                fit(
                    &rejoin(title.get(i..).unwrap_or_default()),
                    inner,
                    title_size,
                )
            } else {
                line.clone()
            };
            placed.push(PlacedText {
                role: TextRole::Title,
                text,
                at: Point { x, y },
                size: title_size,
                max_width: inner,
            });
            y += title_step;
        }
        y += -title_step + 8.0 + text_size;
        let line_step = text_size + (LINE_HEIGHT - TEXT_SIZE);
        let kept = lines
            .iter()
            .take(line_count)
            .map(|l| (TextRole::Line, l.as_str()));
        for (role, text) in kept.chain(alert.map(|a| (TextRole::Alert, a))) {
            placed.push(PlacedText {
                role,
                text: text.to_string(),
                at: Point { x, y },
                size: text_size,
                max_width: inner,
            });
            y += line_step;
        }
        placed
    }
}

impl Edge {
    /// The label as the window draws it at `zoom`: its size in units (at least `min_points`
    /// on screen) and the width it may take (the gap between boxes), or `None` when a passing
    /// link's label would not fit whole at that size (its colour says it passes; the edge's
    /// hover names every check). A problem's label is cut with `…` rather than left out.
    pub fn window_label(&self, zoom: f32, min_points: f32) -> Option<(f32, f32)> {
        let size = legible_size(EDGE_LABEL_SIZE, zoom, min_points);
        let width = (GAP - 6.0).max(1.0);
        let whole = super::metrics::text_width(&self.label, size) <= width;
        (whole || self.status != CheckStatus::Pass).then_some((size, width))
    }

    /// The arrow head: tip at `end`, then the two corners of its base.
    pub fn arrow_head(&self) -> [Point; 3] {
        let before = self.before_end();
        let (dx, dy) = (self.end.x - before.x, self.end.y - before.y);
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

    /// Centre of the label's baseline, just above the middle of the last segment (the one in
    /// the gap before the issuer, where no other edge's label is).
    pub fn label_at(&self) -> Point {
        let before = self.before_end();
        Point {
            x: (before.x + self.end.x) / 2.0,
            y: (before.y + self.end.y) / 2.0 - 7.0,
        }
    }

    /// The point before `end` on the polyline (`start` for a straight edge).
    pub fn before_end(&self) -> Point {
        let n = self.points.len();
        match n.checked_sub(2).and_then(|i| self.points.get(i)) {
            Some(p) => *p,
            None => self.start,
        }
    }

    /// The polyline, `start` and `end` included (also for an edge built without bends).
    pub fn polyline(&self) -> Vec<Point> {
        if self.points.len() >= 2 {
            self.points.clone()
        } else {
            vec![self.start, self.end]
        }
    }

    /// The polyline with its last point moved back to [`Edge::shaft_end`], for stroking.
    pub fn shaft(&self) -> Vec<Point> {
        let mut points = self.polyline();
        if let Some(last) = points.last_mut() {
            *last = self.shaft_end();
        }
        points
    }

    /// Distance from a point to the nearest segment of the edge.
    pub fn distance(&self, p: Point) -> f32 {
        self.polyline()
            .windows(2)
            .filter_map(|w| match w {
                [a, b] => Some(segment_distance(p, *a, *b)),
                _ => None,
            })
            .fold(f32::INFINITY, f32::min)
    }
}

fn segment_distance(p: Point, a: Point, b: Point) -> f32 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let length2 = dx * dx + dy * dy;
    let t = if length2 <= f32::EPSILON {
        0.0
    } else {
        (((p.x - a.x) * dx + (p.y - a.y) * dy) / length2).clamp(0.0, 1.0)
    };
    let (cx, cy) = (a.x + t * dx - p.x, a.y + t * dy - p.y);
    (cx * cx + cy * cy).sqrt()
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
    /// The legend as the window draws it at `zoom`: each item's swatch position and its text
    /// size (in units), the text raised to at least `min_points` on screen and the items
    /// moved apart as far as the raised text needs, never closer than [`LEGEND_STEP`].
    pub fn window_legend(&self, zoom: f32, min_points: f32) -> Vec<(Point, f32)> {
        let size = legible_size(TEXT_SIZE, zoom, min_points);
        let mut x = self.legend.first().map_or(MARGIN, |item| item.at.x);
        self.legend
            .iter()
            .map(|item| {
                let at = Point { x, y: item.at.y };
                let needed =
                    SWATCH_SIZE + 6.0 + super::metrics::text_width(&item.text, size) + size;
                x += LEGEND_STEP.max(needed);
                (at, size)
            })
            .collect()
    }

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

    fn sample_box() -> CertBox {
        let title = "Starfield Services Root Certificate Authority - G2".to_string();
        let full_lines = vec![
            "issued by Starfield Class 2 Certification Authority".to_string(),
            "2009-09-01 → 2037-12-31".to_string(),
        ];
        let inner = BOX_WIDTH - 2.0 * PADDING;
        CertBox {
            certificate: None,
            rect: Rect {
                x: 40.0,
                y: 30.0,
                w: BOX_WIDTH,
                h: BOX_HEIGHT,
            },
            title: title.clone(),
            title_lines: wrap(&title, inner, TITLE_SIZE, MAX_TITLE_LINES),
            full_title: title,
            lines: full_lines
                .iter()
                .map(|l| fit(l, inner, TEXT_SIZE))
                .collect(),
            wrapped_lines: Vec::new(),
            full_lines,
            badge: Badge::TrustAnchor,
            badge_status: CheckStatus::Pass,
            ghost: false,
            stores: Vec::new(),
            alert: Some("✖ not valid for example.com".to_string()),
            problems: Vec::new(),
            pinned: true,
        }
    }

    #[test]
    fn a_passing_label_too_wide_for_its_gap_is_left_out_and_a_problem_cut() {
        let edge = |label: &str, status| Edge {
            from: 0,
            to: 1,
            start: Point { x: 0.0, y: 0.0 },
            end: Point { x: GAP, y: 0.0 },
            points: Vec::new(),
            status,
            link: None,
            label: label.to_string(),
            problems: Vec::new(),
        };
        let passing = edge("issued by", CheckStatus::Pass);
        assert_eq!(
            passing.window_label(1.0, MIN_WINDOW_TEXT),
            Some((EDGE_LABEL_SIZE, GAP - 6.0))
        );
        assert_eq!(passing.window_label(0.45, MIN_WINDOW_TEXT), None);
        let failing = edge("name chaining", CheckStatus::Fail);
        let (size, _) = failing.window_label(0.45, MIN_WINDOW_TEXT).unwrap();
        assert!(size * 0.45 >= MIN_WINDOW_TEXT - 1e-3);
    }

    #[test]
    fn room_left_in_a_box_goes_to_the_validity_first() {
        let mut b = sample_box();
        b.full_title = "Amazon".to_string();
        b.full_lines = vec![
            "issued by Starfield Services Root Certificate Authority - G2".to_string(),
            "2015-10-22 → 2025-10-19".to_string(),
        ];
        b.alert = None;
        b.pinned = false;
        let rows = |b: &CertBox, zoom: f32| -> Vec<String> {
            b.window_text(zoom, MIN_WINDOW_TEXT)
                .texts
                .into_iter()
                .filter(|t| t.role == TextRole::Line)
                .map(|t| t.text)
                .collect()
        };
        // Room for three rows: the validity whole on two, the issuer cut on one.
        b.rect.h = 170.0;
        let three = rows(&b, 0.6);
        assert_eq!(three.len(), 3, "{three:?}");
        assert!(three[0].ends_with('…'), "{three:?}");
        assert_eq!(three[1..], ["2015-10-22 →", "2025-10-19"]);
    }

    #[test]
    fn a_tall_box_shows_a_long_issuer_whole_on_as_many_rows_as_it_holds() {
        let mut b = sample_box();
        b.full_title = "gateway".to_string();
        let issuer = "issued by factory-floor-sensor-gateway-0042.iot.eu-central-1.amazonaws.com";
        b.full_lines = vec![issuer.to_string(), "2026-12-06 → 2027-01-05".to_string()];
        b.alert = None;
        b.pinned = false;
        b.rect.h = 200.0;
        let rows: Vec<String> = b
            .window_text(1.4, MIN_WINDOW_TEXT)
            .texts
            .into_iter()
            .filter(|t| t.role == TextRole::Line)
            .map(|t| t.text)
            .collect();
        assert!(rows.len() > 3, "{rows:?}");
        assert!(rows.iter().all(|r| !r.ends_with('…')), "{rows:?}");
        let last = rows.last().map(String::as_str);
        assert_eq!(last, Some("2026-12-06 → 2027-01-05"), "{rows:?}");
        let issuer_rows = rows.get(..rows.len() - 1).unwrap_or_default();
        assert_eq!(
            rejoin(issuer_rows).replace(' ', ""),
            issuer.replace(' ', "")
        );
    }

    #[test]
    fn window_text_at_full_zoom_is_the_export_layout() {
        let b = sample_box();
        // With no size raised (the badge's 10 units are the smallest), the exports' layout.
        let layout = b.window_text(1.0, BADGE_SIZE);
        assert_eq!(layout.badge, b.badge_rect());
        assert_eq!(layout.pin, Some(b.pin_rect()));
        let at = |role| {
            layout
                .texts
                .iter()
                .filter(|t| t.role == role)
                .map(|t| t.at)
                .collect::<Vec<_>>()
        };
        assert_eq!(at(TextRole::Badge), [b.badge_text_at()]);
        assert_eq!(
            at(TextRole::Title),
            [b.title_line_at(0), b.title_line_at(1)]
        );
        assert_eq!(at(TextRole::Line), [b.line_below(2, 0), b.line_below(2, 1)]);
        assert_eq!(at(TextRole::Alert), [b.line_below(2, 2)]);
    }

    #[test]
    fn window_text_is_legible_and_inside_its_box_at_any_zoom() {
        let b = sample_box();
        for zoom in [0.25_f32, 0.45, 0.58, 0.8, 1.0, 2.0] {
            let layout = b.window_text(zoom, MIN_WINDOW_TEXT);
            // From the zoom Fit goes down to, the title is there.
            assert!(zoom < 0.45 || layout.texts.iter().any(|t| t.role == TextRole::Title));
            for t in &layout.texts {
                assert!(t.size * zoom >= MIN_WINDOW_TEXT - 1e-3, "{t:?} at {zoom}");
                assert!(
                    super::super::metrics::text_width(&t.text, t.size) <= t.max_width + 0.5,
                    "{t:?} at {zoom}"
                );
                assert!(t.at.y <= b.rect.y + b.rect.h, "{t:?} at {zoom}");
            }
            // Lines are left out from the end, never the title's first line.
            let roles: Vec<TextRole> = layout.texts.iter().map(|t| t.role).collect();
            assert_eq!(roles.first(), Some(&TextRole::Badge), "{roles:?}");
        }
    }

    #[test]
    fn long_names_wrap_whole_and_cut_only_past_the_last_line() {
        let name = "Starfield Services Root Certificate Authority - G2";
        let lines = wrap(name, BOX_WIDTH - 2.0 * PADDING, TITLE_SIZE, MAX_TITLE_LINES);
        assert!(lines.len() >= 2, "{lines:?}");
        assert_eq!(lines.join(" "), name);
        let host = "*.iot.us-east-1.amazonaws.com.example.long-host-name.test";
        let lines = wrap(host, BOX_WIDTH - 2.0 * PADDING, TITLE_SIZE, MAX_TITLE_LINES);
        assert_eq!(lines.concat(), host, "{lines:?}");
        // A name broken at hyphens and dots comes back whole, without inserted spaces.
        let endpoint = "a-very-long-endpoint-name-for-a-device-fleet.iot.eu-central-1.aw";
        let lines = wrap(endpoint, BOX_WIDTH - 2.0 * PADDING, TITLE_SIZE, 4);
        assert!(lines.len() > 1, "{lines:?}");
        assert_eq!(rejoin(&lines), endpoint);
        let cut = wrap(&"x".repeat(400), 150.0, TITLE_SIZE, 2);
        assert_eq!(cut.len(), 2);
        assert!(cut.last().is_some_and(|l| l.ends_with('…')));
        assert_eq!(wrap("short", 150.0, TITLE_SIZE, 2), ["short"]);
    }

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        assert_eq!(fit("short", 200.0, 12.0), "short");
        let long = "a".repeat(200);
        let cut = fit(&long, 100.0, 10.0);
        assert!(cut.ends_with('…'));
        assert!(cut.chars().count() <= 18);
    }

    #[test]
    fn edge_labels_are_the_failures_short_labels_when_they_fit() {
        use crate::model::{Check, CheckName, Failure, Profile};
        let not_ca = Check::failed(
            CheckName::IssuerIsCa,
            Failure::IssuerNotCa {
                issuer: "x".into(),
                why: crate::model::NotCaReason::CaFalse,
                version: 3,
            },
            Profile::WebPki,
        );
        assert_eq!(short_label(&not_ca), "issuer not CA");
        // "path length exceeded" would be cut short: the check's name says it whole.
        let path_len = Check::failed(
            CheckName::PathLength,
            Failure::PathLenExceeded {
                issuer: "x".into(),
                max: 0,
                found: 1,
            },
            Profile::WebPki,
        );
        assert_eq!(short_label(&path_len), "path length");
    }

    fn node(key: usize) -> Node {
        Node {
            key: NodeKey::Certificate(CertId::new(key)),
            certificate: Some(CertId::new(key)),
            title: format!("n{key}"),
            issuer: String::new(),
            validity: String::new(),
            badge: Badge::Intermediate,
            ghost: false,
        }
    }

    /// leaf(0) → m(1) → root(2); m(1) → cross(3) → other root(4): the cross-sign shape.
    fn cross_sign_graph() -> Graph {
        let mut graph = Graph::default();
        for k in 0..5 {
            graph.node(node(k));
        }
        for (from, to) in [(0, 1), (1, 2), (1, 3), (3, 4)] {
            graph.edge(from, to, None);
        }
        graph
    }

    #[test]
    fn layout_runs_by_depth_and_fans_a_second_issuer_out_below() {
        let places = layout(&cross_sign_graph());
        assert_eq!(places, vec![(0, 0), (1, 0), (2, 0), (2, 1), (3, 1)]);
    }

    #[test]
    fn a_longer_way_round_pushes_the_issuer_right() {
        // leaf → a → root and leaf → root directly: the root goes right of a, so the direct
        // edge still runs rightwards (and is routed past a's column).
        let mut graph = Graph::default();
        for k in 0..3 {
            graph.node(node(k));
        }
        graph.edge(0, 1, None);
        graph.edge(1, 2, None);
        graph.edge(0, 2, None);
        let places = layout(&graph);
        assert_eq!(places.get(2).map(|p| p.0), Some(2));
    }

    #[test]
    fn a_cycle_of_cross_signs_cannot_loop() {
        let mut graph = Graph::default();
        for k in 0..3 {
            graph.node(node(k));
        }
        graph.edge(0, 1, None);
        graph.edge(1, 2, None);
        graph.edge(2, 1, None);
        assert_eq!(layout(&graph).len(), 3);
    }

    #[test]
    fn nodes_and_edges_are_kept_once() {
        let mut graph = cross_sign_graph();
        assert_eq!(graph.node(node(3)), 3);
        assert_eq!(graph.edge(1, 3, None), Some(2));
        assert_eq!(
            graph.edge(2, 2, None),
            None,
            "no self-loop for a self-signed anchor"
        );
        assert_eq!(graph.nodes.len(), 5);
        assert_eq!(graph.edges.len(), 4);
    }

    #[test]
    fn free_height_steps_below_a_box_in_the_way() {
        let rect = Rect {
            x: 100.0,
            y: 0.0,
            w: BOX_WIDTH,
            h: BOX_HEIGHT,
        };
        let blocker = CertBox {
            certificate: None,
            rect,
            title: String::new(),
            title_lines: Vec::new(),
            full_title: String::new(),
            lines: Vec::new(),
            wrapped_lines: Vec::new(),
            full_lines: Vec::new(),
            badge: Badge::Intermediate,
            badge_status: CheckStatus::Pass,
            ghost: false,
            stores: Vec::new(),
            alert: None,
            problems: Vec::new(),
            pinned: false,
        };
        let y = free_height(std::slice::from_ref(&blocker), 100.0, BOX_HEIGHT / 2.0);
        assert!(y > rect.y + rect.h, "{y}");
        let clear = free_height(
            std::slice::from_ref(&blocker),
            100.0 + BOX_WIDTH + GAP,
            10.0,
        );
        assert_eq!(clear, 10.0);
    }

    #[test]
    fn an_edge_is_near_its_polyline_only() {
        let edge = Edge {
            from: 0,
            to: 1,
            start: Point { x: 0.0, y: 0.0 },
            end: Point { x: 100.0, y: 50.0 },
            points: vec![
                Point { x: 0.0, y: 0.0 },
                Point { x: 50.0, y: 50.0 },
                Point { x: 100.0, y: 50.0 },
            ],
            status: CheckStatus::Pass,
            link: None,
            label: String::new(),
            problems: Vec::new(),
        };
        assert!(edge.distance(Point { x: 75.0, y: 52.0 }) <= 2.5);
        assert!(edge.distance(Point { x: 90.0, y: 0.0 }) > 40.0);
        // The arrow head points along the last segment (rightwards).
        let [tip, a, b] = edge.arrow_head();
        assert_eq!(tip, edge.end);
        assert!(a.x < tip.x && b.x < tip.x);
        assert_eq!(edge.before_end(), Point { x: 50.0, y: 50.0 });
    }
}
