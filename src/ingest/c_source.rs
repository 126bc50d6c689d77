//! C and C++ source that embeds trust anchors, as firmware does: PEM in string literals
//! (adjacent literals, `\n` escapes, raw strings `R"EOF(…)EOF"`, `#define`d literals, arrays of
//! such strings) and DER in byte arrays (`const unsigned char ca_der[] = { 0x30, 0x82, … };`).
//!
//! This is a reader of literals, not a C parser: it skips comments and preprocessor lines,
//! remembers the last name declared before `=` (or `#define NAME`), and reads the value that
//! follows. A value is kept when it holds a certificate: a literal with a `-----BEGIN
//! CERTIFICATE-----` block, an array whose first byte is 0x30.

use super::{IngestError, der, pem_text};

/// The certificates of one symbol.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CSymbol {
    /// The symbol's name (`root_ca`).
    pub name: String,
    /// The line its value starts on (1-based).
    pub line: usize,
    /// DER of each certificate in the value, in order.
    pub certificates: Vec<Vec<u8>>,
}

/// Why a C source file yields no anchors.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CSourceError {
    /// Not UTF-8 (or ASCII) text.
    #[error("not text: invalid UTF-8 at byte {offset}")]
    NotText {
        /// Where.
        offset: usize,
    },
    /// A string literal without its closing quote.
    #[error("line {line}: string literal without its closing quote")]
    UnterminatedString {
        /// Line of the opening quote.
        line: usize,
    },
    /// A raw string literal without its closing delimiter.
    #[error("line {line}: raw string without its closing ){delimiter}\"")]
    UnterminatedRawString {
        /// Line of the `R"`.
        line: usize,
        /// The delimiter (`EOF`), possibly empty.
        delimiter: String,
    },
    /// A comment without its end.
    #[error("line {line}: /* comment without its closing */")]
    UnterminatedComment {
        /// Line of the `/*`.
        line: usize,
    },
    /// A byte array without its closing brace.
    #[error("line {line}: byte array {symbol} without its closing }}")]
    UnterminatedArray {
        /// The symbol.
        symbol: String,
        /// Line of the `{`.
        line: usize,
    },
    /// An element of a certificate byte array that is not a byte.
    #[error(
        "line {line}: element {element} of byte array {symbol} is {found:?}, expected a byte (0x00–0xff)"
    )]
    NotAByte {
        /// The symbol.
        symbol: String,
        /// Line of the element.
        line: usize,
        /// 1-based element number.
        element: usize,
        /// What was found.
        found: String,
    },
    /// A value holding a certificate that does not read.
    #[error("line {line}: {symbol}: {error}")]
    BadCertificate {
        /// The symbol.
        symbol: String,
        /// Line the value starts on.
        line: usize,
        /// What is wrong, inside the value.
        error: Box<IngestError>,
    },
    /// No certificate in any literal or array.
    #[error("no certificate in a string literal or byte array")]
    NoCertificates,
}

/// Whether `bytes` look like C or C++ source embedding a certificate: text that is not PEM
/// itself, with a certificate's BEGIN line right after a quote or a raw string's `(`, or a
/// byte-array initializer starting with 0x30.
pub fn looks_like_c_source(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let body = text.trim_start_matches('\u{feff}').trim_start();
    if body.starts_with("-----BEGIN") {
        return false;
    }
    if text.contains("\"-----BEGIN ") || text.contains("(-----BEGIN ") {
        return true;
    }
    // `= { 0x30, 0x82` with any spacing: the start of a DER SEQUENCE in an initializer.
    let squeezed: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(MAX_SNIFF_CHARS)
        .collect::<String>()
        .to_ascii_lowercase();
    squeezed.contains("={0x30,")
}

/// How far into a file the byte-array sniffer looks.
const MAX_SNIFF_CHARS: usize = 1 << 20;

