use serde::Serialize;

/// A general name (RFC 5280 §4.2.1.6), as found in SAN, AIA, CRL distribution points and name constraints.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "value")]
pub enum GeneralName {
    /// dNSName.
    Dns(String),
    /// iPAddress: 4 or 16 bytes in a SAN; address + mask (8 or 32 bytes) in name constraints.
    Ip(Vec<u8>),
    /// rfc822Name.
    Email(String),
    /// uniformResourceIdentifier.
    Uri(String),
    /// directoryName (JSON carries its one-line form).
    Directory(#[serde(serialize_with = "one_line")] super::DistinguishedName),
    /// registeredID, dotted OID.
    RegisteredId(String),
    /// otherName: type OID and value as hex.
    Other {
        /// Dotted OID of the otherName type.
        oid: String,
        /// DER of the value, hex.
        value_hex: String,
    },
    /// x400Address or ediPartyName: shown as hex of the DER.
    Unsupported(String),
    /// A name that does not decode as its tag says.
    Invalid {
        /// The context tag number.
        tag: u32,
        /// The bytes, hex.
        value_hex: String,
    },
}

impl std::fmt::Display for GeneralName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GeneralName::Dns(v) => write!(f, "DNS:{v}"),
            GeneralName::Ip(bytes) => write!(f, "IP Address:{}", format_ip(bytes)),
            GeneralName::Email(v) => write!(f, "email:{v}"),
            GeneralName::Uri(v) => write!(f, "URI:{v}"),
            GeneralName::Directory(v) => write!(f, "DirName:{}", v.one_line),
            GeneralName::RegisteredId(v) => write!(f, "Registered ID:{v}"),
            GeneralName::Other { oid, value_hex } => write!(f, "othername:{oid}::{value_hex}"),
            GeneralName::Unsupported(v) => write!(f, "{v}"),
            GeneralName::Invalid { tag, value_hex } => {
                write!(f, "invalid name [{tag}]:#{value_hex}")
            }
        }
    }
}

fn one_line<S: serde::Serializer>(
    name: &super::DistinguishedName,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&name.one_line)
}

/// Formats an IP address (4 or 16 bytes) or an address with mask (8 or 32 bytes).
pub fn format_ip(bytes: &[u8]) -> String {
    fn one(b: &[u8]) -> String {
        if let Ok(v4) = <[u8; 4]>::try_from(b) {
            std::net::Ipv4Addr::from(v4).to_string()
        } else if let Ok(v6) = <[u8; 16]>::try_from(b) {
            std::net::Ipv6Addr::from(v6).to_string()
        } else {
            hex::encode(b)
        }
    }
    match bytes.len() {
        8 | 32 => {
            let (addr, mask) = bytes.split_at(bytes.len() / 2);
            format!("{}/{}", one(addr), one(mask))
        }
        _ => one(bytes),
    }
}

/// The nine keyUsage bits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct KeyUsageFlags {
    /// digitalSignature.
    pub digital_signature: bool,
    /// nonRepudiation (contentCommitment).
    pub non_repudiation: bool,
    /// keyEncipherment.
    pub key_encipherment: bool,
    /// dataEncipherment.
    pub data_encipherment: bool,
    /// keyAgreement.
    pub key_agreement: bool,
    /// keyCertSign.
    pub key_cert_sign: bool,
    /// cRLSign.
    pub crl_sign: bool,
    /// encipherOnly.
    pub encipher_only: bool,
    /// decipherOnly.
    pub decipher_only: bool,
}

impl KeyUsageFlags {
    /// The set bits, with openssl's names.
    pub fn names(&self) -> Vec<&'static str> {
        let all = [
            (self.digital_signature, "Digital Signature"),
            (self.non_repudiation, "Non Repudiation"),
            (self.key_encipherment, "Key Encipherment"),
            (self.data_encipherment, "Data Encipherment"),
            (self.key_agreement, "Key Agreement"),
            (self.key_cert_sign, "Certificate Sign"),
            (self.crl_sign, "CRL Sign"),
            (self.encipher_only, "Encipher Only"),
            (self.decipher_only, "Decipher Only"),
        ];
        all.into_iter()
            .filter(|(set, _)| *set)
            .map(|(_, n)| n)
            .collect()
    }
}

/// One CRL distribution point.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DistributionPoint {
    /// Full names (usually URIs) or, for a relative name, its one-line form as a directory name.
    pub names: Vec<GeneralName>,
    /// Reason flags, if restricted.
    pub reasons: Option<Vec<String>>,
    /// CRL issuer names, if the CRL is issued by someone else.
    pub crl_issuer: Vec<GeneralName>,
}

/// One certificate policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PolicyInfo {
    /// Dotted OID of the policy.
    pub oid: String,
    /// Well-known name (`CA/B Forum Domain Validated`, `anyPolicy`), if known.
    pub name: Option<String>,
    /// CPS URIs and user notices (JSON carries each as its text).
    pub qualifiers: Vec<PolicyQualifier>,
}

/// A policy qualifier (RFC 5280 §4.2.1.4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PolicyQualifier {
    /// id-qt-cps: the URI of a certification practice statement.
    Cps(String),
    /// id-qt-unotice: a notice for the relying party.
    UserNotice(UserNotice),
    /// A qualifier that is unknown, or that does not decode as its OID says.
    Other {
        /// Dotted OID of the qualifier.
        oid: String,
        /// Its DER, hex.
        value_hex: String,
    },
}

