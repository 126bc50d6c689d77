//! The generated chains of the device proving ground (`tests/devices/`): seeded, deterministic
//! mutations of a root → intermediate → leaf chain, each written as the server would send it,
//! for the real device TLS libraries and chainlens to judge side by side.
//!
//! One generator serves both the integration test (a 300-chain sample) and
//! `benches/devices.sh` (2,000 chains and more, through `examples/device_corpus.rs`), so the
//! test and the measurement always see the same cases for the same seed.
//!
//! Keys come from the fixed pool in `tests/devices/keys/` (generated once with `openssl
//! genpkey`), serial numbers from the seed: the same seed gives the same certificates, byte for
//! byte, except ECDSA signatures (random by nature). RSA-1024 keys and SHA-1 signatures, which
//! aws-lc-rs refuses to make, are signed by the `openssl` command line.
//!
//! Layout of a corpus directory: `manifest.tsv`, one line per case
//! (`id  kind  host  unix-time  chain-count  anchor-count`), and per case `cases/<id>/` with
//! `chain.pem` (as sent, leaf first), `anchors.pem`, and the same certificates as DER files
//! `c0.der`, `c1.der`, … and `a0.der`, … for the C programs. Nothing says what the verdict
//! should be: the libraries say it.

use std::fmt::Write as _;
use std::io::Write as _;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use rcgen::{
    CertificateParams, CidrSubnet, CustomExtension, DistinguishedName, DnType, DnValue,
    ExtendedKeyUsagePurpose, GeneralSubtree, IsCa, Issuer, KeyIdMethod, KeyPair, KeyUsagePurpose,
    NameConstraints, PublicKeyData, SanType, SignatureAlgorithm, SigningKey,
};
use sha1::Digest as _;
use time::OffsetDateTime;

/// The validation time of every case: 2026-06-01T12:00:00Z. One instant for the whole corpus,
/// so that the stacks without a time hook run all cases in one `faketime` process.
pub const VALIDATION_TIME: i64 = 1_780_315_200;

/// The default host name every leaf is issued for.
pub const HOST: &str = "device.example.com";
const IP_HOST: &str = "192.0.2.10";

/// Every mutation kind, in the order the generator cycles through them.
pub const KINDS: &[&str] = &[
    "valid",
    "valid_ca_false_leaf",
    "name_issuer_case",
    "name_issuer_whitespace",
    "name_issuer_printable_vs_utf8",
    "name_issuer_mismatch",
    "san_wildcard",
    "san_wildcard_deep",
    "san_wildcard_partial",
    "san_ip",
    "san_ip_as_dns",
    "cn_only_leaf",
    "cn_only_ip",
    "cn_ne_san",
    "san_mismatch",
    "san_uppercase",
    "eku_missing",
    "eku_client_only",
    "eku_any",
    "int_eku_client_only",
    "int_eku_server",
    "leaf_ku_cert_sign_only",
    "leaf_ku_key_encipherment_only",
    "leaf_ku_missing_digital_signature",
    "int_bc_missing",
    "int_bc_ca_false",
    "int_bc_not_critical",
    "leaf_is_ca",
    "int_ku_no_cert_sign",
    "pathlen_zero_exceeded",
    "pathlen_root_zero",
    "pathlen_ok",
    "nc_permitted_dns_ok",
    "nc_permitted_dns_violation",
    "nc_excluded_dns",
    "nc_permitted_ip",
    "nc_permitted_dn_violation",
    "nc_permitted_dn_ok",
    "nc_permitted_dn_printable",
    "nc_cn_only_leaf",
    "nc_noncritical_violation",
    "alg_rsa1024_leaf",
    "alg_rsa1024_int",
    "alg_rsa4096",
    "alg_p384",
    "alg_ed25519_leaf",
    "alg_ed25519_chain",
    "alg_sha1_leaf",
    "alg_sha1_int",
    "aki_missing",
    "ski_missing",
    "aki_mismatch",
    "leaf_expired",
    "leaf_not_yet_valid",
    "leaf_expires_at_time",
    "int_expired",
    "anchor_expired",
    "order_reversed",
    "order_extra_unrelated",
    "order_duplicate",
    "order_decoy",
    "order_cross_signed",
    "order_missing_int",
    "order_root_included",
    "order_extra_end",
    "chain_long",
    "anchor_rsa1024",
    "anchor_no_key_cert_sign",
    "anchor_is_int",
];

/// One generated case, as written to the manifest.
#[derive(Clone, Debug)]
pub struct CaseInfo {
    /// `NNNNN-kind`, unique in the corpus.
    pub id: String,
    /// The mutation kind, one of [`KINDS`].
    pub kind: String,
    /// The host name (or IP address) the client expects.
    pub host: String,
}

