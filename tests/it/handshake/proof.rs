//! The acceptance test of the handshake simulation: `openssl s_server` on loopback in many
//! configurations, each device's **real** client (`tests/devices/*_client`) against each, and
//! chainlens's prediction (the probe of the server, then `handshake::simulate` with the
//! device's captured hello and input limit, and the device's verdict on the chain chosen).
//! They must agree on: handshake or not, version, suite, which chain (the leaf's hash), chain
//! accepted or not. Every disagreement is either a defect or a limit listed in `KNOWN_LIMITS`
//! with its reason.
//!
//! The real outcomes themselves are also held to rules derived from the TLS specifications and
//! the server's configuration alone (`broken_rules`), so the harness proves something about the
//! libraries even where the prediction is wrong.
//!
//! `CHAINLENS_PROOF_TABLE=FILE` writes every run (real and predicted) to FILE;
//! `CHAINLENS_PROOF_FACTS=DIR` writes each server's probe facts as JSON into DIR.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chainlens::fetch::Target;
use chainlens::handshake::simulate::{Handshake, InputCheck, device_handshake};
use chainlens::model::device::{Device, DeviceChoice, Stack};
use chainlens::model::probe::ServerFacts;
use chainlens::model::{Inspection, Policy, Purpose, Source, SourceKind};
use chainlens::probe::{ProbeOptions, probe};
use chainlens::verify::{self, StoreKind, TrustStore};
use sha2::{Digest, Sha256};

use super::capture::{ClientOutcome, run_client};
use super::real_clients::s_server;
use crate::common::generated::decode;
use crate::common::tls_tools::{KeyKind, openssl_pki, pem_ders};

/// One server configuration: `openssl s_server` arguments (paths relative to the PKI
/// directory) and which devices run against it.
struct Config {
    name: &'static str,
    args: Vec<String>,
    /// Also run the max_fragment_length devices.
    mfl: bool,
    /// The name the clients send and check (`server.test`, which every leaf carries).
    host: &'static str,
}

const RSA: &[&str] = &[
    "-cert",
    "rsa/leaf.pem",
    "-key",
    "rsa/leaf.key",
    "-cert_chain",
    "rsa/int.pem",
];
const EC: &[&str] = &[
    "-cert",
    "ec/leaf.pem",
    "-key",
    "ec/leaf.key",
    "-cert_chain",
    "ec/int.pem",
];
const DUAL: &[&str] = &[
    "-cert",
    "rsa/leaf.pem",
    "-key",
    "rsa/leaf.key",
    "-cert_chain",
    "rsa/int.pem",
    "-dcert",
    "ec/leaf.pem",
    "-dkey",
    "ec/leaf.key",
    "-dcert_chain",
    "ec/int.pem",
];
const LONG10: &[&str] = &[
    "-cert",
    "long10/leaf.pem",
    "-key",
    "long10/leaf.key",
    "-cert_chain",
    "long10/chain.pem",
];
const LONG20: &[&str] = &[
    "-cert",
    "long20/leaf.pem",
    "-key",
    "long20/leaf.key",
    "-cert_chain",
    "long20/chain.pem",
];
const LEGACY: &[&str] = &["-cipher", "DEFAULT@SECLEVEL=0"];
/// An RSA chain whose root is in no CA file.
const STRAY: &[&str] = &[
    "-cert",
    "stray/leaf.pem",
    "-key",
    "stray/leaf.key",
    "-cert_chain",
    "stray/int.pem",
];

fn config(name: &'static str, parts: &[&[&str]], mfl: bool) -> Config {
    Config {
        name,
        args: parts
            .iter()
            .flat_map(|p| p.iter().map(|s| s.to_string()))
            .collect(),
        mfl,
        host: "server.test",
    }
}

