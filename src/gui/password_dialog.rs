//! The password prompt for an encrypted PKCS#12 file: a modal with a masked field, opened
//! when a load reports that it needs one, and again, with the error, after a wrong one.
//! The password lives only in this prompt (wiped when it closes) and in the load job.

use egui::{Color32, Id, RichText};
use zeroize::Zeroizing;

use super::command::{Command, CommandQueue};
use crate::load::SourceSpec;

/// A load waiting for a password: everything needed to run it again with one.
pub struct PasswordPrompt {
    /// The file that needs it, as shown to the user.
    pub file: String,
    /// What the load does, in words (for the job's spinner).
    pub what: String,
    /// The sources to load again.
    pub specs: Vec<SourceSpec>,
    /// The recent-list entry of the load.
    pub recent: Option<String>,
    /// Whether the last password was wrong.
    pub wrong: bool,
    /// The password being typed (wiped on drop).
    pub password: Zeroizing<String>,
    /// Whether the field still has to take the focus.
    pub focus: bool,
}

impl PasswordPrompt {
    /// A prompt for `file`; `wrong` when a password was already tried.
    pub fn new(
        file: String,
        what: String,
        specs: Vec<SourceSpec>,
        recent: Option<String>,
        wrong: bool,
    ) -> Self {
        Self {
            file,
            what,
            specs,
            recent,
            wrong,
            password: Zeroizing::new(String::new()),
            focus: true,
        }
    }
}

impl std::fmt::Debug for PasswordPrompt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordPrompt")
            .field("file", &self.file)
            .field("wrong", &self.wrong)
            .finish_non_exhaustive()
    }
}

/// Draws the prompt when one is open; sends what the user chose.
pub fn password_dialog_ui(
    prompt: Option<&mut PasswordPrompt>,
    ctx: &egui::Context,
    commands: &mut CommandQueue,
) {
    if let Some(command) = password_choice(prompt, ctx) {
        commands.send(command);
    }
}

/// The prompt itself; at most one command a frame.
fn password_choice(prompt: Option<&mut PasswordPrompt>, ctx: &egui::Context) -> Option<Command> {
    let prompt = prompt?;
    let mut choice = None;
    let modal = egui::Modal::new(Id::unique("password_dialog")).show(ctx, |ui| {
        ui.set_width(440.0);
        ui.heading("Password required");
        ui.add(
            egui::Label::new(format!(
                "{} is an encrypted PKCS#12 file. Type its password to read its certificates.",
                prompt.file
            ))
            .wrap(),
        );
        ui.label(
            RichText::new(
                "Only the certificates are read: a private key in it is never shown or kept.",
            )
            .weak(),
        );
        ui.add_space(6.0);
        if prompt.wrong {
            let red = if ui.visuals().dark_mode {
                Color32::from_rgb(255, 130, 120)
            } else {
                Color32::from_rgb(180, 20, 20)
            };
            ui.label(
                RichText::new(
                    "Wrong password: the file's integrity check fails with it. Try again.",
                )
                .color(red),
            );
        }
        let field = ui.horizontal(|ui| {
            let label = ui.label("Password");
            ui.add(
                egui::TextEdit::singleline(&mut *prompt.password)
                    .password(true)
                    .desired_width(280.0),
            )
            .labelled_by(label.id)
        });
        let field = field.inner;
        if prompt.focus {
            field.request_focus();
            prompt.focus = false;
        }
        if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            choice = Some(Command::SubmitPassword);
        }
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui.button("Open").clicked() {
                choice = Some(Command::SubmitPassword);
            }
            if ui.button("Cancel").clicked() {
                choice = Some(Command::CancelPassword);
            }
        });
    });
    if modal.should_close() && choice.is_none() {
        choice = Some(Command::CancelPassword);
    }
    choice
}
