//! Background jobs on the tokio runtime: loading sources, native file dialogs and trust-store
//! loading. Each job reports one [`TaskEvent`] through a channel and wakes the window; the
//! window never waits for one.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Instant;

use egui::Context;
use tokio::runtime::Handle;
use tokio::task::JoinHandle;

use crate::diagram::Scene;
use crate::load::{self, Loaded, SourceSpec};
use crate::model::{Inspection, StoreChoice};
use crate::verify::TrustStore;

use super::file_dialog::FileRequest;

/// Identifies one started job, so that the result of a cancelled job is recognised and dropped.
pub type JobId = u64;

/// The state of a job the user waits for.
#[derive(Debug, Default)]
pub enum JobState {
    /// Nothing running.
    #[default]
    Idle,
    /// Running; aborting the handle cancels it.
    Running {
        /// Which job, to match its report.
        id: JobId,
        /// What it does, in words (`Fetching example.com:443`).
        what: String,
        /// When it started, to show the elapsed time.
        started: Instant,
        /// The tokio task.
        handle: JoinHandle<()>,
    },
    /// Finished; its result was taken into the session.
    Done,
}

impl JobState {
    /// Whether a job is running.
    pub fn is_running(&self) -> bool {
        matches!(self, JobState::Running { .. })
    }

    /// Whether this is the running job with this id.
    pub fn is(&self, job: JobId) -> bool {
        matches!(self, JobState::Running { id, .. } if *id == job)
    }

    /// Aborts the running job, if any. Returns whether one was running.
    pub fn cancel(&mut self) -> bool {
        match std::mem::take(self) {
            JobState::Running { handle, .. } => {
                handle.abort();
                true
            }
            other => {
                *self = other;
                false
            }
        }
    }
}

/// What an open dialog is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilePurpose {
    /// Certificates to open.
    OpenCertificates,
    /// A PEM bundle to add as a trust store.
    AddTrustBundle,
}

