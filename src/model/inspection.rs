use serde::Serialize;

use super::{
    AnchorId, CertId, Certificate, DistinguishedName, Link, Policy, PublicKeyInfo, Source,
    StoreVerdict, verdict::IssuerRef,
};

/// Where an inspected certificate came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CertOrigin {
    /// Sent by the source, at this position (0-based, in the order sent).
    Source {
        /// Position in the source.
        position: usize,
    },
    /// Given as an extra untrusted intermediate (`--untrusted`).
    Untrusted,
    /// Taken from a trust store to complete a path.
    TrustStore {
        /// The store's name.
        store: String,
    },
    /// Downloaded from an AIA caIssuers URL (`--aia`): not sent by the server.
    Aia {
        /// The URL it was downloaded from.
        url: String,
    },
}

/// A certificate of the inspection and where it came from.
#[derive(Clone, Debug, Serialize)]
pub struct InspectedCertificate {
    /// The decoded certificate.
    #[serde(flatten)]
    pub certificate: Certificate,
    /// Its origin.
    pub origin: CertOrigin,
}

/// A trust anchor that some path reached.
#[derive(Clone, Debug, Serialize)]
pub struct Anchor {
    /// The store it belongs to.
    pub store: String,
    /// Its subject name.
    pub subject: DistinguishedName,
    /// Its public key.
    pub public_key: PublicKeyInfo,
    /// Its certificate in [`Inspection::certificates`], when the store has the whole certificate.
    pub certificate: Option<CertId>,
}

/// Certificates that chain together, leaf first, as chainlens ordered them.
#[derive(Clone, Debug, Serialize)]
pub struct ChainGroup {
    /// The certificates, leaf first, each followed by its issuer when one was found.
    pub certificates: Vec<CertId>,
    /// Whether the top certificate's issuer is missing from the source.
    pub issuer_missing: bool,
}

/// How the source's certificates reached chainlens: what a finding about their order or
/// completeness says of them ("not sent leaf first" of a server, "not given leaf first" of a
/// file).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// Sent by a server in its handshake: the order and the certificates left out are the
    /// server's configuration.
    Sent,
    /// Given locally (files, standard input, pasted text, the sample): nothing was sent.
    Given,
}

impl Delivery {
    /// How a source of this kind delivers its certificates.
    pub fn of(kind: &super::SourceKind) -> Self {
        match kind {
            super::SourceKind::Tls { .. } => Delivery::Sent,
            super::SourceKind::File { .. }
            | super::SourceKind::Stdin
            | super::SourceKind::Paste
            | super::SourceKind::Sample => Delivery::Given,
        }
    }
}

/// The kind of a finding about the chain as sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FindingKind {
    /// The certificates were not sent leaf first, each followed by its issuer.
    WrongOrder,
    /// The same certificate was sent more than once.
    Duplicate,
    /// A certificate that is not part of the leaf's chain.
    Unrelated,
    /// The issuer of a certificate was not sent (and may be found in a trust store).
    MissingIssuer,
    /// The self-signed root was sent (harmless, but unnecessary).
    RootIncluded,
    /// The issuer at the top was not sent, and a chosen trust store holds it: normal.
    RootNotSent,
    /// The source holds several unrelated chains.
    SeveralChains,
    /// The file (PKCS#12) also holds a private key, which chainlens neither shows nor keeps.
    PrivateKeyNotShown,
    /// The source is empty of certificates after all.
    Other,
    /// The server speaks only TLS versions or cipher suites modern TLS stacks refuse (TLS
    /// older than 1.2, or no suite rustls implements): the chain was read from a legacy
    /// handshake that modern clients cannot complete.
    ModernClientsCannotConnect,
    /// Something noticed while the source was read (a PEM block skipped, trust settings
    /// ignored, a certificate the server sent that does not decode).
    LoadNote,
}

