//! Why a signature cannot be checked: a combination of algorithm and key that chainlens does
//! not verify. Data only; `report` says it.

/// Why a signature is not checked. Its sentence is `report::words::unsupported_signature`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum UnsupportedSignature {
    /// The signature algorithm does not fit the signer's key type (an ECDSA signature and an
    /// RSA key, say).
    KeyMismatch {
        /// The signature algorithm's name.
        algorithm: String,
        /// The signer's key, as the certificate describes it (`RSA 2048 bits`).
        key: String,
    },
    /// An RSA PKCS#1 signature with a hash that is not verified (MD2, MD5, SHA-224).
    RsaHash {
        /// The signature algorithm's name.
        algorithm: String,
    },
    /// RSASSA-PSS with SHA-1 or parameters that name no SHA-2 hash.
    PssParameters,
    /// RSASSA-PSS by a key outside the 2048–8192 bits verified.
    PssKeySize {
        /// The key's size.
        bits: u32,
    },
    /// An RSA PKCS#1 signature by a key too large to verify (above 16384 bits) or whose
    /// modulus or exponent does not decode.
    RsaKeyUnusable {
        /// The key's size, when known.
        bits: u32,
    },
    /// A DSA key that omits its parameters, with no issuer on the path to inherit them from
    /// (RFC 3279 §2.3.2).
    DsaParametersMissing,
    /// A DSA key or its parameters that do not decode, or a prime above 3072 bits.
    DsaKeyUnusable,
    /// ECDSA on a curve, or with a hash, that is not verified.
    EcdsaCurve {
        /// The signature algorithm's name.
        algorithm: String,
        /// The key's curve (`unknown curve` when the key names none).
        curve: String,
    },
    /// ML-DSA with parameters in its signature or key algorithm identifier, which RFC 9881
    /// §2 requires to be absent.
    MlDsaParameters {
        /// The signature algorithm's name.
        algorithm: String,
    },
    /// An ML-DSA key whose length is not its parameter set's (FIPS 204: 1312, 1952 or 2592
    /// bytes), so it does not decode.
    MlDsaKeySize {
        /// The signature algorithm's name.
        algorithm: String,
        /// The key's length in bytes.
        bytes: usize,
        /// The parameter set's key length in bytes.
        expected: usize,
    },
    /// A signature algorithm that is not verified at all.
    Algorithm {
        /// Its name.
        name: String,
        /// Its OID, dotted.
        oid: String,
    },
}

impl serde::Serialize for UnsupportedSignature {
    /// JSON carries the reason in words, as the report says it.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&crate::report::words::unsupported_signature(self))
    }
}
