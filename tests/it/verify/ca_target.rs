//! A CA certificate checked as a CA (`Purpose::Ca`, `--purpose ca`): RFC 5280 §6.1 and the
//! rules for CA certificates over the whole path, none of the end-entity rules; a target the
//! store holds is trusted as that store's anchor.

use crate::common::corpus::{at, certs, data, explain};
use crate::common::generated::{ca, decode, leaf};
use chainlens::model::{
    Certificate, CheckName, CheckStatus, Inspection, Policy, Profile, Purpose, Source, SourceKind,
};
use chainlens::report::words;
use chainlens::verify::{self, StoreKind, TrustStore};
use rcgen::{BasicConstraints, IsCa, Issuer, KeyPair, date_time_ymd};

const DEBIAN: &str = "debian-ca-certificates/ca-certificates.crt";

fn debian_store() -> TrustStore {
    TrustStore::from_file(&data(DEBIAN)).unwrap()
}

fn debian_root(label: &str) -> Certificate {
    certs(DEBIAN)
        .into_iter()
        .find(|c| c.label() == label)
        .unwrap_or_else(|| panic!("{label} is in the Debian bundle"))
}

fn inspect_as(
    target: Certificate,
    untrusted: Vec<Certificate>,
    stores: &[TrustStore],
    purpose: Purpose,
    profile: Profile,
    time: &str,
) -> Inspection {
    verify::inspect(
        verify::Input {
            source: Source::new(
                SourceKind::File { path: data(DEBIAN) },
                "ca-certificates.crt",
            ),
            certificates: vec![target],
            untrusted,
            load_notes: Vec::new(),
        },
        stores,
        &Policy {
            purpose,
            profile,
            ..Policy::at(at(time))
        },
    )
}

/// `target` (with `untrusted` intermediates) checked as a CA against a store of `root` in
/// mid-2024: not trusted under either profile, for `code`. Returns both inspections.
fn fails_as_ca(
    target: &Certificate,
    untrusted: &[Certificate],
    root: &Certificate,
    code: &str,
) -> Vec<Inspection> {
    Profile::ALL
        .into_iter()
        .map(|profile| {
            let insp = inspect_as(
                target.clone(),
                untrusted.to_vec(),
                &[store_of(root)],
                Purpose::Ca,
                profile,
                "2024-06-01T00:00:00Z",
            );
            let v = &insp.verdicts[0];
            assert!(!v.trusted, "{profile}: {}", explain(&insp));
            assert_eq!(
                v.failure.as_ref().map(|f| f.code()),
                Some(code),
                "{}",
                explain(&insp)
            );
            insp
        })
        .collect()
}

/// Every failure code of every path of every verdict.
fn codes(insp: &Inspection) -> Vec<&'static str> {
    insp.verdicts
        .iter()
        .flat_map(|v| &v.paths)
        .flat_map(|p| verify::path_failures(insp, p))
        .filter_map(|p| p.check.failure.as_ref().map(|f| f.code()))
        .collect()
}

const NOW: &str = "2026-06-01T00:00:00Z";

#[test]
fn a_debian_root_is_trusted_as_a_ca_by_the_bundle_and_mozilla_under_both_profiles() {
    let stores = [debian_store(), TrustStore::mozilla()];
    for profile in Profile::ALL {
        let insp = inspect_as(
            debian_root("ISRG Root X1"),
            Vec::new(),
            &stores,
            Purpose::Ca,
            profile,
            NOW,
        );
        for v in &insp.verdicts {
            assert!(v.trusted, "{profile}: {}", explain(&insp));
            assert!(
                words::verdict(&insp, v).contains("itself a trust anchor"),
                "{}",
                words::verdict(&insp, v)
            );
            assert!(
                words::verdict(&insp, v).contains("checked as a CA certificate"),
                "{}",
                words::verdict(&insp, v)
            );
            let best = &v.paths[0];
            assert_eq!(best.certificates.len(), 1, "the anchor itself");
            // The second opinion was not asked, and says so: never a pass.
            let webpki = best
                .checks
                .iter()
                .find(|c| c.name == CheckName::Webpki)
                .expect("a webpki check");
            assert_ne!(webpki.status, CheckStatus::Pass);
            assert_eq!(webpki.status_word(), "skip");
            assert_eq!(webpki.code(), "webpki_not_applicable");
            // No end-entity rule was evaluated.
            assert!(best.checks.iter().all(|c| c.name != CheckName::EndEntity));
        }
        for code in [
            "missing_server_auth",
            "ca_as_leaf",
            "required_eku_not_found",
        ] {
            assert!(!codes(&insp).contains(&code), "{code}: {}", explain(&insp));
        }
    }
}

