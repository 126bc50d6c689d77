//! The application: persisted [`State`], the current [`Session`], and the frame loop that
//! drains job reports ([`App::logic`]) and draws the panels ([`App::ui`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::{Context, Key, KeyboardShortcut, Modifiers};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use tokio::runtime::Handle;

use crate::diagram::scene::{self, Scene, SceneOptions};
use crate::load::{Loaded, SourceSpec};
use crate::model::{BuiltinStore, CertId, Inspection, Policy, Profile, Purpose, StoreChoice};
use crate::verify::TrustStore;

use super::diagram_view::ViewTransform;
use super::export::ExportFormat;
use super::file_dialog::{DialogBackend, FileCommand, FileDialogs, FileRequest};
use super::tasks::{FilePurpose, JobState, StoreKey, TaskEvent, Tasks, load_store};
// The form lives in its own module so that the trust panel needs it, not the App; the paths
// `app::TrustForm` and `gui::TrustForm` stay.
pub use super::forms::{NetForm, RecentSource, ThemeChoice, Toast};
pub use super::trust_form::{TimeMode, TrustForm, parse_time};

/// How long a toast stays on screen.
const TOAST_DURATION: Duration = Duration::from_secs(4);
/// How long the Paste button waits for the clipboard before opening the paste dialog.
const PASTE_WAIT: Duration = Duration::from_millis(400);
/// How long a frame waits for the verification it started. Every verification runs off the
/// window's thread; most take about a millisecond, so their verdict still shows in the frame
/// that asked for it (no spinner flashing on each click). A longer one shows the spinner and
/// Cancel while the window goes on drawing. Kept under one 60 Hz frame.
const VERIFY_WAIT: Duration = Duration::from_millis(12);
/// What the window says after the user cancelled a verification.
const VERIFY_CANCELLED: &str =
    "Verification cancelled: the verdict shown is for the settings before the last change.";
/// How many recent sources are remembered.
const RECENT_LIMIT: usize = 12;

/// Whether a source names a CRL file (`.crl`, `.crl.pem`): the window checks revocation
/// against it instead of opening it as certificates.
fn is_crl_file(item: &str) -> bool {
    let lower = item.to_ascii_lowercase();
    (lower.ends_with(".crl") || lower.ends_with(".crl.pem")) && Path::new(item).is_file()
}

/// What is remembered across runs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct State {
    /// The address field.
    pub address: String,
    /// Network options.
    pub net: NetForm,
    /// Whether the network options are shown.
    pub show_net_options: bool,
    /// Trust stores and policy.
    pub trust: TrustForm,
    /// Light, dark or system.
    pub theme: ThemeChoice,
    /// Recently opened sources, newest first.
    pub recent: Vec<RecentSource>,
    /// The folder of the last file opened or saved.
    pub last_folder: Option<PathBuf>,
    /// The AWS IoT dialog's last choices.
    #[cfg(feature = "aws")]
    pub aws: super::aws_dialog::AwsForm,
}

impl State {
    /// Puts a source on top of the recent list.
    pub fn remember(&mut self, items: Vec<String>) {
        if items.is_empty() {
            return;
        }
        let label = items
            .iter()
            .map(|i| {
                std::path::Path::new(i)
                    .file_name()
                    .filter(|_| std::path::Path::new(i).exists())
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| i.clone())
            })
            .collect::<Vec<_>>()
            .join(" + ");
        self.recent.retain(|r| r.items != items);
        self.recent.insert(0, RecentSource { label, items });
        self.recent.truncate(RECENT_LIMIT);
    }
}

/// What the last verification used, to know when to verify again.
#[derive(Clone, Debug, PartialEq)]
struct VerifyKey {
    loaded_generation: u64,
    stores: Vec<StoreKey>,
    time: Option<OffsetDateTime>,
    host: String,
    usage: Purpose,
    profile: Profile,
    pins: Vec<crate::model::Pin>,
    /// The bundle-list certificate whose chain is verified alone, if any.
    focus: Option<usize>,
    online: (bool, bool, Vec<PathBuf>),
}

