//! X.501 names: x509-parser's `X509Name` → [`DistinguishedName`].

use x509_parser::asn1_rs::{Any, Tag};
use x509_parser::x509::{AttributeTypeAndValue, RelativeDistinguishedName, X509Name};

use super::{der, oids};
use crate::model::{DistinguishedName, NameAttribute};

/// Decodes a name, keeping its RDNs in encoding order and its DER for exact comparison.
pub(super) fn decode_name(name: &X509Name<'_>) -> DistinguishedName {
    let rdns = name.iter_rdn().map(decode_rdn).collect();
    DistinguishedName::new(rdns, name.as_raw().to_vec())
}

/// Decodes one relative distinguished name (one or more attributes).
pub(super) fn decode_rdn(rdn: &RelativeDistinguishedName<'_>) -> Vec<NameAttribute> {
    rdn.iter().map(decode_attribute).collect()
}

fn decode_attribute(attribute: &AttributeTypeAndValue<'_>) -> NameAttribute {
    let oid = attribute.attr_type().to_id_string();
    let short_name = oids::attribute_short_name(&oid).map_or_else(|| oid.clone(), str::to_string);
    NameAttribute {
        short_name,
        oid,
        value: value_text(attribute.attr_value()),
    }
}

/// The text of a directory string, or `#` + hex of the DER for anything else (as RFC 4514 does).
pub(super) fn value_text(value: &Any<'_>) -> String {
    let text = match value.tag() {
        Tag::Utf8String
        | Tag::PrintableString
        | Tag::Ia5String
        | Tag::NumericString
        | Tag::VisibleString
        | Tag::GeneralString
        | Tag::GraphicString => Some(String::from_utf8_lossy(value.data).into_owned()),
        // T.61 in certificates is in practice Latin-1, which maps byte for byte onto Unicode.
        Tag::T61String => Some(match std::str::from_utf8(value.data) {
            Ok(s) => s.to_string(),
            Err(_) => value.data.iter().map(|&b| char::from(b)).collect(),
        }),
        Tag::BmpString => utf16_be(value.data),
        Tag::UniversalString => ucs4_be(value.data),
        _ => None,
    };
    text.unwrap_or_else(|| format!("#{}", hex::encode(der::encode(value))))
}

fn utf16_be(data: &[u8]) -> Option<String> {
    let chunks = data.chunks_exact(2);
    if !chunks.remainder().is_empty() {
        return None;
    }
    let units = chunks
        .filter_map(|c| <[u8; 2]>::try_from(c).ok())
        .map(u16::from_be_bytes);
    Some(
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect(),
    )
}

fn ucs4_be(data: &[u8]) -> Option<String> {
    let chunks = data.chunks_exact(4);
    if !chunks.remainder().is_empty() {
        return None;
    }
    Some(
        chunks
            .filter_map(|c| <[u8; 4]>::try_from(c).ok())
            .map(u32::from_be_bytes)
            .map(|u| char::from_u32(u).unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use x509_parser::asn1_rs::FromDer;

    use super::*;

    fn text_of(der: &[u8]) -> String {
        let Ok((_, any)) = Any::from_der(der) else {
            panic!("test DER must parse")
        };
        value_text(&any)
    }

    #[test]
    fn string_types() {
        assert_eq!(text_of(&[0x0c, 0x02, b'h', b'i']), "hi");
        assert_eq!(text_of(&[0x1e, 0x04, 0x00, b'h', 0x00, 0xe9]), "hé");
        assert_eq!(
            text_of(&[0x1c, 0x08, 0, 0, 0, b'o', 0, 0x01, 0xf6, 0x00]),
            "o\u{1f600}"
        );
        assert_eq!(text_of(&[0x14, 0x01, 0xe9]), "é");
    }

    #[test]
    fn non_text_is_hex_der() {
        assert_eq!(text_of(&[0x04, 0x02, 0xab, 0xcd]), "#0402abcd");
        // A BMPString of odd length is not text.
        assert_eq!(text_of(&[0x1e, 0x01, 0x41]), "#1e0141");
    }
}
