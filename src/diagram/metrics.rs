//! Text widths measured on the font the diagram is drawn with (DejaVu Sans, bundled in
//! `assets/fonts`), so a name is cut only when it really does not fit its box. The exports
//! render with exactly this font, so the measure is exact for them.

use std::sync::OnceLock;

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

/// Average glyph width as a fraction of the font size: the fallback of [`text_width`]
/// should the bundled font not parse. Measured on the exported font (DejaVu Sans,
/// assets/fonts): its digits are 0.64 em and lower case averages about 0.6 em, so 0.62 keeps
/// fitted names inside their boxes. Here, not in the scene, so that the scene depends on the
/// metrics and not the reverse.
pub const GLYPH_WIDTH_EM: f32 = 0.62;

/// DejaVu Sans (Bitstream Vera licence, see assets/fonts/LICENSE-DejaVu.txt).
pub(crate) static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// Advance widths at 1 unit per em, for the characters names are made of (the rest are
/// measured one by one).
struct Widths {
    ascii: [f32; 128],
}

fn widths() -> Option<&'static Widths> {
    static WIDTHS: OnceLock<Option<Widths>> = OnceLock::new();
    WIDTHS
        .get_or_init(|| {
            let font = FontRef::new(FONT).ok()?;
            let mut ascii = [0.0_f32; 128];
            for (code, slot) in ascii.iter_mut().enumerate() {
                *slot = char::from_u32(code as u32)
                    .and_then(|c| advance(&font, c))
                    .unwrap_or(0.6);
            }
            Some(Widths { ascii })
        })
        .as_ref()
}

fn advance(font: &FontRef<'_>, c: char) -> Option<f32> {
    let glyph = font.charmap().map(c)?;
    font.glyph_metrics(Size::new(1.0), LocationRef::default())
        .advance_width(glyph)
}

/// The width of `text` at `size` units, in units.
pub fn text_width(text: &str, size: f32) -> f32 {
    let Some(widths) = widths() else {
        return text.chars().count() as f32 * size * GLYPH_WIDTH_EM;
    };
    let font = FontRef::new(FONT).ok();
    text.chars()
        .map(|c| {
            let known = widths
                .ascii
                .get(c as usize)
                .copied()
                .filter(|_| c.is_ascii());
            known
                .or_else(|| font.as_ref().and_then(|f| advance(f, c)))
                .unwrap_or(GLYPH_WIDTH_EM)
        })
        .sum::<f32>()
        * size
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_font() {
        // DejaVu Sans: "i" is narrow, "W" wide, digits 0.636 em.
        assert!(text_width("i", 10.0) < text_width("W", 10.0));
        let digit = text_width("0", 100.0);
        assert!((digit - 63.6).abs() < 0.5, "{digit}");
        assert_eq!(text_width("", 12.0), 0.0);
        assert!(text_width("→", 12.0) > 0.0);
    }
}