/// Reads every symbol holding certificates. All or nothing: a malformed literal or a value
/// whose certificate does not read is an error naming its line.
pub fn parse(bytes: &[u8]) -> Result<Vec<CSymbol>, CSourceError> {
    let text = std::str::from_utf8(bytes).map_err(|e| CSourceError::NotText {
        offset: e.valid_up_to(),
    })?;
    let mut reader = Reader {
        chars: text.chars().collect(),
        pos: 0,
        line: 1,
        blank_so_far: true,
    };
    let mut symbols = Vec::new();
    // The name a value would belong to: the last identifier before `=` or `[`, or a #define's.
    let mut last_ident: Option<String> = None;
    let mut pending: Option<String> = None;
    while let Some(c) = reader.peek(0) {
        if c.is_whitespace() {
            reader.bump();
            continue;
        }
        if reader.skip_comment()? {
            continue;
        }
        if c == '#' && reader.at_line_start() {
            reader.bump();
            reader.skip_blanks();
            let directive = reader.ident();
            reader.skip_blanks();
            let name = if directive == "define" {
                reader.ident()
            } else {
                String::new()
            };
            // An object-like macro whose value is a literal; a function-like one's
            // parameters are not a value.
            reader.skip_blanks();
            match reader.literal_start() {
                Some(line) if !name.is_empty() => {
                    let value = reader.literal_group()?;
                    read_text_value(&name, line, &value, &mut symbols)?;
                }
                _ => reader.skip_logical_line(),
            }
            continue;
        }
        if c == '\'' {
            reader.char_literal();
            continue;
        }
        if let Some(literal_line) = reader.literal_start() {
            let value = reader.literal_group()?;
            if let Some(name) = pending.take() {
                read_text_value(&name, literal_line, &value, &mut symbols)?;
            }
            continue;
        }
        if c == '_' || c.is_alphabetic() {
            let word = reader.ident();
            if !is_attribute(&word) {
                last_ident = Some(word);
            }
            continue;
        }
        if c.is_ascii_digit() {
            reader.ident();
            continue;
        }
        match c {
            '[' => {
                // `name[]`: the name is fixed before the brackets.
                pending = last_ident.clone();
                reader.skip_brackets();
            }
            '=' => {
                reader.bump();
                if reader.peek(0) == Some('=') {
                    reader.bump();
                } else if pending.is_none() {
                    pending = last_ident.clone();
                }
                continue;
            }
            '{' => {
                if let Some(name) = pending.take() {
                    let line = reader.line;
                    reader.bump();
                    let mut strings = Vec::new();
                    if let Some(array) = reader.byte_array(&name, line, &mut strings)? {
                        symbols_push_der(&name, line, array, &mut symbols)?;
                    }
                    // An array of PEM strings (`const char *roots[] = { "…", "…" };`): one
                    // symbol holding every certificate.
                    let mut found = Vec::new();
                    for (string_line, value) in strings {
                        read_text_value(&name, string_line, &value, &mut found)?;
                    }
                    if !found.is_empty() {
                        symbols.push(CSymbol {
                            name,
                            line,
                            certificates: found.into_iter().flat_map(|s| s.certificates).collect(),
                        });
                    }
                } else {
                    reader.bump();
                }
            }
            ';' | '}' | ')' => {
                reader.bump();
                pending = None;
                last_ident = None;
            }
            _ => {
                reader.bump();
            }
        }
    }
    if symbols.is_empty() {
        return Err(CSourceError::NoCertificates);
    }
    Ok(symbols)
}

/// Words written between a declarator and `=` that are not the symbol: Arduino's `PROGMEM`,
/// ESP-IDF's section attributes.
fn is_attribute(word: &str) -> bool {
    matches!(
        word,
        "PROGMEM"
            | "DRAM_ATTR"
            | "IRAM_ATTR"
            | "ICACHE_RODATA_ATTR"
            | "RODATA_ATTR"
            | "__attribute__"
    )
}

