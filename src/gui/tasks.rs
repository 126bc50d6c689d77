//! Background jobs on the tokio runtime: loading sources, verifying, exports, the diagram for
//! the clipboard, native file dialogs, trust-store loading and the AWS jobs. Each job reports
//! one [`TaskEvent`] through a channel and wakes the window; the window never waits for one.
//! Every job the user starts is returned as a [`Job`], so the window shows it with a spinner
//! and Cancel, and drops the report of a job cancelled or replaced.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Instant;

use egui::Context;
use tokio::runtime::Handle;
use tokio::task::JoinHandle;

use crate::diagram::Scene;
use crate::load::{self, LoadError, LoadOptions, Loaded, SourceSpec};
use crate::model::{Inspection, StoreChoice};
use crate::verify::TrustStore;

pub use super::file_request::{FilePurpose, FileRequest};

pub use super::job::{Job, JobId, JobState, VerifyOutcome};

/// What a background job reports.
#[derive(Debug)]
pub enum TaskEvent {
    /// A verification finished.
    Verified {
        /// The job.
        job: JobId,
        /// The inspection, or why there is none.
        result: Result<Box<Inspection>, String>,
    },
    /// A load finished (or failed).
    Loaded {
        /// The job.
        job: JobId,
        /// The recent list's entry for the source, labelled off the window's thread (`None`
        /// for pasted text).
        recent: Option<super::forms::RecentSource>,
        /// The certificates (boxed: they dwarf the other reports), or the error in words.
        result: Result<Box<Loaded>, String>,
    },
    /// A load found an encrypted PKCS#12 file and no (or a wrong) password.
    PasswordNeeded {
        /// The job.
        job: JobId,
        /// The load to run again once the user has typed the password.
        prompt: Box<super::password_dialog::PasswordPrompt>,
    },
    /// One row of a batch finished.
    BatchRow {
        /// The batch job.
        job: JobId,
        /// The row's index in the list.
        index: usize,
        /// Its certificates and inspection, or the error in words.
        result: Result<Box<super::batch_view::BatchResult>, String>,
    },
    /// Every row of a batch finished.
    BatchFinished {
        /// The batch job.
        job: JobId,
    },
    /// A native open dialog closed with files.
    FilesPicked {
        /// The dialog's job.
        job: JobId,
        /// Why it was opened.
        purpose: FilePurpose,
        /// The chosen files.
        paths: Vec<PathBuf>,
    },
    /// A native save dialog closed with a path.
    SavePicked {
        /// The dialog's job.
        job: JobId,
        /// Which export.
        format: super::export::ExportFormat,
        /// The chosen path.
        path: PathBuf,
    },
    /// A native dialog was closed by the user without a choice.
    NativeDialogClosed {
        /// The dialog's job.
        job: JobId,
    },
    /// An export was written (or failed).
    Exported {
        /// The job.
        job: JobId,
        /// Where.
        path: PathBuf,
        /// Nothing, or the error in words.
        result: Result<(), String>,
    },
    /// The diagram was rendered for the clipboard.
    DiagramImage {
        /// The job.
        job: JobId,
        /// The image, or the error in words.
        result: Result<egui::ColorImage, String>,
    },
    /// The profile names of the AWS shared config files were read.
    #[cfg(feature = "aws")]
    AwsProfiles {
        /// The job.
        job: JobId,
        /// The names, or why the files could not be read.
        result: Result<Vec<String>, String>,
    },
    /// An AWS IoT endpoint discovery finished (or failed).
    #[cfg(feature = "aws")]
    AwsDiscovered {
        /// The job.
        job: JobId,
        /// The region and endpoints, or the error in one line.
        result: Result<crate::aws::Discovery, String>,
    },
    /// The session bus answered whether a desktop portal runs.
    PortalProbed {
        /// The question, so that only the last one asked decides.
        job: JobId,
        /// Nothing (a portal runs), or why the desktop's dialogs cannot show.
        result: Result<(), String>,
    },
    /// The desktop's dialog came back empty at once: it never showed.
    NativeDialogNeverShown {
        /// The dialog's job.
        job: JobId,
        /// What it was for, to show the in-window dialog instead.
        request: FileRequest,
        /// The folder it was to open in.
        folder: Option<PathBuf>,
    },
    /// A verification with network evidence (revocation, AIA issuers) finished.
    OnlineInspected {
        /// The job.
        job: JobId,
        /// The inspection (boxed: it dwarfs the other reports).
        inspection: Box<Inspection>,
    },
    /// A probe of a server (and the verification of its chains) finished.
    Probed {
        /// The job.
        job: JobId,
        /// The outcome (boxed: it holds inspections), or the error in words.
        result: Result<Box<super::handshake_table::ProbeOutcome>, String>,
    },
    /// Trust stores read from disk (the system store, bundles).
    StoresLoaded {
        /// The job.
        job: JobId,
        /// Each requested store, or why it could not be loaded.
        stores: Vec<(StoreKey, Result<TrustStore, String>)>,
    },
}

