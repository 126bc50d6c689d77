//! Certificate Transparency: SCTs made by generated logs (every negative case with its own
//! code), the browsers' policies counted, and real certificates' SCTs verified against the
//! browsers' lists.

mod ocsp;
mod policy;
mod real;
mod sct;
mod tls;
#[cfg(feature = "gui")]
mod window;

use chainlens::ct::{self, CheckInput, CtReport, LogLists, NotApplicable};
use chainlens::model::Certificate;
use rcgen::{
    CertificateParams, CustomExtension, Issuer, KeyPair, PKCS_ECDSA_P256_SHA256,
    PKCS_ECDSA_P384_SHA384, PKCS_RSA_SHA256, PublicKeyData, RsaKeySize, SigningKey,
};
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};
use x509_parser::prelude::{FromDer, X509Certificate};

use crate::common::generated;

/// A generated CT log: its key, and how the list describes it.
pub struct TestLog {
    pub key: KeyPair,
    pub description: String,
    pub operator: String,
    /// `usable`, `retired`, … and since when.
    pub state: (&'static str, OffsetDateTime),
    /// The notAfter range it accepts.
    pub interval: Option<(OffsetDateTime, OffsetDateTime)>,
    /// A static-ct-api log (listed under `tiled_logs`).
    pub tiled: bool,
}

impl TestLog {
    pub fn ecdsa(description: &str, operator: &str) -> Self {
        Self::with_key(
            KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap(),
            description,
            operator,
        )
    }

    pub fn rsa(description: &str, operator: &str) -> Self {
        Self::with_key(
            KeyPair::generate_rsa_for(&PKCS_RSA_SHA256, RsaKeySize::_2048).unwrap(),
            description,
            operator,
        )
    }

    /// A log whose key RFC 6962 does not allow (P-384).
    pub fn p384(description: &str, operator: &str) -> Self {
        Self::with_key(
            KeyPair::generate_for(&PKCS_ECDSA_P384_SHA384).unwrap(),
            description,
            operator,
        )
    }

    fn with_key(key: KeyPair, description: &str, operator: &str) -> Self {
        Self {
            key,
            description: description.to_string(),
            operator: operator.to_string(),
            state: ("usable", date(2019, 1, 1)),
            interval: None,
            tiled: false,
        }
    }

    pub fn state(mut self, state: &'static str, since: OffsetDateTime) -> Self {
        self.state = (state, since);
        self
    }

    pub fn interval(mut self, start: OffsetDateTime, end: OffsetDateTime) -> Self {
        self.interval = Some((start, end));
        self
    }

    pub fn tiled(mut self) -> Self {
        self.tiled = true;
        self
    }

    pub fn spki(&self) -> Vec<u8> {
        self.key.subject_public_key_info()
    }

    pub fn id(&self) -> [u8; 32] {
        Sha256::digest(self.spki()).into()
    }

    /// TLS SignatureAlgorithm of the key: 1 rsa, 3 ecdsa.
    pub fn signature_algorithm(&self) -> u8 {
        if self.key.algorithm() == &PKCS_RSA_SHA256 {
            1
        } else {
            3
        }
    }

    /// An SCT this log issues for `entry` at `timestamp`.
    pub fn sct(&self, entry: &Entry, timestamp: OffsetDateTime) -> SctBytes {
        let mut sct = SctBytes {
            version: 0,
            log_id: self.id(),
            timestamp_ms: millis(timestamp),
            hash_algorithm: 4,
            signature_algorithm: self.signature_algorithm(),
            signature: Vec::new(),
        };
        sct.signature = self.key.sign(&signed_data(&sct, entry)).unwrap();
        sct
    }
}

pub fn millis(t: OffsetDateTime) -> u64 {
    u64::try_from(t.unix_timestamp_nanos() / 1_000_000).unwrap()
}

pub fn date(y: i32, m: u8, d: u8) -> OffsetDateTime {
    time::Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), d)
        .unwrap()
        .midnight()
        .assume_utc()
}

/// The entry a log signs, written here from RFC 6962 §3.2 rather than taken from chainlens,
/// so that the tests check chainlens's reconstruction instead of repeating it.
pub enum Entry {
    X509(Vec<u8>),
    Precert {
        issuer_key_hash: [u8; 32],
        tbs: Vec<u8>,
    },
}

/// An SCT's fields, to serialise (and spoil) at will.
#[derive(Clone)]
pub struct SctBytes {
    pub version: u8,
    pub log_id: [u8; 32],
    pub timestamp_ms: u64,
    pub hash_algorithm: u8,
    pub signature_algorithm: u8,
    pub signature: Vec<u8>,
}