fn read_text_value(
    name: &str,
    line: usize,
    value: &[u8],
    symbols: &mut Vec<CSymbol>,
) -> Result<(), CSourceError> {
    let Ok(text) = std::str::from_utf8(value) else {
        return Ok(());
    };
    if !text.contains("-----BEGIN CERTIFICATE-----")
        && !text.contains("-----BEGIN X509 CERTIFICATE-----")
        && !text.contains("-----BEGIN TRUSTED CERTIFICATE-----")
    {
        // A key, a host name, a message: not an anchor.
        return Ok(());
    }
    let bad = |error| CSourceError::BadCertificate {
        symbol: name.to_string(),
        line,
        error: Box::new(error),
    };
    let ingested = pem_text::parse(value).map_err(bad)?;
    if !ingested.certificates.is_empty() {
        symbols.push(CSymbol {
            name: name.to_string(),
            line,
            certificates: ingested.certificates,
        });
    }
    Ok(())
}

fn symbols_push_der(
    name: &str,
    line: usize,
    array: Vec<u8>,
    symbols: &mut Vec<CSymbol>,
) -> Result<(), CSourceError> {
    let ingested = der::parse_der(&array).map_err(|error| CSourceError::BadCertificate {
        symbol: name.to_string(),
        line,
        error: Box::new(error),
    })?;
    symbols.push(CSymbol {
        name: name.to_string(),
        line,
        certificates: ingested.certificates,
    });
    Ok(())
}

struct Reader {
    chars: Vec<char>,
    pos: usize,
    line: usize,
    /// Whether the current line held only blanks so far (a `#` there starts a directive).
    blank_so_far: bool,
}