fn configs() -> Vec<Config> {
    vec![
        // Versions, per key type.
        config("rsa", &[RSA], false),
        config("rsa tls1.3", &[RSA, &["-tls1_3"]], false),
        config("rsa tls1.2", &[RSA, &["-tls1_2"]], false),
        config("ecdsa", &[EC], false),
        config("ecdsa tls1.3", &[EC, &["-tls1_3"]], false),
        config("ecdsa tls1.2", &[EC, &["-tls1_2"]], false),
        config("dual", &[DUAL], false),
        config("dual tls1.3", &[DUAL, &["-tls1_3"]], false),
        config("dual tls1.2", &[DUAL, &["-tls1_2"]], false),
        config("rsa tls1.1", &[RSA, &["-tls1_1"], LEGACY], false),
        config("rsa tls1.0", &[RSA, &["-tls1"], LEGACY], false),
        config("ecdsa tls1.1", &[EC, &["-tls1_1"], LEGACY], false),
        config("ecdsa tls1.0", &[EC, &["-tls1"], LEGACY], false),
        // TLS 1.2 suites.
        config(
            "dual tls1.2 rsa suites",
            &[
                DUAL,
                &[
                    "-tls1_2",
                    "-cipher",
                    "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384",
                ],
            ],
            false,
        ),
        config(
            "dual tls1.2 ecdsa suites",
            &[
                DUAL,
                &[
                    "-tls1_2",
                    "-cipher",
                    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305",
                ],
            ],
            false,
        ),
        config(
            "rsa tls1.2 cbc",
            &[RSA, &["-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA"]],
            false,
        ),
        config(
            "rsa tls1.2 dhe",
            &[RSA, &["-tls1_2", "-cipher", "DHE-RSA-AES128-GCM-SHA256"]],
            false,
        ),
        // Server preference.
        config(
            "dual tls1.2 serverpref ecdsa first",
            &[
                DUAL,
                &[
                    "-tls1_2",
                    "-serverpref",
                    "-cipher",
                    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256",
                ],
            ],
            false,
        ),
        config(
            "dual tls1.2 clientpref",
            &[
                DUAL,
                &[
                    "-tls1_2",
                    "-cipher",
                    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256",
                ],
            ],
            false,
        ),
        config(
            "dual tls1.2 serverpref rsa first",
            &[
                DUAL,
                &[
                    "-tls1_2",
                    "-serverpref",
                    "-cipher",
                    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256",
                ],
            ],
            false,
        ),
        config(
            "rsa tls1.3 serverpref chacha",
            &[
                RSA,
                &[
                    "-tls1_3",
                    "-serverpref",
                    "-ciphersuites",
                    "TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256",
                ],
            ],
            false,
        ),
        config(
            "rsa tls1.3 clientpref chacha",
            &[
                RSA,
                &[
                    "-tls1_3",
                    "-ciphersuites",
                    "TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256",
                ],
            ],
            false,
        ),
        config("dual serverpref", &[DUAL, &["-serverpref"]], false),
        // Groups.
        config("ecdsa groups P-256", &[EC, &["-groups", "P-256"]], false),
        config("ecdsa groups P-384", &[EC, &["-groups", "P-384"]], false),
        config("ecdsa groups X25519", &[EC, &["-groups", "X25519"]], false),
        config(
            "rsa tls1.2 groups P-521",
            &[RSA, &["-tls1_2", "-groups", "P-521"]],
            false,
        ),
        config(
            "rsa tls1.3 groups P-384",
            &[RSA, &["-tls1_3", "-groups", "P-384"]],
            false,
        ),
        config(
            "rsa tls1.3 groups ffdhe2048",
            &[RSA, &["-tls1_3", "-groups", "ffdhe2048"]],
            false,
        ),
        // Signature algorithms.
        config(
            "dual sigalgs ECDSA+SHA256",
            &[DUAL, &["-sigalgs", "ECDSA+SHA256"]],
            false,
        ),
        config(
            "dual sigalgs RSA-PSS+SHA256",
            &[DUAL, &["-sigalgs", "RSA-PSS+SHA256"]],
            false,
        ),
        config(
            "rsa tls1.2 sigalgs RSA+SHA256",
            &[RSA, &["-tls1_2", "-sigalgs", "RSA+SHA256"]],
            false,
        ),
        config(
            "ecdsa tls1.3 sigalgs ECDSA+SHA384",
            &[EC, &["-tls1_3", "-sigalgs", "ECDSA+SHA384"]],
            false,
        ),
        config(
            "dual tls1.2 sigalgs RSA+SHA384",
            &[DUAL, &["-tls1_2", "-sigalgs", "RSA+SHA384:ECDSA+SHA384"]],
            false,
        ),
        // Long chains: Certificate messages of about 10 and 20 KiB.
        config("long10", &[LONG10], true),
        config("long10 tls1.2", &[LONG10, &["-tls1_2"]], true),
        config("long20", &[LONG20], true),
        config("long20 tls1.2", &[LONG20, &["-tls1_2"]], true),
        config("long20 tls1.3", &[LONG20, &["-tls1_3"]], false),
        // Records the server splits, and max_fragment_length.
        config(
            "rsa tls1.2 max_send_frag 2048",
            &[RSA, &["-tls1_2", "-max_send_frag", "2048"]],
            true,
        ),
        config(
            "long10 tls1.2 max_send_frag 4096",
            &[LONG10, &["-tls1_2", "-max_send_frag", "4096"]],
            true,
        ),
        config("ecdsa mfl", &[EC], true),
        config("rsa tls1.2 mfl", &[RSA, &["-tls1_2"]], true),
        // Combinations.
        config(
            "dual tls1.2 serverpref P-384",
            &[
                DUAL,
                &[
                    "-tls1_2",
                    "-serverpref",
                    "-groups",
                    "P-384",
                    "-cipher",
                    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256",
                ],
            ],
            false,
        ),
        config(
            "ecdsa tls1.3 X25519 ECDSA+SHA256",
            &[
                EC,
                &["-tls1_3", "-groups", "X25519", "-sigalgs", "ECDSA+SHA256"],
            ],
            false,
        ),
        config("dual tls1.1 legacy", &[DUAL, &["-tls1_1"], LEGACY], false),
        // Chains the devices must reject: a name the leaf does not carry, a root nobody trusts.
        Config {
            host: "wrong.test",
            ..config("dual wrong host", &[DUAL], false)
        },
        config("untrusted root", &[STRAY], false),
        config("untrusted root tls1.2", &[STRAY, &["-tls1_2"]], false),
    ]
}

