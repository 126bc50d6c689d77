//! The "AWS IoT…" source dialog: profile, region and endpoint type. Discover finds the
//! account's endpoint through the standard AWS credential chain, fills the address and
//! fetches it as a device would (port 443, ALPN x-amzn-mqtt-ca).

use egui::{Id, RichText, Ui};
use serde::{Deserialize, Serialize};

use crate::aws::{AwsOptions, Endpoint, EndpointType, IOT_REGIONS, LEGACY_EXPLANATION};

use super::command::{Command, CommandQueue};
use super::job::{JobKind, JobState};

/// Which data endpoint the dialog discovers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum AwsKind {
    /// `iot:Data-ATS`.
    #[default]
    Ats,
    /// `iot:Data`, the legacy endpoint.
    Legacy,
    /// Both: the ATS one is fetched, the legacy one offered beside it.
    Both,
}

impl AwsKind {
    /// The endpoint types to ask for.
    pub fn types(self) -> Vec<EndpointType> {
        match self {
            AwsKind::Ats => vec![EndpointType::DataAts],
            AwsKind::Legacy => vec![EndpointType::DataLegacy],
            AwsKind::Both => EndpointType::DATA.to_vec(),
        }
    }
}

/// The dialog's choices, remembered across runs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AwsForm {
    /// Profile name; empty for the standard chain (`AWS_PROFILE`, then `default`).
    pub profile: String,
    /// Region; empty for `AWS_REGION` or the profile's.
    pub region: String,
    /// Which endpoint.
    pub kind: AwsKind,
}

impl AwsForm {
    /// The library's options for these choices.
    pub fn options(&self) -> AwsOptions {
        let non_empty = |text: &str| Some(text.trim().to_string()).filter(|t| !t.is_empty());
        AwsOptions {
            profile: non_empty(&self.profile),
            region: non_empty(&self.region),
            ..AwsOptions::default()
        }
    }
}

/// The dialog while it is open. Not persisted.
#[derive(Debug, Default)]
pub struct AwsDialog {
    /// Whether it is shown.
    pub open: bool,
    /// The profiles of the shared config files, once read, or why they could not be.
    pub profiles: Option<Result<Vec<String>, String>>,
    /// The reading of the profile names.
    pub profiles_job: JobState,
    /// The running discovery.
    pub job: JobState,
    /// The last discovery's error, shown inline.
    pub error: Option<String>,
    /// What the last discovery found, and in which region.
    pub found: Option<(String, Vec<Endpoint>)>,
}

/// Draws the dialog when it is open; sends what the user asked for.
pub fn aws_dialog_ui(
    ctx: &egui::Context,
    form: &mut AwsForm,
    dialog: &AwsDialog,
    commands: &mut CommandQueue,
) {
    if !dialog.open {
        return;
    }
    let modal = egui::Modal::new(Id::unique("aws_dialog")).show(ctx, |ui| {
        ui.set_width(520.0);
        ui.heading("AWS IoT endpoint");
        ui.label(
            "Finds the account's AWS IoT Core endpoint with the AWS credential chain \
             (environment, ~/.aws/config, SSO, credential_process, assume-role), \
             then fetches its chain as a device would.",
        );
        ui.add_space(6.0);
        egui::Grid::new("aws_dialog_grid")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                profile_ui(ui, form, dialog, commands);
                ui.end_row();
                region_ui(ui, form);
                ui.end_row();
                ui.label("Endpoint");
                ui.horizontal(|ui| {
                    ui.radio_value(&mut form.kind, AwsKind::Ats, "ATS");
                    ui.radio_value(&mut form.kind, AwsKind::Legacy, "Legacy");
                    ui.radio_value(&mut form.kind, AwsKind::Both, "ATS and legacy");
                });
                ui.end_row();
            });
        if form.kind != AwsKind::Ats {
            ui.label(RichText::new(LEGACY_EXPLANATION).small().weak());
        }
        ui.add_space(6.0);
        if let Some(error) = &dialog.error {
            ui.label(RichText::new(error).color(ui.visuals().error_fg_color));
        }
        if let Some((region, endpoints)) = &dialog.found {
            for endpoint in endpoints {
                ui.horizontal(|ui| {
                    ui.label(format!("{} ({region}):", endpoint.endpoint_type));
                    ui.monospace(&endpoint.address);
                    if ui.button("Fetch").clicked() {
                        commands.send(Command::AwsFetch(endpoint.address.clone()));
                    }
                });
            }
        }
        ui.separator();
        ui.horizontal(|ui| {
            if let JobState::Running { started, .. } = &dialog.job {
                ui.spinner();
                ui.label(format!(
                    "Asking AWS… {:.0} s",
                    started.elapsed().as_secs_f32()
                ));
                if ui.button("Cancel").clicked() {
                    commands.send(Command::AwsCancel);
                }
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_millis(250));
            } else if ui.button("Discover").clicked() {
                commands.send(Command::AwsDiscover);
            }
            if ui.button("Close").clicked() {
                commands.send(Command::AwsClose);
            }
        });
    });
    if modal.should_close() && !commands.contains(&Command::AwsClose) {
        commands.send(Command::AwsClose);
    }
}