impl SctBytes {
    pub fn serialize(&self) -> Vec<u8> {
        let mut out = vec![self.version];
        out.extend_from_slice(&self.log_id);
        out.extend_from_slice(&self.timestamp_ms.to_be_bytes());
        out.extend_from_slice(&[0, 0]);
        out.push(self.hash_algorithm);
        out.push(self.signature_algorithm);
        out.extend_from_slice(&u16::try_from(self.signature.len()).unwrap().to_be_bytes());
        out.extend_from_slice(&self.signature);
        out
    }
}

fn signed_data(sct: &SctBytes, entry: &Entry) -> Vec<u8> {
    let mut out = vec![sct.version, 0];
    out.extend_from_slice(&sct.timestamp_ms.to_be_bytes());
    let u24 = |out: &mut Vec<u8>, bytes: &[u8]| {
        out.extend_from_slice(&u32::try_from(bytes.len()).unwrap().to_be_bytes()[1..]);
        out.extend_from_slice(bytes);
    };
    match entry {
        Entry::X509(der) => {
            out.extend_from_slice(&[0, 0]);
            u24(&mut out, der);
        }
        Entry::Precert {
            issuer_key_hash,
            tbs,
        } => {
            out.extend_from_slice(&[0, 1]);
            out.extend_from_slice(issuer_key_hash);
            u24(&mut out, tbs);
        }
    }
    out.extend_from_slice(&[0, 0]);
    out
}

/// A `SignedCertificateTimestampList` of these SCTs.
pub fn sct_list(scts: &[SctBytes]) -> Vec<u8> {
    let mut items = Vec::new();
    for sct in scts {
        let raw = sct.serialize();
        items.extend_from_slice(&u16::try_from(raw.len()).unwrap().to_be_bytes());
        items.extend_from_slice(&raw);
    }
    let mut out = u16::try_from(items.len()).unwrap().to_be_bytes().to_vec();
    out.extend_from_slice(&items);
    out
}

/// The log lists (Chrome's and Apple's: the same logs) describing `logs`.
pub fn lists(logs: &[&TestLog]) -> LogLists {
    LogLists {
        chrome: Some(ct::log_list::parse(&list_json(logs, false), "test").unwrap()),
        apple: Some(ct::log_list::parse(&list_json(logs, true), "test").unwrap()),
    }
}

/// A v3 log list of `logs`, grouped by operator; Apple's names its schema.
pub fn list_json(logs: &[&TestLog], apple: bool) -> String {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD;
    let rfc3339 = |t: OffsetDateTime| {
        t.format(&time::format_description::well_known::Rfc3339)
            .unwrap()
    };
    let mut operators: Vec<(String, Vec<serde_json::Value>, Vec<serde_json::Value>)> = Vec::new();
    for log in logs {
        let mut entry = serde_json::json!({
            "description": log.description,
            "log_id": b64.encode(log.id()),
            "key": b64.encode(log.spki()),
            "mmd": 86400,
            "state": { log.state.0: { "timestamp": rfc3339(log.state.1) } },
        });
        if let Some((start, end)) = log.interval {
            entry["temporal_interval"] = serde_json::json!({
                "start_inclusive": rfc3339(start),
                "end_exclusive": rfc3339(end),
            });
        }
        let index = match operators.iter().position(|o| o.0 == log.operator) {
            Some(i) => i,
            None => {
                operators.push((log.operator.clone(), Vec::new(), Vec::new()));
                operators.len() - 1
            }
        };
        if log.tiled {
            operators[index].2.push(entry);
        } else {
            operators[index].1.push(entry);
        }
    }
    let mut doc = serde_json::json!({
        "version": "1.0",
        "operators": operators
            .into_iter()
            .map(|(name, logs, tiled)| serde_json::json!({
                "name": name, "email": [], "logs": logs, "tiled_logs": tiled
            }))
            .collect::<Vec<_>>(),
    });
    if apple {
        doc["$schema"] = serde_json::json!(
            "https://valid.apple.com/ct/log_list/schema_versions/log_list_schema_v5.json"
        );
        doc["assetVersion"] = serde_json::json!(1);
    }
    doc.to_string()
}

/// A generated CA, and what issuing from it needs.
pub struct Ca {
    pub params: CertificateParams,
    pub key: KeyPair,
    pub der: Vec<u8>,
}

impl Ca {
    pub fn new(cn: &str) -> Self {
        let params = generated::ca(cn);
        let key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
        let der = params.self_signed(&key).unwrap().der().to_vec();
        Self { params, key, der }
    }

