//! The plaintext dialogues that turn a mail, directory, chat, file-transfer or database
//! connection into a TLS one (STARTTLS and its relatives).
//!
//! Each dialogue reads the server's lines through one reader with a byte cap, under the
//! fetch's one deadline, and stops right after the server's go-ahead, so the next byte on
//! the wire is the server's first TLS record. Bytes are read one at a time: nothing the
//! server sends after its go-ahead is swallowed into a buffer the TLS client never sees.

use std::fmt;

use serde::Serialize;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::time::{Instant, timeout_at};
use x509_parser::asn1_rs::{Any, Enumerated, FromBer, Header, Length, Tag};

use crate::fetch::error::{FetchError, FetchPhase};

/// Most bytes a server may send during one dialogue: greetings and capability lists are a
/// few hundred bytes; this leaves room for verbose ones and stops a flood.
pub const MAX_DIALOGUE_BYTES: usize = 16 * 1024;

/// Most characters of a server's line quoted in an error.
const QUOTED_CHARS: usize = 160;

/// The LDAP StartTLS extended operation's OID (RFC 4511 §4.14).
const LDAP_STARTTLS_OID: &[u8] = b"1.3.6.1.4.1.1466.20037";

/// PostgreSQL's SSLRequest: length 8, code 80877103.
const POSTGRES_SSL_REQUEST: [u8; 8] = [0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f];

/// A protocol that starts in plaintext and upgrades the connection to TLS.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum StartTls {
    /// SMTP (RFC 3207): EHLO, then STARTTLS. Ports 25 and 587.
    Smtp,
    /// IMAP (RFC 3501): STARTTLS. Port 143.
    Imap,
    /// POP3 (RFC 2595): STLS. Port 110.
    Pop3,
    /// FTP (RFC 4217): AUTH TLS. Port 21.
    Ftp,
    /// XMPP client-to-server (RFC 6120): the `<starttls/>` stream feature. Port 5222.
    Xmpp,
    /// LDAP (RFC 4511): the StartTLS extended operation. Port 389.
    Ldap,
    /// PostgreSQL: the SSLRequest message. Port 5432.
    Postgres,
}

impl StartTls {
    /// Every protocol, in the order help texts list them.
    pub const ALL: [StartTls; 7] = [
        Self::Smtp,
        Self::Imap,
        Self::Pop3,
        Self::Ftp,
        Self::Xmpp,
        Self::Ldap,
        Self::Postgres,
    ];

    /// The protocol's lower-case name, also its URL scheme (`smtp`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Smtp => "smtp",
            Self::Imap => "imap",
            Self::Pop3 => "pop3",
            Self::Ftp => "ftp",
            Self::Xmpp => "xmpp",
            Self::Ldap => "ldap",
            Self::Postgres => "postgres",
        }
    }

    /// The port the protocol's plaintext service listens on.
    pub fn default_port(self) -> u16 {
        match self {
            Self::Smtp => 25,
            Self::Imap => 143,
            Self::Pop3 => 110,
            Self::Ftp => 21,
            Self::Xmpp => 5222,
            Self::Ldap => 389,
            Self::Postgres => 5432,
        }
    }

    /// The protocol a URL scheme names (`smtp`, `postgresql`), if it is one of these.
    pub fn from_scheme(scheme: &str) -> Option<StartTls> {
        match scheme {
            "postgresql" => Some(Self::Postgres),
            "submission" => Some(Self::Smtp),
            _ => Self::ALL.into_iter().find(|p| p.name() == scheme),
        }
    }
}

impl fmt::Display for StartTls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Runs `protocol`'s dialogue over `stream` until the server agrees to start TLS.
///
/// `domain` is the name XMPP addresses its stream to (the SNI name or the host). Every read
/// and write ends at `deadline`; `timeout_secs` is what a timeout error reports. On success
/// the next bytes on `stream` are the TLS handshake's.
pub async fn negotiate<S>(
    stream: &mut S,
    protocol: StartTls,
    domain: &str,
    address: &str,
    deadline: Instant,
    timeout_secs: u64,
) -> Result<(), FetchError>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let mut dialogue = Dialogue {
        stream,
        protocol,
        address,
        deadline,
        timeout_secs,
        received: 0,
    };
    match protocol {
        StartTls::Smtp => dialogue.smtp().await,
        StartTls::Imap => dialogue.imap().await,
        StartTls::Pop3 => dialogue.pop3().await,
        StartTls::Ftp => dialogue.ftp().await,
        StartTls::Xmpp => dialogue.xmpp(domain).await,
        StartTls::Ldap => dialogue.ldap().await,
        StartTls::Postgres => dialogue.postgres().await,
    }
}

