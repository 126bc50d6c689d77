//! Device profiles: the verdict each device TLS stack's client would give, order as received
//! and build options included.
//!
//! One engine walks the chain the way a stack does (its [`Order`]) and applies the stack's
//! [`Rules`]; each stack module holds its rules and names its own errors. The rules were
//! settled against the real libraries (see each module's tests for the call that showed
//! them); chainlens's own decoded certificates, signature cache and host-name matching are
//! reused where a stack's rule is that rule.

mod bearssl;
mod gnutls;
mod mbedtls;
mod openssl;
mod wolfssl;

use std::path::Path;

use time::OffsetDateTime;

use crate::model::{
    BuiltinStore, CertId, CertOrigin, Certificate, Device, DeviceClock, DeviceProblem, DeviceStep,
    DeviceVerdict, DistinguishedName, GeneralName, Inspection, MlDsaKey, NameAttribute, Preset,
    PresetStore, PublicKeyInfo, Purpose, Stack, StackError, StoreChoice, oids,
};

use super::hostname::dns_matches;
use super::nc::{self, Constraints, Names};
use super::signature::{Hash, SignatureOutcome, hash_of};
use super::signature_cache::SignatureCache;
use super::store::{StoreKind, StoreLoadNote, TrustAnchorEntry, TrustStore};

/// How a stack finds each certificate's issuer among what the server sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Order {
    /// Each certificate must be followed by its issuer, until one is issued by a trust anchor
    /// (BearSSL `br_x509_minimal`); what follows that one is ignored.
    Strict,
    /// The issuer is a trust anchor (a bad signature there tries the next one) or the first
    /// later certificate with the issuer's name that may sign (CA, keyCertSign, pathLen),
    /// its signature final (mbedTLS `x509_crt_find_parent`).
    Forward,
    /// Intermediates are verified from the last sent towards the leaf, each against the
    /// anchors and those verified before it (wolfSSL `ProcessPeerCerts`).
    Backward,
    /// Any sent certificate may be the issuer, trust anchors first (OpenSSL, GnuTLS).
    Reorder,
}

/// When the subject's common name is compared with the host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(clippy::enum_variant_names)] // each says when the CN stands in: "without …"
pub(crate) enum CommonName {
    /// Only when the certificate has no subjectAltName extension at all.
    WithoutSan,
    /// Only when the subjectAltName has no dNSName.
    WithoutDnsSan,
    /// Only when the subjectAltName has neither a dNSName nor an iPAddress.
    WithoutHostSan,
}

/// What a stack does with a critical nameConstraints extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NameConstraintsRule {
    /// Enforces it on the names below.
    Enforce,
    /// Cannot parse the certificate at all (mbedTLS 2.28).
    Unparsable,
    /// Rejects it as an unknown critical extension (BearSSL).
    UnknownCritical,
}

/// What a stack does with an Ed25519 key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ed25519Rule {
    /// Verifies it.
    Supported,
    /// Cannot parse the certificate (mbedTLS 2.28).
    Unparsable,
    /// Parses it, then refuses the key type (BearSSL).
    Unsupported,
}

/// What a stack does with ML-DSA (RFC 9881), which none of the five stacks modelled knows:
/// each refuses a certificate signed with it; they differ on an ML-DSA key (measured against
/// the real libraries by `tests/it/verify/mldsa.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MlDsaRule {
    /// Cannot parse a certificate signed with it or carrying its key; the signature
    /// algorithm is read first (mbedTLS 2.28).
    Unparsable,
    /// Refuses an ML-DSA key, and cannot confirm a signature made with one (wolfSSL 5.5,
    /// BearSSL 0.6, OpenSSL 3.0).
    Unsupported,
    /// Verification passes a leaf's ML-DSA key (the key type only matters in the
    /// handshake) and only the signatures made with one fail (GnuTLS 3.7).
    SignaturesOnly,
}

/// Why a stack refuses one certificate before judging a path.
enum Refusal {
    /// It cannot parse it.
    Unparsable(crate::model::device::Unparsable),
    /// It parses it and refuses its key type.
    Key,
    /// It cannot verify the algorithm of its signature.
    Signature,
}

/// One stack's default client verification, with the device's build options applied.
#[derive(Clone, Debug)]
pub(crate) struct Rules {
    /// How issuers are found in what was sent.
    pub order: Order,
    /// At most this many intermediates; `None`: no limit that a real chain reaches.
    pub max_intermediates: Option<usize>,
    /// Whether an IP host is compared with iPAddress SAN entries (else it never matches).
    pub ip_san: bool,
    /// When the common name stands in for the subjectAltName.
    pub common_name: CommonName,
    /// The shortest RSA key accepted.
    pub min_rsa_bits: Option<u32>,
    /// Whether SHA-1 signatures are accepted (on certificates below the anchor).
    pub sha1: bool,
    /// Ed25519 keys.
    pub ed25519: Ed25519Rule,
    /// ML-DSA keys and signatures.
    pub ml_dsa: MlDsaRule,
    /// Critical nameConstraints.
    pub name_constraints: NameConstraintsRule,
    /// Whether pathLenConstraint is enforced.
    pub path_len: bool,
    /// Whether a CA's extendedKeyUsage must allow the purpose.
    pub ca_eku: bool,
    /// Whether the leaf's extendedKeyUsage must allow the purpose.
    pub leaf_eku: bool,
    /// What the leaf's keyUsage must allow.
    pub leaf_key_usage: LeafKeyUsage,
    /// Whether anyExtendedKeyUsage in the leaf satisfies the purpose.
    pub any_eku: bool,
    /// How an issuer's subject is compared with a child's issuer name.
    pub names: NameCompare,
    /// Whether a wildcard may be part of the left-most label (`dev*.example.com`).
    pub partial_wildcards: bool,
    /// Whether an issuer whose subjectKeyIdentifier differs from the child's
    /// authorityKeyIdentifier is passed over (a missing one computed as the SHA-1 of the key
    /// when `computed_ski`).
    pub aki_match: bool,
    /// Whether a missing subjectKeyIdentifier is computed from the key (wolfSSL: the SHA-1 of
    /// an RSA key, of the whole SubjectPublicKeyInfo of an EC key).
    pub computed_ski: bool,
    /// Whether notAfter's own second is already expired (OpenSSL).
    pub expired_at_not_after: bool,
    /// Whether only a self-signed certificate may be a trust anchor (OpenSSL without
    /// X509_V_FLAG_PARTIAL_CHAIN).
    pub anchor_self_signed: bool,
    /// Whether a leaf without subjectAltName has its common name checked against DNS name
    /// constraints.
    pub cn_constrained: bool,
    /// Whether directoryName constraints are enforced.
    pub dn_constraints: bool,
    /// Whether directoryName constraints compare encodings byte for byte (wolfSSL), rather
    /// than as RFC 5280 §7.1 names.
    pub dn_constraints_exact: bool,
    /// Whether a CA whose nameConstraints comes before its basicConstraints is refused as a
    /// signer (wolfSSL 5.5 decodes the constraints before it knows the certificate is a CA).
    pub nc_before_bc_refused: bool,
    /// Whether the anchor's own certificate fields (CA, keyCertSign, key size) count.
    pub anchor_fields: bool,
    /// Whether the anchor's own validity dates count.
    pub anchor_time: bool,
    /// Whether validity dates are checked at all.
    pub check_time: bool,
    /// Critical extensions the stack understands; any other critical one rejects.
    pub known_critical: &'static [&'static str],
    /// Whether an unknown critical extension makes the certificate unparsable (mbedTLS
    /// fails the whole handshake) rather than rejecting the path.
    pub critical_unparsable: bool,
    /// Whether an intermediate no signer verifies is skipped (wolfSSL
    /// `WOLFSSL_ALT_CERT_CHAINS`) rather than failing the chain.
    pub skip_unverified: bool,
    /// Whether an IP host is compared as text with dNSName entries and the common name
    /// (mbedTLS, BearSSL and wolfSSL do; OpenSSL and GnuTLS never do).
    pub ip_as_text: bool,
}