#[test]
fn every_debian_root_is_trusted_as_a_ca_by_the_bundle_that_holds_it_or_fails_a_ca_rule() {
    let store = debian_store();
    let roots = certs(DEBIAN);
    assert_eq!(roots.len(), 144);
    // What a root held by the store can still fail as a CA: it expired, or (Web PKI only)
    // the CA certificate profile of the Baseline Requirements, as for any anchor on a path.
    let allowed = |profile| match profile {
        Profile::Rfc5280 => vec!["expired"],
        _ => vec![
            "expired",
            "ca_without_key_usage",
            "basic_constraints_not_critical",
            "missing_ski",
            // An AKI naming its issuer and serial, which BR §7.1.2.1.3 forbids in a root
            // (x509-limbo's webpki::aki::root-with-aki-* cases): Certigna, Go Daddy and
            // Starfield Class 2, QuoVadis Root CA 2 and 3.
            "aki_issuer_serial",
        ],
    };
    for profile in Profile::ALL {
        let mut trusted = 0;
        for root in &roots {
            let insp = inspect_as(
                root.clone(),
                Vec::new(),
                std::slice::from_ref(&store),
                Purpose::Ca,
                profile,
                NOW,
            );
            if insp.verdicts[0].trusted {
                trusted += 1;
                continue;
            }
            for code in codes(&insp) {
                assert!(
                    allowed(profile).contains(&code),
                    "{profile}: {code}\n{}",
                    explain(&insp)
                );
            }
        }
        // Four of the 2023 bundle's roots have expired by mid-2026; eight more break the CA
        // profile (five its extensions, three more only their AKI's issuer and serial).
        let expected = if profile == Profile::Rfc5280 {
            140
        } else {
            132
        };
        assert_eq!(trusted, expected, "{profile}");
    }
}

#[test]
fn the_same_root_under_server_keeps_the_leaf_rules() {
    let insp = inspect_as(
        debian_root("ISRG Root X1"),
        Vec::new(),
        &[debian_store()],
        Purpose::Server,
        Profile::WebPki,
        NOW,
    );
    assert!(!insp.verdicts[0].trusted, "{}", explain(&insp));
    let found = codes(&insp);
    assert!(found.contains(&"ca_as_leaf"), "{found:?}");
    assert!(found.contains(&"missing_server_auth"), "{found:?}");
}

const AMAZON_AT: &str = "2025-02-23T10:02:16Z";

fn amazon(file: &str) -> Certificate {
    certs(&format!("rustls-webpki-amazon/{file}")).remove(0)
}

#[test]
fn an_intermediate_whose_root_is_in_the_store_is_trusted_as_a_ca() {
    let store = TrustStore::from_certificates(
        "Amazon roots".into(),
        StoreKind::Mozilla,
        vec![amazon("AmazonRootCA3.cer")],
    )
    .unwrap();
    for profile in Profile::ALL {
        let insp = inspect_as(
            amazon("e2m01.cer"),
            Vec::new(),
            std::slice::from_ref(&store),
            Purpose::Ca,
            profile,
            AMAZON_AT,
        );
        let v = &insp.verdicts[0];
        assert!(v.trusted, "{profile}: {}", explain(&insp));
        assert!(
            words::verdict(&insp, v).contains("chains to Amazon Root CA 3"),
            "{}",
            words::verdict(&insp, v)
        );
        assert!(
            words::verdict(&insp, v).contains("checked as a CA certificate"),
            "{}",
            words::verdict(&insp, v)
        );
        // The same intermediate as a server leaf breaks the leaf rules.
        let as_server = inspect_as(
            amazon("e2m01.cer"),
            Vec::new(),
            std::slice::from_ref(&store),
            Purpose::Server,
            profile,
            AMAZON_AT,
        );
        if profile == Profile::WebPki {
            assert!(!as_server.verdicts[0].trusted, "{}", explain(&as_server));
            assert!(codes(&as_server).contains(&"ca_as_leaf"));
        }
    }
}

#[test]
fn a_trusted_intermediate_is_trusted_as_an_anchor_and_through_its_root() {
    let store = TrustStore::from_certificates(
        "Amazon roots and M01".into(),
        StoreKind::Mozilla,
        vec![amazon("AmazonRootCA3.cer"), amazon("e2m01.cer")],
    )
    .unwrap();
    let insp = inspect_as(
        amazon("e2m01.cer"),
        Vec::new(),
        &[store],
        Purpose::Ca,
        Profile::WebPki,
        AMAZON_AT,
    );
    let v = &insp.verdicts[0];
    assert!(v.trusted, "{}", explain(&insp));
    let valid: Vec<usize> = v
        .paths
        .iter()
        .filter(|p| p.valid)
        .map(|p| p.certificates.len())
        .collect();
    // Itself as the anchor, and itself → Amazon Root CA 3.
    assert_eq!(valid, vec![1, 1], "{}", explain(&insp));
    let anchors: Vec<String> = v
        .paths
        .iter()
        .map(|p| insp.anchor(p.anchor).unwrap().subject.display_label())
        .collect();
    assert!(
        anchors.iter().any(|a| a == "Amazon ECDSA 256 M01"),
        "{anchors:?}"
    );
    assert!(
        anchors.iter().any(|a| a == "Amazon Root CA 3"),
        "{anchors:?}"
    );
    assert!(
        words::verdict(&insp, v).contains("itself a trust anchor"),
        "{}",
        words::verdict(&insp, v)
    );
}

