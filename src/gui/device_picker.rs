//! The trust panel's "Devices" section: which device TLS stacks (and presets) answer beside
//! the stores, and the clock they run on. The form is part of the [`TrustForm`], so it is
//! remembered, reset with the policy, and a change verifies again like every other control
//! of the panel.
//!
//! [`TrustForm`]: super::trust_form::TrustForm

use egui::{RichText, Ui};
use serde::{Deserialize, Serialize};

use crate::model::{Device, DeviceChoice, DeviceClock, Preset, Stack};

/// What the devices believe the time is, as the combo box offers it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClockMode {
    /// The validation time.
    #[default]
    Set,
    /// No real-time clock: validity is not checked.
    None,
    /// At least the build date typed into [`DeviceForm::clock_text`].
    Build,
    /// Off by the days typed into [`DeviceForm::clock_text`].
    Skew,
}

impl ClockMode {
    const ALL: [ClockMode; 4] = [
        ClockMode::Set,
        ClockMode::None,
        ClockMode::Build,
        ClockMode::Skew,
    ];

    fn label(self) -> &'static str {
        match self {
            ClockMode::Set => "Set (validation time)",
            ClockMode::None => "None (no clock)",
            ClockMode::Build => "Build date",
            ClockMode::Skew => "Skew (days)",
        }
    }
}

/// The devices as chosen in the panel.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeviceForm {
    /// The ticked devices by the names the CLI takes (`mbedtls-2.28`, `esp-idf`), in the
    /// order the panel lists them.
    pub ticked: Vec<String>,
    /// The devices' clock.
    pub clock: ClockMode,
    /// The build date (`YYYY-MM-DD`) or the skew in days (`-30`), as typed.
    pub clock_text: String,
}

/// Every name the panel offers: the stack profiles, then the presets.
fn offered() -> impl Iterator<Item = &'static str> {
    Stack::ALL
        .into_iter()
        .map(Stack::profile_name)
        .chain(Preset::ALL.into_iter().map(Preset::name))
}

impl DeviceForm {
    /// Ticks or unticks a device by name, keeping the panel's order.
    pub fn set(&mut self, name: &str, on: bool) {
        let mut ticked: Vec<String> = offered()
            .filter(|&n| {
                if n == name {
                    on
                } else {
                    self.ticked.iter().any(|t| t == n)
                }
            })
            .map(str::to_string)
            .collect();
        std::mem::swap(&mut self.ticked, &mut ticked);
    }

    /// Whether a device is ticked.
    pub fn is_ticked(&self, name: &str) -> bool {
        self.ticked.iter().any(|t| t == name)
    }

    /// The devices' clock, or what is wrong with the typed date or days.
    pub fn clock(&self) -> Result<DeviceClock, String> {
        let text = self.clock_text.trim();
        let spelled = match self.clock {
            ClockMode::Set => return Ok(DeviceClock::Set),
            ClockMode::None => return Ok(DeviceClock::None),
            ClockMode::Build => format!("build:{text}"),
            // The field takes days alone; the CLI's form carries the unit.
            ClockMode::Skew => format!("skew:{}d", text.trim_end_matches('d')),
        };
        spelled.parse::<DeviceClock>().map_err(|e| e.to_string())
    }

    /// The devices and clock a verification runs under, or what is wrong with the clock.
    /// Names that no longer parse (from an older saved state) are left out.
    pub fn choice(&self) -> Result<DeviceChoice, String> {
        let devices: Vec<Device> = self
            .ticked
            .iter()
            .filter_map(|name| name.parse::<Device>().ok())
            .collect();
        let clock = if devices.is_empty() {
            // Without a device the clock decides nothing: a half-typed date must not hold
            // back the stores' verdict.
            self.clock().unwrap_or_default()
        } else {
            self.clock()?
        };
        Ok(DeviceChoice { devices, clock })
    }
}