/// What the leaf's keyUsage must allow, when it has one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LeafKeyUsage {
    /// digitalSignature, as an ECDHE handshake signs with the key (mbedTLS
    /// `mbedtls_ssl_check_cert_usage`, wolfSSL, BearSSL's engine).
    DigitalSignature,
    /// OpenSSL: the sslserver purpose wants digitalSignature, keyEncipherment or
    /// keyAgreement, and an EC key must be able to sign.
    OpenSsl,
}

/// How an issuer's subject name is compared with a child's issuer name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NameCompare {
    /// The same DER bytes (BearSSL hashes them, wolfSSL too).
    Exact,
    /// The same attributes; string values equal ignoring ASCII case and the string type,
    /// white space as is (mbedTLS `x509_name_cmp`).
    CaseInsensitive,
    /// The same attributes; string values byte-equal whatever the string type (GnuTLS).
    ValueExact,
    /// RFC 5280 §7.1 with RFC 4518 folding (OpenSSL's canonical encoding).
    Canonical,
}

impl NameCompare {
    fn same(self, a: &DistinguishedName, b: &DistinguishedName) -> bool {
        let attrs = |x: &NameAttribute, y: &NameAttribute, eq: &dyn Fn(&str, &str) -> bool| {
            x.oid == y.oid && eq(&x.value, &y.value)
        };
        let structured = |eq: &dyn Fn(&str, &str) -> bool| {
            a.rdns.len() == b.rdns.len()
                && a.rdns.iter().zip(&b.rdns).all(|(ra, rb)| {
                    ra.len() == rb.len() && ra.iter().zip(rb).all(|(x, y)| attrs(x, y, eq))
                })
        };
        match self {
            NameCompare::Exact => a.der == b.der,
            NameCompare::CaseInsensitive => {
                a.der == b.der || structured(&|x, y| x.eq_ignore_ascii_case(y))
            }
            NameCompare::ValueExact => a.der == b.der || structured(&|x, y| x == y),
            NameCompare::Canonical => a.matches(b),
        }
    }
}

/// The commonName attribute.
const COMMON_NAME: &str = "2.5.4.3";

/// Critical extensions every stack here understands.
const BASIC: &[&str] = &[
    oids::BASIC_CONSTRAINTS,
    oids::KEY_USAGE,
    oids::EXTENDED_KEY_USAGE,
    oids::SUBJECT_ALT_NAME,
];

/// Critical extensions of a full RFC 5280 implementation (OpenSSL, GnuTLS, wolfSSL).
const FULL: &[&str] = &[
    oids::BASIC_CONSTRAINTS,
    oids::KEY_USAGE,
    oids::EXTENDED_KEY_USAGE,
    oids::SUBJECT_ALT_NAME,
    oids::NAME_CONSTRAINTS,
    oids::SUBJECT_KEY_IDENTIFIER,
    oids::AUTHORITY_KEY_IDENTIFIER,
    "2.5.29.32", // certificatePolicies
    "2.5.29.33", // policyMappings
    "2.5.29.36", // policyConstraints
    "2.5.29.54", // inhibitAnyPolicy
];

/// The rules of `device`, its build options applied.
pub(crate) fn rules(device: &Device) -> Rules {
    let mut rules = match device.stack {
        Stack::MbedTls => mbedtls::rules(),
        Stack::WolfSsl => wolfssl::rules(device.options.alt_cert_chains),
        Stack::BearSsl => bearssl::rules(),
        Stack::GnuTls => gnutls::rules(),
        Stack::OpenSsl => openssl::rules(),
    };
    if device.options.no_time {
        rules.check_time = false;
    }
    if let Some(n) = device.options.max_intermediates {
        rules.max_intermediates = Some(n);
    }
    rules
}

/// The stack's own names for `problems` (`MBEDTLS_X509_BADCERT_CN_MISMATCH`, …), without
/// repeats, in the order of the problems.
pub fn stack_errors(
    stack: Stack,
    problems: &[DeviceProblem],
    host: Option<&str>,
) -> Vec<StackError> {
    let mut out: Vec<StackError> = Vec::new();
    for problem in problems {
        let error = match stack {
            Stack::MbedTls => mbedtls::error(problem),
            Stack::WolfSsl => wolfssl::error(problem),
            Stack::BearSsl => bearssl::error(problem),
            Stack::GnuTls => gnutls::error(problem),
            Stack::OpenSsl => openssl::error(problem, host),
        };
        if !out.contains(&error) {
            out.push(error);
        }
    }
    if stack == Stack::GnuTls && !out.is_empty() && !out.contains(&gnutls::INVALID) {
        // GnuTLS sets GNUTLS_CERT_INVALID beside every reason.
        out.push(gnutls::INVALID);
    }
    out
}

/// Every device verdict for `insp`: one per (device of its policy, store), or one per preset
/// device for the store its preset brings.
pub fn evaluate(
    insp: &Inspection,
    stores: &[TrustStore],
    signatures: &SignatureCache,
) -> Vec<DeviceVerdict> {
    let choice = &insp.policy.devices;
    let received = received_order(insp);
    let mut out = Vec::new();
    for device in &choice.devices {
        // An ESP-IDF device trusts the bundle flashed with it: the user's own bundles when
        // any was given, else ESP-IDF's default one.
        let own_bundles: Vec<&TrustStore> = stores.iter().filter(|s| is_esp_bundle(s)).collect();
        let preset_store = match device.preset.map(Preset::store) {
            Some(PresetStore::EspIdfBundle) if !own_bundles.is_empty() => None,
            Some(which) => Some(preset_store(which)),
            None => None,
        };
        let chosen: Vec<&TrustStore> = match (&preset_store, device.preset) {
            (Some(store), _) => store.iter().collect(),
            (None, Some(_)) => own_bundles,
            (None, None) => stores.iter().collect(),
        };
        for store in chosen {
            let ctx = Context {
                insp,
                store,
                signatures,
                rules: rules(device),
                time: if device.options.no_time {
                    None
                } else {
                    choice.clock.time_at(insp.policy.time)
                },
                clock: choice.clock,
            };
            out.push(ctx.verdict(device, &received));
        }
    }
    out
}

