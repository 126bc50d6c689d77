//! The window icon: the 128 px PNG from `assets/icon/`, generated from `chainlens.svg` by
//! `dist/make-icons.sh` and embedded, so the window needs no file at run time.

/// The embedded PNG.
const ICON_PNG: &[u8] = include_bytes!("../../assets/icon/chainlens-128.png");

/// The window icon, decoded to RGBA for eframe's viewport.
pub fn window_icon() -> Result<egui::IconData, image::ImageError> {
    let rgba = image::load_from_memory_with_format(ICON_PNG, image::ImageFormat::Png)?.into_rgba8();
    let (width, height) = rgba.dimensions();
    Ok(egui::IconData {
        rgba: rgba.into_raw(),
        width,
        height,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_icon_decodes_to_a_square_rgba_image() {
        let icon = window_icon().unwrap();
        assert_eq!((icon.width, icon.height), (128, 128));
        assert_eq!(icon.rgba.len(), 128 * 128 * 4);
        // Transparent corners (a rounded tile), an opaque middle.
        assert_eq!(icon.rgba.get(3), Some(&0));
        let middle = (64 * 128 + 64) * 4 + 3;
        assert_eq!(icon.rgba.get(middle), Some(&255));
    }
}