    /// A CA certificate issued by this one (the precertificate-signing certificate when
    /// `precert_signer`).
    pub fn issue_ca(&self, cn: &str, precert_signer: bool) -> Ca {
        let mut params = generated::ca(cn);
        if precert_signer {
            params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::Other(vec![
                1, 3, 6, 1, 4, 1, 11129, 2, 4, 4,
            ])];
        }
        let key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
        let der = params
            .signed_by(&key, &Issuer::new(self.params.clone(), &self.key))
            .unwrap()
            .der()
            .to_vec();
        Ca { params, key, der }
    }

    pub fn spki(&self) -> Vec<u8> {
        self.key.subject_public_key_info()
    }

    pub fn issue(&self, params: &CertificateParams, key: &KeyPair) -> Vec<u8> {
        params
            .signed_by(key, &Issuer::new(self.params.clone(), &self.key))
            .unwrap()
            .der()
            .to_vec()
    }
}

/// A server leaf template valid from `not_before` for `lifetime`, with a fixed serial so it can
/// be issued twice (the precertificate, then the certificate with its SCTs).
pub fn leaf_params(not_before: OffsetDateTime, lifetime: Duration) -> CertificateParams {
    let mut params = generated::leaf(&["ct.example"]);
    params.not_before = not_before;
    params.not_after = not_before + lifetime;
    params.serial_number = Some(vec![0x01, 0x23, 0x45].into());
    params
}

/// The TBSCertificate of a DER certificate.
pub fn tbs_of(der: &[u8]) -> Vec<u8> {
    let (_, cert) = X509Certificate::from_der(der).unwrap();
    cert.tbs_certificate.as_ref().to_vec()
}

/// The precertificate entry of `params` issued by `ca`: the TBS as issued without SCTs, and
/// the CA's key hash.
pub fn precert_entry(ca: &Ca, params: &CertificateParams, key: &KeyPair) -> Entry {
    Entry::Precert {
        issuer_key_hash: Sha256::digest(ca.spki()).into(),
        tbs: tbs_of(&ca.issue(params, key)),
    }
}

/// `params` with the SCT list extension holding `list`, as an OCTET STRING.
pub fn with_scts(params: &CertificateParams, list: &[u8]) -> CertificateParams {
    let mut params = params.clone();
    let mut octets = vec![0x04];
    let len = list.len();
    if len < 128 {
        octets.push(u8::try_from(len).unwrap());
    } else if len < 256 {
        octets.extend_from_slice(&[0x81, u8::try_from(len).unwrap()]);
    } else {
        octets.extend_from_slice(&[0x82, (len >> 8) as u8, len as u8]);
    }
    octets.extend_from_slice(list);
    params
        .custom_extensions
        .push(CustomExtension::from_oid_content(
            &[1, 3, 6, 1, 4, 1, 11129, 2, 4, 2],
            octets,
        ));
    params
}

/// A leaf issued by `ca` with these SCTs embedded.
pub struct Issued {
    pub der: Vec<u8>,
    pub cert: Certificate,
}

pub fn issue_with(ca: &Ca, params: &CertificateParams, key: &KeyPair, scts: &[SctBytes]) -> Issued {
    let der = ca.issue(&with_scts(params, &sct_list(scts)), key);
    Issued {
        cert: generated::decode(&der),
        der,
    }
}

/// Checks the embedded SCTs of `leaf` (issued by `ca`) at `at`, the policies applying.
pub fn check(leaf: &Issued, ca: &Ca, lists: &LogLists, at: OffsetDateTime) -> CtReport {
    check_input(leaf, Some(ca), None, lists, at, Ok(()))
}

pub fn check_input(
    leaf: &Issued,
    ca: Option<&Ca>,
    tls: Option<&[u8]>,
    lists: &LogLists,
    at: OffsetDateTime,
    applies: Result<(), NotApplicable>,
) -> CtReport {
    let spki = ca.map(Ca::spki);
    ct::check_certificate(
        &CheckInput {
            certificate: &leaf.cert,
            issuer_certificate: ca.map(|c| c.der.as_slice()),
            issuer_spki: spki.as_deref(),
            issuer_issuer_spki: None,
            ocsp_response: None,
            tls_sct_list: tls,
            at,
            applies,
        },
        lists,
    )
}

/// The codes of every SCT of a report, in order.
pub fn codes(report: &CtReport) -> Vec<&'static str> {
    report.scts.iter().map(|s| s.code.code()).collect()
}

/// A fixed start for generated leaves, and a validation time within their life.
pub fn start() -> OffsetDateTime {
    date(2025, 3, 1)
}

pub fn during() -> OffsetDateTime {
    date(2025, 4, 1)
}
