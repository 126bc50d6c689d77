//! Export of the current inspection through the library's renderers: the same files the
//! command line writes (`chainlens export`), from the same scene the window draws.

use std::path::Path;

use crate::diagram::{self, Scene};
use crate::model::Inspection;
use crate::report;
use crate::report::export::ExportKind;

/// Scale of PNG exports and of "Copy diagram as PNG": sharp on HiDPI screens and in documents.
pub const PNG_SCALE: u32 = 2;

/// How a diagram is exported, as chosen in the export dialog: for documents by default (light,
/// sharp, on a white page).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DiagramExportOptions {
    /// Colours of the exported diagram, whatever the window's theme.
    pub theme: diagram::Theme,
    /// PNG pixels per diagram unit: 1, 2 or 3.
    pub scale: u32,
    /// A PNG without its page background.
    pub transparent: bool,
}

impl Default for DiagramExportOptions {
    fn default() -> Self {
        Self {
            theme: diagram::Theme::Light,
            scale: PNG_SCALE,
            transparent: false,
        }
    }
}

/// A file format the window can export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// The diagram as SVG.
    Svg,
    /// The diagram as PNG.
    Png,
    /// The diagram as an editable draw.io file.
    DrawIo,
    /// The chain as built, one PEM bundle, leaf first.
    Pem,
    /// The certificates as the source sent them, one PEM bundle.
    PemAsSent,
    /// The whole inspection as JSON.
    Json,
    /// The whole inspection as text (openssl-like certificates, links, verdicts).
    Text,
}

impl ExportFormat {
    /// Every format, in menu order.
    pub const ALL: &'static [ExportFormat] = &[
        ExportFormat::Svg,
        ExportFormat::Png,
        ExportFormat::DrawIo,
        ExportFormat::Pem,
        ExportFormat::PemAsSent,
        ExportFormat::Json,
        ExportFormat::Text,
    ];

    /// Menu words.
    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Svg => "Diagram as SVG",
            ExportFormat::Png => "Diagram as PNG",
            ExportFormat::DrawIo => "Diagram as draw.io",
            ExportFormat::Pem => "Chain as PEM",
            ExportFormat::PemAsSent => "Certificates as sent (PEM)",
            ExportFormat::Json => "Report as JSON",
            ExportFormat::Text => "Report as text",
        }
    }

    /// File extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Svg => "svg",
            ExportFormat::Png => "png",
            ExportFormat::DrawIo => "drawio",
            ExportFormat::Pem | ExportFormat::PemAsSent => "pem",
            ExportFormat::Json => "json",
            ExportFormat::Text => "txt",
        }
    }
}

/// A file name from the leaf's name and the validation date: `example.com-2023-01-01.svg`,
/// `star.iot.us-east-1.amazonaws.com-2023-01-01.png` (the source's name without a leaf).
pub fn default_file_name(insp: &Inspection, format: ExportFormat) -> String {
    let leaf = insp
        .groups
        .first()
        .and_then(|g| g.certificates.first())
        .and_then(|&id| insp.cert(id))
        .map(|c| c.label().replace('*', "star"));
    let name = leaf.unwrap_or_else(|| insp.source.label.clone());
    let name = format!("{name}-{}", crate::verify::human_date(insp.policy.time));
    let base: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let mut base: String = base
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
        .chars()
        .take(60)
        .collect();
    if base.is_empty() {
        base = "chain".to_string();
    }
    if format == ExportFormat::PemAsSent {
        base.push_str("-as-sent");
    }
    format!("{base}.{}", format.extension())
}

impl ExportFormat {
    /// What the library writes for this menu entry, with the default options.
    pub fn kind(self) -> ExportKind {
        self.kind_with(DiagramExportOptions::default())
    }

    /// What the library writes for this menu entry with the options chosen.
    pub fn kind_with(self, options: DiagramExportOptions) -> ExportKind {
        match self {
            ExportFormat::Svg => ExportKind::Svg,
            ExportFormat::Png => ExportKind::Png {
                scale: options.scale.clamp(1, 3),
                transparent: options.transparent,
            },
            ExportFormat::DrawIo => ExportKind::DrawIo,
            ExportFormat::Pem => ExportKind::Pem { as_sent: false },
            ExportFormat::PemAsSent => ExportKind::Pem { as_sent: true },
            ExportFormat::Json => ExportKind::Json,
            ExportFormat::Text => ExportKind::Text,
        }
    }
}

/// The bytes of an export, rendered (the slow part of a PNG export).
pub fn render(
    insp: &Inspection,
    scene: Option<&Scene>,
    format: ExportFormat,
    options: DiagramExportOptions,
) -> Result<Vec<u8>, String> {
    report::export::render(insp, scene, format.kind_with(options)).map_err(|e| format!("{e:#}"))
}

/// The scene of an export: the one the window draws (the same store's paths), in the theme
/// chosen for the export.
pub fn export_scene(insp: &Inspection, store: usize, options: DiagramExportOptions) -> Scene {
    diagram::scene::build(
        insp,
        diagram::SceneOptions {
            theme: options.theme,
            store: Some(store),
        },
    )
}

/// Writes rendered export bytes to `path` whole (a temporary file renamed over the target), as
/// the command line writes them.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> Result<(), String> {
    report::export::write_atomic(path, bytes).map_err(|e| format!("{e:#}"))
}

/// The diagram as an image for the clipboard.
pub fn diagram_image(scene: &Scene) -> Result<egui::ColorImage, String> {
    let png = diagram::png::render(scene, PNG_SCALE, false)
        .map_err(|e| format!("cannot make the PNG: {e:#}"))?;
    let image = image::load_from_memory_with_format(&png, image::ImageFormat::Png)
        .map_err(|e| format!("cannot read the PNG back: {e}"))?
        .to_rgba8();
    let size = [image.width() as usize, image.height() as usize];
    Ok(egui::ColorImage::from_rgba_unmultiplied(
        size,
        image.as_raw(),
    ))
}
