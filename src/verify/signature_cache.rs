//! Signatures already checked in one inspection, so that grouping, the path search and the
//! link checks, which all ask whether a key signed a certificate, pay for each answer once.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use crate::model::{Certificate, DistinguishedName, PublicKeyInfo, oids};

use super::signature::{self, SignatureOutcome};
use super::store::TrustStore;

/// A key as the cache knows it: its DER SubjectPublicKeyInfo and, for a DSA key that inherits
/// its parameters, the parameters it was verified with.
type KeySlot = (Vec<u8>, Option<Vec<u8>>);

/// The outcome of every (certificate, issuer key) signature checked during one inspection.
///
/// A certificate is known by its SHA-256 fingerprint (which covers its to-be-signed part, its
/// algorithm and its signature) and a key by its DER SubjectPublicKeyInfo: the same
/// certificate under the same key always gives the same outcome, whichever copy of the
/// issuer (sent, untrusted, AIA or a store's anchor) carries the key.
///
/// A DSA key that omits its parameters inherits them from its issuer (RFC 3279 §2.3.2): the
/// parameters a key verifies with are then part of its slot, so the same key under other
/// parameters is another entry.
#[derive(Debug, Default)]
pub struct SignatureCache {
    /// Outcomes by certificate fingerprint, then by issuer key slot.
    known: RefCell<HashMap<String, HashMap<KeySlot, SignatureOutcome>>>,
    /// DSA parameters inherited, by the SPKI of the key that omits them.
    inherited: RefCell<HashMap<Vec<u8>, Vec<u8>>>,
    /// Signatures actually verified (cache misses).
    verified: Cell<usize>,
}

impl SignatureCache {
    /// An empty cache, for one inspection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether the signature of `cert` under `key` has been checked already.
    pub fn contains(&self, cert: &Certificate, key: &PublicKeyInfo) -> bool {
        let slot = self.slot(key);
        self.known
            .borrow()
            .get(cert.sha256.as_str())
            .is_some_and(|by_key| by_key.contains_key(&slot))
    }

    /// The outcome of checking `cert`'s signature with `key` (with its inherited DSA
    /// parameters, if it has any), verified on first use only.
    pub fn verify(&self, cert: &Certificate, key: &PublicKeyInfo) -> SignatureOutcome {
        let inherited = self.inherited_key(key);
        let key = inherited.as_ref().unwrap_or(key);
        let slot = self.slot(key);
        if let Some(known) = self
            .known
            .borrow()
            .get(cert.sha256.as_str())
            .and_then(|by_key| by_key.get(&slot))
        {
            return known.clone();
        }
        let outcome = signature::verify(
            &cert.signature_algorithm,
            key,
            &cert.tbs_der,
            &cert.signature,
        );
        self.verified.set(self.verified.get().saturating_add(1));
        self.known
            .borrow_mut()
            .entry(cert.sha256.clone())
            .or_default()
            .insert(slot, outcome.clone());
        outcome
    }

    /// The cache slot of `key`: its SPKI, and its DSA parameters when they are inherited.
    fn slot(&self, key: &PublicKeyInfo) -> KeySlot {
        let params = omits_dsa_parameters(key)
            .then(|| self.inherited.borrow().get(&key.spki_der).cloned())
            .flatten()
            .or_else(|| {
                (key.algorithm.oid == oids::KEY_DSA)
                    .then(|| key.algorithm.params_der.clone())
                    .flatten()
            });
        (key.spki_der.clone(), params)
    }

    /// `key` with the DSA parameters it inherits, when it omits its own and an issuer
    /// supplied them; `None` for every other key.
    pub fn inherited_key(&self, key: &PublicKeyInfo) -> Option<PublicKeyInfo> {
        if !omits_dsa_parameters(key) {
            return None;
        }
        let params = self.inherited.borrow().get(&key.spki_der).cloned()?;
        let mut key = key.clone();
        key.algorithm.params_der = Some(params);
        Some(key)
    }