/// What a finding found, with its facts: certificates by index into
/// [`Inspection::certificates`] (the source's certificates keep the positions they were sent
/// in), counts, names and URLs. Its sentence is built in `report`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "fact", rename_all = "snake_case")]
#[non_exhaustive]
pub enum FindingFacts {
    /// The primary chain, leaf first, is not the order sent (or given).
    WrongOrder {
        /// The primary chain's certificates, leaf first.
        chain: Vec<CertId>,
        /// Whether a server sent the certificates or they were given locally.
        delivery: Delivery,
    },
    /// A certificate was sent again.
    Duplicate {
        /// The repeated copy.
        certificate: CertId,
        /// The first copy sent.
        first: CertId,
    },
    /// A certificate that is not part of the leaf's chain.
    Unrelated {
        /// The certificate.
        certificate: CertId,
    },
    /// The issuer of the top certificate of the primary chain was not sent (or given).
    MissingIssuer {
        /// The top certificate, whose issuer is missing.
        certificate: CertId,
        /// Whether a server sent the certificates or they were given locally.
        delivery: Delivery,
    },
    /// The issuer of the top certificate was not sent (or given), and a chosen store holds it.
    RootNotSent {
        /// The top certificate, whose issuer is missing.
        certificate: CertId,
        /// The name of the first store holding the issuer.
        store: String,
        /// Whether a server sent the certificates or they were given locally.
        delivery: Delivery,
    },
    /// The self-signed root was sent (or given) with the chain.
    RootIncluded {
        /// The root.
        certificate: CertId,
        /// Whether a server sent the certificates or they were given locally.
        delivery: Delivery,
    },
    /// The source holds only separate self-signed certificates, a CA bundle.
    SeveralChains {
        /// How many.
        count: usize,
    },
    /// A PKCS#12 file also holds a private key.
    PrivateKeyNotShown,
    /// The chain was read from a legacy handshake modern clients cannot complete.
    ModernClientsCannotConnect {
        /// The negotiated protocol version.
        tls_version: String,
        /// The negotiated cipher suite.
        cipher_suite: String,
        /// The key exchange of the legacy handshake.
        key_exchange: String,
    },
    /// An issuer on a path was downloaded from its AIA URL, not sent by the server.
    AiaIssuerDownloaded {
        /// The downloaded issuer.
        certificate: CertId,
        /// The URL it came from.
        url: String,
    },
    /// The AIA chase ran out of its time budget.
    AiaBudgetSpent {
        /// The budget, in seconds.
        budget_secs: u64,
    },
    /// A download of an AIA issuer failed, as the fetcher reported it.
    AiaFetchNote {
        /// The fetcher's note.
        note: String,
    },
    /// Something noticed while the source was read, as the loader said it.
    LoadNote {
        /// The loader's note.
        note: String,
    },
}

impl FindingFacts {
    /// The kind of finding these facts make.
    pub fn kind(&self) -> FindingKind {
        match self {
            FindingFacts::WrongOrder { .. } => FindingKind::WrongOrder,
            FindingFacts::Duplicate { .. } => FindingKind::Duplicate,
            FindingFacts::Unrelated { .. } => FindingKind::Unrelated,
            FindingFacts::MissingIssuer { .. } | FindingFacts::AiaIssuerDownloaded { .. } => {
                FindingKind::MissingIssuer
            }
            FindingFacts::RootNotSent { .. } => FindingKind::RootNotSent,
            FindingFacts::RootIncluded { .. } => FindingKind::RootIncluded,
            FindingFacts::SeveralChains { .. } => FindingKind::SeveralChains,
            FindingFacts::PrivateKeyNotShown => FindingKind::PrivateKeyNotShown,
            FindingFacts::ModernClientsCannotConnect { .. } => {
                FindingKind::ModernClientsCannotConnect
            }
            FindingFacts::AiaBudgetSpent { .. } | FindingFacts::AiaFetchNote { .. } => {
                FindingKind::Other
            }
            FindingFacts::LoadNote { .. } => FindingKind::LoadNote,
        }
    }
}

/// A fact about the chain as sent, kept instead of silently fixed. Its sentence is
/// `report::words::finding`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What kind (always `facts.kind()`; kept as a field for filters and JSON).
    pub kind: FindingKind,
    /// Severity: warn for things that break clients, pass-level (informational) otherwise.
    pub severity: super::CheckStatus,
    /// What was found.
    pub facts: FindingFacts,
}

impl Finding {
    /// A finding of these facts, its kind taken from them.
    pub fn new(severity: super::CheckStatus, facts: FindingFacts) -> Self {
        Self {
            kind: facts.kind(),
            severity,
            facts,
        }
    }
}

/// Everything chainlens knows about one chain: the value every face reads.
#[derive(Clone, Debug, Serialize)]
pub struct Inspection {
    /// Where the certificates came from.
    pub source: Source,
    /// The policy the chain was verified under.
    pub policy: Policy,
    /// Every certificate: those of the source in the order sent, then extras and anchors.
    pub certificates: Vec<InspectedCertificate>,
    /// Trust anchors reached by some path.
    pub anchors: Vec<Anchor>,
    /// The source's certificates grouped by chain; the first group holds the leaf.
    pub groups: Vec<ChainGroup>,
    /// Facts about the chain as sent.
    pub findings: Vec<Finding>,
    /// Every (child, issuer) pair considered, with its checks.
    pub links: Vec<Link>,
    /// One verdict per trust store.
    pub verdicts: Vec<StoreVerdict>,
    /// One verdict per (chosen device, trust store), in the order the devices were given.
    pub devices: Vec<super::DeviceVerdict>,
    /// The leaf's Certificate Transparency: its SCTs checked, Chrome's and Apple's policies.
    /// `None` when the leaf has no SCT and the policies do not apply to it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ct: Option<crate::ct::CtReport>,
}