/// What a verification with network evidence needs.
pub struct OnlineJob {
    /// What to verify, against what, under which policy.
    pub request: VerifyRequest,
    /// Revocation, strictness and AIA.
    pub options: crate::fetch::evidence::OnlineOptions,
    /// CRL files to read.
    pub crl_files: Vec<PathBuf>,
}

impl OnlineJob {
    fn what(&self) -> String {
        match (self.options.revocation, self.options.aia) {
            (true, true) => "Checking revocation and fetching missing issuers",
            (true, false) => "Checking revocation",
            (false, true) => "Fetching missing issuers",
            (false, false) => "Reading CRLs",
        }
        .to_string()
    }
}

/// Names a trust store the user can choose; the key of the loaded-store cache.
pub type StoreKey = StoreChoice;

/// Loads a chosen store, its error in words.
pub fn load_store(key: &StoreKey) -> Result<TrustStore, String> {
    TrustStore::load(key).map_err(|e| format!("{e:#}"))
}

/// Spawns jobs on the runtime and collects their reports.
pub struct Tasks {
    runtime: Handle,
    sender: Sender<TaskEvent>,
    receiver: Receiver<TaskEvent>,
    /// Reports taken off the channel while waiting for a verification, for the next drain.
    pending: Vec<TaskEvent>,
    next_id: JobId,
}

impl Tasks {
    /// Jobs on this runtime.
    pub fn new(runtime: Handle) -> Self {
        let (sender, receiver) = channel();
        Self {
            runtime,
            sender,
            receiver,
            pending: Vec::new(),
            next_id: 1,
        }
    }

    /// The reports that arrived since the last call.
    pub fn drain(&mut self) -> Vec<TaskEvent> {
        let mut events = std::mem::take(&mut self.pending);
        events.extend(self.receiver.try_iter());
        events
    }

    fn spawn<F>(&mut self, ctx: &Context, job: F) -> (JobId, JoinHandle<()>)
    where
        F: FnOnce(JobId) -> std::pin::Pin<Box<dyn Future<Output = TaskEvent> + Send>>,
    {
        let id = self.next_id;
        self.next_id += 1;
        let future = job(id);
        let sender = self.sender.clone();
        let ctx = ctx.clone();
        let handle = self.runtime.spawn(async move {
            let event = future.await;
            // The window may have closed; then nobody needs the report.
            let _ = sender.send(event);
            ctx.request_repaint();
        });
        (id, handle)
    }

    /// Loads and combines sources; reports [`TaskEvent::Loaded`].
    pub fn load(
        &mut self,
        ctx: &Context,
        what: String,
        specs: Vec<SourceSpec>,
        recent: Option<String>,
    ) -> JobState {
        self.load_with(ctx, what, specs, recent, LoadOptions::default())
    }