/// Writes `count` cases generated from `seed` into `dir` (created), with `manifest.tsv`.
pub fn write_corpus(dir: &Path, count: usize, seed: u64) -> anyhow::Result<Vec<CaseInfo>> {
    let pool = KeyPool::load()?;
    std::fs::create_dir_all(dir.join("cases"))?;
    let mut manifest = String::new();
    let mut infos = Vec::new();
    for index in 0..count {
        let kind = KINDS[index % KINDS.len()];
        let mut rng = Rng(seed ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let case = build_case(kind, &mut rng, &pool)?;
        let id = format!("{index:05}-{kind}");
        let (sent, anchors) = render(&case, &pool, seed.wrapping_add(index as u64))?;
        let case_dir = dir.join("cases").join(&id);
        std::fs::create_dir_all(&case_dir)?;
        write_certs(&case_dir, "c", "chain.pem", &sent)?;
        write_certs(&case_dir, "a", "anchors.pem", &anchors)?;
        writeln!(
            manifest,
            "{id}\t{kind}\t{}\t{VALIDATION_TIME}\t{}\t{}",
            case.host,
            sent.len(),
            anchors.len()
        )?;
        infos.push(CaseInfo {
            id,
            kind: kind.to_owned(),
            host: case.host.clone(),
        });
    }
    std::fs::write(dir.join("manifest.tsv"), manifest)?;
    Ok(infos)
}

fn write_certs(dir: &Path, prefix: &str, pem_name: &str, ders: &[Vec<u8>]) -> anyhow::Result<()> {
    let mut pem_text = String::new();
    for (i, der) in ders.iter().enumerate() {
        std::fs::write(dir.join(format!("{prefix}{i}.der")), der)?;
        pem_text.push_str(&pem::encode(&pem::Pem::new("CERTIFICATE", der.clone())));
    }
    std::fs::write(dir.join(pem_name), pem_text)?;
    Ok(())
}

/// splitmix64: small, seeded, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

// --- keys ----------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq)]
enum Alg {
    Rsa1024,
    Rsa2048,
    Rsa4096,
    P256,
    P384,
    Ed25519,
}

impl Alg {
    fn file_prefix(self) -> (&'static str, usize) {
        match self {
            Alg::Rsa1024 => ("rsa1024", 3),
            Alg::Rsa2048 => ("rsa2048", 10),
            Alg::Rsa4096 => ("rsa4096", 2),
            Alg::P256 => ("p256", 10),
            Alg::P384 => ("p384", 3),
            Alg::Ed25519 => ("ed25519", 3),
        }
    }
    fn is_rsa(self) -> bool {
        matches!(self, Alg::Rsa1024 | Alg::Rsa2048 | Alg::Rsa4096)
    }
}

/// A pool key: aws-lc-rs signs with it, except RSA-1024, which the `openssl` command signs.
struct PoolKey {
    path: PathBuf,
    native: Option<KeyPair>,
    /// RSA-1024 only: the RSAPublicKey DER (the SPKI's bit string).
    legacy_public: Vec<u8>,
    rsa: bool,
}

impl PublicKeyData for PoolKey {
    fn der_bytes(&self) -> &[u8] {
        match &self.native {
            Some(k) => k.der_bytes(),
            None => &self.legacy_public,
        }
    }
    fn algorithm(&self) -> &'static SignatureAlgorithm {
        match &self.native {
            Some(k) => k.algorithm(),
            None => &rcgen::PKCS_RSA_SHA256,
        }
    }
}

impl SigningKey for PoolKey {
    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, rcgen::Error> {
        match &self.native {
            Some(k) => k.sign(msg),
            None => {
                openssl_sign(&self.path, "-sha256", msg).map_err(|_| rcgen::Error::RemoteKeyError)
            }
        }
    }
}

fn openssl_sign(key: &Path, digest: &str, msg: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut child = Command::new("openssl")
        .args(["dgst", digest, "-sign"])
        .arg(key)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    child
        .stdin
        .take()
        .ok_or_else(|| anyhow::anyhow!("no stdin"))?
        .write_all(msg)?;
    let out = child.wait_with_output()?;
    anyhow::ensure!(
        out.status.success(),
        "openssl dgst -sign {} failed",
        key.display()
    );
    Ok(out.stdout)
}

struct KeyPool {
    keys: Vec<(Alg, Vec<PoolKey>)>,
}

