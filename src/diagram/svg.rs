//! Scene → standalone SVG 1.1. Text stays text (searchable, selectable), every element carries
//! class names and `data-*` attributes, and the output is a pure function of the Scene, so the
//! same inspection gives the same bytes.

use std::fmt::Write;

use crate::model::CheckStatus;

use super::scene::{
    ARROW_HALF_WIDTH, ARROW_LENGTH, BADGE_SIZE, CORNER_RADIUS, DASH, EDGE_LABEL_SIZE, EDGE_WIDTH,
    OUTLINE_WIDTH, PIN_MARK, SWATCH_RADIUS, TEXT_SIZE, TITLE_SIZE,
};
use super::{CertBox, Color, Edge, Scene, Theme, status_color};

/// The family name of the bundled font (assets/fonts), as its name table spells it.
pub const FONT_FAMILY: &str = "DejaVu Sans";

/// The `font-family` list written into the SVG: the bundled font first, then fonts with similar
/// metrics (Verdana descends from the same Bitstream Vera design), then the generic family.
pub const FONT_FAMILY_LIST: &str = "'DejaVu Sans', 'Bitstream Vera Sans', Verdana, sans-serif";

/// Renders the scene as a standalone SVG document, with its theme's background.
pub fn render(scene: &Scene) -> String {
    render_with(scene, true)
}