/// The devices run against every configuration.
fn devices(mfl: bool) -> Vec<Device> {
    let mut names = Vec::new();
    for stack in Stack::ALL {
        let base = stack.profile_name();
        names.push(base.to_string());
        for option in ["no-tls13", "ecc-only", "rsa-only"] {
            names.push(format!("{base}:{option}"));
        }
        if mfl {
            for option in ["mfl=1024", "mfl=4096"] {
                names.push(format!("{base}:{option}"));
            }
        }
    }
    names.iter().filter_map(|n| n.parse().ok()).collect()
}

/// A disagreement the prediction is known to have, and why.
struct Limit {
    config: &'static str,
    /// The device's name; a trailing `*` matches every name it starts.
    device: &'static str,
    reason: &'static str,
}

/// Disagreements between prediction and library that are known, each with its reason.
/// None is left: OpenSSL choosing a suite for a key its -sigalgs exclude and then failing is
/// probed (`VersionSupport::failing_after_choice`) and simulated.
const KNOWN_LIMITS: &[Limit] = &[];

/// The PKI every configuration serves from, and the CA file the clients trust.
struct Pki {
    dir: tempfile::TempDir,
    roots: Vec<Vec<u8>>,
}

impl Pki {
    fn ca_file(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }
}

/// A chain root → CA 1 → CA 2 → leaf for `server.test`, each with its own P-256 key, the two
/// CAs and the leaf padded with `padding` bytes of an unknown non-critical extension; writes
/// `leaf.pem`, `leaf.key` and `chain.pem` (CA 2, CA 1) under `dir/name` and returns the root.
fn write_long(dir: &Path, name: &str, padding: usize) -> Vec<u8> {
    use rcgen::{CustomExtension, Issuer, KeyPair};
    let pad = |mut params: rcgen::CertificateParams| {
        params.custom_extensions = vec![CustomExtension::from_oid_content(
            &[1, 3, 6, 1, 4, 1, 55555, 1],
            vec![0u8; padding],
        )];
        params
    };
    let now = time::OffsetDateTime::now_utc();
    let dated = |mut params: rcgen::CertificateParams| {
        params.not_before = now - time::Duration::days(1);
        params.not_after = now + time::Duration::days(30);
        params
    };
    let root_key = KeyPair::generate().unwrap();
    let root_params = dated(crate::common::generated::ca(&format!("{name} root")));
    let root = root_params.self_signed(&root_key).unwrap();
    let mut issuer = Issuer::new(root_params, root_key);
    let mut sent = Vec::new();
    for index in 1..=2 {
        let key = KeyPair::generate().unwrap();
        let params = pad(dated(crate::common::generated::ca(&format!(
            "{name} CA {index}"
        ))));
        sent.push(params.signed_by(&key, &issuer).unwrap().der().to_vec());
        issuer = Issuer::new(params, key);
    }
    let key = KeyPair::generate().unwrap();
    let mut params = pad(dated(crate::common::generated::leaf(&[
        "server.test",
        "localhost",
    ])));
    params
        .subject_alt_names
        .push(rcgen::SanType::IpAddress("127.0.0.1".parse().unwrap()));
    let leaf = params.signed_by(&key, &issuer).unwrap().der().to_vec();
    let sub = dir.join(name);
    fs::create_dir_all(&sub).unwrap();
    let pem = |der: &[u8]| {
        pem::encode_config(
            &pem::Pem::new("CERTIFICATE", der.to_vec()),
            pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF),
        )
    };
    fs::write(sub.join("leaf.pem"), pem(&leaf)).unwrap();
    fs::write(sub.join("leaf.key"), key.serialize_pem()).unwrap();
    let chain: String = sent.iter().rev().map(|d| pem(d)).collect();
    fs::write(sub.join("chain.pem"), chain).unwrap();
    root.der().to_vec()
}

