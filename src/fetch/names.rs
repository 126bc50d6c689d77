//! The names people know TLS parameters by, which differ from rustls's Rust identifiers.

use rustls::{AlertDescription, CipherSuite, NamedGroup, ProtocolVersion};

/// `TLSv1.3`, as openssl prints it, so outputs compare side by side.
pub(crate) fn version_name(version: ProtocolVersion) -> String {
    match version {
        ProtocolVersion::SSLv2 => "SSLv2".to_owned(),
        ProtocolVersion::SSLv3 => "SSLv3".to_owned(),
        ProtocolVersion::TLSv1_0 => "TLSv1".to_owned(),
        ProtocolVersion::TLSv1_1 => "TLSv1.1".to_owned(),
        ProtocolVersion::TLSv1_2 => "TLSv1.2".to_owned(),
        ProtocolVersion::TLSv1_3 => "TLSv1.3".to_owned(),
        other => format!("0x{:04x}", u16::from(other)),
    }
}

/// The IANA name of a cipher suite (`TLS_AES_256_GCM_SHA384`).
///
/// rustls spells TLS 1.3 suites `TLS13_…`; the registry (and openssl) say `TLS_…`.
pub(crate) fn cipher_suite_name(suite: CipherSuite) -> String {
    match suite.as_str() {
        Some(name) => match name.strip_prefix("TLS13_") {
            Some(rest) => format!("TLS_{rest}"),
            None => name.to_owned(),
        },
        None => format!("0x{:04x}", u16::from(suite)),
    }
}

/// The IANA name of a key-exchange group (`X25519`, `secp256r1`, `X25519MLKEM768`).
pub(crate) fn group_name(group: NamedGroup) -> String {
    // The hybrids rustls 0.23 spells `secp256r1MLKEM768` or does not know, as IANA spells them.
    match u16::from(group) {
        0x11eb => return "SecP256r1MLKEM768".to_owned(),
        0x11ed => return "SecP384r1MLKEM1024".to_owned(),
        _ => {}
    }
    match group.as_str() {
        Some(name) => name.to_owned(),
        None => format!("0x{:04x}", u16::from(group)),
    }
}

/// The RFC 8446 name of an alert (`handshake_failure`), as server logs and openssl print it.
pub(crate) fn alert_name(alert: AlertDescription) -> String {
    let name = match alert {
        AlertDescription::CloseNotify => "close_notify",
        AlertDescription::UnexpectedMessage => "unexpected_message",
        AlertDescription::BadRecordMac => "bad_record_mac",
        AlertDescription::DecryptionFailed => "decryption_failed",
        AlertDescription::RecordOverflow => "record_overflow",
        AlertDescription::DecompressionFailure => "decompression_failure",
        AlertDescription::HandshakeFailure => "handshake_failure",
        AlertDescription::NoCertificate => "no_certificate",
        AlertDescription::BadCertificate => "bad_certificate",
        AlertDescription::UnsupportedCertificate => "unsupported_certificate",
        AlertDescription::CertificateRevoked => "certificate_revoked",
        AlertDescription::CertificateExpired => "certificate_expired",
        AlertDescription::CertificateUnknown => "certificate_unknown",
        AlertDescription::IllegalParameter => "illegal_parameter",
        AlertDescription::UnknownCA => "unknown_ca",
        AlertDescription::AccessDenied => "access_denied",
        AlertDescription::DecodeError => "decode_error",
        AlertDescription::DecryptError => "decrypt_error",
        AlertDescription::ExportRestriction => "export_restriction",
        AlertDescription::ProtocolVersion => "protocol_version",
        AlertDescription::InsufficientSecurity => "insufficient_security",
        AlertDescription::InternalError => "internal_error",
        AlertDescription::InappropriateFallback => "inappropriate_fallback",
        AlertDescription::UserCanceled => "user_canceled",
        AlertDescription::NoRenegotiation => "no_renegotiation",
        AlertDescription::MissingExtension => "missing_extension",
        AlertDescription::UnsupportedExtension => "unsupported_extension",
        AlertDescription::CertificateUnobtainable => "certificate_unobtainable",
        AlertDescription::UnrecognisedName => "unrecognized_name",
        AlertDescription::BadCertificateStatusResponse => "bad_certificate_status_response",
        AlertDescription::BadCertificateHashValue => "bad_certificate_hash_value",
        AlertDescription::UnknownPSKIdentity => "unknown_psk_identity",
        AlertDescription::CertificateRequired => "certificate_required",
        AlertDescription::NoApplicationProtocol => "no_application_protocol",
        AlertDescription::EncryptedClientHelloRequired => "encrypted_client_hello_required",
        other => return format!("unknown alert {}", u8::from(other)),
    };
    name.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_registries() {
        assert_eq!(version_name(ProtocolVersion::TLSv1_3), "TLSv1.3");
        assert_eq!(version_name(ProtocolVersion::TLSv1_2), "TLSv1.2");
        assert_eq!(
            cipher_suite_name(CipherSuite::TLS13_AES_256_GCM_SHA384),
            "TLS_AES_256_GCM_SHA384"
        );
        assert_eq!(
            cipher_suite_name(CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256),
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"
        );
        assert_eq!(cipher_suite_name(CipherSuite::from(0xabcd)), "0xabcd");
        assert_eq!(group_name(NamedGroup::X25519), "X25519");
        assert_eq!(group_name(NamedGroup::secp256r1), "secp256r1");
        assert_eq!(
            alert_name(AlertDescription::HandshakeFailure),
            "handshake_failure"
        );
        assert_eq!(
            alert_name(AlertDescription::ProtocolVersion),
            "protocol_version"
        );
        assert_eq!(
            alert_name(AlertDescription::from(0xfe)),
            "unknown alert 254"
        );
    }
}
