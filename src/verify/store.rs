//! Trust stores: the Mozilla roots (webpki-roots), the operating system's store, PEM/DER
//! bundle files, and the AWS IoT device preset bundled with chainlens.

use std::path::Path;

use crate::decode::{decode_certificate, decode_name, decode_spki};
use crate::ingest::{self, IngestError};
use crate::model::{
    BuiltinStore, Certificate, DistinguishedName, GeneralName, PublicKeyInfo, StoreChoice,
    StoreLoadProblem,
};

use super::nc::Constraints;

/// The AWS IoT device roots: Amazon Root CA 1–4 and Starfield Services Root G2.
const AWS_IOT_BUNDLE: &str = include_str!("../../assets/trust/aws-iot-device-roots.pem");
/// The root of the legacy `iot:Data` endpoints: VeriSign Class 3 Public Primary CA – G5.
const AWS_IOT_LEGACY_BUNDLE: &str =
    include_str!("../../assets/trust/aws-iot-legacy-verisign-g5.pem");

/// One trusted name and key, with its certificate when the store has it.
#[derive(Clone, Debug)]
pub struct TrustAnchorEntry {
    /// Subject name.
    pub subject: DistinguishedName,
    /// Public key.
    pub public_key: PublicKeyInfo,
    /// Name constraints the store attaches to the anchor (Mozilla) or its certificate carries.
    pub name_constraints: Option<Constraints>,
    /// The whole certificate, when the store has it.
    pub certificate: Option<Certificate>,
    /// DER of the subject name contents, without the outer SEQUENCE header (webpki's form).
    pub subject_value_der: Vec<u8>,
    /// DER of the SubjectPublicKeyInfo contents, without the outer SEQUENCE header.
    pub spki_value_der: Vec<u8>,
    /// DER of the name-constraints value, as webpki wants it.
    pub name_constraints_der: Option<Vec<u8>>,
}

/// Which kind of trust store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreKind {
    /// The Mozilla root program, as compiled into webpki-roots.
    Mozilla,
    /// The operating system's store, via rustls-native-certs.
    System,
    /// The AWS IoT device preset.
    AwsIot,
    /// The root of the legacy AWS IoT `iot:Data` endpoints (VeriSign Class 3 G5).
    AwsIotLegacy,
    /// A PEM or DER bundle file.
    File(std::path::PathBuf),
}

/// A named set of trust anchors.
#[derive(Clone, Debug)]
pub struct TrustStore {
    /// Name shown to people (`Mozilla roots`, `AmazonRootCA1.pem`).
    pub name: String,
    /// What kind.
    pub kind: StoreKind,
    /// The anchors.
    pub anchors: Vec<TrustAnchorEntry>,
    /// What could not be loaded from the store.
    pub load_warnings: Vec<StoreLoadProblem>,
}

/// Why a trust store could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The bundle file could not be read or held no certificate.
    #[error("cannot load trust store: {error}")]
    Bundle {
        /// What went wrong (names the file).
        error: IngestError,
    },
    /// The operating system store could not be read at all.
    #[error("cannot load the system trust store: {detail}")]
    System {
        /// What went wrong.
        detail: String,
    },
    /// The store has no certificates.
    #[error("trust store {name} holds no certificates")]
    Empty {
        /// The store's name.
        name: String,
    },
}

impl TrustAnchorEntry {
    /// An anchor from a whole certificate.
    pub fn from_certificate(cert: Certificate) -> Self {
        let name_constraints = Constraints::of(&cert);
        let name_constraints_der = None;
        Self {
            subject: cert.subject.clone(),
            public_key: cert.public_key.clone(),
            name_constraints,
            subject_value_der: crate::decode::der::content_of(&cert.subject.der),
            spki_value_der: crate::decode::der::content_of(&cert.public_key.spki_der),
            name_constraints_der,
            certificate: Some(cert),
        }
    }

    /// A label for people.
    pub fn label(&self) -> String {
        self.subject.display_label()
    }

    /// Whether this anchor is `cert`: the same certificate, or (for a self-issued one) its
    /// name and key. See [`TrustStore::holds`].
    pub fn is(&self, cert: &Certificate) -> bool {
        self.certificate.as_ref().is_some_and(|c| c.der == cert.der)
            || (cert.is_self_issued()
                && self.public_key.spki_der == cert.public_key.spki_der
                && self.subject.matches(&cert.subject))
    }
}

impl TrustStore {
    /// Loads a built-in store.
    pub fn builtin(which: BuiltinStore) -> Result<Self, StoreError> {
        match which {
            BuiltinStore::Mozilla => Ok(Self::mozilla()),
            BuiltinStore::AwsIot => Ok(Self::aws_iot()),
            BuiltinStore::AwsIotLegacy => Ok(Self::aws_iot_legacy()),
            BuiltinStore::System => Self::system(),
        }
    }

    /// Loads the store the user chose.
    pub fn load(choice: &StoreChoice) -> Result<Self, StoreError> {
        match choice {
            StoreChoice::Builtin(which) => Self::builtin(*which),
            StoreChoice::File(path) => Self::from_file(path),
        }
    }

    /// Whether the store holds `cert` as an anchor: the same certificate, or (for a self-issued
    /// one) an anchor with its name and key. What "a chosen store holds it" means everywhere.
    pub fn holds(&self, cert: &Certificate) -> bool {
        self.anchors.iter().any(|a| a.is(cert))
    }

    /// Loads every chosen store, in order; the first that fails stops the loading.
    pub fn load_all(choices: &[StoreChoice]) -> Result<Vec<Self>, StoreError> {
        choices.iter().map(Self::load).collect()
    }