/// Whether a store was read from an ESP-IDF certificate bundle.
fn is_esp_bundle(store: &TrustStore) -> bool {
    store
        .load_notes
        .iter()
        .any(|note| matches!(note, StoreLoadNote::EspBundle { .. }))
}

/// ESP-IDF's default certificate bundle (`assets/trust/README.md`): names and keys.
const ESP_IDF_DEFAULT_BUNDLE: &[u8] =
    include_bytes!("../../../assets/trust/esp-idf-x509_crt_bundle");

/// The store a preset brings: Amazon Root CA 1 alone for the AWS IoT Device SDK, and the
/// certificate bundle ESP-IDF builds into firmware by default (121 Mozilla roots, each a
/// name and a key) for ESP-IDF.
fn preset_store(which: PresetStore) -> Option<TrustStore> {
    match which {
        PresetStore::AmazonRootCa1 => {
            let store = TrustStore::load(&StoreChoice::Builtin(BuiltinStore::AwsIot)).ok()?;
            let anchors = store
                .anchors
                .into_iter()
                .filter(|a| a.subject.display_label() == "Amazon Root CA 1")
                .collect();
            Some(TrustStore {
                name: "Amazon Root CA 1 (AWS IoT Device SDK default)".to_string(),
                anchors,
                ..store
            })
        }
        PresetStore::EspIdfBundle => {
            let bundle = crate::ingest::esp_bundle::parse(ESP_IDF_DEFAULT_BUNDLE).ok()?;
            TrustStore::from_esp_bundle(
                "ESP-IDF default certificate bundle".to_string(),
                StoreKind::File("esp-idf-x509_crt_bundle".into()),
                Path::new("esp-idf-x509_crt_bundle"),
                &bundle,
            )
            .ok()
        }
    }
}

/// The certificates in the order the device receives them: the source's as sent, then the
/// `--untrusted` ones in the order given. Downloaded (AIA) issuers are not sent.
pub fn received_order(insp: &Inspection) -> Vec<CertId> {
    let mut sent: Vec<(usize, CertId)> = insp
        .cert_ids()
        .filter_map(|(id, c)| match c.origin {
            CertOrigin::Source { position } => Some((position, id)),
            _ => None,
        })
        .collect();
    sent.sort_by_key(|(position, _)| *position);
    let mut out: Vec<CertId> = sent.into_iter().map(|(_, id)| id).collect();
    out.extend(
        insp.cert_ids()
            .filter(|(_, c)| c.origin == CertOrigin::Untrusted)
            .map(|(id, _)| id),
    );
    out
}

/// An issuer the walk found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Issuer {
    /// A received certificate.
    Sent(CertId),
    /// The store's anchor, by index.
    Anchor(usize),
}

/// The path a walk found, and why it stopped if it did not reach an anchor.
#[derive(Debug, Default)]
struct Walk {
    /// The certificates from the leaf up.
    certs: Vec<CertId>,
    /// The anchor reached.
    anchor: Option<usize>,
    /// Why the walk stopped (or its signature problems).
    problems: Vec<DeviceProblem>,
}

/// One device, one store.
struct Context<'a> {
    insp: &'a Inspection,
    store: &'a TrustStore,
    signatures: &'a SignatureCache,
    rules: Rules,
    /// The device's time; `None` when it checks no validity.
    time: Option<OffsetDateTime>,
    /// The device's clock.
    clock: DeviceClock,
}