    /// [`Tasks::load`] with load options (a PKCS#12 password); reports
    /// [`TaskEvent::Loaded`], or [`TaskEvent::PasswordNeeded`] when the password is missing
    /// or wrong.
    pub fn load_with(
        &mut self,
        ctx: &Context,
        what: String,
        specs: Vec<SourceSpec>,
        recent: Option<String>,
        options: LoadOptions,
    ) -> JobState {
        let job_what = what.clone();
        let (id, handle) = self.spawn(ctx, move |job| {
            Box::pin(async move {
                match load_all_with(specs.clone(), options).await {
                    Ok(loaded) => TaskEvent::Loaded {
                        job,
                        recent: recent_source(recent).await,
                        result: Ok(Box::new(loaded)),
                    },
                    Err(Failed::Password { file, wrong }) => TaskEvent::PasswordNeeded {
                        job,
                        prompt: Box::new(super::password_dialog::PasswordPrompt::new(
                            file, job_what, specs, recent, wrong,
                        )),
                    },
                    Err(Failed::Other(error)) => TaskEvent::Loaded {
                        job,
                        recent: None,
                        result: Err(error),
                    },
                }
            })
        });
        JobState::Running {
            id,
            what,
            started: Instant::now(),
            handle,
        }
    }

    /// Verifies with CRL files, revocation and AIA evidence; reports
    /// [`TaskEvent::OnlineInspected`]. Every download is bounded by the HTTP client's caps.
    pub fn inspect_online(&mut self, ctx: &Context, job: OnlineJob) -> JobState {
        let what = job.what();
        let (id, handle) = self.spawn(ctx, move |id| {
            Box::pin(async move {
                let OnlineJob {
                    request,
                    options,
                    crl_files,
                } = job;
                let input = request.input();
                let mut crls = Vec::new();
                for path in crl_files {
                    if let Ok(bytes) = tokio::fs::read(&path).await {
                        crls.push(crate::model::CrlEvidence {
                            origin: path.display().to_string(),
                            bytes,
                        });
                    }
                }
                let online = crate::pipeline::Online { options, crls };
                let inspection = crate::pipeline::inspect(
                    input,
                    &request.stores,
                    &request.options(),
                    Some(&online),
                )
                .await;
                TaskEvent::OnlineInspected {
                    job: id,
                    inspection: Box::new(inspection),
                }
            })
        });
        JobState::Running {
            id,
            what,
            started: Instant::now(),
            handle,
        }
    }

    /// Loads and verifies each source of a batch, at most `jobs` at a time; reports a
    /// [`TaskEvent::BatchRow`] per row as it completes, then [`TaskEvent::BatchFinished`].
    /// Aborting the job stops every row (they run in its `JoinSet`).
    pub fn batch(
        &mut self,
        ctx: &Context,
        specs: Vec<Result<SourceSpec, String>>,
        stores: Vec<TrustStore>,
        policy: crate::model::Policy,
        jobs: usize,
    ) -> JobState {
        let sender = self.sender.clone();
        let repaint = ctx.clone();
        let count = specs.len();
        let (id, handle) = self.spawn(ctx, move |job| {
            Box::pin(async move {
                let stores = std::sync::Arc::new(stores);
                let semaphore = std::sync::Arc::new(tokio::sync::Semaphore::new(jobs.max(1)));
                let mut rows = tokio::task::JoinSet::new();
                for (index, spec) in specs.into_iter().enumerate() {
                    let stores = std::sync::Arc::clone(&stores);
                    let semaphore = std::sync::Arc::clone(&semaphore);
                    let policy = policy.clone();
                    rows.spawn(async move {
                        let _permit = semaphore.acquire_owned().await;
                        let result = match spec {
                            Ok(spec) => batch_row(spec, stores, policy).await,
                            Err(e) => Err(e),
                        };
                        (index, result)
                    });
                }
                while let Some(done) = rows.join_next().await {
                    let Ok((index, result)) = done else {
                        continue;
                    };
                    let _ = sender.send(TaskEvent::BatchRow { job, index, result });
                    repaint.request_repaint();
                }
                TaskEvent::BatchFinished { job }
            })
        });
        JobState::Running {
            id,
            what: format!("Running a batch of {count}"),
            started: Instant::now(),
            handle,
        }
    }

