//! PKCS#12 files made by `openssl pkcs12 -export`, both OpenSSL 3's default (PBES2, AES-256,
//! HMAC-SHA256) and `-legacy` (RC2-40 and 3DES, SHA-1 MAC): the certificates come out, the
//! private key never does, in any output.
//!
//! Needs the `openssl` binary (Debian package openssl); fails, never skips, without it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::common::tls_tools::{KeyKind, openssl, openssl_pki, require_tool};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chainlens::ingest::{self, Format, IngestError, Password};

const PASSWORD: &str = "correct horse";

/// Runs chainlens in `dir` with `args`, the environment variable CHAINLENS_PASSWORD set to
/// `env_password` (or removed).
fn chainlens(dir: &Path, args: &[&str], env_password: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_chainlens"));
    command
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .env_remove("CHAINLENS_PASSWORD");
    if let Some(password) = env_password {
        command.env("CHAINLENS_PASSWORD", password);
    }
    command.output().expect("run chainlens")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A directory with root → intermediate → leaf (`kind` keys), `pw` holding the password,
/// and `name` made by `openssl pkcs12 -export` with the leaf's key, the whole chain and
/// the `extra` options.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new(kind: KeyKind) -> Self {
        let dir = tempfile::tempdir().unwrap();
        openssl_pki(dir.path(), kind).unwrap();
        fs::write(dir.path().join("pw"), format!("{PASSWORD}\n")).unwrap();
        let chain = [
            fs::read_to_string(dir.path().join("int.pem")).unwrap(),
            fs::read_to_string(dir.path().join("root.pem")).unwrap(),
        ]
        .concat();
        fs::write(dir.path().join("chain.pem"), chain).unwrap();
        Self { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn export(&self, name: &str, extra: &[&str]) -> PathBuf {
        let mut args = vec![
            "pkcs12",
            "-export",
            "-in",
            "leaf.pem",
            "-certfile",
            "chain.pem",
            "-out",
            name,
        ];
        args.extend_from_slice(extra);
        openssl(self.path(), &args).unwrap();
        self.path().join(name)
    }

    fn with_key(&self, name: &str, extra: &[&str]) -> PathBuf {
        let mut args = vec!["-inkey", "leaf.key", "-passout", "file:pw"];
        args.extend_from_slice(extra);
        self.export(name, &args)
    }

    /// Every form in which the leaf's private key could leak: the PEM body and its lines,
    /// the PKCS#8 DER in hex and base64, and the private scalar (or RSA exponent) in plain
    /// and colon-separated hex, as chainlens prints public keys.
    fn key_forms(&self) -> Vec<String> {
        let pem = fs::read_to_string(self.path().join("leaf.key")).unwrap();
        let mut forms: Vec<String> = pem
            .lines()
            .filter(|line| !line.starts_with("-----") && line.len() >= 16)
            .map(str::to_owned)
            .collect();
        let body: String = forms.concat();
        let der = STANDARD.decode(&body).unwrap();
        forms.push(hex::encode(&der));
        let secret = private_number(self.path());
        assert!(secret.len() >= 32, "private number too short: {secret:?}");
        for window in secret.windows(12).step_by(6) {
            forms.push(hex::encode(window));
            forms.push(
                window
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<Vec<_>>()
                    .join(":"),
            );
            forms.push(STANDARD.encode(window).trim_end_matches('=').to_owned());
        }
        forms
    }
}

/// The private scalar (EC) or private exponent (RSA) of `leaf.key`, from `openssl pkey -text`.
fn private_number(dir: &Path) -> Vec<u8> {
    let openssl = require_tool("openssl", "openssl").unwrap();
    let out = Command::new(openssl)
        .args(["pkey", "-in", "leaf.key", "-noout", "-text"])
        .current_dir(dir)
        .output()
        .unwrap();
    let dump = String::from_utf8(out.stdout).unwrap();
    let mut hex_digits = String::new();
    let mut inside = false;
    for line in dump.lines() {
        if line.starts_with("priv:") || line.starts_with("privateExponent:") {
            inside = true;
            continue;
        }
        if inside {
            if !line.starts_with(' ') {
                break;
            }
            hex_digits.extend(line.trim().split(':').filter(|s| !s.is_empty()));
        }
    }
    hex::decode(hex_digits).unwrap()
}

fn assert_no_key(fixture: &Fixture, what: &str, output: &str) {
    assert!(
        !output.contains("PRIVATE KEY"),
        "{what} mentions a PRIVATE KEY block:\n{output}"
    );
    for form in fixture.key_forms() {
        assert!(
            !output.contains(&form),
            "{what} holds key material {form}:\n{output}"
        );
    }
}

fn leaf_subjects(json: &str) -> Vec<String> {
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    value["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["subject"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn default_pbes2_file_lists_its_three_certificates_and_no_key() {
    let fixture = Fixture::new(KeyKind::Ecdsa);
    fixture.with_key("id.p12", &[]);
    let out = chainlens(
        fixture.path(),
        &[
            "inspect",
            "id.p12",
            "--password-file",
            "pw",
            "--trust",
            "root.pem",
            "--host",
            "server.test",
        ],
        None,
    );
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(0), "{shown}");
    assert!(shown.contains("Certificate 1 of 3"), "{shown}");
    assert!(shown.contains("chainlens openssl intermediate"), "{shown}");
    assert!(
        shown.contains("this file also holds a private key (not shown)"),
        "{shown}"
    );
    assert_no_key(&fixture, "inspect", &shown);

    let out = chainlens(
        fixture.path(),
        &["inspect", "id.p12", "--password-file", "pw", "--json"],
        None,
    );
    let json = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_no_key(&fixture, "inspect --json", &text(&out));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["source"]["holds_private_key"], true, "{json}");
    let kinds: Vec<&str> = value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"private_key_not_shown"), "{kinds:?}");
    let subjects = leaf_subjects(&json);
    assert_eq!(subjects.len(), 3, "{subjects:?}");
    assert!(subjects[0].contains("server.test"), "{subjects:?}");
}

