//! Renders the application icon, `assets/icon/chainlens.svg`, to the PNG sizes that desktops
//! and the window use: `assets/icon/chainlens-{32,48,64,128,256}.png`, with resvg (already
//! chainlens's SVG renderer, so no other tool is needed).
//!
//! With `--check`, compares instead of writing and fails when a committed PNG is out of date
//! with the SVG, so CI notices an SVG edit without regenerated PNGs.
//!
//!   cargo run --example icons             (dist/make-icons.sh)
//!   cargo run --example icons -- --check

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use image::ImageEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg;

/// The sizes of the hicolor theme's fixed-size directories that the packages fill.
const SIZES_PX: [u32; 5] = [32, 48, 64, 128, 256];

fn main() -> ExitCode {
    let check = match std::env::args().nth(1).as_deref() {
        None => false,
        Some("--check") => true,
        Some(other) => {
            eprintln!("icons: unknown argument {other}; usage: icons [--check]");
            return ExitCode::from(2);
        }
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/icon");
    match run(&dir, check) {
        Ok(stale) if stale.is_empty() => ExitCode::SUCCESS,
        Ok(stale) => {
            for path in stale {
                eprintln!(
                    "icons: {} is out of date with chainlens.svg: run dist/make-icons.sh",
                    path.display()
                );
            }
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("icons: {e}");
            ExitCode::from(2)
        }
    }
}

/// Renders every size; writes them, or with `check` returns the PNGs that differ.
fn run(dir: &Path, check: bool) -> Result<Vec<PathBuf>, String> {
    let svg_path = dir.join("chainlens.svg");
    let svg = std::fs::read_to_string(&svg_path)
        .map_err(|e| format!("cannot read {}: {e}", svg_path.display()))?;
    let tree = usvg::Tree::from_str(&svg, &usvg::Options::default())
        .map_err(|e| format!("{} does not parse: {e}", svg_path.display()))?;
    let mut stale = Vec::new();
    for size_px in SIZES_PX {
        let rgba = render(&tree, size_px)?;
        let path = dir.join(format!("chainlens-{size_px}.png"));
        if check {
            let committed = image::open(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?
                .into_rgba8();
            if committed.dimensions() != (size_px, size_px)
                || committed.as_raw().as_slice() != rgba.as_slice()
            {
                stale.push(path);
            }
        } else {
            let mut png = Vec::new();
            PngEncoder::new_with_quality(&mut png, CompressionType::Best, FilterType::Adaptive)
                .write_image(&rgba, size_px, size_px, image::ExtendedColorType::Rgba8)
                .map_err(|e| format!("cannot encode {}: {e}", path.display()))?;
            std::fs::write(&path, png)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            println!("{}", path.display());
        }
    }
    Ok(stale)
}

/// The icon at `size_px` × `size_px`, straight-alpha RGBA.
fn render(tree: &usvg::Tree, size_px: u32) -> Result<Vec<u8>, String> {
    let mut pixmap =
        Pixmap::new(size_px, size_px).ok_or_else(|| format!("cannot make a {size_px} px image"))?;
    let scale = size_px as f32 / tree.size().width();
    resvg::render(
        tree,
        Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    // tiny-skia works in premultiplied alpha; PNG stores straight alpha.
    let mut rgba = Vec::with_capacity(pixmap.pixels().len() * 4);
    for pixel in pixmap.pixels() {
        let c = pixel.demultiply();
        rgba.extend_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
    }
    Ok(rgba)
}
