//! Opening sources: typed addresses, files (from a dialog, dropped or on the command line),
//! pasted text, a PKCS#12 password; the file dialogs; exports.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use egui::Context;
use time::OffsetDateTime;

use crate::load::{Loaded, SourceSpec};

use crate::gui::export::ExportFormat;
use crate::gui::file_dialog::{DialogBackend, FileRequest};
use crate::gui::tasks::FilePurpose;

use super::App;

/// Whether a source names a CRL file (`.crl`, `.crl.pem`): the window checks revocation
/// against it instead of opening it as certificates.
fn is_crl_file(item: &str) -> bool {
    let lower = item.to_ascii_lowercase();
    (lower.ends_with(".crl") || lower.ends_with(".crl.pem")) && Path::new(item).is_file()
}

/// Largest file read to tell a CRL from certificates among opened files.
const CRL_SNIFF_BYTES: u64 = 16 * 1024 * 1024;

/// Whether a chosen file holds a CRL (by name, or by content: a PEM `X509 CRL` block without
/// certificates, or a DER CRL), so that it goes to the revocation list, not the chain.
fn holds_crl(path: &Path) -> bool {
    if is_crl_file(&path.display().to_string()) {
        return true;
    }
    use std::io::Read;
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut bytes = Vec::new();
    if file.take(CRL_SNIFF_BYTES).read_to_end(&mut bytes).is_err() {
        return false;
    }
    let text = String::from_utf8_lossy(&bytes);
    if text.contains("-----BEGIN") {
        return text.contains("-----BEGIN X509 CRL-----") && !text.contains("BEGIN CERTIFICATE");
    }
    crate::decode::crl::decode_crl(&bytes, &path.display().to_string()).is_ok()
}

impl App {
    /// Replaces the loaded certificates; the next frame verifies them.
    pub(super) fn set_loaded(&mut self, loaded: Loaded) {
        self.session.bundle = crate::gui::bundle_list::looks_like_bundle(&loaded.certificates)
            .then(|| {
                let at = self
                    .state
                    .trust
                    .fixed_time()
                    .ok()
                    .flatten()
                    .unwrap_or_else(OffsetDateTime::now_utc);
                let mut view =
                    crate::gui::bundle_list::BundleView::new(&loaded.certificates, &[], at);
                // The diagram shows the first row's own chain rather than a chain of the
                // whole file, which would be a fake one.
                let first = view.visible_rows().next().map(|r| r.cert);
                view.set_focus(first);
                view
            });
        self.session.loaded = Some(Arc::new(loaded));
        self.session.loaded_generation += 1;
        // The list of problems was about the previous source.
        self.session.problems = None;
        self.session.selected = None;
        self.session.store_index = 0;
        self.session.view.request_fit();
    }

    /// Opens sources named the way the command line names them (paths, host[:port], URLs).
    pub fn open_items(&mut self, ctx: &Context, items: Vec<String>) {
        let (crls, items): (Vec<String>, Vec<String>) = items
            .into_iter()
            .map(|i| i.trim().to_string())
            .filter(|i| !i.is_empty())
            .partition(|i| is_crl_file(i));
        let only_crls = items.is_empty() && !crls.is_empty();
        for crl in crls {
            let path = PathBuf::from(crl);
            if !self.state.trust.crls.contains(&path) {
                self.state.trust.crls.push(path);
            }
        }
        if only_crls {
            return;
        }
        if items.is_empty() {
            self.session.error = Some(
                "type a host name (example.com:443), a URL or a file path"
                    .to_string()
                    .into(),
            );
            return;
        }
        let settings = match self.state.net.settings() {
            Ok(s) => s,
            Err(e) => {
                self.session.error = Some(e.into());
                return;
            }
        };
        let port = match self.state.net.port() {
            Ok(p) => p,
            Err(e) => {
                self.session.error = Some(e.into());
                return;
            }
        };
        let mut specs = Vec::with_capacity(items.len());
        for item in &items {
            match settings.classify(item) {
                Ok(SourceSpec::Network(mut target, options)) => {
                    if let Some(port) = port {
                        target.port = port;
                    }
                    specs.push(SourceSpec::Network(target, options));
                }
                Ok(spec) => specs.push(spec),
                Err(e) => {
                    self.session.error = Some(format!("{e:#}").into());
                    return;
                }
            }
        }
        let what = match specs.as_slice() {
            [SourceSpec::Network(target, _)] => format!("Fetching {}:{}", target.host, target.port),
            [_] => format!("Opening {}", items.join(", ")),
            _ => format!("Opening {} sources", specs.len()),
        };
        self.start_load(ctx, what, specs, Some(items));
    }