impl KeyPool {
    fn load() -> anyhow::Result<Self> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/devices/keys");
        let mut keys = Vec::new();
        for alg in [
            Alg::Rsa1024,
            Alg::Rsa2048,
            Alg::Rsa4096,
            Alg::P256,
            Alg::P384,
            Alg::Ed25519,
        ] {
            let (prefix, n) = alg.file_prefix();
            let mut list = Vec::new();
            for i in 0..n {
                let path = dir.join(format!("{prefix}-{i}.pem"));
                let pem_text = std::fs::read_to_string(&path)?;
                let sign_alg: &'static SignatureAlgorithm = match alg {
                    Alg::Rsa2048 | Alg::Rsa4096 | Alg::Rsa1024 => &rcgen::PKCS_RSA_SHA256,
                    Alg::P256 => &rcgen::PKCS_ECDSA_P256_SHA256,
                    Alg::P384 => &rcgen::PKCS_ECDSA_P384_SHA384,
                    Alg::Ed25519 => &rcgen::PKCS_ED25519,
                };
                let (native, legacy_public) = if alg == Alg::Rsa1024 {
                    let out = Command::new("openssl")
                        .args(["pkey", "-pubout", "-outform", "DER", "-in"])
                        .arg(&path)
                        .output()?;
                    let (_, spki) = <x509_parser::x509::SubjectPublicKeyInfo as x509_parser::prelude::FromDer<_>>::from_der(&out.stdout)
                        .map_err(|e| anyhow::anyhow!("{e}"))?;
                    (None, spki.subject_public_key.data.to_vec())
                } else {
                    (
                        Some(KeyPair::from_pkcs8_pem_and_sign_algo(&pem_text, sign_alg)?),
                        Vec::new(),
                    )
                };
                list.push(PoolKey {
                    path,
                    native,
                    legacy_public,
                    rsa: alg.is_rsa(),
                });
            }
            keys.push((alg, list));
        }
        Ok(Self { keys })
    }

    fn get(&self, id: KeyId) -> &PoolKey {
        let list = &self.keys.iter().find(|(a, _)| *a == id.0).unwrap().1;
        &list[id.1 % list.len()]
    }
}

#[derive(Clone, Copy, Debug)]
struct KeyId(Alg, usize);

// --- case description ----------------------------------------------------------------------

/// One certificate to make: its parameters, its key, and who signs it.
struct CertSpec {
    params: CertificateParams,
    key: KeyId,
    /// Index of the issuer in the case's list; `None` is self-signed.
    issuer: Option<usize>,
    /// The issuer name written into this certificate, when it differs from the issuer's subject.
    issuer_name: Option<DistinguishedName>,
    /// The authority key identifier written, when it differs from the issuer's.
    issuer_kid: Option<Vec<u8>>,
    /// Re-sign with SHA-1 (RSA issuers only).
    sha1: bool,
}

struct Case {
    host: String,
    certs: Vec<CertSpec>,
    sent: Vec<usize>,
    anchors: Vec<usize>,
}

const ROOT: usize = 0;
const INT: usize = 1;
const LEAF: usize = 2;

fn date(y: i32, m: u8, d: u8) -> OffsetDateTime {
    rcgen::date_time_ymd(y, m, d)
}

fn dn(cn: &str) -> DistinguishedName {
    let mut name = DistinguishedName::new();
    name.push(DnType::OrganizationName, "Chainlens Device Lab");
    name.push(DnType::CommonName, cn);
    name
}

/// RFC 5280 §4.2.1.2 method (1), what most CAs write: the SHA-1 of the subjectPublicKey bits.
/// Stacks that match an issuer without a subjectKeyIdentifier compute it this way (wolfSSL
/// does), so any other method would make "SKI missing" an unfindable issuer.
fn key_id(pool: &KeyPool, key: KeyId) -> Vec<u8> {
    let pk = pool.get(key);
    sha1::Sha1::digest(pk.der_bytes()).to_vec()
}

fn bc_ext(ca: bool, path_len: Option<u8>, critical: bool) -> CustomExtension {
    let content = match (ca, path_len) {
        (false, _) => vec![0x30, 0x00],
        (true, None) => vec![0x30, 0x03, 0x01, 0x01, 0xFF],
        (true, Some(n)) => vec![0x30, 0x06, 0x01, 0x01, 0xFF, 0x02, 0x01, n],
    };
    let mut ext = CustomExtension::from_oid_content(&[2, 5, 29, 19], content);
    ext.set_criticality(critical);
    ext
}

/// A DER TLV with a short length (every use here is under 128 bytes).
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    assert!(content.len() < 128);
    let mut out = vec![tag, content.len() as u8];
    out.extend_from_slice(content);
    out
}

