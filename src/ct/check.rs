//! One SCT against the log lists: is it from a known log, signed by that log's key over
//! this certificate, and issued when the log could issue it?

use aws_lc_rs::signature::{self, UnparsedPublicKey};
use serde::Serialize;
use time::OffsetDateTime;
use x509_parser::prelude::FromDer as _;
use x509_parser::x509::SubjectPublicKeyInfo;

use super::log_list::{ListKind, LogApi, LogLists, LogState, LogStateKind};
use super::sct::{Sct, SignedEntry, signed_data};

/// How the SCT reached the client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SctDelivery {
    /// Embedded in the certificate (signs the precertificate).
    Embedded,
    /// The TLS `signed_certificate_timestamp` extension (signs the certificate).
    TlsExtension,
    /// A stapled OCSP response (signs the certificate).
    Ocsp,
}

impl SctDelivery {
    /// Lower-case words.
    pub fn as_str(self) -> &'static str {
        match self {
            SctDelivery::Embedded => "embedded",
            SctDelivery::TlsExtension => "TLS extension",
            SctDelivery::Ocsp => "stapled OCSP",
        }
    }
}

/// The outcome of one SCT: valid, or the first thing wrong with it. Each has its own code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SctCode {
    /// Signed by a listed log over this certificate, at a time the log could sign it.
    Valid,
    /// Not version 1, the only version RFC 6962 defines.
    UnsupportedVersion,
    /// No list holds a log with this ID.
    UnknownLog,
    /// The log's key is neither ECDSA P-256 nor RSA, the kinds RFC 6962 allows.
    UnsupportedLogKey,
    /// The signature's algorithm is not SHA-256 with the log key's kind.
    WrongAlgorithm,
    /// The embedded SCTs cannot be checked: the certificate's issuer (whose key the
    /// precertificate entry names) is not known.
    IssuerUnknown,
    /// The certificate does not decode as DER, so the entry the log signed cannot be rebuilt.
    EntryUnreadable,
    /// The signature does not verify over this certificate with the log's key.
    BadSignature,
    /// The timestamp is later than the validation time.
    FutureTimestamp,
    /// The certificate's expiry is outside the log's temporal interval, so the log would not
    /// have accepted it.
    OutsideLogInterval,
    /// The list does not trust the log at the validation time: pending, or rejected (the
    /// lists also move logs whose shards have expired to rejected).
    LogNotTrusted,
    /// The SCT was issued after the log became read-only or retired.
    LogNotUsableAtTimestamp,
}

impl SctCode {
    /// The stable code for JSON and text.
    pub fn code(self) -> &'static str {
        match self {
            SctCode::Valid => "sct_valid",
            SctCode::UnsupportedVersion => "sct_unsupported_version",
            SctCode::UnknownLog => "sct_unknown_log",
            SctCode::UnsupportedLogKey => "sct_unsupported_log_key",
            SctCode::WrongAlgorithm => "sct_wrong_algorithm",
            SctCode::IssuerUnknown => "sct_issuer_unknown",
            SctCode::EntryUnreadable => "sct_entry_unreadable",
            SctCode::BadSignature => "sct_bad_signature",
            SctCode::FutureTimestamp => "sct_future_timestamp",
            SctCode::OutsideLogInterval => "sct_outside_log_interval",
            SctCode::LogNotTrusted => "sct_log_not_trusted",
            SctCode::LogNotUsableAtTimestamp => "sct_log_not_usable_at_timestamp",
        }
    }

    /// Whether the signature verified (every later check is about time and state).
    pub fn signature_verified(self) -> bool {
        matches!(
            self,
            SctCode::Valid
                | SctCode::FutureTimestamp
                | SctCode::OutsideLogInterval
                | SctCode::LogNotTrusted
                | SctCode::LogNotUsableAtTimestamp
        )
    }
}

impl Serialize for SctCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

/// How one list describes the SCT's log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Listing {
    /// Whose list.
    pub list: ListKind,
    /// The log's operator in that list.
    pub operator: String,
    /// The log's state in that list.
    pub state: Option<LogState>,
    /// The API the log speaks.
    pub api: LogApi,
}

/// One SCT, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SctCheck {
    /// How it was delivered.
    pub delivery: SctDelivery,
    /// The log ID, base64.
    pub log_id_base64: String,
    /// The log's description, when a list knows it.
    pub log: Option<String>,
    /// The log's operator (Chrome's list's name first), when a list knows it.
    pub operator: Option<String>,
    /// When the log says it saw the certificate.
    #[serde(with = "time::serde::rfc3339::option")]
    pub timestamp: Option<OffsetDateTime>,
    /// The same, in milliseconds since the epoch, as signed.
    pub timestamp_ms: u64,
    /// The outcome.
    pub code: SctCode,
    /// Each list's view of the log.
    pub listings: Vec<Listing>,
}

impl SctCheck {
    /// This list's view of the SCT's log.
    pub fn listing(&self, list: ListKind) -> Option<&Listing> {
        self.listings.iter().find(|l| l.list == list)
    }
}

