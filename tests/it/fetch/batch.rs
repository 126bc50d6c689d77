//! `chainlens batch`: 200 rows over a few `openssl s_server` instances on 127.0.0.1, dead
//! ports and a silent port (a listener that accepts and never answers): result order, exit
//! codes, JSON and CSV.
//!
//! Needs the `openssl` binary (Debian package openssl); fails, never skips, without it.

use crate::common;

use std::fs;
use std::io::Write;
use std::net::TcpListener;
use std::process::{Command, Output, Stdio};

use crate::common::tls_tools::{KeyKind, Spawned, free_port, openssl_pki, s_server};

/// Seconds each row may take: the silent port's rows take this long.
const TIMEOUT: &str = "3";

/// A listener that accepts every connection and never says a word.
fn silent_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    port
}

/// The servers of one test: two with the whole chain, one with the leaf only.
struct Servers {
    dir: tempfile::TempDir,
    good_a: Spawned,
    good_b: Spawned,
    leaf_only: Spawned,
    silent: u16,
    dead: [u16; 2],
}

async fn servers() -> Servers {
    let dir = tempfile::tempdir().unwrap();
    openssl_pki(dir.path(), KeyKind::Ecdsa).unwrap();
    let good_a = s_server(dir.path(), Some("int.pem"), &[]).await.unwrap();
    let good_b = s_server(dir.path(), Some("int.pem"), &[]).await.unwrap();
    let leaf_only = s_server(dir.path(), None, &[]).await.unwrap();
    Servers {
        dir,
        good_a,
        good_b,
        leaf_only,
        silent: silent_port(),
        dead: [free_port().unwrap(), free_port().unwrap()],
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Good,
    LeafOnly,
    Dead,
    Silent,
}

impl Servers {
    fn source(&self, kind: Kind, i: usize) -> String {
        let port = match kind {
            Kind::Good if i % 2 == 0 => self.good_a.port,
            Kind::Good => self.good_b.port,
            Kind::LeafOnly => self.leaf_only.port,
            Kind::Dead => self.dead[i % 2],
            Kind::Silent => self.silent,
        };
        format!("127.0.0.1:{port}")
    }

    /// Writes a list of `kinds` (with a comment and blank lines among them) and returns
    /// its rows' sources, in order.
    fn list(&self, name: &str, kinds: &[Kind]) -> Vec<(Kind, String)> {
        let rows: Vec<(Kind, String)> = kinds
            .iter()
            .enumerate()
            .map(|(i, &k)| (k, self.source(k, i)))
            .collect();
        let mut text = String::from("# endpoints for the batch test\n\n");
        for (i, (_, source)) in rows.iter().enumerate() {
            text.push_str(source);
            text.push('\n');
            if i % 50 == 0 {
                text.push_str("   \n# a comment between rows\n");
            }
        }
        fs::write(self.dir.path().join(name), text).unwrap();
        rows
    }

    fn batch(&self, args: &[&str]) -> Output {
        let mut full = vec!["batch"];
        full.extend_from_slice(args);
        full.extend_from_slice(&["--trust", "root.pem", "--timeout", TIMEOUT]);
        Command::new(env!("CARGO_BIN_EXE_chainlens"))
            .args(&full)
            .current_dir(self.dir.path())
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// 200 rows: mostly good, some leaf-only, ten dead and four silent, spread through.
fn mixed_kinds() -> Vec<Kind> {
    (0..200)
        .map(|i| match i {
            _ if i % 50 == 7 => Kind::Silent,
            _ if i % 20 == 3 => Kind::Dead,
            _ if i % 9 == 4 => Kind::LeafOnly,
            _ => Kind::Good,
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_rows_come_back_in_order_as_json_with_exit_2() {
    let servers = servers().await;
    let rows = servers.list("mixed.txt", &mixed_kinds());
    let out = servers.batch(&["mixed.txt", "--json"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).is_empty(),
        "no progress when stderr is not a terminal: {}",
        stderr(&out)
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let array = json.as_array().unwrap();
    assert_eq!(array.len(), 200);
    let mut last_line = 0;
    for (i, (element, (kind, source))) in array.iter().zip(&rows).enumerate() {
        assert_eq!(element["schema"], "chainlens.batch/1");
        assert_eq!(element["source"], source.as_str(), "row {i}");
        let line = element["line"].as_u64().unwrap();
        assert!(line > last_line, "row {i}: line {line} after {last_line}");
        last_line = line;
        let error = element["error"].as_str().unwrap_or_default();
        match kind {
            Kind::Good => {
                assert_eq!(element["status"], "trusted", "row {i}: {element}");
                assert!(element["error"].is_null());
                let inspection = &element["inspection"];
                assert_eq!(inspection["schema"], "chainlens.inspection/1");
                // The two sent, then the anchor's own certificate.
                let certificates = inspection["certificates"].as_array().unwrap();
                assert_eq!(certificates.len(), 3, "row {i}");
                assert_eq!(certificates[0]["subject"], "CN = server.test", "row {i}");
                assert_eq!(inspection["verdicts"][0]["trusted"], true);
                let days = element["days_until_first_break"].as_i64().unwrap();
                assert!((28..=30).contains(&days), "row {i}: {days} days");
            }
            Kind::LeafOnly => {
                assert_eq!(element["status"], "not_trusted", "row {i}: {element}");
                assert_eq!(
                    element["inspection"]["verdicts"][0]["code"], "unknown_issuer",
                    "row {i}"
                );
            }
            Kind::Dead => {
                assert_eq!(element["status"], "error", "row {i}");
                assert!(element["inspection"].is_null());
                assert!(error.contains("refused"), "row {i}: {error}");
                assert!(error.contains(source.as_str()), "row {i}: {error}");
            }
            Kind::Silent => {
                assert_eq!(element["status"], "error", "row {i}");
                assert!(error.contains("timed out"), "row {i}: {error}");
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn table_and_csv_keep_the_list_order() {
    let servers = servers().await;
    let rows = servers.list("mixed.txt", &mixed_kinds());

    let out = servers.batch(&["mixed.txt", "--csv", "--jobs", "7"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let csv = stdout(&out);
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 201, "{csv}");
    assert_eq!(
        lines[0],
        "line,source,status,root.pem,leaf,days_until_first_break,first_break,issuer,error"
    );
    for ((kind, source), line) in rows.iter().zip(&lines[1..]) {
        let fields: Vec<&str> = line.split(',').collect();
        assert_eq!(fields[1], source.as_str(), "{line}");
        let status = match kind {
            Kind::Good => "trusted",
            Kind::LeafOnly => "not_trusted",
            Kind::Dead | Kind::Silent => "error",
        };
        assert_eq!(fields[2], status, "{line}");
        if *kind == Kind::Good {
            assert_eq!(fields[3], "trusted", "{line}");
            assert_eq!(fields[4], "CN = server.test", "{line}");
            assert_eq!(fields[7], "CN = chainlens openssl intermediate", "{line}");
        }
    }

    let out = servers.batch(&["mixed.txt"]);
    assert_eq!(out.status.code(), Some(2));
    let table = stdout(&out);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 201, "{table}");
    let header = lines[0];
    for column in ["SOURCE", "root.pem", "LEAF", "DAYS", "ISSUER", "ERROR"] {
        assert!(header.contains(column), "{header}");
    }
    let leaf_column = header.find("LEAF").unwrap();
    for ((kind, source), line) in rows.iter().zip(&lines[1..]) {
        assert!(line.starts_with(source.as_str()), "{line}");
        if *kind == Kind::Good {
            assert_eq!(line.find("CN = server.test"), Some(leaf_column), "{table}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_0_when_all_trusted_and_1_when_one_is_not() {
    let servers = servers().await;
    servers.list("good.txt", &[Kind::Good; 40]);
    let out = servers.batch(&["good.txt"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );

    let mut kinds = vec![Kind::Good; 30];
    kinds[17] = Kind::LeafOnly;
    servers.list("one-bad.txt", &kinds);
    let out = servers.batch(&["one-bad.txt", "--jobs", "1"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("no: unknown_issuer"),
        "{}",
        stdout(&out)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_pkcs12_and_missing_files_are_rows_too_from_standard_input() {
    let servers = servers().await;
    let dir = servers.dir.path();
    fs::write(dir.join("pw"), "batch-pw\n").unwrap();
    common::tls_tools::openssl(
        dir,
        &[
            "pkcs12",
            "-export",
            "-in",
            "leaf.pem",
            "-inkey",
            "leaf.key",
            "-certfile",
            "int.pem",
            "-passout",
            "file:pw",
            "-out",
            "id.p12",
        ],
    )
    .unwrap();
    let list = format!(
        "leaf.pem\nid.p12\nnot-there.pem\n{}\n",
        servers.source(Kind::Good, 0)
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_chainlens"))
        .args([
            "batch",
            "-",
            "--json",
            "--trust",
            "root.pem",
            "--password-file",
            "pw",
            "--host",
            "server.test",
        ])
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(list.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let statuses: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["status"].as_str().unwrap())
        .collect();
    // The leaf alone lacks its intermediate; the .p12 holds it.
    assert_eq!(
        statuses,
        ["not_trusted", "trusted", "error", "trusted"],
        "{json}"
    );
    assert!(json[2]["error"].as_str().unwrap().contains("not-there.pem"));
    let kinds: Vec<&str> = json[1]["inspection"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"private_key_not_shown"), "{kinds:?}");
    assert!(!stdout(&out).contains("PRIVATE KEY"));
}

#[test]
fn an_empty_or_unreadable_list_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("empty.txt"), "# nothing here\n\n").unwrap();
    for list in ["empty.txt", "missing.txt"] {
        let out = Command::new(env!("CARGO_BIN_EXE_chainlens"))
            .args(["batch", list])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains(list), "{}", stderr(&out));
    }
}
