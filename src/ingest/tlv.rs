//! A minimal DER reader: enough to split concatenated certificates and walk PKCS#7,
//! with byte offsets in every error. A leaf module: both the DER splitter and the PKCS#7
//! reader use it, and it uses neither.

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
pub(super) fn read_tlv(input: &[u8], base: usize) -> Result<(Tlv<'_>, &[u8]), IngestError> {
    let malformed = |offset: usize, detail: &str| IngestError::MalformedDer {
        offset,
        detail: detail.to_string(),
    };
    let (&tag, rest) = input
        .split_first()
        .ok_or_else(|| malformed(base, "expected an element, found the end of the data"))?;
    if tag & 0x1f == 0x1f {
        return Err(malformed(
            base,
            "multi-byte tags are not used by certificates",
        ));
    }
    let (&first_len, rest) = rest
        .split_first()
        .ok_or_else(|| malformed(base + 1, "truncated: the length is missing"))?;
    let (len, rest, header_len) = if first_len < 0x80 {
        (usize::from(first_len), rest, 2)
    } else if first_len == 0x80 {
        return Err(malformed(
            base + 1,
            "indefinite-length (BER) encoding; only DER is supported",
        ));
    } else {
        let count = usize::from(first_len & 0x7f);
        if count > 4 {
            return Err(malformed(base + 1, "length field longer than 4 bytes"));
        }
        let len_bytes = rest
            .get(..count)
            .ok_or_else(|| malformed(base + 2, "truncated in the length field"))?;
        let len = len_bytes
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        (len, rest.get(count..).unwrap_or_default(), 2 + count)
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
}