impl Context<'_> {
    fn cert(&self, id: CertId) -> Option<&Certificate> {
        self.insp.cert(id)
    }

    fn verdict(&self, device: &Device, received: &[CertId]) -> DeviceVerdict {
        let (walk, problems) = self.decide(received);
        let trusted = problems.is_empty();
        let mut working_order = None;
        if !trusted && walk_failed(&problems) {
            // Would the device accept the same certificates in the order of a path?
            let canonical = self.reorder_walk(received);
            if canonical.anchor.is_some() && canonical.certs != received {
                let (_, again) = self.decide(&canonical.certs);
                if again.is_empty() {
                    working_order = Some(canonical.certs);
                }
            }
        }
        let host = self.insp.policy.host.as_deref();
        let mut path: Vec<DeviceStep> = walk
            .certs
            .iter()
            .map(|&c| DeviceStep::Certificate(c))
            .collect();
        path.extend(
            walk.anchor
                .and_then(|i| self.store.anchors.get(i))
                .map(|a| DeviceStep::Anchor(a.subject.display_label())),
        );
        DeviceVerdict {
            device: device.clone(),
            store: self.store.name.clone(),
            trusted,
            stack_errors: stack_errors(device.stack, &problems, host),
            problems,
            breaks_at: if trusted { self.breaks_at(&walk) } else { None },
            unchecked_time: if self.rules.check_time && self.time.is_some() {
                Vec::new()
            } else {
                self.out_of_date(&walk)
            },
            path,
            working_order,
            order_received: received.to_vec(),
        }
    }

    /// The walk and every problem the device finds on it.
    fn decide(&self, received: &[CertId]) -> (Walk, Vec<DeviceProblem>) {
        let mut problems = Vec::new();
        if self.rules.order == Order::Forward {
            // mbedTLS parses the whole chain before it verifies: one certificate it cannot
            // parse fails the handshake.
            for &id in received {
                if let Some(p) = self.unparsable(id) {
                    return (Walk::default(), vec![p]);
                }
            }
        }
        let walk = match self.rules.order {
            Order::Strict => self.strict_walk(received),
            Order::Forward => self.forward_walk(received),
            Order::Backward => self.backward_walk(received),
            Order::Reorder => self.reorder_walk(received),
        };
        problems.extend(walk.problems.iter().cloned());
        problems.extend(self.path_problems(&walk));
        if let Some(p) = self.name_problem(received) {
            problems.push(p);
        }
        (walk, problems)
    }

    fn anchors(&self) -> impl Iterator<Item = (usize, &TrustAnchorEntry)> {
        self.store.anchors.iter().enumerate().filter(|(_, a)| {
            // An anchor the stack cannot parse is dropped from its store.
            !matches!(&a.certificate, Some(c) if self.cert_unparsable(c).is_some())
        })
    }

    /// Whether an anchor may end a path: OpenSSL takes only a self-signed one (no partial
    /// chains by default); a name-and-key anchor always may.
    fn anchor_may_be(&self, anchor: &TrustAnchorEntry) -> bool {
        !self.rules.anchor_self_signed
            || anchor
                .certificate
                .as_ref()
                .is_none_or(|c| c.is_self_issued())
    }

    /// Whether `issuer`'s key identifier fits `child`'s authorityKeyIdentifier, for stacks
    /// that pick issuers by it.
    fn aki_fits(
        &self,
        child: &Certificate,
        issuer: Option<&Certificate>,
        key: &PublicKeyInfo,
    ) -> bool {
        if !self.rules.aki_match {
            return true;
        }
        let Some(aki) = child.authority_key_id() else {
            return true;
        };
        let ski = issuer
            .and_then(Certificate::subject_key_id)
            .map(<[u8]>::to_vec);
        let ski = match ski {
            Some(ski) => ski,
            None if self.rules.computed_ski => {
                // wolfSSL hashes what it keeps of the key: the RSAPublicKey for RSA (RFC 5280
                // method 1), but the whole SubjectPublicKeyInfo for an EC key, so a method-1
                // AKI never finds an EC issuer without a subjectKeyIdentifier (shown on the
                // real library: an AKI of SHA-1(SPKI) is found, SHA-1(point) is not).
                use sha1::Digest as _;
                if key.algorithm.oid == crate::model::oids::KEY_EC {
                    sha1::Sha1::digest(&key.spki_der).to_vec()
                } else {
                    sha1::Sha1::digest(&key.key_bytes).to_vec()
                }
            }
            None => return true,
        };
        ski == aki
    }

    /// An unknown issuer, with what OpenSSL tells apart: a self-signed certificate, or one
    /// the store holds that cannot end the path.
    fn unknown_issuer(&self, id: CertId) -> DeviceProblem {
        let cert = self.cert(id);
        DeviceProblem::UnknownIssuer {
            certificate: id,
            self_signed: cert
                .is_some_and(|c| c.is_self_issued() && self.signed_by(c, &c.public_key)),
            in_store: cert.is_some_and(|c| {
                self.store.anchors.iter().any(|a| {
                    a.subject.der == c.subject.der && a.public_key.spki_der == c.public_key.spki_der
                })
            }),
        }
    }

    fn signed_by(&self, child: &Certificate, key: &PublicKeyInfo) -> bool {
        // chainlens verifies ML-DSA; none of the stacks modelled does.
        !MlDsaKey::is_ml_dsa(&child.signature_algorithm.oid)
            && self.signatures.verify(child, key) == SignatureOutcome::Valid
    }

    /// A named issuer whose signature does not verify: a bad signature, or one whose
    /// algorithm the stack does not know.
    fn signature_problem(&self, certificate: CertId) -> DeviceProblem {
        match self.cert(certificate) {
            Some(cert) if MlDsaKey::is_ml_dsa(&cert.signature_algorithm.oid) => {
                DeviceProblem::UnsupportedSignature {
                    certificate,
                    algorithm: cert.signature_algorithm.name.clone(),
                }
            }
            _ => DeviceProblem::BadSignature { certificate },
        }
    }

    /// The anchor that issued `child`: its name and a verifying key.
    fn anchor_issuer(&self, child: &Certificate) -> Option<usize> {
        self.anchors()
            .filter(|(_, a)| self.rules.names.same(&a.subject, &child.issuer))
            .filter(|(_, a)| self.anchor_may_be(a))
            .filter(|(_, a)| self.aki_fits(child, a.certificate.as_ref(), &a.public_key))
            .find(|(_, a)| self.signed_by(child, &a.public_key))
            .map(|(i, _)| i)
    }

    /// Whether a CA certificate may sign under the stack's parent check (CA, keyCertSign).
    fn may_sign(cert: &Certificate) -> bool {
        cert.is_ca() && cert.key_usage().is_none_or(|ku| ku.key_cert_sign)
    }

    fn strict_walk(&self, received: &[CertId]) -> Walk {
        let mut walk = Walk::default();
        for (k, &id) in received.iter().enumerate() {
            let Some(cert) = self.cert(id) else { break };
            walk.certs.push(id);
            if let Some(p) = self.unparsable(id) {
                walk.problems.push(p);
                return walk;
            }
            if let Some(anchor) = self.anchor_issuer(cert) {
                walk.anchor = Some(anchor);
                return walk;
            }
            let Some(&next_id) = received.get(k + 1) else {
                walk.problems.push(self.unknown_issuer(id));
                return walk;
            };
            let Some(next) = self.cert(next_id) else {
                break;
            };
            if !self.rules.names.same(&next.subject, &cert.issuer) {
                walk.problems.push(DeviceProblem::OrderBroken {
                    certificate: id,
                    next: next_id,
                });
                return walk;
            }
            if !self.signed_by(cert, &next.public_key) {
                walk.problems.push(self.signature_problem(id));
                return walk;
            }
        }
        walk
    }

    fn forward_walk(&self, received: &[CertId]) -> Walk {
        let mut walk = Walk::default();
        let Some(&leaf) = received.first() else {
            return walk;
        };
        let mut k = 0usize;
        let mut child_id = leaf;
        walk.certs.push(leaf);
        loop {
            let Some(child) = self.cert(child_id) else {
                return walk;
            };
            let cas_below = walk.certs.len().saturating_sub(1);
            // Trusted CAs first; among them a bad signature moves on to the next candidate,
            // and an out-of-date one is kept only as a fallback.
            let trusted: Vec<usize> = self
                .anchors()
                .filter(|(_, a)| self.rules.names.same(&a.subject, &child.issuer))
                .filter(|(_, a)| self.anchor_may_be(a))
                .filter(|(_, a)| self.aki_fits(child, a.certificate.as_ref(), &a.public_key))
                .filter(|(_, a)| {
                    a.certificate
                        .as_ref()
                        .is_none_or(|c| Self::may_sign(c) && path_len_allows(c, cas_below))
                })
                .filter(|(_, a)| self.signed_by(child, &a.public_key))
                .map(|(i, _)| i)
                .collect();
            let in_date = trusted.iter().copied().find(|&i| {
                self.store
                    .anchors
                    .get(i)
                    .and_then(|a| a.certificate.as_ref())
                    .is_none_or(|c| self.in_date(c))
            });
            if let Some(anchor) = in_date.or_else(|| trusted.first().copied()) {
                walk.anchor = Some(anchor);
                return walk;
            }
            // Then the certificates after this one, as sent: the first that passes the
            // parent check is the parent, whether its signature verifies or not.
            let later: Vec<(usize, CertId)> = received
                .iter()
                .enumerate()
                .skip(k + 1)
                .filter(|(_, id)| !walk.certs.contains(id))
                .filter(|(_, id)| {
                    self.cert(**id).is_some_and(|c| {
                        self.rules.names.same(&c.subject, &child.issuer)
                            && self.aki_fits(child, Some(c), &c.public_key)
                            && Self::may_sign(c)
                            && (!self.rules.path_len || path_len_allows(c, cas_below))
                    })
                })
                .map(|(j, id)| (j, *id))
                .collect();
            let pick = later
                .iter()
                .find(|(_, id)| self.cert(*id).is_some_and(|c| self.in_date(c)))
                .or(later.first());
            let Some(&(j, parent)) = pick else {
                walk.problems.push(self.unknown_issuer(child_id));
                return walk;
            };
            if self
                .cert(parent)
                .is_some_and(|p| !self.signed_by(child, &p.public_key))
            {
                walk.problems.push(self.signature_problem(child_id));
            }
            walk.certs.push(parent);
            if walk.certs.len() > received.len() + 1 {
                return walk;
            }
            k = j;
            child_id = parent;
        }
    }

    fn backward_walk(&self, received: &[CertId]) -> Walk {
        let mut walk = Walk::default();
        let Some((&leaf, rest)) = received.split_first() else {
            return walk;
        };
        // The signer table: the anchors, then each intermediate verified so far.
        let mut verified: Vec<(CertId, Issuer)> = Vec::new();
        let find_signer = |cert: &Certificate, verified: &[(CertId, Issuer)]| -> Option<Issuer> {
            if let Some(a) = self.anchor_issuer(cert) {
                return Some(Issuer::Anchor(a));
            }
            verified
                .iter()
                .filter_map(|(id, _)| self.cert(*id).map(|c| (*id, c)))
                .find(|(_, c)| {
                    self.rules.names.same(&c.subject, &cert.issuer)
                        && self.aki_fits(cert, Some(c), &c.public_key)
                        && self.signed_by(cert, &c.public_key)
                })
                .map(|(id, _)| Issuer::Sent(id))
        };
        for &id in rest.iter().rev() {
            let Some(cert) = self.cert(id) else { continue };
            let usable = self.cert_unparsable(cert).is_none();
            match find_signer(cert, &verified) {
                Some(signer) if cert.is_ca() && usable => verified.push((id, signer)),
                _ if self.rules.skip_unverified => {}
                _ => {
                    walk.problems.push(self.unknown_issuer(id));
                }
            }
        }
        let Some(leaf_cert) = self.cert(leaf) else {
            return walk;
        };
        walk.certs.push(leaf);
        let mut signer = find_signer(leaf_cert, &verified);
        if signer.is_none() {
            walk.problems.insert(0, self.unknown_issuer(leaf));
        }
        while let Some(s) = signer {
            match s {
                Issuer::Anchor(a) => {
                    walk.anchor = Some(a);
                    break;
                }
                Issuer::Sent(id) => {
                    if walk.certs.contains(&id) {
                        break;
                    }
                    walk.certs.push(id);
                    signer = verified.iter().find(|(v, _)| *v == id).map(|(_, s)| *s);
                }
            }
        }
        walk
    }

    fn reorder_walk(&self, received: &[CertId]) -> Walk {
        let mut walk = Walk::default();
        let Some(&leaf) = received.first() else {
            return walk;
        };
        walk.certs.push(leaf);
        let mut child_id = leaf;
        loop {
            let Some(child) = self.cert(child_id) else {
                return walk;
            };
            if let Some(anchor) = self.anchor_issuer(child) {
                walk.anchor = Some(anchor);
                return walk;
            }
            let named: Vec<CertId> = received
                .iter()
                .copied()
                .filter(|id| !walk.certs.contains(id))
                .filter(|id| {
                    self.cert(*id).is_some_and(|c| {
                        self.rules.names.same(&c.subject, &child.issuer)
                            && self.aki_fits(child, Some(c), &c.public_key)
                    })
                })
                .collect();
            let signing: Vec<CertId> = named
                .iter()
                .copied()
                .filter(|id| {
                    self.cert(*id)
                        .is_some_and(|c| self.signed_by(child, &c.public_key))
                })
                .collect();
            let pick = signing
                .iter()
                .find(|id| self.cert(**id).is_some_and(|c| self.in_date(c)))
                .or(signing.first());
            match pick {
                Some(&parent) => {
                    walk.certs.push(parent);
                    child_id = parent;
                }
                None if !named.is_empty() => {
                    walk.problems.push(self.signature_problem(child_id));
                    return walk;
                }
                None => {
                    walk.problems.push(self.unknown_issuer(child_id));
                    return walk;
                }
            }
        }
    }

    fn in_date(&self, cert: &Certificate) -> bool {
        match self.time {
            Some(t) if self.rules.check_time => {
                cert.validity.not_before <= t && t <= cert.validity.not_after
            }
            _ => true,
        }
    }

    /// Why the stack cannot parse or use `id` at all.
    fn unparsable(&self, id: CertId) -> Option<DeviceProblem> {
        let cert = self.cert(id)?;
        self.cert_unparsable(cert).map(|why| match why {
            Refusal::Unparsable(what) => DeviceProblem::Unparsable {
                certificate: id,
                what,
            },
            Refusal::Key => DeviceProblem::UnsupportedKey {
                certificate: id,
                algorithm: cert.public_key.algorithm.name.clone(),
            },
            Refusal::Signature => DeviceProblem::UnsupportedSignature {
                certificate: id,
                algorithm: cert.signature_algorithm.name.clone(),
            },
        })
    }

    /// Why the stack refuses the certificate outright, if it does.
    fn cert_unparsable(&self, cert: &Certificate) -> Option<Refusal> {
        let ml_dsa_key = MlDsaKey::is_ml_dsa(&cert.public_key.algorithm.oid);
        let ml_dsa_signature = MlDsaKey::is_ml_dsa(&cert.signature_algorithm.oid);
        match self.rules.ml_dsa {
            // mbedTLS reads the signature algorithm before the key: UNKNOWN_SIG_ALG first.
            MlDsaRule::Unparsable if ml_dsa_signature => return Some(Refusal::Signature),
            MlDsaRule::Unparsable | MlDsaRule::Unsupported if ml_dsa_key => {
                return Some(Refusal::Key);
            }
            _ if ml_dsa_signature => return Some(Refusal::Signature),
            _ => {}
        }
        self.cert_unparsable_classic(cert)
    }

    /// The refusals of everything but ML-DSA.
    fn cert_unparsable_classic(&self, cert: &Certificate) -> Option<Refusal> {
        use crate::model::device::Unparsable as U;
        let ed_signature = cert.signature_algorithm.oid == oids::SIG_ED25519;
        if ed_signature && self.rules.ed25519 == Ed25519Rule::Unparsable {
            return Some(Refusal::Unparsable(U::Ed25519Signature));
        }
        if cert.public_key.algorithm.oid == oids::KEY_ED25519 {
            match self.rules.ed25519 {
                Ed25519Rule::Supported => {}
                Ed25519Rule::Unparsable => return Some(Refusal::Unparsable(U::Ed25519Key)),
                Ed25519Rule::Unsupported => return Some(Refusal::Key),
            }
        }
        let critical_nc = cert
            .extensions
            .iter()
            .any(|e| e.oid == oids::NAME_CONSTRAINTS && e.critical);
        if critical_nc && self.rules.name_constraints == NameConstraintsRule::Unparsable {
            return Some(Refusal::Unparsable(U::CriticalNameConstraints));
        }
        let unknown_critical = cert
            .extensions
            .iter()
            .any(|e| e.critical && !self.rules.known_critical.contains(&e.oid.as_str()));
        if self.rules.critical_unparsable && unknown_critical {
            return Some(Refusal::Unparsable(U::CriticalExtension));
        }
        if self.rules.nc_before_bc_refused {
            let position = |oid: &str| cert.extensions.iter().position(|e| e.oid == oid);
            if let (Some(nc), Some(bc)) = (
                position(oids::NAME_CONSTRAINTS),
                position(oids::BASIC_CONSTRAINTS),
            ) && nc < bc
            {
                return Some(Refusal::Unparsable(
                    U::NameConstraintsBeforeBasicConstraints,
                ));
            }
        }
        None
    }

    /// The rule checks along a walk that reached or tried to reach an anchor.
    fn path_problems(&self, walk: &Walk) -> Vec<DeviceProblem> {
        let mut out = Vec::new();
        let anchor = walk.anchor.and_then(|i| self.store.anchors.get(i));
        let anchor_cert = anchor
            .and_then(|a| a.certificate.as_ref())
            .filter(|_| self.rules.anchor_fields);
        let dated_anchor = anchor
            .and_then(|a| a.certificate.as_ref())
            .filter(|_| self.rules.anchor_time);
        if let Some(limit) = self.rules.max_intermediates {
            let count = walk.certs.len().saturating_sub(1);
            if count > limit {
                out.push(DeviceProblem::TooManyIntermediates { count, limit });
            }
        }
        // Validity, every certificate and the anchor's own when the stack reads it.
        if let (Some(t), true) = (self.time, self.rules.check_time) {
            let dated = walk
                .certs
                .iter()
                .filter_map(|&id| self.cert(id).map(|c| (Some(id), c)))
                .chain(dated_anchor.map(|c| (None, c)));
            for (id, cert) in dated {
                let expired = if self.rules.expired_at_not_after {
                    t >= cert.validity.not_after
                } else {
                    t > cert.validity.not_after
                };
                if expired {
                    out.push(DeviceProblem::Expired {
                        certificate: id,
                        not_after: cert.validity.not_after,
                    });
                } else if t < cert.validity.not_before {
                    out.push(DeviceProblem::NotYetValid {
                        certificate: id,
                        not_before: cert.validity.not_before,
                    });
                }
            }
        }
        for (i, &id) in walk.certs.iter().enumerate() {
            let Some(cert) = self.cert(id) else { continue };
            if self.rules.order != Order::Forward {
                if let Some(p) = self.unparsable(id) {
                    if !walk.problems.contains(&p) {
                        out.push(p);
                    }
                    continue;
                }
            }
            if !self.rules.sha1 && hash_of(&cert.signature_algorithm) == Hash::Sha1 {
                out.push(DeviceProblem::WeakHash {
                    certificate: id,
                    hash: "SHA-1".to_string(),
                });
            }
            if let Some(p) = self.weak_key(Some(id), &cert.public_key) {
                out.push(p);
            }
            for ext in cert
                .extensions
                .iter()
                .filter(|_| !self.rules.critical_unparsable)
            {
                if ext.critical && !self.rules.known_critical.contains(&ext.oid.as_str()) {
                    let nc_rule = ext.oid == oids::NAME_CONSTRAINTS
                        && self.rules.name_constraints != NameConstraintsRule::UnknownCritical;
                    if !nc_rule {
                        out.push(DeviceProblem::UnknownCriticalExtension {
                            certificate: id,
                            oid: ext.oid.clone(),
                        });
                    }
                }
            }
            if i > 0 {
                out.extend(self.ca_problems(Some(id), cert, i - 1));
                if self.rules.name_constraints == NameConstraintsRule::Enforce {
                    let below = walk.certs.get(..i).unwrap_or_default();
                    out.extend(self.constraint_problems(Some(id), cert, below));
                }
            }
        }
        if let (Some(anchor), true) = (anchor, self.rules.anchor_fields) {
            if let Some(p) = self.weak_key(None, &anchor.public_key) {
                out.push(p);
            }
            if let Some(cert) = anchor_cert {
                out.extend(self.ca_problems(None, cert, walk.certs.len().saturating_sub(1)));
            }
        }
        if self.rules.name_constraints == NameConstraintsRule::Enforce {
            if let Some(constraints) = anchor.and_then(|a| a.name_constraints.as_ref()) {
                out.extend(self.names_within(None, constraints, &walk.certs));
            }
        }
        out.extend(self.leaf_problems(walk));
        out
    }

    fn weak_key(&self, id: Option<CertId>, key: &PublicKeyInfo) -> Option<DeviceProblem> {
        let minimum = self.rules.min_rsa_bits?;
        let bits = key.bits?;
        (key.is_rsa() && bits < minimum).then_some(DeviceProblem::WeakRsaKey {
            certificate: id,
            bits,
            minimum,
        })
    }

    fn ca_problems(
        &self,
        id: Option<CertId>,
        cert: &Certificate,
        cas_below: usize,
    ) -> Vec<DeviceProblem> {
        let mut out = Vec::new();
        if !cert.is_ca() {
            out.push(DeviceProblem::IssuerNotCa { certificate: id });
        } else if cert.key_usage().is_some_and(|ku| !ku.key_cert_sign) {
            out.push(DeviceProblem::MissingKeyCertSign { certificate: id });
        }
        if self.rules.path_len && !path_len_allows(cert, cas_below) {
            out.push(DeviceProblem::PathLenExceeded { certificate: id });
        }
        if self.rules.ca_eku && !eku_allows(cert, self.insp.policy.purpose, true) {
            if let Some(id) = id {
                out.push(DeviceProblem::ExtendedKeyUsage { certificate: id });
            }
        }
        out
    }

    fn constraint_problems(
        &self,
        id: Option<CertId>,
        ca: &Certificate,
        below: &[CertId],
    ) -> Vec<DeviceProblem> {
        match Constraints::of(ca) {
            Some(constraints) => self.names_within(id, &constraints, below),
            None => Vec::new(),
        }
    }

    fn names_within(
        &self,
        id: Option<CertId>,
        constraints: &Constraints,
        below: &[CertId],
    ) -> Vec<DeviceProblem> {
        let mut constraints = constraints.clone();
        let exact_dn = Constraints {
            permitted: directory_names(&constraints.permitted),
            excluded: directory_names(&constraints.excluded),
        };
        if !self.rules.dn_constraints || self.rules.dn_constraints_exact {
            constraints
                .permitted
                .retain(|n| !matches!(n, GeneralName::Directory(_)));
            constraints
                .excluded
                .retain(|n| !matches!(n, GeneralName::Directory(_)));
        }
        let mut budget = 10_000usize;
        let mut excluded = false;
        let broken = below.iter().filter_map(|&c| self.cert(c)).any(|cert| {
            // A self-issued CA's subject is not constrained (RFC 5280 §6.1.4 (b)).
            let self_issued_ca = cert.is_self_issued() && cert.is_ca();
            if self_issued_ca {
                return false;
            }
            let checked = nc::check(&constraints, &Names::of(cert), &mut budget);
            excluded = matches!(
                &checked,
                Err(nc::Violation::Name {
                    detail: crate::model::ConstraintBreach::ExcludedBy { .. },
                    ..
                })
            );
            checked.is_err()
                || (self.rules.cn_constrained && !cn_within(cert, &constraints))
                || (self.rules.dn_constraints
                    && self.rules.dn_constraints_exact
                    && !dn_within_exact(&cert.subject, &exact_dn))
        });
        if broken {
            vec![DeviceProblem::NameConstraintViolation {
                certificate: id,
                excluded,
            }]
        } else {
            Vec::new()
        }
    }

    fn leaf_problems(&self, walk: &Walk) -> Vec<DeviceProblem> {
        let mut out = Vec::new();
        let Some(&leaf_id) = walk.certs.first() else {
            return out;
        };
        let Some(leaf) = self.cert(leaf_id) else {
            return out;
        };
        let purpose = self.insp.policy.purpose;
        if purpose == Purpose::Ca {
            return out;
        }
        if self.rules.leaf_eku && !eku_allows(leaf, purpose, self.rules.any_eku) {
            out.push(DeviceProblem::ExtendedKeyUsage {
                certificate: leaf_id,
            });
        }
        if let Some(ku) = leaf.key_usage() {
            let ec = leaf.public_key.algorithm.oid == oids::KEY_EC;
            let some_tls_use = ku.digital_signature || ku.key_encipherment || ku.key_agreement;
            let refused = match self.rules.leaf_key_usage {
                LeafKeyUsage::DigitalSignature => !ku.digital_signature,
                LeafKeyUsage::OpenSsl => !some_tls_use || (ec && !ku.digital_signature),
            };
            if refused {
                out.push(DeviceProblem::LeafKeyUsage {
                    certificate: leaf_id,
                    ec_key: ec,
                    handshake_only: some_tls_use,
                });
            }
        }
        out
    }

    /// The host check on the first certificate received (the one a TLS server sends as its
    /// own).
    fn name_problem(&self, received: &[CertId]) -> Option<DeviceProblem> {
        let host = self.insp.policy.host.as_deref()?.trim();
        if self.insp.policy.purpose == Purpose::Ca {
            return None;
        }
        let leaf = self.cert(*received.first()?)?;
        (!self.host_matches(leaf, host)).then(|| DeviceProblem::NameMismatch {
            host: host.to_string(),
        })
    }

    fn host_matches(&self, leaf: &Certificate, host: &str) -> bool {
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        let ip = bare.parse::<std::net::IpAddr>().ok();
        let sans = leaf.subject_alt_names();
        let san_list = sans.unwrap_or_default();
        let text_ok = ip.is_none() || self.rules.ip_as_text;
        let dns_ok = |pattern: &str| {
            if ip.is_some() {
                // Compared as text: an IP host against a dNSName holding the same address.
                return pattern.eq_ignore_ascii_case(bare);
            }
            dns_matches(pattern, host)
                || (self.rules.partial_wildcards && partial_wildcard_matches(pattern, host))
        };
        for san in san_list {
            match (san, ip) {
                (GeneralName::Dns(pattern), _) if text_ok && dns_ok(pattern) => return true,
                (GeneralName::Ip(bytes), Some(ip)) if self.rules.ip_san && ip_equals(bytes, ip) => {
                    return true;
                }
                _ => {}
            }
        }
        let has_dns = san_list.iter().any(|n| matches!(n, GeneralName::Dns(_)));
        let has_ip = san_list.iter().any(|n| matches!(n, GeneralName::Ip(_)));
        let use_cn = match self.rules.common_name {
            CommonName::WithoutSan => sans.is_none(),
            CommonName::WithoutDnsSan => !has_dns,
            CommonName::WithoutHostSan => !has_dns && !has_ip,
        };
        if !use_cn || !text_ok {
            return false;
        }
        leaf.subject
            .attributes()
            .filter(|a| a.oid == COMMON_NAME)
            .any(|a| dns_ok(&a.value))
    }

    /// When the chain the device accepted stops validating, in real time: the first notAfter
    /// on its path, moved by the clock's skew.
    fn breaks_at(&self, walk: &Walk) -> Option<OffsetDateTime> {
        let device_time = self.time?;
        if !self.rules.check_time {
            return None;
        }
        let anchor_cert = walk
            .anchor
            .and_then(|i| self.store.anchors.get(i))
            .and_then(|a| a.certificate.as_ref())
            .filter(|_| self.rules.anchor_time);
        let first = walk
            .certs
            .iter()
            .filter_map(|&id| self.cert(id))
            .chain(anchor_cert)
            .map(|c| c.validity.not_after)
            .min()?;
        match self.clock {
            // A clock `days` ahead sees the notAfter pass that much earlier in real time.
            DeviceClock::Skew { days } => first.checked_sub(time::Duration::days(days)),
            // A build-date floor only matters before the build date; an accepted chain is
            // valid there, so it breaks at its own notAfter.
            DeviceClock::Set | DeviceClock::Build { .. } => Some(first),
            DeviceClock::None => None,
        }
        .filter(|_| device_time <= first)
    }

    /// The certificates on the path that are out of date at the validation time, which the
    /// device does not notice because it checks no time.
    fn out_of_date(&self, walk: &Walk) -> Vec<CertId> {
        let t = self.insp.policy.time;
        walk.certs
            .iter()
            .copied()
            .filter(|&id| {
                self.cert(id)
                    .is_some_and(|c| t > c.validity.not_after || t < c.validity.not_before)
            })
            .collect()
    }
}

