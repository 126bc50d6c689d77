//! The device proving ground: a 300-chain sample of the generated corpus
//! (`common::device_corpus`, seed 1) judged by the five real device TLS libraries through the
//! programs of `tests/devices/`, built here against Debian bookworm's libraries.
//!
//! The verdicts asserted below are what the libraries said when they were run, not what
//! anybody expected them to say: each is a rule a device profile has to reproduce. The sample
//! is built once and shared by every test of this module.
//!
//! Device profiles are held to their library by `DEVICE_PROFILES`: one line per profile.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use crate::common::device_corpus::{self, CaseInfo, VALIDATION_TIME};
use crate::common::tls_tools::require_tool;

/// The sample: the first 300 cases of the corpus `benches/devices.sh` measures (same seed).
const SAMPLE: usize = 300;
const SEED: u64 = 1;

const LIBRARIES: [&str; 5] = ["mbedtls", "wolfssl", "bearssl", "gnutls", "openssl"];

/// (library, `chainlens verify --device` name): each profile must agree with its library on at
/// least 99.5 % of the sample. One line per profile, e.g. `("mbedtls", "mbedtls-2.28"),`.
const DEVICE_PROFILES: &[(&str, &str)] = &[
    ("mbedtls", "mbedtls-2.28"),
    // Debian builds wolfSSL with WOLFSSL_ALT_CERT_CHAINS (tests/devices/README.md).
    ("wolfssl", "wolfssl-5.5:alt-cert-chains"),
    ("bearssl", "bearssl-0.6"),
    ("gnutls", "gnutls-3.7"),
    ("openssl", "openssl-3.0"),
];

/// The agreement a device profile owes its library on the sample, in percent.
const REQUIRED_AGREEMENT_PCT: f64 = 99.5;

/// One library's answer on one case: a line of its program's output.
#[derive(Debug)]
struct Verdict {
    accept: bool,
    /// The library's own error names, comma-separated (`OK` or `X509_V_OK` when accepted).
    errors: String,
}

struct Sample {
    /// Holds the corpus directory for the life of the test process.
    dir: tempfile::TempDir,
    cases: Vec<CaseInfo>,
    /// Library → case id → verdict.
    verdicts: HashMap<&'static str, HashMap<String, Verdict>>,
}

fn sample() -> &'static Sample {
    static SAMPLE_CELL: OnceLock<Sample> = OnceLock::new();
    SAMPLE_CELL.get_or_init(|| build_sample().unwrap())
}

fn build_sample() -> anyhow::Result<Sample> {
    for (tool, package) in [("cc", "gcc"), ("make", "make"), ("faketime", "faketime")] {
        require_tool(tool, package)?;
    }
    let dir = tempfile::tempdir()?;
    let corpus = dir.path().join("corpus");
    let cases = device_corpus::write_corpus(&corpus, SAMPLE, SEED)?;
    let bin = dir.path().join("bin");
    let devices = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/devices");
    let make = Command::new("make")
        .arg("-s")
        .arg("-C")
        .arg(&devices)
        .arg(format!("OUT={}", bin.display()))
        .output()?;
    anyhow::ensure!(
        make.status.success(),
        "building tests/devices failed (dist/setup-debian.sh installs the -dev packages):\n{}",
        String::from_utf8_lossy(&make.stderr)
    );
    // The stacks without a time hook read the clock: libfaketime's absolute form without '@'
    // freezes it at the validation time.
    let frozen = time::OffsetDateTime::from_unix_timestamp(VALIDATION_TIME)?.format(
        time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]"),
    )?;
    let mut verdicts = HashMap::new();
    for lib in LIBRARIES {
        let program = bin.join(lib);
        let output = if matches!(lib, "openssl" | "bearssl") {
            Command::new(&program).arg(&corpus).output()?
        } else {
            Command::new("faketime")
                .env("TZ", "UTC")
                .arg("-f")
                .arg(&frozen)
                .arg(&program)
                .arg(&corpus)
                .output()?
        };
        anyhow::ensure!(
            output.status.success(),
            "{lib} program failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let mut by_id = HashMap::new();
        for line in String::from_utf8(output.stdout)?.lines() {
            let fields: Vec<&str> = line.split('\t').collect();
            anyhow::ensure!(fields.len() >= 3, "{lib}: malformed line {line:?}");
            anyhow::ensure!(
                matches!(fields[1], "accept" | "reject"),
                "{lib}: verdict {:?} in {line:?}",
                fields[1]
            );
            by_id.insert(
                fields[0].to_owned(),
                Verdict {
                    accept: fields[1] == "accept",
                    errors: fields[2].to_owned(),
                },
            );
        }
        verdicts.insert(lib, by_id);
    }
    Ok(Sample {
        dir,
        cases,
        verdicts,
    })
}

