//! NIST PKITS (2011): every test of the suite under `--profile rfc5280 --revocation-strict
//! --purpose server`, with the expected results of `tests/data/pkits/expected.tsv` (their
//! origin, columns and disputed cases are in `ORIGIN.md` beside it).
//!
//! Each `smime/Signed<Test>.eml` carries the test's path and CRLs in the PKCS#7 SignedData of
//! its signature part. That SignedData is read the way `chainlens verify` reads a `.p7b`
//! (`load`: certificates and CRLs), the signer's certificate (signerInfo's
//! issuerAndSerialNumber) is the end entity, the other certificates are untrusted
//! intermediates, the bundle's CRLs are the offline revocation evidence and
//! `certs/TrustAnchorRootCertificate.crt` is the only trust anchor. The CMS signature itself
//! is never checked: some tests sign with a wrong key on purpose.
//!
//! The data is not in the repository: `dist/setup-debian.sh` fetches it (PyPI
//! `cryptography-vectors`, pinned) into `CHAINLENS_PKITS_DIR` or
//! `${XDG_CACHE_HOME:-~/.cache}/chainlens/pkits`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine as _;
use chainlens::load::{Loaded, SourceSpec};
use chainlens::model::{Policy, Profile, Purpose};
use chainlens::pipeline::{self, OnlineOptions};
use chainlens::verify::TrustStore;
use serde_json::Value;

/// The validation time: inside every PKITS 2011 validity period (2010–2030) and after every
/// CRL's thisUpdate, so the dated tests (4.2, 4.4.11, 4.4.12, 4.15.10) decide as designed.
const AT: &str = "2025-01-01T00:00:00Z";

/// anyPolicy (RFC 5280 §4.2.1.4).
const ANY_POLICY: &str = "2.5.29.32.0";

/// The directory holding PKITS's `certs/`, `crls/` and `smime/`; panics, saying how to get
/// it, when it is missing.
fn data_dir() -> PathBuf {
    let dir = std::env::var_os("CHAINLENS_PKITS_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("XDG_CACHE_HOME")
                .filter(|d| !d.is_empty())
                .map(|d| PathBuf::from(d).join("chainlens/pkits"))
        })
        .or_else(|| {
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/chainlens/pkits"))
        })
        .unwrap_or_else(|| PathBuf::from("pkits"));
    assert!(
        dir.join("smime").is_dir() && dir.join("certs/TrustAnchorRootCertificate.crt").is_file(),
        "the NIST PKITS data is not in {}: run dist/setup-debian.sh (it fetches PyPI \
         cryptography-vectors into that cache), or point CHAINLENS_PKITS_DIR at a PKITS_data \
         directory",
        dir.display()
    );
    dir
}

/// One row of `expected.tsv`: a test under one setting, and what must come out.
#[derive(Clone, Debug)]
struct Case {
    /// The PKITS section (4.8.1.3), as OpenSSL's table numbers it.
    id: String,
    /// The PKITS title; the message is `Signed<title without spaces and hyphens>.eml`.
    title: String,
    /// The policy settings (empty: the default, initial policy set anyPolicy, nothing
    /// required).
    settings: Settings,
    /// `valid`, or the failure code the verdict must carry.
    expect: String,
    /// A second documented outcome that is accepted too (disputed cases), if any.
    also: Option<String>,
    /// For `revocation_unknown`: the kind of problem (`crl_rejected`, `no_evidence`) the
    /// failure must name to say why no CRL decided.
    revocation_why: Option<String>,
    /// OpenSSL's user-constrained policy set (sorted OIDs; `anyPolicy` as its OID), if its
    /// table gives one.
    user_set: Option<BTreeSet<String>>,
}

/// The RFC 5280 §6.1.1 inputs a policy sub-test sets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Settings {
    /// user-initial-policy-set, dotted OIDs; empty means the default {anyPolicy}.
    initial_policies: Vec<String>,
    /// initial-explicit-policy.
    require_explicit_policy: bool,
    /// initial-policy-mapping-inhibit.
    inhibit_policy_mapping: bool,
    /// initial-any-policy-inhibit.
    inhibit_any_policy: bool,
}

impl Settings {
    fn is_default(&self) -> bool {
        self.initial_policies.iter().all(|p| p == ANY_POLICY)
            && !self.require_explicit_policy
            && !self.inhibit_policy_mapping
            && !self.inhibit_any_policy
    }