/// Draws the "Devices" section: a checkbox per stack profile and preset, the clock. It folds
/// to one line, open from the start when a device is ticked, so that the panel's other
/// controls keep their place for those who never ask about a device.
pub fn device_picker_ui(ui: &mut Ui, form: &mut DeviceForm) {
    let title = match form.ticked.len() {
        0 => "Devices".to_string(),
        n => format!("Devices ({n} ticked)"),
    };
    egui::CollapsingHeader::new(RichText::new(title).strong())
        .id_salt("devices_section")
        .default_open(!form.ticked.is_empty())
        .show(ui, |ui| device_controls_ui(ui, form));
}

fn device_controls_ui(ui: &mut Ui, form: &mut DeviceForm) {
    for stack in Stack::ALL {
        let name = stack.profile_name();
        let mut on = form.is_ticked(name);
        if ui
            .checkbox(&mut on, name)
            .on_hover_text(format!(
                "Also answer as {}'s default client verification does ({})",
                stack.library(),
                stack.proven_against()
            ))
            .changed()
        {
            form.set(name, on);
        }
    }
    for preset in Preset::ALL {
        let name = preset.name();
        let mut on = form.is_ticked(name);
        let hover = match preset {
            Preset::AwsIotDeviceSdk => {
                "The AWS IoT Device SDK for Embedded C: Mbed TLS 2.28 trusting Amazon Root CA 1 \
                 only"
            }
            Preset::EspIdf => {
                "ESP-IDF's certificate bundle: Mbed TLS with the Mozilla roots as name and key \
                 only"
            }
        };
        if ui.checkbox(&mut on, name).on_hover_text(hover).changed() {
            form.set(name, on);
        }
    }
    // The label above the box: side by side they would widen the panel.
    let label = ui.label("Device clock");
    egui::ComboBox::from_id_salt("device_clock")
        .selected_text(form.clock.label())
        .width(ui.available_width().min(170.0))
        .show_ui(ui, |ui| {
            for mode in ClockMode::ALL {
                ui.selectable_value(&mut form.clock, mode, mode.label());
            }
        })
        .response
        .labelled_by(label.id)
        .on_hover_text("What the devices believe the time is");
    let field = match form.clock {
        ClockMode::Set | ClockMode::None => None,
        ClockMode::Build => Some(("Build date (YYYY-MM-DD)", "2024-01-01")),
        ClockMode::Skew => Some(("Clock skew in days", "-30")),
    };
    if let Some((text, hint)) = field {
        let label = ui.label(text);
        ui.add(
            egui::TextEdit::singleline(&mut form.clock_text)
                .hint_text(hint)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
        if let Err(problem) = form.clock() {
            ui.add(
                egui::Label::new(RichText::new(problem).color(ui.visuals().error_fg_color)).wrap(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticking_keeps_the_panel_order_and_reads_the_clock() {
        let mut form = DeviceForm::default();
        form.set("esp-idf", true);
        form.set("wolfssl-5.5", true);
        form.set("mbedtls-2.28", true);
        assert_eq!(form.ticked, ["mbedtls-2.28", "wolfssl-5.5", "esp-idf"]);
        form.set("wolfssl-5.5", false);
        assert_eq!(form.ticked, ["mbedtls-2.28", "esp-idf"]);
        let choice = form.choice().unwrap();
        assert_eq!(choice.devices.len(), 2);
        assert_eq!(choice.devices[1].preset, Some(Preset::EspIdf));
        assert_eq!(choice.clock, DeviceClock::Set);

        form.clock = ClockMode::Skew;
        form.clock_text = "-30".into();
        assert_eq!(
            form.choice().unwrap().clock,
            DeviceClock::Skew { days: -30 }
        );
        form.clock_text = "30d".into();
        assert_eq!(form.clock(), Ok(DeviceClock::Skew { days: 30 }));
        form.clock = ClockMode::Build;
        form.clock_text = "soon".into();
        assert!(form.choice().is_err());
        // Without a device an unreadable clock holds nothing back.
        form.ticked.clear();
        assert_eq!(form.choice().unwrap().clock, DeviceClock::Set);
    }

    #[test]
    fn an_old_saved_form_loads() {
        let form: DeviceForm = serde_json::from_str("{}").unwrap();
        assert_eq!(form, DeviceForm::default());
    }
}
