//! ML-DSA (FIPS 204) certificates as RFC 9881 profiles them: the example certificates of the
//! draft that became RFC 9881 (`tests/data/mldsa/`), and root → intermediate → leaf chains
//! signed here with rcgen, pure and mixed with ECDSA. Verified through the CLI, as a user
//! runs it: accepted under `rfc5280`, refused with its own code under the Web PKI profile,
//! a tampered signature is `bad_signature`.

use std::path::Path;
use std::process::{Command, Output};

use rcgen::{Issuer, KeyPair, SignatureAlgorithm};
use serde_json::Value;

use crate::common::{corpus, generated};

const HOST: &str = "pq.example";
/// Inside the leaf template's 2024 validity.
const AT: &str = "2024-06-01T00:00:00Z";

/// The key algorithms the chains below are made of.
#[derive(Clone, Copy, Debug)]
pub enum Alg {
    MlDsa44,
    MlDsa65,
    MlDsa87,
    EcdsaP256,
}

impl Alg {
    fn rcgen(self) -> &'static SignatureAlgorithm {
        match self {
            Alg::MlDsa44 => &rcgen::PKCS_ML_DSA_44,
            Alg::MlDsa65 => &rcgen::PKCS_ML_DSA_65,
            Alg::MlDsa87 => &rcgen::PKCS_ML_DSA_87,
            Alg::EcdsaP256 => &rcgen::PKCS_ECDSA_P256_SHA256,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Alg::MlDsa44 => "ML-DSA-44",
            Alg::MlDsa65 => "ML-DSA-65",
            Alg::MlDsa87 => "ML-DSA-87",
            Alg::EcdsaP256 => "ecdsa-with-SHA256",
        }
    }
}

/// A generated chain, DER: root, intermediate, leaf.
pub struct Chain {
    pub root: Vec<u8>,
    pub intermediate: Vec<u8>,
    pub leaf: Vec<u8>,
}

/// Root (`root`'s key) → intermediate (`intermediate`'s key) → leaf for [`HOST`].
pub fn chain(root: Alg, intermediate: Alg, leaf: Alg) -> Chain {
    let root_key = KeyPair::generate_for(root.rcgen()).unwrap();
    let root_params = generated::ca("PQ Test Root");
    let root_cert = root_params.self_signed(&root_key).unwrap();
    let root_issuer = Issuer::new(root_params, &root_key);
    let intermediate_key = KeyPair::generate_for(intermediate.rcgen()).unwrap();
    let intermediate_params = generated::ca("PQ Test Intermediate");
    let intermediate_cert = intermediate_params
        .signed_by(&intermediate_key, &root_issuer)
        .unwrap();
    let intermediate_issuer = Issuer::new(intermediate_params, &intermediate_key);
    let leaf_key = KeyPair::generate_for(leaf.rcgen()).unwrap();
    let leaf_cert = generated::leaf(&[HOST])
        .signed_by(&leaf_key, &intermediate_issuer)
        .unwrap();
    Chain {
        root: root_cert.der().to_vec(),
        intermediate: intermediate_cert.der().to_vec(),
        leaf: leaf_cert.der().to_vec(),
    }
}

fn pem_of(ders: &[&[u8]]) -> String {
    ders.iter()
        .map(|der| pem::encode(&pem::Pem::new("CERTIFICATE", der.to_vec())))
        .collect()
}

/// Writes the chain as sent (leaf, intermediate) and the root into `dir`.
fn write(dir: &Path, chain: &Chain) {
    std::fs::write(
        dir.join("chain.pem"),
        pem_of(&[&chain.leaf, &chain.intermediate]),
    )
    .unwrap();
    std::fs::write(dir.join("root.pem"), pem_of(&[&chain.root])).unwrap();
}

fn verify(dir: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chainlens"))
        .arg("verify")
        .arg(dir.join("chain.pem"))
        .arg("--trust")
        .arg(dir.join("root.pem"))
        .args(["--host", HOST, "--at", AT])
        .args(extra)
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(out)))
}

/// Every failure code anywhere in a JSON verdict.
fn codes(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    collect_codes(value, &mut out);
    out
}