    /// The `chainlens verify` flags for these settings.
    fn cli_args(&self) -> Vec<String> {
        let mut args = Vec::new();
        for oid in &self.initial_policies {
            args.push("--policy".to_string());
            args.push(oid.clone());
        }
        for (on, flag) in [
            (self.require_explicit_policy, "--require-explicit-policy"),
            (self.inhibit_policy_mapping, "--inhibit-policy-mapping"),
            (self.inhibit_any_policy, "--inhibit-any-policy"),
        ] {
            if on {
                args.push(flag.to_string());
            }
        }
        args
    }
}

/// Puts a sub-test's settings into the policy, as `--policy`, `--require-explicit-policy`,
/// `--inhibit-policy-mapping` and `--inhibit-any-policy` do. Err when this build's `Policy`
/// cannot express them (the case then counts as a mismatch, as the CLI refusing the flags
/// would).
///
/// Where `Policy` has the fields `initial_policies: Vec<String>`,
/// `require_explicit_policy`, `inhibit_policy_mapping` and `inhibit_any_policy` (bool), this
/// is those four assignments.
fn apply_settings(policy: &mut Policy, settings: &Settings) -> Result<(), String> {
    if !settings.initial_policies.is_empty() {
        policy.policies = settings.initial_policies.clone();
    }
    policy.require_explicit_policy = settings.require_explicit_policy;
    policy.inhibit_policy_mapping = settings.inhibit_policy_mapping;
    policy.inhibit_any_policy = settings.inhibit_any_policy;
    Ok(())
}

/// The user-constrained policy set (RFC 5280 §6.1.6) the verdict reports, if it reports one:
/// `policies.user_constrained` of the verdict's decided path.
fn reported_user_set(verdict: &Value) -> Option<BTreeSet<String>> {
    let set = verdict
        .get("policies")?
        .get("user_constrained")?
        .as_array()?;
    Some(
        set.iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
    )
}

fn nist(name: &str) -> String {
    match name {
        "anyPolicy" => ANY_POLICY.to_string(),
        _ => {
            let n = name
                .strip_prefix("NIST")
                .unwrap_or_else(|| panic!("unknown policy name {name}"));
            format!("2.16.840.1.101.3.2.1.48.{n}")
        }
    }
}

fn read_cases() -> Vec<Case> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pkits/expected.tsv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (id, title, settings, expect, also, why, user_set) = (
        col("id"),
        col("title"),
        col("settings"),
        col("expect"),
        col("also"),
        col("revocation_why"),
        col("user_set"),
    );
    let opt = |s: &str| (s != "-").then(|| s.to_string());
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            assert_eq!(f.len(), header.len(), "{line}");
            let mut s = Settings::default();
            let mut words = f[settings].split_whitespace();
            while let Some(word) = words.next() {
                match word {
                    "-" => {}
                    "--policy" => s.initial_policies.push(nist(words.next().unwrap())),
                    "--require-explicit-policy" => s.require_explicit_policy = true,
                    "--inhibit-policy-mapping" => s.inhibit_policy_mapping = true,
                    "--inhibit-any-policy" => s.inhibit_any_policy = true,
                    other => panic!("unknown setting {other} in {line}"),
                }
            }
            Case {
                id: f[id].to_string(),
                title: f[title].to_string(),
                settings: s,
                expect: f[expect].to_string(),
                also: opt(f[also]),
                revocation_why: opt(f[why]),
                user_set: opt(f[user_set]).map(|set| match set.as_str() {
                    "<empty>" => BTreeSet::new(),
                    set => set.split(':').map(nist).collect(),
                }),
            }
        })
        .collect()
}

/// The DER of the PKCS#7 signature part of an S/MIME message.
fn signature_part(eml: &str) -> Vec<u8> {
    let mut in_headers = false;
    let mut found = false;
    let mut body = String::new();
    for line in eml.lines() {
        let lower = line.to_ascii_lowercase();
        if lower.starts_with("content-type:")
            && (lower.contains("pkcs7-signature") || lower.contains("pkcs7-mime"))
            && !lower.contains("multipart/")
        {
            found = true;
            in_headers = true;
            continue;
        }
        if found && in_headers {
            if line.trim().is_empty() {
                in_headers = false;
            }
            continue;
        }
        if found {
            if line.starts_with("--") || (line.trim().is_empty() && !body.is_empty()) {
                break;
            }
            body.push_str(line.trim());
        }
    }
    assert!(found, "no application/pkcs7-signature part");
    base64::engine::general_purpose::STANDARD
        .decode(body)
        .unwrap()
}