/// A critical nameConstraints permitting the directory subtree `O=organization`, its value
/// with the given string tag (0x0C UTF8String, 0x13 PrintableString). Encoded here because
/// rcgen 0.14 writes a directoryName subtree without its RDNSequence.
fn dn_constraint(string_tag: u8, organization: &str) -> CustomExtension {
    let attribute = tlv(
        0x30,
        &[
            tlv(0x06, &[0x55, 0x04, 0x0A]),
            tlv(string_tag, organization.as_bytes()),
        ]
        .concat(),
    );
    let name = tlv(0x30, &tlv(0x31, &attribute));
    let subtree = tlv(0x30, &tlv(0xA4, &name));
    let content = tlv(0x30, &tlv(0xA0, &subtree));
    let mut ext = CustomExtension::from_oid_content(&[2, 5, 29, 30], content);
    ext.set_criticality(true);
    ext
}

/// A nameConstraints permitting one DNS subtree, with the criticality given.
fn dns_constraint(dns: &str, critical: bool) -> CustomExtension {
    let subtree = tlv(0x30, &tlv(0x82, dns.as_bytes()));
    let content = tlv(0x30, &tlv(0xA0, &subtree));
    let mut ext = CustomExtension::from_oid_content(&[2, 5, 29, 30], content);
    ext.set_criticality(critical);
    ext
}

fn ski_ext(kid: &[u8]) -> CustomExtension {
    let mut content = vec![0x04, kid.len() as u8];
    content.extend_from_slice(kid);
    CustomExtension::from_oid_content(&[2, 5, 29, 14], content)
}

fn ca_spec(
    pool: &KeyPool,
    cn: &str,
    key: KeyId,
    issuer: Option<usize>,
    years: (i32, i32),
) -> CertSpec {
    let mut params = CertificateParams::default();
    params.distinguished_name = dn(cn);
    params.not_before = date(years.0, 1, 1);
    params.not_after = date(years.1, 1, 1);
    params.is_ca = IsCa::NoCa;
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let kid = key_id(pool, key);
    params.custom_extensions = vec![bc_ext(true, None, true), ski_ext(&kid)];
    params.key_identifier_method = KeyIdMethod::PreSpecified(kid);
    params.use_authority_key_identifier_extension = issuer.is_some();
    CertSpec {
        params,
        key,
        issuer,
        issuer_name: None,
        issuer_kid: None,
        sha1: false,
    }
}

fn leaf_spec(pool: &KeyPool, host: &str, key: KeyId, issuer: usize) -> CertSpec {
    let mut params = CertificateParams::default();
    params.distinguished_name = dn(host);
    params.not_before = date(2026, 1, 1);
    params.not_after = date(2027, 1, 1);
    params.subject_alt_names = vec![san(host)];
    params.key_usages = if pool.get(key).rsa {
        vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::KeyEncipherment,
        ]
    } else {
        vec![KeyUsagePurpose::DigitalSignature]
    };
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.key_identifier_method = KeyIdMethod::PreSpecified(key_id(pool, key));
    params.use_authority_key_identifier_extension = true;
    CertSpec {
        params,
        key,
        issuer: Some(issuer),
        issuer_name: None,
        issuer_kid: None,
        sha1: false,
    }
}

fn san(name: &str) -> SanType {
    match name.parse::<IpAddr>() {
        Ok(ip) => SanType::IpAddress(ip),
        Err(_) => SanType::DnsName(name.try_into().unwrap()),
    }
}

fn printable(s: &str) -> DnValue {
    DnValue::PrintableString(s.try_into().unwrap())
}

/// The chain every kind starts from, its keys chosen by the seed among four palettes.
fn base(rng: &mut Rng, pool: &KeyPool) -> Case {
    let o = rng.below(10);
    let (r, i, l) = match rng.below(4) {
        0 => (Alg::Rsa2048, Alg::Rsa2048, Alg::Rsa2048),
        1 => (Alg::P256, Alg::P256, Alg::P256),
        2 => (Alg::Rsa2048, Alg::P256, Alg::P256),
        _ => (Alg::P384, Alg::P256, Alg::Rsa2048),
    };
    let root = ca_spec(pool, "Device Lab Root CA", KeyId(r, o), None, (2020, 2045));
    let int = ca_spec(
        pool,
        "Device Lab Issuing CA",
        KeyId(i, o + 1),
        Some(ROOT),
        (2021, 2040),
    );
    let leaf = leaf_spec(pool, HOST, KeyId(l, o + 2), INT);
    Case {
        host: HOST.to_owned(),
        certs: vec![root, int, leaf],
        sent: vec![LEAF, INT],
        anchors: vec![ROOT],
    }
}

/// The first pool key of `alg` from index `start` on that no certificate of the case uses yet,
/// so that a decoy or a new CA never shares a key with another certificate by accident.
fn fresh(c: &Case, alg: Alg, start: usize) -> KeyId {
    let n = alg.file_prefix().1;
    let used = |i: usize| {
        c.certs
            .iter()
            .any(|s| s.key.0 == alg && s.key.1 % n == i % n)
    };
    (start..start + n)
        .find(|&i| !used(i))
        .map_or(KeyId(alg, start), |i| KeyId(alg, i))
}

