//! Finite-field Diffie-Hellman (RFC 7919 groups) for the probe's TLS 1.3 handshakes, which
//! rustls's aws-lc-rs provider does not offer: without it, a server that takes only ffdhe
//! groups would never show its TLS 1.3 chain. The probe reads what a server sends and keeps
//! nothing secret, so plain modular exponentiation (num-bigint) is enough here.

use num_bigint::BigUint;
use rustls::crypto::{ActiveKeyExchange, SharedSecret, SupportedKxGroup};
use rustls::ffdhe_groups::{FFDHE2048, FFDHE3072, FFDHE4096, FFDHE6144, FFDHE8192, FfdheGroup};
use rustls::{Error, NamedGroup};

/// One RFC 7919 group.
#[derive(Debug)]
pub(crate) struct Ffdhe {
    name: NamedGroup,
    group: FfdheGroup<'static>,
}

/// The five RFC 7919 groups, smallest first.
pub(crate) static GROUPS: [Ffdhe; 5] = [
    Ffdhe {
        name: NamedGroup::FFDHE2048,
        group: FFDHE2048,
    },
    Ffdhe {
        name: NamedGroup::FFDHE3072,
        group: FFDHE3072,
    },
    Ffdhe {
        name: NamedGroup::FFDHE4096,
        group: FFDHE4096,
    },
    Ffdhe {
        name: NamedGroup::FFDHE6144,
        group: FFDHE6144,
    },
    Ffdhe {
        name: NamedGroup::FFDHE8192,
        group: FFDHE8192,
    },
];

/// A started exchange: the private exponent and the public value.
struct Active {
    name: NamedGroup,
    group: FfdheGroup<'static>,
    prime: BigUint,
    exponent: BigUint,
    public: Vec<u8>,
}

/// `value` as big-endian bytes, left-padded to the prime's length (RFC 8446 §4.2.8.1, §7.4.1).
fn padded(value: &BigUint, length: usize) -> Vec<u8> {
    let bytes = value.to_bytes_be();
    let mut out = vec![0u8; length.saturating_sub(bytes.len())];
    out.extend(bytes);
    out
}

impl SupportedKxGroup for Ffdhe {
    fn start(&self) -> Result<Box<dyn ActiveKeyExchange>, Error> {
        // 512 random bits: twice the security of the largest group (RFC 7919 §5.2).
        let mut secret = [0u8; 64];
        aws_lc_rs::rand::fill(&mut secret).map_err(|_| Error::FailedToGetRandomBytes)?;
        let prime = BigUint::from_bytes_be(self.group.p);
        let exponent = BigUint::from_bytes_be(&secret);
        let public = BigUint::from_bytes_be(self.group.g).modpow(&exponent, &prime);
        Ok(Box::new(Active {
            name: self.name,
            group: self.group,
            public: padded(&public, self.group.p.len()),
            prime,
            exponent,
        }))
    }

    fn ffdhe_group(&self) -> Option<FfdheGroup<'static>> {
        Some(self.group)
    }

    fn name(&self) -> NamedGroup {
        self.name
    }
}

impl ActiveKeyExchange for Active {
    fn complete(self: Box<Self>, peer_pub_key: &[u8]) -> Result<SharedSecret, Error> {
        let peer = BigUint::from_bytes_be(peer_pub_key);
        let one = BigUint::from(1u8);
        // 1 < Y < p - 1 (RFC 7919 §5.1).
        if peer <= one || peer >= &self.prime - &one {
            return Err(Error::from(rustls::PeerMisbehaved::InvalidKeyShare));
        }
        let shared = peer.modpow(&self.exponent, &self.prime);
        Ok(SharedSecret::from(padded(&shared, self.group.p.len())))
    }

    fn pub_key(&self) -> &[u8] {
        &self.public
    }

    fn ffdhe_group(&self) -> Option<FfdheGroup<'static>> {
        Some(self.group)
    }

    fn group(&self) -> NamedGroup {
        self.name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_sides_agree() {
        let group = &GROUPS[0];
        let a = group.start().unwrap();
        let b = group.start().unwrap();
        assert_eq!(a.pub_key().len(), 256);
        let b_public = b.pub_key().to_vec();
        let a_public = a.pub_key().to_vec();
        let from_a = a.complete(&b_public).unwrap();
        let from_b = b.complete(&a_public).unwrap();
        assert_eq!(from_a.secret_bytes(), from_b.secret_bytes());
        assert!(GROUPS[0].start().unwrap().complete(&[1]).is_err());
    }
}