/// One dialogue's stream, bounds and error context.
struct Dialogue<'a, S> {
    stream: &'a mut S,
    protocol: StartTls,
    address: &'a str,
    deadline: Instant,
    timeout_secs: u64,
    /// Bytes received so far, against [`MAX_DIALOGUE_BYTES`].
    received: usize,
}

impl<S> Dialogue<'_, S>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    fn timed_out(&self) -> FetchError {
        FetchError::Timeout {
            timeout_secs: self.timeout_secs,
            phase: FetchPhase::StartTls,
            peer: self.address.to_owned(),
        }
    }

    /// Whatever the I/O error (end of file, reset, broken pipe), the dialogue cannot go on.
    fn closed(&self) -> FetchError {
        FetchError::StartTlsClosed {
            protocol: self.protocol.name().to_owned(),
            address: self.address.to_owned(),
        }
    }

    fn refused(&self, reply: &str) -> FetchError {
        FetchError::StartTlsRefused {
            protocol: self.protocol.name().to_owned(),
            reply: quote(reply.as_bytes()),
            address: self.address.to_owned(),
        }
    }

    fn unexpected(&self, expected: &str, reply: &[u8]) -> FetchError {
        FetchError::StartTlsUnexpected {
            protocol: self.protocol.name().to_owned(),
            expected: expected.to_owned(),
            reply: quote(reply),
            address: self.address.to_owned(),
        }
    }

    fn too_long(&self) -> FetchError {
        FetchError::StartTlsTooLong {
            protocol: self.protocol.name().to_owned(),
            limit_bytes: MAX_DIALOGUE_BYTES,
            address: self.address.to_owned(),
        }
    }

    async fn send(&mut self, bytes: &[u8]) -> Result<(), FetchError> {
        let write = async {
            self.stream.write_all(bytes).await?;
            self.stream.flush().await
        };
        match timeout_at(self.deadline, write).await {
            Err(_) => Err(self.timed_out()),
            Ok(Err(_)) => Err(self.closed()),
            Ok(Ok(())) => Ok(()),
        }
    }

    /// One byte, counted against the cap.
    async fn byte(&mut self) -> Result<u8, FetchError> {
        if self.received >= MAX_DIALOGUE_BYTES {
            return Err(self.too_long());
        }
        match timeout_at(self.deadline, self.stream.read_u8()).await {
            Err(_) => Err(self.timed_out()),
            Ok(Err(_)) => Err(self.closed()),
            Ok(Ok(byte)) => {
                self.received += 1;
                Ok(byte)
            }
        }
    }

    /// One line, without its CR LF (a bare LF ends a line too).
    async fn line(&mut self) -> Result<String, FetchError> {
        let mut line = Vec::new();
        loop {
            match self.byte().await? {
                b'\n' => break,
                byte => line.push(byte),
            }
        }
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        Ok(String::from_utf8_lossy(&line).into_owned())
    }

    /// An SMTP or FTP reply: lines `NNN-text` up to the last, `NNN text`. Returns its code
    /// and last line.
    async fn numbered_reply(&mut self, expected: &str) -> Result<(u16, String), FetchError> {
        let first = self.line().await?;
        let Some(code) = reply_code(&first) else {
            return Err(self.unexpected(expected, first.as_bytes()));
        };
        let mut last = first;
        while last.as_bytes().get(3) == Some(&b'-') {
            last = self.line().await?;
            if reply_code(&last) != Some(code) {
                return Err(self.unexpected(expected, last.as_bytes()));
            }
        }
        Ok((code, last))
    }

    async fn smtp(&mut self) -> Result<(), FetchError> {
        let expected = "a 220 greeting";
        let (code, greeting) = self.numbered_reply(expected).await?;
        if code != 220 {
            return Err(self.unexpected(expected, greeting.as_bytes()));
        }
        self.send(b"EHLO chainlens.invalid\r\n").await?;
        let expected = "a 250 answer to EHLO";
        let (code, last) = self.numbered_reply(expected).await?;
        if code != 250 {
            return Err(self.unexpected(expected, last.as_bytes()));
        }
        // STARTTLS is asked for even when EHLO does not list it: the server's own refusal
        // is the most specific answer to quote.
        self.send(b"STARTTLS\r\n").await?;
        let (code, last) = self.numbered_reply("an answer to STARTTLS").await?;
        if code != 220 {
            return Err(self.refused(&last));
        }
        Ok(())
    }

    async fn ftp(&mut self) -> Result<(), FetchError> {
        let expected = "a 220 greeting";
        let (code, greeting) = self.numbered_reply(expected).await?;
        if code != 220 {
            return Err(self.unexpected(expected, greeting.as_bytes()));
        }
        self.send(b"AUTH TLS\r\n").await?;
        let (code, last) = self.numbered_reply("an answer to AUTH TLS").await?;
        if code != 234 {
            return Err(self.refused(&last));
        }
        Ok(())
    }

    async fn imap(&mut self) -> Result<(), FetchError> {
        let greeting = self.line().await?;
        if !(greeting.starts_with("* OK") || greeting.starts_with("* PREAUTH")) {
            return Err(self.unexpected("an \"* OK\" greeting", greeting.as_bytes()));
        }
        self.send(b"a1 STARTTLS\r\n").await?;
        // Untagged lines (capabilities, alerts) may come before the tagged answer.
        loop {
            let line = self.line().await?;
            if let Some(status) = line.strip_prefix("a1 ") {
                if status
                    .get(..2)
                    .is_some_and(|s| s.eq_ignore_ascii_case("OK"))
                {
                    return Ok(());
                }
                return Err(self.refused(&line));
            }
            if line.starts_with("* BYE") {
                return Err(self.refused(&line));
            }
        }
    }

    async fn pop3(&mut self) -> Result<(), FetchError> {
        let greeting = self.line().await?;
        if !greeting.starts_with("+OK") {
            return Err(self.unexpected("a \"+OK\" greeting", greeting.as_bytes()));
        }
        self.send(b"STLS\r\n").await?;
        let answer = self.line().await?;
        if !answer.starts_with("+OK") {
            return Err(self.refused(&answer));
        }
        Ok(())
    }

    /// Reads XML until `done` holds for a tag just closed (from its `<` to its `>`), and
    /// returns everything read. Only the last tag is looked at, so a flood costs linear time.
    async fn until_tag(&mut self, done: impl Fn(&[u8]) -> bool) -> Result<Vec<u8>, FetchError> {
        let mut text = Vec::new();
        let mut tag_start = None;
        loop {
            let byte = self.byte().await?;
            if byte == b'<' {
                tag_start = Some(text.len());
            }
            text.push(byte);
            if byte == b'>'
                && let Some(tag) = tag_start.and_then(|start| text.get(start..))
                && done(tag)
            {
                return Ok(text);
            }
        }
    }

    async fn xmpp(&mut self, domain: &str) -> Result<(), FetchError> {
        let domain = xml_escape(domain);
        let header = format!(
            "<?xml version='1.0'?><stream:stream to='{domain}' version='1.0' \
             xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"
        );
        self.send(header.as_bytes()).await?;
        let ends_stream =
            |tag: &[u8]| tag.starts_with(b"</stream:stream") || tag.starts_with(b"</stream:error");
        let features = self
            .until_tag(|tag| {
                tag == b"</stream:features>" || tag == b"<stream:features/>" || ends_stream(tag)
            })
            .await?;
        let features = String::from_utf8_lossy(&features);
        if features.contains("<stream:error") || !features.contains("<starttls") {
            let shown = features
                .find("<stream:features")
                .or_else(|| features.find("<stream:error"))
                .and_then(|at| features.get(at..))
                .unwrap_or(&features);
            return Err(self.refused(shown));
        }
        self.send(b"<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
            .await?;
        let answer = self
            .until_tag(|tag| {
                tag.starts_with(b"<proceed") || tag.starts_with(b"<failure") || ends_stream(tag)
            })
            .await?;
        let answer = String::from_utf8_lossy(&answer);
        if answer.contains("<proceed") {
            Ok(())
        } else {
            Err(self.refused(answer.trim()))
        }
    }

    async fn ldap(&mut self) -> Result<(), FetchError> {
        let request = ldap_starttls_request()
            .map_err(|e| self.unexpected("an LDAP request to encode", e.to_string().as_bytes()))?;
        self.send(&request).await?;

        // The response's header, read octet by octet (the stream must not be read past the
        // message), then measured by asn1-rs, the BER reader the decoder uses.
        let mut header = vec![self.byte().await?, self.byte().await?];
        if let Some(&first) = header.get(1)
            && first > 0x80
        {
            for _ in 0..usize::from(first & 0x7f).min(4) {
                header.push(self.byte().await?);
            }
        }
        let length = match Header::from_ber(&header) {
            Ok((_, parsed)) if parsed.tag() == Tag::Sequence && parsed.is_universal() => {
                match parsed.length() {
                    Length::Definite(length) => length,
                    // LDAP requires definite lengths (RFC 4511 §5.1).
                    Length::Indefinite => {
                        return Err(self.unexpected("an LDAP message length", &header));
                    }
                }
            }
            Ok(_) => return Err(self.unexpected("an LDAP message", &header)),
            Err(_) => return Err(self.unexpected("an LDAP message length", &header)),
        };
        if length > MAX_DIALOGUE_BYTES {
            return Err(self.too_long());
        }
        let mut content = Vec::with_capacity(length);
        for _ in 0..length {
            content.push(self.byte().await?);
        }
        match parse_ldap_extended_response(&content) {
            Ok(response) if response.result_code == 0 => Ok(()),
            Ok(response) => Err(self.refused(&response.describe())),
            Err(detail) => Err(self.unexpected(
                "an LDAP extended response",
                format!(
                    "{detail}: {}",
                    hex::encode(content.get(..32).unwrap_or(&content))
                )
                .as_bytes(),
            )),
        }
    }

    async fn postgres(&mut self) -> Result<(), FetchError> {
        self.send(&POSTGRES_SSL_REQUEST).await?;
        match self.byte().await? {
            b'S' => Ok(()),
            b'N' => Err(self.refused("N (the server has SSL off)")),
            other => Err(self.unexpected("S or N", &[other])),
        }
    }
}