/// The chain being looked at and everything about looking at it. Not persisted.
pub struct Session {
    /// The certificates of the current source, kept to verify again when the policy changes.
    pub loaded: Option<Arc<Loaded>>,
    /// Bumped each time `loaded` changes.
    pub loaded_generation: u64,
    /// The verification of `loaded` under the current stores and policy.
    pub inspection: Option<Inspection>,
    /// The diagram of `inspection`.
    pub scene: Option<Scene>,
    scene_key: Option<(scene::Theme, usize, u64)>,
    /// Bumped each time `inspection` changes.
    pub inspection_generation: u64,
    /// The certificate shown in the details panel.
    pub selected: Option<CertId>,
    /// Which store's path the diagram shows (index into the verdicts).
    pub store_index: usize,
    /// Pan and zoom of the diagram.
    pub view: ViewTransform,
    /// The path lit in the diagram (store, path index), chosen by clicking a verdict row.
    pub highlight: Option<(usize, usize)>,
    /// The path lit while the pointer is over a verdict row (this frame only).
    pub hover_highlight: Option<(usize, usize)>,
    /// The store (by name) whose full list of problems is open, from the store matrix.
    pub problems: Option<String>,
    /// The instant the timeline strip marks as now: the clock when `None` (image snapshots fix
    /// it, so that their pictures do not change with the date).
    pub timeline_now: Option<OffsetDateTime>,
    /// The timeline strip's axis as last drawn.
    pub timeline_axis: Option<super::timeline_view::TimeAxis>,
    /// What the diagram toolbar asked for on the last frame.
    pub toolbar_action: super::diagram_view::ToolbarAction,
    /// The running load, if any.
    pub load_job: JobState,
    /// The running revocation / AIA verification, if any.
    pub online_job: JobState,
    /// The last load error, until dismissed or replaced.
    pub error: Option<String>,
    /// A transient message.
    pub toast: Option<Toast>,
    /// The paste dialog's text while it is open.
    pub paste_dialog: Option<String>,
    /// Whether the export chooser (Ctrl+S) is open.
    pub export_dialog: bool,
    /// The file dialogs: desktop or in-window, and the in-window one when open.
    pub file_dialogs: FileDialogs,
    /// When the Paste button asked for the clipboard.
    pub paste_requested: Option<Instant>,
    /// Loaded trust stores.
    pub stores: HashMap<StoreKey, TrustStore>,
    /// Stores being loaded by a job.
    pub stores_loading: Vec<StoreKey>,
    /// Why a chosen store could not be loaded.
    pub store_errors: Vec<String>,
    /// Ask the address field to take the focus.
    pub focus_address: bool,
    /// The list of a file of many unrelated certificates, instead of one fake chain.
    pub bundle: Option<super::bundle_list::BundleView>,
    /// What the details panel showed last frame (selection, source, bundle focus).
    pub details_shown: Option<(Option<CertId>, u64, Option<usize>)>,
    /// The details panel's scroll offset, as drawn last frame.
    pub details_scroll_y: f32,
    /// The details panel's width, as drawn last frame.
    pub details_width: f32,
    /// A verification running off the window's thread, and what it verifies.
    verifying: Option<(super::tasks::VerifyJob, VerifyKey)>,
    /// A verification the user cancelled: not started again until something changes.
    verify_cancelled: Option<VerifyKey>,
    /// How long a frame waits for the verification it started before it shows the spinner
    /// ([`VERIFY_WAIT`]; zero makes every verification show it, as a slow one would).
    pub verify_wait: Duration,
    verified_with: Option<VerifyKey>,
    title: String,
    /// When the window started, when `CHAINLENS_TRACE_STARTUP` is set.
    pub startup_trace: Option<Instant>,
    /// Whether a frame with the diagram was drawn (for the start-up trace).
    pub scene_drawn: bool,
    /// The AWS IoT dialog.
    #[cfg(feature = "aws")]
    pub aws_dialog: super::aws_dialog::AwsDialog,
    /// The PKCS#12 password prompt, while a load waits for a password.
    pub password_prompt: Option<super::password_dialog::PasswordPrompt>,
    /// The Batch view.
    pub batch: super::batch_view::BatchView,
}

impl Default for Session {
    fn default() -> Self {
        Self {
            loaded: None,
            loaded_generation: 0,
            inspection: None,
            scene: None,
            scene_key: None,
            inspection_generation: 0,
            selected: None,
            store_index: 0,
            view: ViewTransform::default(),
            highlight: None,
            hover_highlight: None,
            problems: None,
            toolbar_action: Default::default(),
            timeline_axis: None,
            timeline_now: None,
            load_job: JobState::Idle,
            online_job: JobState::Idle,
            error: None,
            toast: None,
            paste_dialog: None,
            export_dialog: false,
            file_dialogs: FileDialogs::default(),
            paste_requested: None,
            stores: HashMap::new(),
            stores_loading: Vec::new(),
            store_errors: Vec::new(),
            focus_address: false,
            bundle: None,
            details_shown: None,
            details_scroll_y: 0.0,
            details_width: 0.0,
            verifying: None,
            verify_cancelled: None,
            verify_wait: VERIFY_WAIT,
            verified_with: None,
            title: String::new(),
            startup_trace: None,
            scene_drawn: false,
            #[cfg(feature = "aws")]
            aws_dialog: super::aws_dialog::AwsDialog::default(),
            password_prompt: None,
            batch: super::batch_view::BatchView::default(),
        }
    }
}

impl Session {
    /// The title last given to the window.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// Shows a toast.
    pub fn toast(&mut self, text: impl Into<String>) {
        self.toast = Some(Toast {
            text: text.into(),
            shown: Instant::now(),
        });
    }
}

/// The window's title: the application, then the source it shows ("chainlens — example.com:443").
pub fn window_title(inspection: Option<&Inspection>) -> String {
    match inspection {
        Some(insp) => format!("chainlens — {}", insp.source.label),
        None => "chainlens".to_string(),
    }
}

/// The chainlens window.
pub struct App {
    /// What is remembered across runs.
    pub state: State,
    /// The chain being looked at.
    pub session: Session,
    tasks: Tasks,
}

impl App {
    /// The window's state, restored from `storage` when there is one, opened on `sources`
    /// (files, host[:port]) or, when none are given, on the embedded sample.
    pub fn new(
        ctx: &Context,
        storage: Option<&dyn eframe::Storage>,
        runtime: Handle,
        sources: Vec<String>,
    ) -> Self {
        let state: State = storage
            .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
            .unwrap_or_default();
        Self::with_state(ctx, state, runtime, sources)
    }

    /// The window with the given state (tests, and [`App::new`] after restoring it).
    pub fn with_state(ctx: &Context, state: State, runtime: Handle, sources: Vec<String>) -> Self {
        ctx.set_theme(state.theme.preference());
        super::diagram_view::install_fonts(ctx);
        ctx.add_glyph_rasterizer(super::file_dialog::dialog_icons());
        super::palette::install(ctx);
        let mut app = Self {
            state,
            session: Session::default(),
            tasks: Tasks::new(runtime),
        };
        let chosen = std::env::var(super::file_dialog::OVERRIDE_VAR).ok();
        match super::file_dialog::backend_override(chosen.as_deref()) {
            Some(backend) => app.session.file_dialogs.backend = backend,
            // Asked once, off this thread; the first dialog waits for the answer.
            None => app.probe_portal(ctx, None),
        }
        if sources.is_empty() {
            // The sample is embedded: reading it takes a few milliseconds, and the first
            // frame's logic verifies it before anything is drawn, so the very first frame
            // already shows a whole diagram instead of a spinner.
            match crate::load::load_blocking(SourceSpec::Sample) {
                Ok(loaded) => app.set_loaded(loaded),
                Err(e) => app.session.error = Some(format!("{e:#}")),
            }
        } else {
            app.open_items(ctx, sources);
        }
        app
    }