/// One DER element: (tag, the whole element, its content, what follows).
fn tlv(input: &[u8]) -> (u8, &[u8], &[u8], &[u8]) {
    let tag = input[0];
    let first = input[1] as usize;
    let (len, header) = if first < 0x80 {
        (first, 2)
    } else {
        let n = first & 0x7f;
        let len = input[2..2 + n]
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | *b as usize);
        (len, 2 + n)
    };
    (
        tag,
        &input[..header + len],
        &input[header..header + len],
        &input[header + len..],
    )
}

/// The signer of a SignedData: the DER of issuerAndSerialNumber's issuer Name and the
/// serial number's content octets.
fn signer(p7: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let (_, _, content_info, _) = tlv(p7);
    let (_, _, _, rest) = tlv(content_info); // contentType
    let (_, _, explicit, _) = tlv(rest);
    let (_, _, signed_data, _) = tlv(explicit);
    let mut rest = signed_data;
    loop {
        let (tag, _, content, after) = tlv(rest);
        rest = after;
        // signerInfos is the last field, a SET after version, digestAlgorithms (a SET too),
        // encapContentInfo and the optional [0] and [1].
        if tag == 0x31 && after.is_empty() {
            let (_, _, signer_info, _) = tlv(content);
            let (_, _, _, sid) = tlv(signer_info); // version
            let (tag, _, issuer_and_serial, _) = tlv(sid);
            assert_eq!(tag, 0x30, "the signer is named by issuerAndSerialNumber");
            let (_, issuer, _, serial) = tlv(issuer_and_serial);
            let (_, _, serial, _) = tlv(serial);
            return (issuer.to_vec(), serial.to_vec());
        }
    }
}

/// One PKITS message, read as `chainlens verify` reads a `.p7b`.
struct Message {
    loaded: Loaded,
    /// The signer's certificate among `loaded.certificates`.
    end_entity: usize,
}

fn read_message(dir: &Path, title: &str) -> Result<Message, String> {
    let file: String = title.chars().filter(|c| *c != ' ' && *c != '-').collect();
    let path = dir.join(format!("smime/Signed{file}.eml"));
    let eml = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let p7 = signature_part(&eml);
    let (issuer, serial) = signer(&p7);
    let ders = chainlens::ingest::ingest_bytes(&p7)
        .map_err(|e| format!("{e:#}"))?
        .certificates;
    let end_entity = ders
        .iter()
        .position(|der| {
            let (_, cert) = x509_parser::parse_x509_certificate(der).unwrap();
            cert.tbs_certificate.issuer.as_raw() == issuer.as_slice()
                && cert.tbs_certificate.raw_serial() == serial.as_slice()
        })
        .ok_or_else(|| "the signer's certificate is not in the message".to_string())?;
    let loaded =
        chainlens::load::load_blocking(SourceSpec::Paste(p7)).map_err(|e| format!("{e:#}"))?;
    Ok(Message { loaded, end_entity })
}

fn policy(settings: &Settings) -> Result<Policy, String> {
    let time =
        time::OffsetDateTime::parse(AT, &time::format_description::well_known::Rfc3339).unwrap();
    let mut policy = Policy {
        profile: Profile::Rfc5280,
        purpose: Purpose::Server,
        ..Policy::at(time)
    };
    apply_settings(&mut policy, settings)?;
    Ok(policy)
}

/// Verifies one case through the pipeline `chainlens verify` runs; the verdict's JSON.
fn verify(message: &Message, store: &TrustStore, settings: &Settings) -> Result<Value, String> {
    // The signer is the target of RFC 5280 path validation whatever its basicConstraints
    // say (4.6.8, 4.6.14 and others sign with a CA certificate): the purpose is named, as
    // `--purpose server` names it, so the purpose rule does not check it as a CA.
    let options = pipeline::Options {
        policy: policy(settings)?,
        purpose_named: true,
    };
    let input = pipeline::input(&message.loaded, Some(message.end_entity), Vec::new());
    let online = pipeline::Online {
        options: OnlineOptions {
            revocation: false,
            strict: true,
            aia: false,
            timeout_secs: chainlens::fetch::http::DEFAULT_HTTP_TIMEOUT_SECS,
        },
        crls: message.loaded.crls.clone(),
    };
    let inspection =
        pipeline::inspect_blocking(input, std::slice::from_ref(store), &options, Some(&online));
    let json = chainlens::report::json::inspection_value(&inspection);
    Ok(json["verdicts"][0].clone())
}

