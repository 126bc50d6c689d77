//! Bytes → certificates: PEM (any number of blocks), DER, PKCS#7, PKCS#12; the format is
//! sniffed.

pub mod c_source;
mod der;
mod error;
pub mod esp_bundle;
mod password;
mod pem_text;
mod pkcs12;
mod pkcs7;
mod tlv;

use std::io::Read;
use std::path::Path;

pub use error::IngestError;
pub use password::Password;

use crate::decode::decode_certificate;
use crate::model::Certificate;

/// Refuse inputs larger than this: no certificate bundle comes close, and it bounds memory.
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// The container format an input was recognised as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// PEM text with one or more blocks.
    Pem,
    /// One or more DER certificates, back to back.
    Der,
    /// A PKCS#7 / CMS SignedData "certs-only" bundle, DER.
    Pkcs7Der,
    /// A PKCS#7 bundle inside a PEM `PKCS7` block.
    Pkcs7Pem,
    /// Bare base64 of DER, without PEM armour.
    Base64,
    /// A PKCS#12 / PFX file (`.p12`, `.pfx`); only its certificates are read.
    Pkcs12,
}

impl Format {
    /// Name for people.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Pem => "PEM",
            Format::Der => "DER",
            Format::Pkcs7Der => "PKCS#7 (DER)",
            Format::Pkcs7Pem => "PKCS#7 (PEM)",
            Format::Base64 => "base64 DER",
            Format::Pkcs12 => "PKCS#12",
        }
    }
}

/// DER certificates found in an input, in order, with what was skipped.
#[derive(Clone, Debug)]
pub struct Ingested {
    /// The recognised format.
    pub format: Format,
    /// DER of each certificate, in the order found.
    pub certificates: Vec<Vec<u8>>,
    /// Things passed over, such as a private key block next to the certificates.
    pub notes: Vec<String>,
    /// DER of each CRL a PKCS#7 bundle carried (its `crls` field), in order.
    pub crls: Vec<Vec<u8>>,
    /// Whether a PKCS#12 file also held a private key (never read further, never kept).
    pub holds_private_key: bool,
}

/// Certificates decoded from an input.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The recognised format.
    pub format: Format,
    /// The decoded certificates, in the order found.
    pub certificates: Vec<Certificate>,
    /// Things passed over.
    pub notes: Vec<String>,
    /// DER of each CRL a PKCS#7 bundle carried, in order: revocation evidence, as a CRL
    /// file given beside the certificates is.
    pub crls: Vec<Vec<u8>>,
    /// Whether a PKCS#12 file also held a private key (never read further, never kept).
    pub holds_private_key: bool,
}

/// Finds the certificates in `bytes`, sniffing the format from the content.
pub fn ingest_bytes(bytes: &[u8]) -> Result<Ingested, IngestError> {
    ingest_bytes_with(bytes, None)
}

