//! Real certificates with embedded SCTs, from real logs: every SCT verifies against the
//! browsers' lists as of the certificates' dates, and the policies decide as browsers did.
//! Chrome's list of today no longer holds the 2019–2023 shards these SCTs come from, so the
//! October 2024 copy in `tests/data/ct/` stands for Chrome's list of their time; Apple's list
//! still holds them (as rejected since their shards expired).

use std::process::Command;

use chainlens::ct::{self, CtOutcome, LogLists, Shortfall};

use crate::common::corpus::{at, certs, inspect, store};

const AWS_LEAF: &str = "aws-iot-us-east-1/leaf-star.iot.us-east-1.amazonaws.com.pem";
const AWS_INTERMEDIATE: &str = "aws-iot-us-east-1/intermediate-Amazon-Server-CA-1B.pem";
const CHROME_2024: &str = "ct/chrome-all_logs_list-2024-10-09.json";

/// The bundled lists with Chrome's replaced by the October 2024 copy.
fn lists_of_2024() -> LogLists {
    let text = std::fs::read_to_string(crate::common::corpus::data(CHROME_2024)).unwrap();
    let chrome = ct::log_list::parse(&text, "test").unwrap();
    (*LogLists::bundled()).clone().with(chrome)
}

fn aws_inspection() -> chainlens::model::Inspection {
    // Amazon Root CA 1, as the Mozilla store holds it.
    let mozilla = chainlens::verify::TrustStore::mozilla();
    let mut chain = certs(AWS_LEAF);
    chain.extend(certs(AWS_INTERMEDIATE));
    inspect(
        chain,
        Vec::new(),
        std::slice::from_ref(&mozilla),
        at("2023-01-01T00:00:00Z"),
        Some("a1pmmrdn6yc5il-ats.iot.us-east-1.amazonaws.com"),
    )
}

#[test]
fn aws_iot_leaf_scts_verify_and_comply_with_both_policies() {
    let insp = aws_inspection();
    assert!(insp.all_trusted());
    let report = ct::check(&insp, &["Mozilla roots".to_string()], &lists_of_2024()).unwrap();
    let logs: Vec<(&str, &str)> = report
        .scts
        .iter()
        .map(|s| (s.log.as_deref().unwrap(), s.code.code()))
        .collect();
    assert_eq!(
        logs,
        [
            ("Google 'Argon2023' log", "sct_valid"),
            ("DigiCert Yeti2023 Log", "sct_valid"),
            ("Let's Encrypt 'Oak2023' log", "sct_valid"),
        ]
    );
    assert_eq!(
        report.chrome.outcome,
        CtOutcome::Compliant {
            scts: 3,
            operators: 3,
            embedded: true
        }
    );
    assert_eq!(
        report.apple.outcome,
        CtOutcome::Compliant {
            scts: 3,
            operators: 3,
            embedded: true
        }
    );
}

#[test]
fn aws_iot_leaf_against_todays_bundled_lists() {
    // What every face shows by default: the SCTs verify (Apple's list still has the logs),
    // but Chrome's list of today has dropped them, which the verdict says.
    let insp = aws_inspection();
    let report = insp.ct.as_ref().expect("a CT report");
    assert!(report.scts.iter().all(|s| s.code == ct::SctCode::Valid));
    assert!(
        report
            .scts
            .iter()
            .all(|s| s.listing(ct::ListKind::Chrome).is_none())
    );
    assert_eq!(
        report.chrome.outcome,
        CtOutcome::NotCompliant {
            shortfall: Shortfall::TooFewScts {
                have: 0,
                need: 3,
                lifetime_days: 340,
                unlisted: 3
            }
        }
    );
    assert!(matches!(
        report.apple.outcome,
        CtOutcome::Compliant { scts: 3, .. }
    ));
    // Five years later the shards are rejected in Apple's list too.
    let later = inspect(
        certs(AWS_LEAF)
            .into_iter()
            .chain(certs(AWS_INTERMEDIATE))
            .collect(),
        Vec::new(),
        &[chainlens::verify::TrustStore::mozilla()],
        at("2026-01-01T00:00:00Z"),
        None,
    );
    let report = ct::check(&later, &["Mozilla roots".to_string()], &LogLists::bundled()).unwrap();
    assert!(
        report
            .scts
            .iter()
            .all(|s| s.code == ct::SctCode::LogNotTrusted)
    );
}

