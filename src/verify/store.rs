//! Trust stores: the Mozilla roots (webpki-roots), the operating system's store, PEM/DER
//! bundle files, the AWS IoT presets bundled with chainlens, and what devices ship as anchors:
//! ESP-IDF certificate bundles (names and keys only) and C/C++ source embedding certificates.

use std::path::{Path, PathBuf};

use crate::decode::{decode_certificate, decode_name, decode_spki};
use crate::ingest::c_source::{self, CSourceError};
use crate::ingest::esp_bundle::{self, EspBundle, EspBundleError, EspBundleLayout, EspField};
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
    /// What the AWS IoT Device SDK trusts by default: Amazon Root CA 1 only.
    AwsIotDeviceSdk,
    /// A bundle file: PEM, DER, PKCS#7, an ESP-IDF certificate bundle or C/C++ source (the
    /// store's load notes say which of the last two).
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
    /// How a device store's anchors were read (which layout, which symbols), for people.
    pub load_notes: Vec<StoreLoadNote>,
}

/// How the anchors of a device store were read: a remark, not a problem.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum StoreLoadNote {
    /// An ESP-IDF certificate bundle: its anchors are names and keys, without certificates
    /// (so without validity or extensions).
    EspBundle {
        /// The layout the file uses.
        layout: EspBundleLayout,
        /// How many anchors it holds.
        anchors: usize,
    },
    /// C or C++ source: the symbols whose values held certificates, in file order.
    CSource {
        /// Each symbol read (`root_ca`), its line and how many certificates it held.
        symbols: Vec<CSymbolRead>,
    },
    /// Something the file reader noticed and left out (a PEM block of another kind, trust
    /// settings after a certificate), in the reader's words.
    Skipped {
        /// The reader's note.
        note: String,
    },
}