    /// Learns the DSA parameters each certificate's key inherits (RFC 3279 §2.3.2): from an
    /// issuer among `certificates` and the stores' anchors whose name matches, whose DSA key
    /// has parameters (its own or inherited), and whose key verifies the certificate.
    ///
    /// Inheritance runs down a path from the top, while the path search runs up from the
    /// leaf: learning first lets every later question (grouping, search, link checks, CRLs)
    /// use the effective key.
    pub fn learn_inherited_parameters<'a>(
        &self,
        certificates: impl IntoIterator<Item = &'a Certificate>,
        stores: &'a [TrustStore],
    ) {
        let certificates: Vec<&Certificate> = certificates.into_iter().collect();
        let orphans: Vec<&Certificate> = certificates
            .iter()
            .copied()
            .filter(|c| omits_dsa_parameters(&c.public_key))
            .collect();
        if orphans.is_empty() {
            return;
        }
        let issuers: Vec<(&DistinguishedName, &PublicKeyInfo)> = certificates
            .iter()
            .map(|c| (&c.subject, &c.public_key))
            .chain(
                stores
                    .iter()
                    .flat_map(|s| &s.anchors)
                    .map(|a| (&a.subject, &a.public_key)),
            )
            .filter(|(_, key)| key.algorithm.oid == oids::KEY_DSA)
            .collect();
        // Each round settles at least one more key, or stops.
        for _ in 0..orphans.len() {
            let mut learned = false;
            for child in &orphans {
                if self
                    .inherited
                    .borrow()
                    .contains_key(&child.public_key.spki_der)
                {
                    continue;
                }
                let found = issuers
                    .iter()
                    .filter(|(subject, key)| {
                        child.issuer.matches(subject) && key.spki_der != child.public_key.spki_der
                    })
                    .filter_map(|(_, key)| {
                        let effective = self.inherited_key(key);
                        let effective = effective.as_ref().unwrap_or(key);
                        let params = effective.algorithm.params_der.clone();
                        let usable = !omits_dsa_parameters(effective);
                        (usable && self.signs(child, effective)).then_some(params)
                    })
                    .next()
                    .flatten();
                if let Some(params) = found {
                    self.inherited
                        .borrow_mut()
                        .insert(child.public_key.spki_der.clone(), params);
                    learned = true;
                }
            }
            if !learned {
                break;
            }
        }
    }

    /// Whether `key` verifies `cert`'s signature.
    pub fn signs(&self, cert: &Certificate, key: &PublicKeyInfo) -> bool {
        self.verify(cert, key) == SignatureOutcome::Valid
    }

    /// How many signatures were actually verified (each distinct pair once).
    #[cfg(test)]
    pub fn verifications(&self) -> usize {
        self.verified.get()
    }

    /// How many distinct (certificate, issuer key) pairs are known.
    #[cfg(test)]
    pub fn pairs(&self) -> usize {
        self.known.borrow().values().map(HashMap::len).sum()
    }
}