impl Reader {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
            self.blank_so_far = true;
        } else if c != ' ' && c != '\t' {
            self.blank_so_far = false;
        }
        Some(c)
    }

    /// Whether only blanks stand between the cursor and the start of its line.
    fn at_line_start(&self) -> bool {
        self.blank_so_far
    }

    /// Skips a character literal (`'"'`, `'\\''`), so its quote opens no string.
    fn char_literal(&mut self) {
        self.bump();
        for _ in 0..8 {
            match self.bump() {
                Some('\\') => {
                    self.bump();
                }
                Some('\'' | '\n') | None => return,
                Some(_) => {}
            }
        }
    }

    fn ident(&mut self) -> String {
        let mut out = String::new();
        while let Some(c) = self.peek(0) {
            if c == '_' || c.is_alphanumeric() {
                out.push(c);
                self.bump();
            } else {
                break;
            }
        }
        out
    }

    /// Spaces and tabs, and backslash-newline (a continued preprocessor line).
    fn skip_blanks(&mut self) {
        loop {
            match (self.peek(0), self.peek(1)) {
                (Some(' ' | '\t'), _) => {
                    self.bump();
                }
                (Some('\\'), Some('\n')) => {
                    self.bump();
                    self.bump();
                }
                _ => break,
            }
        }
    }

    fn skip_logical_line(&mut self) {
        while let Some(c) = self.peek(0) {
            if c == '\\' && self.peek(1) == Some('\n') {
                self.bump();
                self.bump();
                continue;
            }
            if c == '\n' {
                self.bump();
                return;
            }
            self.bump();
        }
    }

    fn skip_brackets(&mut self) {
        while let Some(c) = self.bump() {
            if c == ']' || c == ';' {
                return;
            }
        }
    }

    /// Skips a comment at the cursor; whether there was one.
    fn skip_comment(&mut self) -> Result<bool, CSourceError> {
        match (self.peek(0), self.peek(1)) {
            (Some('/'), Some('/')) => {
                while let Some(c) = self.peek(0) {
                    if c == '\n' {
                        break;
                    }
                    self.bump();
                }
                Ok(true)
            }
            (Some('/'), Some('*')) => {
                let line = self.line;
                self.bump();
                self.bump();
                loop {
                    match (self.peek(0), self.peek(1)) {
                        (Some('*'), Some('/')) => {
                            self.bump();
                            self.bump();
                            return Ok(true);
                        }
                        (Some(_), _) => {
                            self.bump();
                        }
                        (None, _) => return Err(CSourceError::UnterminatedComment { line }),
                    }
                }
            }
            _ => Ok(false),
        }
    }

    /// Whether a string literal (with an optional `u8`, `L`, `u`, `U` prefix, raw or not)
    /// starts at the cursor; its line if so. Character literals are skipped here too.
    fn literal_start(&mut self) -> Option<usize> {
        let mut ahead = 0;
        for prefix in ["u8", "u", "U", "L"] {
            if self.matches_at(0, prefix) {
                ahead = prefix.chars().count();
                break;
            }
        }
        if self.peek(ahead) == Some('R') && self.peek(ahead + 1) == Some('"') {
            return Some(self.line);
        }
        if self.peek(ahead) == Some('"') {
            return Some(self.line);
        }
        None
    }

    fn matches_at(&self, ahead: usize, text: &str) -> bool {
        text.chars()
            .enumerate()
            .all(|(i, c)| self.peek(ahead + i) == Some(c))
    }

    /// Reads adjacent string literals (separated by white space, comments, backslash-newlines)
    /// and returns their concatenated, unescaped bytes.
    fn literal_group(&mut self) -> Result<Vec<u8>, CSourceError> {
        let mut out = Vec::new();
        loop {
            if self.literal_start().is_none() {
                return Ok(out);
            }
            // The prefix, if any.
            while let Some(c) = self.peek(0) {
                if c == '"' || (c == 'R' && self.peek(1) == Some('"')) {
                    break;
                }
                self.bump();
            }
            if self.peek(0) == Some('R') {
                self.raw_string(&mut out)?;
            } else {
                self.plain_string(&mut out)?;
            }
            // What may separate adjacent literals.
            loop {
                match self.peek(0) {
                    Some(c) if c.is_whitespace() => {
                        self.bump();
                    }
                    Some('\\') if self.peek(1) == Some('\n') => {
                        self.bump();
                        self.bump();
                    }
                    Some('/') if matches!(self.peek(1), Some('/' | '*')) => {
                        self.skip_comment()?;
                    }
                    _ => break,
                }
            }
        }
    }

    fn plain_string(&mut self, out: &mut Vec<u8>) -> Result<(), CSourceError> {
        let line = self.line;
        self.bump();
        loop {
            let Some(c) = self.bump() else {
                return Err(CSourceError::UnterminatedString { line });
            };
            match c {
                '"' => return Ok(()),
                '\n' => return Err(CSourceError::UnterminatedString { line }),
                '\\' => self.escape(out, line)?,
                other => {
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(other.encode_utf8(&mut buf).as_bytes());
                }
            }
        }
    }

    fn escape(&mut self, out: &mut Vec<u8>, line: usize) -> Result<(), CSourceError> {
        let Some(c) = self.bump() else {
            return Err(CSourceError::UnterminatedString { line });
        };
        match c {
            'n' => out.push(b'\n'),
            'r' => out.push(b'\r'),
            't' => out.push(b'\t'),
            '0'..='7' => {
                let mut value = c.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match self.peek(0).and_then(|d| d.to_digit(8)) {
                        Some(d) => {
                            value = value * 8 + d;
                            self.bump();
                        }
                        None => break,
                    }
                }
                out.push(u8::try_from(value & 0xff).unwrap_or(0));
            }
            'x' => {
                let mut value: u32 = 0;
                while let Some(d) = self.peek(0).and_then(|d| d.to_digit(16)) {
                    value = (value << 4 | d) & 0xff;
                    self.bump();
                }
                out.push(u8::try_from(value).unwrap_or(0));
            }
            // A continued line inside the literal.
            '\n' => {}
            other => {
                // \\, \", \', \? and unknown escapes stand for the character itself.
                let mut buf = [0u8; 4];
                out.extend_from_slice(other.encode_utf8(&mut buf).as_bytes());
            }
        }
        Ok(())
    }

    fn raw_string(&mut self, out: &mut Vec<u8>) -> Result<(), CSourceError> {
        let line = self.line;
        self.bump(); // R
        self.bump(); // "
        let mut delimiter = String::new();
        loop {
            match self.bump() {
                Some('(') => break,
                Some(c) if delimiter.chars().count() < 16 && c != '\n' && c != '"' => {
                    delimiter.push(c)
                }
                _ => return Err(CSourceError::UnterminatedRawString { line, delimiter }),
            }
        }
        let close = format!("){delimiter}\"");
        loop {
            if self.matches_at(0, &close) {
                for _ in 0..close.chars().count() {
                    self.bump();
                }
                return Ok(());
            }
            let Some(c) = self.bump() else {
                return Err(CSourceError::UnterminatedRawString { line, delimiter });
            };
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
    }

    /// Reads a brace initializer after its `{`. `Some(bytes)` for an array of byte values
    /// starting with 0x30 (a DER SEQUENCE); `None` for any other initializer, whose string
    /// literals (with their lines) are put in `strings`.
    fn byte_array(
        &mut self,
        symbol: &str,
        line: usize,
        strings: &mut Vec<(usize, Vec<u8>)>,
    ) -> Result<Option<Vec<u8>>, CSourceError> {
        let mut bytes = Vec::new();
        let mut depth = 1usize;
        let mut is_bytes = true;
        let mut element = 0usize;
        loop {
            let Some(c) = self.peek(0) else {
                return Err(CSourceError::UnterminatedArray {
                    symbol: symbol.to_string(),
                    line,
                });
            };
            if c.is_whitespace() || c == ',' {
                self.bump();
                continue;
            }
            if self.skip_comment()? {
                continue;
            }
            if c == '}' {
                self.bump();
                depth -= 1;
                if depth == 0 {
                    return Ok((is_bytes && bytes.first() == Some(&0x30)).then_some(bytes));
                }
                continue;
            }
            if c == '{' {
                self.bump();
                depth += 1;
                is_bytes = false;
                continue;
            }
            if let Some(string_line) = self.literal_start() {
                strings.push((string_line, self.literal_group()?));
                is_bytes = false;
                continue;
            }
            if c == '\'' {
                self.char_literal();
                is_bytes = false;
                continue;
            }
            if c.is_alphanumeric() || c == '_' {
                let word_line = self.line;
                let word = self.ident();
                element += 1;
                match parse_c_integer(&word).and_then(|v| u8::try_from(v).ok()) {
                    Some(byte) if is_bytes => bytes.push(byte),
                    _ if is_bytes && bytes.first() == Some(&0x30) && depth == 1 => {
                        return Err(CSourceError::NotAByte {
                            symbol: symbol.to_string(),
                            line: word_line,
                            element,
                            found: word,
                        });
                    }
                    _ => is_bytes = false,
                }
                continue;
            }
            // Casts, signs, operators: not a plain byte list.
            self.bump();
            is_bytes = false;
        }
    }
}

