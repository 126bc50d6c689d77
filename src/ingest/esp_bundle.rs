//! The ESP-IDF certificate bundle (`x509_crt_bundle`), what `esp_crt_bundle` reads and
//! ESP-IDF's `gen_crt_bundle.py` writes: for each trusted root only its subject name and its
//! public key, both DER. Two layouts exist:
//!
//! - before ESP-IDF 5.4 ([`EspBundleLayout::Counted`]): a big-endian `u16` certificate count,
//!   then per entry a big-endian `u16` name length, a big-endian `u16` key length, the name,
//!   the key;
//! - since ([`EspBundleLayout::OffsetTable`]): a table of little-endian `u32` offsets, one per
//!   entry, from the start of the file (so the first offset is the table's size), then the
//!   entries, each a little-endian `u16` name length, a little-endian `u16` key length, the
//!   name, the key.
//!
//! Nothing in either layout says which one a file is, so a file is read as a bundle only when
//! its header and every entry parse exactly to its last byte, each name and key being one DER
//! SEQUENCE.

use super::tlv::read_tlv;

/// Which of the two bundle layouts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EspBundleLayout {
    /// A big-endian certificate count, big-endian lengths (ESP-IDF before 5.4).
    Counted,
    /// A table of little-endian offsets, little-endian lengths (ESP-IDF 5.4 and later).
    OffsetTable,
}

/// One anchor of a bundle: a subject name and a public key, nothing else.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EspBundleEntry {
    /// DER of the subject Name (the whole SEQUENCE).
    pub subject_der: Vec<u8>,
    /// DER of the SubjectPublicKeyInfo (the whole SEQUENCE).
    pub spki_der: Vec<u8>,
}

/// A parsed bundle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EspBundle {
    /// The layout the file uses.
    pub layout: EspBundleLayout,
    /// The entries, in file order.
    pub entries: Vec<EspBundleEntry>,
}

/// Which field of an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EspField {
    /// The subject name.
    Name,
    /// The public key.
    Key,
}

impl std::fmt::Display for EspField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            EspField::Name => "name",
            EspField::Key => "key",
        })
    }
}

/// Why bytes are not an ESP-IDF certificate bundle. Entries count from 1; offsets are bytes
/// from the start of the file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EspBundleError {
    /// Too short to hold a header and one entry header.
    #[error("{file_bytes} bytes are too few for a bundle header and one entry")]
    TooShort {
        /// The file's size.
        file_bytes: usize,
    },
    /// The header announces no entry.
    #[error("the header at byte 0 announces no certificate")]
    NoEntries,
    /// The offset table's first offset (its own size) is impossible.
    #[error(
        "the first offset {first} (the offset table's size) is not a non-zero multiple of 4 inside the file ({file_bytes} bytes)"
    )]
    BadTable {
        /// The first offset.
        first: u32,
        /// The file's size.
        file_bytes: usize,
    },
    /// An offset of the table does not point right after the entry before it.
    #[error("offset table at byte {table_offset}: entry {entry} starts at byte {found}, expected {expected} (right after entry {previous})", previous = entry - 1)]
    OffsetMismatch {
        /// The entry (from 2).
        entry: usize,
        /// Where in the table the offset is.
        table_offset: usize,
        /// The offset read.
        found: u32,
        /// Where the entry before it ends.
        expected: usize,
    },
    /// An entry's 4-byte header runs past the end.
    #[error(
        "entry {entry} at byte {offset}: its 4-byte header runs past the end of the file ({file_bytes} bytes)"
    )]
    HeaderPastEnd {
        /// The entry.
        entry: usize,
        /// Where it starts.
        offset: usize,
        /// The file's size.
        file_bytes: usize,
    },
    /// A field's length runs past the end.
    #[error(
        "entry {entry} at byte {offset}: {field} length {length} runs past the end of the file ({file_bytes} bytes)"
    )]
    FieldPastEnd {
        /// The entry.
        entry: usize,
        /// Where the entry starts.
        offset: usize,
        /// Which field.
        field: EspField,
        /// The length read.
        length: usize,
        /// The file's size.
        file_bytes: usize,
    },
    /// A field that is not exactly one DER SEQUENCE.
    #[error(
        "entry {entry} at byte {offset}: the {field} ({length} bytes at byte {field_offset}) is not one DER SEQUENCE: {detail}"
    )]
    NotDer {
        /// The entry.
        entry: usize,
        /// Where the entry starts.
        offset: usize,
        /// Which field.
        field: EspField,
        /// Where the field starts.
        field_offset: usize,
        /// The field's length.
        length: usize,
        /// What is wrong.
        detail: String,
    },
    /// Bytes after the last entry.
    #[error(
        "{trailing} bytes after the last entry (entry {entries} ends at byte {end}, the file has {file_bytes})"
    )]
    TrailingBytes {
        /// How many entries were read.
        entries: usize,
        /// Where the last one ends.
        end: usize,
        /// How many bytes follow.
        trailing: usize,
        /// The file's size.
        file_bytes: usize,
    },
}