/// Replaces a certificate's key (and the key identifiers that follow from it) with a key of
/// the same algorithm as `key` that no other certificate of the case uses.
fn rekey(c: &mut Case, pool: &KeyPool, which: usize, key: KeyId) {
    let key = fresh(c, key.0, key.1);
    let kid = key_id(pool, key);
    let spec = &mut c.certs[which];
    spec.key = key;
    spec.params.key_identifier_method = KeyIdMethod::PreSpecified(kid.clone());
    for ext in &mut spec.params.custom_extensions {
        if ext.oid_components().collect::<Vec<_>>() == [2, 5, 29, 14] {
            *ext = ski_ext(&kid);
        }
    }
    if which == LEAF {
        spec.params.key_usages = if pool.get(key).rsa {
            vec![
                KeyUsagePurpose::DigitalSignature,
                KeyUsagePurpose::KeyEncipherment,
            ]
        } else {
            vec![KeyUsagePurpose::DigitalSignature]
        };
    }
}

fn set_bc(spec: &mut CertSpec, ext: Option<CustomExtension>) {
    spec.params
        .custom_extensions
        .retain(|e| e.oid_components().collect::<Vec<_>>() != [2, 5, 29, 19]);
    if let Some(ext) = ext {
        spec.params.custom_extensions.push(ext);
    }
}

