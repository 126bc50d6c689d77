//! Small DER walks for the raw bytes x509-parser does not keep (algorithm identifiers,
//! attribute values), so chainlens can compare and show them exactly as encoded.

use ::der::Encode as _;
use x509_parser::asn1_rs::{Any, Class, FromDer, Header};

/// One TLV element split off the front of a buffer.
pub(super) struct Element<'a> {
    /// The whole element: tag, length and content.
    pub(super) raw: &'a [u8],
    /// The parsed element (header and content).
    pub(super) any: Any<'a>,
    /// What follows the element.
    pub(super) rest: &'a [u8],
}

/// Splits the first DER element off `input`.
pub(super) fn split_element(input: &[u8]) -> Option<Element<'_>> {
    let (rest, any) = Any::from_der(input).ok()?;
    let len = input.len().checked_sub(rest.len())?;
    let raw = input.get(..len)?;
    Some(Element { raw, any, rest })
}

/// If `input` starts with an element that is cut short, how many bytes it declares and how
/// many are present. `None` when the element is complete or is not DER at all.
pub(super) fn truncation(input: &[u8]) -> Option<(Option<usize>, usize)> {
    match Header::from_der(input) {
        Ok((rest, header)) => {
            let content_len = header.length().definite().ok()?;
            let header_len = input.len().checked_sub(rest.len())?;
            let declared = header_len.checked_add(content_len)?;
            (declared > input.len()).then_some((Some(declared), input.len()))
        }
        Err(x509_parser::nom::Err::Incomplete(_)) => Some((None, input.len())),
        Err(_) => None,
    }
}

/// The raw DER of the two AlgorithmIdentifiers of a certificate:
/// `tbsCertificate.signature` and the outer `signatureAlgorithm`.
pub(super) fn raw_signature_algorithms(cert_der: &[u8]) -> Option<(&[u8], &[u8])> {
    let certificate = split_element(cert_der)?;
    let tbs = split_element(certificate.any.data)?;
    let outer = split_element(tbs.rest)?;
    // tbsCertificate: [0] version (optional), serialNumber, signature, …
    let mut field = split_element(tbs.any.data)?;
    if field.any.class() == Class::ContextSpecific && field.any.tag().0 == 0 {
        field = split_element(field.rest)?;
    }
    let inner = split_element(field.rest)?;
    Some((inner.raw, outer.raw))
}

/// The raw DER of the AlgorithmIdentifier at the start of a SubjectPublicKeyInfo.
pub(super) fn raw_spki_algorithm(spki_der: &[u8]) -> Option<&[u8]> {
    let spki = split_element(spki_der)?;
    Some(split_element(spki.any.data)?.raw)
}

/// The DER of an AlgorithmIdentifier's parameters: everything after the OID, if anything.
pub(super) fn algorithm_params(algorithm_der: &[u8]) -> Option<Vec<u8>> {
    let algorithm = split_element(algorithm_der)?;
    let oid = split_element(algorithm.any.data)?;
    (!oid.rest.is_empty()).then(|| oid.rest.to_vec())
}

/// The content octets of the first DER element of `der` (empty when it does not parse).
pub(crate) fn content_of(der: &[u8]) -> Vec<u8> {
    split_element(der)
        .map(|e| e.any.data.to_vec())
        .unwrap_or_default()
}

/// Wraps `content` in a SEQUENCE (empty if it is too long for DER, over 256 MiB).
pub(crate) fn wrap_sequence(content: &[u8]) -> Vec<u8> {
    let mut out = vec![0x30];
    if push_length(&mut out, content.len()).is_none() {
        return Vec::new();
    }
    out.extend_from_slice(content);
    out
}

/// Appends the DER length octets of `len`, encoded by the `der` crate.
fn push_length(out: &mut Vec<u8>, len: usize) -> Option<()> {
    ::der::Length::try_from(len).ok()?.encode_to_vec(out).ok()?;
    Some(())
}

/// Re-encodes a parsed element as DER (tag as it was read, definite length, content).
pub(super) fn encode(any: &Any<'_>) -> Vec<u8> {
    let mut out = match any.header.raw_tag() {
        Some(tag) => tag.to_vec(),
        None => {
            // Only reached for elements not read from input; low tag numbers suffice there.
            let class = (any.class() as u8) << 6;
            let constructed = if any.header.is_constructed() { 0x20 } else { 0 };
            let number = u8::try_from(any.tag().0).unwrap_or(0x1f) & 0x1f;
            vec![class | constructed | number]
        }
    };
    // Parsed input is never longer than DER's length limit; the content stays out otherwise.
    if push_length(&mut out, any.data.len()).is_some() {
        out.extend_from_slice(any.data);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_round_trips() {
        let short = [0x13, 0x02, b'U', b'S'];
        let Some(element) = split_element(&short) else {
            panic!("short element")
        };
        assert_eq!(encode(&element.any), short);
        let mut long = vec![0x04, 0x81, 0x80];
        long.extend([0xAB; 0x80]);
        let Some(element) = split_element(&long) else {
            panic!("long element")
        };
        assert_eq!(encode(&element.any), long);
    }

    #[test]
    fn params_after_oid() {
        // SEQUENCE { OID 1.2.840.113549.1.1.11, NULL }
        let alg = [
            0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05,
            0x00,
        ];
        assert_eq!(algorithm_params(&alg), Some(vec![0x05, 0x00]));
        assert_eq!(algorithm_params(&[0x30, 0x00]), None);
    }
}