/// One symbol of a C source store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CSymbolRead {
    /// The symbol's name.
    pub name: String,
    /// The line its value starts on.
    pub line: usize,
    /// How many certificates it held.
    pub certificates: usize,
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
    /// An ESP-IDF certificate bundle that does not read.
    #[error("cannot load ESP-IDF certificate bundle: {error} in {}", path.display())]
    EspBundle {
        /// The file.
        path: PathBuf,
        /// What is wrong, and where.
        error: EspBundleError,
    },
    /// An anchor of an ESP-IDF bundle whose name or key does not decode.
    #[error("cannot load ESP-IDF certificate bundle: entry {entry}: the {field} does not decode: {detail} in {}", path.display())]
    EspAnchor {
        /// The file.
        path: PathBuf,
        /// The entry, from 1 in file order.
        entry: usize,
        /// Which field.
        field: EspField,
        /// The decoder's error.
        detail: String,
    },
    /// C or C++ source whose embedded certificates do not read.
    #[error("cannot load trust anchors from C source: {error} in {}", path.display())]
    CSource {
        /// The file.
        path: PathBuf,
        /// What is wrong, and on which line.
        error: CSourceError,
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

    /// An anchor that is a name and a key only, without a certificate (no validity, no
    /// extensions): what an ESP-IDF certificate bundle holds. A verifier matches it by
    /// subject name and checks the issued certificate's signature with its key.
    pub fn from_name_and_key(subject: DistinguishedName, public_key: PublicKeyInfo) -> Self {
        Self {
            subject_value_der: crate::decode::der::content_of(&subject.der),
            spki_value_der: crate::decode::der::content_of(&public_key.spki_der),
            subject,
            public_key,
            name_constraints: None,
            certificate: None,
            name_constraints_der: None,
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
            BuiltinStore::AwsIotDeviceSdk => Ok(Self::aws_iot_device_sdk()),
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
            load_notes: Vec::new(),
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
            load_notes: Vec::new(),
        }
    }

    /// What the AWS IoT Device SDKs (Embedded C, C++, Python, JavaScript, Java) trust by
    /// default: Amazon Root CA 1 alone, the SDKs' `AmazonRootCA1.pem`. Taken from the bundled
    /// device roots, so it is the same certificate.
    pub fn aws_iot_device_sdk() -> Self {
        let loaded = ingest::load_bytes(AWS_IOT_BUNDLE.as_bytes());
        let anchors = loaded
            .map(|l| l.certificates)
            .unwrap_or_default()
            .into_iter()
            .filter(|c| c.subject.common_name() == Some("Amazon Root CA 1"))
            .map(TrustAnchorEntry::from_certificate)
            .collect();
        Self {
            name: BuiltinStore::AwsIotDeviceSdk.display_name().to_string(),
            kind: StoreKind::AwsIotDeviceSdk,
            anchors,
            load_warnings: Vec::new(),
            load_notes: Vec::new(),
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
            load_notes: Vec::new(),
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
            load_notes: Vec::new(),
        })
    }

    /// A bundle file, its format sniffed from the content: PEM, DER, PKCS#7, C/C++ source
    /// embedding certificates, or an ESP-IDF certificate bundle. The last has no signature of
    /// its own, so a file is taken for one only when it parses exactly to its end, and first
    /// only when its name has no extension or `.bin` (as `x509_crt_bundle` has none).
    pub fn from_file(path: &Path) -> Result<Self, StoreError> {
        let bytes = ingest::read_file(path).map_err(|error| StoreError::Bundle { error })?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        let kind = StoreKind::File(path.to_path_buf());
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        let bundle_named = matches!(extension.as_deref(), None | Some("bin"));
        let esp = bundle_named.then(|| esp_bundle::parse(&bytes));
        if let Some(Ok(bundle)) = &esp {
            return Self::from_esp_bundle(name, kind, path, bundle);
        }
        if c_source::looks_like_c_source(&bytes) {
            match Self::from_c_source(name.clone(), kind.clone(), path, &bytes) {
                // Text with a quoted BEGIN line that is not C (JSON, say): as before.
                Err(StoreError::CSource {
                    error: CSourceError::NoCertificates,
                    ..
                }) => {}
                other => return other,
            }
        }
        match ingest::load_bytes(&bytes) {
            Ok(loaded) => {
                let mut store = Self::from_certificates(name, kind, loaded.certificates)?;
                store.load_notes = loaded
                    .notes
                    .into_iter()
                    .map(|note| StoreLoadNote::Skipped { note })
                    .collect();
                Ok(store)
            }
            Err(error) => {
                // Nothing else reads it: if it is not a certificate file at all, the bundle
                // reader's error says more than "unknown format".
                let not_certificates = matches!(
                    error.innermost(),
                    IngestError::UnknownFormat { .. } | IngestError::MalformedDer { .. }
                );
                match esp {
                    Some(Err(esp_error)) if not_certificates => Err(StoreError::EspBundle {
                        path: path.to_path_buf(),
                        error: esp_error,
                    }),
                    None if not_certificates => match esp_bundle::parse(&bytes) {
                        Ok(bundle) => Self::from_esp_bundle(name, kind, path, &bundle),
                        Err(_) => Err(StoreError::Bundle {
                            error: error.in_file(path),
                        }),
                    },
                    _ => Err(StoreError::Bundle {
                        error: error.in_file(path),
                    }),
                }
            }
        }
    }

    /// A store of an ESP-IDF bundle's anchors: names and keys, no certificates. All or
    /// nothing: an entry whose name or key does not decode fails the store.
    pub fn from_esp_bundle(
        name: String,
        kind: StoreKind,
        path: &Path,
        bundle: &EspBundle,
    ) -> Result<Self, StoreError> {
        let mut anchors = Vec::with_capacity(bundle.entries.len());
        for (index, entry) in bundle.entries.iter().enumerate() {
            let undecodable = |field, detail: String| StoreError::EspAnchor {
                path: path.to_path_buf(),
                entry: index + 1,
                field,
                detail,
            };
            let subject = decode_name(&entry.subject_der)
                .map_err(|e| undecodable(EspField::Name, e.to_string()))?;
            let public_key = decode_spki(&entry.spki_der)
                .map_err(|e| undecodable(EspField::Key, e.to_string()))?;
            anchors.push(TrustAnchorEntry::from_name_and_key(subject, public_key));
        }
        if anchors.is_empty() {
            return Err(StoreError::Empty { name });
        }
        Ok(Self {
            name,
            kind,
            load_notes: vec![StoreLoadNote::EspBundle {
                layout: bundle.layout,
                anchors: anchors.len(),
            }],
            anchors,
            load_warnings: Vec::new(),
        })
    }

    /// A store of the certificates C or C++ source embeds. All or nothing: a literal or
    /// array that does not read, or a certificate that does not decode, fails the store.
    fn from_c_source(
        name: String,
        kind: StoreKind,
        path: &Path,
        bytes: &[u8],
    ) -> Result<Self, StoreError> {
        let failed = |error| StoreError::CSource {
            path: path.to_path_buf(),
            error,
        };
        let symbols = c_source::parse(bytes).map_err(failed)?;
        let mut anchors = Vec::new();
        let mut read = Vec::with_capacity(symbols.len());
        for symbol in &symbols {
            let many = symbol.certificates.len() > 1;
            for (i, der) in symbol.certificates.iter().enumerate() {
                let cert = decode_certificate(der).map_err(|error| {
                    failed(CSourceError::BadCertificate {
                        symbol: symbol.name.clone(),
                        line: symbol.line,
                        error: Box::new(IngestError::Decode {
                            position: many.then_some(i + 1),
                            error,
                        }),
                    })
                })?;
                anchors.push(TrustAnchorEntry::from_certificate(cert));
            }
            read.push(CSymbolRead {
                name: symbol.name.clone(),
                line: symbol.line,
                certificates: symbol.certificates.len(),
            });
        }
        if anchors.is_empty() {
            return Err(StoreError::Empty { name });
        }
        Ok(Self {
            name,
            kind,
            anchors,
            load_warnings: Vec::new(),
            load_notes: vec![StoreLoadNote::CSource { symbols: read }],
        })
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
            load_notes: Vec::new(),
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

    fn mozilla_entries(count: usize) -> Vec<esp_bundle::EspBundleEntry> {
        webpki_roots::TLS_SERVER_ROOTS
            .iter()
            .take(count)
            .map(|a| esp_bundle::EspBundleEntry {
                subject_der: crate::decode::der::wrap_sequence(&a.subject),
                spki_der: crate::decode::der::wrap_sequence(&a.subject_public_key_info),
            })
            .collect()
    }

    #[test]
    fn the_device_sdk_store_is_amazon_root_ca_1_alone() {
        let store = TrustStore::builtin(BuiltinStore::AwsIotDeviceSdk).unwrap();
        assert_eq!(store.anchors.len(), 1);
        let anchor = store.anchors.first().unwrap();
        assert_eq!(
            anchor.certificate.as_ref().map(|c| &c.der),
            Some(&amazon_root_ca_1().der)
        );
        assert_eq!(store.kind, StoreKind::AwsIotDeviceSdk);
    }

    #[test]
    fn esp_bundles_load_as_names_and_keys_in_both_layouts() {
        let dir = tempfile::tempdir().unwrap();
        // Twelve entries: the offset table then starts with byte 0x30, as a DER file does.
        let entries = mozilla_entries(12);
        for (file, layout) in [
            ("x509_crt_bundle", EspBundleLayout::OffsetTable),
            ("old_bundle.bin", EspBundleLayout::Counted),
        ] {
            let bytes = esp_bundle::write(layout, &entries);
            let path = dir.path().join(file);
            std::fs::write(&path, &bytes).unwrap();
            let store = TrustStore::from_file(&path).unwrap();
            assert_eq!(store.name, file);
            assert_eq!(store.anchors.len(), 12);
            assert!(store.anchors.iter().all(|a| a.certificate.is_none()));
            assert_eq!(
                store.load_notes,
                [StoreLoadNote::EspBundle {
                    layout,
                    anchors: 12
                }]
            );
            // The same names and keys as the Mozilla anchors they came from.
            let mozilla = TrustStore::mozilla();
            for anchor in &store.anchors {
                assert!(mozilla.anchors.iter().any(|m| {
                    m.subject_value_der == anchor.subject_value_der
                        && m.spki_value_der == anchor.spki_value_der
                }));
            }
        }
        assert_eq!(
            esp_bundle::write(EspBundleLayout::OffsetTable, &entries).first(),
            Some(&0x30)
        );
    }

    #[test]
    fn a_broken_bundle_gets_the_bundle_error() {
        let dir = tempfile::tempdir().unwrap();
        let mut bytes = esp_bundle::write(EspBundleLayout::Counted, &mozilla_entries(3));
        bytes.truncate(bytes.len() - 1);
        let path = dir.path().join("x509_crt_bundle");
        std::fs::write(&path, &bytes).unwrap();
        let err = TrustStore::from_file(&path).unwrap_err();
        assert!(matches!(err, StoreError::EspBundle { .. }), "{err}");
        let text = err.to_string();
        assert!(
            text.starts_with("cannot load ESP-IDF certificate bundle: entry 3 at byte ")
                && text.contains(&format!(
                    "key length {} runs past the end of the file ({} bytes) in ",
                    mozilla_entries(3)
                        .into_iter()
                        .max_by(|a, b| a.subject_der.cmp(&b.subject_der))
                        .unwrap()
                        .spki_der
                        .len(),
                    bytes.len()
                )),
            "{text}"
        );
    }

    #[test]
    fn c_sources_load_with_their_symbols_and_pem_files_as_before() {
        let dir = tempfile::tempdir().unwrap();
        let pem = AWS_IOT_LEGACY_BUNDLE;
        let start = pem.find("-----BEGIN").unwrap();
        let body: String = pem
            .get(start..)
            .unwrap()
            .lines()
            .map(|l| format!("\"{l}\\n\"\n"))
            .collect();
        let header = format!("#pragma once\nstatic const char root_ca[] =\n{body};\n");
        let path = dir.path().join("certs.h");
        std::fs::write(&path, header).unwrap();
        let store = TrustStore::from_file(&path).unwrap();
        assert_eq!(store.name, "certs.h");
        assert_eq!(store.anchors.len(), 1);
        assert!(store.anchors.iter().all(|a| a.certificate.is_some()));
        assert_eq!(
            store.load_notes,
            [StoreLoadNote::CSource {
                symbols: vec![CSymbolRead {
                    name: "root_ca".into(),
                    line: 3,
                    certificates: 1
                }]
            }]
        );

        let broken = "const char root_ca[] =\n\"-----BEGIN CERTIFICATE-----\\n\"\n\"MIIB\n";
        let path = dir.path().join("broken.h");
        std::fs::write(&path, broken).unwrap();
        let err = TrustStore::from_file(&path).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "cannot load trust anchors from C source: line 3: string literal without its closing quote in {}",
                path.display()
            )
        );

        let path = dir.path().join("plain.pem");
        std::fs::write(&path, pem).unwrap();
        let store = TrustStore::from_file(&path).unwrap();
        assert!(store.load_notes.is_empty());
        assert_eq!(store.anchors.len(), 1);
    }

    #[test]
    fn quoted_pem_that_is_not_c_falls_back_to_the_certificate_readers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys.json");
        std::fs::write(
            &path,
            "{\"certificatePem\": \"-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n\"}",
        )
        .unwrap();
        let err = TrustStore::from_file(&path).unwrap_err();
        assert!(matches!(err, StoreError::Bundle { .. }), "{err}");
    }
}