#[test]
fn legacy_rc2_3des_file_reads_with_the_password_from_the_environment() {
    let fixture = Fixture::new(KeyKind::Rsa);
    fixture.with_key("legacy.pfx", &["-legacy"]);
    let out = chainlens(
        fixture.path(),
        &[
            "inspect",
            "legacy.pfx",
            "--trust",
            "root.pem",
            "--host",
            "server.test",
        ],
        Some(PASSWORD),
    );
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(0), "{shown}");
    assert!(shown.contains("Certificate 3 of 3"), "{shown}");
    assert!(shown.contains("private key (not shown)"), "{shown}");
    assert_no_key(&fixture, "inspect of a -legacy file", &shown);
}

#[test]
fn no_output_of_any_subcommand_holds_the_key() {
    let fixture = Fixture::new(KeyKind::Ecdsa);
    fixture.with_key("id.p12", &[]);
    let out = chainlens(
        fixture.path(),
        &[
            "export",
            "id.p12",
            "--password-file",
            "pw",
            "--trust",
            "root.pem",
            "--pem",
            "out.pem",
            "--der-dir",
            "der",
            "--json",
            "out.json",
            "--text",
            "out.txt",
            "--svg",
            "out.svg",
            "--as-sent",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_no_key(&fixture, "export's messages", &text(&out));
    for name in ["out.pem", "out.json", "out.txt", "out.svg"] {
        let written = fs::read_to_string(fixture.path().join(name)).unwrap();
        assert_no_key(&fixture, name, &written);
    }
    let pem = fs::read_to_string(fixture.path().join("out.pem")).unwrap();
    assert_eq!(pem.matches("BEGIN CERTIFICATE").count(), 3, "{pem}");
    // The PKCS#8 DER of an EC key also holds the public point, which the certificate does
    // too: look for the private scalar itself.
    let secret = private_number(fixture.path());
    let mut der_files = 0;
    for entry in fs::read_dir(fixture.path().join("der")).unwrap() {
        let bytes = fs::read(entry.unwrap().path()).unwrap();
        der_files += 1;
        assert!(
            !bytes
                .windows(12)
                .any(|w| secret.windows(12).any(|k| k == w)),
            "a DER export holds key bytes"
        );
    }
    assert_eq!(der_files, 3);

    let out = chainlens(
        fixture.path(),
        &[
            "verify",
            "id.p12",
            "--password-file",
            "pw",
            "--trust",
            "root.pem",
            "--host",
            "server.test",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("OK, trusted"), "{}", text(&out));
    assert_no_key(&fixture, "verify", &text(&out));
}

#[test]
fn wrong_password_is_its_own_error_with_exit_2() {
    let fixture = Fixture::new(KeyKind::Ecdsa);
    fixture.with_key("id.p12", &[]);
    fixture.with_key("legacy.p12", &["-legacy"]);
    fs::write(fixture.path().join("bad"), "Tr0ub4dor&3\n").unwrap();
    for name in ["id.p12", "legacy.p12"] {
        for (args, env) in [
            (vec!["inspect", name, "--password-file", "bad"], None),
            (vec!["inspect", name], Some("Tr0ub4dor&3")),
            (vec!["verify", name, "--password-file", "bad"], None),
        ] {
            let out = chainlens(fixture.path(), &args, env);
            let shown = text(&out);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {shown}");
            assert!(shown.contains("PKCS#12: wrong password"), "{shown}");
            assert!(shown.contains(name), "the error names the file: {shown}");
            assert!(
                !shown.contains("Tr0ub4dor"),
                "the password is echoed: {shown}"
            );
            assert_no_key(&fixture, "a wrong-password error", &shown);
        }
    }
}

#[test]
fn no_password_says_how_to_give_one() {
    let fixture = Fixture::new(KeyKind::Ecdsa);
    fixture.with_key("id.p12", &[]);
    let out = chainlens(fixture.path(), &["inspect", "id.p12"], None);
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(2), "{shown}");
    assert!(shown.contains("PKCS#12: password required"), "{shown}");
    assert!(shown.contains("--password-file"), "{shown}");
    assert!(shown.contains("CHAINLENS_PASSWORD"), "{shown}");
    assert!(shown.contains("id.p12"), "{shown}");

    let missing = chainlens(
        fixture.path(),
        &["inspect", "id.p12", "--password-file", "nowhere"],
        None,
    );
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        text(&missing).contains("cannot read the password file nowhere"),
        "{}",
        text(&missing)
    );
}

#[test]
fn empty_password_and_certificate_only_files_open_without_one() {
    let fixture = Fixture::new(KeyKind::Ecdsa);
    fixture.export("empty.p12", &["-inkey", "leaf.key", "-passout", "pass:"]);
    fixture.export("certs-only.p12", &["-nokeys", "-passout", "pass:"]);
    let out = chainlens(fixture.path(), &["inspect", "empty.p12", "--json"], None);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("private_key_not_shown"));
    assert_no_key(&fixture, "an empty-password file", &text(&out));

    let out = chainlens(
        fixture.path(),
        &["inspect", "certs-only.p12", "--trust", "root.pem", "--json"],
        None,
    );
    let json = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(!json.contains("private_key"), "{json}");
    assert_eq!(leaf_subjects(&json).len(), 3);
}

