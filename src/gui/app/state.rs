//! What the window holds: the persisted [`State`] and the [`Session`] of the chain being
//! looked at.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::diagram::scene::Scene;
use crate::gui::diagram_view::ViewTransform;
use crate::gui::file_dialog::FileDialogs;
use crate::gui::forms::{NetForm, RecentSource, ThemeChoice, Toast};
use crate::gui::tasks::{Job, JobState, StoreKey, VerifyOutcome};
use crate::gui::trust_form::TrustForm;
use crate::load::Loaded;
use crate::model::{CertId, Inspection, Profile, Purpose};
use crate::verify::TrustStore;

use super::derived::{Derived, DerivedBuilds};

/// How long a frame waits for the verification it started. Every verification runs off the
/// window's thread; most take about a millisecond, so their verdict still shows in the frame
/// that asked for it (no spinner flashing on each click). A longer one shows the spinner and
/// Cancel while the window goes on drawing. Kept under one 60 Hz frame.
const VERIFY_WAIT: Duration = Duration::from_millis(12);
/// How many recent sources are remembered.
const RECENT_LIMIT: usize = 12;

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
    pub aws: crate::gui::aws_dialog::AwsForm,
}

impl State {
    /// Puts a source on top of the recent list. Labelling it asks the disk which items are
    /// files: the window calls [`State::remember_source`] with the entry its load job made.
    pub fn remember(&mut self, items: Vec<String>) {
        self.remember_source(RecentSource::new(items));
    }

    /// Puts an entry on top of the recent list (replacing one of the same items).
    pub fn remember_source(&mut self, source: RecentSource) {
        if source.items.is_empty() {
            return;
        }
        self.recent.retain(|r| r.items != source.items);
        self.recent.insert(0, source);
        self.recent.truncate(RECENT_LIMIT);
    }
}

/// What the last verification used, to know when to verify again.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct VerifyKey {
    pub(super) loaded_generation: u64,
    pub(super) stores: Vec<StoreKey>,
    pub(super) time: Option<OffsetDateTime>,
    pub(super) host: String,
    pub(super) usage: Purpose,
    pub(super) profile: Profile,
    pub(super) pins: Vec<crate::model::Pin>,
    /// The certificate-policy inputs.
    pub(super) policies: crate::gui::trust_form::PolicyInputs,
    /// The devices that answer beside the stores, and their clock.
    pub(super) devices: crate::model::DeviceChoice,
    /// The bundle-list certificate whose chain is verified alone, if any.
    pub(super) focus: Option<usize>,
    pub(super) online: (bool, bool, Vec<PathBuf>),
}

/// What the window's error line says.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Notice {
    /// An action failed, and why.
    Error(String),
    /// The user cancelled a verification: the verdict shown is for the settings before.
    VerificationCancelled,
}

impl std::ops::Deref for Notice {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Notice::Error(text) => text,
            Notice::VerificationCancelled => {
                "Verification cancelled: the verdict shown is for the settings before the last \
                 change."
            }
        }
    }
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

impl From<String> for Notice {
    fn from(text: String) -> Self {
        Notice::Error(text)
    }
}

