//! Why a name does not fit: a host or a common name that matches no subjectAltName entry,
//! a name outside a CA's name constraints, constraints that are malformed. The facts of
//! the name failures; their words are built in `report`, and JSON carries the words as it
//! always has.

use std::net::IpAddr;

/// Why the host asked for does not match the leaf.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum HostMismatch {
    /// The leaf has no subjectAltName (its common name is not used for host names).
    NoSubjectAltName,
    /// None of the leaf's DNS and IP names matches.
    ValidFor {
        /// Every DNS and IP name of the subjectAltName, as OpenSSL prints them.
        names: Vec<String>,
    },
}

/// Why a common name is not a byte-for-byte copy of a subjectAltName entry (BR 7.1.4.3).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CommonNameMismatch {
    /// The common name is an address the SAN holds, written in another form.
    NotCanonical {
        /// The address in its canonical form.
        canonical: IpAddr,
    },
    /// The common name is an address no SAN entry holds.
    AddressNotInSan {
        /// The address.
        address: IpAddr,
    },
    /// A SAN entry differs from the common name in letter case only.
    CaseDiffers,
    /// The common name is in Unicode, while certificates carry A-labels.
    Unicode,
    /// No SAN entry holds the common name's domain.
    DomainNotInSan {
        /// The first DNS names the certificate holds (at most three).
        names: Vec<String>,
    },
}

/// How a name breaks the name constraints of a CA above it (RFC 5280 §4.2.1.10).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConstraintBreach {
    /// A DNS name or an e-mail address that is malformed, so the constraints cannot place it.
    Malformed,
    /// An IP address entry whose length is not that of an address.
    NotAnIpAddress,
    /// The name is in an excluded subtree.
    ExcludedBy {
        /// The excluded subtree, as OpenSSL prints a general name.
        subtree: String,
    },
    /// The name is outside every permitted subtree of its kind.
    OutsidePermitted,
    /// A name form chainlens cannot evaluate is constrained, and the certificate has one.
    CannotEvaluate,
}

/// What is malformed in a CA's name constraints.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum MalformedConstraints {
    /// nameConstraints with neither permitted nor excluded subtrees.
    NoSubtrees,
    /// A DNS subtree that is not a DNS name.
    Dns {
        /// The subtree.
        name: String,
    },
    /// An IP subtree whose length is not an address and its mask.
    IpLength {
        /// Its length in bytes.
        bytes: usize,
    },
    /// An e-mail subtree with more than one `@`.
    Email {
        /// The subtree.
        name: String,
    },
    /// A subtree's name does not decode as its tag says.
    Undecodable {
        /// The context tag.
        tag: u32,
    },
}