/// Reads a bundle in either layout. The offset-table layout is tried first when the file's
/// first four bytes can be its table size; a file that parses in neither layout gets the error
/// of the layout its header fits.
pub fn parse(bytes: &[u8]) -> Result<EspBundle, EspBundleError> {
    if table_plausible(bytes) {
        match parse_layout(bytes, EspBundleLayout::OffsetTable) {
            Ok(bundle) => Ok(bundle),
            Err(table_error) => {
                parse_layout(bytes, EspBundleLayout::Counted).map_err(|_| table_error)
            }
        }
    } else {
        parse_layout(bytes, EspBundleLayout::Counted)
    }
}

/// Reads a bundle in the given layout.
pub fn parse_layout(bytes: &[u8], layout: EspBundleLayout) -> Result<EspBundle, EspBundleError> {
    let file_bytes = bytes.len();
    // The smallest bundle: a header and one entry header (empty fields fail later).
    let header_bytes = match layout {
        EspBundleLayout::Counted => 2,
        EspBundleLayout::OffsetTable => 4,
    };
    if file_bytes < header_bytes + 4 {
        return Err(EspBundleError::TooShort { file_bytes });
    }
    let (count, mut offset) = match layout {
        EspBundleLayout::Counted => {
            let count = usize::from(u16_at(bytes, 0, layout).unwrap_or(0));
            (count, 2)
        }
        EspBundleLayout::OffsetTable => {
            let first = u32_le_at(bytes, 0).unwrap_or(0);
            let first_usize = usize::try_from(first).unwrap_or(usize::MAX);
            if first == 0 || first % 4 != 0 || first_usize >= file_bytes {
                return Err(EspBundleError::BadTable { first, file_bytes });
            }
            (first_usize / 4, first_usize)
        }
    };
    if count == 0 {
        return Err(EspBundleError::NoEntries);
    }
    let mut entries = Vec::with_capacity(count.min(4096));
    for index in 0..count {
        let entry = index + 1;
        if layout == EspBundleLayout::OffsetTable && index > 0 {
            let table_offset = index * 4;
            let found = u32_le_at(bytes, table_offset).unwrap_or(u32::MAX);
            if usize::try_from(found).ok() != Some(offset) {
                return Err(EspBundleError::OffsetMismatch {
                    entry,
                    table_offset,
                    found,
                    expected: offset,
                });
            }
        }
        let (Some(name_len), Some(key_len)) = (
            u16_at(bytes, offset, layout),
            u16_at(bytes, offset + 2, layout),
        ) else {
            return Err(EspBundleError::HeaderPastEnd {
                entry,
                offset,
                file_bytes,
            });
        };
        let name_len = usize::from(name_len);
        let key_len = usize::from(key_len);
        let name_start = offset + 4;
        let Some(name) = bytes.get(name_start..name_start + name_len) else {
            return Err(EspBundleError::FieldPastEnd {
                entry,
                offset,
                field: EspField::Name,
                length: name_len,
                file_bytes,
            });
        };
        let key_start = name_start + name_len;
        let Some(key) = bytes.get(key_start..key_start + key_len) else {
            return Err(EspBundleError::FieldPastEnd {
                entry,
                offset,
                field: EspField::Key,
                length: key_len,
                file_bytes,
            });
        };
        check_sequence(name, entry, offset, EspField::Name, name_start)?;
        check_sequence(key, entry, offset, EspField::Key, key_start)?;
        entries.push(EspBundleEntry {
            subject_der: name.to_vec(),
            spki_der: key.to_vec(),
        });
        offset = key_start + key_len;
    }
    if offset != file_bytes {
        return Err(EspBundleError::TrailingBytes {
            entries: count,
            end: offset,
            trailing: file_bytes.saturating_sub(offset),
            file_bytes,
        });
    }
    Ok(EspBundle { layout, entries })
}