fn build_case(kind: &str, rng: &mut Rng, pool: &KeyPool) -> anyhow::Result<Case> {
    let mut c = base(rng, pool);
    let o = rng.below(10);
    let leaf = LEAF;
    match kind {
        "valid" => {}
        "valid_ca_false_leaf" => set_bc(&mut c.certs[leaf], Some(bc_ext(false, None, true))),
        "name_issuer_case" => {
            c.certs[leaf].issuer_name = Some(dn("DEVICE LAB ISSUING CA"));
        }
        "name_issuer_whitespace" => {
            c.certs[leaf].issuer_name = Some(dn("Device  Lab Issuing CA "));
        }
        "name_issuer_printable_vs_utf8" => {
            let mut name = DistinguishedName::new();
            name.push(DnType::OrganizationName, printable("Chainlens Device Lab"));
            name.push(DnType::CommonName, printable("Device Lab Issuing CA"));
            c.certs[leaf].issuer_name = Some(name);
        }
        "name_issuer_mismatch" => c.certs[leaf].issuer_name = Some(dn("Another Issuing CA")),
        "san_wildcard" => {
            c.certs[leaf].params.subject_alt_names = vec![san("*.example.com")];
        }
        "san_wildcard_deep" => {
            c.host = "a.device.example.com".into();
            c.certs[leaf].params.subject_alt_names = vec![san("*.example.com")];
        }
        "san_wildcard_partial" => {
            c.certs[leaf].params.subject_alt_names = vec![san("dev*.example.com")];
        }
        "san_ip" => {
            c.host = IP_HOST.into();
            c.certs[leaf].params.subject_alt_names = vec![san(IP_HOST)];
        }
        "san_ip_as_dns" => {
            c.host = IP_HOST.into();
            c.certs[leaf].params.subject_alt_names = vec![SanType::DnsName(IP_HOST.try_into()?)];
        }
        "cn_only_leaf" => c.certs[leaf].params.subject_alt_names.clear(),
        "cn_only_ip" => {
            c.host = IP_HOST.into();
            c.certs[leaf].params.distinguished_name = dn(IP_HOST);
            c.certs[leaf].params.subject_alt_names.clear();
        }
        "cn_ne_san" => {
            c.certs[leaf].params.subject_alt_names = vec![san("other.example.com")];
        }
        "san_mismatch" => {
            c.certs[leaf].params.distinguished_name = dn("other.example.com");
            c.certs[leaf].params.subject_alt_names = vec![san("other.example.com")];
        }
        "san_uppercase" => {
            c.certs[leaf].params.subject_alt_names = vec![san("DEVICE.Example.COM")];
        }
        "eku_missing" => c.certs[leaf].params.extended_key_usages.clear(),
        "eku_client_only" => {
            c.certs[leaf].params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
        }
        "eku_any" => c.certs[leaf].params.extended_key_usages = vec![ExtendedKeyUsagePurpose::Any],
        "int_eku_client_only" => {
            c.certs[INT].params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
        }
        "int_eku_server" => {
            c.certs[INT].params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        }
        "leaf_ku_cert_sign_only" => {
            c.certs[leaf].params.key_usages = vec![KeyUsagePurpose::KeyCertSign];
        }
        "leaf_ku_key_encipherment_only" => {
            c.certs[leaf].params.key_usages = vec![KeyUsagePurpose::KeyEncipherment];
        }
        "leaf_ku_missing_digital_signature" => {
            c.certs[leaf].params.key_usages = vec![KeyUsagePurpose::KeyAgreement];
        }
        "int_bc_missing" => set_bc(&mut c.certs[INT], None),
        "int_bc_ca_false" => set_bc(&mut c.certs[INT], Some(bc_ext(false, None, true))),
        "int_bc_not_critical" => set_bc(&mut c.certs[INT], Some(bc_ext(true, None, false))),
        "leaf_is_ca" => set_bc(&mut c.certs[leaf], Some(bc_ext(true, None, true))),
        "int_ku_no_cert_sign" => {
            c.certs[INT].params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        }
        "pathlen_zero_exceeded" | "pathlen_ok" => {
            let n = if kind == "pathlen_ok" { 1 } else { 0 };
            set_bc(&mut c.certs[INT], Some(bc_ext(true, Some(n), true)));
            let alg = c.certs[INT].key.0;
            let mut int2 = ca_spec(
                pool,
                "Device Lab Sub CA",
                fresh(&c, alg, o + 5),
                Some(INT),
                (2021, 2040),
            );
            int2.params.use_authority_key_identifier_extension = true;
            c.certs.push(int2);
            c.certs[leaf].issuer = Some(3);
            c.sent = vec![LEAF, 3, INT];
        }
        "pathlen_root_zero" => {
            set_bc(&mut c.certs[ROOT], Some(bc_ext(true, Some(0), true)));
            let alg = c.certs[INT].key.0;
            c.certs.push(ca_spec(
                pool,
                "Device Lab Sub CA",
                fresh(&c, alg, o + 5),
                Some(INT),
                (2021, 2040),
            ));
            c.certs[leaf].issuer = Some(3);
            c.sent = vec![LEAF, 3, INT];
        }
        "nc_permitted_dns_ok" | "nc_permitted_dns_violation" | "nc_excluded_dns" => {
            let sub = GeneralSubtree::DnsName(
                if kind == "nc_permitted_dns_violation" {
                    "example.net"
                } else {
                    "example.com"
                }
                .into(),
            );
            let nc = if kind == "nc_excluded_dns" {
                NameConstraints {
                    permitted_subtrees: vec![],
                    excluded_subtrees: vec![sub],
                }
            } else {
                NameConstraints {
                    permitted_subtrees: vec![sub],
                    excluded_subtrees: vec![],
                }
            };
            c.certs[INT].params.name_constraints = Some(nc);
        }
        "nc_permitted_ip" => {
            c.host = IP_HOST.into();
            c.certs[leaf].params.subject_alt_names = vec![san(IP_HOST)];
            let subnet = if rng.below(2) == 0 {
                [192, 0, 2, 0]
            } else {
                [198, 51, 100, 0]
            };
            c.certs[INT].params.name_constraints = Some(NameConstraints {
                permitted_subtrees: vec![GeneralSubtree::IpAddress(CidrSubnet::from_v4_prefix(
                    subnet, 24,
                ))],
                excluded_subtrees: vec![],
            });
        }
        "nc_permitted_dn_violation" => {
            c.certs[INT]
                .params
                .custom_extensions
                .push(dn_constraint(0x0C, "Someone Else"));
        }
        "nc_permitted_dn_ok" => {
            c.certs[INT]
                .params
                .custom_extensions
                .push(dn_constraint(0x0C, "Chainlens Device Lab"));
        }
        "nc_permitted_dn_printable" => {
            // The constraint's O as PrintableString, the leaf's as UTF8String: the same name
            // under RFC 5280 §7.1, a different byte string.
            c.certs[INT]
                .params
                .custom_extensions
                .push(dn_constraint(0x13, "Chainlens Device Lab"));
        }
        "nc_cn_only_leaf" => {
            c.certs[leaf].params.subject_alt_names.clear();
            c.certs[INT].params.name_constraints = Some(NameConstraints {
                permitted_subtrees: vec![GeneralSubtree::DnsName("example.net".into())],
                excluded_subtrees: vec![],
            });
        }
        "nc_noncritical_violation" => {
            // A violated constraint marked non-critical: a stack that does not implement name
            // constraints may now skip the extension instead of refusing the certificate.
            c.certs[INT]
                .params
                .custom_extensions
                .push(dns_constraint("example.net", false));
        }
        "alg_rsa1024_leaf" => rekey(&mut c, pool, leaf, KeyId(Alg::Rsa1024, o)),
        "alg_rsa1024_int" => rekey(&mut c, pool, INT, KeyId(Alg::Rsa1024, o)),
        "alg_rsa4096" => {
            rekey(&mut c, pool, ROOT, KeyId(Alg::Rsa4096, 0));
            rekey(&mut c, pool, INT, KeyId(Alg::Rsa4096, 1));
        }
        "alg_p384" => {
            rekey(&mut c, pool, INT, KeyId(Alg::P384, o));
            rekey(&mut c, pool, leaf, KeyId(Alg::P384, o + 1));
        }
        "alg_ed25519_leaf" => rekey(&mut c, pool, leaf, KeyId(Alg::Ed25519, o)),
        "alg_ed25519_chain" => {
            rekey(&mut c, pool, ROOT, KeyId(Alg::Ed25519, o));
            rekey(&mut c, pool, INT, KeyId(Alg::Ed25519, o + 1));
            rekey(&mut c, pool, leaf, KeyId(Alg::Ed25519, o + 2));
        }
        "alg_sha1_leaf" => {
            rekey(&mut c, pool, INT, KeyId(Alg::Rsa2048, o + 3));
            c.certs[leaf].sha1 = true;
        }
        "alg_sha1_int" => {
            rekey(&mut c, pool, ROOT, KeyId(Alg::Rsa2048, o + 4));
            c.certs[INT].sha1 = true;
        }
        "aki_missing" => c.certs[leaf].params.use_authority_key_identifier_extension = false,
        "ski_missing" => {
            c.certs[INT]
                .params
                .custom_extensions
                .retain(|e| e.oid_components().collect::<Vec<_>>() != [2, 5, 29, 14]);
        }
        "aki_mismatch" => c.certs[leaf].issuer_kid = Some(vec![0x5A; 20]),
        "leaf_expired" => {
            c.certs[leaf].params.not_before = date(2025, 1, 1);
            c.certs[leaf].params.not_after = date(2026, 5, 1);
        }
        "leaf_not_yet_valid" => {
            c.certs[leaf].params.not_before = date(2026, 7, 1);
            c.certs[leaf].params.not_after = date(2027, 7, 1);
        }
        "leaf_expires_at_time" => {
            c.certs[leaf].params.not_after = OffsetDateTime::from_unix_timestamp(VALIDATION_TIME)?;
        }
        "int_expired" => c.certs[INT].params.not_after = date(2026, 3, 1),
        "anchor_expired" => {
            c.certs[ROOT].params.not_before = date(2010, 1, 1);
            c.certs[ROOT].params.not_after = date(2026, 3, 1);
        }
        "order_reversed" => c.sent = vec![INT, LEAF],
        "order_extra_unrelated" => {
            let mut other = ca_spec(
                pool,
                "Unrelated CA",
                fresh(&c, Alg::P256, o + 6),
                None,
                (2020, 2040),
            );
            other.params.use_authority_key_identifier_extension = false;
            c.certs.push(other);
            c.sent = vec![LEAF, 3, INT];
        }
        "order_duplicate" => c.sent = vec![LEAF, INT, INT],
        "order_decoy" => {
            // The issuer's name, another key: sent before the real issuer.
            let alg = c.certs[INT].key.0;
            c.certs.push(ca_spec(
                pool,
                "Device Lab Issuing CA",
                fresh(&c, alg, o + 7),
                Some(ROOT),
                (2021, 2040),
            ));
            c.sent = vec![LEAF, 3, INT];
        }
        "order_cross_signed" => {
            // The issuer also cross-signed by an untrusted root; the cross-signed copy comes first.
            let alg = c.certs[ROOT].key.0;
            c.certs.push(ca_spec(
                pool,
                "Old Device Lab Root",
                fresh(&c, alg, o + 8),
                None,
                (2015, 2040),
            ));
            let mut cross = ca_spec(
                pool,
                "Device Lab Issuing CA",
                c.certs[INT].key,
                Some(3),
                (2021, 2040),
            );
            cross.params.serial_number = None;
            c.certs.push(cross);
            c.sent = vec![LEAF, 4, INT, 3];
        }
        "order_extra_end" => {
            let mut other = ca_spec(
                pool,
                "Unrelated CA",
                fresh(&c, Alg::P256, o + 6),
                None,
                (2020, 2040),
            );
            other.params.use_authority_key_identifier_extension = false;
            c.certs.push(other);
            c.sent = vec![LEAF, INT, 3];
        }
        "chain_long" => {
            // Nine intermediates under the root (mbedTLS's MBEDTLS_X509_MAX_INTERMEDIATE_CA is 8).
            let mut issuer = INT;
            for n in 2..=9 {
                let alg = if n % 2 == 0 { Alg::P256 } else { Alg::Rsa2048 };
                let key = fresh(&c, alg, o + n);
                let cn = format!("Device Lab Issuing CA {n}");
                c.certs
                    .push(ca_spec(pool, &cn, key, Some(issuer), (2021, 2040)));
                issuer = c.certs.len() - 1;
            }
            c.certs[leaf].issuer = Some(issuer);
            c.sent = std::iter::once(LEAF)
                .chain((3..c.certs.len()).rev())
                .chain([INT])
                .collect();
        }
        "order_missing_int" => c.sent = vec![LEAF],
        "order_root_included" => c.sent = vec![LEAF, INT, ROOT],
        "anchor_rsa1024" => rekey(&mut c, pool, ROOT, KeyId(Alg::Rsa1024, o)),
        "anchor_no_key_cert_sign" => {
            c.certs[ROOT].params.key_usages = vec![KeyUsagePurpose::CrlSign];
        }
        "anchor_is_int" => c.anchors = vec![INT],
        other => anyhow::bail!("unknown kind {other}"),
    }
    Ok(c)
}