    /// Reads the AWS profile names; reports [`TaskEvent::AwsProfiles`].
    #[cfg(feature = "aws")]
    pub fn list_aws_profiles(&mut self, ctx: &Context) -> JobState {
        let (id, handle) = self.spawn(ctx, move |job| {
            Box::pin(async move {
                let result = crate::aws::list_profiles()
                    .await
                    .map(|list| list.names)
                    .map_err(|e| format!("{e:#}"));
                TaskEvent::AwsProfiles { job, result }
            })
        });
        running(id, "Reading the AWS profiles".to_string(), handle)
    }

    /// Discovers AWS IoT endpoints; reports [`TaskEvent::AwsDiscovered`].
    #[cfg(feature = "aws")]
    pub fn discover_aws(
        &mut self,
        ctx: &Context,
        options: crate::aws::AwsOptions,
        types: Vec<crate::aws::EndpointType>,
    ) -> JobState {
        let (id, handle) = self.spawn(ctx, move |job| {
            Box::pin(async move {
                let result = crate::aws::discover(&options, &types)
                    .await
                    .map_err(|e| format!("{e:#}"));
                TaskEvent::AwsDiscovered { job, result }
            })
        });
        JobState::Running {
            id,
            what: "Discovering the AWS IoT endpoint".to_string(),
            started: Instant::now(),
            handle,
        }
    }

    /// Probes a server and verifies its chains; reports [`TaskEvent::Probed`].
    pub fn probe(
        &mut self,
        ctx: &Context,
        request: super::handshake_table::ProbeRequest,
    ) -> JobState {
        let what = format!("Probing {}", request.target);
        let (id, handle) = self.spawn(ctx, move |job| {
            Box::pin(async move {
                let result = super::handshake_table::run_probe(request)
                    .await
                    .map(Box::new);
                TaskEvent::Probed { job, result }
            })
        });
        running(id, what, handle)
    }

    /// Asks the session bus whether a desktop portal runs; reports [`TaskEvent::PortalProbed`].
    pub fn probe_portal(&mut self, ctx: &Context, address: Option<String>) -> JobState {
        let (id, handle) = self.spawn(ctx, move |job| {
            Box::pin(async move {
                let result = super::file_dialog::probe_portal(address).await;
                TaskEvent::PortalProbed { job, result }
            })
        });
        Job::Running {
            id,
            what: "Looking for the desktop's file dialog".to_string(),
            started: Instant::now(),
            handle,
        }
    }