    /// Opens files (from the dialog or dropped on the window).
    pub fn open_files(&mut self, ctx: &Context, paths: Vec<PathBuf>) {
        if paths.is_empty() {
            return;
        }
        if let Some(folder) = paths.first().and_then(|p| p.parent()) {
            self.state.last_folder = Some(folder.to_path_buf());
        }
        if let Some(missing) = paths.iter().find(|p| !p.exists()) {
            self.session.error = Some(format!("no such file: {}", missing.display()).into());
            return;
        }
        // CRLs chosen with the certificates check revocation; they are not part of the chain.
        let (crls, paths): (Vec<PathBuf>, Vec<PathBuf>) =
            paths.into_iter().partition(|p| holds_crl(p));
        for crl in crls {
            if !self.state.trust.crls.contains(&crl) {
                self.state.trust.crls.push(crl);
            }
        }
        if paths.is_empty() {
            return;
        }
        let items: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        let what = if let [one] = items.as_slice() {
            format!("Opening {one}")
        } else {
            format!("Opening {} files", items.len())
        };
        let specs = paths.into_iter().map(SourceSpec::File).collect();
        self.start_load(ctx, what, specs, Some(items));
    }

    /// Loads pasted text.
    pub fn open_paste(&mut self, ctx: &Context, text: String) {
        self.start_load(
            ctx,
            "Reading pasted text".to_string(),
            vec![SourceSpec::Paste(text.into_bytes())],
            None,
        );
    }

    pub(super) fn start_load(
        &mut self,
        ctx: &Context,
        what: String,
        specs: Vec<SourceSpec>,
        recent: Option<Vec<String>>,
    ) {
        // A new load replaces a running one: the user asked for something else.
        self.session.load_job.cancel();
        // The error of the previous action no longer applies.
        self.session.error = None;
        let recent = recent.map(|items| items.join("\n"));
        self.session.load_job = self.tasks.load(ctx, what, specs, recent);
    }

    /// Loads the prompt's sources again with the password typed into it; a wrong password
    /// opens the prompt again, with the error.
    pub fn submit_password(&mut self, ctx: &Context) {
        let Some(mut prompt) = self.session.password_prompt.take() else {
            return;
        };
        let password = crate::ingest::Password::new(std::mem::take(&mut *prompt.password));
        let options = crate::load::LoadOptions {
            password: Some(password),
        };
        self.session.load_job.cancel();
        self.session.load_job = self.tasks.load_with(
            ctx,
            prompt.what.clone(),
            prompt.specs,
            prompt.recent,
            options,
        );
    }

    /// Closes the password prompt without loading.
    pub fn cancel_password(&mut self) {
        if self.session.password_prompt.take().is_some() {
            self.session.toast("Cancelled");
        }
    }

    /// Cancels the running load. Returns whether one was running.
    pub fn cancel_load(&mut self) -> bool {
        let cancelled = self.session.load_job.cancel();
        if cancelled {
            self.session.toast("Cancelled");
        }
        cancelled
    }

    /// Shows the open dialog for certificates.
    pub fn pick_certificate_files(&mut self, ctx: &Context) {
        self.request_file(ctx, FileRequest::Open(FilePurpose::OpenCertificates));
    }

    /// Shows the open dialog for a CRL.
    pub fn pick_crl(&mut self, ctx: &Context) {
        self.request_file(ctx, FileRequest::Open(FilePurpose::AddCrl));
    }

    /// Shows the open dialog for a trust bundle.
    pub fn pick_trust_bundle(&mut self, ctx: &Context) {
        self.request_file(ctx, FileRequest::Open(FilePurpose::AddTrustBundle));
    }

