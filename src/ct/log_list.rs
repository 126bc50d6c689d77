//! The Certificate Transparency log lists the browsers publish: Chrome's v3 list
//! (`log_list.json` / `all_logs_list.json`, RFC 6962 logs under `logs`, static-ct-api logs
//! under `tiled_logs`) and Apple's `current_log_list.json` (the same shape, with its own
//! states and an `assetVersion`). Both are bundled (`assets/ct/`, origin in its README) and
//! either can be replaced by a file (`--ct-log-list`), its kind recognised from its content.

use std::sync::{Arc, LazyLock, OnceLock};

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Chrome's list as bundled (every log Google knows, retired ones too).
const CHROME_JSON: &str = include_str!("../../assets/ct/chrome-all_logs_list.json");
/// Apple's list as bundled.
const APPLE_JSON: &str = include_str!("../../assets/ct/apple-current_log_list.json");
/// Where the bundled lists come from and when they were taken (`assets/ct/README.md`): the
/// mirror that holds Chrome's removes its version and timestamp, so the date is said here.
const BUNDLED_ORIGIN: &str = "bundled, as of 2026-08-21";

/// Whose list: the browser whose CT policy reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    /// Google's v3 list, the one Chrome enforces.
    Chrome,
    /// Apple's list, the one Apple platforms enforce.
    Apple,
}

impl ListKind {
    /// `Chrome` or `Apple`.
    pub fn as_str(self) -> &'static str {
        match self {
            ListKind::Chrome => "Chrome",
            ListKind::Apple => "Apple",
        }
    }
}

/// The state a list gives a log (the lists' lifecycle: pending → qualified → usable →
/// readonly → retired, or rejected).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LogStateKind {
    /// Applied, not yet trusted.
    Pending,
    /// Trusted, under observation.
    Qualified,
    /// Trusted.
    Usable,
    /// Trusted for what it already issued; takes no new entries.
    ReadOnly,
    /// No longer trusted for SCTs issued from its retirement on.
    Retired,
    /// Never trusted.
    Rejected,
}

impl LogStateKind {
    /// The state's name as the lists spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            LogStateKind::Pending => "pending",
            LogStateKind::Qualified => "qualified",
            LogStateKind::Usable => "usable",
            LogStateKind::ReadOnly => "readonly",
            LogStateKind::Retired => "retired",
            LogStateKind::Rejected => "rejected",
        }
    }

    /// "Currently approved" (Apple) / counted at time of check (Chrome): qualified, usable or
    /// read-only.
    pub fn is_current(self) -> bool {
        matches!(
            self,
            LogStateKind::Qualified | LogStateKind::Usable | LogStateKind::ReadOnly
        )
    }
}

/// A log's state and the instant it entered it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct LogState {
    /// The state.
    pub kind: LogStateKind,
    /// When the log entered it.
    #[serde(with = "time::serde::rfc3339")]
    pub since: OffsetDateTime,
}

/// Which API a log speaks: the lists keep them apart (`logs` and `tiled_logs`), and the
/// policies count them differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LogApi {
    /// RFC 6962 (`logs`).
    Rfc6962,
    /// The static-ct-api (C2SP), a tiled log (`tiled_logs`).
    StaticCtApi,
}

/// One log of a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Log {
    /// The list's description (`Google 'Argon2025h1' log`).
    pub description: String,
    /// Its operator's name.
    pub operator: String,
    /// The log ID: SHA-256 of its key (RFC 6962 §3.2), base64.
    pub log_id_base64: String,
    /// The log ID as bytes.
    #[serde(skip)]
    pub log_id: [u8; 32],
    /// Its public key, a DER SubjectPublicKeyInfo.
    #[serde(skip)]
    pub key_der: Vec<u8>,
    /// Its state, when the list gives one.
    pub state: Option<LogState>,
    /// The expiry range it accepts: certificates whose notAfter is in `[start, end)`.
    pub interval: Option<TemporalInterval>,
    /// Which API it speaks.
    pub api: LogApi,
}

/// A log's temporal interval (half-open, on the certificate's notAfter).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TemporalInterval {
    /// First notAfter accepted.
    #[serde(with = "time::serde::rfc3339")]
    pub start_inclusive: OffsetDateTime,
    /// First notAfter no longer accepted.
    #[serde(with = "time::serde::rfc3339")]
    pub end_exclusive: OffsetDateTime,
}

impl TemporalInterval {
    /// Whether a certificate expiring at `not_after` belongs in the log.
    pub fn contains(&self, not_after: OffsetDateTime) -> bool {
        self.start_inclusive <= not_after && not_after < self.end_exclusive
    }
}

