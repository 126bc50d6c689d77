//! The desktop window (feature `gui`): a source bar, the trust and policy panel, the verdict
//! banner, the chain diagram and the details of the selected certificate.
//!
//! The window reads an [`Inspection`](crate::model::Inspection) and never does I/O itself:
//! loads, fetches and file dialogs are jobs on a tokio runtime that report through a channel.

mod app;
#[cfg(feature = "aws")]
mod aws_dialog;
mod batch_view;
mod bundle_list;
mod command;
mod ct_section;
mod details_panel;
mod device_matrix;
mod device_picker;
mod diagram_view;
mod dialogs;
mod export;
mod file_dialog;
mod file_request;
mod forms;
mod handshake_table;
mod icon;
mod job;
mod palette;
mod password_dialog;
mod purpose_note;
mod source_bar;
mod tasks;
mod timeline_view;
mod trust_form;
mod trust_panel;
mod verdict_banner;

use std::sync::Arc;
use std::time::Instant;

pub use app::{
    App, Derived, DerivedBuilds, NetForm, Notice, RecentSource, Session, State, ThemeChoice,
    TimeMode, TrustForm, parse_time,
};
#[cfg(feature = "aws")]
pub use aws_dialog::{AwsDialog, AwsForm, AwsKind};
pub use batch_view::{BatchResult, BatchView, BatchViewRow};
pub use bundle_list::{BundleRole, BundleRow, BundleView, Column, bundle_list_ui};
pub use command::{Command, CommandQueue};
pub use device_picker::{ClockMode, DeviceForm};
pub use diagram_view::{DIAGRAM_FAMILY, FIT_MIN_ZOOM, ViewTransform};
pub use export::ExportFormat;
pub use file_dialog::{DialogBackend, FileDialogs, FileRequest};
pub use handshake_table::{HandshakeTable, ProbeOutcome, ProbeRequest};
pub use icon::window_icon;
pub use job::{Job, JobId, JobKind, JobState, VerifyOutcome};
pub use palette::{MIN_CONTRAST, Palette, blend, contrast};
pub use password_dialog::PasswordPrompt;
pub use source_bar::ADDRESS_ID;
pub use tasks::{FilePurpose, StoreKey};
pub use timeline_view::TimeAxis;

/// The application id: the name of the desktop entry and of the icon the packages install, so
/// that desktops (Wayland's app_id, X11's WM_CLASS) show the window with its menu entry.
pub const APP_ID: &str = "io.github.chainlens.Chainlens";

/// Why the window could not run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GuiError {
    /// The window system or the renderer failed.
    #[error("cannot open the window: {detail}")]
    Window {
        /// eframe's error, in words.
        detail: String,
    },
}

/// Opens the window on `sources` (files, host[:port]) or, when none are given, on the embedded
/// sample; background jobs run on `runtime`. Returns when the window closes.
pub fn run(sources: Vec<String>, runtime: tokio::runtime::Handle) -> Result<(), GuiError> {
    let started = Instant::now();
    let trace = std::env::var_os("CHAINLENS_TRACE_STARTUP").is_some_and(|v| v != "0");
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("chainlens")
        .with_app_id(APP_ID)
        .with_inner_size([1360.0, 800.0])
        .with_min_inner_size([820.0, 480.0]);
    match window_icon() {
        Ok(icon) => viewport = viewport.with_icon(Arc::new(icon)),
        // Not worth refusing to start over: the desktop entry's icon still shows in menus.
        Err(e) => eprintln!("chainlens: no window icon: {e}"),
    }
    let options = eframe::NativeOptions {
        viewport,
        // eframe keeps its state under the app id; it stays where it was before the id became
        // the reverse-DNS one, so the recent list and settings carry over.
        persistence_path: eframe::storage_dir("chainlens").map(|dir| dir.join("app.ron")),
        ..Default::default()
    };
    eframe::run_native(
        "chainlens",
        options,
        Box::new(move |cc| {
            let mut app = App::new(&cc.egui_ctx, cc.storage, runtime, sources);
            if trace {
                eprintln!(
                    "chainlens: window created after {:.1} ms",
                    started.elapsed().as_secs_f64() * 1000.0
                );
                app.session.startup_trace = Some(started);
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| GuiError::Window {
        detail: e.to_string(),
    })
}