fn make_pki() -> Pki {
    let dir = tempfile::tempdir().unwrap();
    let mut roots = Vec::new();
    for (name, kind) in [("rsa", KeyKind::Rsa), ("ec", KeyKind::Ecdsa)] {
        let sub = dir.path().join(name);
        fs::create_dir_all(&sub).unwrap();
        openssl_pki(&sub, kind).unwrap();
        roots.extend(pem_ders(&sub.join("root.pem")).unwrap());
    }
    // The same shape, its root left out of the CA file.
    let stray = dir.path().join("stray");
    fs::create_dir_all(&stray).unwrap();
    openssl_pki(&stray, KeyKind::Rsa).unwrap();
    // Three sent certificates of about 3.3 and 6.7 KiB: Certificate messages of about 10 and
    // 20 KiB, in few certificates (wolfSSL's chain depth is 9).
    roots.push(write_long(dir.path(), "long10", 3000));
    roots.push(write_long(dir.path(), "long20", 6500));
    let text: String = roots
        .iter()
        .map(|d| pem::encode(&pem::Pem::new("CERTIFICATE", d.clone())))
        .collect();
    fs::write(dir.path().join("ca.pem"), text).unwrap();
    Pki { dir, roots }
}

/// What chainlens predicts for one device against one probed server.
#[derive(Debug)]
struct Prediction {
    /// A version and suite agreed (the server sends a chain).
    negotiated: bool,
    version: u16,
    suite: u16,
    leaf_sha256: Option<String>,
    /// The chain fits the device's input buffer.
    fits: bool,
    /// The device accepts the chain sent.
    accepted: bool,
    connects: bool,
    why: String,
}

