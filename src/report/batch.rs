//! The batch report: one row per source of a list, as an aligned table, CSV or a JSON array
//! of inspections. Every cell is a function of the row's [`Inspection`] (or its error).

use serde::Serialize;
use time::OffsetDateTime;

use crate::model::{AnchorId, CertId, Certificate, Inspection};

/// Schema of the JSON array `batch --json` prints.
pub const SCHEMA: &str = "chainlens.batch/1";

/// The widest a table column other than the last may be, in characters: longer values are
/// shortened with "…" so the columns stay aligned and a row fits a terminal line or two.
const MAX_COLUMN_CHARS: usize = 44;

/// One source of the list and what became of it.
#[derive(Clone, Debug)]
pub struct BatchRow {
    /// 1-based line of the list the source was on.
    pub line: usize,
    /// The source as written in the list.
    pub source: String,
    /// The inspection, or why the source could not be read or reached.
    pub outcome: Result<Inspection, String>,
}

/// How a row ended, for the exit code and the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    /// Every selected store trusts the chain.
    Trusted,
    /// Some store does not.
    NotTrusted,
    /// The source could not be read or reached.
    Error,
}

impl RowStatus {
    /// Lower-case words for tables.
    pub fn as_str(self) -> &'static str {
        match self {
            RowStatus::Trusted => "trusted",
            RowStatus::NotTrusted => "not trusted",
            RowStatus::Error => "error",
        }
    }
}

impl BatchRow {
    /// How the row ended.
    pub fn status(&self) -> RowStatus {
        match &self.outcome {
            Ok(insp) if crate::model::device::accepted(insp) => RowStatus::Trusted,
            Ok(_) => RowStatus::NotTrusted,
            Err(_) => RowStatus::Error,
        }
    }

    /// The error, when the source could not be read or reached.
    pub fn error(&self) -> Option<&str> {
        self.outcome.as_ref().err().map(String::as_str)
    }

    /// The inspection, when there is one.
    pub fn inspection(&self) -> Option<&Inspection> {
        self.outcome.as_ref().ok()
    }
}

/// The leaf: the first certificate of the chain that holds the first certificate sent.
pub fn leaf(insp: &Inspection) -> Option<&Certificate> {
    let id = insp.groups.first()?.certificates.first()?;
    insp.cert(*id)
}

/// When the chain first stops being trusted: the earliest `notAfter` on the trusted path
/// that lasts longest (over every store's valid paths, the anchor's own certificate
/// included when it has one); the leaf's `notAfter` when no store trusts the chain.
pub fn first_break(insp: &Inspection) -> Option<OffsetDateTime> {
    let path_end = |certificates: &[CertId], anchor: AnchorId| {
        let anchor_cert = insp.anchor(anchor).and_then(|a| a.certificate);
        certificates
            .iter()
            .copied()
            .chain(anchor_cert)
            .filter_map(|id| insp.cert(id))
            .map(|c| c.validity.not_after)
            .min()
    };
    let longest_trusted = insp
        .verdicts
        .iter()
        .flat_map(|v| &v.paths)
        .filter(|p| p.valid)
        .filter_map(|p| path_end(&p.certificates, p.anchor))
        .max();
    longest_trusted.or_else(|| leaf(insp).map(|c| c.validity.not_after))
}

/// Whole days from the validation time to [`first_break`], rounded down: 0 on the last
/// day, negative once it has passed.
pub fn days_until_first_break(insp: &Inspection) -> Option<i64> {
    let end = first_break(insp)?;
    Some(
        (end - insp.policy.time)
            .as_seconds_f64()
            .div_euclid(86_400.0) as i64,
    )
}

/// The cell of one store: `trusted`, `no: CODE`, or `-` when the store gave no verdict.
fn store_cell(row: &BatchRow, store: &str) -> String {
    let Some(insp) = row.inspection() else {
        return "-".to_string();
    };
    match insp.verdicts.iter().find(|v| v.store == store) {
        Some(v) if v.trusted => "trusted".to_string(),
        Some(v) => format!("no: {}", v.failure.as_ref().map_or("error", |f| f.code())),
        None => "-".to_string(),
    }
}

/// The cells of a row, in [`headers`] order.
fn cells(row: &BatchRow, stores: &[String]) -> Vec<String> {
    let insp = row.inspection();
    let leaf = insp.and_then(leaf);
    let mut cells = vec![row.source.clone()];
    cells.extend(stores.iter().map(|s| store_cell(row, s)));
    cells.push(leaf.map(|c| c.subject.one_line.clone()).unwrap_or_default());
    cells.push(
        insp.and_then(days_until_first_break)
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    cells.push(leaf.map(|c| c.issuer.one_line.clone()).unwrap_or_default());
    cells.push(row.error().unwrap_or_default().to_string());
    cells
}

/// Column names: the source, one per store, the leaf, days, issuer and error.
fn headers(stores: &[String]) -> Vec<String> {
    let mut headers = vec!["SOURCE".to_string()];
    headers.extend(stores.iter().cloned());
    headers.extend(["LEAF", "DAYS", "ISSUER", "ERROR"].map(str::to_string));
    headers
}

/// `text` cut to `max` characters with "…" in the middle, so both the start and the end
/// (a host and its port, a file name) stay visible.
fn elide(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_string();
    }
    let keep = max.saturating_sub(1);
    let head = keep / 2;
    let tail = keep - head;
    let start: String = text.chars().take(head).collect();
    let end: String = text.chars().skip(count - tail).collect();
    format!("{start}…{end}")
}

