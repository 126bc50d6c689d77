//! Text colours of the window's two themes, chosen for a contrast of at least 4.5:1 (WCAG 2
//! AA for body text) on the backgrounds they are drawn on: weak and hint text, warnings and
//! errors, the red of an error line on its own tinted frame. egui's defaults (orange-red
//! warnings on white, pure red on dark red, 60 % weak text) fall short of it.

use egui::{Color32, Theme, Ui, Visuals};

use crate::diagram::scene;

/// The minimum contrast of any text colour here against its background.
pub const MIN_CONTRAST: f64 = 4.5;

/// How strongly the error frame of the source bar is tinted with the error colour.
pub const ERROR_FILL_ALPHA: f32 = 0.12;

/// The window's colours of one theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    /// Weak text: hints in text fields, secondary labels.
    pub weak_text: Color32,
    /// Warnings.
    pub warn: Color32,
    /// Errors.
    pub error: Color32,
}

impl Palette {
    /// The colours of `theme`.
    pub fn of(theme: Theme) -> Self {
        match theme {
            Theme::Light => Palette {
                weak_text: Color32::from_rgb(0x5c, 0x5c, 0x5c),
                warn: Color32::from_rgb(0x9a, 0x4a, 0x00),
                error: Color32::from_rgb(0xb3, 0x0c, 0x0c),
            },
            Theme::Dark => Palette {
                weak_text: Color32::from_rgb(0xa8, 0xa8, 0xa8),
                warn: Color32::from_rgb(0xff, 0xb0, 0x4d),
                error: Color32::from_rgb(0xff, 0x85, 0x7a),
            },
        }
    }

    /// `visuals` with these colours.
    pub fn apply(self, visuals: &mut Visuals) {
        visuals.weak_text_color = Some(self.weak_text);
        visuals.warn_fg_color = self.warn;
        visuals.error_fg_color = self.error;
    }
}

/// Installs both themes' colours into the context.
pub fn install(ctx: &egui::Context) {
    for theme in [Theme::Light, Theme::Dark] {
        ctx.style_mut_of(theme, |style| {
            Palette::of(theme).apply(&mut style.visuals);
            // Small text (the one-line DN, notes under fields) stays readable: egui's 9 points
            // are too small at 100 % scale.
            if let Some(small) = style.text_styles.get_mut(&egui::TextStyle::Small) {
                small.size = small.size.max(MIN_SMALL_TEXT_SIZE);
            }
        });
    }
}

/// Size of egui's small text in the window, in points.
pub const MIN_SMALL_TEXT_SIZE: f32 = 11.0;

/// The WCAG 2 relative luminance of an sRGB colour (alpha ignored).
pub fn luminance(color: Color32) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(color.r()) + 0.7152 * channel(color.g()) + 0.0722 * channel(color.b())
}

/// The WCAG 2 contrast ratio of two colours, from 1 to 21.
pub fn contrast(a: Color32, b: Color32) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// `over` at `alpha` composited on the opaque `under`, as the error frame is painted.
pub fn blend(under: Color32, over: Color32, alpha: f32) -> Color32 {
    let mix = |u: u8, o: u8| {
        (f32::from(u) * (1.0 - alpha) + f32::from(o) * alpha)
            .round()
            .clamp(0.0, 255.0) as u8
    };
    Color32::from_rgb(
        mix(under.r(), over.r()),
        mix(under.g(), over.g()),
        mix(under.b(), over.b()),
    )
}

/// The scene theme matching egui's current theme.
pub fn scene_theme(ui: &Ui) -> scene::Theme {
    if ui.visuals().dark_mode {
        scene::Theme::Dark
    } else {
        scene::Theme::Light
    }
}

/// The scene theme matching the context's current style (the logic's view of
/// [`scene_theme`]).
pub fn scene_theme_of(ctx: &egui::Context) -> scene::Theme {
    if ctx.global_style().visuals.dark_mode {
        scene::Theme::Dark
    } else {
        scene::Theme::Light
    }
}

/// A scene colour for egui.
pub fn to_color32(c: scene::Color) -> Color32 {
    Color32::from_rgb(c.0, c.1, c.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The premultiplied `top` painted over the opaque `under`.
    fn over(under: Color32, top: Color32) -> Color32 {
        let keep = 1.0 - f32::from(top.a()) / 255.0;
        let mix = |u: u8, t: u8| (f32::from(t) + f32::from(u) * keep).round().min(255.0) as u8;
        Color32::from_rgb(
            mix(under.r(), top.r()),
            mix(under.g(), top.g()),
            mix(under.b(), top.b()),
        )
    }

    fn visuals(theme: Theme) -> Visuals {
        let mut visuals = match theme {
            Theme::Light => Visuals::light(),
            Theme::Dark => Visuals::dark(),
        };
        Palette::of(theme).apply(&mut visuals);
        visuals
    }

    #[test]
    fn the_formula_matches_wcag() {
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 1e-9);
        assert!((contrast(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 1e-9);
        // WCAG's own example: #777 on white is just under 4.5.
        let grey = contrast(Color32::from_gray(0x77), Color32::WHITE);
        assert!((4.47..4.49).contains(&grey), "{grey}");
    }

    #[test]
    fn every_text_colour_reads_on_its_backgrounds_in_both_themes() {
        for theme in [Theme::Light, Theme::Dark] {
            let v = visuals(theme);
            let palette = Palette::of(theme);
            // Panels, text fields (hints), and the faint stripes of lists (a translucent
            // colour egui paints over the panel).
            let stripe = over(v.panel_fill, v.faint_bg_color);
            let backgrounds = [v.panel_fill, v.extreme_bg_color, stripe, v.window_fill];
            for bg in backgrounds {
                for (name, fg) in [
                    ("weak text", v.weak_text_color()),
                    ("warning", palette.warn),
                    ("error", palette.error),
                ] {
                    let ratio = contrast(fg, bg);
                    assert!(
                        ratio >= MIN_CONTRAST,
                        "{theme:?}: {name} {fg:?} on {bg:?} is {ratio:.2}:1"
                    );
                }
            }
            // The error line on its own tinted frame (red on dark red in the dark theme).
            let fill = blend(v.panel_fill, palette.error, ERROR_FILL_ALPHA);
            let ratio = contrast(palette.error, fill);
            assert!(
                ratio >= MIN_CONTRAST,
                "{theme:?}: error on its frame is {ratio:.2}:1"
            );
            // Body text stays as it was.
            assert!(contrast(v.text_color(), v.panel_fill) >= MIN_CONTRAST);
        }
    }

    #[test]
    fn egui_s_defaults_were_short_of_it() {
        // Why this module exists: orange-red warnings on a light panel.
        let light = Visuals::light();
        assert!(contrast(light.warn_fg_color, light.panel_fill) < MIN_CONTRAST);
    }
}