    /// Replaces the loaded certificates; the next frame verifies them.
    fn set_loaded(&mut self, loaded: Loaded) {
        self.session.bundle =
            super::bundle_list::looks_like_bundle(&loaded.certificates).then(|| {
                let at = self
                    .state
                    .trust
                    .fixed_time()
                    .ok()
                    .flatten()
                    .unwrap_or_else(OffsetDateTime::now_utc);
                let mut view = super::bundle_list::BundleView::new(&loaded.certificates, &[], at);
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
            self.session.error =
                Some("type a host name (example.com:443), a URL or a file path".to_string());
            return;
        }
        let settings = match self.state.net.settings() {
            Ok(s) => s,
            Err(e) => {
                self.session.error = Some(e);
                return;
            }
        };
        let port = match self.state.net.port() {
            Ok(p) => p,
            Err(e) => {
                self.session.error = Some(e);
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
                    self.session.error = Some(format!("{e:#}"));
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

    fn start_load(
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

    /// Opens the Batch view.
    pub fn open_batch_view(&mut self) {
        self.session.batch.open = true;
    }

    /// Runs the Batch view's list with the trust stores and policy chosen now.
    pub fn run_batch(&mut self, ctx: &Context) {
        let batch = &mut self.session.batch;
        batch.job.cancel();
        batch.error = None;
        let sources = super::batch_view::parse_list(&batch.list);
        let (settings, time) = match (self.state.net.settings(), self.state.trust.fixed_time()) {
            (Ok(settings), Ok(time)) => (settings, time),
            (Err(e), _) | (_, Err(e)) => {
                self.session.batch.error = Some(e);
                return;
            }
        };
        let specs = sources
            .iter()
            .map(|s| settings.classify(s).map_err(|e| format!("{e:#}")))
            .collect();
        let stores: Vec<TrustStore> = self
            .chosen_stores()
            .into_iter()
            .map(|(_, s)| s.clone())
            .collect();
        let host = self.state.trust.host.trim().to_string();
        let policy = Policy {
            time: time.unwrap_or_else(OffsetDateTime::now_utc),
            host: Some(host).filter(|h| !h.is_empty()),
            purpose: self.state.trust.usage,
            profile: self.state.trust.profile,
            max_depth: None,
            pins: self.state.trust.pins(),
        };
        self.session.batch.rows = sources
            .into_iter()
            .map(|source| super::batch_view::BatchViewRow {
                source,
                result: None,
            })
            .collect();
        self.session.batch.job =
            self.tasks
                .batch(ctx, specs, stores, policy, super::batch_view::BATCH_JOBS);
    }

    /// Stops the running batch; rows already done stay.
    pub fn cancel_batch(&mut self) {
        if self.session.batch.job.cancel() {
            self.session.toast("Batch cancelled");
        }
    }

    /// Opens a finished batch row's chain in the main view.
    pub fn open_batch_row(&mut self, index: usize) {
        let Some(Some(Ok(result))) = self
            .session
            .batch
            .rows
            .get(index)
            .map(|r| r.result.as_ref())
        else {
            return;
        };
        let loaded = result.loaded.clone();
        self.session.error = None;
        self.set_loaded(loaded);
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

    /// Cancels the running revocation / AIA job. Returns whether one was running.
    pub fn cancel_online(&mut self) -> bool {
        let cancelled = self.session.online_job.cancel();
        if cancelled {
            self.session
                .toast("Cancelled: the verdict shown is without network evidence");
        }
        cancelled
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
            DialogBackend::Portal => self.tasks.native_dialog(ctx, request, folder),
            DialogBackend::Builtin { .. } => dialogs.open_builtin(request, folder),
        }
    }

    /// Uses the in-window dialogs from now on (a test, or after a desktop dialog never showed).
    pub fn use_builtin_file_dialog(&mut self, reason: impl Into<String>) {
        self.session.file_dialogs.probe_job = None;
        self.session.file_dialogs.backend = DialogBackend::Builtin {
            reason: reason.into(),
        };
    }

    /// Asks the session bus at `address` whether a portal runs, as at start-up.
    pub fn probe_portal(&mut self, ctx: &Context, address: Option<String>) {
        self.session.file_dialogs.backend = DialogBackend::Probing;
        self.session.file_dialogs.probe_job = Some(self.tasks.probe_portal(ctx, address));
    }

    /// Takes files chosen in any dialog.
    fn files_chosen(&mut self, ctx: &Context, request: FileRequest, paths: Vec<PathBuf>) {
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
                    Some(insp) => self.tasks.write_export(
                        ctx,
                        insp.clone(),
                        self.session.scene.clone(),
                        format,
                        path,
                    ),
                    None => {
                        self.session.error =
                            Some("nothing to export: open a chain first".to_string())
                    }
                }
            }
        }
    }

    /// Applies what the in-window file dialog decided.
    pub fn file_command(&mut self, ctx: &Context, command: FileCommand) {
        match command {
            FileCommand::Picked { request, paths } if !paths.is_empty() => {
                self.files_chosen(ctx, request, paths)
            }
            FileCommand::Picked { .. } | FileCommand::Cancelled => {}
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
            self.session.error = Some("nothing to export: open a chain first".to_string());
            return;
        };
        let file_name = super::export::default_file_name(insp, format);
        self.request_file(ctx, FileRequest::Save { format, file_name });
    }

    /// Copies the diagram to the clipboard as an image (rendered by a job).
    pub fn copy_diagram(&mut self, ctx: &Context) {
        if let Some(scene) = self.session.scene.clone() {
            self.tasks.render_diagram_image(ctx, scene);
        }
    }

    /// The stores chosen and already loaded, in order.
    pub(super) fn chosen_stores(&self) -> Vec<(StoreKey, &TrustStore)> {
        self.state
            .trust
            .store_keys()
            .into_iter()
            .filter_map(|k| self.session.stores.get(&k).map(|s| (k, s)))
            .collect()
    }

    /// Loads chosen stores that are not loaded yet: embedded ones now, the others as a job.
    fn load_missing_stores(&mut self, ctx: &Context) {
        let mut from_disk = Vec::new();
        for key in self.state.trust.store_keys() {
            if self.session.stores.contains_key(&key) || self.session.stores_loading.contains(&key)
            {
                continue;
            }
            if key.reads_disk() {
                from_disk.push(key);
            } else if let Ok(store) = load_store(&key) {
                self.session.stores.insert(key, store);
            }
        }
        if !from_disk.is_empty() {
            self.session
                .stores_loading
                .extend(from_disk.iter().cloned());
            self.tasks.load_stores(ctx, from_disk);
        }
    }

    /// Verifies the loaded certificates again when the stores or the policy changed.
    pub fn verify_if_needed(&mut self, ctx: &Context) {
        self.load_missing_stores(ctx);
        let Some(loaded) = &self.session.loaded else {
            return;
        };
        // An unreadable typed time keeps the last verification; the field shows the error.
        let Ok(time) = self.state.trust.fixed_time() else {
            return;
        };
        let chosen = self.chosen_stores();
        let focus = self
            .session
            .bundle
            .as_ref()
            .and_then(|b| b.focus)
            .filter(|&i| i < loaded.certificates.len());
        let key = VerifyKey {
            loaded_generation: self.session.loaded_generation,
            stores: chosen.iter().map(|(k, _)| k.clone()).collect(),
            time,
            host: self.state.trust.host.trim().to_string(),
            usage: self.state.trust.usage,
            profile: self.state.trust.profile,
            pins: self.state.trust.pins(),
            focus,
            online: (
                self.state.trust.check_revocation,
                self.state.trust.fetch_issuers,
                self.state.trust.crls.clone(),
            ),
        };
        if self.session.verified_with.as_ref() == Some(&key) {
            // The verdict shown is for these settings again (a change was undone): a job for
            // other settings, or the note about a cancelled one, no longer applies.
            self.session.verifying = None;
            self.forget_cancelled_verification();
            return;
        }
        if self.session.verifying.as_ref().map(|(_, k)| k) == Some(&key)
            || self.session.verify_cancelled.as_ref() == Some(&key)
        {
            return;
        }
        let at = time.unwrap_or_else(OffsetDateTime::now_utc);
        let stores: Vec<TrustStore> = chosen.into_iter().map(|(_, s)| s.clone()).collect();
        let previous = self.session.verified_with.as_ref();
        let policy_changed = previous.map(|k| (&k.stores, k.time, k.loaded_generation))
            != Some((&key.stores, key.time, key.loaded_generation));
        if let Some(bundle) = self.session.bundle.as_mut()
            && policy_changed
        {
            // Roles follow the stores, days left the validation time.
            let held: Vec<&TrustStore> = stores.iter().collect();
            bundle.update(&loaded.certificates, &held, at);
        }
        let policy = Policy {
            time: at,
            host: Some(key.host.clone())
                .filter(|h| !h.is_empty())
                .or_else(|| loaded.host.clone()),
            purpose: key.usage,
            profile: key.profile,
            max_depth: None,
            pins: key.pins.clone(),
        };
        // The certificates are shared with the jobs, which build their input: copying a big
        // bundle's certificates takes tens of milliseconds, too long for this thread.
        let request = super::tasks::VerifyRequest {
            loaded: Arc::clone(loaded),
            focus,
            stores,
            policy,
        };
        // Verifying again: the note about a cancelled verification no longer holds.
        self.forget_cancelled_verification();
        self.session.online_job.cancel();
        let (revocation, aia, crl_files) = key.online.clone();
        if revocation || aia || !crl_files.is_empty() {
            self.session.online_job = self.tasks.inspect_online(
                ctx,
                super::tasks::OnlineJob {
                    request: request.clone(),
                    options: crate::fetch::evidence::OnlineOptions {
                        revocation,
                        strict: false,
                        aia,
                        timeout_secs: 0,
                    },
                    crl_files,
                },
            );
        }
        // Off the window's thread always; a job started earlier is dropped with its result.
        let job = self.tasks.verify(ctx, request);
        match job.wait(self.session.verify_wait) {
            Some(result) => self.verified(result, key),
            None => self.session.verifying = Some((job, key)),
        }
    }

    /// Takes the result of the running verification, if it has arrived.
    fn poll_verification(&mut self) {
        let Some(result) = self
            .session
            .verifying
            .as_ref()
            .and_then(|(job, _)| job.poll())
        else {
            return;
        };
        if let Some((_, key)) = self.session.verifying.take() {
            self.verified(result, key);
        }
    }

    /// Takes a finished verification's result: the inspection, or the reason it stopped.
    fn verified(&mut self, result: Result<Box<Inspection>, String>, key: VerifyKey) {
        match result {
            Ok(inspection) => self.set_inspection(*inspection, key),
            Err(e) => self.session.error = Some(e),
        }
    }

    /// Stops waiting for the running verification. The verdict shown stays the one for the
    /// settings before the change, and says so, until something changes again.
    pub fn cancel_verification(&mut self) {
        if let Some((_, key)) = self.session.verifying.take() {
            self.session.verify_cancelled = Some(key);
            self.session.error = Some(VERIFY_CANCELLED.to_string());
        }
    }

    /// Forgets a cancelled verification, and its note if the window still shows it.
    fn forget_cancelled_verification(&mut self) {
        if self.session.verify_cancelled.take().is_some()
            && self.session.error.as_deref() == Some(VERIFY_CANCELLED)
        {
            self.session.error = None;
        }
    }

    /// The running verification: how many certificates, and since when.
    pub fn verification_running(&self) -> Option<(usize, Instant)> {
        self.session
            .verifying
            .as_ref()
            .map(|(job, _)| (job.certificates, job.started))
    }

    /// Takes a verification's result into the session.
    fn set_inspection(&mut self, inspection: Inspection, key: VerifyKey) {
        let count = inspection.certificates.len();
        self.session.selected = self.session.selected.filter(|&id| id < count);
        if self.session.store_index >= inspection.verdicts.len() {
            self.session.store_index = 0;
        }
        let previous = self.session.verified_with.as_ref();
        if previous.map(|k| (&k.stores, k.loaded_generation, k.focus))
            != Some((&key.stores, key.loaded_generation, key.focus))
        {
            // Another store set may draw another path: show the first trusted one, else the
            // first that reaches an anchor at all, which tells more than a missing issuer.
            self.session.store_index = inspection
                .verdicts
                .iter()
                .position(|v| v.trusted)
                .or_else(|| inspection.verdicts.iter().position(|v| !v.paths.is_empty()))
                .unwrap_or(0);
        }
        let focus_changed = previous.map(|k| k.focus) != Some(key.focus);
        if focus_changed && key.focus.is_some() {
            // The chosen certificate of a bundle is the first of its own inspection.
            self.session.selected = Some(0);
            self.session.view.request_fit();
        } else if focus_changed && self.session.bundle.is_some() {
            // Back to the whole file: nothing is chosen in it.
            self.session.selected = None;
            self.session.view.request_fit();
        } else if self.session.selected.is_none()
            && previous.map(|k| k.loaded_generation) != Some(key.loaded_generation)
        {
            // A new chain opens on its leaf, so the details panel has something to say at once.
            self.session.selected = inspection
                .groups
                .first()
                .and_then(|g| g.certificates.first())
                .copied();
        }
        self.session.inspection = Some(inspection);
        self.session.inspection_generation += 1;
        self.session.verified_with = Some(key);
    }

    /// Sets the validation time to a date (the timeline's handle): the chain is verified again
    /// on the next frame, as when the date is typed.
    pub fn set_validation_date(&mut self, time: OffsetDateTime) {
        self.state.trust.time_mode = TimeMode::At;
        self.state.trust.time_text = crate::verify::human_date(time);
    }

    /// Whether a verification runs off the window's thread.
    pub fn is_verifying(&self) -> bool {
        self.session.verifying.is_some()
    }

    /// Applies what the bundle list asked for.
    pub fn bundle_command(&mut self, command: super::bundle_list::BundleCommand) {
        use super::bundle_list::BundleCommand;
        let Some(bundle) = self.session.bundle.as_mut() else {
            return;
        };
        match command {
            BundleCommand::Focus(cert) => bundle.set_focus(Some(cert)),
            BundleCommand::ClearFocus => bundle.set_focus(None),
        }
    }

    /// The scene of the current inspection for a theme, rebuilt only when something changed.
    pub fn scene(&mut self, theme: scene::Theme) -> Option<&Scene> {
        let insp = self.session.inspection.as_ref()?;
        let key = (
            theme,
            self.session.store_index,
            self.session.inspection_generation,
        );
        if self.session.scene_key != Some(key) || self.session.scene.is_none() {
            self.session.scene = Some(scene::build(
                insp,
                SceneOptions {
                    theme,
                    store: Some(self.session.store_index),
                },
            ));
            self.session.scene_key = Some(key);
        }
        self.session.scene.as_ref()
    }

    fn handle_event(&mut self, ctx: &Context, event: TaskEvent) {
        match event {
            TaskEvent::Loaded {
                job,
                recent,
                result,
            } => {
                if !self.session.load_job.is(job) {
                    // A cancelled or replaced job: its result is no longer wanted.
                    return;
                }
                self.session.load_job = JobState::Done;
                match result {
                    Ok(loaded) => {
                        self.session.error = None;
                        if let Some(items) = recent {
                            self.state
                                .remember(items.lines().map(str::to_string).collect());
                        }
                        self.set_loaded(*loaded);
                    }
                    // The previous chain stays: an error never empties the window.
                    Err(e) => self.session.error = Some(e),
                }
            }
            TaskEvent::PasswordNeeded { job, prompt } => {
                if self.session.load_job.is(job) {
                    self.session.load_job = JobState::Done;
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
                    self.session.batch.job = JobState::Done;
                }
            }
            TaskEvent::OnlineInspected { job, inspection } => {
                if self.session.online_job.is(job) {
                    self.session.online_job = JobState::Done;
                    let count = inspection.certificates.len();
                    self.session.selected = self.session.selected.filter(|&id| id < count);
                    if self.session.store_index >= inspection.verdicts.len() {
                        self.session.store_index = 0;
                    }
                    self.session.inspection = Some(*inspection);
                    self.session.inspection_generation += 1;
                }
            }
            TaskEvent::FilesPicked { purpose, paths } => {
                self.files_chosen(ctx, FileRequest::Open(purpose), paths)
            }
            TaskEvent::SavePicked { format, path } => {
                let file_name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                self.files_chosen(ctx, FileRequest::Save { format, file_name }, vec![path])
            }
            TaskEvent::PortalProbed { job, result } => {
                let dialogs = &mut self.session.file_dialogs;
                if dialogs.probe_job != Some(job) {
                    return;
                }
                dialogs.probe_job = None;
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
            TaskEvent::NativeDialogNeverShown { request, folder } => {
                let reason = "the desktop's file dialog did not open";
                self.use_builtin_file_dialog(reason);
                let dialogs = &mut self.session.file_dialogs;
                dialogs.note = Some(format!("{reason}: this is chainlens's own file dialog"));
                dialogs.open_builtin(request, folder);
            }
            TaskEvent::Exported { path, result } => match result {
                Ok(()) => self.session.toast(format!("Saved {}", path.display())),
                Err(e) => self.session.error = Some(e),
            },
            TaskEvent::DiagramImage { result } => match result {
                Ok(image) => {
                    ctx.copy_image(image);
                    self.session
                        .toast("Copied the diagram to the clipboard as PNG");
                }
                Err(e) => self.session.error = Some(e),
            },
            #[cfg(feature = "aws")]
            TaskEvent::AwsProfiles { result } => self.session.aws_dialog.profiles = Some(result),
            #[cfg(feature = "aws")]
            TaskEvent::AwsDiscovered { job, result } => self.aws_discovered(ctx, job, result),
            TaskEvent::StoresLoaded { stores } => {
                for (key, result) in stores {
                    self.session.stores_loading.retain(|k| k != &key);
                    match result {
                        Ok(store) => {
                            self.session.stores.insert(key, store);
                        }
                        Err(e) => {
                            self.session.store_errors.push(e);
                            // Untick it, so the failure is not retried every frame.
                            match key {
                                StoreChoice::Builtin(BuiltinStore::System) => {
                                    self.state.trust.system = false
                                }
                                StoreChoice::File(path) => {
                                    self.state.trust.bundles.retain(|p| p != &path)
                                }
                                StoreChoice::Builtin(_) => {}
                            }
                        }
                    }
                }
            }
        }
    }

    /// Opens the AWS IoT dialog, reading the profile names the first time.
    #[cfg(feature = "aws")]
    pub fn open_aws_dialog(&mut self, ctx: &Context) {
        self.session.aws_dialog.open = true;
        self.session.aws_dialog.error = None;
        if self.session.aws_dialog.profiles.is_none() {
            self.tasks.list_aws_profiles(ctx);
        }
    }

    /// Applies what the AWS IoT dialog asked for.
    #[cfg(feature = "aws")]
    pub fn aws_command(&mut self, ctx: &Context, command: super::aws_dialog::AwsCommand) {
        use super::aws_dialog::AwsCommand;
        let dialog = &mut self.session.aws_dialog;
        match command {
            AwsCommand::Discover => {
                dialog.job.cancel();
                dialog.error = None;
                dialog.found = None;
                dialog.job = self.tasks.discover_aws(
                    ctx,
                    self.state.aws.options(),
                    self.state.aws.kind.types(),
                );
            }
            AwsCommand::Cancel => {
                dialog.job.cancel();
            }
            AwsCommand::Close => {
                dialog.job.cancel();
                dialog.open = false;
            }
            AwsCommand::Fetch(address) => self.fetch_aws_endpoint(ctx, address),
        }
    }

    /// Takes a discovery's result: fills the address and fetches the first endpoint, or
    /// shows the error in the dialog.
    #[cfg(feature = "aws")]
    fn aws_discovered(
        &mut self,
        ctx: &Context,
        job: super::tasks::JobId,
        result: Result<crate::aws::Discovery, String>,
    ) {
        let dialog = &mut self.session.aws_dialog;
        if !dialog.job.is(job) {
            return;
        }
        dialog.job = JobState::Done;
        match result {
            Ok(discovery) => {
                let first = discovery.endpoints.first().map(|e| e.address.clone());
                let both = discovery.endpoints.len() > 1;
                dialog.found = Some((discovery.region, discovery.endpoints));
                if let Some(address) = first {
                    // With both, the dialog stays open to offer the legacy endpoint too.
                    dialog.open = both;
                    self.fetch_aws_endpoint(ctx, address);
                }
            }
            Err(e) => dialog.error = Some(e),
        }
    }

    /// Fetches a discovered data endpoint as a device does: port 443, ALPN x-amzn-mqtt-ca,
    /// verified against the AWS IoT device roots.
    #[cfg(feature = "aws")]
    fn fetch_aws_endpoint(&mut self, ctx: &Context, address: String) {
        self.state.address = address.clone();
        self.state.net.aws_iot = true;
        self.state.trust.aws_iot = true;
        if self.state.aws.kind != super::aws_dialog::AwsKind::Ats {
            // The legacy endpoint's own root, so its verdict can be read beside the preset's.
            self.state.trust.aws_iot_legacy = true;
        }
        self.open_items(ctx, vec![address]);
    }

    /// Keyboard shortcuts, dropped files and pasted text.
    fn handle_input(&mut self, ctx: &Context) {
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
                self.aws_command(ctx, super::aws_dialog::AwsCommand::Close);
            } else if self.session.load_job.is_running() {
                self.cancel_load();
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
        self.poll_verification();
        self.handle_input(ctx);
        self.verify_if_needed(ctx);
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

    /// Whether the AWS IoT dialog is open.
    #[cfg(feature = "aws")]
    fn aws_dialog_open(&self) -> bool {
        self.session.aws_dialog.open
    }

    /// Whether the AWS IoT dialog is open: never, without AWS discovery.
    #[cfg(not(feature = "aws"))]
    fn aws_dialog_open(&self) -> bool {
        false
    }

    /// Applies what the Batch view asked for.
    pub fn batch_command(&mut self, ctx: &Context, command: super::batch_view::BatchCommand) {
        use super::batch_view::BatchCommand;
        match command {
            BatchCommand::Run => self.run_batch(ctx),
            BatchCommand::Cancel => self.cancel_batch(),
            BatchCommand::Open(index) => self.open_batch_row(index),
            BatchCommand::Close => {
                self.cancel_batch();
                self.session.batch.open = false;
            }
        }
    }

    /// Draws the whole window into `ui`.
    pub fn window_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let view = super::source_bar::SourceBarView {
            recent: &self.state.recent,
            theme: self.state.theme,
            has_inspection: self.session.inspection.is_some(),
            has_scene: self.session.scene.is_some(),
            load_job: &self.session.load_job,
            verification: self.verification_running(),
            error: self.session.error.as_deref(),
        };
        let state = super::source_bar::SourceBarState {
            address: &mut self.state.address,
            net: &mut self.state.net,
            show_net_options: &mut self.state.show_net_options,
            focus_address: &mut self.session.focus_address,
        };
        let commands = super::source_bar::source_bar_ui(ui, state, &view);
        if !commands.is_empty() {
            // Commands apply after the bar is drawn: lay this frame out again with their
            // effect (a started load's spinner and Cancel), instead of a frame late. The next
            // pass gets no input, so nothing is applied twice.
            ctx.request_discard("a source bar command changed the state");
        }
        for command in commands {
            self.source_command(&ctx, command);
        }
        let view = super::verdict_banner::MatrixView {
            inspection: self.session.inspection.as_ref(),
            highlight: self.session.highlight,
            problems: self.session.problems.as_deref(),
        };
        for command in super::verdict_banner::verdict_banner_ui(ui, &view) {
            self.matrix_command(&ctx, command);
        }
        let view = super::trust_panel::TrustView {
            stores_loading: &self.session.stores_loading,
            store_errors: &self.session.store_errors,
            inspection: self.session.inspection.as_ref(),
            fetched_host: self.session.loaded.as_ref().and_then(|l| l.host.as_deref()),
            online_job: &self.session.online_job,
        };
        let commands = super::trust_panel::trust_panel_ui(ui, &mut self.state.trust, &view);
        if !commands.is_empty() {
            // As for the source bar: lay this frame out again with the commands' effect.
            ctx.request_discard("a trust panel command changed the state");
        }
        for command in commands {
            self.trust_command(&ctx, command);
        }
        // The chosen stores that are loaded, borrowed field by field beside the panel's state.
        let keys = self.state.trust.store_keys();
        let stores: Vec<&TrustStore> = keys
            .iter()
            .filter_map(|k| self.session.stores.get(k))
            .collect();
        let view = super::details_panel::DetailsView {
            inspection: self.session.inspection.as_ref(),
            selected: self.session.selected,
            store_index: self.session.store_index,
            in_bundle: self.session.bundle.is_some(),
            shown: (
                self.session.selected,
                self.session.loaded_generation,
                self.session.bundle.as_ref().and_then(|b| b.focus),
            ),
            stores,
        };
        let state = super::details_panel::DetailsState {
            shown: &mut self.session.details_shown,
            scroll_y: &mut self.session.details_scroll_y,
            width: &mut self.session.details_width,
        };
        let commands = super::details_panel::details_panel_ui(ui, &view, state);
        for command in commands {
            match command {
                super::details_panel::DetailsCommand::Select(id) => self.session.selected = id,
                super::details_panel::DetailsCommand::Toast(text) => self.session.toast(text),
            }
        }
        if let Some(bundle) = self.session.bundle.as_mut() {
            for command in super::bundle_list::bundle_list_ui(ui, bundle) {
                self.bundle_command(command);
            }
        }
        diagram_panel_ui(self, ui);
        let view = super::dialogs::DialogsView {
            toast: self.session.toast.as_ref(),
            has_inspection: self.session.inspection.is_some(),
            has_scene: self.session.scene.is_some(),
        };
        let state = super::dialogs::DialogsState {
            paste: &mut self.session.paste_dialog,
            export_open: &mut self.session.export_dialog,
        };
        for command in super::dialogs::dialogs_ui(ui, state, &view) {
            match command {
                super::dialogs::DialogCommand::LoadPaste(text) => self.open_paste(&ctx, text),
                super::dialogs::DialogCommand::Export(choice) => self.source_command(&ctx, choice),
            }
        }
        {
            let ctx = ui.ctx().clone();
            if let Some(command) =
                super::file_dialog::file_dialog_ui(&ctx, &mut self.session.file_dialogs)
            {
                self.file_command(&ctx, command);
            }
        }
        let ctx = ui.ctx().clone();
        match super::password_dialog::password_dialog_ui(
            self.session.password_prompt.as_mut(),
            &ctx,
        ) {
            Some(super::password_dialog::PasswordCommand::Open) => self.submit_password(&ctx),
            Some(super::password_dialog::PasswordCommand::Cancel) => self.cancel_password(),
            None => {}
        }
        let stores_ready = self.session.stores_loading.is_empty();
        if let Some(command) =
            super::batch_view::batch_view_ui(&mut self.session.batch, stores_ready, &ctx)
        {
            self.batch_command(&ctx, command);
        }
        #[cfg(feature = "aws")]
        {
            let ctx = ui.ctx().clone();
            let commands = super::aws_dialog::aws_dialog_ui(
                &ctx,
                &mut self.state.aws,
                &self.session.aws_dialog,
            );
            for command in commands {
                self.aws_command(&ctx, command);
            }
        }
    }

    /// Applies what the trust panel asked for.
    pub fn trust_command(&mut self, ctx: &Context, command: super::trust_panel::TrustCommand) {
        use super::trust_panel::TrustCommand;
        let trust = &mut self.state.trust;
        match command {
            TrustCommand::AddBundle => self.pick_trust_bundle(ctx),
            TrustCommand::RemoveBundle(i) => {
                if i < trust.bundles.len() {
                    trust.bundles.remove(i);
                }
            }
            TrustCommand::AddCrl => self.pick_crl(ctx),
            TrustCommand::RemoveCrl(i) => {
                if i < trust.crls.len() {
                    trust.crls.remove(i);
                }
            }
            TrustCommand::DismissStoreErrors => self.session.store_errors.clear(),
            TrustCommand::ResetPolicy => {
                *trust = TrustForm::default();
                self.session
                    .toast("Policy reset: now, the fetched host, the default stores");
            }
            TrustCommand::CheckAt(date) => {
                trust.time_mode = TimeMode::At;
                trust.time_text = date;
            }
            TrustCommand::CancelOnline => {
                self.cancel_online();
            }
        }
    }

    /// Applies what the store matrix asked for.
    pub fn matrix_command(&mut self, ctx: &Context, command: super::verdict_banner::MatrixCommand) {
        use super::verdict_banner::MatrixCommand;
        match command {
            MatrixCommand::HoverPath(path) => self.session.hover_highlight = path,
            MatrixCommand::ChooseStore(index) => self.session.store_index = index,
            MatrixCommand::Highlight(path) => self.session.highlight = path,
            MatrixCommand::ShowProblems(store) => self.session.problems = Some(store),
            MatrixCommand::CloseProblems => self.session.problems = None,
            MatrixCommand::CopyProblems(text) => {
                ctx.copy_text(text);
                self.session.toast("Copied the problems to the clipboard");
            }
        }
    }

    /// Applies what the source bar (or the export chooser) asked for.
    pub fn source_command(&mut self, ctx: &Context, command: super::source_bar::SourceCommand) {
        use super::source_bar::SourceCommand;
        match command {
            SourceCommand::OpenItems(items) => self.open_items(ctx, items),
            SourceCommand::PickFiles => self.pick_certificate_files(ctx),
            SourceCommand::Paste => self.request_paste(ctx),
            #[cfg(feature = "aws")]
            SourceCommand::OpenAws => self.open_aws_dialog(ctx),
            #[cfg(not(feature = "aws"))]
            SourceCommand::OpenAws => {}
            SourceCommand::OpenBatch => self.open_batch_view(),
            SourceCommand::Export(format) => self.start_export(ctx, format),
            SourceCommand::CopyDiagram => self.copy_diagram(ctx),
            SourceCommand::CopyTextReport => {
                if let Some(insp) = &self.session.inspection {
                    ctx.copy_text(crate::report::text::inspection_text(insp));
                    self.session
                        .toast("Copied the text report to the clipboard");
                }
            }
            SourceCommand::CancelLoad => {
                self.cancel_load();
            }
            SourceCommand::CancelVerification => self.cancel_verification(),
            SourceCommand::DismissError => self.session.error = None,
            SourceCommand::SetTheme(theme) => self.set_theme(ctx, theme),
            SourceCommand::ClearRecent => self.state.recent.clear(),
        }
    }

    /// One whole frame: logic, then drawing. What tests drive.
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        // Once a frame, as eframe calls `logic`: a pass laid out again (request_discard)
        // only redraws.
        if ctx.current_pass_index() == 0 {
            self.logic_step(&ctx);
        }
        self.window_ui(ui);
    }

    /// Theme choice, applied to egui at once.
    pub fn set_theme(&mut self, ctx: &Context, theme: ThemeChoice) {
        self.state.theme = theme;
        ctx.set_theme(theme.preference());
    }
}

impl eframe::App for App {
    fn logic(&mut self, ctx: &Context, _frame: &mut eframe::Frame) {
        self.logic_step(ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.window_ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.state);
    }
}

/// Draws the diagram panel of `app` into `ui` and applies what it asks for.
pub fn diagram_panel_ui(app: &mut App, ui: &mut egui::Ui) {
    use super::diagram_view::{DiagramCommand, DiagramPanelState, DiagramPanelView};
    let theme = super::diagram_view::scene_theme(ui);
    // Builds (or keeps) the scene for this theme; the panel below borrows it.
    let _ = app.scene(theme);
    let notes = app
        .session
        .loaded
        .as_ref()
        .map(|l| l.notes.clone())
        .unwrap_or_default();
    let session = &mut app.session;
    let view = DiagramPanelView {
        scene: session.scene.as_ref(),
        inspection: session.inspection.as_ref(),
        notes: &notes,
        loading: session.load_job.is_running(),
        selected: session.selected,
        highlight: session.hover_highlight.or(session.highlight),
        now: session
            .timeline_now
            .unwrap_or_else(time::OffsetDateTime::now_utc),
        report_first_diagram: session.startup_trace.is_some() && !session.scene_drawn,
    };
    let state = DiagramPanelState {
        view: &mut session.view,
        toolbar_action: &mut session.toolbar_action,
        timeline_axis: &mut session.timeline_axis,
    };
    let commands = super::diagram_view::diagram_panel_ui(ui, &view, state);
    for command in commands {
        match command {
            DiagramCommand::Select(id) => app.session.selected = Some(id),
            DiagramCommand::SetValidationDate(t) => app.set_validation_date(t),
            DiagramCommand::FirstDiagramDrawn => app.session.scene_drawn = true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dates_and_rfc3339() {
        assert_eq!(
            parse_time("2023-01-01").map(|t| t.unix_timestamp()),
            Ok(1_672_531_200)
        );
        assert_eq!(
            parse_time("2023-01-01T00:00:10Z").map(|t| t.unix_timestamp()),
            Ok(1_672_531_210)
        );
        assert!(parse_time("yesterday").is_err());
        assert!(parse_time("").is_err());
    }

    #[test]
    fn net_form_rejects_bad_numbers() {
        let form = NetForm {
            port: "99999".into(),
            timeout_secs: "x".into(),
            ..NetForm::default()
        };
        assert!(form.port().is_err());
        assert!(form.settings().is_err());
    }

    #[test]
    fn recent_list_moves_repeats_to_the_top() {
        let mut state = State::default();
        state.remember(vec!["a.example:443".into()]);
        state.remember(vec!["b.example".into()]);
        state.remember(vec!["a.example:443".into()]);
        assert_eq!(state.recent.len(), 2);
        assert_eq!(
            state.recent.first().map(|r| r.label.as_str()),
            Some("a.example:443")
        );
    }
}