fn inspect_chain(chain: &[Vec<u8>], roots: &[Vec<u8>], device: &Device, host: &str) -> Inspection {
    let store = TrustStore::from_certificates(
        "ca.pem".to_string(),
        StoreKind::Mozilla,
        roots.iter().map(|d| decode(d)).collect(),
    )
    .unwrap();
    verify::inspect(
        verify::Input {
            source: Source::new(SourceKind::Paste, "served chain"),
            certificates: chain.iter().map(|d| decode(d)).collect(),
            untrusted: Vec::new(),
            load_notes: Vec::new(),
        },
        &[store],
        &Policy {
            host: Some(host.to_string()),
            purpose: Purpose::Server,
            devices: DeviceChoice {
                devices: vec![device.clone()],
                ..DeviceChoice::default()
            },
            ..Policy::at(time::OffsetDateTime::now_utc())
        },
    )
}

fn predict(device: &Device, facts: &ServerFacts, roots: &[Vec<u8>], host: &str) -> Prediction {
    let inspections: Vec<Inspection> = facts
        .chains
        .iter()
        .map(|chain| inspect_chain(&chain.certificates, roots, device, host))
        .collect();
    let result = device_handshake(device, facts, &inspections);
    match &result.handshake {
        Handshake::Negotiated(n) => {
            let fits = n.input.as_ref().is_none_or(InputCheck::fits);
            let leaf = facts
                .chains
                .get(n.chain)
                .and_then(|c| c.certificates.first())
                .map(|der| hex::encode(Sha256::digest(der)));
            Prediction {
                negotiated: true,
                version: n.version.code(),
                suite: n.cipher_suite,
                leaf_sha256: leaf,
                fits,
                accepted: !result.verdicts.is_empty() && result.verdicts.iter().all(|v| v.trusted),
                connects: result.connects,
                why: format!("{:?}", n.input),
            }
        }
        Handshake::Failed(reason) => Prediction {
            negotiated: false,
            version: 0,
            suite: 0,
            leaf_sha256: None,
            fits: true,
            accepted: false,
            connects: false,
            why: format!("{reason:?}"),
        },
    }
}

/// The ways a prediction and a real outcome can disagree (empty: they agree).
fn disagreements(real: &ClientOutcome, predicted: &Prediction) -> Vec<String> {
    let mut out = Vec::new();
    if real.ok != predicted.connects {
        out.push(format!(
            "connects: real {} predicted {}",
            real.ok, predicted.connects
        ));
    }
    if real.ok && predicted.connects {
        if real.version != predicted.version {
            out.push(format!(
                "version: real {:#06x} predicted {:#06x}",
                real.version, predicted.version
            ));
        }
        if real.suite != predicted.suite {
            out.push(format!(
                "suite: real {:#06x} predicted {:#06x}",
                real.suite, predicted.suite
            ));
        }
    }
    // The leaf the device received: every library names it once the Certificate message is
    // parsed, rejected or not.
    if let (Some(real_leaf), true) = (&real.leaf_sha256, predicted.negotiated) {
        if predicted.leaf_sha256.as_ref() != Some(real_leaf) {
            out.push("chain: a different leaf".to_string());
        }
    }
    if real.leaf_sha256.is_some() && !predicted.negotiated {
        out.push("negotiated: the real client received a chain".to_string());
    }
    out
}

/// One row of the record: configuration, device, real outcome, prediction.
struct Row {
    config: &'static str,
    device: String,
    real: ClientOutcome,
    predicted: Prediction,
}

