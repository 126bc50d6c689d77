//! Scene → PNG: the SVG export rasterised by resvg (tiny-skia) with the font bundled in
//! `assets/fonts`, encoded by the `image` crate. No system font is ever consulted, so the same
//! inspection gives the same pixels on every machine.

use std::sync::{Arc, OnceLock};

use image::ImageEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{self, fontdb};

use super::Scene;
use super::svg::{self, FONT_FAMILY};

/// DejaVu Sans (Bitstream Vera licence, see assets/fonts/LICENSE-DejaVu.txt).
static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// Scales an export may be rendered at: 1×, 2× (HiDPI) and 3×.
pub const SCALES: std::ops::RangeInclusive<u32> = 1..=3;

/// Why a PNG could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PngError {
    /// The scale is not 1, 2 or 3.
    #[error("scale {scale} is not supported: use 1, 2 or 3")]
    Scale {
        /// The scale asked for.
        scale: u32,
    },
    /// The SVG export did not parse (a bug in chainlens, since it wrote it).
    #[error("the diagram's SVG does not parse")]
    Svg {
        /// The parser's error.
        #[source]
        source: usvg::Error,
    },
    /// The image would be empty or too large to allocate.
    #[error("cannot make a {width}×{height} image")]
    Size {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
    /// The PNG encoder failed.
    #[error("cannot encode the PNG")]
    Encode {
        /// The encoder's error.
        #[source]
        source: image::ImageError,
    },
}

/// The font database: the bundled font only, parsed once per process (the window may export
/// many times).
fn fonts() -> Arc<fontdb::Database> {
    static FONTS: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = fontdb::Database::new();
            // Borrow the embedded bytes instead of copying 750 KB into a Vec.
            db.load_font_source(fontdb::Source::Binary(Arc::new(FONT)));
            // Generic families in the SVG's fallback list resolve to the bundled font too.
            db.set_sans_serif_family(FONT_FAMILY);
            Arc::new(db)
        })
        .clone()
}

/// Renders the scene as a PNG at `scale` (1, 2 or 3): `ceil(scene.width × scale)` pixels wide.
/// With `transparent`, the page background is left out (boxes keep their fill).
pub fn render(scene: &Scene, scale: u32, transparent: bool) -> Result<Vec<u8>, PngError> {
    if !SCALES.contains(&scale) {
        return Err(PngError::Scale { scale });
    }
    let svg = svg::render_with(scene, !transparent);
    let options = usvg::Options {
        font_family: FONT_FAMILY.to_string(),
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(&svg, &options).map_err(|source| PngError::Svg { source })?;
    let factor = scale as f32;
    let width = (scene.width * factor).ceil() as u32;
    let height = (scene.height * factor).ceil() as u32;
    let mut pixmap = Pixmap::new(width, height).ok_or(PngError::Size { width, height })?;
    resvg::render(
        &tree,
        Transform::from_scale(factor, factor),
        &mut pixmap.as_mut(),
    );
    // tiny-skia works in premultiplied alpha; PNG stores straight alpha. An opaque image is
    // written as RGB: a quarter smaller, and every viewer shows it the same.
    let channels = if transparent { 4 } else { 3 };
    let mut pixels = Vec::with_capacity(pixmap.pixels().len() * channels);
    for pixel in pixmap.pixels() {
        let c = pixel.demultiply();
        pixels.extend_from_slice(&[c.red(), c.green(), c.blue()]);
        if transparent {
            pixels.push(c.alpha());
        }
    }
    let color_type = if transparent {
        image::ExtendedColorType::Rgba8
    } else {
        image::ExtendedColorType::Rgb8
    };
    let mut out = Vec::new();
    // Default (zlib level 6) rather than the crate's Fast: less than half the size for a few
    // milliseconds, which matters for images committed to READMEs and pasted into tickets.
    PngEncoder::new_with_quality(&mut out, CompressionType::Default, FilterType::Adaptive)
        .write_image(&pixels, width, height, color_type)
        .map_err(|source| PngError::Encode { source })?;
    Ok(out)
}