/// What a verdict says: `valid`, or its failure code.
fn outcome(verdict: &Value) -> String {
    if verdict["trusted"] == true {
        "valid".to_string()
    } else {
        verdict["code"].as_str().unwrap_or("error").to_string()
    }
}

/// The problems a `revocation_unknown` failure names (`crl_rejected`, `no_evidence`, …).
fn revocation_problems(verdict: &Value) -> Vec<String> {
    verdict["failure"]["problems"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .filter_map(|p| p["problem"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// How far an outcome is from the case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Miss {
    /// Valid where invalid is expected, or the reverse (or no verdict at all).
    Verdict,
    /// The right verdict for another reason: the failure code, why revocation is unknown,
    /// or the user-constrained policy set.
    Detail,
}

/// Judges one outcome: None when it agrees with the case, else how and why not.
fn judge(case: &Case, verdict: &Value) -> Option<(Miss, String)> {
    let got = outcome(verdict);
    let accepted = got == case.expect || case.also.as_deref() == Some(got.as_str());
    if !accepted {
        let reason = verdict["reason"].as_str().unwrap_or_default();
        let expected_valid = case.expect == "valid" || case.also.as_deref() == Some("valid");
        let miss = if (got == "valid") == expected_valid {
            Miss::Detail
        } else {
            Miss::Verdict
        };
        return Some((
            miss,
            format!("expected {}, got {got}: {reason}", case.expect),
        ));
    }
    if got == "revocation_unknown" {
        let problems = revocation_problems(verdict);
        if problems.is_empty() {
            return Some((
                Miss::Detail,
                "revocation_unknown without a word on why no CRL decided".to_string(),
            ));
        }
        if let Some(why) = &case.revocation_why
            && !problems.contains(why)
        {
            return Some((
                Miss::Detail,
                format!("revocation_unknown should name {why}, names {problems:?}"),
            ));
        }
    }
    None
}

/// What a run of the cases found.
#[derive(Default)]
struct Score {
    /// Each case that disagrees: how, and `id title [settings]: why`.
    mismatches: Vec<(Miss, String)>,
    /// Valid cases whose user-constrained policy set the table gives…
    sets_given: usize,
    /// …and how many of those the verdict reported, so they were compared.
    sets_compared: usize,
}

/// Runs `cases` against the PKITS data in `dir`.
fn run_cases(cases: &[Case], dir: &Path) -> Score {
    let store = TrustStore::from_file(&dir.join("certs/TrustAnchorRootCertificate.crt")).unwrap();
    let mut messages: BTreeMap<String, Result<Message, String>> = BTreeMap::new();
    let mut score = Score::default();
    for case in cases {
        let name = format!(
            "{} {}{}",
            case.id,
            case.title,
            if case.settings.is_default() {
                String::new()
            } else {
                format!(" [{}]", case.settings.cli_args().join(" "))
            }
        );
        let message = messages
            .entry(case.title.clone())
            .or_insert_with(|| read_message(dir, &case.title));
        let verdict = match message {
            Ok(message) => verify(message, &store, &case.settings),
            Err(e) => Err(e.clone()),
        };
        let verdict = match verdict {
            Ok(v) => v,
            Err(e) => {
                score
                    .mismatches
                    .push((Miss::Verdict, format!("{name}: {e}")));
                continue;
            }
        };
        if let Some((miss, why)) = judge(case, &verdict) {
            score.mismatches.push((miss, format!("{name}: {why}")));
            continue;
        }
        if let (Some(want), true) = (&case.user_set, verdict["trusted"] == true) {
            score.sets_given += 1;
            if let Some(got) = reported_user_set(&verdict) {
                score.sets_compared += 1;
                if &got != want {
                    score.mismatches.push((
                        Miss::Detail,
                        format!("{name}: user-constrained policy set {got:?}, expected {want:?}"),
                    ));
                }
            }
        }
    }
    score
}

#[test]
fn every_pkits_case_gets_its_expected_verdict() {
    let dir = data_dir();
    let cases = read_cases();
    assert_eq!(cases.len(), 257, "expected.tsv lost or gained rows");
    let score = run_cases(&cases, &dir);
    let total = cases.len();
    let agree = total - score.mismatches.len();
    let verdicts_agree = total
        - score
            .mismatches
            .iter()
            .filter(|(miss, _)| *miss == Miss::Verdict)
            .count();
    let summary = format!(
        "PKITS: agree {agree}/{total} (verdict and reason; on the verdict alone \
         {verdicts_agree}/{total}). The disputed 4.4.8, 4.4.9 and 4.14.30 accept either \
         documented outcome; user-constrained policy sets compared on {} of the {} valid \
         cases that list one.",
        score.sets_compared, score.sets_given
    );
    println!("{summary}");
    let listed: Vec<String> = score
        .mismatches
        .iter()
        .map(|(miss, text)| match miss {
            Miss::Verdict => format!("VERDICT {text}"),
            Miss::Detail => format!("reason  {text}"),
        })
        .collect();
    assert_eq!(
        score.sets_compared, score.sets_given,
        "{summary}\nevery valid case that lists a user-constrained policy set must report one"
    );
    assert!(
        listed.is_empty(),
        "{summary}\n{} mismatches:\n  {}",
        listed.len(),
        listed.join("\n  ")
    );
}

/// A few cases through the real `chainlens verify`, files and flags as a user gives them:
/// the same verdicts as the library run above.
#[test]
fn a_handful_of_pkits_cases_through_the_cli() {
    let dir = data_dir();
    let cases = read_cases();
    let picked = [
        "4.1.1", "4.1.2", "4.3.1", "4.4.1", "4.4.3", "4.4.8", "4.6.5", "4.13.2", "4.8.1.3",
        "4.12.3.2",
    ];
    let tmp = tempfile::tempdir().unwrap();
    let ta = dir.join("certs/TrustAnchorRootCertificate.crt");
    let mut mismatches = Vec::new();
    for id in picked {
        let case = cases.iter().find(|c| c.id == id).unwrap();
        let message = read_message(&dir, &case.title).unwrap();
        // The leaf in its own file, the whole message's SignedData as an --untrusted .p7b:
        // its CRLs come with it.
        let leaf = tmp.path().join(format!("{id}-ee.pem"));
        let cert = &message.loaded.certificates[message.end_entity];
        std::fs::write(
            &leaf,
            pem::encode(&pem::Pem::new("CERTIFICATE", cert.der.clone())),
        )
        .unwrap();
        let eml = std::fs::read_to_string(dir.join(format!(
            "smime/Signed{}.eml",
            case.title.replace([' ', '-'], "")
        )))
        .unwrap();
        let bundle = tmp.path().join(format!("{id}.p7b"));
        std::fs::write(&bundle, signature_part(&eml)).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_chainlens"))
            .args([
                "verify",
                "--json",
                "--profile",
                "rfc5280",
                "--revocation-strict",
                "--purpose",
                "server",
                "--at",
                AT,
            ])
            .arg("--trust")
            .arg(&ta)
            .arg("--untrusted")
            .arg(&bundle)
            .args(case.settings.cli_args())
            .arg(&leaf)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let Ok(json) = serde_json::from_slice::<Value>(&out.stdout) else {
            mismatches.push(format!(
                "{id} {}: exit {:?}: {stderr}",
                case.title,
                out.status.code()
            ));
            continue;
        };
        let verdict = &json["verdicts"][0];
        let trusted_exit = out.status.code() == Some(0);
        if trusted_exit != (verdict["trusted"] == true) {
            mismatches.push(format!(
                "{id}: exit {:?} but JSON trusted {}",
                out.status.code(),
                verdict["trusted"]
            ));
        }
        if let Some((_, why)) = judge(case, verdict) {
            mismatches.push(format!("{id} {}: {why}", case.title));
        }
    }
    let failed: BTreeSet<&str> = mismatches
        .iter()
        .filter_map(|m| m.split(' ').next())
        .collect();
    assert!(
        mismatches.is_empty(),
        "through the CLI: agree {}/{}:\n  {}",
        picked.len() - failed.len(),
        picked.len(),
        mismatches.join("\n  ")
    );
}