/// Writes a bundle as `gen_crt_bundle.py` does: the entries sorted by their subject name's
/// DER (the device looks names up by binary search), in the given layout.
pub fn write(layout: EspBundleLayout, entries: &[EspBundleEntry]) -> Vec<u8> {
    let mut sorted: Vec<&EspBundleEntry> = entries.iter().collect();
    sorted.sort_by(|a, b| a.subject_der.cmp(&b.subject_der));
    let lengths = |e: &EspBundleEntry| {
        (
            u16::try_from(e.subject_der.len()).unwrap_or(u16::MAX),
            u16::try_from(e.spki_der.len()).unwrap_or(u16::MAX),
        )
    };
    let mut body = Vec::new();
    let mut offsets = Vec::new();
    let table_bytes = 4 * sorted.len();
    for entry in sorted {
        let (name_len, key_len) = lengths(entry);
        offsets.push(u32::try_from(table_bytes + body.len()).unwrap_or(u32::MAX));
        match layout {
            EspBundleLayout::Counted => {
                body.extend_from_slice(&name_len.to_be_bytes());
                body.extend_from_slice(&key_len.to_be_bytes());
            }
            EspBundleLayout::OffsetTable => {
                body.extend_from_slice(&name_len.to_le_bytes());
                body.extend_from_slice(&key_len.to_le_bytes());
            }
        }
        body.extend_from_slice(&entry.subject_der);
        body.extend_from_slice(&entry.spki_der);
    }
    let mut out = Vec::with_capacity(table_bytes + body.len() + 2);
    match layout {
        EspBundleLayout::Counted => {
            let count = u16::try_from(offsets.len()).unwrap_or(u16::MAX);
            out.extend_from_slice(&count.to_be_bytes());
        }
        EspBundleLayout::OffsetTable => {
            for offset in offsets {
                out.extend_from_slice(&offset.to_le_bytes());
            }
        }
    }
    out.extend_from_slice(&body);
    out
}

/// Whether the first four bytes can be an offset table's size: a non-zero multiple of 4
/// inside the file.
fn table_plausible(bytes: &[u8]) -> bool {
    u32_le_at(bytes, 0)
        .and_then(|first| usize::try_from(first).ok())
        .is_some_and(|first| first != 0 && first % 4 == 0 && first < bytes.len())
}

fn u16_at(bytes: &[u8], offset: usize, layout: EspBundleLayout) -> Option<u16> {
    let pair: [u8; 2] = bytes.get(offset..offset.checked_add(2)?)?.try_into().ok()?;
    Some(match layout {
        EspBundleLayout::Counted => u16::from_be_bytes(pair),
        EspBundleLayout::OffsetTable => u16::from_le_bytes(pair),
    })
}

fn u32_le_at(bytes: &[u8], offset: usize) -> Option<u32> {
    let quad: [u8; 4] = bytes.get(offset..offset.checked_add(4)?)?.try_into().ok()?;
    Some(u32::from_le_bytes(quad))
}