// --- rendering -----------------------------------------------------------------------------

/// A certificate's DER bytes.
type Der = Vec<u8>;

fn render(c: &Case, pool: &KeyPool, serial_seed: u64) -> anyhow::Result<(Vec<Der>, Vec<Der>)> {
    let mut ders: Vec<Vec<u8>> = Vec::new();
    for (n, spec) in c.certs.iter().enumerate() {
        let mut params = spec.params.clone();
        let mut serial = (serial_seed.wrapping_mul(131).wrapping_add(n as u64))
            .to_be_bytes()
            .to_vec();
        serial[0] &= 0x7F;
        serial[0] |= 0x01;
        params.serial_number = Some(serial.into());
        let key = pool.get(spec.key);
        let (issuer_params, issuer_key) = match spec.issuer {
            Some(i) => (c.certs[i].params.clone(), c.certs[i].key),
            None => (spec.params.clone(), spec.key),
        };
        let mut issuer_params = issuer_params;
        if let Some(name) = &spec.issuer_name {
            issuer_params.distinguished_name = name.clone();
        }
        if let Some(kid) = &spec.issuer_kid {
            issuer_params.key_identifier_method = KeyIdMethod::PreSpecified(kid.clone());
        }
        let signer = pool.get(issuer_key);
        let cert = if spec.issuer.is_none() {
            params.self_signed(signer)?
        } else {
            params.signed_by(key, &Issuer::new(issuer_params, signer))?
        };
        let mut der = cert.der().to_vec();
        if spec.sha1 {
            der = resign_sha1(&der, &signer.path)?;
        }
        ders.push(der);
    }
    let pick = |list: &[usize]| list.iter().map(|&i| ders[i].clone()).collect::<Vec<_>>();
    Ok((pick(&c.sent), pick(&c.anchors)))
}

