//! The indices that link an inspection's parts together. A leaf module: the inspection and
//! its verdicts both refer to them, and they refer to nothing.

/// Index of a certificate in [`super::Inspection::certificates`].
pub type CertId = usize;
/// Index of a trust anchor in [`super::Inspection::anchors`].
pub type AnchorId = usize;