fn collect_codes(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                if key == "code"
                    && let Some(code) = inner.as_str()
                {
                    out.push(code.to_owned());
                }
                collect_codes(inner, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_codes(v, out)),
        _ => {}
    }
}

#[test]
fn the_rfc_9881_examples_verify_under_their_own_keys() {
    for (file, name, key_bytes) in [
        ("ml-dsa-44-certificate.pem", "ML-DSA-44", 1312),
        ("ml-dsa-65-certificate.pem", "ML-DSA-65", 1952),
        ("ml-dsa-87-certificate.pem", "ML-DSA-87", 2592),
    ] {
        let cert = corpus::certs(&format!("mldsa/{file}")).remove(0);
        assert_eq!(cert.signature_algorithm.name, name);
        let ml_dsa = cert.public_key.ml_dsa.unwrap();
        assert_eq!(ml_dsa.parameter_set, name);
        assert_eq!(ml_dsa.key_bytes, key_bytes);
        assert_eq!(ml_dsa.key_bytes, ml_dsa.expected_key_bytes);
        assert_eq!(cert.signature.len(), ml_dsa.signature_bytes, "{file}");
        assert_eq!(
            cert.public_key.summary(),
            format!("{name} ({key_bytes} bytes)")
        );
        // Self-signed: the one anchor is the certificate, which must verify its own signature.
        let out = Command::new(env!("CARGO_BIN_EXE_chainlens"))
            .arg("verify")
            .arg(corpus::data(&format!("mldsa/{file}")))
            .arg("--trust")
            .arg(corpus::data(&format!("mldsa/{file}")))
            .args(["--purpose", "ca", "--profile", "rfc5280", "--json"])
            .args(["--at", "2025-01-01T00:00:00Z"])
            .output()
            .unwrap();
        let verdict = json(&out);
        let found = codes(&verdict);
        assert!(
            !found.iter().any(|c| c == "bad_self_signature"),
            "{file}: {found:?}"
        );
        assert!(
            !found.iter().any(|c| c == "unsupported_signature"),
            "{file}: {found:?}"
        );
        assert_eq!(out.status.code(), Some(0), "{file}: {}", text(&out));
    }
}