/// The three-digit code at the start of an SMTP or FTP reply line, when it has one followed
/// by a space, a dash or nothing.
fn reply_code(line: &str) -> Option<u16> {
    let digits = line.get(..3)?;
    if !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    match line.as_bytes().get(3) {
        None | Some(b' ' | b'-') => digits.parse().ok(),
        Some(_) => None,
    }
}

/// What an LDAP server answered to the StartTLS request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LdapExtendedResponse {
    /// The message ID (1 for the answer; 0 for an unsolicited notice of disconnection).
    pub message_id: u32,
    /// The LDAP result code (0 success, 2 protocolError, 52 unavailable, …).
    pub result_code: u32,
    /// The server's diagnostic message.
    pub diagnostic: String,
}

impl LdapExtendedResponse {
    /// `resultCode 2 (protocolError): unsupported extended operation`.
    fn describe(&self) -> String {
        let name = match self.result_code {
            1 => "operationsError",
            2 => "protocolError",
            12 => "unavailableCriticalExtension",
            13 => "confidentialityRequired",
            51 => "busy",
            52 => "unavailable",
            53 => "unwillingToPerform",
            80 => "other",
            _ => "",
        };
        let mut text = format!("resultCode {}", self.result_code);
        if !name.is_empty() {
            text.push_str(&format!(" ({name})"));
        }
        if !self.diagnostic.is_empty() {
            text.push_str(&format!(": {}", self.diagnostic));
        }
        text
    }
}