    /// Shows the desktop's file dialog (rfd, through the portal) for `request`; reports
    /// [`TaskEvent::FilesPicked`] or [`TaskEvent::SavePicked`], or
    /// [`TaskEvent::NativeDialogNeverShown`] when it came back empty at once, or
    /// [`TaskEvent::NativeDialogClosed`] when the user closed it. Cancelling the job drops
    /// the dialog's answer (the desktop may keep its dialog up until it is closed).
    pub fn native_dialog(
        &mut self,
        ctx: &Context,
        request: FileRequest,
        folder: Option<PathBuf>,
    ) -> JobState {
        let what = format!("Waiting for the desktop's dialog: {}", request.title());
        let mut dialog = rfd::AsyncFileDialog::new().set_title(request.title());
        dialog = match &request {
            FileRequest::Open(FilePurpose::AddCrl) => dialog
                .add_filter("CRLs", &["crl", "pem", "der"])
                .add_filter("All files", &["*"]),
            FileRequest::Open(_) => dialog
                .add_filter(
                    super::file_dialog::CERTIFICATE_FILTER,
                    super::file_dialog::CERTIFICATE_EXTENSIONS,
                )
                .add_filter("All files", &["*"]),
            FileRequest::Save { format, file_name } => dialog
                .set_file_name(file_name)
                .add_filter(format.label(), &[format.extension()]),
        };
        if let Some(folder) = folder.clone() {
            dialog = dialog.set_directory(folder);
        }
        let (id, handle) = self.spawn(ctx, move |job| {
            Box::pin(native_dialog_answer(job, dialog, request, folder))
        });
        running(id, what, handle)
    }
    /// Loads trust stores that read the disk; reports [`TaskEvent::StoresLoaded`].
    pub fn load_stores(&mut self, ctx: &Context, keys: Vec<StoreKey>) -> JobState {
        let what = match keys.as_slice() {
            [one] => format!("Loading the trust store {}", store_name(one)),
            _ => format!("Loading {} trust stores", keys.len()),
        };
        let (id, handle) = self.spawn(ctx, move |job| {
            Box::pin(async move {
                let loaded = tokio::task::spawn_blocking(move || {
                    keys.into_iter()
                        .map(|key| {
                            let store = load_store(&key);
                            (key, store)
                        })
                        .collect::<Vec<_>>()
                })
                .await
                .unwrap_or_default();
                TaskEvent::StoresLoaded {
                    job,
                    stores: loaded,
                }
            })
        });
        running(id, what, handle)
    }
}

/// What a verification is asked: the loaded certificates (shared, not copied), the bundle
/// row in focus, the chosen stores and the policy.
#[derive(Clone, Debug)]
pub struct VerifyRequest {
    /// The loaded source.
    pub loaded: std::sync::Arc<Loaded>,
    /// One certificate of a bundle: its own chain, with the rest of the file as the
    /// intermediates it may use. `None`: the whole source, as a chain.
    pub focus: Option<usize>,
    /// The chosen stores.
    pub stores: Vec<TrustStore>,
    /// The policy as chosen.
    pub policy: crate::model::Policy,
}

impl VerifyRequest {
    /// The verifier's input (see [`crate::pipeline::input`]). Copies the certificates: run it
    /// off the window's thread.
    pub fn input(&self) -> crate::verify::Input {
        crate::pipeline::input(&self.loaded, self.focus, Vec::new())
    }

    /// The pipeline's options: the Purpose radio is a default, so the purpose rule checks a
    /// CA read from a file, a bundle row or a paste as a CA whatever it says.
    pub fn options(&self) -> crate::pipeline::Options {
        crate::pipeline::Options::new(self.policy.clone())
    }
}

impl Tasks {
    /// Verifies on the runtime's blocking pool; reports [`TaskEvent::Verified`] and wakes the
    /// window. Dropping the job's result is enough to forget it: the verifier's own budget
    /// bounds the work left.
    pub fn verify(&mut self, ctx: &Context, request: VerifyRequest) -> Job<VerifyOutcome> {
        let certificates = request.loaded.certificates.len();
        let runtime = self.runtime.clone();
        let (id, handle) = self.spawn(ctx, move |job| {
            Box::pin(async move {
                let work = runtime.spawn_blocking(move || {
                    crate::pipeline::verify_offline(
                        request.input(),
                        &request.stores,
                        &request.options(),
                    )
                });
                let result = work
                    .await
                    .map(Box::new)
                    .map_err(|e| format!("the verification stopped: {e}"));
                TaskEvent::Verified { job, result }
            })
        });
        Job::Running {
            id,
            what: format!(
                "Verifying {certificates} certificate{}",
                if certificates == 1 { "" } else { "s" }
            ),
            started: Instant::now(),
            handle,
        }
    }

