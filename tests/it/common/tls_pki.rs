//! rcgen-made certificates for the TLS fetch tests.

use anyhow::Result;
use rcgen::{
    BasicConstraints, CertificateParams, CustomExtension, DnType, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, date_time_ymd,
};

/// A private OID arc for padding extensions, so they are ignored as unknown and non-critical.
const PADDING_OID: &[u64] = &[1, 3, 6, 1, 4, 1, 55555, 1];

/// A certificate and the key it certifies.
pub struct Issued {
    /// DER encoding.
    pub der: Vec<u8>,
    /// PEM encoding.
    pub pem: String,
    /// The certified key pair.
    pub key: KeyPair,
}

impl Issued {
    /// The key as PKCS#8 DER.
    pub fn key_der(&self) -> Vec<u8> {
        self.key.serialize_der()
    }
}

/// Root → intermediate → leaf, as a small private PKI would issue it.
pub struct TestPki {
    /// Self-signed root CA.
    pub root: Issued,
    /// CA issued by the root.
    pub intermediate: Issued,
    /// Server certificate for `localhost`, `server.test` and 127.0.0.1, issued by the intermediate.
    pub leaf: Issued,
}

fn ca_params(common_name: &str) -> Result<CertificateParams> {
    let mut params = CertificateParams::new(Vec::<String>::new())?;
    params
        .distinguished_name
        .push(DnType::CommonName, common_name);
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    Ok(params)
}

fn leaf_params() -> Result<CertificateParams> {
    let mut params = CertificateParams::new(vec![
        "localhost".to_owned(),
        "server.test".to_owned(),
        "127.0.0.1".to_owned(),
    ])?;
    params
        .distinguished_name
        .push(DnType::CommonName, "server.test");
    Ok(params)
}

/// A fresh root → intermediate → leaf PKI with ECDSA P-256 keys.
pub fn pki() -> Result<TestPki> {
    chain_of(
        ca_params("chainlens test root")?,
        ca_params("chainlens test intermediate")?,
        leaf_params()?,
    )
}

/// Signs root → intermediate → leaf from their templates, each with a fresh P-256 key.
fn chain_of(
    root_params: CertificateParams,
    intermediate_params: CertificateParams,
    leaf_params: CertificateParams,
) -> Result<TestPki> {
    let issued = |cert: &rcgen::Certificate, key: KeyPair| Issued {
        der: cert.der().to_vec(),
        pem: cert.pem(),
        key,
    };
    let root_key = KeyPair::generate()?;
    let root_cert = root_params.self_signed(&root_key)?;
    let root_issuer = Issuer::new(root_params, &root_key);
    let intermediate_key = KeyPair::generate()?;
    let intermediate_cert = intermediate_params.signed_by(&intermediate_key, &root_issuer)?;
    let intermediate_issuer = Issuer::new(intermediate_params, &intermediate_key);
    let leaf_key = KeyPair::generate()?;
    let leaf_cert = leaf_params.signed_by(&leaf_key, &intermediate_issuer)?;
    Ok(TestPki {
        root: issued(&root_cert, root_key),
        intermediate: issued(&intermediate_cert, intermediate_key),
        leaf: issued(&leaf_cert, leaf_key),
    })
}

/// A self-signed leaf that expired in 2001: servers still send such things.
pub fn expired_self_signed() -> Result<Issued> {
    let key = KeyPair::generate()?;
    let mut params = leaf_params()?;
    params.not_before = date_time_ymd(2000, 1, 1);
    params.not_after = date_time_ymd(2001, 1, 1);
    let cert = params.self_signed(&key)?;
    Ok(Issued {
        der: cert.der().to_vec(),
        pem: cert.pem(),
        key,
    })
}

/// A chain of `count` certificates (leaf first), each issued by the next, all sharing one
/// key so the chain is cheap to make. Each certificate carries `padding_bytes` of an
/// unknown extension, to steer the size of the whole certificate message.
pub fn long_chain(count: usize, padding_bytes: usize) -> Result<(Vec<Vec<u8>>, KeyPair)> {
    anyhow::ensure!(count >= 2, "a chain needs a leaf and an issuer");
    let key = KeyPair::generate()?;
    let with_padding = |mut params: CertificateParams| {
        if padding_bytes > 0 {
            params.custom_extensions = vec![CustomExtension::from_oid_content(
                PADDING_OID,
                vec![0u8; padding_bytes],
            )];
        }
        params
    };
    // Built from the top down so each certificate's issuer exists when it is signed.
    let top = with_padding(ca_params(&format!("chain CA {}", count - 1))?);
    let mut chain = vec![top.self_signed(&key)?.der().to_vec()];
    let mut issuer = Issuer::new(top, &key);
    for index in (1..count - 1).rev() {
        let params = with_padding(ca_params(&format!("chain CA {index}"))?);
        chain.push(params.signed_by(&key, &issuer)?.der().to_vec());
        issuer = Issuer::new(params, &key);
    }
    let leaf = with_padding(leaf_params()?).signed_by(&key, &issuer)?;
    chain.push(leaf.der().to_vec());
    chain.reverse();
    Ok((chain, key))
}

/// A self-signed leaf padded to about `size_bytes`, with its key.
pub fn huge_leaf(size_bytes: usize) -> Result<Issued> {
    let key = KeyPair::generate()?;
    let mut params = leaf_params()?;
    params.custom_extensions = vec![CustomExtension::from_oid_content(
        PADDING_OID,
        vec![0u8; size_bytes],
    )];
    let cert = params.self_signed(&key)?;
    Ok(Issued {
        der: cert.der().to_vec(),
        pem: cert.pem(),
        key,
    })
}

/// An Amazon-shaped PKI of our own: a root, an intermediate and a leaf for
/// `*.iot.<region>.amazonaws.com` (as AWS IoT Core data endpoints present), valid from
/// yesterday for 90 days. No real store trusts it, so the AWS IoT device preset rejects it.
pub fn amazon_shaped(region: &str) -> Result<TestPki> {
    let now = time::OffsetDateTime::now_utc();
    // Real chains carry authorityKeyIdentifier, which RFC 5280 requires of CA-issued ones.
    let validity = |params: &mut CertificateParams| {
        params.not_before = now - time::Duration::days(1);
        params.not_after = now + time::Duration::days(90);
        params.use_authority_key_identifier_extension = true;
    };
    let mut root_params = ca_params("chainlens test Amazon-shaped root")?;
    validity(&mut root_params);
    let mut intermediate_params = ca_params("chainlens test Amazon-shaped intermediate")?;
    validity(&mut intermediate_params);
    let wildcard = format!("*.iot.{region}.amazonaws.com");
    let mut leaf_params = CertificateParams::new(vec![
        wildcard.clone(),
        format!("iot.{region}.amazonaws.com"),
    ])?;
    leaf_params
        .distinguished_name
        .push(DnType::CommonName, wildcard);
    leaf_params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    leaf_params.extended_key_usages = vec![
        rcgen::ExtendedKeyUsagePurpose::ServerAuth,
        rcgen::ExtendedKeyUsagePurpose::ClientAuth,
    ];
    validity(&mut leaf_params);
    chain_of(root_params, intermediate_params, leaf_params)
}
