//! Names of well-known Certificate Transparency logs, keyed by log ID (base64).
//!
//! The names come from `assets/ct/logs.json`, a subset (each operator's name, each log's
//! description and ID) of Google's CT log list v3, `all_logs_list.json`; the version it was
//! taken from is in the file. `dist/refresh-ct-logs.sh` rebuilds it from a newer list. A log
//! that is not there is shown by its ID alone.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

/// The bundled log list, in the shape of the public log list v3 (only the fields read here).
const LOG_LIST_JSON: &str = include_str!("../../assets/ct/logs.json");

/// The log list v3 document: its operators.
#[derive(Deserialize)]
struct LogList {
    operators: Vec<Operator>,
}

/// One log operator: its logs.
#[derive(Deserialize)]
struct Operator {
    logs: Vec<Log>,
}

/// One log: the list's description and the base64 SHA-256 of its public key.
#[derive(Deserialize)]
struct Log {
    description: String,
    log_id: String,
}

/// Log descriptions by log ID, read from the bundled list on first use. The list is part of
/// the binary and checked by a test, so an unreadable one only means logs are shown by ID.
static CT_LOGS: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    serde_json::from_str::<LogList>(LOG_LIST_JSON)
        .map(|list| {
            list.operators
                .into_iter()
                .flat_map(|operator| operator.logs)
                .map(|log| (log.log_id, log.description))
                .collect()
        })
        .unwrap_or_default()
});

/// The description of a well-known log, from its base64 log ID.
pub(crate) fn log_name(log_id_base64: &str) -> Option<&'static str> {
    CT_LOGS.get(log_id_base64).map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        // Each operator's logs sorted by ID (as the refresh script writes them), no ID twice.
        let list: LogList = serde_json::from_str(LOG_LIST_JSON).unwrap();
        let mut ids = Vec::new();
        for operator in &list.operators {
            assert!(
                operator
                    .logs
                    .windows(2)
                    .all(|w| matches!(w, [a, b] if a.log_id < b.log_id))
            );
            ids.extend(operator.logs.iter().map(|log| log.log_id.as_str()));
        }
        assert_eq!(ids.len(), 93);
        assert_eq!(CT_LOGS.len(), ids.len(), "a log ID appears twice");
    }

    #[test]
    fn known_logs_are_named() {
        assert_eq!(
            log_name("6D7Q2j71BjUy51covIlryQPTy9ERa+zraeF3fW0GvW4="),
            Some("Google 'Argon2023' log")
        );
        assert_eq!(
            log_name("tz77JN+cTbp18jnFulj0bF38Qs96nzXEnh0JgSXttJk="),
            Some("Let's Encrypt 'Oak2023' log")
        );
        assert_eq!(log_name("AAAA"), None);
    }
}