/// What a background job reports.
#[derive(Debug)]
pub enum TaskEvent {
    /// A load finished (or failed).
    Loaded {
        /// The job.
        job: JobId,
        /// How the user named the source, for the recent list (`None` for pasted text).
        recent: Option<String>,
        /// The certificates (boxed: they dwarf the other reports), or the error in words.
        result: Result<Box<Loaded>, String>,
    },
    /// A native open dialog closed; empty when cancelled.
    FilesPicked {
        /// Why it was opened.
        purpose: FilePurpose,
        /// The chosen files.
        paths: Vec<PathBuf>,
    },
    /// A native save dialog closed with a path.
    SavePicked {
        /// Which export.
        format: super::export::ExportFormat,
        /// The chosen path.
        path: PathBuf,
    },
    /// An export was written (or failed).
    Exported {
        /// Where.
        path: PathBuf,
        /// Nothing, or the error in words.
        result: Result<(), String>,
    },
    /// The diagram was rendered for the clipboard.
    DiagramImage {
        /// The image, or the error in words.
        result: Result<egui::ColorImage, String>,
    },
    /// The profile names of the AWS shared config files were read.
    #[cfg(feature = "aws")]
    AwsProfiles {
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
        /// What it was for, to show the in-window dialog instead.
        request: FileRequest,
        /// The folder it was to open in.
        folder: Option<PathBuf>,
    },
    /// A verification that ran off the window's thread finished.
    Verified {
        /// The job.
        job: JobId,
        /// The inspection (boxed: it dwarfs the other reports), or why it stopped.
        result: Result<Box<Inspection>, String>,
    },
    /// Trust stores read from disk (the system store, bundles).
    StoresLoaded {
        /// Each requested store, or why it could not be loaded.
        stores: Vec<(StoreKey, Result<TrustStore, String>)>,
    },
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
            next_id: 1,
        }
    }

    /// The reports that arrived since the last call.
    pub fn drain(&self) -> Vec<TaskEvent> {
        self.receiver.try_iter().collect()
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
        let (id, handle) = self.spawn(ctx, move |job| {
            Box::pin(async move {
                let result = load_all(specs).await.map(Box::new);
                TaskEvent::Loaded {
                    job,
                    recent,
                    result,
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

    /// Reads the AWS profile names; reports [`TaskEvent::AwsProfiles`].
    #[cfg(feature = "aws")]
    pub fn list_aws_profiles(&mut self, ctx: &Context) {
        self.spawn(ctx, move |_job| {
            Box::pin(async move {
                let result = crate::aws::list_profiles()
                    .await
                    .map(|list| list.names)
                    .map_err(|e| format!("{e:#}"));
                TaskEvent::AwsProfiles { result }
            })
        });
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

    /// Asks the session bus whether a desktop portal runs; reports [`TaskEvent::PortalProbed`].
    pub fn probe_portal(&mut self, ctx: &Context, address: Option<String>) -> JobId {
        let (id, _) = self.spawn(ctx, move |job| {
            Box::pin(async move {
                let result = super::file_dialog::probe_portal(address).await;
                TaskEvent::PortalProbed { job, result }
            })
        });
        id
    }

    /// Shows the desktop's file dialog (rfd, through the portal) for `request`; reports
    /// [`TaskEvent::FilesPicked`] or [`TaskEvent::SavePicked`], or
    /// [`TaskEvent::NativeDialogNeverShown`] when it came back empty at once.
    pub fn native_dialog(&mut self, ctx: &Context, request: FileRequest, folder: Option<PathBuf>) {
        let mut dialog = rfd::AsyncFileDialog::new().set_title(request.title());
        dialog = match &request {
            FileRequest::Open(_) => dialog
                .add_filter("Certificates", &["pem", "crt", "cer", "der", "p7b", "p7c"])
                .add_filter("All files", &["*"]),
            FileRequest::Save { format, file_name } => dialog
                .set_file_name(file_name)
                .add_filter(format.label(), &[format.extension()]),
        };
        if let Some(folder) = folder.clone() {
            dialog = dialog.set_directory(folder);
        }
        let sender = self.sender.clone();
        let ctx = ctx.clone();
        // A cancelled dialog reports nothing, so this does not go through `spawn`.
        self.runtime.spawn(async move {
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
            let event = match (paths, request) {
                (Some(paths), FileRequest::Open(purpose)) if !paths.is_empty() => {
                    TaskEvent::FilesPicked { purpose, paths }
                }
                (Some(paths), FileRequest::Save { format, .. }) if !paths.is_empty() => {
                    let Some(path) = paths.into_iter().next() else {
                        return;
                    };
                    TaskEvent::SavePicked { format, path }
                }
                (_, request) if started.elapsed() < super::file_dialog::NEVER_SHOWN => {
                    TaskEvent::NativeDialogNeverShown { request, folder }
                }
                // Cancelled by the user.
                _ => return,
            };
            let _ = sender.send(event);
            ctx.request_repaint();
        });
    }

    /// Loads trust stores that read the disk; reports [`TaskEvent::StoresLoaded`].
    pub fn load_stores(&mut self, ctx: &Context, keys: Vec<StoreKey>) {
        self.spawn(ctx, move |_| {
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
                TaskEvent::StoresLoaded { stores: loaded }
            })
        });
    }
}

impl Tasks {
    /// Verifies off the window's thread (big bundles take a while); reports
    /// [`TaskEvent::Verified`].
    pub fn verify(
        &mut self,
        ctx: &Context,
        input: crate::verify::Input,
        stores: Vec<TrustStore>,
        policy: crate::model::Policy,
    ) -> JobId {
        let (id, _) = self.spawn(ctx, move |job| {
            Box::pin(async move {
                let inspection = tokio::task::spawn_blocking(move || {
                    crate::verify::inspect(input, &stores, &policy)
                })
                .await;
                TaskEvent::Verified {
                    job,
                    result: inspection
                        .map(Box::new)
                        .map_err(|e| format!("the verification stopped: {e}")),
                }
            })
        });
        id
    }

    /// Renders and writes an export off the window's thread (PNG rasterising takes a while).
    pub fn write_export(
        &mut self,
        ctx: &Context,
        insp: Inspection,
        scene: Option<Scene>,
        format: super::export::ExportFormat,
        path: PathBuf,
    ) {
        self.spawn(ctx, move |_| {
            Box::pin(async move {
                let target = path.clone();
                let result = tokio::task::spawn_blocking(move || {
                    super::export::write(&insp, scene.as_ref(), format, &target)
                })
                .await
                .unwrap_or_else(|e| Err(format!("the export stopped: {e}")));
                TaskEvent::Exported { path, result }
            })
        });
    }

    /// Renders the diagram as an image for the clipboard.
    pub fn render_diagram_image(&mut self, ctx: &Context, scene: Scene) {
        self.spawn(ctx, move |_| {
            Box::pin(async move {
                let result =
                    tokio::task::spawn_blocking(move || super::export::diagram_image(&scene))
                        .await
                        .unwrap_or_else(|e| Err(format!("the rendering stopped: {e}")));
                TaskEvent::DiagramImage { result }
            })
        });
    }
}

/// Loads each source and puts them together (leaf.pem + chain.pem).
async fn load_all(specs: Vec<SourceSpec>) -> Result<Loaded, String> {
    let mut loaded = Vec::with_capacity(specs.len());
    for spec in specs {
        let local = !matches!(spec, SourceSpec::Network(..));
        let result = if local {
            // File reads block; keep them off the runtime's async workers.
            tokio::task::spawn_blocking(move || load::load_blocking(spec))
                .await
                .map_err(|e| format!("the loader stopped: {e}"))?
        } else {
            load::load(spec).await
        };
        loaded.push(result.map_err(|e| format!("{e:#}"))?);
    }
    load::combine(loaded).ok_or_else(|| "nothing to open".to_string())
}