/// Checks that `field` is exactly one DER SEQUENCE, so that a random file is not taken for a
/// bundle and a bad entry is named here rather than as an undecodable name later.
fn check_sequence(
    field: &[u8],
    entry: usize,
    offset: usize,
    which: EspField,
    field_offset: usize,
) -> Result<(), EspBundleError> {
    let not_der = |detail: String| EspBundleError::NotDer {
        entry,
        offset,
        field: which,
        field_offset,
        length: field.len(),
        detail,
    };
    let (tlv, rest) = read_tlv(field, field_offset).map_err(|e| not_der(e.to_string()))?;
    if tlv.tag != 0x30 {
        return Err(not_der(format!("tag 0x{:02x}, expected 0x30", tlv.tag)));
    }
    if !rest.is_empty() {
        return Err(not_der(format!("{} bytes after the SEQUENCE", rest.len())));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Name and key of every root bundled in `assets/trust/`.
    fn asset_entries() -> Vec<EspBundleEntry> {
        let pem = include_str!("../../assets/trust/aws-iot-device-roots.pem");
        let loaded = crate::ingest::load_bytes(pem.as_bytes()).unwrap();
        loaded
            .certificates
            .iter()
            .map(|c| EspBundleEntry {
                subject_der: c.subject.der.clone(),
                spki_der: c.public_key.spki_der.clone(),
            })
            .collect()
    }

    fn sorted(mut entries: Vec<EspBundleEntry>) -> Vec<EspBundleEntry> {
        entries.sort_by(|a, b| a.subject_der.cmp(&b.subject_der));
        entries
    }

    #[test]
    fn both_layouts_round_trip() {
        let entries = asset_entries();
        assert_eq!(entries.len(), 5);
        for layout in [EspBundleLayout::Counted, EspBundleLayout::OffsetTable] {
            let bytes = write(layout, &entries);
            let bundle = parse(&bytes).unwrap();
            assert_eq!(bundle.layout, layout);
            assert_eq!(bundle.entries, sorted(entries.clone()));
            assert_eq!(parse_layout(&bytes, layout).unwrap(), bundle);
        }
    }

    #[test]
    fn the_layouts_differ_in_header_and_byte_order() {
        let entries = asset_entries();
        let counted = write(EspBundleLayout::Counted, &entries);
        let table = write(EspBundleLayout::OffsetTable, &entries);
        assert_eq!(counted.get(..2), Some(&[0u8, 5][..]));
        assert_eq!(table.get(..4), Some(&[20u8, 0, 0, 0][..]));
        assert_eq!(table.len(), counted.len() + 20 - 2);
        assert!(parse_layout(&counted, EspBundleLayout::OffsetTable).is_err());
        assert!(parse_layout(&table, EspBundleLayout::Counted).is_err());
    }

    #[test]
    fn a_truncated_bundle_names_the_entry_and_the_field() {
        let entries = asset_entries();
        let bytes = write(EspBundleLayout::Counted, &entries);
        let cut = bytes.get(..bytes.len() - 10).unwrap();
        let err = parse(cut).unwrap_err();
        let last = sorted(entries).pop().unwrap();
        let start = bytes.len() - 4 - last.subject_der.len() - last.spki_der.len();
        assert_eq!(
            err,
            EspBundleError::FieldPastEnd {
                entry: 5,
                offset: start,
                field: EspField::Key,
                length: last.spki_der.len(),
                file_bytes: cut.len(),
            }
        );
        assert_eq!(
            err.to_string(),
            format!(
                "entry 5 at byte {start}: key length {} runs past the end of the file ({} bytes)",
                last.spki_der.len(),
                cut.len()
            )
        );
        // Cut inside the fifth entry's header.
        let cut = bytes.get(..start + 3).unwrap();
        assert_eq!(
            parse(cut).unwrap_err().to_string(),
            format!(
                "entry 5 at byte {start}: its 4-byte header runs past the end of the file ({} bytes)",
                start + 3
            )
        );
    }

    #[test]
    fn trailing_bytes_are_refused() {
        let mut bytes = write(EspBundleLayout::OffsetTable, &asset_entries());
        let end = bytes.len();
        bytes.extend_from_slice(&[0, 0, 0]);
        // The offset layout fits the header, so its error is the one given.
        assert_eq!(
            parse(&bytes).unwrap_err().to_string(),
            format!(
                "3 bytes after the last entry (entry 5 ends at byte {end}, the file has {})",
                end + 3
            )
        );
    }

    #[test]
    fn a_wrong_offset_is_named() {
        let mut bytes = write(EspBundleLayout::OffsetTable, &asset_entries());
        let second = u32_le_at(&bytes, 4).unwrap();
        bytes.splice(4..8, (second + 1).to_le_bytes());
        assert_eq!(
            parse(&bytes).unwrap_err(),
            EspBundleError::OffsetMismatch {
                entry: 2,
                table_offset: 4,
                found: second + 1,
                expected: second as usize,
            }
        );
    }

    #[test]
    fn a_field_that_is_not_a_sequence_is_named() {
        let mut bytes = write(EspBundleLayout::Counted, &asset_entries());
        // The first entry's name starts at byte 6.
        *bytes.get_mut(6).unwrap() = 0x31;
        let err = parse(&bytes).unwrap_err();
        assert!(
            matches!(
                err,
                EspBundleError::NotDer {
                    entry: 1,
                    offset: 2,
                    field: EspField::Name,
                    field_offset: 6,
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn garbage_and_short_inputs_are_refused() {
        assert_eq!(
            parse(b"").unwrap_err(),
            EspBundleError::TooShort { file_bytes: 0 }
        );
        assert_eq!(
            parse(&[0, 0, 0, 0, 0, 0]).unwrap_err(),
            EspBundleError::NoEntries
        );
        assert!(parse(b"-----BEGIN CERTIFICATE-----\nMIIB\n").is_err());
        assert!(parse(&[0xff; 64]).is_err());
        // A DER certificate is not a bundle.
        let der = crate::ingest::load_bytes(
            include_str!("../../assets/trust/aws-iot-legacy-verisign-g5.pem").as_bytes(),
        )
        .unwrap()
        .certificates
        .remove(0)
        .der;
        assert!(parse(&der).is_err());
    }
}