/// A C integer literal: hexadecimal, octal or decimal, with `u`/`l` suffixes.
fn parse_c_integer(word: &str) -> Option<u64> {
    let digits = word.trim_end_matches(['u', 'U', 'l', 'L']);
    if let Some(hex) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        return u64::from_str_radix(hex, 16).ok();
    }
    if digits.len() > 1
        && let Some(octal) = digits.strip_prefix('0')
    {
        return u64::from_str_radix(octal, 8).ok();
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root_pem() -> String {
        include_str!("../../assets/trust/aws-iot-legacy-verisign-g5.pem").to_string()
    }

    fn root_der() -> Vec<u8> {
        crate::ingest::ingest_bytes(root_pem().as_bytes())
            .unwrap()
            .certificates
            .remove(0)
    }

    /// The PEM as adjacent C literals, one line each, `\n` escaped.
    fn as_literals(pem: &str) -> String {
        pem.lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|l| format!("    \"{l}\\n\"\n"))
            .collect()
    }

    fn as_bytes(der: &[u8]) -> String {
        der.chunks(12)
            .map(|row| {
                row.iter()
                    .map(|b| format!("0x{b:02x}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .collect::<Vec<_>>()
            .join(",\n    ")
    }

    fn pem_only(text: &str) -> String {
        let start = text.find("-----BEGIN").unwrap();
        text.get(start..).unwrap().to_string()
    }

    #[test]
    fn adjacent_literals_raw_strings_defines_and_arrays() {
        let pem = pem_only(&root_pem());
        let der = root_der();
        let source = format!(
            "// Amazon endpoint\n#include \"secrets.h\"\n#define AWS_ENDPOINT \"a1.iot.example.com\"\n\
             const char root_ca[] =\n{}    ;\n\n\
             static const char raw_ca[] PROGMEM = R\"EOF(\n{pem})EOF\";\n\
             /* DER copy */\nconst unsigned char ca_der[] = {{\n    {}\n}};\n\
             const unsigned int ca_der_len = {};\n\
             #define CA_MACRO \\\n    \"{}\"\n\
             const char *hello = \"-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----\\n\";\n",
            as_literals(&pem),
            as_bytes(&der),
            der.len(),
            pem.replace('\n', "\\n"),
        );
        assert!(looks_like_c_source(source.as_bytes()));
        let symbols = parse(source.as_bytes()).unwrap();
        let names: Vec<&str> = symbols.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["root_ca", "raw_ca", "ca_der", "CA_MACRO"]);
        for symbol in &symbols {
            assert_eq!(symbol.certificates, vec![der.clone()], "{}", symbol.name);
        }
        assert_eq!(symbols.first().unwrap().line, 5);
    }

    #[test]
    fn an_array_of_pem_strings_is_one_symbol() {
        let pem = pem_only(&root_pem()).replace('\n', "\\n");
        let source = format!(
            "static const char *roots[] = {{\n  \"{pem}\",\n  /* again */ \"{pem}\",\n  NULL\n}};\n"
        );
        let symbols = parse(source.as_bytes()).unwrap();
        assert_eq!(symbols.len(), 1);
        let symbol = symbols.first().unwrap();
        assert_eq!(symbol.name, "roots");
        assert_eq!(symbol.certificates, vec![root_der(), root_der()]);
    }

    #[test]
    fn errors_name_the_line() {
        let err = parse(b"int x;\nconst char a[] = \"-----BEGIN CERTIFICATE-----\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 2: string literal without its closing quote"
        );
        let err = parse(b"\n\nconst char a[] = R\"EOF(-----BEGIN CERTIFICATE-----\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 3: raw string without its closing )EOF\""
        );
        let err = parse(b"const unsigned char d[] = {\n 0x30, 0x82,\n 0x300 };").unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 3: element 3 of byte array d is \"0x300\", expected a byte (0x00–0xff)"
        );
        let err = parse(b"const unsigned char d[] = { 0x30, 0x03, 0x02, 0x01 };").unwrap_err();
        assert!(err.to_string().starts_with("line 1: d: "), "{err}");
        let err = parse(b"const char a[] = \"-----BEGIN CERTIFICATE-----\\n!!!\\n-----END CERTIFICATE-----\\n\";")
            .unwrap_err();
        assert!(err.to_string().starts_with("line 1: a: "), "{err}");
        assert!(matches!(
            parse(b"int main(void) { return 0; }").unwrap_err(),
            CSourceError::NoCertificates
        ));
        assert!(matches!(
            parse(b"/* never closed").unwrap_err(),
            CSourceError::UnterminatedComment { line: 1 }
        ));
    }

    #[test]
    fn pem_files_and_binary_are_not_c_source() {
        assert!(!looks_like_c_source(root_pem().as_bytes()));
        assert!(!looks_like_c_source(&root_der()));
        assert!(looks_like_c_source(b"uint8_t a[]={0x30,0x82};"));
    }
}