/// What an SCT is checked against besides the lists.
pub struct Context<'a> {
    /// The logged entry, or why it could not be rebuilt.
    pub entry: Result<&'a SignedEntry, SctCode>,
    /// The certificate's notAfter (the log's temporal interval applies to it).
    pub not_after: OffsetDateTime,
    /// The validation time.
    pub at: OffsetDateTime,
}

/// Checks one SCT.
pub fn check_sct(sct: &Sct, delivery: SctDelivery, lists: &LogLists, cx: &Context<'_>) -> SctCheck {
    use base64::Engine as _;
    let log = lists.log(&sct.log_id);
    let listings = lists
        .iter()
        .filter_map(|list| {
            list.log(&sct.log_id).map(|l| Listing {
                list: list.kind,
                operator: l.operator.clone(),
                state: l.state,
                api: l.api,
            })
        })
        .collect();
    let timestamp =
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(sct.timestamp_ms) * 1_000_000).ok();
    let code = outcome(sct, log, timestamp, cx);
    SctCheck {
        delivery,
        log_id_base64: base64::engine::general_purpose::STANDARD.encode(sct.log_id),
        log: log.map(|l| l.description.clone()),
        operator: log.map(|l| l.operator.clone()),
        timestamp,
        timestamp_ms: sct.timestamp_ms,
        code,
        listings,
    }
}

fn outcome(
    sct: &Sct,
    log: Option<&super::log_list::Log>,
    timestamp: Option<OffsetDateTime>,
    cx: &Context<'_>,
) -> SctCode {
    if sct.version != 0 {
        return SctCode::UnsupportedVersion;
    }
    let Some(log) = log else {
        return SctCode::UnknownLog;
    };
    let Some(key) = LogKey::of(&log.key_der) else {
        return SctCode::UnsupportedLogKey;
    };
    // RFC 6962 §2.1.4: SHA-256 with the log key's own kind, nothing else.
    let expected_signature = match key {
        LogKey::EcdsaP256(_) => 3,
        LogKey::Rsa(_) => 1,
    };
    if sct.hash_algorithm != 4 || sct.signature_algorithm != expected_signature {
        return SctCode::WrongAlgorithm;
    }
    let entry = match cx.entry {
        Ok(entry) => entry,
        Err(code) => return code,
    };
    if !key.verify(&signed_data(sct, entry), &sct.signature) {
        return SctCode::BadSignature;
    }
    let Some(timestamp) = timestamp else {
        return SctCode::FutureTimestamp;
    };
    if timestamp > cx.at {
        return SctCode::FutureTimestamp;
    }
    if log.interval.is_some_and(|i| !i.contains(cx.not_after)) {
        return SctCode::OutsideLogInterval;
    }
    // The lists keep only a log's latest state: one entered after the validation time was
    // not in force then, and the log is taken as usable until it.
    match log.state.filter(|s| s.since <= cx.at) {
        Some(LogState {
            kind: LogStateKind::Pending | LogStateKind::Rejected,
            ..
        }) => SctCode::LogNotTrusted,
        Some(LogState {
            kind: LogStateKind::ReadOnly | LogStateKind::Retired,
            since,
        }) if timestamp >= since => SctCode::LogNotUsableAtTimestamp,
        _ => SctCode::Valid,
    }
}

/// A log key of a kind RFC 6962 allows, with the bytes aws-lc-rs verifies with.
enum LogKey {
    /// The uncompressed P-256 point.
    EcdsaP256(Vec<u8>),
    /// The DER RSAPublicKey.
    Rsa(Vec<u8>),
}

impl LogKey {
    fn of(spki_der: &[u8]) -> Option<LogKey> {
        let (_, spki) = SubjectPublicKeyInfo::from_der(spki_der).ok()?;
        let key = spki.subject_public_key.data.to_vec();
        match spki.algorithm.algorithm.to_id_string().as_str() {
            "1.2.840.10045.2.1" => {
                let curve = spki
                    .algorithm
                    .parameters
                    .as_ref()
                    .and_then(|p| p.as_oid().ok())
                    .map(|o| o.to_id_string());
                (curve.as_deref() == Some("1.2.840.10045.3.1.7")).then_some(LogKey::EcdsaP256(key))
            }
            "1.2.840.113549.1.1.1" => Some(LogKey::Rsa(key)),
            _ => None,
        }
    }

    fn verify(&self, message: &[u8], sig: &[u8]) -> bool {
        match self {
            LogKey::EcdsaP256(point) => {
                UnparsedPublicKey::new(&signature::ECDSA_P256_SHA256_ASN1, point)
                    .verify(message, sig)
                    .is_ok()
            }
            LogKey::Rsa(der) => UnparsedPublicKey::new(&signature::RSA_PKCS1_2048_8192_SHA256, der)
                .verify(message, sig)
                .is_ok(),
        }
    }
}
