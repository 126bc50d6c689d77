use std::path::{Path, PathBuf};

use crate::decode::DecodeError;

/// Why an input yielded no certificates.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IngestError {
    /// Zero bytes.
    #[error("empty input: no bytes at all")]
    Empty,
    /// Only white space.
    #[error("empty input: only white space")]
    OnlyWhitespace,
    /// Larger than chainlens reads.
    #[error("input too large: {bytes} bytes, the limit is {limit}")]
    TooLarge {
        /// Size seen (at least).
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// Neither PEM nor DER.
    #[error("not a certificate: unrecognised format ({looks_like})")]
    UnknownFormat {
        /// What the data looks like instead.
        looks_like: String,
    },
    /// PEM text whose blocks are all something other than certificates.
    #[error("not a certificate: this is a PEM {label} block")]
    NotACertificate {
        /// The block's label, such as `PRIVATE KEY`.
        label: String,
    },
    /// A PEM block whose body is not base64.
    #[error("block {block}: invalid base64 at line {line}")]
    InvalidBase64 {
        /// 1-based block number.
        block: usize,
        /// 1-based line number in the input.
        line: usize,
    },
    /// A PEM block without its END line.
    #[error("block {block}: no -----END {label}----- line after the BEGIN at line {line}")]
    MissingEnd {
        /// 1-based block number.
        block: usize,
        /// The block's label.
        label: String,
        /// Line of the BEGIN.
        line: usize,
    },
    /// A PEM block with no content.
    #[error("block {block}: the {label} block at line {line} is empty")]
    EmptyBlock {
        /// 1-based block number.
        block: usize,
        /// The block's label.
        label: String,
        /// Line of the BEGIN.
        line: usize,
    },
    /// DER that is not well formed.
    #[error("malformed DER at byte {offset}: {detail}")]
    MalformedDer {
        /// Byte offset of the problem.
        offset: usize,
        /// What is wrong.
        detail: String,
    },
    /// A PKCS#7 structure that is not a certs-only SignedData.
    #[error("PKCS#7: {detail}")]
    Pkcs7 {
        /// What is wrong.
        detail: String,
    },
    /// A PKCS#12 file that is encrypted, and no password was given (the empty one failed).
    #[error("PKCS#12: password required (the file is encrypted)")]
    PasswordRequired,
    /// A PKCS#12 file whose integrity check (or decryption) fails with the password given.
    #[error("PKCS#12: wrong password (the integrity check fails with it)")]
    WrongPassword,
    /// A PKCS#12 file that is malformed or uses a scheme that cannot be read.
    #[error("PKCS#12: {detail}")]
    Pkcs12 {
        /// What is wrong.
        detail: String,
    },
    /// A certificate that does not decode.
    #[error("{}{error}", position.map(|p| format!("certificate {p}: ")).unwrap_or_default())]
    Decode {
        /// 1-based position, when the input held several.
        position: Option<usize>,
        /// The decoding error (shown in this error's message, so not chained as a source).
        error: DecodeError,
    },
    /// Reading failed.
    #[error("cannot read {}: {error}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error (part of the message).
        error: std::io::Error,
    },
    /// Another error, in a named file.
    #[error("{error} in {}", path.display())]
    InFile {
        /// The file.
        path: PathBuf,
        /// The error (part of the message).
        error: Box<IngestError>,
    },
}

impl IngestError {
    /// Attaches the file name to an error that does not already carry it.
    pub fn in_file(self, path: &Path) -> Self {
        match self {
            IngestError::Io { .. } | IngestError::InFile { .. } => self,
            other => IngestError::InFile {
                path: path.to_path_buf(),
                error: Box::new(other),
            },
        }
    }

    /// The error without the file wrapper.
    pub fn innermost(&self) -> &IngestError {
        match self {
            IngestError::InFile { error, .. } => error.innermost(),
            other => other,
        }
    }
}