/// Whether the problems say the walk itself failed (an order or an issuer problem), so that
/// another order of the same certificates might succeed.
fn walk_failed(problems: &[DeviceProblem]) -> bool {
    problems.iter().any(|p| {
        matches!(
            p,
            DeviceProblem::UnknownIssuer { .. }
                | DeviceProblem::OrderBroken { .. }
                | DeviceProblem::BadSignature { .. }
                | DeviceProblem::TooManyIntermediates { .. }
        )
    })
}

/// Whether `ca`'s pathLenConstraint allows `cas_below` non-leaf certificates under it.
fn path_len_allows(ca: &Certificate, cas_below: usize) -> bool {
    match ca.basic_constraints() {
        Some((true, Some(len))) => cas_below <= len as usize,
        _ => true,
    }
}

/// Whether `cert`'s extendedKeyUsage, when present, allows `purpose` (or any purpose).
fn eku_allows(cert: &Certificate, purpose: Purpose, any: bool) -> bool {
    let Some(wanted) = purpose.eku_oid() else {
        return true;
    };
    cert.extended_key_usage().is_none_or(|ekus| {
        ekus.iter()
            .any(|e| e == wanted || (any && e == oids::EKU_ANY))
    })
}

/// A wildcard anywhere in the left-most label (`dev*.example.com`), as OpenSSL and wolfSSL
/// match it; the rest of the name compared whole.
fn partial_wildcard_matches(pattern: &str, host: &str) -> bool {
    let pattern = pattern.to_ascii_lowercase();
    let host = host.to_ascii_lowercase();
    let (Some((p_first, p_rest)), Some((h_first, h_rest))) =
        (pattern.split_once('.'), host.split_once('.'))
    else {
        return false;
    };
    let Some((prefix, suffix)) = p_first.split_once('*') else {
        return false;
    };
    p_rest == h_rest
        && p_rest.contains('.')
        && !suffix.contains('*')
        && h_first.len() >= prefix.len() + suffix.len()
        && h_first.starts_with(prefix)
        && h_first.ends_with(suffix)
}