fn run_config(
    config: &Config,
    pki: &Pki,
    bin: &Path,
    runtime: &tokio::runtime::Runtime,
) -> Vec<Row> {
    let log = format!("{}.log", config.name.replace(' ', "_"));
    let server = s_server(pki.dir.path(), &config.args, &log);
    let target = Target::parse(&format!("127.0.0.1:{}", server.port), 443).unwrap();
    // Generous limits: the whole integration suite may run beside this test on two cores, and
    // a probe step that times out would leave facts out, which is not what is measured here.
    let options = ProbeOptions {
        sni: Some("server.test".to_string()),
        max_in_flight: 4,
        timeout_secs: 60,
        budget_secs: 600,
        ..ProbeOptions::default()
    };
    let facts = runtime
        .block_on(probe(&target, &options))
        .unwrap_or_else(|e| panic!("{}: probe failed: {e:#}", config.name));
    if let Ok(dir) = std::env::var("CHAINLENS_PROOF_FACTS") {
        let path = Path::new(&dir).join(format!("{}.json", config.name.replace(' ', "_")));
        fs::write(path, serde_json::to_string_pretty(&facts).unwrap()).unwrap();
    }
    let mut rows = Vec::new();
    for device in devices(config.mfl) {
        let real = run_client(bin, &device, server.port, config.host, &pki.ca_file()).unwrap();
        let predicted = predict(&device, &facts, &pki.roots, config.host);
        rows.push(Row {
            config: config.name,
            device: device.name(),
            real,
            predicted,
        });
    }
    // mbedTLS 2.28's input buffer (MBEDTLS_SSL_IN_CONTENT_LEN) is a build constant: Debian's
    // library cannot run with 4096 bytes. Its closest real run is the same library asking for
    // max_fragment_length 4096: records of at most 4096 bytes, and no handshake message over
    // several records, so a Certificate message over 4096 bytes fails just as a 4096-byte
    // buffer refuses it. The prediction for in-content-len=4096 is held to that run.
    if config.mfl {
        let analog: Device = "mbedtls-2.28:mfl=4096".parse().unwrap();
        let small: Device = "mbedtls-2.28:in-content-len=4096".parse().unwrap();
        let real = rows
            .iter()
            .find(|row| row.device == analog.name())
            .map(|row| row.real.clone())
            .unwrap();
        rows.push(Row {
            config: config.name,
            device: format!("{} (real: {})", small.name(), analog.name()),
            real,
            predicted: predict(&small, &facts, &pki.roots, config.host),
        });
    }
    rows
}

fn limit_for(row: &Row) -> Option<&'static Limit> {
    KNOWN_LIMITS.iter().find(|l| {
        l.config == row.config
            && match l.device.strip_suffix('*') {
                Some(prefix) => row.device.starts_with(prefix),
                None => l.device == row.device,
            }
    })
}

/// Rules the real outcomes must follow whatever chainlens predicts: from the TLS
/// specifications, the libraries' documented versions and the server's configuration alone.
/// Returns the rows that break one, with the rule.
fn broken_rules(rows: &[Row]) -> Vec<String> {
    let mut broken = Vec::new();
    for row in rows {
        // The in-content-len rows carry another device's real run.
        let Ok(device) = row.device.parse::<Device>() else {
            continue;
        };
        let config = row.config;
        let mut rule = |holds: bool, what: &str| {
            if !holds {
                broken.push(format!(
                    "{config} / {}: {what} ({:?})",
                    row.device, row.real
                ));
            }
        };
        // Only TLS 1.3 offered: clients without TLS 1.3 cannot connect.
        if config.contains("tls1.3") {
            let has_tls13 = !matches!(device.stack, Stack::MbedTls | Stack::BearSsl)
                && !device.options.no_tls13;
            rule(
                has_tls13 || !row.real.ok,
                "a client without TLS 1.3 connected to a TLS 1.3-only server",
            );
        }
        // A version-restricted server negotiates that version or nothing.
        for (word, code) in [
            ("tls1.3", 0x0304),
            ("tls1.2", 0x0303),
            ("tls1.1", 0x0302),
            ("tls1.0", 0x0301),
        ] {
            if config.split(' ').any(|w| w == word) && row.real.ok {
                rule(
                    row.real.version == code,
                    "a version the server does not speak",
                );
            }
        }
        // A server with only an RSA or only an ECDSA certificate cannot serve a client that
        // authenticates only the other kind.
        if config.starts_with("rsa") {
            rule(
                !(device.options.ecc_only && row.real.ok),
                "an ECDSA-only client took an RSA server",
            );
        }
        if config.starts_with("ecdsa") || config.starts_with("long") {
            rule(
                !(device.options.rsa_only && row.real.ok),
                "an RSA-only client took an ECDSA server",
            );
        }
        if config.contains("ecdsa suites") {
            rule(
                !(device.options.rsa_only && row.real.ok),
                "an RSA-only client took ECDSA suites",
            );
        }
        if config.contains("rsa suites") {
            rule(
                !(device.options.ecc_only && row.real.ok),
                "an ECDSA-only client took RSA suites",
            );
        }
        // A Certificate message over 16 KiB spans several records, which mbedTLS 2.28 cannot
        // reassemble.
        if config.starts_with("long20") && device.stack == Stack::MbedTls {
            rule(
                !row.real.ok,
                "mbedTLS 2.28 took a Certificate message over 16 KiB",
            );
        }
        // Whoever completes a handshake names the leaf it verified.
        if row.real.ok {
            rule(
                row.real.leaf_sha256.is_some(),
                "a completed handshake without a leaf",
            );
        }
    }
    broken
}