/// `UserNotice ::= SEQUENCE { noticeRef NoticeReference OPTIONAL, explicitText DisplayText OPTIONAL }`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserNotice {
    /// noticeRef's organization.
    pub organization: Option<String>,
    /// noticeRef's notice numbers (a number too large for 64 bits as `#` + hex).
    pub numbers: Vec<String>,
    /// explicitText.
    pub explicit_text: Option<String>,
}

impl UserNotice {
    /// The fields present, each as `Name: value`.
    pub fn fields(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(org) = &self.organization {
            out.push(format!("Organization: {org}"));
            out.push(format!("Numbers: {}", self.numbers.join(", ")));
        }
        if let Some(text) = &self.explicit_text {
            out.push(format!("Explicit Text: {text}"));
        }
        out
    }
}

impl std::fmt::Display for PolicyQualifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PolicyQualifier::Cps(uri) => write!(f, "CPS: {uri}"),
            PolicyQualifier::UserNotice(notice) => {
                write!(f, "User Notice: {}", notice.fields().join("; "))
            }
            PolicyQualifier::Other { oid, value_hex } => {
                let name = match oid.as_str() {
                    super::oids::QT_CPS => "CPS",
                    super::oids::QT_USER_NOTICE => "User Notice",
                    other => other,
                };
                write!(f, "{name}: #{value_hex}")
            }
        }
    }
}

impl Serialize for PolicyQualifier {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// One signed certificate timestamp (RFC 6962) embedded in the certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SignedCertificateTimestamp {
    /// SCT version (0 for v1).
    pub version: u8,
    /// Log ID, base64 (as logs publish it).
    pub log_id_base64: String,
    /// Operator and name of the log, for well-known logs.
    pub log_name: Option<String>,
    /// Timestamp, RFC 3339 with milliseconds.
    pub timestamp: String,
    /// The same instant, typed.
    #[serde(skip)]
    pub time: Option<time::OffsetDateTime>,
    /// Signature algorithm, as `hash/signature`.
    pub signature_algorithm: String,
}

/// The decoded value of an extension.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum ExtensionValue {
    /// basicConstraints.
    BasicConstraints {
        /// cA flag.
        ca: bool,
        /// pathLenConstraint.
        path_len: Option<u32>,
    },
    /// keyUsage.
    KeyUsage(KeyUsageFlags),
    /// extendedKeyUsage: dotted OIDs.
    ExtendedKeyUsage(Vec<String>),
    /// subjectAltName.
    SubjectAltName(Vec<GeneralName>),
    /// issuerAltName.
    IssuerAltName(Vec<GeneralName>),
    /// subjectKeyIdentifier.
    SubjectKeyIdentifier(#[serde(serialize_with = "ser_hex")] Vec<u8>),
    /// authorityKeyIdentifier.
    AuthorityKeyIdentifier {
        /// keyIdentifier.
        #[serde(serialize_with = "ser_opt_hex")]
        key_id: Option<Vec<u8>>,
        /// authorityCertIssuer.
        issuer: Vec<GeneralName>,
        /// authorityCertSerialNumber, hex.
        serial: Option<String>,
    },
    /// cRLDistributionPoints.
    CrlDistributionPoints(Vec<DistributionPoint>),
    /// authorityInfoAccess: (method, location) pairs.
    AuthorityInfoAccess(Vec<(String, GeneralName)>),
    /// subjectInfoAccess: (method, location) pairs.
    SubjectInfoAccess(Vec<(String, GeneralName)>),
    /// certificatePolicies.
    CertificatePolicies(Vec<PolicyInfo>),
    /// policyConstraints.
    PolicyConstraints {
        /// requireExplicitPolicy.
        require_explicit_policy: Option<u32>,
        /// inhibitPolicyMapping.
        inhibit_policy_mapping: Option<u32>,
    },
    /// policyMappings: (issuerDomainPolicy, subjectDomainPolicy).
    PolicyMappings(Vec<(String, String)>),
    /// inhibitAnyPolicy.
    InhibitAnyPolicy(u32),
    /// nameConstraints.
    NameConstraints {
        /// permittedSubtrees.
        permitted: Vec<GeneralName>,
        /// excludedSubtrees.
        excluded: Vec<GeneralName>,
    },
    /// Embedded SCT list (RFC 6962).
    SctList(Vec<SignedCertificateTimestamp>),
    /// TLS Feature (RFC 7633); 5 is status_request, i.e. OCSP must-staple.
    TlsFeature(Vec<u16>),
    /// CT precertificate poison (RFC 6962).
    CtPoison,
    /// Netscape certificate type: named bits.
    NetscapeCertType(Vec<String>),
    /// Netscape comment.
    NetscapeComment(String),
    /// An extension chainlens does not decode: its value as hex.
    Unknown {
        /// DER of extnValue content, hex.
        value_hex: String,
    },
    /// An extension whose value failed to decode.
    Malformed {
        /// Why decoding failed.
        error: String,
        /// DER of extnValue content, hex.
        value_hex: String,
    },
}

/// One certificate extension.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Extension {
    /// Dotted OID.
    pub oid: String,
    /// Readable name (`X509v3 Subject Alternative Name`), or the OID.
    pub name: String,
    /// Whether the extension is marked critical.
    pub critical: bool,
    /// Decoded value.
    pub value: ExtensionValue,
}

fn ser_hex<S: serde::Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&hex::encode_upper(v))
}

fn ser_opt_hex<S: serde::Serializer>(v: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => s.serialize_str(&hex::encode_upper(v)),
        None => s.serialize_none(),
    }
}
