//! Scene → draw.io: uncompressed mxGraph XML that diagrams.net opens as an editable diagram,
//! one vertex per certificate box and one connected edge per Scene edge, placed where the Scene
//! puts them.

use std::fmt::Write;

use super::scene::{CORNER_RADIUS, EDGE_WIDTH, TEXT_SIZE};
use super::svg::{FONT_FAMILY, escape, num};
use super::{CertBox, Edge, Scene, Theme, status_color};

/// Renders the scene as a draw.io (diagrams.net) file.
pub fn render(scene: &Scene) -> String {
    let palette = scene.theme.palette();
    let mut out = String::with_capacity(4096);
    // `write!` into a String cannot fail; the results are ignored on purpose throughout.
    let _ = writeln!(
        out,
        r#"<mxfile host="chainlens" agent="chainlens {}">"#,
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(
        out,
        r#"  <diagram id="chainlens-chain" name="Certificate chain">"#
    );
    let _ = writeln!(
        out,
        r#"    <mxGraphModel grid="0" gridSize="10" guides="1" tooltips="1" connect="1" arrows="1" fold="1" page="0" pageScale="1" pageWidth="{}" pageHeight="{}" math="0" shadow="0" background="{}">"#,
        num(scene.width),
        num(scene.height),
        palette.background.hex()
    );
    let _ = writeln!(out, "      <root>");
    let _ = writeln!(out, r#"        <mxCell id="0"/>"#);
    let _ = writeln!(out, r#"        <mxCell id="1" parent="0"/>"#);
    for (index, cert_box) in scene.boxes.iter().enumerate() {
        write_vertex(&mut out, index, cert_box, scene.theme);
    }
    for (index, edge) in scene.edges.iter().enumerate() {
        write_edge(&mut out, index, edge, scene);
    }
    write_legend_and_caption(&mut out, scene);
    let _ = writeln!(out, "      </root>");
    let _ = writeln!(out, "    </mxGraphModel>");
    let _ = writeln!(out, "  </diagram>");
    let _ = writeln!(out, "</mxfile>");
    out
}

fn write_vertex(out: &mut String, index: usize, cert_box: &CertBox, theme: Theme) {
    let palette = theme.palette();
    let rect = cert_box.rect;
    // Plain-text label (html=0): the names need no HTML escaping, and line breaks are kept.
    let mut badge = cert_box.badge.label().to_string();
    if cert_box.pinned {
        badge.push_str(" · PINNED");
    }
    // The whole name on one line: draw.io wraps it to the box, and a user editing the label
    // edits the name, not our line breaks.
    let mut value = vec![badge, cert_box.full_title.clone()];
    value.extend(cert_box.full_lines.iter().cloned());
    value.extend(cert_box.alert.iter().cloned());
    let (fill, dash, text) = if cert_box.ghost {
        (
            palette.background,
            "dashed=1;dashPattern=6 4;",
            palette.muted,
        )
    } else {
        (palette.box_fill, "", palette.text)
    };
    // A plain vertex has no badge pill: its outline takes the badge's status colour instead.
    let style = format!(
        "rounded=1;absoluteArcSize=1;arcSize={arc};whiteSpace=wrap;html=0;align=left;verticalAlign=top;spacingLeft=8;spacingTop=4;fillColor={fill};strokeColor={stroke};strokeWidth=1.5;{dash}fontColor={text};fontFamily={FONT_FAMILY};fontSize={size};",
        arc = num(2.0 * CORNER_RADIUS),
        fill = fill.hex(),
        stroke = status_color(cert_box.badge_status, theme).hex(),
        text = text.hex(),
        size = num(TEXT_SIZE),
    );
    let _ = writeln!(
        out,
        r#"        <mxCell id="box-{index}" value="{}" style="{}" vertex="1" parent="1">"#,
        escape(&value.join("\n")),
        escape(&style)
    );
    let _ = writeln!(
        out,
        r#"          <mxGeometry x="{}" y="{}" width="{}" height="{}" as="geometry"/>"#,
        num(rect.x),
        num(rect.y),
        num(rect.w),
        num(rect.h)
    );
    let _ = writeln!(out, "        </mxCell>");
}

fn write_edge(out: &mut String, index: usize, edge: &Edge, scene: &Scene) {
    let palette = scene.theme.palette();
    let colour = status_color(edge.status, scene.theme).hex();
    // Pin both ends where the Scene puts them (relative to each box), so diagrams.net does not
    // re-route the edge to the nearest side.
    let anchor = |box_index: usize, x: f32, y: f32| {
        scene
            .boxes
            .get(box_index)
            .map(|b| {
                let r = b.rect;
                (num((x - r.x) / r.w.max(1.0)), num((y - r.y) / r.h.max(1.0)))
            })
            .unwrap_or_else(|| ("0.5".to_string(), "0.5".to_string()))
    };
    let (exit_x, exit_y) = anchor(edge.from, edge.start.x, edge.start.y);
    let (entry_x, entry_y) = anchor(edge.to, edge.end.x, edge.end.y);
    let style = format!(
        "edgeStyle=none;rounded=0;html=0;endArrow=block;endFill=1;endSize=8;strokeColor={colour};strokeWidth={width};fontColor={colour};fontFamily={FONT_FAMILY};fontSize=11;verticalAlign=bottom;labelBackgroundColor={bg};exitX={exit_x};exitY={exit_y};exitDx=0;exitDy=0;entryX={entry_x};entryY={entry_y};entryDx=0;entryDy=0;",
        width = num(EDGE_WIDTH),
        bg = palette.background.hex(),
    );
    let _ = writeln!(
        out,
        r#"        <mxCell id="edge-{index}" value="{}" style="{}" edge="1" parent="1" source="box-{}" target="box-{}">"#,
        escape(&edge.label),
        escape(&style),
        edge.from,
        edge.to
    );
    let _ = writeln!(out, r#"          <mxGeometry relative="1" as="geometry">"#);
    // The bends between the two ends, where the Scene routes the edge around other boxes.
    let polyline = edge.polyline();
    let bends = polyline
        .get(1..polyline.len().saturating_sub(1))
        .unwrap_or_default();
    if !bends.is_empty() {
        let _ = writeln!(out, r#"            <Array as="points">"#);
        for p in bends {
            let _ = writeln!(
                out,
                r#"              <mxPoint x="{}" y="{}"/>"#,
                num(p.x),
                num(p.y)
            );
        }
        let _ = writeln!(out, "            </Array>");
    }
    let _ = writeln!(
        out,
        r#"            <mxPoint x="{}" y="{}" as="sourcePoint"/>"#,
        num(edge.start.x),
        num(edge.start.y)
    );
    let _ = writeln!(
        out,
        r#"            <mxPoint x="{}" y="{}" as="targetPoint"/>"#,
        num(edge.end.x),
        num(edge.end.y)
    );
    let _ = writeln!(out, "          </mxGeometry>");
    let _ = writeln!(out, "        </mxCell>");
}

/// The legend (a swatch and its words per status) and the caption (source, time, verdicts)
/// as plain text cells, where the SVG draws them: a diagram pasted into a document explains
/// its colours.
fn write_legend_and_caption(out: &mut String, scene: &Scene) {
    use super::scene::SWATCH_SIZE;
    let palette = scene.theme.palette();
    for (index, item) in scene.legend.iter().enumerate() {
        let colour = status_color(item.status, scene.theme);
        let fill = if item.outline {
            "none".to_string()
        } else {
            colour.hex()
        };
        let _ = writeln!(
            out,
            r#"        <mxCell id="legend-swatch-{index}" value="" style="rounded=1;fillColor={fill};strokeColor={};" vertex="1" parent="1">"#,
            colour.hex()
        );
        let _ = writeln!(
            out,
            r#"          <mxGeometry x="{}" y="{}" width="{}" height="{}" as="geometry"/>"#,
            num(item.swatch().x),
            num(item.swatch().y),
            num(item.swatch().w),
            num(item.swatch().h)
        );
        let _ = writeln!(out, "        </mxCell>");
        let _ = writeln!(
            out,
            r#"        <mxCell id="legend-{index}" value="{}" style="text;html=0;align=left;verticalAlign=middle;fontColor={};fontFamily={FONT_FAMILY};fontSize={};" vertex="1" parent="1">"#,
            escape(&item.text),
            palette.text.hex(),
            num(TEXT_SIZE)
        );
        let _ = writeln!(
            out,
            r#"          <mxGeometry x="{}" y="{}" width="100" height="{}" as="geometry"/>"#,
            num(item.swatch().x + SWATCH_SIZE + 4.0),
            num(item.swatch().y - 4.0),
            num(SWATCH_SIZE + 8.0)
        );
        let _ = writeln!(out, "        </mxCell>");
    }
    if scene.caption.is_empty() {
        return;
    }
    let lines = scene.caption.len() as f32;
    let _ = writeln!(
        out,
        r#"        <mxCell id="caption" value="{}" style="text;html=0;whiteSpace=wrap;align=left;verticalAlign=top;fontColor={};fontFamily={FONT_FAMILY};fontSize={};" vertex="1" parent="1">"#,
        escape(&scene.caption.join("\n")),
        palette.muted.hex(),
        num(TEXT_SIZE)
    );
    let _ = writeln!(
        out,
        r#"          <mxGeometry x="{}" y="{}" width="{}" height="{}" as="geometry"/>"#,
        num(scene.caption_at.x),
        num(scene.caption_at.y),
        num((scene.width - 2.0 * scene.caption_at.x).max(200.0)),
        num(lines * (TEXT_SIZE + 6.0) + 8.0)
    );
    let _ = writeln!(out, "        </mxCell>");
}