/// Whether `key` is a DSA key without parameters of its own (absent or NULL).
fn omits_dsa_parameters(key: &PublicKeyInfo) -> bool {
    key.algorithm.oid == oids::KEY_DSA
        && matches!(
            key.algorithm.params_der.as_deref(),
            None | Some([0x05, 0x00])
        )
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::super::Budget;
    use super::super::signature::VERIFIED;
    use super::super::test_chains::{Ca, inspect, store};
    use super::*;

    #[test]
    fn each_signature_is_verified_once_per_inspection() {
        // Two anchors: Root A, and Root B, which A also cross-signed. The chain sent holds the
        // leaf, its intermediate, B cross-signed by A, and decoys with the names of the
        // intermediate and of B but other keys, so grouping, both searches and the link
        // checks all ask about the same pairs.
        let root_a = Ca::new("Root A");
        let root_b = Ca::new("Root B");
        let inter = Ca::new("Intermediate");
        let decoy_inter = Ca::new("Intermediate");
        let decoy_b = Ca::new("Root B");
        let leaf = inter.leaf("www.example.com");
        let chain = vec![
            leaf,
            inter.signed_by(&root_b),
            decoy_inter.signed_by(&root_b),
            root_b.signed_by(&root_a),
            decoy_b.signed_by(&root_a),
        ];
        let (a, b) = (root_a.root(), root_b.root());
        let stores = [
            store("only A", vec![a.clone()]),
            store("only B", vec![b.clone()]),
            store("both", vec![b, a]),
        ];
        VERIFIED.with(|v| v.borrow_mut().clear());
        let cache = SignatureCache::new();
        let insp = inspect(chain, vec![], &stores, Budget::default(), &cache);
        let verified = VERIFIED.with(|v| v.take());

        assert!(insp.all_trusted(), "{:#?}", insp.verdicts);
        // Trusted through the cross-sign in "both": two paths, one to each anchor.
        let both = &insp.verdicts[2];
        assert!(both.paths.len() >= 2, "{:#?}", both.paths);
        let distinct: HashSet<&(Vec<u8>, Vec<u8>)> = verified.iter().collect();
        assert_eq!(
            distinct.len(),
            verified.len(),
            "a (certificate, key) pair was verified twice"
        );
        assert_eq!(cache.verifications(), verified.len());
        assert_eq!(cache.pairs(), verified.len());
        // Leaf under both intermediates' keys, each intermediate under both B keys, both B
        // copies under A, and the self-signatures of the anchors: at least this many pairs
        // were examined, each once.
        assert!(verified.len() >= 8, "{}", verified.len());
    }

    #[test]
    fn a_dsa_key_inherits_its_parameters_from_the_issuer_above_it() {
        use super::super::test_chains::{fixture, inspect_under};
        use crate::model::{Policy, Profile};

        // PKITS 4.1.5: anchor (RSA) → DSA CA (with p, q, g) → a CA whose DSA key omits them →
        // leaf. The leaf's signature verifies only with the parameters of the DSA CA, two
        // certificates up the path, while the search goes up from the leaf.
        let dsa_ca = fixture("pkits/DSACACert.crt");
        let inheriting = fixture("pkits/DSAParametersInheritedCACert.crt");
        let leaf = fixture("pkits/ValidDSAParameterInheritanceTest5EE.crt");
        let anchors = [store(
            "PKITS",
            vec![fixture("pkits/TrustAnchorRootCertificate.crt")],
        )];
        let policy = Policy {
            profile: Profile::Rfc5280,
            ..Policy::at(time::macros::datetime!(2020-01-01 00:00 UTC))
        };
        let cache = SignatureCache::new();
        let insp = inspect_under(
            vec![leaf.clone()],
            vec![inheriting.clone(), dsa_ca.clone()],
            &anchors,
            &policy,
            &cache,
        );
        assert!(insp.all_trusted(), "{:#?}", insp.verdicts);
        let inherited = cache.inherited_key(&inheriting.public_key);
        assert_eq!(
            inherited.and_then(|k| k.algorithm.params_der),
            dsa_ca.public_key.algorithm.params_der
        );
        assert!(cache.signs(&leaf, &inheriting.public_key));
        // Without the DSA CA nothing supplies the parameters: the leaf's signature is not
        // checked, and the path is not trusted.
        let alone = SignatureCache::new();
        let insp = inspect_under(
            vec![leaf.clone()],
            vec![inheriting],
            &anchors,
            &policy,
            &alone,
        );
        assert!(!insp.all_trusted());
        assert!(matches!(
            alone.verify(
                &leaf,
                &fixture("pkits/DSAParametersInheritedCACert.crt").public_key
            ),
            SignatureOutcome::Unsupported(_)
        ));
        // Under webpki the same path is rejected for its DSA keys (BR §6.1.5).
        let web = Policy {
            profile: Profile::WebPki,
            ..policy.clone()
        };
        let insp = inspect_under(
            vec![leaf],
            vec![fixture("pkits/DSAParametersInheritedCACert.crt"), dsa_ca],
            &anchors,
            &web,
            &SignatureCache::new(),
        );
        assert!(!insp.all_trusted());
        let codes: Vec<&str> = insp.verdicts[0]
            .paths
            .iter()
            .flat_map(|p| {
                p.checks
                    .iter()
                    .chain(insp.links.iter().flat_map(|l| &l.checks))
            })
            .filter_map(|c| c.failure.as_ref().map(|f| f.code()))
            .collect();
        assert!(
            codes.contains(&"key_algorithm_outside_web_pki"),
            "{codes:?}"
        );
    }
}