/// The chain being looked at and everything about looking at it. Not persisted.
pub struct Session {
    /// The certificates of the current source, kept to verify again when the policy changes.
    pub loaded: Option<Arc<Loaded>>,
    /// Bumped each time `loaded` changes.
    pub loaded_generation: u64,
    /// The verification of `loaded` under the current stores and policy.
    pub inspection: Option<Inspection>,
    /// What is derived from `inspection` (the scene, the timeline, the problem groups, the
    /// selected certificate's text), built when it changes.
    pub derived: Option<Derived>,
    /// How many times each derived value was built.
    pub derived_builds: DerivedBuilds,
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
    pub timeline_axis: Option<crate::gui::timeline_view::TimeAxis>,
    /// What the diagram toolbar asked for on the last frame.
    pub toolbar_action: crate::gui::diagram_view::ToolbarAction,
    /// The running load, if any.
    pub load_job: JobState,
    /// The running revocation / AIA verification, if any.
    pub online_job: JobState,
    /// The export being rendered and written, if any.
    pub export_job: JobState,
    /// The diagram being rendered for the clipboard, if any.
    pub copy_job: JobState,
    /// The trust stores being read from disk (their keys are in `stores_loading`).
    pub stores_job: JobState,
    /// The last error (or the note about a cancelled verification), until dismissed or
    /// replaced.
    pub error: Option<Notice>,
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
    /// How each loaded trust file's anchors were read (bundle layout, C symbols, blocks
    /// skipped), in words, worded once when the file loads.
    pub store_notes: HashMap<std::path::PathBuf, Vec<String>>,
    /// Ask the address field to take the focus.
    pub focus_address: bool,
    /// The list of a file of many unrelated certificates, instead of one fake chain.
    pub bundle: Option<crate::gui::bundle_list::BundleView>,
    /// What the details panel showed last frame (selection, source, bundle focus).
    pub details_shown: Option<(Option<CertId>, u64, Option<usize>)>,
    /// The details panel's scroll offset, as drawn last frame.
    pub details_scroll_y: f32,
    /// The details panel's width, as drawn last frame.
    pub details_width: f32,
    /// How diagrams are exported (theme, PNG scale, transparency), as the export dialog set it.
    pub export_options: crate::gui::export::DiagramExportOptions,
    /// The details panel is folded to a narrow strip (a small window, or Fit needed room).
    pub details_collapsed: bool,
    /// The verification off the window's thread: running (with the spinner and Cancel),
    /// or how the last one ended.
    pub verify: Job<VerifyOutcome>,
    /// What the running verification verifies, or the cancelled one verified (not started
    /// again until something changes).
    pub(super) verify_key: Option<VerifyKey>,
    /// How long a frame waits for the verification it started before it shows the spinner
    /// ([`VERIFY_WAIT`]; zero makes every verification show it, as a slow one would).
    pub verify_wait: Duration,
    pub(super) verified_with: Option<VerifyKey>,
    pub(super) title: String,
    /// When the window started, when `CHAINLENS_TRACE_STARTUP` is set.
    pub startup_trace: Option<Instant>,
    /// Whether a frame with the diagram was drawn (for the start-up trace).
    pub scene_drawn: bool,
    /// The AWS IoT dialog.
    #[cfg(feature = "aws")]
    pub aws_dialog: crate::gui::aws_dialog::AwsDialog,
    /// The Device handshakes window.
    pub handshake_table: crate::gui::handshake_table::HandshakeTable,
    /// The PKCS#12 password prompt, while a load waits for a password.
    pub password_prompt: Option<crate::gui::password_dialog::PasswordPrompt>,
    /// The Batch view.
    pub batch: crate::gui::batch_view::BatchView,
}

impl Default for Session {
    fn default() -> Self {
        Self {
            loaded: None,
            loaded_generation: 0,
            inspection: None,
            derived: None,
            derived_builds: DerivedBuilds::default(),
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
            export_job: JobState::Idle,
            copy_job: JobState::Idle,
            stores_job: JobState::Idle,
            error: None,
            toast: None,
            paste_dialog: None,
            export_dialog: false,
            file_dialogs: FileDialogs::default(),
            paste_requested: None,
            stores: HashMap::new(),
            stores_loading: Vec::new(),
            store_errors: Vec::new(),
            store_notes: HashMap::new(),
            focus_address: false,
            bundle: None,
            details_shown: None,
            details_scroll_y: 0.0,
            details_width: 0.0,
            details_collapsed: false,
            export_options: Default::default(),
            verify: Job::Idle,
            verify_key: None,
            verify_wait: VERIFY_WAIT,
            verified_with: None,
            title: String::new(),
            startup_trace: None,
            scene_drawn: false,
            #[cfg(feature = "aws")]
            aws_dialog: crate::gui::aws_dialog::AwsDialog::default(),
            handshake_table: crate::gui::handshake_table::HandshakeTable::default(),
            password_prompt: None,
            batch: crate::gui::batch_view::BatchView::default(),
        }
    }
}

impl Session {
    /// The diagram of the inspection shown.
    pub fn scene(&self) -> Option<&Scene> {
        self.derived.as_ref().map(|d| &d.scene)
    }

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
