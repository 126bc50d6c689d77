//! A minimal DER reader: enough to split concatenated certificates and walk PKCS#7,
//! with byte offsets in every error. A leaf module: both the DER splitter and the PKCS#7
//! reader use it, and it uses neither.

use x509_parser::asn1_rs::{DerConstraint, Error, FromDer, Header, Length};
use x509_parser::nom;

use super::IngestError;

/// One tag-length-value element.
#[derive(Clone, Copy, Debug)]
pub(super) struct Tlv<'a> {
    /// The identifier octet (single-byte tags only: all that certificates and PKCS#7 use).
    pub tag: u8,
    /// The content octets.
    pub content: &'a [u8],
    /// The whole element, header included.
    pub whole: &'a [u8],
    /// Offset of the element in the outermost input.
    pub offset: usize,
}

/// Reads one element at the start of `input`; `base` is `input`'s offset for error messages.
///
/// The header is read by asn1-rs, the DER reader the decoder uses; what it reports is turned
/// into errors that say what is wrong and where.
pub(super) fn read_tlv(input: &[u8], base: usize) -> Result<(Tlv<'_>, &[u8]), IngestError> {
    let malformed = |offset: usize, detail: &str| IngestError::MalformedDer {
        offset,
        detail: detail.to_string(),
    };
    let Some(&tag) = input.first() else {
        return Err(malformed(
            base,
            "expected an element, found the end of the data",
        ));
    };
    if tag & 0x1f == 0x1f {
        return Err(malformed(
            base,
            "multi-byte tags are not used by certificates",
        ));
    }
    // The number of length octets a long-form length announces.
    let length_octets = input.get(1).map(|&b| usize::from(b & 0x7f));
    let too_long = || malformed(base + 1, "length field longer than 4 bytes");
    let (rest, header) = match Header::from_der(input) {
        Ok(parsed) => parsed,
        Err(nom::Err::Error(Error::DerConstraintFailed(DerConstraint::IndefiniteLength))) => {
            return Err(malformed(
                base + 1,
                "indefinite-length (BER) encoding; only DER is supported",
            ));
        }
        Err(nom::Err::Incomplete(_)) => {
            return Err(match length_octets {
                None => malformed(base + 1, "truncated: the length is missing"),
                Some(count) if count > 4 => too_long(),
                Some(_) => malformed(base + 2, "truncated in the length field"),
            });
        }
        // 0xff (reserved) or more length octets than a length can have.
        Err(_) => return Err(too_long()),
    };
    let header_len = input.len().saturating_sub(rest.len());
    // Tag and first length octet, then the long form's octets.
    if header_len > 2 + 4 {
        return Err(too_long());
    }
    let len = match header.length() {
        Length::Definite(len) => len,
        Length::Indefinite => {
            return Err(malformed(
                base + 1,
                "indefinite-length (BER) encoding; only DER is supported",
            ));
        }
    };
    let content = rest.get(..len).ok_or_else(|| IngestError::MalformedDer {
        offset: base,
        detail: format!(
            "truncated: an element of {len} bytes, but only {} remain",
            rest.len()
        ),
    })?;
    let whole = input.get(..header_len + len).unwrap_or_default();
    let remaining = rest.get(len..).unwrap_or_default();
    Ok((
        Tlv {
            tag,
            content,
            whole,
            offset: base,
        },
        remaining,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_short_and_long_lengths() {
        let (tlv, rest) = read_tlv(&[0x30, 0x02, 0x05, 0x00, 0xff], 0).unwrap();
        assert_eq!(tlv.content, &[0x05, 0x00]);
        assert_eq!(rest, &[0xff]);
        let mut long = vec![0x04, 0x81, 0x80];
        long.extend(std::iter::repeat_n(7u8, 0x80));
        let (tlv, rest) = read_tlv(&long, 0).unwrap();
        assert_eq!(tlv.content.len(), 0x80);
        assert!(rest.is_empty());
    }

    #[test]
    fn truncation_is_an_error_with_offset() {
        let err = read_tlv(&[0x30, 0x82, 0x01, 0x00, 0x01], 10).unwrap_err();
        assert!(err.to_string().contains("byte 10"), "{err}");
        assert!(err.to_string().contains("truncated"), "{err}");
        assert!(read_tlv(&[0x30, 0x80], 0).is_err());
        assert!(read_tlv(&[], 0).is_err());
    }

    #[test]
    fn each_malformed_header_names_its_fault() {
        let detail = |input: &[u8]| match read_tlv(input, 0) {
            Err(IngestError::MalformedDer { offset, detail }) => (offset, detail),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            detail(&[]),
            (0, "expected an element, found the end of the data".into())
        );
        assert_eq!(
            detail(&[0x1f, 0x81, 0x00]),
            (0, "multi-byte tags are not used by certificates".into())
        );
        assert_eq!(
            detail(&[0x30]),
            (1, "truncated: the length is missing".into())
        );
        assert_eq!(
            detail(&[0x30, 0x80, 0x00, 0x00]),
            (
                1,
                "indefinite-length (BER) encoding; only DER is supported".into()
            )
        );
        assert_eq!(
            detail(&[0x30, 0x85, 0x01]),
            (1, "length field longer than 4 bytes".into())
        );
        assert_eq!(
            detail(&[0x30, 0x85, 0, 0, 0, 0, 1, 0]),
            (1, "length field longer than 4 bytes".into())
        );
        assert_eq!(
            detail(&[0x30, 0xff]),
            (1, "length field longer than 4 bytes".into())
        );
        assert_eq!(
            detail(&[0x30, 0x82, 0x01]),
            (2, "truncated in the length field".into())
        );
        assert_eq!(
            detail(&[0x04, 0x03, 0x01]),
            (
                0,
                "truncated: an element of 3 bytes, but only 1 remain".into()
            )
        );
    }
}