#[test]
fn the_library_reads_the_certificates_and_only_flags_the_key() {
    let fixture = Fixture::new(KeyKind::Ecdsa);
    let path = fixture.with_key("id.p12", &[]);
    let bytes = fs::read(&path).unwrap();
    let loaded = ingest::load_bytes_with(&bytes, Some(&Password::new(PASSWORD))).unwrap();
    assert_eq!(loaded.format, Format::Pkcs12);
    assert_eq!(loaded.certificates.len(), 3);
    assert!(loaded.holds_private_key);
    assert!(loaded.notes.is_empty(), "{:?}", loaded.notes);
    let shown = format!("{loaded:?}");
    assert_no_key(&fixture, "the loaded value's Debug", &shown);

    assert!(matches!(
        ingest::load_bytes(&bytes),
        Err(IngestError::PasswordRequired)
    ));
    assert!(matches!(
        ingest::load_bytes_with(&bytes, Some(&Password::new("nope"))),
        Err(IngestError::WrongPassword)
    ));
    // Cut short: a PKCS#12 error, not "not a certificate" and not a crash.
    let err = ingest::load_bytes_with(&bytes[..bytes.len() / 2], Some(&Password::new(PASSWORD)))
        .unwrap_err();
    assert!(
        matches!(err, IngestError::Pkcs12 { .. } | IngestError::WrongPassword),
        "{err}"
    );
}