/// One browser's log list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LogList {
    /// Whose.
    pub kind: ListKind,
    /// The list's own version (`version`, Apple's `assetVersion` beside it), when it has one.
    pub version: Option<String>,
    /// `log_list_timestamp`, when it has one.
    pub timestamp: Option<String>,
    /// Where it came from: `bundled, as of DATE` or a file's path.
    pub origin: String,
    /// Every log, RFC 6962 and tiled.
    #[serde(skip)]
    pub logs: Vec<Log>,
}

impl LogList {
    /// The log with this ID.
    pub fn log(&self, log_id: &[u8; 32]) -> Option<&Log> {
        self.logs.iter().find(|l| &l.log_id == log_id)
    }
}

/// Why a log list cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LogListError {
    /// Not JSON of the log list shape.
    #[error("not a CT log list (v3 schema): {detail}")]
    Json {
        /// serde's words.
        detail: String,
    },
    /// A log's key or ID is not base64, or the ID is not the key's SHA-256.
    #[error("log \"{description}\": {detail}")]
    Log {
        /// The log's description.
        description: String,
        /// What is wrong.
        detail: String,
    },
}

/// Chrome's and Apple's lists, as chainlens uses them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LogLists {
    /// Chrome's list.
    pub chrome: Option<LogList>,
    /// Apple's list.
    pub apple: Option<LogList>,
}

impl LogLists {
    /// The lists compiled into chainlens.
    pub fn bundled() -> Arc<LogLists> {
        static BUNDLED: LazyLock<Arc<LogLists>> = LazyLock::new(|| {
            // The bundled files are checked by a test; an unreadable one only means logs are
            // unknown.
            Arc::new(LogLists {
                chrome: parse(CHROME_JSON, BUNDLED_ORIGIN).ok(),
                apple: parse(APPLE_JSON, BUNDLED_ORIGIN).ok(),
            })
        });
        BUNDLED.clone()
    }

    /// The lists every inspection of this process uses: those set with [`LogLists::use_for_process`],
    /// or the bundled ones.
    pub fn active() -> Arc<LogLists> {
        ACTIVE.get().cloned().unwrap_or_else(Self::bundled)
    }

    /// Makes `lists` the ones every later inspection of this process uses (the command line's
    /// `--ct-log-list`); the first call wins. A process-wide choice, like the clock, so that
    /// every face's inspection reads the same lists without each passing them along.
    pub fn use_for_process(lists: LogLists) {
        let _ = ACTIVE.set(Arc::new(lists));
    }

    /// These lists with `list` in place of the list of its kind.
    pub fn with(mut self, list: LogList) -> LogLists {
        match list.kind {
            ListKind::Chrome => self.chrome = Some(list),
            ListKind::Apple => self.apple = Some(list),
        }
        self
    }

    /// The lists present, Chrome's first.
    pub fn iter(&self) -> impl Iterator<Item = &LogList> {
        self.chrome.iter().chain(self.apple.iter())
    }

    /// The log with this ID, from Chrome's list first, then Apple's.
    pub fn log(&self, log_id: &[u8; 32]) -> Option<&Log> {
        self.iter().find_map(|list| list.log(log_id))
    }

    /// The description of the log with this base64 ID.
    pub fn description(&self, log_id_base64: &str) -> Option<&str> {
        self.iter()
            .flat_map(|l| &l.logs)
            .find(|l| l.log_id_base64 == log_id_base64)
            .map(|l| l.description.as_str())
    }
}

static ACTIVE: OnceLock<Arc<LogLists>> = OnceLock::new();

/// The v3 document, the fields read here (Chrome's and Apple's share them).
#[derive(Deserialize)]
struct Document {
    #[serde(rename = "$schema")]
    schema: Option<String>,
    #[serde(rename = "assetVersion")]
    asset_version: Option<serde_json::Value>,
    version: Option<String>,
    log_list_timestamp: Option<String>,
    operators: Vec<OperatorJson>,
}

#[derive(Deserialize)]
struct OperatorJson {
    name: String,
    #[serde(default)]
    logs: Vec<LogJson>,
    #[serde(default)]
    tiled_logs: Vec<LogJson>,
}

#[derive(Deserialize)]
struct LogJson {
    #[serde(default)]
    description: String,
    log_id: String,
    key: String,
    state: Option<std::collections::BTreeMap<String, StateJson>>,
    temporal_interval: Option<IntervalJson>,
}

#[derive(Deserialize)]
struct StateJson {
    timestamp: String,
}

#[derive(Deserialize)]
struct IntervalJson {
    start_inclusive: String,
    end_exclusive: String,
}

