//! The frame's logic: job reports, keyboard shortcuts, drops and pastes, the toast's time
//! and the window title; the Batch view's and the AWS IoT dialog's jobs.

use std::path::PathBuf;
use std::time::Duration;

use egui::{Context, Key, KeyboardShortcut, Modifiers};

use crate::model::{BuiltinStore, Inspection, StoreChoice};

use crate::gui::file_dialog::{DialogBackend, FileRequest};
use crate::gui::job::{JobId, JobKind, JobState};
use crate::gui::tasks::{Job, TaskEvent};

use super::App;

/// How long a toast stays on screen.
const TOAST_DURATION: Duration = Duration::from_secs(4);
/// How long the Paste button waits for the clipboard before opening the paste dialog.
const PASTE_WAIT: Duration = Duration::from_millis(400);

/// The window's title: the application, then the source it shows ("chainlens — example.com:443").
pub fn window_title(inspection: Option<&Inspection>) -> String {
    match inspection {
        Some(insp) => format!("chainlens — {}", insp.source.label),
        None => "chainlens".to_string(),
    }
}

impl App {
    pub(super) fn handle_event(&mut self, ctx: &Context, event: TaskEvent) {
        match event {
            TaskEvent::Verified { job, result } => self.verified(job, result),
            TaskEvent::Loaded {
                job,
                recent,
                result,
            } => {
                if !self.session.load_job.is(job) {
                    // A cancelled or replaced job: its result is no longer wanted.
                    return;
                }
                self.session.load_job = Job::Done(());
                match result {
                    Ok(loaded) => {
                        self.session.error = None;
                        if let Some(source) = recent {
                            self.state.remember_source(source);
                        }
                        self.set_loaded(*loaded);
                    }
                    // The previous chain stays: an error never empties the window.
                    Err(e) => self.session.error = Some(e.into()),
                }
            }
            TaskEvent::PasswordNeeded { job, prompt } => {
                if self.session.load_job.is(job) {
                    self.session.load_job = Job::Done(());
                    self.session.password_prompt = Some(*prompt);
                }
            }
            TaskEvent::BatchRow { job, index, result } => {
                if self.session.batch.job.is(job) {
                    if let Some(row) = self.session.batch.rows.get_mut(index) {
                        row.result = Some(result);
                    }
                }
            }
            TaskEvent::BatchFinished { job } => {
                if self.session.batch.job.is(job) {
                    self.session.batch.job = Job::Done(());
                }
            }
            TaskEvent::OnlineInspected { job, inspection } => {
                if self.session.online_job.is(job) {
                    self.session.online_job = Job::Done(());
                    let count = inspection.certificates.len();
                    self.session.selected = self.session.selected.filter(|&id| id.index() < count);
                    if self.session.store_index >= inspection.verdicts.len() {
                        self.session.store_index = 0;
                    }
                    self.session.inspection = Some(*inspection);
                    self.session.inspection_generation += 1;
                }
            }
            TaskEvent::FilesPicked {
                job,
                purpose,
                paths,
            } => {
                if self.native_dialog_answered(job) {
                    self.files_chosen(ctx, FileRequest::Open(purpose), paths)
                }
            }
            TaskEvent::SavePicked { job, format, path } => {
                if !self.native_dialog_answered(job) {
                    return;
                }
                let file_name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                self.files_chosen(ctx, FileRequest::Save { format, file_name }, vec![path])
            }
            TaskEvent::PortalProbed { job, result } => {
                let dialogs = &mut self.session.file_dialogs;
                if !dialogs.probe_job.is(job) {
                    return;
                }
                dialogs.probe_job = Job::Done(());
                if dialogs.backend == DialogBackend::Probing {
                    dialogs.backend = match result {
                        Ok(()) => DialogBackend::Portal,
                        Err(reason) => DialogBackend::Builtin { reason },
                    };
                }
                if let Some((request, _folder)) = self.session.file_dialogs.pending.take() {
                    self.request_file(ctx, request);
                }
            }
            TaskEvent::NativeDialogClosed { job } => {
                self.native_dialog_answered(job);
            }
            TaskEvent::NativeDialogNeverShown {
                job,
                request,
                folder,
            } => {
                if !self.native_dialog_answered(job) {
                    return;
                }
                let reason = "the desktop's file dialog did not open";
                self.use_builtin_file_dialog(reason);
                let dialogs = &mut self.session.file_dialogs;
                dialogs.note = Some(format!("{reason}: this is chainlens's own file dialog"));
                dialogs.open_builtin(request, folder);
            }
            TaskEvent::Exported { job, path, result } => {
                if !self.session.export_job.is(job) {
                    return;
                }
                self.session.export_job = Job::Done(());
                match result {
                    Ok(()) => self.session.toast(format!("Saved {}", path.display())),
                    Err(e) => self.session.error = Some(format!("Export failed: {e}").into()),
                }
            }
            TaskEvent::DiagramImage { job, result } => {
                if !self.session.copy_job.is(job) {
                    return;
                }
                self.session.copy_job = Job::Done(());
                match result {
                    Ok(image) => {
                        ctx.copy_image(image);
                        self.session
                            .toast("Copied the diagram to the clipboard as PNG");
                    }
                    Err(e) => {
                        self.session.error = Some(format!("Copying the diagram failed: {e}").into())
                    }
                }
            }
            #[cfg(feature = "aws")]
            TaskEvent::AwsProfiles { job, result } => {
                let dialog = &mut self.session.aws_dialog;
                if dialog.profiles_job.is(job) {
                    dialog.profiles_job = Job::Done(());
                    dialog.profiles = Some(result);
                }
            }
            #[cfg(feature = "aws")]
            TaskEvent::AwsDiscovered { job, result } => self.aws_discovered(ctx, job, result),
            TaskEvent::Probed { job, result } => {
                let table = &mut self.session.handshake_table;
                if table.job.is(job) {
                    table.job = Job::Done(());
                    match result {
                        Ok(outcome) => table.outcome = Some(*outcome),
                        Err(e) => table.error = Some(e),
                    }
                }
            }
            TaskEvent::StoresLoaded { job, stores } => {
                if !self.session.stores_job.is(job) {
                    // Cancelled: its stores were unticked, and nothing waits for them.
                    return;
                }
                self.session.stores_job = Job::Done(());
                for (key, result) in stores {
                    self.session.stores_loading.retain(|k| k != &key);
                    match result {
                        Ok(store) => {
                            if let StoreChoice::File(path) = &key {
                                let notes = store
                                    .load_notes
                                    .iter()
                                    .map(crate::report::words::store_load_note)
                                    .collect();
                                self.session.store_notes.insert(path.clone(), notes);
                            }
                            self.session.stores.insert(key, store);
                        }
                        Err(e) => {
                            self.session.store_errors.push(e);
                            // Untick it, so the failure is not retried every frame.
                            self.untick_store(&key);
                        }
                    }
                }
            }
        }
    }

