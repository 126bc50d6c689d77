//! badssl.com chains at their validation times.

use crate::common::corpus::{at, certs, explain, inspect, store};
use chainlens::report::words;

fn roots() -> chainlens::verify::TrustStore {
    store(
        "badssl roots",
        &[
            "badssl/roots/DigiCert_Global_Root_CA.crt",
            "badssl/roots/DigiCert_High_Assurance_EV_Root_CA.crt",
            "badssl/roots/COMODO_RSA_Certification_Authority.crt",
        ],
    )
}

fn check(file: &str, time: &str, host: &str, expect: bool) -> chainlens::model::Inspection {
    let insp = inspect(
        certs(&format!("badssl/{file}")),
        vec![],
        &[roots()],
        at(time),
        Some(host),
    );
    assert_eq!(
        insp.all_trusted(),
        expect,
        "{file} at {time}\n{}",
        explain(&insp)
    );
    insp
}

#[test]
fn good_chains_are_trusted() {
    check(
        "wildcard-rsa2048.pem",
        "2020-03-24T00:00:00Z",
        "badssl.com",
        true,
    );
    check(
        "wildcard-rsa4096.pem",
        "2020-04-28T00:00:00Z",
        "a.badssl.com",
        true,
    );
    check(
        "wildcard-ecc256.pem",
        "2020-02-06T00:00:00Z",
        "ecc256.badssl.com",
        true,
    );
    check(
        "wildcard-ecc384.pem",
        "2020-02-06T00:00:00Z",
        "ecc384.badssl.com",
        true,
    );
    check(
        "wildcard-sha384.pem",
        "2020-03-24T00:00:00Z",
        "sha384.badssl.com",
        true,
    );
    check(
        "wildcard-expired.pem",
        "2015-04-10T00:00:00Z",
        "expired.badssl.com",
        true,
    );
    check(
        "subdomain-1000-sans.pem",
        "2019-10-06T00:00:00Z",
        "1000-sans.badssl.com",
        true,
    );
}

#[test]
fn wildcard_covers_one_label_only() {
    check(
        "wildcard-rsa2048.pem",
        "2020-03-24T00:00:00Z",
        "a.b.badssl.com",
        false,
    );
}

#[test]
fn bad_chains_are_not_trusted_for_the_right_reason() {
    let insp = check(
        "wildcard-expired.pem",
        "2015-04-20T00:00:00Z",
        "expired.badssl.com",
        false,
    );
    assert!(
        words::verdict(&insp, &insp.verdicts[0]).contains("expired"),
        "{}",
        words::verdict(&insp, &insp.verdicts[0])
    );

    let insp = check(
        "wildcard-incomplete-chain.pem",
        "2020-03-24T00:00:00Z",
        "badssl.com",
        false,
    );
    assert!(
        words::verdict(&insp, &insp.verdicts[0]).contains("no path"),
        "{}",
        words::verdict(&insp, &insp.verdicts[0])
    );
    assert!(insp.groups[0].issuer_missing);

    let insp = check(
        "wildcard-self-signed.pem",
        "2016-08-09T21:17:05Z",
        "self-signed.badssl.com",
        false,
    );
    assert!(
        words::verdict(&insp, &insp.verdicts[0]).contains("self-signed"),
        "{}",
        words::verdict(&insp, &insp.verdicts[0])
    );

    let insp = check(
        "wildcard-sha1-2017.pem",
        "2015-06-10T00:00:00Z",
        "sha1-2017.badssl.com",
        false,
    );
    assert!(explain(&insp).contains("SHA-1"), "{}", explain(&insp));

    let insp = check(
        "wildcard-sha1-intermediate.pem",
        "2017-04-14T00:00:00Z",
        "sha1-intermediate.badssl.com",
        false,
    );
    assert!(!insp.verdicts[0].trusted);
}
