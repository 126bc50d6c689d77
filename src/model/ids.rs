//! The indices that link an inspection's parts together. A leaf module: the inspection and
//! its verdicts both refer to them, and they refer to nothing.
//!
//! Each is its own type so that a certificate's index, an anchor's index and any other
//! `usize` (a position in the chain as sent, a path length, a count) cannot stand in for
//! one another. Both serialize as the bare number, as the JSON report has always shown them.

use std::fmt;

use serde::Serialize;

/// Index of a certificate in [`super::Inspection::certificates`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct CertId(usize);

impl CertId {
    /// The id of the certificate at `index` in [`super::Inspection::certificates`]: only the
    /// code that pushes certificates there mints ids.
    pub const fn new(index: usize) -> Self {
        Self(index)
    }

    /// The position in [`super::Inspection::certificates`].
    pub const fn index(self) -> usize {
        self.0
    }
}

impl fmt::Display for CertId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Index of a trust anchor in [`super::Inspection::anchors`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct AnchorId(usize);

impl AnchorId {
    /// The id of the anchor at `index` in [`super::Inspection::anchors`]: only the code that
    /// pushes anchors there mints ids.
    pub const fn new(index: usize) -> Self {
        Self(index)
    }

    /// The position in [`super::Inspection::anchors`].
    pub const fn index(self) -> usize {
        self.0
    }
}

impl fmt::Display for AnchorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}