    /// Keyboard shortcuts, dropped files and pasted text.
    pub(super) fn handle_input(&mut self, ctx: &Context) {
        let ctrl = |key| KeyboardShortcut::new(Modifiers::COMMAND, key);
        let (open, focus, export) = ctx.input_mut(|i| {
            (
                i.consume_shortcut(&ctrl(Key::O)),
                i.consume_shortcut(&ctrl(Key::L)),
                i.consume_shortcut(&ctrl(Key::S)),
            )
        });
        if open {
            self.pick_certificate_files(ctx);
        }
        if focus {
            self.session.focus_address = true;
        }
        if export && self.session.inspection.is_some() {
            self.session.export_dialog = true;
        }
        if ctx.input(|i| i.key_pressed(Key::Escape)) {
            // Esc closes a dialog first, then cancels a load.
            if self.session.file_dialogs.is_open() {
                // The file dialog closes itself on Esc.
            } else if self.session.paste_dialog.is_some() || self.session.export_dialog {
                self.session.paste_dialog = None;
                self.session.export_dialog = false;
            } else if self.aws_dialog_open() {
                #[cfg(feature = "aws")]
                self.apply_one(ctx, crate::gui::command::Command::AwsClose);
            } else if self.session.load_job.is_running() {
                self.cancel_load();
            } else if let Some(kind) = JobKind::ROW
                .into_iter()
                .find(|&kind| self.job(kind).is_some_and(Job::is_running))
            {
                self.cancel_job(kind);
            } else {
                self.cancel_verification();
            }
        }

        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if !dropped.is_empty() {
            self.open_files(ctx, dropped);
        }

        // A paste into a text field belongs to that field.
        let typing = ctx.memory(|m| m.focused().is_some()) || self.session.paste_dialog.is_some();
        let pasted = ctx.input(|i| {
            i.events.iter().find_map(|e| match e {
                egui::Event::Paste(text) => Some(text.clone()),
                _ => None,
            })
        });
        match (pasted, self.session.paste_requested) {
            (Some(text), requested) if !typing || requested.is_some() => {
                self.session.paste_requested = None;
                if text.contains("-----BEGIN") {
                    self.open_paste(ctx, text);
                } else {
                    // Not PEM: show it, so the user sees what the clipboard held.
                    self.session.paste_dialog = Some(text);
                }
            }
            (None, Some(asked)) if asked.elapsed() > PASTE_WAIT => {
                // No clipboard text came (empty clipboard, or a platform without it).
                self.session.paste_requested = None;
                self.session.paste_dialog = Some(String::new());
            }
            (None, Some(_)) => ctx.request_repaint_after(PASTE_WAIT),
            _ => {}
        }
    }