impl Inspection {
    /// The certificate with this id.
    pub fn cert(&self, id: CertId) -> Option<&Certificate> {
        self.inspected(id).map(|c| &c.certificate)
    }

    /// The certificate with this id and its origin.
    pub fn inspected(&self, id: CertId) -> Option<&InspectedCertificate> {
        self.certificates.get(id.index())
    }

    /// The trust anchor with this id.
    pub fn anchor(&self, id: AnchorId) -> Option<&Anchor> {
        self.anchors.get(id.index())
    }

    /// Every certificate with its id, in the order of [`Inspection::certificates`].
    pub fn cert_ids(&self) -> impl Iterator<Item = (CertId, &InspectedCertificate)> {
        self.certificates
            .iter()
            .enumerate()
            .map(|(i, c)| (CertId::new(i), c))
    }

    /// Every trust anchor with its id, in the order of [`Inspection::anchors`].
    pub fn anchor_ids(&self) -> impl Iterator<Item = (AnchorId, &Anchor)> {
        self.anchors
            .iter()
            .enumerate()
            .map(|(i, a)| (AnchorId::new(i), a))
    }

    /// Whether every store trusts the chain (and there is at least one verdict).
    pub fn all_trusted(&self) -> bool {
        !self.verdicts.is_empty() && self.verdicts.iter().all(|v| v.trusted)
    }

    /// The link from this child, preferring the one on a valid path, then the first found.
    pub fn link_from(&self, child: CertId) -> Option<&Link> {
        let on_valid_path = self
            .verdicts
            .iter()
            .flat_map(|v| &v.paths)
            .filter(|p| p.valid)
            .flat_map(|p| &p.links)
            .filter_map(|&l| self.links.get(l))
            .find(|l| l.child == child);
        on_valid_path.or_else(|| self.links.iter().find(|l| l.child == child))
    }

    /// A label for the issuer side of a link.
    pub fn issuer_label(&self, issuer: IssuerRef) -> String {
        match issuer {
            IssuerRef::Certificate(id) => self
                .cert(id)
                .map(Certificate::label)
                .unwrap_or_else(|| format!("certificate {id}")),
            IssuerRef::Anchor(id) => self
                .anchor(id)
                .map(|a| a.subject.display_label())
                .unwrap_or_else(|| format!("anchor {id}")),
        }
    }
}

/// The part a certificate plays in the inspection, for labels and badges.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CertRole {
    /// The end-entity certificate of the primary chain (or of another chain in the source).
    Leaf,
    /// A CA certificate between a leaf and a root.
    Intermediate,
    /// A self-issued CA certificate that no chosen store trusts.
    Root,
    /// A certificate that is a trust anchor of a chosen store.
    TrustAnchor,
    /// An extra certificate given with `--untrusted` that no path used.
    Extra,
}

impl CertRole {
    /// Lower-case words for text and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            CertRole::Leaf => "leaf",
            CertRole::Intermediate => "intermediate",
            CertRole::Root => "root",
            CertRole::TrustAnchor => "trust anchor",
            CertRole::Extra => "extra",
        }
    }
}

impl Inspection {
    /// The role of a certificate.
    pub fn role(&self, id: CertId) -> CertRole {
        if self.anchors.iter().any(|a| a.certificate == Some(id)) {
            return CertRole::TrustAnchor;
        }
        let primary_leaf = self.groups.first().and_then(|g| g.certificates.first());
        let alone = self
            .groups
            .first()
            .is_some_and(|g| g.certificates.len() == 1);
        let self_issued_ca = self
            .inspected(id)
            .is_some_and(|e| e.certificate.is_self_issued() && e.certificate.is_ca());
        // A root opened on its own (one certificate of a system bundle) is a root, not a leaf;
        // a target checked as a CA is the CA it is.
        let as_ca = self.policy.purpose == super::Purpose::Ca;
        if primary_leaf == Some(&id) && !(alone && self_issued_ca) && !as_ca {
            return CertRole::Leaf;
        }
        let Some(entry) = self.inspected(id) else {
            return CertRole::Extra;
        };
        let on_a_path = self
            .verdicts
            .iter()
            .flat_map(|v| &v.paths)
            .any(|p| p.certificates.contains(&id));
        if entry.origin == CertOrigin::Untrusted && !on_a_path {
            return CertRole::Extra;
        }
        let cert = &entry.certificate;
        if cert.is_self_issued() && cert.is_ca() {
            CertRole::Root
        } else if cert.is_ca() {
            CertRole::Intermediate
        } else {
            CertRole::Leaf
        }
    }
}