/// Asserts, for every sample case of `kind`, each library's verdict: `None` accepts,
/// `Some(NAME)` rejects with NAME among its error names.
fn assert_kind(kind: &str, expected: [(&str, Option<&str>); 5]) {
    let s = sample();
    let cases: Vec<&CaseInfo> = s.cases.iter().filter(|c| c.kind == kind).collect();
    assert!(!cases.is_empty(), "no {kind} case in the sample");
    for case in cases {
        for (lib, want) in expected {
            let got = &s.verdicts[lib][&case.id];
            match want {
                None => assert!(got.accept, "{lib} should accept {}: {got:?}", case.id),
                Some(name) => assert!(
                    !got.accept && got.errors.split(',').any(|e| e == name),
                    "{lib} should reject {} with {name}: {got:?}",
                    case.id
                ),
            }
        }
    }
}

#[test]
fn every_program_judges_every_case() {
    let s = sample();
    assert_eq!(s.cases.len(), SAMPLE);
    for lib in LIBRARIES {
        for case in &s.cases {
            assert!(
                s.verdicts[lib].contains_key(&case.id),
                "{lib} said nothing on {}",
                case.id
            );
        }
    }
}

#[test]
fn a_plain_chain_is_accepted_by_all_five() {
    assert_kind(
        "valid",
        [
            ("mbedtls", None),
            ("wolfssl", None),
            ("bearssl", None),
            ("gnutls", None),
            ("openssl", None),
        ],
    );
}

#[test]
fn an_expired_leaf_is_rejected_by_all_five_in_their_own_words() {
    assert_kind(
        "leaf_expired",
        [
            ("mbedtls", Some("MBEDTLS_X509_BADCERT_EXPIRED")),
            ("wolfssl", Some("ASN_AFTER_DATE_E")),
            ("bearssl", Some("BR_ERR_X509_EXPIRED")),
            ("gnutls", Some("GNUTLS_CERT_EXPIRED")),
            ("openssl", Some("X509_V_ERR_CERT_HAS_EXPIRED")),
        ],
    );
}

#[test]
fn an_ip_address_host_matches_an_ip_san_only_in_wolfssl_gnutls_and_openssl() {
    assert_kind(
        "san_ip",
        [
            ("mbedtls", Some("MBEDTLS_X509_BADCERT_CN_MISMATCH")),
            ("wolfssl", None),
            ("bearssl", Some("BR_ERR_X509_BAD_SERVER_NAME")),
            ("gnutls", None),
            ("openssl", None),
        ],
    );
}

#[test]
fn only_openssl_counts_the_second_of_not_after_as_expired() {
    assert_kind(
        "leaf_expires_at_time",
        [
            ("mbedtls", None),
            ("wolfssl", None),
            ("bearssl", None),
            ("gnutls", None),
            ("openssl", Some("X509_V_ERR_CERT_HAS_EXPIRED")),
        ],
    );
}

#[test]
fn name_constraints_are_refused_by_mbedtls_wolfssl_and_bearssl_even_when_satisfied() {
    assert_kind(
        "nc_permitted_dns_ok",
        [
            ("mbedtls", Some("MBEDTLS_ERR_X509_INVALID_EXTENSIONS")),
            ("wolfssl", Some("ASN_NO_SIGNER_E")),
            ("bearssl", Some("BR_ERR_X509_CRITICAL_EXTENSION")),
            ("gnutls", None),
            ("openssl", None),
        ],
    );
}