/// A generated root, its key, and a CA under it with `inter_constraint`.
struct Pki {
    root: Certificate,
    root_issuer: Issuer<'static, KeyPair>,
}

fn pki() -> Pki {
    let root_key = KeyPair::generate().unwrap();
    let root_params = ca("CA Target Root");
    let root = decode(root_params.self_signed(&root_key).unwrap().der());
    Pki {
        root,
        root_issuer: Issuer::new(root_params, root_key),
    }
}

fn store_of(root: &Certificate) -> TrustStore {
    TrustStore::from_certificates("test root".into(), StoreKind::Mozilla, vec![root.clone()])
        .unwrap()
}

#[test]
fn a_leaf_checked_as_a_ca_fails_as_not_a_ca() {
    let pki = pki();
    let key = KeyPair::generate().unwrap();
    let leaf_cert = decode(
        leaf(&["www.example.com"])
            .signed_by(&key, &pki.root_issuer)
            .unwrap()
            .der(),
    );
    for insp in fails_as_ca(&leaf_cert, &[], &pki.root, "target_not_ca") {
        let reason = &words::verdict(&insp, &insp.verdicts[0]);
        assert!(reason.contains("not a CA"), "{reason}");
    }
}

#[test]
fn an_expired_ca_is_expired() {
    let pki = pki();
    let key = KeyPair::generate().unwrap();
    let mut params = ca("CA Target Expired Intermediate");
    params.not_before = date_time_ymd(2020, 1, 1);
    params.not_after = date_time_ymd(2022, 1, 1);
    let inter = decode(params.signed_by(&key, &pki.root_issuer).unwrap().der());
    let insp = inspect_as(
        inter,
        Vec::new(),
        &[store_of(&pki.root)],
        Purpose::Ca,
        Profile::WebPki,
        "2024-06-01T00:00:00Z",
    );
    let v = &insp.verdicts[0];
    assert!(!v.trusted, "{}", explain(&insp));
    assert_eq!(v.failure.as_ref().map(|f| f.code()), Some("expired"));
    // A held root checked after its notAfter is expired too.
    let insp = inspect_as(
        pki.root.clone(),
        Vec::new(),
        &[store_of(&pki.root)],
        Purpose::Ca,
        Profile::Rfc5280,
        "2041-01-01T00:00:00Z",
    );
    assert_eq!(
        insp.verdicts[0].failure.as_ref().map(|f| f.code()),
        Some("expired"),
        "{}",
        explain(&insp)
    );
}

#[test]
fn a_ca_under_a_path_len_zero_issuer_fails_path_len() {
    let pki = pki();
    let inter_key = KeyPair::generate().unwrap();
    let mut inter_params = ca("CA Target pathlen 0");
    inter_params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    let inter = decode(
        inter_params
            .signed_by(&inter_key, &pki.root_issuer)
            .unwrap()
            .der(),
    );
    let inter_issuer = Issuer::new(inter_params, inter_key);
    let sub_key = KeyPair::generate().unwrap();
    let sub = decode(
        ca("CA Target Sub-CA")
            .signed_by(&sub_key, &inter_issuer)
            .unwrap()
            .der(),
    );
    fails_as_ca(
        &sub,
        std::slice::from_ref(&inter),
        &pki.root,
        "path_len_exceeded",
    );
    // The pathlen:0 intermediate itself is a fine CA.
    let insp = inspect_as(
        inter,
        Vec::new(),
        &[store_of(&pki.root)],
        Purpose::Ca,
        Profile::WebPki,
        "2024-06-01T00:00:00Z",
    );
    assert!(insp.verdicts[0].trusted, "{}", explain(&insp));
}