    /// Waits at most `budget` for the report of verification `job`, so that a quick one
    /// (most chains verify in about a millisecond) shows its verdict in the frame that asked
    /// for it, without a spinner flashing. Other reports that arrive meanwhile are kept for
    /// the next [`Tasks::drain`]. `None` while it still runs.
    pub fn wait_verified(
        &mut self,
        job: JobId,
        budget: std::time::Duration,
    ) -> Option<Result<Box<Inspection>, String>> {
        use std::sync::mpsc::RecvTimeoutError;
        let deadline = Instant::now() + budget;
        loop {
            // No wait means none at all: `recv_timeout` spins and yields a little before it
            // looks at the clock, which can be long enough for a quick job to finish.
            let event = if budget.is_zero() {
                self.receiver.try_recv().ok()?
            } else {
                let left = deadline.saturating_duration_since(Instant::now());
                match self.receiver.recv_timeout(left) {
                    Ok(event) => event,
                    Err(RecvTimeoutError::Timeout) => return None,
                    Err(RecvTimeoutError::Disconnected) => {
                        return Some(Err("the verification stopped without a result".into()));
                    }
                }
            };
            match event {
                TaskEvent::Verified { job: id, result } if id == job => return Some(result),
                other => self.pending.push(other),
            }
        }
    }
}

impl Tasks {
    /// Renders and writes an export off the window's thread (PNG rasterising takes a while);
    /// reports [`TaskEvent::Exported`]. Rendering and writing are two steps, so that a job
    /// cancelled while it renders writes nothing.
    pub fn write_export(
        &mut self,
        ctx: &Context,
        insp: Inspection,
        scene: Option<Scene>,
        format: super::export::ExportFormat,
        path: PathBuf,
        options: super::export::DiagramExportOptions,
    ) -> JobState {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let (id, handle) = self.spawn(ctx, move |job| {
            Box::pin(async move {
                let result = write_export(insp, scene, format, path.clone(), options).await;
                TaskEvent::Exported { job, path, result }
            })
        });
        running(id, format!("Saving {name}"), handle)
    }

    /// Renders the diagram as an image for the clipboard; reports [`TaskEvent::DiagramImage`].
    pub fn render_diagram_image(&mut self, ctx: &Context, scene: Scene) -> JobState {
        let (id, handle) = self.spawn(ctx, move |job| {
            Box::pin(async move {
                let result =
                    tokio::task::spawn_blocking(move || super::export::diagram_image(&scene))
                        .await
                        .unwrap_or_else(|e| Err(format!("the rendering stopped: {e}")));
                TaskEvent::DiagramImage { job, result }
            })
        });
        running(
            id,
            "Rendering the diagram for the clipboard".to_string(),
            handle,
        )
    }
}

/// Loads each source and puts them together (leaf.pem + chain.pem).
/// One row of a batch: load (within the source's own timeout), then verify off the async
/// workers.
async fn batch_row(
    spec: SourceSpec,
    stores: std::sync::Arc<Vec<TrustStore>>,
    mut policy: crate::model::Policy,
) -> Result<Box<super::batch_view::BatchResult>, String> {
    let loaded = load_all_with(vec![spec], LoadOptions::default())
        .await
        .map_err(|failed| match failed {
            Failed::Password { file, .. } => {
                format!("{file} is an encrypted PKCS#12 file: open it alone to type its password")
            }
            Failed::Other(e) => e,
        })?;
    tokio::task::spawn_blocking(move || {
        if policy.host.is_none() {
            policy.host = loaded.host.clone();
        }
        let inspection = crate::pipeline::verify_offline(
            crate::pipeline::input(&loaded, None, Vec::new()),
            &stores,
            &crate::pipeline::Options::new(policy),
        );
        Box::new(super::batch_view::BatchResult { loaded, inspection })
    })
    .await
    .map_err(|e| format!("the verifier stopped: {e}"))
}

/// Why a load job failed: a password to ask for, or an error to show.
enum Failed {
    Password { file: String, wrong: bool },
    Other(String),
}