#[test]
fn an_ed25519_leaf_is_beyond_mbedtls_2_28_and_bearssl() {
    assert_kind(
        "alg_ed25519_leaf",
        [
            ("mbedtls", Some("MBEDTLS_ERR_PK_UNKNOWN_PK_ALG")),
            ("wolfssl", None),
            ("bearssl", Some("BR_ERR_X509_UNSUPPORTED")),
            ("gnutls", None),
            ("openssl", None),
        ],
    );
}

#[test]
fn an_issuer_name_in_another_case_matches_only_in_mbedtls_and_openssl() {
    assert_kind(
        "name_issuer_case",
        [
            ("mbedtls", None),
            ("wolfssl", Some("ASN_NO_SIGNER_E")),
            ("bearssl", Some("BR_ERR_X509_DN_MISMATCH")),
            ("gnutls", Some("GNUTLS_CERT_SIGNER_NOT_FOUND")),
            ("openssl", None),
        ],
    );
}

#[test]
fn a_chain_sent_in_reverse_is_rejected_by_all_five_as_the_first_certificate_is_the_leaf() {
    assert_kind(
        "order_reversed",
        [
            ("mbedtls", Some("MBEDTLS_X509_BADCERT_CN_MISMATCH")),
            ("wolfssl", Some("DOMAIN_NAME_MISMATCH")),
            ("bearssl", Some("BR_ERR_X509_BAD_SERVER_NAME")),
            ("gnutls", Some("GNUTLS_CERT_UNEXPECTED_OWNER")),
            ("openssl", Some("X509_V_ERR_INVALID_PURPOSE")),
        ],
    );
}

/// GnuTLS's default client (verify_peers3, set_verify_cert) passes the host name and no key
/// purpose; BearSSL's minimal engine reads no extended key usage.
#[test]
fn a_client_only_leaf_passes_bearssl_and_the_default_gnutls_client() {
    assert_kind(
        "eku_client_only",
        [
            ("mbedtls", Some("MBEDTLS_X509_BADCERT_EXT_KEY_USAGE")),
            ("wolfssl", Some("EXTKEYUSE_AUTH_E")),
            ("bearssl", None),
            ("gnutls", None),
            ("openssl", Some("X509_V_ERR_INVALID_PURPOSE")),
        ],
    );
}

/// The key-usage checks of the ECDHE handshake (mbedtls_ssl_check_cert_usage, wolfSSL's
/// ProcessPeerCerts, BearSSL's and GnuTLS's engines), and OpenSSL's sslserver purpose.
#[test]
fn a_leaf_for_certificate_signing_only_is_refused_by_all_five() {
    assert_kind(
        "leaf_ku_cert_sign_only",
        [
            ("mbedtls", Some("MBEDTLS_X509_BADCERT_KEY_USAGE")),
            ("wolfssl", Some("KEYUSE_SIGNATURE_E")),
            ("bearssl", Some("BR_ERR_WRONG_KEY_USAGE")),
            ("gnutls", Some("GNUTLS_E_KEY_USAGE_VIOLATION")),
            ("openssl", Some("X509_V_ERR_INVALID_PURPOSE")),
        ],
    );
}

#[test]
fn nine_intermediates_are_too_many_for_mbedtls_and_wolfssl() {
    assert_kind(
        "chain_long",
        [
            ("mbedtls", Some("MBEDTLS_ERR_X509_FATAL_ERROR")),
            ("wolfssl", Some("ASN_NO_SIGNER_E")),
            ("bearssl", None),
            ("gnutls", None),
            ("openssl", None),
        ],
    );
}

#[test]
fn a_violated_non_critical_name_constraint_passes_mbedtls_and_bearssl() {
    assert_kind(
        "nc_noncritical_violation",
        [
            ("mbedtls", None),
            ("wolfssl", Some("ASN_NAME_INVALID_E")),
            ("bearssl", None),
            ("gnutls", Some("GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE")),
            ("openssl", Some("X509_V_ERR_PERMITTED_VIOLATION")),
        ],
    );
}