#[test]
fn badssl_leaves_scts_verify_at_their_dates() {
    // badssl.com's DigiCert chains (2019–2020), with DigiCert's roots as a public store of
    // that time; Skydiver, Pilot, Nimbus, Yeti, Nessie, Argon and DigiCert's first log.
    let roots = store(
        "Mozilla roots",
        &[
            "badssl/roots/DigiCert_Global_Root_CA.crt",
            "badssl/roots/DigiCert_High_Assurance_EV_Root_CA.crt",
            "badssl/roots/COMODO_RSA_Certification_Authority.crt",
        ],
    );
    let lists = lists_of_2024();
    for (file, time, logs) in [
        (
            "badssl/wildcard-rsa2048.pem",
            "2020-03-24T00:00:00Z",
            [
                "Google 'Skydiver' log",
                "DigiCert Yeti2022 Log",
                "DigiCert Nessie2022 Log",
            ],
        ),
        (
            "badssl/wildcard-ecc256.pem",
            "2020-02-06T00:00:00Z",
            [
                "Google 'Pilot' log",
                "DigiCert Yeti2022 Log",
                "DigiCert Nessie2022 Log",
            ],
        ),
        (
            "badssl/wildcard-ecc384.pem",
            "2020-02-06T00:00:00Z",
            [
                "Google 'Skydiver' log",
                "DigiCert Nessie2022 Log",
                "Cloudflare 'Nimbus2022' Log",
            ],
        ),
        (
            "badssl/wildcard-rsa4096.pem",
            "2020-04-28T00:00:00Z",
            [
                "Google 'Argon2022' log",
                "DigiCert Yeti2022 Log",
                "DigiCert Nessie2022 Log",
            ],
        ),
        (
            "badssl/wildcard-sha384.pem",
            "2020-03-24T00:00:00Z",
            [
                "Google 'Argon2022' log",
                "Cloudflare 'Nimbus2022' Log",
                "Google 'Skydiver' log",
            ],
        ),
    ] {
        let insp = inspect(
            certs(file),
            Vec::new(),
            std::slice::from_ref(&roots),
            at(time),
            Some("badssl.com"),
        );
        assert!(
            insp.all_trusted(),
            "{file}: {}",
            crate::common::corpus::explain(&insp)
        );
        let report = ct::check(&insp, &["Mozilla roots".to_string()], &lists).unwrap();
        let got: Vec<(&str, &str)> = report
            .scts
            .iter()
            .map(|s| (s.log.as_deref().unwrap_or("?"), s.code.code()))
            .collect();
        let want: Vec<(&str, &str)> = logs.iter().map(|l| (*l, "sct_valid")).collect();
        assert_eq!(got, want, "{file}");
        // Two-year certificates of 2020: Chrome needs 3 SCTs, Apple's table before
        // April 2021 needs 3 for 15 to 27 months.
        let chrome_operators = match &report.chrome.outcome {
            CtOutcome::Compliant { operators, .. } => *operators,
            other => panic!("{file}: Chrome {other:?}"),
        };
        assert!(chrome_operators >= 2, "{file}");
        assert!(
            matches!(report.apple.outcome, CtOutcome::Compliant { scts: 3, .. }),
            "{file}: Apple {:?}",
            report.apple.outcome
        );
    }
}