/// Whether the DNS name `name` lies within the DNS constraint `base` (`example.com` covers
/// itself and its subdomains; `.example.com` only the subdomains).
fn dns_within(name: &str, base: &str) -> bool {
    let name = name.to_ascii_lowercase();
    let base = base.to_ascii_lowercase();
    if base.is_empty() {
        return true;
    }
    match base.strip_prefix('.') {
        Some(_) => name.ends_with(&base),
        None => name == base || name.ends_with(&format!(".{base}")),
    }
}

/// The directoryName entries of a list of subtrees.
fn directory_names(list: &[GeneralName]) -> Vec<GeneralName> {
    list.iter()
        .filter(|n| matches!(n, GeneralName::Directory(_)))
        .cloned()
        .collect()
}

/// The contents of a DER SEQUENCE (a Name: its RDNs, encoded), or `None` when it is not one.
fn sequence_contents(der: &[u8]) -> Option<&[u8]> {
    let (&tag, rest) = der.split_first()?;
    if tag != 0x30 {
        return None;
    }
    let (&first, rest) = rest.split_first()?;
    if first < 0x80 {
        return rest.get(..usize::from(first));
    }
    let count = usize::from(first & 0x7f);
    let length_bytes = rest.get(..count)?;
    let length = length_bytes.iter().try_fold(0usize, |n, &b| {
        n.checked_mul(256).map(|n| n + usize::from(b))
    })?;
    rest.get(count..)?.get(..length)
}