#[test]
fn real_clients_against_openssl_servers_agree_with_the_simulation() {
    let bin = super::clients();
    let pki = make_pki();
    let configs = configs();
    assert!(configs.len() >= 40);
    let next = Mutex::new(0usize);
    let rows = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..3 {
            scope.spawn(|| {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                loop {
                    let index = {
                        let mut next = next.lock().unwrap();
                        *next += 1;
                        *next - 1
                    };
                    let Some(config) = configs.get(index) else {
                        break;
                    };
                    let mut done = run_config(config, &pki, bin, &runtime);
                    rows.lock().unwrap().append(&mut done);
                }
            });
        }
    });
    let mut rows = rows.into_inner().unwrap();
    rows.sort_by(|a, b| (a.config, &a.device).cmp(&(b.config, &b.device)));

    let mut table = String::new();
    let mut unexplained = Vec::new();
    let mut explained = BTreeMap::new();
    for row in &rows {
        let diff = disagreements(&row.real, &row.predicted);
        table.push_str(&format!(
            "{:<40} {:<28} real {:<5} {:#06x} {:#06x} {:<40} predicted {:<5} {:#06x} {:#06x} \
             fits={} accepted={}{}{}\n",
            row.config,
            row.device,
            row.real.ok,
            row.real.version,
            row.real.suite,
            row.real.error.as_deref().unwrap_or("-"),
            row.predicted.connects,
            row.predicted.version,
            row.predicted.suite,
            row.predicted.fits,
            row.predicted.accepted,
            if diff.is_empty() {
                String::new()
            } else {
                format!("  MISMATCH {}", diff.join("; "))
            },
            if diff.is_empty() || row.predicted.negotiated {
                String::new()
            } else {
                format!(" ({})", row.predicted.why)
            },
        ));
        if diff.is_empty() {
            continue;
        }
        match limit_for(row) {
            Some(limit) => *explained.entry(limit.reason).or_insert(0) += 1,
            None => unexplained.push(format!(
                "{} / {}: {} (real {:?}; predicted {:?})",
                row.config,
                row.device,
                diff.join("; "),
                row.real,
                row.predicted
            )),
        }
    }
    let broken = broken_rules(&rows);
    assert!(
        broken.is_empty(),
        "real outcomes break TLS rules:\n{}",
        broken.join("\n")
    );
    if let Ok(path) = std::env::var("CHAINLENS_PROOF_TABLE") {
        fs::write(path, &table).unwrap();
    }
    assert!(rows.len() >= 40 * 20, "{} runs", rows.len());
    // Every known limit still shows: a limit that no longer occurs is to be removed.
    for limit in KNOWN_LIMITS {
        assert!(
            rows.iter().any(|row| {
                limit_for(row).is_some_and(|l| std::ptr::eq(l, limit))
                    && !disagreements(&row.real, &row.predicted).is_empty()
            }),
            "the known limit for {} / {} no longer occurs",
            limit.config,
            limit.device
        );
    }
    assert!(
        unexplained.is_empty(),
        "{} of {} runs disagree with the simulation:\n{}",
        unexplained.len(),
        rows.len(),
        unexplained.join("\n")
    );
}