/// The StartTLS request: LDAPMessage { messageID 1, protocolOp ExtendedRequest
/// [APPLICATION 23] { requestName [0] LDAPOID } } (RFC 4511 §4.2, §4.12, §4.14.1).
fn ldap_starttls_request() -> der::Result<Vec<u8>> {
    use der::asn1::AnyRef;
    use der::{Encode, TagNumber};
    let name = AnyRef::new(
        der::Tag::ContextSpecific {
            constructed: false,
            number: TagNumber::N0,
        },
        LDAP_STARTTLS_OID,
    )?
    .to_der()?;
    let extended_request = AnyRef::new(
        der::Tag::Application {
            constructed: true,
            number: TagNumber::new(23),
        },
        &name,
    )?
    .to_der()?;
    let mut message = 1u8.to_der()?;
    message.extend_from_slice(&extended_request);
    AnyRef::new(der::Tag::Sequence, &message)?.to_der()
}

/// Reads one BER element with asn1-rs: the element and what follows it.
fn ber_element(input: &[u8]) -> Result<(Any<'_>, &[u8]), &'static str> {
    match Any::from_ber(input) {
        Ok((rest, element)) => Ok((element, rest)),
        Err(_) => Err("malformed or truncated BER element"),
    }
}

/// Parses the content of an LDAPMessage holding an ExtendedResponse (RFC 4511 §4.12).
pub fn parse_ldap_extended_response(content: &[u8]) -> Result<LdapExtendedResponse, &'static str> {
    let (id, rest) = ber_element(content)?;
    if id.tag() != Tag::Integer || !id.header.is_universal() {
        return Err("no message ID");
    }
    // LDAP's MessageID is 0..2^31-1 (RFC 4511 §4.1.1).
    let message_id = id.u32().map_err(|_| "bad message ID")?;
    let (response, _) = ber_element(rest)?;
    if response.tag() != Tag(24) || !response.header.is_application() {
        return Err("not an extended response");
    }
    let (code, rest) = ber_element(response.data)?;
    if code.tag() != Tag::Enumerated || !code.header.is_universal() {
        return Err("no result code");
    }
    let result_code = Enumerated::try_from(code).map_err(|_| "bad result code")?.0;
    let (_matched_dn, rest) = ber_element(rest)?;
    let (diagnostic, _) = ber_element(rest)?;
    Ok(LdapExtendedResponse {
        message_id,
        result_code,
        diagnostic: String::from_utf8_lossy(diagnostic.data).into_owned(),
    })
}