fn profile_ui(ui: &mut Ui, form: &mut AwsForm, dialog: &AwsDialog, commands: &mut CommandQueue) {
    let label = ui.label("Profile");
    ui.horizontal(|ui| {
        profile_combo_ui(ui, form, dialog, label.id);
        if let JobState::Running { started, .. } = &dialog.profiles_job {
            ui.spinner();
            ui.label(format!(
                "Reading the profiles… {:.0} s",
                started.elapsed().as_secs_f32()
            ));
            if ui
                .button("Cancel")
                .on_hover_text(JobKind::AwsProfiles.cancel_hint())
                .clicked()
            {
                commands.send(Command::CancelJob(JobKind::AwsProfiles));
            }
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(250));
        }
    });
}

fn profile_combo_ui(ui: &mut Ui, form: &mut AwsForm, dialog: &AwsDialog, label: egui::Id) {
    let shown = if form.profile.is_empty() {
        "(standard chain)".to_string()
    } else {
        form.profile.clone()
    };
    let combo = egui::ComboBox::from_id_salt("aws_profile")
        .selected_text(shown)
        .width(260.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut form.profile, String::new(), "(standard chain)");
            match &dialog.profiles {
                Some(Ok(names)) => {
                    for name in names {
                        ui.selectable_value(&mut form.profile, name.clone(), name);
                    }
                }
                Some(Err(e)) => {
                    ui.label(RichText::new(e).weak());
                }
                None if dialog.profiles_job.is_running() => {
                    ui.label(RichText::new("Reading ~/.aws/config…").weak());
                }
                None => {
                    ui.label(
                        RichText::new("Not read: close and open the dialog to read them").weak(),
                    );
                }
            }
        });
    combo.response.labelled_by(label);
}

fn region_ui(ui: &mut Ui, form: &mut AwsForm) {
    let label = ui.label("Region");
    let shown = if form.region.is_empty() {
        "(from AWS_REGION or the profile)".to_string()
    } else {
        form.region.clone()
    };
    let combo = egui::ComboBox::from_id_salt("aws_region")
        .selected_text(shown)
        .width(260.0)
        .height(320.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(
                &mut form.region,
                String::new(),
                "(from AWS_REGION or the profile)",
            );
            for region in IOT_REGIONS {
                ui.selectable_value(&mut form.region, (*region).to_string(), *region);
            }
        });
    combo.response.labelled_by(label.id);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_choices_leave_the_chain_to_decide() {
        let options = AwsForm::default().options();
        assert_eq!(options.profile, None);
        assert_eq!(options.region, None);
        let options = AwsForm {
            profile: " dev ".into(),
            region: "eu-west-1".into(),
            kind: AwsKind::Both,
        }
        .options();
        assert_eq!(options.profile.as_deref(), Some("dev"));
        assert_eq!(options.region.as_deref(), Some("eu-west-1"));
        assert_eq!(AwsKind::Both.types(), EndpointType::DATA);
    }

    #[test]
    fn the_choices_survive_a_restart() {
        let form = AwsForm {
            profile: "iot-dev".into(),
            region: "ap-south-1".into(),
            kind: AwsKind::Legacy,
        };
        let text = serde_json::to_string(&form).unwrap();
        assert_eq!(serde_json::from_str::<AwsForm>(&text).unwrap(), form);
        // State saved before the dialog existed still loads.
        assert_eq!(
            serde_json::from_str::<AwsForm>("{}").unwrap(),
            AwsForm::default()
        );
    }
}