impl From<LoadError> for Failed {
    fn from(error: LoadError) -> Self {
        if error.needs_password() || error.wrong_password() {
            Failed::Password {
                file: error
                    .file()
                    .map_or_else(|| "The file".to_string(), |p| p.display().to_string()),
                wrong: error.wrong_password(),
            }
        } else {
            Failed::Other(format!("{error:#}"))
        }
    }
}

async fn load_all_with(specs: Vec<SourceSpec>, options: LoadOptions) -> Result<Loaded, Failed> {
    let mut loaded = Vec::with_capacity(specs.len());
    for spec in specs {
        let local = !matches!(spec, SourceSpec::Network(..));
        let result = if local {
            // File reads block; keep them off the runtime's async workers.
            let options = options.clone();
            tokio::task::spawn_blocking(move || load::load_blocking_with(spec, &options))
                .await
                .map_err(|e| Failed::Other(format!("the loader stopped: {e}")))?
        } else {
            load::load_with(spec, &options).await
        };
        loaded.push(result?);
    }
    load::combine(loaded).ok_or_else(|| Failed::Other("nothing to open".to_string()))
}

/// The recent list's entry for a load's items (one a line), labelled on the blocking pool:
/// it asks the disk which items are files.
async fn recent_source(recent: Option<String>) -> Option<super::forms::RecentSource> {
    let items: Vec<String> = recent?.lines().map(str::to_string).collect();
    tokio::task::spawn_blocking(move || super::forms::RecentSource::new(items))
        .await
        .ok()
}

/// A running job's state, started now.
fn running(id: JobId, what: String, handle: JoinHandle<()>) -> JobState {
    Job::Running {
        id,
        what,
        started: Instant::now(),
        handle,
    }
}

/// A trust store's name in a job's words: a bundle by its file name.
pub fn store_name(key: &StoreKey) -> String {
    match key {
        StoreChoice::File(path) => path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ),
        StoreChoice::Builtin(builtin) => format!("{builtin:?}"),
    }
}

/// Renders an export, then writes it; both off the async workers. A job aborted between the
/// two writes nothing.
async fn write_export(
    insp: Inspection,
    scene: Option<Scene>,
    format: super::export::ExportFormat,
    path: PathBuf,
    options: super::export::DiagramExportOptions,
) -> Result<(), String> {
    let bytes = tokio::task::spawn_blocking(move || {
        super::export::render(&insp, scene.as_ref(), format, options)
    })
    .await
    .unwrap_or_else(|e| Err(format!("the export stopped: {e}")))?;
    tokio::task::spawn_blocking(move || super::export::write_bytes(&path, &bytes))
        .await
        .unwrap_or_else(|e| Err(format!("the export stopped: {e}")))
}

/// Shows the desktop's dialog and waits for its answer: files, a save path, or why none came.
async fn native_dialog_answer(
    job: JobId,
    dialog: rfd::AsyncFileDialog,
    request: FileRequest,
    folder: Option<PathBuf>,
) -> TaskEvent {
    let started = Instant::now();
    let paths: Option<Vec<PathBuf>> = match &request {
        FileRequest::Open(_) => dialog
            .pick_files()
            .await
            .map(|files| files.iter().map(|f| f.path().to_path_buf()).collect()),
        FileRequest::Save { .. } => dialog
            .save_file()
            .await
            .map(|file| vec![file.path().to_path_buf()]),
    };
    let first = paths.as_ref().and_then(|p| p.first()).cloned();
    match (paths, first, request) {
        (Some(paths), Some(_), FileRequest::Open(purpose)) => TaskEvent::FilesPicked {
            job,
            purpose,
            paths,
        },
        (_, Some(path), FileRequest::Save { format, .. }) => {
            TaskEvent::SavePicked { job, format, path }
        }
        (_, None, request) if started.elapsed() < super::file_dialog::NEVER_SHOWN => {
            TaskEvent::NativeDialogNeverShown {
                job,
                request,
                folder,
            }
        }
        // Closed by the user.
        _ => TaskEvent::NativeDialogClosed { job },
    }
}