/// Reads a log list, Chrome's or Apple's (Apple's names its schema at valid.apple.com and
/// carries an `assetVersion`); `origin` says where it came from.
pub fn parse(json: &str, origin: &str) -> Result<LogList, LogListError> {
    let doc: Document = serde_json::from_str(json).map_err(|e| LogListError::Json {
        detail: e.to_string(),
    })?;
    let apple = doc
        .schema
        .as_deref()
        .is_some_and(|s| s.contains("apple.com"))
        || doc.asset_version.is_some();
    let mut logs = Vec::new();
    for operator in &doc.operators {
        let entries = operator
            .logs
            .iter()
            .map(|l| (l, LogApi::Rfc6962))
            .chain(operator.tiled_logs.iter().map(|l| (l, LogApi::StaticCtApi)));
        for (entry, api) in entries {
            logs.push(log(entry, &operator.name, api)?);
        }
    }
    let version = match (&doc.version, &doc.asset_version) {
        (Some(v), Some(asset)) => Some(format!("{v}, assetVersion {asset}")),
        (Some(v), None) => Some(v.clone()),
        (None, Some(asset)) => Some(format!("assetVersion {asset}")),
        (None, None) => None,
    };
    Ok(LogList {
        kind: if apple {
            ListKind::Apple
        } else {
            ListKind::Chrome
        },
        version,
        timestamp: doc.log_list_timestamp,
        origin: origin.to_string(),
        logs,
    })
}

fn log(entry: &LogJson, operator: &str, api: LogApi) -> Result<Log, LogListError> {
    use base64::Engine as _;
    let engine = base64::engine::general_purpose::STANDARD;
    let error = |detail: String| LogListError::Log {
        description: entry.description.clone(),
        detail,
    };
    let key_der = engine
        .decode(&entry.key)
        .map_err(|e| error(format!("key is not base64: {e}")))?;
    let id = engine
        .decode(&entry.log_id)
        .map_err(|e| error(format!("log_id is not base64: {e}")))?;
    let log_id: [u8; 32] = Sha256::digest(&key_der).into();
    // The ID is defined as the key's hash (RFC 6962 §3.2): a list that disagrees is corrupt.
    if id != log_id {
        return Err(error("log_id is not the SHA-256 of its key".to_string()));
    }
    let state = entry.state.as_ref().and_then(|states| {
        states.iter().find_map(|(name, s)| {
            let kind = match name.as_str() {
                "pending" => LogStateKind::Pending,
                "qualified" => LogStateKind::Qualified,
                "usable" => LogStateKind::Usable,
                "readonly" => LogStateKind::ReadOnly,
                "retired" => LogStateKind::Retired,
                "rejected" => LogStateKind::Rejected,
                _ => return None,
            };
            let since = OffsetDateTime::parse(&s.timestamp, &Rfc3339).ok()?;
            Some(LogState { kind, since })
        })
    });
    let interval = match &entry.temporal_interval {
        Some(i) => Some(TemporalInterval {
            start_inclusive: OffsetDateTime::parse(&i.start_inclusive, &Rfc3339)
                .map_err(|e| error(format!("temporal_interval: {e}")))?,
            end_exclusive: OffsetDateTime::parse(&i.end_exclusive, &Rfc3339)
                .map_err(|e| error(format!("temporal_interval: {e}")))?,
        }),
        None => None,
    };
    Ok(Log {
        description: entry.description.clone(),
        operator: operator.to_string(),
        log_id_base64: entry.log_id.clone(),
        log_id,
        key_der,
        state,
        interval,
        api,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_lists_parse_with_every_log() {
        let chrome = parse(CHROME_JSON, "bundled").unwrap();
        assert_eq!(chrome.kind, ListKind::Chrome);
        let apple = parse(APPLE_JSON, "bundled").unwrap();
        assert_eq!(apple.kind, ListKind::Apple);
        assert_eq!(apple.version.as_deref(), Some("511, assetVersion 32"));
        assert!(chrome.logs.iter().any(|l| l.api == LogApi::StaticCtApi));
        assert!(apple.logs.iter().any(|l| l.api == LogApi::StaticCtApi));
        // Chrome's all_logs_list holds logs that never entered its program, without a state.
        assert!(chrome.logs.iter().any(|l| l.state.is_none()));
        assert!(apple.logs.iter().all(|l| l.state.is_some()));
        let lists = LogLists::bundled();
        assert_eq!(
            lists.description("DleUvPOuqT4zGyyZB7P3kN+bwj1xMiXdIaklrGHFTiE="),
            Some("Google 'Argon2026h1' log")
        );
        assert_eq!(lists.description("AAAA"), None);
    }

    #[test]
    fn a_log_whose_id_is_not_its_key_hash_is_refused() {
        let json = r#"{"operators":[{"name":"X","logs":[{"description":"bad","log_id":"AAAA","key":"AAAA","mmd":1}]}]}"#;
        assert!(matches!(parse(json, "t"), Err(LogListError::Log { .. })));
        assert!(matches!(parse("[]", "t"), Err(LogListError::Json { .. })));
    }
}