/// Renders the scene, with or without the background rectangle (a transparent PNG has none).
pub(crate) fn render_with(scene: &Scene, background: bool) -> String {
    let palette = scene.theme.palette();
    let mut out = String::with_capacity(8192);
    // `write!` into a String cannot fail; the results are ignored on purpose throughout.
    let _ = writeln!(
        out,
        r#"<?xml version="1.0" encoding="UTF-8" standalone="no"?>"#
    );
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{font}" class="chainlens-chain theme-{theme}">"#,
        w = num(scene.width),
        h = num(scene.height),
        font = FONT_FAMILY_LIST,
        theme = theme_name(scene.theme),
    );
    let _ = writeln!(out, "<title>Certificate chain</title>");
    if !scene.caption.is_empty() {
        let _ = writeln!(out, "<desc>{}</desc>", escape(&scene.caption.join("\n")));
    }
    write_markers(&mut out, scene);
    if background {
        let _ = writeln!(
            out,
            r#"<rect class="background" x="0" y="0" width="{}" height="{}" fill="{}"/>"#,
            num(scene.width),
            num(scene.height),
            palette.background.hex()
        );
    }

    let _ = writeln!(out, r#"<g class="edges">"#);
    for edge in &scene.edges {
        write_edge(&mut out, edge, scene.theme);
    }
    let _ = writeln!(out, "</g>");

    let _ = writeln!(out, r#"<g class="boxes">"#);
    for (index, cert_box) in scene.boxes.iter().enumerate() {
        write_box(&mut out, index, cert_box, scene.theme);
    }
    let _ = writeln!(out, "</g>");

    let _ = writeln!(out, r#"<g class="legend">"#);
    for item in &scene.legend {
        let swatch = item.swatch();
        let text_at = item.text_at();
        let _ = writeln!(
            out,
            r#"<g class="legend-item" data-status="{status}"><rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{radius}" {paint}/><text x="{tx}" y="{ty}" font-size="{size}" fill="{text}">{label}</text></g>"#,
            status = item.status.as_str(),
            radius = num(SWATCH_RADIUS),
            x = num(swatch.x),
            y = num(swatch.y),
            w = num(swatch.w),
            h = num(swatch.h),
            paint = if item.outline {
                format!(
                    r#"fill="none" stroke="{}" stroke-width="{}""#,
                    palette.text.hex(),
                    num(OUTLINE_WIDTH)
                )
            } else {
                format!(r#"fill="{}""#, status_color(item.status, scene.theme).hex())
            },
            tx = num(text_at.x),
            ty = num(text_at.y),
            size = num(TEXT_SIZE),
            text = palette.text.hex(),
            label = escape(&item.text),
        );
    }
    let _ = writeln!(out, "</g>");

    let _ = writeln!(out, r#"<g class="caption">"#);
    for (index, line) in scene.caption.iter().enumerate() {
        let at = scene.caption_line_at(index);
        // The verdict (last line) in the main colour, the context above it muted.
        let colour = if index + 1 == scene.caption.len() {
            palette.text
        } else {
            palette.muted
        };
        let _ = writeln!(
            out,
            r#"<text class="caption-line" x="{}" y="{}" font-size="{}" fill="{}">{}</text>"#,
            num(at.x),
            num(at.y),
            num(TEXT_SIZE),
            colour.hex(),
            escape(line)
        );
    }
    let _ = writeln!(out, "</g>");
    let _ = writeln!(out, "</svg>");
    out
}

/// One arrow-head marker per status drawn, because SVG 1.1 markers cannot take the colour of
/// the line that uses them.
fn write_markers(out: &mut String, scene: &Scene) {
    let mut statuses: Vec<CheckStatus> = scene.edges.iter().map(|e| e.status).collect();
    statuses.sort();
    statuses.dedup();
    if statuses.is_empty() {
        return;
    }
    let _ = writeln!(out, "<defs>");
    for status in statuses {
        // refX = 0: the marker's base sits where the shaft ends (`Edge::shaft_end`), so its
        // tip lands exactly on `Edge::end`, as in the window.
        let _ = writeln!(
            out,
            r#"<marker id="arrow-{status}" markerUnits="userSpaceOnUse" markerWidth="{len}" markerHeight="{wid}" viewBox="0 0 {len} {wid}" refX="0" refY="{half}" orient="auto"><path d="M0,0 L{len},{half} L0,{wid} z" fill="{fill}"/></marker>"#,
            status = status.as_str(),
            len = num(ARROW_LENGTH),
            wid = num(2.0 * ARROW_HALF_WIDTH),
            half = num(ARROW_HALF_WIDTH),
            fill = status_color(status, scene.theme).hex(),
        );
    }
    let _ = writeln!(out, "</defs>");
}

fn write_edge(out: &mut String, edge: &Edge, theme: Theme) {
    let colour = status_color(edge.status, theme);
    let shaft: Vec<String> = edge
        .shaft()
        .iter()
        .enumerate()
        .map(|(i, p)| {
            format!(
                "{}{},{}",
                if i == 0 { 'M' } else { 'L' },
                num(p.x),
                num(p.y)
            )
        })
        .collect();
    let label_at = edge.label_at();
    let link = edge
        .link
        .map(|l| format!(r#" data-link="{l}""#))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        r#"<g class="link" data-from="{}" data-to="{}">"#,
        edge.from, edge.to
    );
    if !edge.problems.is_empty() {
        let _ = writeln!(out, "<title>{}</title>", escape(&edge.problems.join("\n")));
    }
    let _ = writeln!(
        out,
        r#"<path class="edge edge-{status}" data-status="{status}"{link} d="{d}" fill="none" stroke="{stroke}" stroke-width="{width}" stroke-linejoin="round" marker-end="url(#arrow-{status})"/>"#,
        status = edge.status.as_str(),
        d = shaft.join(" "),
        stroke = colour.hex(),
        width = num(EDGE_WIDTH),
    );
    if !edge.label.is_empty() {
        let _ = writeln!(
            out,
            r#"<text class="edge-label" x="{}" y="{}" font-size="{}" text-anchor="middle" fill="{}">{}</text>"#,
            num(label_at.x),
            num(label_at.y),
            num(EDGE_LABEL_SIZE),
            colour.hex(),
            escape(&edge.label)
        );
    }
    let _ = writeln!(out, "</g>");
}

fn write_box(out: &mut String, index: usize, cert_box: &CertBox, theme: Theme) {
    let palette = theme.palette();
    let rect = cert_box.rect;
    let cert = cert_box
        .certificate
        .map(|id| format!(r#" data-cert="{id}""#))
        .unwrap_or_default();
    let ghost_class = if cert_box.ghost { " ghost" } else { "" };
    let _ = writeln!(
        out,
        r#"<g class="cert {badge}{ghost_class}{pinned}" data-box="{index}"{cert} data-badge="{badge}" data-status="{status}">"#,
        badge = badge_class(cert_box),
        status = cert_box.badge_status.as_str(),
        pinned = if cert_box.pinned { " pinned" } else { "" },
    );
    let mut tooltip = vec![cert_box.full_title.clone()];
    tooltip.extend(cert_box.problems.iter().cloned());
    let _ = writeln!(out, "<title>{}</title>", escape(&tooltip.join("\n")));
    // A ghost is an issuer that is not there: dashed outline on the page colour.
    let (fill, dash) = if cert_box.ghost {
        (
            palette.background,
            format!(r#" stroke-dasharray="{} {}""#, num(DASH.0), num(DASH.1)),
        )
    } else {
        (palette.box_fill, String::new())
    };
    let _ = writeln!(
        out,
        r#"<rect class="box" x="{}" y="{}" width="{}" height="{}" rx="{r}" ry="{r}" fill="{}" stroke="{}" stroke-width="{w}"{dash}/>"#,
        num(rect.x),
        num(rect.y),
        num(rect.w),
        num(rect.h),
        fill.hex(),
        palette.box_stroke.hex(),
        r = num(CORNER_RADIUS),
        w = num(OUTLINE_WIDTH),
    );
    let badge = cert_box.badge_rect();
    let badge_at = cert_box.badge_text_at();
    let _ = writeln!(
        out,
        r#"<rect class="badge" x="{}" y="{}" width="{}" height="{}" rx="{r}" ry="{r}" fill="{}"/>"#,
        num(badge.x),
        num(badge.y),
        num(badge.w),
        num(badge.h),
        status_color(cert_box.badge_status, theme).hex(),
        r = num(badge.h / 2.0),
    );
    let _ = writeln!(
        out,
        r#"<text class="badge-label" x="{}" y="{}" font-size="{}" fill="{}">{}</text>"#,
        num(badge_at.x),
        num(badge_at.y),
        num(BADGE_SIZE),
        on_status(theme).hex(),
        escape(cert_box.badge.label())
    );
    let text_colour = if cert_box.ghost {
        palette.muted
    } else {
        palette.text
    };
    for (index, line) in cert_box.title_lines.iter().enumerate() {
        let at = cert_box.title_line_at(index);
        let _ = writeln!(
            out,
            r#"<text class="title" x="{}" y="{}" font-size="{}" fill="{}">{}</text>"#,
            num(at.x),
            num(at.y),
            num(TITLE_SIZE),
            text_colour.hex(),
            escape(line)
        );
    }
    for (line_index, line) in cert_box.wrapped_lines.iter().enumerate() {
        let at = cert_box.line_at(line_index);
        let _ = writeln!(
            out,
            r#"<text class="line" x="{}" y="{}" font-size="{}" fill="{}">{}</text>"#,
            num(at.x),
            num(at.y),
            num(TEXT_SIZE),
            palette.muted.hex(),
            escape(line)
        );
    }
    if let Some(alert) = &cert_box.alert {
        let at = cert_box.alert_at();
        let _ = writeln!(
            out,
            r#"<text class="alert" x="{}" y="{}" font-size="{}" font-weight="bold" fill="{}">{}</text>"#,
            num(at.x),
            num(at.y),
            num(TEXT_SIZE),
            status_color(CheckStatus::Fail, theme).hex(),
            escape(alert)
        );
    }
    if cert_box.pinned {
        let mark = cert_box.pin_rect();
        let at = cert_box.pin_text_at();
        let _ = writeln!(
            out,
            r#"<rect class="pin-mark" x="{}" y="{}" width="{}" height="{}" rx="{r}" ry="{r}" fill="none" stroke="{}" stroke-width="{w}"/><text class="pin-label" x="{}" y="{}" font-size="{}" fill="{}">{}</text>"#,
            num(mark.x),
            num(mark.y),
            num(mark.w),
            num(mark.h),
            palette.text.hex(),
            num(at.x),
            num(at.y),
            num(BADGE_SIZE),
            palette.text.hex(),
            PIN_MARK,
            r = num(mark.h / 2.0),
            w = num(OUTLINE_WIDTH),
        );
    }
    let _ = writeln!(out, "</g>");
}

/// The colour of text drawn on a status colour: white on the deep light-theme colours, the
/// page colour on the pale dark-theme ones, for contrast either way.
pub(crate) fn on_status(theme: Theme) -> Color {
    match theme {
        Theme::Light => Color(0xff, 0xff, 0xff),
        Theme::Dark => theme.palette().background,
    }
}

/// [`on_status`] for other painters (the window).
pub fn on_status_color(theme: Theme) -> Color {
    on_status(theme)
}

fn badge_class(cert_box: &CertBox) -> &'static str {
    match cert_box.badge {
        super::Badge::Leaf => "leaf",
        super::Badge::Intermediate => "intermediate",
        super::Badge::TrustAnchor => "trust-anchor",
        super::Badge::SelfSigned => "self-signed",
        super::Badge::Missing => "missing",
    }
}

fn theme_name(theme: Theme) -> &'static str {
    match theme {
        Theme::Light => "light",
        Theme::Dark => "dark",
    }
}

/// A coordinate with at most two decimals and no trailing zeros: short, and stable across
/// platforms (no float formatting noise in the bytes).
pub(crate) fn num(value: f32) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    let text = format!("{rounded:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    match text {
        "" | "-0" => "0".to_string(),
        other => other.to_string(),
    }
}

/// Escapes text for XML content and attribute values. Certificate names are external data:
/// besides markup characters they may hold control characters that XML 1.0 forbids, which
/// become U+FFFD so the document stays well formed; line breaks and tabs become character
/// references so they survive attribute normalisation.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#xA;"),
            '\r' => out.push_str("&#xD;"),
            '\t' => out.push_str("&#x9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_makes_names_safe_for_xml() {
        assert_eq!(
            escape("A&B <\"x\"> 'y'"),
            "A&amp;B &lt;&quot;x&quot;&gt; &apos;y&apos;"
        );
        assert_eq!(escape("a\u{1}b\nc"), "a\u{FFFD}b&#xA;c");
    }

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(24.0), "24");
        assert_eq!(num(370.5), "370.5");
        assert_eq!(num(0.333_333), "0.33");
        assert_eq!(num(-0.001), "0");
    }
}
