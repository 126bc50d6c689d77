//! Signatures already checked in one inspection, so that grouping, the path search and the
//! link checks, which all ask whether a key signed a certificate, pay for each answer once.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use crate::model::{Certificate, PublicKeyInfo};

use super::signature::{self, SignatureOutcome};

/// The outcome of every (certificate, issuer key) signature checked during one inspection.
///
/// A certificate is known by its SHA-256 fingerprint (which covers its to-be-signed part, its
/// algorithm and its signature) and a key by its DER SubjectPublicKeyInfo: the same
/// certificate under the same key always gives the same outcome, whichever copy of the
/// issuer (sent, untrusted, AIA or a store's anchor) carries the key.
#[derive(Debug, Default)]
pub struct SignatureCache {
    /// Outcomes by certificate fingerprint, then by issuer SPKI.
    known: RefCell<HashMap<String, HashMap<Vec<u8>, SignatureOutcome>>>,
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
        self.known
            .borrow()
            .get(cert.sha256.as_str())
            .is_some_and(|by_key| by_key.contains_key(key.spki_der.as_slice()))
    }

    /// The outcome of checking `cert`'s signature with `key`, verified on first use only.
    pub fn verify(&self, cert: &Certificate, key: &PublicKeyInfo) -> SignatureOutcome {
        if let Some(known) = self
            .known
            .borrow()
            .get(cert.sha256.as_str())
            .and_then(|by_key| by_key.get(key.spki_der.as_slice()))
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
            .insert(key.spki_der.clone(), outcome.clone());
        outcome
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
}