    /// Shows a file dialog: the desktop's where a portal runs, else the in-window one.
    pub fn request_file(&mut self, ctx: &Context, request: FileRequest) {
        // A new action: the error of the previous one no longer applies.
        self.session.error = None;
        let folder = self.state.last_folder.clone();
        let dialogs = &mut self.session.file_dialogs;
        match &dialogs.backend {
            DialogBackend::Probing => dialogs.pending = Some((request, folder)),
            DialogBackend::Portal => {
                // A new dialog replaces one still up: its answer is no longer wanted.
                dialogs.native_job.cancel();
                dialogs.native_job = self.tasks.native_dialog(ctx, request, folder);
            }
            DialogBackend::Builtin { .. } => dialogs.open_builtin(request, folder),
        }
    }

    /// Uses the in-window dialogs from now on (a test, or after a desktop dialog never showed).
    pub fn use_builtin_file_dialog(&mut self, reason: impl Into<String>) {
        self.session.file_dialogs.probe_job.cancel();
        self.session.file_dialogs.backend = DialogBackend::Builtin {
            reason: reason.into(),
        };
    }

    /// Asks the session bus at `address` whether a portal runs, as at start-up.
    pub fn probe_portal(&mut self, ctx: &Context, address: Option<String>) {
        self.session.file_dialogs.backend = DialogBackend::Probing;
        self.session.file_dialogs.probe_job.cancel();
        self.session.file_dialogs.probe_job = self.tasks.probe_portal(ctx, address);
    }

    /// Takes files chosen in any dialog.
    pub(super) fn files_chosen(
        &mut self,
        ctx: &Context,
        request: FileRequest,
        paths: Vec<PathBuf>,
    ) {
        match request {
            FileRequest::Open(FilePurpose::OpenCertificates) => self.open_files(ctx, paths),
            FileRequest::Open(FilePurpose::AddCrl) => {
                if let Some(folder) = paths.first().and_then(|p| p.parent()) {
                    self.state.last_folder = Some(folder.to_path_buf());
                }
                for path in paths {
                    if !self.state.trust.crls.contains(&path) {
                        self.state.trust.crls.push(path);
                    }
                }
            }
            FileRequest::Open(FilePurpose::AddTrustBundle) => {
                if let Some(folder) = paths.first().and_then(|p| p.parent()) {
                    self.state.last_folder = Some(folder.to_path_buf());
                }
                for path in paths {
                    if !self.state.trust.bundles.contains(&path) {
                        self.state.trust.bundles.push(path);
                    }
                }
            }
            FileRequest::Save { format, .. } => {
                let Some(path) = paths.into_iter().next() else {
                    return;
                };
                if let Some(folder) = path.parent() {
                    self.state.last_folder = Some(folder.to_path_buf());
                }
                match &self.session.inspection {
                    Some(insp) => {
                        // A new export replaces one still running: the user asked again.
                        self.session.export_job.cancel();
                        let options = self.session.export_options;
                        let scene = self.session.scene().is_some().then(|| {
                            crate::gui::export::export_scene(
                                insp,
                                self.session.store_index,
                                options,
                            )
                        });
                        self.session.export_job = self.tasks.write_export(
                            ctx,
                            insp.clone(),
                            scene,
                            format,
                            path,
                            options,
                        );
                    }
                    None => {
                        self.session.error =
                            Some("nothing to export: open a chain first".to_string().into())
                    }
                }
            }
        }
    }

    /// Asks for the clipboard; the text arrives as a paste event. The dialog opens if none does.
    pub fn request_paste(&mut self, ctx: &Context) {
        ctx.send_viewport_cmd(egui::ViewportCommand::RequestPaste);
        self.session.paste_requested = Some(Instant::now());
    }

    /// Starts an export: the save dialog, then the file is written when a path is chosen.
    pub fn start_export(&mut self, ctx: &Context, format: ExportFormat) {
        let Some(insp) = &self.session.inspection else {
            self.session.error = Some("nothing to export: open a chain first".to_string().into());
            return;
        };
        let file_name = crate::gui::export::default_file_name(insp, format);
        self.request_file(ctx, FileRequest::Save { format, file_name });
    }

    /// Copies the diagram to the clipboard as an image (rendered by a job).
    pub fn copy_diagram(&mut self, ctx: &Context) {
        if let Some(scene) = self.session.scene().cloned() {
            self.session.copy_job.cancel();
            self.session.copy_job = self.tasks.render_diagram_image(ctx, scene);
        }
    }
}
