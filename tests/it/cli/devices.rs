//! `--device`, `--device-clock` and `chainlens devices` through the built binary.

use std::process::{Command, Output};

use serde_json::Value;

use crate::common;

const AT: &str = "2027-01-01T00:00:00Z";

fn chainlens(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chainlens"))
        .args(args)
        .current_dir(common::corpus::data("devices"))
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The done-when example: an IP-SAN leaf for 10.0.0.1. Debian's libmbedtls 2.28.3
/// (mbedtls_x509_crt_verify: flags 0x04) and libbearssl 0.6 (end_chain: 56) reject it;
/// OpenSSL 3.0 (`openssl verify -verify_ip 10.0.0.1`) accepts it.
#[test]
fn an_ip_san_leaf_is_rejected_by_mbedtls_and_bearssl_and_accepted_by_openssl() {
    let out = chainlens(&[
        "verify",
        "leaf-ip.pem",
        "--untrusted",
        "inter.pem",
        "--trust",
        "root.pem",
        "--host",
        "10.0.0.1",
        "--at",
        AT,
        "--device",
        "mbedtls-2.28",
        "--device",
        "bearssl-0.6",
        "--device",
        "openssl-3.0",
    ]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stderr.contains("device mbedtls-2.28 (root.pem): REJECTED [name_mismatch] MBEDTLS_X509_BADCERT_CN_MISMATCH"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "device bearssl-0.6 (root.pem): REJECTED [name_mismatch] BR_ERR_X509_BAD_SERVER_NAME"
        ),
        "{stderr}"
    );
    assert!(
        stdout.contains("device openssl-3.0 (root.pem): ACCEPTED"),
        "{stdout}"
    );
    // The store verdict is unchanged: one line, as before.
    assert!(
        stdout.contains("leaf-ip.pem: OK, trusted by root.pem"),
        "{stdout}"
    );
}

#[test]
fn every_device_accepting_exits_0() {
    let out = chainlens(&[
        "verify",
        "leaf-ip.pem",
        "--untrusted",
        "inter.pem",
        "--trust",
        "root.pem",
        "--host",
        "10.0.0.1",
        "--at",
        AT,
        "--device",
        "openssl-3.0",
        "--device",
        "gnutls-3.7",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn json_carries_one_verdict_per_device_and_store() {
    let out = chainlens(&[
        "verify",
        "leaf-ip.pem",
        "--untrusted",
        "inter.pem",
        "--trust",
        "root.pem",
        "--host",
        "10.0.0.1",
        "--at",
        AT,
        "--device",
        "mbedtls-2.28",
        "--device",
        "openssl-3.0",
        "--json",
    ]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let devices = json["devices"].as_array().unwrap();
    assert_eq!(devices.len(), 2);
    assert_eq!(devices[0]["device"], "mbedtls-2.28");
    assert_eq!(devices[0]["store"], "root.pem");
    assert_eq!(devices[0]["trusted"], false);
    assert_eq!(devices[0]["code"], "name_mismatch");
    assert_eq!(
        devices[0]["stack_errors"],
        serde_json::json!(["MBEDTLS_X509_BADCERT_CN_MISMATCH"])
    );
    assert_eq!(devices[1]["device"], "openssl-3.0");
    assert_eq!(devices[1]["trusted"], true);
    assert_eq!(devices[1]["code"], Value::Null);
    assert_eq!(devices[1]["path"].as_array().map(Vec::len), Some(3));
}

#[test]
fn without_devices_json_has_no_devices_key() {
    let out = chainlens(&[
        "verify",
        "leaf-ip.pem",
        "--untrusted",
        "inter.pem",
        "--trust",
        "root.pem",
        "--at",
        AT,
        "--json",
    ]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json.get("devices").is_none());
    assert!(json["policy"].get("devices").is_none());
}

#[test]
fn an_extra_certificate_in_the_middle_names_the_order_that_works() {
    // leaf, extra, intermediate: BearSSL takes the order as sent (end_chain: 55).
    let out = chainlens(&[
        "inspect",
        "leaf-dns.pem",
        "extra.pem",
        "inter.pem",
        "--trust",
        "root.pem",
        "--host",
        "device.example.com",
        "--at",
        AT,
        "--device",
        "bearssl-0.6",
        "--device",
        "gnutls-3.7",
    ]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("\nDevices (clock set):\n"), "{stdout}");
    assert!(stdout.contains("BR_ERR_X509_DN_MISMATCH"), "{stdout}");
    assert!(
        stdout.contains("order: bearssl-0.6 rejects the order received; serve l, Test Inter"),
        "{stdout}"
    );
    assert!(
        stdout.contains("gnutls-3.7 (root.pem): ACCEPTED"),
        "{stdout}"
    );
}

#[test]
fn untrusted_files_follow_the_leaf_file_in_the_order_received() {
    // The leaf file first, then --untrusted in the order given: extra before the
    // intermediate breaks BearSSL's order, the other way round does not.
    let run = |untrusted: [&str; 2]| {
        chainlens(&[
            "verify",
            "leaf-dns.pem",
            "--untrusted",
            untrusted[0],
            "--untrusted",
            untrusted[1],
            "--trust",
            "root.pem",
            "--host",
            "device.example.com",
            "--at",
            AT,
            "--device",
            "bearssl-0.6",
        ])
    };
    assert_eq!(run(["extra.pem", "inter.pem"]).status.code(), Some(1));
    assert_eq!(run(["inter.pem", "extra.pem"]).status.code(), Some(0));
}

#[test]
fn no_clock_accepts_an_expired_leaf_with_a_warning() {
    let out = chainlens(&[
        "verify",
        "leaf-dns.pem",
        "--untrusted",
        "inter.pem",
        "--trust",
        "root.pem",
        "--host",
        "device.example.com",
        "--at",
        "2028-06-01",
        "--device",
        "mbedtls-2.28",
        "--device-clock",
        "none",
    ]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.contains("device mbedtls-2.28 (root.pem): ACCEPTED"),
        "{stdout}"
    );
    assert!(stdout.contains("checks no validity dates"), "{stdout}");
}

#[test]
fn malformed_device_strings_are_usage_errors() {
    for (args, said) in [
        (
            vec!["--device", "mbedtls-9"],
            "unknown device \"mbedtls-9\"",
        ),
        (
            vec!["--device", "bearssl-0.6:no-time"],
            "bearssl-0.6 has no build option \"no-time\"",
        ),
        (
            vec!["--device", "mbedtls-2.28:max-intermediates=x"],
            "max-intermediates takes a whole number",
        ),
        (
            vec!["--device", "mbedtls-2.28", "--device-clock", "tomorrow"],
            "is not a device clock",
        ),
    ] {
        let mut all = vec!["verify", "leaf-dns.pem", "--trust", "root.pem"];
        all.extend(args);
        let out = chainlens(&all);
        assert_eq!(out.status.code(), Some(2), "{all:?}");
        assert!(text(&out.stderr).contains(said), "{}", text(&out.stderr));
    }
}

#[test]
fn devices_lists_every_profile_and_preset() {
    let out = chainlens(&["devices"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    for name in [
        "mbedtls-2.28",
        "wolfssl-5.5",
        "bearssl-0.6",
        "gnutls-3.7",
        "openssl-3.0",
        "aws-iot-device-sdk",
        "esp-idf",
        "libmbedtls-dev 2.28.3",
        "alt-cert-chains",
        "no-asn-time",
        "no-time",
    ] {
        assert!(stdout.contains(name), "{name} missing:\n{stdout}");
    }
}

#[test]
fn the_aws_iot_device_sdk_preset_trusts_amazon_root_ca_1() {
    let out = Command::new(env!("CARGO_BIN_EXE_chainlens"))
        .args([
            "verify",
            "aws-iot-us-east-1/leaf-star.iot.us-east-1.amazonaws.com.pem",
            "--untrusted",
            "aws-iot-us-east-1/intermediate-Amazon-Server-CA-1B.pem",
            "--trust-store",
            "aws-iot",
            "--at",
            "2023-01-01T00:00:00Z",
            "--host",
            "a1pmmrdn6yc5il-ats.iot.us-east-1.amazonaws.com",
            "--device",
            "aws-iot-device-sdk",
        ])
        .current_dir(common::corpus::data(""))
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.contains(
            "device aws-iot-device-sdk (Amazon Root CA 1 (AWS IoT Device SDK default)): ACCEPTED"
        ),
        "{stdout}"
    );
}

/// The timeline says when each accepting device stops accepting the chain on its own clock:
/// a clock 100 days ahead stops accepting 100 days before one that is right.
#[test]
fn the_timeline_gives_each_device_its_first_break() {
    let run = |clock: Option<&str>| {
        let mut args = vec![
            "inspect",
            "leaf-ip.pem",
            "inter.pem",
            "--trust",
            "root.pem",
            "--host",
            "10.0.0.1",
            "--at",
            AT,
            "--device",
            "openssl-3.0",
            "--timeline",
            "--json",
        ];
        if let Some(clock) = clock {
            args.extend(["--device-clock", clock]);
        }
        let out = chainlens(&args);
        let json: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}{}", text(&out.stdout), text(&out.stderr)));
        let breaks = json["timeline"]["devices"].as_array().unwrap().clone();
        assert_eq!(breaks.len(), 1, "{breaks:?}");
        assert_eq!(breaks[0]["device"], "openssl-3.0");
        assert_eq!(breaks[0]["store"], "root.pem");
        time::OffsetDateTime::parse(
            breaks[0]["breaks_at"].as_str().unwrap(),
            &time::format_description::well_known::Rfc3339,
        )
        .unwrap()
    };
    let right = run(None);
    let ahead = run(Some("skew:+100d"));
    assert_eq!(right - ahead, time::Duration::days(100));

    let out = chainlens(&[
        "inspect",
        "leaf-ip.pem",
        "inter.pem",
        "--trust",
        "root.pem",
        "--host",
        "10.0.0.1",
        "--at",
        AT,
        "--device",
        "openssl-3.0",
        "--device",
        "mbedtls-2.28",
        "--timeline",
    ]);
    let shown = text(&out.stdout);
    assert!(
        shown.contains("device openssl-3.0 accepts the chain until"),
        "{shown}"
    );
    // mbedTLS rejects the IP-SAN leaf: it has no break to show.
    assert!(!shown.contains("device mbedtls-2.28 accepts"), "{shown}");
}