    /// Drains job reports and input into the state, verifies again when needed.
    pub fn logic_step(&mut self, ctx: &Context) {
        if self.session.scene_drawn
            && let Some(start) = self.session.startup_trace.take()
        {
            // The wall clock too, so a script can measure from before the process started.
            let unix_ms = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs_f64() * 1000.0)
                .unwrap_or_default();
            eprintln!(
                "chainlens: first frame with the diagram shown {:.1} ms after the window was \
                 created (unix_ms={unix_ms:.1})",
                start.elapsed().as_secs_f64() * 1000.0
            );
        }
        for event in self.tasks.drain() {
            self.handle_event(ctx, event);
        }
        self.handle_input(ctx);
        self.verify_if_needed(ctx);
        self.refresh_derived(ctx);
        if let Some(toast) = &self.session.toast {
            let left = TOAST_DURATION.saturating_sub(toast.shown.elapsed());
            if left.is_zero() {
                self.session.toast = None;
            } else {
                ctx.request_repaint_after(left);
            }
        }
        let title = window_title(self.session.inspection.as_ref());
        if title != self.session.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.session.title = title;
        }
    }

    /// Cancels the running revocation / AIA job. Returns whether one was running.
    pub fn cancel_online(&mut self) -> bool {
        let cancelled = self.session.online_job.cancel();
        if cancelled {
            self.session
                .toast("Cancelled: the verdict shown is without network evidence");
        }
        cancelled
    }

    /// Takes the answer of the desktop's dialog: true when it is the one waited for (not
    /// cancelled), which is then done.
    fn native_dialog_answered(&mut self, job: JobId) -> bool {
        let dialogs = &mut self.session.file_dialogs;
        let waited = dialogs.native_job.is(job);
        if waited {
            dialogs.native_job = Job::Done(());
        }
        waited
    }

    /// One of the jobs [`JobKind`] names; `None` for one this build has not (AWS).
    pub fn job(&self, kind: JobKind) -> Option<&JobState> {
        let session = &self.session;
        match kind {
            JobKind::Export => Some(&session.export_job),
            JobKind::CopyDiagram => Some(&session.copy_job),
            JobKind::Stores => Some(&session.stores_job),
            JobKind::FileDialog => Some(&session.file_dialogs.native_job),
            #[cfg(feature = "aws")]
            JobKind::AwsProfiles => Some(&session.aws_dialog.profiles_job),
            #[cfg(not(feature = "aws"))]
            JobKind::AwsProfiles => None,
        }
    }

    fn job_mut(&mut self, kind: JobKind) -> Option<&mut JobState> {
        let session = &mut self.session;
        match kind {
            JobKind::Export => Some(&mut session.export_job),
            JobKind::CopyDiagram => Some(&mut session.copy_job),
            JobKind::Stores => Some(&mut session.stores_job),
            JobKind::FileDialog => Some(&mut session.file_dialogs.native_job),
            #[cfg(feature = "aws")]
            JobKind::AwsProfiles => Some(&mut session.aws_dialog.profiles_job),
            #[cfg(not(feature = "aws"))]
            JobKind::AwsProfiles => None,
        }
    }

    /// Cancels one of the jobs [`JobKind`] names; the chain, its verdict and the settings stay
    /// as they are, except that cancelled trust stores are unticked (else the next frame
    /// would load them again). Returns whether one was running.
    pub fn cancel_job(&mut self, kind: JobKind) -> bool {
        if !self.job_mut(kind).is_some_and(JobState::cancel) {
            return false;
        }
        let toast = match kind {
            JobKind::Export => "Export cancelled".to_string(),
            JobKind::CopyDiagram => "Cancelled: the clipboard is unchanged".to_string(),
            JobKind::FileDialog => "Cancelled".to_string(),
            JobKind::AwsProfiles => "Stopped reading the AWS profiles".to_string(),
            JobKind::Stores => {
                let keys = std::mem::take(&mut self.session.stores_loading);
                for key in &keys {
                    self.untick_store(key);
                }
                format!(
                    "Cancelled: {} unticked",
                    keys.iter()
                        .map(crate::gui::tasks::store_name)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        };
        self.session.toast(toast);
        true
    }

    /// Unticks a store that failed to load or whose loading was cancelled.
    fn untick_store(&mut self, key: &StoreChoice) {
        match key {
            StoreChoice::Builtin(BuiltinStore::System) => self.state.trust.system = false,
            StoreChoice::File(path) => self.state.trust.bundles.retain(|p| p != path),
            StoreChoice::Builtin(_) => {}
        }
    }

    /// Whether the AWS IoT dialog is open.
    #[cfg(feature = "aws")]
    pub(super) fn aws_dialog_open(&self) -> bool {
        self.session.aws_dialog.open
    }

    /// Whether the AWS IoT dialog is open: never, without AWS discovery.
    #[cfg(not(feature = "aws"))]
    pub(super) fn aws_dialog_open(&self) -> bool {
        false
    }
}