#[test]
fn inspect_shows_each_sct_and_both_verdicts() {
    let out = Command::new(env!("CARGO_BIN_EXE_chainlens"))
        .args([
            "inspect",
            "--trust-store",
            "mozilla",
            "--at",
            "2023-01-01T00:00:00Z",
        ])
        .arg(crate::common::corpus::data(AWS_LEAF))
        .arg(crate::common::corpus::data(AWS_INTERMEDIATE))
        .arg("--ct-log-list")
        .arg(crate::common::corpus::data(CHROME_2024))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{text}");
    let section = text
        .split("\nCertificate Transparency:\n")
        .nth(1)
        .unwrap_or_else(|| panic!("no CT section:\n{text}"));
    assert!(
        section.starts_with("  log lists: Chrome list 47.11 of 2024-10-09T12:55:36Z ("),
        "{section}"
    );
    for line in [
        "  SCT 1: embedded: Google 'Argon2023' log (Google), 2022-09-08T17:11:11.789Z: valid [sct_valid]\n",
        "  SCT 2: embedded: DigiCert Yeti2023 Log (DigiCert), 2022-09-08T17:11:11.867Z: valid [sct_valid]\n",
        "  SCT 3: embedded: Let's Encrypt 'Oak2023' log (Let's Encrypt), 2022-09-08T17:11:11.895Z: valid [sct_valid]\n",
        "  Chrome CT: compliant (3 SCTs, 3 operators)\n",
        "  Apple CT: compliant (3 SCTs, 3 operators)\n",
    ] {
        assert!(section.contains(line), "missing {line:?} in:\n{section}");
    }

    let out = Command::new(env!("CARGO_BIN_EXE_chainlens"))
        .args([
            "inspect",
            "--json",
            "--trust-store",
            "mozilla",
            "--at",
            "2023-01-01T00:00:00Z",
        ])
        .arg(crate::common::corpus::data(AWS_LEAF))
        .arg(crate::common::corpus::data(AWS_INTERMEDIATE))
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ct = &json["ct"];
    assert_eq!(ct["scts"].as_array().unwrap().len(), 3);
    assert!(
        ct["scts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["code"] == "sct_valid")
    );
    assert_eq!(ct["scts"][0]["log"], "Google 'Argon 2023' log");
    assert_eq!(ct["chrome"]["compliant"], false);
    assert_eq!(ct["chrome"]["code"], "ct_too_few_scts");
    assert_eq!(ct["chrome"]["outcome"]["shortfall"]["unlisted"], 3);
    assert_eq!(ct["apple"]["compliant"], true);
    assert_eq!(ct["lists"][0]["kind"], "chrome");
}

#[test]
fn a_log_list_that_does_not_read_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("list.json");
    std::fs::write(&bad, "{\"operators\": 3}").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_chainlens"))
        .args(["inspect", "--ct-log-list"])
        .arg(&bad)
        .arg(crate::common::corpus::data(AWS_LEAF))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not a CT log list"), "{err}");
}

#[test]
fn amazon_demo_leaves_of_2025_comply_with_both_policies() {
    // The Amazon Trust Services demo leaves (RSA 2048/4096 and ECDSA P-256/P-384 chains),
    // 67-day certificates of February 2025 with three SCTs each, two operators.
    let dir = "rustls-webpki-amazon";
    let intermediates: Vec<_> = [
        "r2m01", "r2m02", "r2m03", "r2m04", "r4m01", "r4m02", "r4m03", "r4m04", "e2m01", "e2m02",
        "e2m03", "e2m04", "e3m01", "e3m02", "e3m03", "e3m04",
    ]
    .iter()
    .flat_map(|name| certs(&format!("{dir}/{name}.cer")))
    .collect();
    let mozilla = chainlens::verify::TrustStore::mozilla();
    let lists = lists_of_2024();
    for root in 1..=4 {
        let leaf = format!("{dir}/valid.rootca{root}.demo.amazontrust.com.cer");
        let insp = inspect(
            certs(&leaf),
            intermediates.clone(),
            std::slice::from_ref(&mozilla),
            at("2025-02-23T10:02:16Z"),
            None,
        );
        assert!(
            insp.all_trusted(),
            "{leaf}: {}",
            crate::common::corpus::explain(&insp)
        );
        let report = ct::check(&insp, &["Mozilla roots".to_string()], &lists).unwrap();
        assert_eq!(report.scts.len(), 3, "{leaf}");
        assert!(
            report.scts.iter().all(|s| s.code == ct::SctCode::Valid),
            "{leaf}: {:?}",
            report.scts
        );
        assert_eq!(
            report.chrome.outcome,
            CtOutcome::Compliant {
                scts: 3,
                operators: 2,
                embedded: true
            },
            "{leaf}"
        );
        // Apple counts one SCT per operator for 180 days or less: two of the three.
        assert_eq!(
            report.apple.outcome,
            CtOutcome::Compliant {
                scts: 2,
                operators: 2,
                embedded: true
            },
            "{leaf}"
        );
    }
}