/// [`ingest_bytes`] with the password for an encrypted (PKCS#12) input.
pub fn ingest_bytes_with(
    bytes: &[u8],
    password: Option<&Password>,
) -> Result<Ingested, IngestError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(IngestError::TooLarge {
            bytes: bytes.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    let trimmed = trim_start(bytes);
    if trimmed.is_empty() {
        return Err(if bytes.is_empty() {
            IngestError::Empty
        } else {
            IngestError::OnlyWhitespace
        });
    }
    if pkcs12::is_pkcs12(trimmed) {
        return pkcs12::parse(trimmed, password);
    }
    if pem_text::looks_like_pem(trimmed) {
        return pem_text::parse(trimmed);
    }
    if trimmed.first() == Some(&0x30) {
        return der::parse_der(trimmed);
    }
    if let Some(decoded) = pem_text::bare_base64(trimmed) {
        if decoded.first() == Some(&0x30) {
            let mut ingested = der::parse_der(&decoded)?;
            if ingested.format == Format::Der {
                ingested.format = Format::Base64;
            }
            return Ok(ingested);
        }
    }
    Err(IngestError::UnknownFormat {
        looks_like: describe_unknown(trimmed),
    })
}

/// Finds and decodes the certificates in `bytes`.
pub fn load_bytes(bytes: &[u8]) -> Result<Loaded, IngestError> {
    load_bytes_with(bytes, None)
}

/// [`load_bytes`] with the password for an encrypted (PKCS#12) input.
pub fn load_bytes_with(bytes: &[u8], password: Option<&Password>) -> Result<Loaded, IngestError> {
    let ingested = ingest_bytes_with(bytes, password)?;
    let many = ingested.certificates.len() > 1;
    let certificates = ingested
        .certificates
        .iter()
        .enumerate()
        .map(|(i, der)| {
            decode_certificate(der).map_err(|error| IngestError::Decode {
                position: many.then_some(i + 1),
                error,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Loaded {
        format: ingested.format,
        certificates,
        notes: ingested.notes,
        crls: ingested.crls,
        holds_private_key: ingested.holds_private_key,
    })
}

/// Reads and decodes the certificates of a file.
pub fn load_file(path: &Path) -> Result<Loaded, IngestError> {
    load_file_with(path, None)
}

/// [`load_file`] with the password for an encrypted (PKCS#12) file.
pub fn load_file_with(path: &Path, password: Option<&Password>) -> Result<Loaded, IngestError> {
    let bytes = read_limited(std::fs::File::open(path), path)?;
    load_bytes_with(&bytes, password).map_err(|e| e.in_file(path))
}

/// Reads a file whole, up to [`MAX_INPUT_BYTES`], for readers that sniff it first.
pub fn read_file(path: &Path) -> Result<Vec<u8>, IngestError> {
    read_limited(std::fs::File::open(path), path)
}

/// Reads and decodes the certificates given on standard input.
pub fn load_stdin() -> Result<Loaded, IngestError> {
    load_stdin_with(None)
}

/// [`load_stdin`] with the password for an encrypted (PKCS#12) input.
pub fn load_stdin_with(password: Option<&Password>) -> Result<Loaded, IngestError> {
    let path = Path::new("<stdin>");
    let bytes = read_limited(Ok(std::io::stdin().lock()), path)?;
    load_bytes_with(&bytes, password).map_err(|e| e.in_file(path))
}

fn read_limited<R: Read>(reader: std::io::Result<R>, path: &Path) -> Result<Vec<u8>, IngestError> {
    let io_err = |error| IngestError::Io {
        path: path.to_path_buf(),
        error,
    };
    let reader = reader.map_err(io_err)?;
    let mut bytes = Vec::new();
    reader
        .take(MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(io_err)?;
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(IngestError::TooLarge {
            bytes: bytes.len(),
            limit: MAX_INPUT_BYTES,
        }
        .in_file(path));
    }
    Ok(bytes)
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or_default()
}

/// A short description of data that is neither PEM nor DER, so the error says what it looks like.
fn describe_unknown(bytes: &[u8]) -> String {
    let head: Vec<u8> = bytes.iter().take(8).copied().collect();
    let known: &[(&[u8], &str)] = &[
        (b"\x7fELF", "an ELF executable"),
        (b"PK\x03\x04", "a ZIP archive"),
        (b"\x89PNG", "a PNG image"),
        (b"%PDF", "a PDF document"),
        (b"\x1f\x8b", "gzip-compressed data"),
        (b"ssh-", "an OpenSSH public key"),
        (b"{", "JSON or other text"),
        (b"<", "XML or HTML"),
    ];
    for (magic, what) in known {
        if head.starts_with(magic) {
            return (*what).to_string();
        }
    }
    let sample = bytes.get(..bytes.len().min(4096)).unwrap_or_default();
    if std::str::from_utf8(sample).is_ok() {
        "text without a -----BEGIN CERTIFICATE----- line".to_string()
    } else {
        format!(
            "binary data starting with bytes {}",
            head.iter()
                .map(|b| format!("{b:02x}"))
                .collect::<Vec<_>>()
                .join(" ")
        )
    }
}