/// directoryName constraints compared byte for byte: the subject's encoded RDNs start with
/// a permitted base's, and with no excluded base's.
fn dn_within_exact(subject: &DistinguishedName, constraints: &Constraints) -> bool {
    if subject.is_empty() {
        return true;
    }
    let Some(name) = sequence_contents(&subject.der) else {
        return false;
    };
    let under = |base: &GeneralName| match base {
        GeneralName::Directory(dn) => {
            sequence_contents(&dn.der).is_some_and(|b| name.starts_with(b))
        }
        _ => false,
    };
    if constraints.excluded.iter().any(under) {
        return false;
    }
    constraints.permitted.is_empty() || constraints.permitted.iter().any(under)
}

/// Whether a certificate without subjectAltName has a common name that DNS constraints
/// allow: the CN is taken as the host name it stands for.
fn cn_within(cert: &Certificate, constraints: &Constraints) -> bool {
    if cert.subject_alt_names().is_some() {
        return true;
    }
    let Some(cn) = cert.subject.common_name() else {
        return true;
    };
    if !cn.contains('.') || cn.parse::<std::net::IpAddr>().is_ok() {
        return true;
    }
    let dns = |list: &[GeneralName]| -> Vec<String> {
        list.iter()
            .filter_map(|n| match n {
                GeneralName::Dns(d) => Some(d.clone()),
                _ => None,
            })
            .collect()
    };
    let permitted = dns(&constraints.permitted);
    let excluded = dns(&constraints.excluded);
    if excluded.iter().any(|b| dns_within(cn, b)) {
        return false;
    }
    permitted.is_empty() || permitted.iter().any(|b| dns_within(cn, b))
}