    /// The Mozilla root program's server-authentication anchors.
    pub fn mozilla() -> Self {
        let mut anchors = Vec::new();
        let mut load_warnings = Vec::new();
        for anchor in webpki_roots::TLS_SERVER_ROOTS {
            let subject = decode_name(&crate::decode::der::wrap_sequence(&anchor.subject));
            let key = decode_spki(&crate::decode::der::wrap_sequence(
                &anchor.subject_public_key_info,
            ));
            let (Ok(subject), Ok(public_key)) = (subject, key) else {
                load_warnings.push(StoreLoadProblem::MozillaRootUndecodable);
                continue;
            };
            let name_constraints = anchor.name_constraints.as_ref().map(|nc| {
                crate::decode::decode_name_constraints(nc)
                    .map(|(permitted, excluded)| Constraints {
                        permitted,
                        excluded,
                    })
                    .unwrap_or_else(|_| Constraints {
                        // Unreadable constraints fail closed.
                        permitted: vec![GeneralName::Invalid {
                            tag: 0,
                            value_hex: hex::encode(nc),
                        }],
                        excluded: Vec::new(),
                    })
            });
            anchors.push(TrustAnchorEntry {
                subject,
                public_key,
                name_constraints,
                certificate: None,
                subject_value_der: anchor.subject.to_vec(),
                spki_value_der: anchor.subject_public_key_info.to_vec(),
                name_constraints_der: anchor.name_constraints.as_ref().map(|nc| nc.to_vec()),
            });
        }
        Self {
            name: BuiltinStore::Mozilla.display_name().to_string(),
            kind: StoreKind::Mozilla,
            anchors,
            load_warnings,
        }
    }

    /// The AWS IoT device preset: Amazon Root CA 1–4 and Starfield Services Root G2.
    pub fn aws_iot() -> Self {
        let loaded = ingest::load_bytes(AWS_IOT_BUNDLE.as_bytes());
        let anchors = loaded
            .map(|l| l.certificates)
            .unwrap_or_default()
            .into_iter()
            .map(TrustAnchorEntry::from_certificate)
            .collect();
        Self {
            name: BuiltinStore::AwsIot.display_name().to_string(),
            kind: StoreKind::AwsIot,
            anchors,
            load_warnings: Vec::new(),
        }
    }

    /// The root of the legacy AWS IoT `iot:Data` endpoints: VeriSign Class 3 Public Primary
    /// Certification Authority – G5, which today's root programs removed with the Symantec
    /// hierarchy. Kept so the legacy endpoints can be compared with the ATS ones.
    pub fn aws_iot_legacy() -> Self {
        let loaded = ingest::load_bytes(AWS_IOT_LEGACY_BUNDLE.as_bytes());
        let anchors = loaded
            .map(|l| l.certificates)
            .unwrap_or_default()
            .into_iter()
            .map(TrustAnchorEntry::from_certificate)
            .collect();
        Self {
            name: "AWS IoT legacy (VeriSign G5)".to_string(),
            kind: StoreKind::AwsIotLegacy,
            anchors,
            load_warnings: Vec::new(),
        }
    }

    /// The operating system's trust store.
    pub fn system() -> Result<Self, StoreError> {
        let result = rustls_native_certs::load_native_certs();
        let mut load_warnings: Vec<StoreLoadProblem> = result
            .errors
            .iter()
            .map(|e| StoreLoadProblem::SystemStore {
                error: e.to_string(),
            })
            .collect();
        let mut anchors = Vec::new();
        for der in &result.certs {
            match decode_certificate(der) {
                Ok(cert) => anchors.push(TrustAnchorEntry::from_certificate(cert)),
                Err(e) => load_warnings.push(StoreLoadProblem::SystemRootUndecodable {
                    error: e.to_string(),
                }),
            }
        }
        if anchors.is_empty() {
            return Err(StoreError::System {
                detail: load_warnings
                    .first()
                    .map(crate::report::words::store_load_problem)
                    .unwrap_or_else(|| "no certificates found".to_string()),
            });
        }
        Ok(Self {
            name: BuiltinStore::System.display_name().to_string(),
            kind: StoreKind::System,
            anchors,
            load_warnings,
        })
    }

    /// A PEM, DER or PKCS#7 bundle file.
    pub fn from_file(path: &Path) -> Result<Self, StoreError> {
        let loaded = ingest::load_file(path).map_err(|error| StoreError::Bundle { error })?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        Self::from_certificates(
            name,
            StoreKind::File(path.to_path_buf()),
            loaded.certificates,
        )
    }

    /// A store made of the given certificates.
    pub fn from_certificates(
        name: String,
        kind: StoreKind,
        certificates: Vec<Certificate>,
    ) -> Result<Self, StoreError> {
        if certificates.is_empty() {
            return Err(StoreError::Empty { name });
        }
        Ok(Self {
            name,
            kind,
            anchors: certificates
                .into_iter()
                .map(TrustAnchorEntry::from_certificate)
                .collect(),
            load_warnings: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amazon_root_ca_1() -> Certificate {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/aws-roots/Amazon_Root_CA_1.pem");
        let loaded = ingest::load_file(&path).expect("the fixture");
        loaded
            .certificates
            .into_iter()
            .next()
            .expect("one certificate")
    }

    #[test]
    fn a_store_holds_its_own_roots_and_no_others() {
        let root = amazon_root_ca_1();
        assert!(TrustStore::mozilla().holds(&root));
        assert!(TrustStore::aws_iot().holds(&root));
        assert!(!TrustStore::aws_iot_legacy().holds(&root));
    }
}