#[test]
fn the_window_checks_a_ca_from_a_file_as_a_ca_and_a_captured_one_as_chosen() {
    let root = debian_root("ISRG Root X1");
    let input = |kind: SourceKind| verify::Input {
        source: Source::new(kind, "x"),
        certificates: vec![root.clone()],
        untrusted: Vec::new(),
        load_notes: Vec::new(),
    };
    let file = input(SourceKind::File { path: data(DEBIAN) });
    assert_eq!(file.target_purpose(Purpose::Server), Purpose::Ca);
    assert_eq!(
        input(SourceKind::Paste).target_purpose(Purpose::Client),
        Purpose::Ca
    );
    let tls = input(SourceKind::Tls {
        host: "example.com".into(),
        port: 443,
    });
    assert_eq!(tls.target_purpose(Purpose::Server), Purpose::Server);
    // A leaf from a file keeps the purpose chosen.
    let leaf_file = verify::Input {
        source: Source::new(SourceKind::Paste, "x"),
        certificates: certs("aws-iot-us-east-1/leaf-star.iot.us-east-1.amazonaws.com.pem"),
        untrusted: Vec::new(),
        load_notes: Vec::new(),
    };
    assert_eq!(leaf_file.target_purpose(Purpose::Client), Purpose::Client);
}

#[test]
fn reports_name_the_purpose() {
    let insp = inspect_as(
        debian_root("ISRG Root X1"),
        Vec::new(),
        &[debian_store()],
        Purpose::Ca,
        Profile::WebPki,
        NOW,
    );
    let text = chainlens::report::text::inspection_text(&insp);
    assert!(
        text.contains("Purpose:       checked as a CA certificate"),
        "{text}"
    );
    assert!(
        text.contains("Checked as a CA certificate: server-leaf rules do not apply."),
        "{text}"
    );
    assert!(
        text.contains("skip    rustls-webpki: not performed"),
        "{text}"
    );
    let json: serde_json::Value = chainlens::report::json::inspection_value(&insp);
    assert_eq!(json["schema"], "chainlens.inspection/1");
    assert_eq!(json["policy"]["purpose"], "ca");
}

fn chainlens(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_chainlens"))
        .args(args)
        .current_dir(data(""))
        .output()
        .unwrap()
}

#[test]
fn cli_purpose_ca_exits_0_on_a_held_root_and_1_on_a_leaf() {
    let out = chainlens(&[
        "verify",
        "aws-roots/Amazon_Root_CA_1.pem",
        "--purpose",
        "ca",
        "--trust",
        DEBIAN,
        "--trust-store",
        "mozilla",
        "--at",
        NOW,
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("checked as a CA certificate"), "{stdout}");
    // The same root as a server leaf is not trusted: it is a CA, with no EKU. (Without
    // --purpose a CA read from a file is checked as a CA, so the server purpose is named.)
    let out = chainlens(&[
        "verify",
        "aws-roots/Amazon_Root_CA_1.pem",
        "--purpose",
        "server",
        "--trust",
        DEBIAN,
        "--at",
        NOW,
    ]);
    assert_eq!(out.status.code(), Some(1));
    // A server leaf checked as a CA is not trusted, for not being a CA.
    let out = chainlens(&[
        "verify",
        "aws-iot-us-east-1/leaf-star.iot.us-east-1.amazonaws.com.pem",
        "--untrusted",
        "aws-iot-us-east-1/intermediate-Amazon-Server-CA-1B.pem",
        "--trust-store",
        "aws-iot",
        "--at",
        "2023-01-01T00:00:00Z",
        "--purpose",
        "ca",
        "--json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["schema"], "chainlens.inspection/1");
    assert_eq!(json["policy"]["purpose"], "ca");
    assert_eq!(json["verdicts"][0]["code"], "target_not_ca", "{json:#}");
}

#[test]
fn a_ca_s_extended_key_usage_need_not_allow_server_auth_but_its_key_usage_must_sign() {
    let pki = pki();
    // A client-auth-only sub-CA: its EKU limits what it issues, and is no reason to distrust it.
    let key = KeyPair::generate().unwrap();
    let mut params = ca("CA Target Client-only CA");
    params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ClientAuth];
    let client_ca = decode(params.signed_by(&key, &pki.root_issuer).unwrap().der());
    let insp = inspect_as(
        client_ca,
        Vec::new(),
        &[store_of(&pki.root)],
        Purpose::Ca,
        Profile::WebPki,
        "2024-06-01T00:00:00Z",
    );
    assert!(insp.verdicts[0].trusted, "{}", explain(&insp));
    // A CA whose keyUsage forbids certificate signing cannot act as a CA.
    let key = KeyPair::generate().unwrap();
    let mut params = ca("CA Target No-certSign CA");
    params.key_usages = vec![rcgen::KeyUsagePurpose::DigitalSignature];
    let no_sign = decode(params.signed_by(&key, &pki.root_issuer).unwrap().der());
    fails_as_ca(&no_sign, &[], &pki.root, "missing_key_cert_sign");
}
