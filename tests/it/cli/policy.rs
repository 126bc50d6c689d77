//! Certificate policies on the command line: the four options on every subcommand that
//! verifies, the policy sets in text and JSON, the usage error, and a path whose own
//! policyConstraints require an explicit policy.

use crate::common;

use std::path::Path;
use std::process::{Command, Output};

use rcgen::{CustomExtension, Issuer, KeyPair};
use serde_json::Value;

const LEAF: &str = "aws-iot-us-east-1/leaf-star.iot.us-east-1.amazonaws.com.pem";
const INTER: &str = "aws-iot-us-east-1/intermediate-Amazon-Server-CA-1B.pem";
const HOST: &str = "a1pmmrdn6yc5il-ats.iot.us-east-1.amazonaws.com";
/// The CA/Browser Forum's domain-validated policy, which the AWS IoT leaf asserts.
const DV: &str = "2.23.140.1.2.1";

fn chainlens(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chainlens"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// `verify` of the AWS IoT chain in 2023 with `extra` options.
fn verify_aws(extra: &[&str]) -> Output {
    let mut args = vec![
        "verify",
        LEAF,
        "--untrusted",
        INTER,
        "--trust-store",
        "aws-iot",
        "--at",
        "2023-01-01T00:00:00Z",
        "--host",
        HOST,
    ];
    args.extend_from_slice(extra);
    chainlens(&common::corpus::data(""), &args)
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn an_explicit_policy_the_path_carries_is_trusted_and_said() {
    let out = verify_aws(&["--policy", DV, "--require-explicit-policy"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains(&format!(
            "policies: authorities-constrained: {DV}; user-constrained: {DV}; explicit policy required"
        )),
        "{}",
        text(&out)
    );
}

#[test]
fn an_explicit_policy_the_path_lacks_is_no_valid_policy() {
    let out = verify_aws(&["--policy", "1.2.3.4", "--require-explicit-policy"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("[no_valid_policy]"), "{}", text(&out));

    // Not required, the same policy only narrows what the verdict reports.
    let out = verify_aws(&["--policy", "1.2.3.4"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains(&format!(
            "policies: authorities-constrained: {DV}; user-constrained: none"
        )),
        "{}",
        text(&out)
    );
}

#[test]
fn a_malformed_policy_oid_is_a_usage_error() {
    for bad in ["not-an-oid", "1.2.", "3.1"] {
        let out = verify_aws(&["--policy", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", text(&out));
        assert!(text(&out).contains("not a dotted OID"), "{}", text(&out));
    }
}

#[test]
fn json_carries_the_policy_sets_and_the_inputs() {
    let out = verify_aws(&["--json", "--inhibit-any-policy", "--inhibit-policy-mapping"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let policy = &json["policy"];
    assert_eq!(policy["policies"], serde_json::json!(["2.5.29.32.0"]));
    assert_eq!(policy["require_explicit_policy"], false);
    assert_eq!(policy["inhibit_policy_mapping"], true);
    assert_eq!(policy["inhibit_any_policy"], true);
    let verdict = &json["verdicts"][0];
    let expected = serde_json::json!({
        "authorities_constrained": [DV],
        "user_constrained": [DV],
        "explicit_policy_required": false,
    });
    assert_eq!(verdict["policies"], expected);
    assert_eq!(verdict["paths"][0]["policies"], expected);
    let check = verdict["paths"][0]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "certificate policies")
        .cloned()
        .unwrap();
    assert_eq!(check["code"], "ok");
}

#[test]
fn every_verifying_subcommand_takes_the_policy_options() {
    let mut subcommands = vec![
        vec!["verify"],
        vec!["inspect"],
        vec!["export"],
        vec!["batch"],
    ];
    if cfg!(feature = "aws") {
        subcommands.push(vec!["aws", "check"]);
    }
    for sub in subcommands {
        let mut args = sub.clone();
        args.push("--help");
        let out = chainlens(&common::corpus::data(""), &args);
        let help = text(&out);
        for flag in [
            "--policy <OID>",
            "--require-explicit-policy",
            "--inhibit-policy-mapping",
            "--inhibit-any-policy",
        ] {
            assert!(help.contains(flag), "{sub:?} lacks {flag}: {help}");
        }
    }
}

fn arcs(dotted: &str) -> Vec<u64> {
    dotted.split('.').map(|a| a.parse().unwrap()).collect()
}

/// certificatePolicies with one policy, 2.16.840.1.101.3.2.1.48.1 (NIST test policy 1).
fn test_policy_1() -> CustomExtension {
    let oid = [
        0x06, 0x0a, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x02, 0x01, 0x30, 0x01,
    ];
    let info = [&[0x30, oid.len() as u8][..], &oid].concat();
    let value = [&[0x30, info.len() as u8][..], &info].concat();
    CustomExtension::from_oid_content(&arcs("2.5.29.32"), value)
}

/// A policyConstraints with requireExplicitPolicy 0, critical as RFC 5280 asks or not.
fn require_explicit_policy_now(critical: bool) -> CustomExtension {
    let mut e =
        CustomExtension::from_oid_content(&arcs("2.5.29.36"), vec![0x30, 0x03, 0x80, 0x01, 0x00]);
    e.set_criticality(critical);
    e
}

/// root → CA (requireExplicitPolicy 0, policy 1) → leaf (policy 1 when `leaf_policy`),
/// written as PEM files into `dir`; the CA's policyConstraints is critical unless
/// `noncritical`.
fn write_chain(dir: &Path, leaf_policy: bool, noncritical: bool) {
    let root_key = KeyPair::generate().unwrap();
    let root = common::generated::ca("Policy Root");
    let root_cert = root.self_signed(&root_key).unwrap();
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = common::generated::ca("Policy CA");
    ca.custom_extensions = vec![test_policy_1(), require_explicit_policy_now(!noncritical)];
    let ca_cert = ca
        .signed_by(&ca_key, &Issuer::new(root, &root_key))
        .unwrap();
    let mut leaf = common::generated::leaf(&["policy.example"]);
    if leaf_policy {
        leaf.custom_extensions = vec![test_policy_1()];
    }
    let leaf_cert = leaf
        .signed_by(&KeyPair::generate().unwrap(), &Issuer::new(ca, &ca_key))
        .unwrap();
    std::fs::write(dir.join("root.pem"), root_cert.pem()).unwrap();
    std::fs::write(dir.join("ca.pem"), ca_cert.pem()).unwrap();
    std::fs::write(dir.join("leaf.pem"), leaf_cert.pem()).unwrap();
}

fn verify_generated(dir: &Path, profile: &str) -> Output {
    chainlens(
        dir,
        &[
            "verify",
            "leaf.pem",
            "--untrusted",
            "ca.pem",
            "--trust",
            "root.pem",
            "--at",
            "2024-06-01",
            "--host",
            "policy.example",
            "--profile",
            profile,
        ],
    )
}

#[test]
fn a_path_requiring_an_explicit_policy_is_checked_under_both_profiles() {
    // Without a policy in the leaf, the CA's own requirement fails the path, under webpki too.
    let dir = tempfile::tempdir().unwrap();
    write_chain(dir.path(), false, false);
    for profile in ["webpki", "rfc5280"] {
        let out = verify_generated(dir.path(), profile);
        assert_eq!(out.status.code(), Some(1), "{profile}: {}", text(&out));
        assert!(text(&out).contains("[no_valid_policy]"), "{}", text(&out));
        assert!(!text(&out).contains("unknown critical"), "{}", text(&out));
    }
    // With the policy carried to the leaf, it is trusted; rustls-webpki's fail-closed
    // rejection of the critical policyConstraints is a note, not a veto.
    let dir = tempfile::tempdir().unwrap();
    write_chain(dir.path(), true, false);
    for profile in ["webpki", "rfc5280"] {
        let out = verify_generated(dir.path(), profile);
        assert_eq!(out.status.code(), Some(0), "{profile}: {}", text(&out));
        assert!(
            text(&out)
                .contains("user-constrained: 2.16.840.1.101.3.2.1.48.1; explicit policy required"),
            "{}",
            text(&out)
        );
        assert!(
            text(&out).contains("does not process certificate policies"),
            "{}",
            text(&out)
        );
    }
}

#[test]
fn a_non_critical_policy_constraints_is_rejected_by_webpki_and_a_warning_under_rfc5280() {
    let dir = tempfile::tempdir().unwrap();
    write_chain(dir.path(), true, true);
    let out = verify_generated(dir.path(), "webpki");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("[policy_constraints_not_critical]"),
        "{}",
        text(&out)
    );
    let out = verify_generated(dir.path(), "rfc5280");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}
