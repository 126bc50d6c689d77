//! Why a host name or a common name does not match a certificate's subjectAltName: the
//! facts of [`Failure::NameMismatch`](super::Failure::NameMismatch) and
//! [`Failure::CommonNameNotInSan`](super::Failure::CommonNameNotInSan). Their words are
//! built in `report`; JSON carries the words as it always has.

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