/// A server's words for an error message: at most [`QUOTED_CHARS`] characters once control
/// characters and quotes are escaped, so a hostile server can neither forge lines in a
/// terminal nor make the message long.
pub(crate) fn quote(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::new();
    // Counted after escaping, so a line of control bytes is no longer than a line of text.
    let mut shown = 0;
    for ch in text.chars() {
        let piece: String = if ch.is_control() || ch == '"' || ch == '\\' {
            ch.escape_default().collect()
        } else {
            ch.to_string()
        };
        let width = piece.chars().count();
        if shown + width > QUOTED_CHARS {
            out.push('…');
            break;
        }
        shown += width;
        out.push_str(&piece);
    }
    out
}

/// Escapes a name for an XML attribute in single quotes.
fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('\'', "&apos;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_codes_need_three_digits_and_a_separator() {
        assert_eq!(reply_code("220 mail ESMTP"), Some(220));
        assert_eq!(reply_code("250-STARTTLS"), Some(250));
        assert_eq!(reply_code("502"), Some(502));
        assert_eq!(reply_code("50"), None);
        assert_eq!(reply_code("5023 x"), None);
        assert_eq!(reply_code("abc x"), None);
    }

    #[test]
    fn quotes_are_short_and_escaped() {
        assert_eq!(quote(b"502 5.5.1 no\r\n"), "502 5.5.1 no\\r\\n");
        assert_eq!(quote(b"say \"hi\"\x1b[2J"), "say \\\"hi\\\"\\u{1b}[2J");
        let long = quote(&[b'a'; 400]);
        assert_eq!(long.chars().count(), QUOTED_CHARS + 1);
        assert!(long.ends_with('…'));
        let zeros = quote(&[0; 400]);
        assert!(zeros.chars().count() <= QUOTED_CHARS + 1, "{zeros}");
        assert!(zeros.starts_with("\\u{0}"), "{zeros}");
    }

    #[test]
    fn parses_an_ldap_extended_response() {
        // messageID 1, ExtendedResponse { resultCode 2, matchedDN "", diagnostic "no" }.
        let content = [
            0x02, 0x01, 0x01, 0x78, 0x09, 0x0a, 0x01, 0x02, 0x04, 0x00, 0x04, 0x02, b'n', b'o',
        ];
        let response = parse_ldap_extended_response(&content).unwrap();
        assert_eq!(response.message_id, 1);
        assert_eq!(response.result_code, 2);
        assert_eq!(response.describe(), "resultCode 2 (protocolError): no");
        assert!(parse_ldap_extended_response(&content[..6]).is_err());
        assert!(parse_ldap_extended_response(&[]).is_err());
    }

    #[test]
    fn schemes_name_protocols() {
        assert_eq!(StartTls::from_scheme("smtp"), Some(StartTls::Smtp));
        assert_eq!(
            StartTls::from_scheme("postgresql"),
            Some(StartTls::Postgres)
        );
        assert_eq!(StartTls::from_scheme("https"), None);
        for protocol in StartTls::ALL {
            assert_eq!(StartTls::from_scheme(protocol.name()), Some(protocol));
        }
    }

    async fn run(protocol: StartTls, server_says: &[u8]) -> Result<Vec<u8>, FetchError> {
        let (mut client, mut server) = tokio::io::duplex(64 * 1024);
        server.write_all(server_says).await.unwrap();
        let deadline = Instant::now() + std::time::Duration::from_secs(5);
        let result = negotiate(&mut client, protocol, "example.test", "peer", deadline, 5).await;
        drop(client);
        let mut sent = Vec::new();
        server.read_to_end(&mut sent).await.unwrap();
        result.map(|()| sent)
    }

    #[tokio::test]
    async fn smtp_dialogue_stops_at_the_go_ahead() {
        let sent = run(
            StartTls::Smtp,
            b"220-mail\r\n220 ready\r\n250-mail\r\n250 STARTTLS\r\n220 go ahead\r\n",
        )
        .await
        .unwrap();
        assert_eq!(sent, b"EHLO chainlens.invalid\r\nSTARTTLS\r\n");
    }

    #[tokio::test]
    async fn a_refusal_is_quoted() {
        let error = run(
            StartTls::Smtp,
            b"220 ready\r\n250 mail\r\n502 5.5.1 Error: command not implemented\r\n",
        )
        .await
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "the server does not offer STARTTLS: \"502 5.5.1 Error: command not implemented\" \
             (smtp at peer)"
        );
    }

    #[tokio::test]
    async fn a_flood_hits_the_byte_cap() {
        let error = run(StartTls::Pop3, &[b'x'; MAX_DIALOGUE_BYTES + 10])
            .await
            .unwrap_err();
        assert!(
            matches!(error, FetchError::StartTlsTooLong { .. }),
            "{error:?}"
        );
    }

    #[tokio::test]
    async fn imap_skips_untagged_lines_and_xmpp_needs_the_feature() {
        run(
            StartTls::Imap,
            b"* OK ready\r\n* CAPABILITY IMAP4rev1\r\na1 OK begin\r\n",
        )
        .await
        .unwrap();
        let error = run(
            StartTls::Xmpp,
            b"<?xml version='1.0'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams'>\
              <stream:features><mechanisms/></stream:features>",
        )
        .await
        .unwrap_err();
        assert!(
            matches!(error, FetchError::StartTlsRefused { .. }),
            "{error:?}"
        );
        run(
            StartTls::Xmpp,
            b"<stream:stream><stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'>\
              <required/></starttls></stream:features><proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>",
        )
        .await
        .unwrap();
    }
}
