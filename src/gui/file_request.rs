//! What a file dialog is asked for: a leaf both the dialogs and the jobs that run the
//! desktop's dialog import, so that neither imports the other for it.

use super::export::ExportFormat;

/// What an open dialog is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilePurpose {
    /// Certificates to open.
    OpenCertificates,
    /// A PEM bundle to add as a trust store.
    AddTrustBundle,
    /// A CRL to check revocation against.
    AddCrl,
}

/// What a file dialog is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileRequest {
    /// Files to open or trust.
    Open(FilePurpose),
    /// Where to save an export.
    Save {
        /// Which export.
        format: ExportFormat,
        /// The proposed file name.
        file_name: String,
    },
}

impl FileRequest {
    /// The dialog's title.
    pub fn title(&self) -> String {
        match self {
            FileRequest::Open(FilePurpose::OpenCertificates) => "Open certificates".to_string(),
            FileRequest::Open(FilePurpose::AddTrustBundle) => "Add a trust bundle".to_string(),
            FileRequest::Open(FilePurpose::AddCrl) => "Add a CRL".to_string(),
            FileRequest::Save { format, .. } => format!("Export {}", format.label()),
        }
    }
}
