//! What the panels ask of the window: one [`Command`] enum, pushed by every panel into one
//! [`CommandQueue`] while it draws, and applied by [`App`](super::App) once after the whole
//! window is drawn. A leaf module: panels import it without importing the App.

use std::path::PathBuf;

use time::OffsetDateTime;

use crate::model::CertId;

use super::export::ExportFormat;
use super::file_request::FileRequest;
use super::forms::ThemeChoice;
use super::job::JobKind;

/// Something a panel asks the window to do. Grouped by the panel that sends it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Command {
    // Source bar.
    /// Open these sources (the address, a recent entry).
    OpenItems(Vec<String>),
    /// Show the open dialog for certificates.
    PickFiles,
    /// Ask for the clipboard's text.
    Paste,
    /// Open the AWS IoT dialog.
    OpenAws,
    /// Open the Batch view.
    OpenBatch,
    /// Save an export (through the save dialog).
    Export(ExportFormat),
    /// Copy the diagram as an image.
    CopyDiagram,
    /// Copy the text report.
    CopyTextReport,
    /// Cancel the running load.
    CancelLoad,
    /// Stop waiting for the running verification.
    CancelVerification,
    /// Cancel one of the other running jobs (an export, the diagram for the clipboard, the
    /// trust stores, the desktop's file dialog, the AWS profiles).
    CancelJob(JobKind),
    /// Hide the error.
    DismissError,
    /// Use this theme.
    SetTheme(ThemeChoice),
    /// Forget the recent sources.
    ClearRecent,

    // Paste and export dialogs.
    /// Load this pasted text.
    LoadPaste(String),

    // In-window file dialog.
    /// Files were chosen in the in-window dialog.
    FilesPicked {
        /// What for.
        request: FileRequest,
        /// The files (one for a save).
        paths: Vec<PathBuf>,
    },
    /// The in-window file dialog closed without a choice.
    FileDialogClosed,

    // Trust panel.
    /// Show the open dialog for a trust bundle.
    AddBundle,
    /// Forget the trust bundle at this index.
    RemoveBundle(usize),
    /// Show the open dialog for a CRL.
    AddCrl,
    /// Forget the CRL file at this index.
    RemoveCrl(usize),
    /// Hide the errors of stores that could not be loaded.
    DismissStoreErrors,
    /// Back to the default stores and policy.
    ResetPolicy,
    /// Check at this date (as typed: `2024-01-01`).
    CheckAt(String),
    /// Cancel the running revocation / AIA job.
    CancelOnline,

    // Store matrix.
    /// Light this path (store, path index) while the pointer is over its row; `None` when it
    /// is over no row. Sent every frame.
    HoverPath(Option<(usize, usize)>),
    /// Draw this store's paths first (index into the verdicts).
    ChooseStore(usize),
    /// Keep this path lit, or none.
    Highlight(Option<(usize, usize)>),
    /// Open the full list of problems of this store (by name).
    ShowProblems(String),
    /// Close the list of problems.
    CloseProblems,
    /// Put this text on the clipboard: the list of problems.
    CopyProblems(String),

    // Details panel and diagram.
    /// Show this certificate's details, or the list of certificates.
    Select(Option<CertId>),
    /// Fold the details panel to a strip (true) or open it again (false).
    CollapseDetails(bool),
    /// Show a transient message.
    Toast(String),
    /// Verify at this date (the timeline's handle).
    SetValidationDate(OffsetDateTime),
    /// The first frame with a diagram was drawn (for the start-up trace).
    FirstDiagramDrawn,

    // Bundle list.
    /// Show this certificate's own chain (index into the file).
    FocusBundleRow(usize),
    /// Back to the whole file.
    ClearBundleFocus,

    // PKCS#12 password prompt.
    /// Load again with the typed password.
    SubmitPassword,
    /// Close the prompt without loading.
    CancelPassword,

    // Batch view.
    /// Run the list.
    RunBatch,
    /// Stop the running batch.
    CancelBatch,
    /// Open this row's chain in the main view.
    OpenBatchRow(usize),
    /// Close the Batch view (stopping a run).
    CloseBatch,

    // AWS IoT dialog.
    /// Discover the account's endpoints.
    AwsDiscover,
    /// Stop the running discovery.
    AwsCancel,
    /// Close the dialog (stopping a discovery).
    AwsClose,
    /// Fetch this discovered endpoint.
    AwsFetch(String),

    // Device handshakes window.
    /// Open the window and probe the address in the source bar.
    ProbeOpen,
    /// Probe the address again.
    ProbeStart,
    /// Stop the running probe.
    ProbeCancel,
    /// Close the window (stopping a probe).
    ProbeClose,
}

impl Command {
    /// Whether the frame is laid out again after the command is applied, so that its effect
    /// (a started load's spinner and Cancel, a chosen store's diagram) shows in the frame
    /// that asked for it instead of the next. The hover and the start-up trace are sent
    /// every frame and change nothing drawn by themselves.
    pub fn lays_out_again(&self) -> bool {
        !matches!(self, Command::HoverPath(_) | Command::FirstDiagramDrawn)
    }
}

/// The commands the panels sent during one frame, in the order they were sent.
#[derive(Debug, Default)]
pub struct CommandQueue {
    commands: Vec<Command>,
}

impl CommandQueue {
    /// Queues a command; the window applies it after the frame is drawn.
    pub fn send(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// Whether nothing was sent.
    pub fn is_empty(&self) -> bool {
        self.commands.is_empty()
    }

    /// Whether this command was sent.
    pub fn contains(&self, command: &Command) -> bool {
        self.commands.contains(command)
    }

    /// The commands sent, in order, leaving the queue empty.
    pub fn take(&mut self) -> Vec<Command> {
        std::mem::take(&mut self.commands)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_queue_gives_the_commands_back_in_order_once() {
        let mut queue = CommandQueue::default();
        queue.send(Command::PickFiles);
        queue.send(Command::Select(Some(CertId::new(1))));
        assert!(queue.contains(&Command::PickFiles));
        assert_eq!(
            queue.take(),
            vec![Command::PickFiles, Command::Select(Some(CertId::new(1)))]
        );
        assert!(queue.is_empty());
    }

    #[test]
    fn only_what_changes_the_picture_lays_the_frame_out_again() {
        assert!(Command::CancelLoad.lays_out_again());
        assert!(Command::ChooseStore(1).lays_out_again());
        assert!(!Command::HoverPath(None).lays_out_again());
        assert!(!Command::FirstDiagramDrawn.lays_out_again());
    }
}