#[test]
fn an_ml_dsa_65_chain_verifies_under_rfc5280_and_says_its_algorithm() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &chain(Alg::MlDsa65, Alg::MlDsa65, Alg::MlDsa65));
    let out = verify(dir.path(), &["--profile", "rfc5280"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("rfc5280 profile"), "{}", text(&out));

    let out = verify(dir.path(), &["--profile", "rfc5280", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let verdict = json(&out);
    // The Web PKI rule is still there, as a warning with its code.
    assert!(
        codes(&verdict)
            .iter()
            .any(|c| c == "ml_dsa_outside_web_pki"),
        "{verdict:#}"
    );
    // rustls-webpki, run on the same path, verifies ML-DSA too: no rejection, no gap.
    for code in [
        "webpki_rejects",
        "webpki_cannot_evaluate",
        "webpki_not_applicable",
    ] {
        assert!(!codes(&verdict).iter().any(|c| c == code), "{verdict:#}");
    }
    assert_eq!(
        verdict["verdicts"][0]["notes"],
        serde_json::json!([]),
        "{verdict:#}"
    );
    let leaf = &verdict["certificates"][0];
    assert_eq!(leaf["signature_algorithm"], "ML-DSA-65", "{verdict:#}");
    assert_eq!(leaf["public_key"]["algorithm"]["name"], "ML-DSA-65");
    assert_eq!(leaf["public_key"]["ml_dsa"]["parameter_set"], "ML-DSA-65");
    assert_eq!(leaf["public_key"]["ml_dsa"]["key_bytes"], 1952);
    assert_eq!(leaf["public_key"]["ml_dsa"]["security_category"], 3);
    assert_eq!(leaf["public_key"]["bits"], Value::Null);

    // The openssl-like certificate text names the parameter set and the sizes.
    let shown = Command::new(env!("CARGO_BIN_EXE_chainlens"))
        .arg("inspect")
        .arg(dir.path().join("chain.pem"))
        .output()
        .unwrap();
    let shown = text(&shown);
    for expected in [
        "Public Key Algorithm: ML-DSA-65",
        "ML-DSA-65 Public-Key:",
        "Key size: 1952 bytes, FIPS 204 parameter set ML-DSA-65 (NIST security category 3)",
        "Signature size: 3309 bytes (FIPS 204 ML-DSA-65: 3309 bytes)",
    ] {
        assert!(shown.contains(expected), "{expected:?} in\n{shown}");
    }
}

#[test]
fn every_parameter_set_verifies_and_the_web_pki_profile_refuses_it_by_name() {
    for alg in [Alg::MlDsa44, Alg::MlDsa65, Alg::MlDsa87] {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &chain(alg, alg, alg));
        let out = verify(dir.path(), &["--profile", "rfc5280", "--json"]);
        assert_eq!(out.status.code(), Some(0), "{alg:?}: {}", text(&out));
        let out = verify(dir.path(), &["--json"]);
        assert_eq!(out.status.code(), Some(1), "{alg:?}: {}", text(&out));
        let verdict = json(&out);
        let found = codes(&verdict);
        assert!(
            found.iter().any(|c| c == "ml_dsa_outside_web_pki"),
            "{alg:?}: {found:?}"
        );
        // Refused for the profile's rule, not for a signature it could not check.
        for wrong in [
            "bad_signature",
            "unsupported_signature",
            "key_algorithm_not_allowed",
        ] {
            assert!(!found.iter().any(|c| c == wrong), "{alg:?}: {found:?}");
        }
        let text = text(&verify(dir.path(), &[]));
        assert!(
            text.contains(&format!("{} key: RFC 9881 defines ML-DSA", alg.name())),
            "{text}"
        );
    }
}

#[test]
fn a_tampered_ml_dsa_signature_is_a_bad_signature() {
    let dir = tempfile::tempdir().unwrap();
    let mut chain = chain(Alg::MlDsa65, Alg::MlDsa65, Alg::MlDsa65);
    // The signature BIT STRING ends the certificate: its last byte is signature.
    *chain.leaf.last_mut().unwrap() ^= 0x01;
    write(dir.path(), &chain);
    let out = verify(dir.path(), &["--profile", "rfc5280", "--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let verdict = json(&out);
    assert_eq!(
        verdict["verdicts"][0]["code"], "bad_signature",
        "{verdict:#}"
    );
}

#[test]
fn mixed_chains_verify_both_ways() {
    for (root, intermediate, leaf) in [
        // A post-quantum root over classic CAs and leaf, as a PKI migrating from the top.
        (Alg::MlDsa65, Alg::EcdsaP256, Alg::EcdsaP256),
        (Alg::MlDsa87, Alg::MlDsa65, Alg::EcdsaP256),
        // A classic root over a post-quantum intermediate and leaf.
        (Alg::EcdsaP256, Alg::MlDsa44, Alg::MlDsa44),
        (Alg::EcdsaP256, Alg::EcdsaP256, Alg::MlDsa65),
    ] {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &chain(root, intermediate, leaf));
        let out = verify(dir.path(), &["--profile", "rfc5280", "--json"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{root:?} → {intermediate:?} → {leaf:?}: {}",
            text(&out)
        );
        let verdict = json(&out);
        assert_eq!(
            verdict["certificates"][0]["signature_algorithm"],
            intermediate.name(),
            "{verdict:#}"
        );
    }
}

#[test]
fn an_ml_dsa_key_signs_with_its_own_parameter_set_only() {
    // An ML-DSA-65 certificate checked against an ML-DSA-44 key: not checked (the key cannot
    // make that signature), never reported as verifying.
    let a = chain(Alg::MlDsa65, Alg::MlDsa65, Alg::MlDsa65);
    let b = chain(Alg::MlDsa44, Alg::MlDsa44, Alg::MlDsa44);
    let leaf = generated::decode(&a.leaf);
    let other = generated::decode(&b.intermediate);
    let outcome = chainlens::verify::signature::verify(
        &leaf.signature_algorithm,
        &other.public_key,
        &leaf.tbs_der,
        &leaf.signature,
    );
    assert!(
        matches!(
            outcome,
            chainlens::verify::signature::SignatureOutcome::Unsupported(_)
        ),
        "{outcome:?}"
    );
    let own = generated::decode(&a.intermediate);
    assert_eq!(
        chainlens::verify::signature::verify(
            &leaf.signature_algorithm,
            &own.public_key,
            &leaf.tbs_der,
            &leaf.signature,
        ),
        chainlens::verify::signature::SignatureOutcome::Valid
    );
}

/// The device corpus layout of `tests/devices/corpus.h`: one case per chain, sent as leaf and
/// intermediate, anchored at the root.
fn write_device_corpus(dir: &Path, cases: &[(&str, &Chain)], at_unix: i64) {
    use std::fmt::Write as _;
    let mut manifest = String::new();
    for (id, chain) in cases {
        let case = dir.join("cases").join(id);
        std::fs::create_dir_all(&case).unwrap();
        std::fs::write(case.join("c0.der"), &chain.leaf).unwrap();
        std::fs::write(case.join("c1.der"), &chain.intermediate).unwrap();
        std::fs::write(case.join("a0.der"), &chain.root).unwrap();
        std::fs::write(
            case.join("chain.pem"),
            pem_of(&[&chain.leaf, &chain.intermediate]),
        )
        .unwrap();
        std::fs::write(case.join("root.pem"), pem_of(&[&chain.root])).unwrap();
        writeln!(manifest, "{id}\tmldsa\t{HOST}\t{at_unix}\t2\t1").unwrap();
    }
    std::fs::write(dir.join("manifest.tsv"), manifest).unwrap();
}

/// Each library's answer per case id: (accepted, its error names).
fn run_devices(
    dir: &Path,
    at: &str,
) -> std::collections::HashMap<(String, String), (bool, String)> {
    use crate::common::tls_tools::require_tool;
    for (tool, package) in [("cc", "gcc"), ("make", "make"), ("faketime", "faketime")] {
        require_tool(tool, package).unwrap();
    }
    let bin = dir.join("bin");
    let devices = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/devices");
    let make = Command::new("make")
        .arg("-s")
        .arg("-C")
        .arg(&devices)
        .arg(format!("OUT={}", bin.display()))
        .output()
        .unwrap();
    assert!(
        make.status.success(),
        "{}",
        String::from_utf8_lossy(&make.stderr)
    );
    let corpus = dir.join("corpus");
    let mut answers = std::collections::HashMap::new();
    for lib in ["mbedtls", "wolfssl", "bearssl", "gnutls", "openssl"] {
        let program = bin.join(lib);
        let output = if matches!(lib, "openssl" | "bearssl") {
            Command::new(&program).arg(&corpus).output().unwrap()
        } else {
            Command::new("faketime")
                .env("TZ", "UTC")
                .arg("-f")
                .arg(at)
                .arg(&program)
                .arg(&corpus)
                .output()
                .unwrap()
        };
        assert!(
            output.status.success(),
            "{lib}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        for line in String::from_utf8(output.stdout).unwrap().lines() {
            let fields: Vec<&str> = line.split('\t').collect();
            answers.insert(
                (lib.to_owned(), fields[0].to_owned()),
                (fields[1] == "accept", fields[2].to_owned()),
            );
        }
    }
    answers
}

#[test]
fn the_five_device_libraries_refuse_ml_dsa_and_the_device_profiles_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let all = chain(Alg::MlDsa65, Alg::MlDsa65, Alg::MlDsa65);
    let root = chain(Alg::MlDsa65, Alg::EcdsaP256, Alg::EcdsaP256);
    let intermediate = chain(Alg::EcdsaP256, Alg::MlDsa65, Alg::EcdsaP256);
    let leaf = chain(Alg::EcdsaP256, Alg::EcdsaP256, Alg::MlDsa65);
    let classic = chain(Alg::EcdsaP256, Alg::EcdsaP256, Alg::EcdsaP256);
    let cases = [
        ("all", &all),
        ("root", &root),
        ("intermediate", &intermediate),
        ("leaf", &leaf),
        ("classic", &classic),
    ];
    let corpus = dir.path().join("corpus");
    // 2024-06-01T00:00:00Z.
    write_device_corpus(&corpus, &cases, 1_717_200_000);
    let answers = run_devices(dir.path(), "2024-06-01 00:00:00");
    // What each library said when run (None: accepted). None of them knows ML-DSA: a
    // certificate signed with it is refused by every one; an ML-DSA leaf key (signed with
    // ECDSA) by all but GnuTLS, whose verification does not look at the leaf's key type.
    const LIBS: [&str; 5] = ["mbedtls", "wolfssl", "bearssl", "gnutls", "openssl"];
    let measured: [(&str, [Option<&str>; 5]); 5] = [
        (
            "all",
            [
                Some("MBEDTLS_ERR_X509_UNKNOWN_SIG_ALG"),
                Some("ASN_UNKNOWN_OID_E"),
                Some("BR_ERR_X509_UNSUPPORTED"),
                Some("GNUTLS_CERT_INVALID"),
                Some("X509_V_ERR_EE_KEY_TOO_SMALL"),
            ],
        ),
        (
            "root",
            [
                Some("MBEDTLS_ERR_X509_UNKNOWN_SIG_ALG"),
                Some("ASN_NO_SIGNER_E"),
                Some("BR_ERR_X509_UNSUPPORTED"),
                Some("GNUTLS_CERT_INVALID"),
                Some("X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY"),
            ],
        ),
        (
            "intermediate",
            [
                Some("MBEDTLS_ERR_X509_UNKNOWN_SIG_ALG"),
                Some("ASN_NO_SIGNER_E"),
                Some("BR_ERR_X509_UNSUPPORTED"),
                Some("GNUTLS_CERT_INVALID"),
                Some("X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY"),
            ],
        ),
        (
            "leaf",
            [
                Some("MBEDTLS_ERR_PK_UNKNOWN_PK_ALG"),
                Some("ASN_UNKNOWN_OID_E"),
                Some("BR_ERR_X509_UNSUPPORTED"),
                None,
                Some("X509_V_ERR_EE_KEY_TOO_SMALL"),
            ],
        ),
        ("classic", [None; 5]),
    ];
    let profiles = [
        "mbedtls-2.28",
        "wolfssl-5.5:alt-cert-chains",
        "bearssl-0.6",
        "gnutls-3.7",
        "openssl-3.0",
    ];
    for (id, expected) in measured {
        let case = corpus.join("cases").join(id);
        let mut command = Command::new(env!("CARGO_BIN_EXE_chainlens"));
        command
            .arg("verify")
            .arg(case.join("chain.pem"))
            .arg("--trust")
            .arg(case.join("root.pem"))
            .args(["--host", HOST, "--at", AT, "--purpose", "server", "--json"]);
        for profile in profiles {
            command.args(["--device", profile]);
        }
        let out = command.output().unwrap();
        let verdict = json(&out);
        let devices = verdict["devices"].as_array().unwrap();
        for ((lib, profile), want) in LIBS.iter().zip(profiles).zip(expected) {
            let (accepted, errors) = &answers[&(lib.to_string(), id.to_string())];
            let device = devices
                .iter()
                .find(|d| d["device"] == profile)
                .unwrap_or_else(|| panic!("no {profile} in {verdict:#}"));
            let names: Vec<&str> = device["stack_errors"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(Value::as_str)
                .collect();
            match want {
                None => {
                    assert!(*accepted, "{lib} on {id}: {errors}");
                    assert_eq!(device["trusted"], true, "{profile} on {id}: {device:#}");
                }
                Some(name) => {
                    assert!(
                        !*accepted && errors.split(',').any(|e| e == name),
                        "{lib} on {id}: {errors}"
                    );
                    assert_eq!(device["trusted"], false, "{profile} on {id}: {device:#}");
                    assert!(
                        names.contains(&name),
                        "{profile} on {id} should say {name}: {names:?}"
                    );
                }
            }
        }
    }
}