#[test]
fn only_openssl_refuses_an_intermediate_as_trust_anchor_without_partial_chains() {
    assert_kind(
        "anchor_is_int",
        [
            ("mbedtls", None),
            ("wolfssl", None),
            ("bearssl", None),
            ("gnutls", None),
            ("openssl", Some("X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT")),
        ],
    );
}

/// Each device profile against its library, on the whole sample; and the invocation itself,
/// through the plain chains every library accepts.
#[test]
fn device_profiles_agree_with_their_library() {
    let s = sample();
    let valid: Vec<&CaseInfo> = s.cases.iter().filter(|c| c.kind == "valid").collect();
    for case in valid {
        assert!(
            chainlens_accepts(s, case, &["--profile", "rfc5280"]),
            "rfc5280 on {}",
            case.id
        );
    }
    // One run per case answers for every device at once.
    let answers: Vec<HashMap<String, bool>> =
        s.cases.iter().map(|case| device_answers(s, case)).collect();
    for (lib, device) in DEVICE_PROFILES {
        let mut differing = Vec::new();
        for (case, answer) in s.cases.iter().zip(&answers) {
            let Some(&accepts) = answer.get(*device) else {
                panic!(
                    "no verdict for --device {device} on {}: {answer:?}",
                    case.id
                );
            };
            if accepts != s.verdicts[lib][&case.id].accept {
                differing.push(format!("{} ({})", case.id, case.kind));
            }
        }
        let agreeing = s.cases.len() - differing.len();
        let pct = 100.0 * agreeing as f64 / s.cases.len() as f64;
        assert!(
            pct >= REQUIRED_AGREEMENT_PCT,
            "--device {device} agrees with {lib} on {pct:.1} % of the sample; differs on {}",
            differing.join(", ")
        );
    }
}

/// Every device profile's verdict on one case, from one `chainlens verify --json` run:
/// device name → accepted.
fn device_answers(s: &Sample, case: &CaseInfo) -> HashMap<String, bool> {
    let dir = s.dir.path().join("corpus/cases").join(&case.id);
    let mut command = Command::new(env!("CARGO_BIN_EXE_chainlens"));
    command
        .arg("verify")
        .arg(dir.join("chain.pem"))
        .arg("--trust")
        .arg(dir.join("anchors.pem"))
        .args([
            "--host",
            &case.host,
            "--at",
            &VALIDATION_TIME.to_string(),
            "--purpose",
            "server",
            "--json",
        ]);
    for (_, device) in DEVICE_PROFILES {
        command.args(["--device", device]);
    }
    let output = command.output().unwrap();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "chainlens failed on {}: {}: {}",
        case.id,
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    json["devices"]
        .as_array()
        .unwrap_or_else(|| panic!("no devices in the JSON of {}", case.id))
        .iter()
        .map(|d| {
            (
                d["device"].as_str().unwrap_or_default().to_string(),
                d["trusted"] == true,
            )
        })
        .collect()
}

fn chainlens_accepts(s: &Sample, case: &CaseInfo, profile: &[&str]) -> bool {
    let dir = s.dir.path().join("corpus/cases").join(&case.id);
    let output = Command::new(env!("CARGO_BIN_EXE_chainlens"))
        .arg("verify")
        .arg(dir.join("chain.pem"))
        .arg("--trust")
        .arg(dir.join("anchors.pem"))
        .args([
            "--host",
            &case.host,
            "--at",
            &VALIDATION_TIME.to_string(),
            "--purpose",
            "server",
        ])
        .args(profile)
        .output()
        .unwrap();
    let status = output.status;
    assert!(
        matches!(status.code(), Some(0 | 1)),
        "chainlens failed on {}: {status}: {}",
        case.id,
        String::from_utf8_lossy(&output.stderr)
    );
    status.success()
}