/// Turns an RSA-SHA-256 certificate into an RSA-SHA-1 one: both algorithm identifiers change
/// in their last byte only (…1.1.11 → …1.1.5), so every length stays, and the TBS is signed
/// again by `openssl dgst -sha1`.
fn resign_sha1(der: &[u8], key: &Path) -> anyhow::Result<Vec<u8>> {
    const SHA256_RSA: [u8; 11] = [
        0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B,
    ];
    let mut out = der.to_vec();
    let mut found = 0;
    for i in 0..out.len().saturating_sub(SHA256_RSA.len()) {
        if out[i..i + SHA256_RSA.len()] == SHA256_RSA {
            out[i + SHA256_RSA.len() - 1] = 0x05;
            found += 1;
        }
    }
    anyhow::ensure!(found == 2, "not an RSA-SHA-256 certificate");
    let (tbs_start, tbs_len) = der_element(&out, der_header_len(&out)?)?;
    let tbs = out[tbs_start..tbs_start + tbs_len].to_vec();
    let signature = openssl_sign(key, "-sha1", &tbs)?;
    let sig_at = out.len() - signature.len();
    out[sig_at..].copy_from_slice(&signature);
    Ok(out)
}

fn der_header_len(der: &[u8]) -> anyhow::Result<usize> {
    match der.get(1) {
        Some(&b) if b < 0x80 => Ok(2),
        Some(&b) => Ok(2 + usize::from(b & 0x7F)),
        None => anyhow::bail!("short DER"),
    }
}

/// The start and total length (header included) of the element at `at`.
fn der_element(der: &[u8], at: usize) -> anyhow::Result<(usize, usize)> {
    let rest = &der[at..];
    let header = der_header_len(rest)?;
    let len = if rest[1] < 0x80 {
        usize::from(rest[1])
    } else {
        rest[2..header]
            .iter()
            .fold(0, |acc, &b| (acc << 8) | usize::from(b))
    };
    Ok((at, header + len))
}