fn ip_equals(bytes: &[u8], ip: std::net::IpAddr) -> bool {
    match ip {
        std::net::IpAddr::V4(v4) => bytes == v4.octets(),
        std::net::IpAddr::V6(v6) => bytes == v6.octets(),
    }
}

#[cfg(test)]
mod lab_cases;
#[cfg(test)]
pub(crate) mod test_support;

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;
    use crate::model::DeviceClock;
    use time::OffsetDateTime;

    #[test]
    fn a_build_date_floor_is_the_time_the_device_believes_at_least() {
        let lab = Lab::new();
        let mbedtls = Device::new(Stack::MbedTls);
        let host = "device.example.com";
        let chain = lab.ok_chain();
        let floor = DeviceClock::Build {
            date: LEAVES_EXPIRED,
        };
        // Validated in early 2027 by a device built in mid-2028: the leaf is expired to it.
        let v = lab.verdict_at(mbedtls.clone(), &chain, host, floor, AT);
        assert!(!v.trusted);
        assert_eq!(v.code(), Some("expired"));
        // A build date in the past changes nothing.
        let early = DeviceClock::Build {
            date: time::macros::datetime!(2020-01-01 00:00 UTC),
        };
        let v = lab.verdict_at(mbedtls, &chain, host, early, AT);
        assert!(v.trusted);
        assert_eq!(
            v.breaks_at,
            chain.first().map(|c| c.validity.not_after),
            "the leaf's notAfter is the first break"
        );
    }

    #[test]
    fn a_skewed_clock_breaks_earlier_in_real_time() {
        let lab = Lab::new();
        let chain = lab.ok_chain();
        let v = lab.verdict_at(
            Device::new(Stack::OpenSsl),
            &chain,
            "device.example.com",
            DeviceClock::Skew { days: 10 },
            AT,
        );
        let not_after = chain.first().map(|c| c.validity.not_after);
        assert_eq!(v.breaks_at, not_after.map(|t| t - time::Duration::days(10)));
    }

    #[test]
    fn the_order_received_is_the_source_then_the_untrusted_ones() {
        let lab = Lab::new();
        let v = lab.verdict_chain(Stack::BearSsl, &lab.extra_in_middle(), "device.example.com");
        let received: Vec<usize> = v.order_received.iter().map(|c| c.index()).collect();
        assert_eq!(received, [0, 1, 2]);
        let working: Option<Vec<usize>> = v
            .working_order
            .map(|o| o.iter().map(|c| c.index()).collect());
        assert_eq!(working, Some(vec![0, 2]));
    }

    /// Every stack profile gives the verdict its real library gave on one case of each of
    /// the device lab's mutation kinds (Debian's libraries; wolfSSL as Debian builds it).
    #[test]
    fn each_profile_agrees_with_its_library_on_the_lab_cases() {
        let devices: [Device; 5] = [
            Device::new(Stack::MbedTls),
            "wolfssl-5.5:alt-cert-chains".parse().unwrap(),
            Device::new(Stack::BearSsl),
            Device::new(Stack::GnuTls),
            Device::new(Stack::OpenSsl),
        ];
        let mut wrong = Vec::new();
        for (id, host, at, chain, anchors, accepted) in super::lab_cases::CASES {
            let chain = crate::ingest::load_bytes(chain.as_bytes())
                .unwrap()
                .certificates;
            let anchors = crate::ingest::load_bytes(anchors.as_bytes())
                .unwrap()
                .certificates;
            let store = crate::verify::test_chains::store("anchors", anchors);
            let at = OffsetDateTime::from_unix_timestamp(*at).unwrap();
            for (device, expected) in devices.iter().zip(accepted) {
                let v = verdict_for(device.clone(), chain.clone(), &store, host, at);
                if v.trusted != *expected {
                    wrong.push(format!("{id} {}: {:?}", device.name(), v.problems));
                }
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn presets_bring_their_stores() {
        let aws = preset_store(PresetStore::AmazonRootCa1).unwrap();
        assert_eq!(aws.anchors.len(), 1);
        assert_eq!(
            aws.anchors.first().map(|a| a.subject.display_label()),
            Some("Amazon Root CA 1".to_string())
        );
        let esp = preset_store(PresetStore::EspIdfBundle).unwrap();
        assert!(esp.anchors.len() > 100);
        assert!(esp.anchors.iter().all(|a| a.certificate.is_none()));
    }
}