/// The rows as an aligned table with a header line; the last column (the error) is never
/// cut, the others at [`MAX_COLUMN_CHARS`].
pub fn table(rows: &[BatchRow], stores: &[String]) -> String {
    let header = headers(stores);
    let mut lines: Vec<Vec<String>> = vec![header];
    lines.extend(rows.iter().map(|row| cells(row, stores)));
    let columns = lines.first().map_or(0, Vec::len);
    for line in &mut lines {
        for cell in line.iter_mut().take(columns.saturating_sub(1)) {
            *cell = elide(cell, MAX_COLUMN_CHARS);
        }
    }
    let widths: Vec<usize> = (0..columns)
        .map(|i| {
            lines
                .iter()
                .filter_map(|l| l.get(i))
                .map(|c| c.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for line in &lines {
        let mut text = String::new();
        for (i, cell) in line.iter().enumerate() {
            if i + 1 == columns {
                text.push_str(cell);
            } else {
                let width = widths.get(i).copied().unwrap_or(0);
                let pad = width.saturating_sub(cell.chars().count());
                text.push_str(cell);
                text.push_str(&" ".repeat(pad + 2));
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    }
    out
}

/// One CSV field, quoted when it holds a comma, a quote, a line break or edge spaces
/// (RFC 4180; quotes doubled).
fn csv_field(text: &str) -> String {
    let needs_quotes =
        text.contains([',', '"', '\n', '\r']) || text.starts_with(' ') || text.ends_with(' ');
    if needs_quotes {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// The rows as CSV (RFC 4180, CRLF line ends) with a header line: the table's columns,
/// uncut, with `status` after the source and the first break as an RFC 3339 time.
pub fn csv(rows: &[BatchRow], stores: &[String]) -> String {
    let mut header = vec![
        "line".to_string(),
        "source".to_string(),
        "status".to_string(),
    ];
    header.extend(stores.iter().cloned());
    header.extend(
        [
            "leaf",
            "days_until_first_break",
            "first_break",
            "issuer",
            "error",
        ]
        .map(str::to_string),
    );
    let mut out = String::new();
    let mut push = |fields: Vec<String>| {
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    };
    push(header);
    for row in rows {
        let insp = row.inspection();
        let leaf = insp.and_then(leaf);
        let mut fields = vec![
            row.line.to_string(),
            row.source.clone(),
            row.status().as_str().replace(' ', "_"),
        ];
        fields.extend(stores.iter().map(|s| store_cell(row, s)));
        fields.push(leaf.map(|c| c.subject.one_line.clone()).unwrap_or_default());
        fields.push(
            insp.and_then(days_until_first_break)
                .map(|d| d.to_string())
                .unwrap_or_default(),
        );
        fields.push(
            insp.and_then(first_break)
                .and_then(|t| {
                    t.format(&time::format_description::well_known::Rfc3339)
                        .ok()
                })
                .unwrap_or_default(),
        );
        fields.push(leaf.map(|c| c.issuer.one_line.clone()).unwrap_or_default());
        fields.push(row.error().unwrap_or_default().to_string());
        push(fields);
    }
    out
}

#[derive(Serialize)]
struct RowOut<'a> {
    schema: &'static str,
    line: usize,
    source: &'a str,
    status: RowStatus,
    error: Option<&'a str>,
    days_until_first_break: Option<i64>,
    #[serde(with = "time::serde::rfc3339::option")]
    first_break: Option<OffsetDateTime>,
    /// The row's inspection in the `chainlens.inspection/1` schema, or null on an error.
    inspection: Option<serde_json::Value>,
}

/// The rows as a JSON array, in list order: each element has the row's fields (`line`,
/// `source` as written, `status`, `error`, `days_until_first_break`, `first_break`) and
/// `inspection`, the whole `inspect --json` object (null when the source failed).
pub fn json(rows: &[BatchRow]) -> String {
    let out: Vec<RowOut<'_>> = rows
        .iter()
        .map(|row| RowOut {
            schema: SCHEMA,
            line: row.line,
            source: &row.source,
            status: row.status(),
            error: row.error(),
            days_until_first_break: row.inspection().and_then(days_until_first_break),
            first_break: row.inspection().and_then(first_break),
            inspection: row.inspection().map(super::json::inspection_value),
        })
        .collect();
    serde_json::to_string_pretty(&out).unwrap_or_else(|e| format!("[{{\"error\": \"{e}\"}}]"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_it() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("CN=a, O=b"), "\"CN=a, O=b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field(" edge"), "\" edge\"");
    }

    #[test]
    fn elides_in_the_middle_keeping_both_ends() {
        assert_eq!(elide("short", 10), "short");
        let long = "very-long-host-name.example.com:8443";
        let cut = elide(long, 15);
        assert_eq!(cut.chars().count(), 15);
        assert!(cut.starts_with("very-lo"), "{cut}");
        assert!(cut.ends_with("m:8443"), "{cut}");
    }

    #[test]
    fn error_rows_fill_the_table_with_dashes() {
        let rows = vec![BatchRow {
            line: 1,
            source: "127.0.0.1:1".to_string(),
            outcome: Err("connection refused".to_string()),
        }];
        let stores = vec!["mozilla".to_string()];
        let table = table(&rows, &stores);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("SOURCE"), "{table}");
        assert!(lines[1].contains("connection refused"), "{table}");
        assert!(lines[1].contains(" -  "), "{table}");
        assert_eq!(
            lines[0].find("mozilla"),
            lines[1].find('-'),
            "aligned:\n{table}"
        );
    }
}
