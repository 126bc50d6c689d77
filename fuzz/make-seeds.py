#!/usr/bin/env python3
"""Writes the seed corpora in fuzz/seeds/<target>/ from the fixtures in tests/data.

    fuzz/make-seeds.py [--chainlens PATH]

ingest: whole fixture files (PEM with text around, DER, PKCS#7 in DER and PEM, one with a
        CRL, bare base64, a TRUSTED CERTIFICATE block, a private key beside a certificate).
decode: single DER certificates with many kinds of extension.
verify: one options byte, then the DER certificates of a real chain back to back (the layout
        fuzz_targets/verify.rs cuts).
tls_capture: one options byte, then everything a real `openssl s_server` sent to chainlens
        during a handshake (TLS 1.2, TLS 1.3, a HelloRetryRequest, ALPN), recorded by a
        loopback proxy. Needs openssl and a chainlens binary (--chainlens); skipped without.
legacy_flight: one chunk-size byte, then synthetic TLS 1.0-1.2 server flights (ServerHello,
        a Certificate message with a real chain spanning records, ServerHelloDone), an alert.
starttls: one protocol byte, then a dialogue as the real servers of tests/it/fetch/starttls.rs speak.
esp_bundle: ESP-IDF certificate bundles written by ESP-IDF's gen_crt_bundle.py (both layouts,
        tests/data/devstores), one cut short.
c_source: C headers embedding a root as a PEM literal and as a byte array (tests/data/devstores),
        and the same root as a raw string and a #define.

Only 127.0.0.1 is used. The seeds are committed; rerun this when the fixtures change.
"""

import argparse
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SEEDS = ROOT / "fuzz" / "seeds"


def pem_blocks(text):
    """The DER of every CERTIFICATE block in PEM text."""
    out, body, inside = [], [], False
    for line in text.splitlines():
        line = line.strip()
        if line == "-----BEGIN CERTIFICATE-----":
            inside, body = True, []
        elif line == "-----END CERTIFICATE-----" and inside:
            out.append(base64.b64decode("".join(body)))
            inside = False
        elif inside:
            body.append(line)
    return out


def certs_of(path):
    raw = path.read_bytes()
    if raw.startswith(b"0"):
        return [raw]
    return pem_blocks(raw.decode("utf-8", "replace"))


def to_pem(der):
    b64 = base64.b64encode(der).decode()
    lines = [b64[i : i + 64] for i in range(0, len(b64), 64)]
    return "-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----\n"


def write(target, name, data):
    directory = SEEDS / target
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_bytes(data)


def pkcs7(pem_path, outform, crl=None):
    """`openssl crl2pkcs7`: the certificates of pem_path, and the DER CRL `crl` if given."""
    crl_args = ["-inform", "DER", "-in", str(crl)] if crl else ["-nocrl"]
    result = subprocess.run(
        ["openssl", "crl2pkcs7", *crl_args, "-certfile", str(pem_path), "-outform", outform],
        check=True,
        capture_output=True,
    )
    return result.stdout


def ingest_seeds():
    aws = DATA / "aws-iot-us-east-1"
    leaf = aws / "leaf-star.iot.us-east-1.amazonaws.com.pem"
    inter = aws / "intermediate-Amazon-Server-CA-1B.pem"
    for path in [leaf, inter, DATA / "badssl" / "wildcard-incomplete-chain.pem"]:
        write("ingest", path.name, path.read_bytes())
    write("ingest", "amazon-root-ca-1.der", (DATA / "rustls-webpki-amazon" / "AmazonRootCA1.cer").read_bytes())
    leaf_der = certs_of(leaf)[0]
    inter_der = certs_of(inter)[0]
    write("ingest", "two-der-back-to-back.der", leaf_der + inter_der)
    write("ingest", "bare-base64.txt", base64.encodebytes(inter_der))
    write(
        "ingest",
        "text-around-crlf.pem",
        ("Subject: the AWS IoT leaf\r\n" + to_pem(leaf_der).replace("\n", "\r\n") + "trailer\r\n").encode(),
    )
    trusted = to_pem(inter_der).replace("BEGIN CERTIFICATE", "BEGIN TRUSTED CERTIFICATE")
    write("ingest", "trusted-certificate.pem", trusted.replace("END CERTIFICATE", "END TRUSTED CERTIFICATE").encode())
    write(
        "ingest",
        "key-and-certificate.pem",
        (
            "-----BEGIN PRIVATE KEY-----\n"
            "MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF\n"
            "-----END PRIVATE KEY-----\n" + to_pem(leaf_der)
        ).encode(),
    )
    if shutil.which("openssl"):
        with tempfile.TemporaryDirectory() as tmp:
            chain = Path(tmp) / "chain.pem"
            chain.write_text(to_pem(leaf_der) + to_pem(inter_der))
            write("ingest", "chain.p7b", pkcs7(chain, "DER"))
            write("ingest", "chain-p7.pem", pkcs7(chain, "PEM"))
            # A bundle that carries its issuer's CRL beside the certificate (crls [1]).
            amazon = DATA / "rustls-webpki-amazon"
            with_crl = Path(tmp) / "e2m01.pem"
            with_crl.write_text(to_pem((amazon / "e2m01.cer").read_bytes()))
            write("ingest", "certificate-and-crl.p7b", pkcs7(with_crl, "DER", amazon / "e2m01.crl"))


def decode_seeds():
    files = [
        DATA / "aws-iot-us-east-1" / "leaf-star.iot.us-east-1.amazonaws.com.pem",
        DATA / "aws-iot-us-east-1" / "cross-Starfield-Services-Root-G2-by-Starfield-Class2.pem",
        DATA / "badssl" / "wildcard-ecc384.pem",
        DATA / "badssl" / "wildcard-rsa4096.pem",
        DATA / "badssl" / "wildcard-sha1-2017.pem",
        DATA / "badssl" / "subdomain-1000-sans.pem",
        DATA / "aws-roots" / "VeriSign_Class_3_Public_Primary_Certification_Authority_-_G5.pem",
        DATA / "aws-roots" / "Starfield_Class_2_CA.pem",
    ]
    for path in files:
        write("decode", path.stem + ".der", certs_of(path)[0])
    for name in ["e2m01.cer", "r4m02.cer", "AmazonRootCA3.cer", "valid.rootca4.demo.amazontrust.com.cer"]:
        write("decode", name.replace(".cer", ".der"), (DATA / "rustls-webpki-amazon" / name).read_bytes())
    # x509-limbo certificates: name constraints, policies, odd SANs and critical extensions.
    for case in limbo_cases()[:10]:
        for i, der in enumerate(pem_blocks("".join(case["trusted_certs"] + [case["peer_certificate"]]))):
            write("decode", f"limbo-{case['id'].replace('::', '-')}-{i}.der", der)


def limbo_cases():
    return json.loads((DATA / "limbo" / "subset.json").read_text())["testcases"]


# The options byte of fuzz_targets/verify.rs: bits 0-1 time, 2-4 host, 5 client purpose,
# 6 the last certificate is the anchor, 7 the last certificate is an extra intermediate.
TIME = {"2023": 0, "2025": 1, "2024": 2, "2026": 3}
HOST = {
    None: 0,
    "a1pmmrdn6yc5il-ats.iot.us-east-1.amazonaws.com": 1,
    "valid.rootca1.demo.amazontrust.com": 2,
    "example.com": 3,
    "foo.example.com": 4,
    "127.0.0.1": 5,
    "sub.badssl.com": 6,
}


def options(time_key, host, own_anchor=False, extra=False, client=False):
    return bytes(
        [TIME[time_key] | HOST[host] << 2 | client << 5 | own_anchor << 6 | extra << 7]
    )


def verify_seeds():
    aws = DATA / "aws-iot-us-east-1"
    leaf = certs_of(aws / "leaf-star.iot.us-east-1.amazonaws.com.pem")[0]
    inter = certs_of(aws / "intermediate-Amazon-Server-CA-1B.pem")[0]
    cross = certs_of(aws / "cross-Starfield-Services-Root-G2-by-Starfield-Class2.pem")[0]
    iot_host = "a1pmmrdn6yc5il-ats.iot.us-east-1.amazonaws.com"
    write("verify", "aws-iot-2023", options("2023", iot_host) + leaf + inter)
    write("verify", "aws-iot-2026-expired", options("2026", iot_host) + leaf + inter)
    write("verify", "aws-iot-reversed", options("2023", None) + inter + leaf)
    write("verify", "aws-iot-extra-untrusted", options("2023", iot_host, extra=True) + leaf + cross + inter)
    amazon = DATA / "rustls-webpki-amazon"
    for n, inter_name in [(1, "r2m01.cer"), (3, "e2m01.cer"), (4, "e3m01.cer")]:
        for kind in ["valid", "expired", "revoked"]:
            leaf_der = (amazon / f"{kind}.rootca{n}.demo.amazontrust.com.cer").read_bytes()
            host = "valid.rootca1.demo.amazontrust.com"
            write("verify", f"amazon-{kind}-rootca{n}", options("2025", host) + leaf_der + (amazon / inter_name).read_bytes())
    for path in sorted((DATA / "badssl").glob("wildcard-*.pem")):
        write("verify", "badssl-" + path.stem, options("2024", "sub.badssl.com") + b"".join(certs_of(path)))
    for case in limbo_cases()[:20]:
        peer = pem_blocks(case["peer_certificate"])
        inters = pem_blocks("".join(case["untrusted_intermediates"]))
        trusted = pem_blocks("".join(case["trusted_certs"]))[:1]
        name = (case.get("expected_peer_name") or {}).get("value")
        host = name if name in HOST else None
        client = case.get("validation_kind") == "CLIENT"
        certs = (peer + inters)[:5] + trusted
        write("verify", "limbo-" + case["id"].replace("::", "-"), options("2024", host, own_anchor=True, client=client) + b"".join(certs))


class Recorder:
    """A loopback proxy that keeps everything the server sends to the first client."""

    def __init__(self, upstream_port):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(1)
        self.port = self.listener.getsockname()[1]
        self.upstream_port = upstream_port
        self.recorded = bytearray()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        client, _ = self.listener.accept()
        server = socket.create_connection(("127.0.0.1", self.upstream_port))

        def pump(source, sink, keep):
            try:
                while data := source.recv(65536):
                    if keep:
                        self.recorded.extend(data)
                    sink.sendall(data)
            except OSError:
                pass
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

        up = threading.Thread(target=pump, args=(client, server, False), daemon=True)
        up.start()
        pump(server, client, True)
        up.join(5)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tls_seeds(chainlens):
    if not chainlens or not shutil.which("openssl"):
        print("tls_capture seeds skipped: needs openssl and --chainlens", file=sys.stderr)
        return
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)

        def run(*args):
            subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=tmp)

        run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=seed CA", "-days", "3650",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=keyCertSign")
        run("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", "/CN=server.test")
        (tmp / "ext.cnf").write_text("subjectAltName=DNS:server.test\nextendedKeyUsage=serverAuth\n")
        run("x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "leaf.pem", "-days", "3650", "-extfile", "ext.cnf")
        cases = [
            ("tls12", 0, ["-tls1_2"]),
            ("tls12-rsa-kx-ecdhe", 0, ["-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"]),
            ("tls13", 0, ["-tls1_3"]),
            ("tls13-hello-retry", 0, ["-tls1_3", "-groups", "P-384"]),
            ("tls13-alpn", 1, ["-tls1_3", "-alpn", "h2"]),
            ("tls12-no-sni", 2, ["-tls1_2"]),
        ]
        for name, flags, extra in cases:
            port = free_port()
            server = subprocess.Popen(
                ["openssl", "s_server", "-accept", f"127.0.0.1:{port}", "-cert", "leaf.pem",
                 "-key", "leaf.key", "-cert_chain", "ca.pem", "-no_ticket", "-quiet", *extra],
                cwd=tmp, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            try:
                # s_server shrugs off a probe that connects and hangs up.
                for _ in range(100):
                    try:
                        socket.create_connection(("127.0.0.1", port), 0.1).close()
                        break
                    except OSError:
                        time.sleep(0.05)
                recorder = Recorder(port)
                args = [chainlens, "inspect", f"server.test:{recorder.port}", "--timeout", "5",
                        "--connect-to", f"server.test:{recorder.port}=127.0.0.1:{recorder.port}"]
                if flags & 1:
                    args += ["--alpn", "h2", "--alpn", "x-amzn-mqtt-ca"]
                if flags & 2:
                    args += ["--no-sni"]
                subprocess.run(args, capture_output=True, timeout=20)
                recorder.thread.join(5)
                if recorder.recorded:
                    write("tls_capture", name, bytes([flags]) + bytes(recorder.recorded))
                else:
                    print(f"tls_capture seed {name}: nothing recorded", file=sys.stderr)
            finally:
                server.kill()
                server.wait()
    # Hand-made flights: an alert, a plaintext banner, a record header promising 16 KiB.
    write("tls_capture", "alert-handshake-failure", b"\x00\x15\x03\x03\x00\x02\x02\x28")
    write("tls_capture", "http-answer", b"\x00HTTP/1.1 400 Bad Request\r\n\r\n")
    write("tls_capture", "big-record-header", b"\x00\x16\x03\x03\x40\x00\x02")


def revocation_seeds():
    """revocation: the Amazon CRLs (DER) and one as PEM; OCSP seeds are the committed
    responses made by `openssl ocsp` (tests/it/common/ocsp_pki.rs makes them the same way)."""
    amazon = DATA / "rustls-webpki-amazon"
    for name in ["r2m01.crl", "rootca1.crl", "e3m01.crl"]:
        write("revocation", name, (amazon / name).read_bytes())


def record(content_type, payload, version=b"\x03\x01"):
    """A TLS record."""
    return bytes([content_type]) + version + len(payload).to_bytes(2, "big") + payload


def handshake(kind, body):
    """A handshake message."""
    return bytes([kind]) + len(body).to_bytes(3, "big") + body


def legacy_seeds():
    """Synthetic TLS 1.0-1.2 server flights around a real chain: chunk byte, then records."""
    chain = certs_of(DATA / "aws-iot-us-east-1" / "leaf-star.iot.us-east-1.amazonaws.com.pem") + certs_of(
        DATA / "aws-iot-us-east-1" / "cross-Starfield-Services-Root-G2-by-Starfield-Class2.pem"
    )
    for version, suite, name in [(b"\x03\x01", b"\x00\x2f", "tls10-rsa"), (b"\x03\x03", b"\xc0\x13", "tls12-ecdhe")]:
        hello = handshake(2, version + bytes(range(32)) + b"\x00" + suite + b"\x00")
        certs = b"".join(len(der).to_bytes(3, "big") + der for der in chain)
        certificate = handshake(11, len(certs).to_bytes(3, "big") + certs)
        key_exchange = handshake(12, b"\x03\x00\x17\x41" + bytes(65) + b"\x04\x01\x00\x02ab")
        messages = hello + certificate + (key_exchange if suite == b"\xc0\x13" else b"") + handshake(14, b"")
        flight = b"".join(record(22, messages[i:i + 4000], version) for i in range(0, len(messages), 4000))
        write("legacy_flight", name, b"\x40" + flight)
    write("legacy_flight", "alert", b"\x10" + record(21, b"\x02\x28"))
    write("legacy_flight", "http-answer", b"\x01HTTP/1.1 400 Bad Request\r\n\r\n")


def starttls_seeds():
    """Dialogues as the real servers of tests/it/fetch/starttls.rs speak them: selector byte, then
    what the server says (ending where the TLS handshake would start)."""
    dialogues = {
        "smtp-postfix": (0, b"220 localhost ESMTP Postfix (Debian/GNU)\r\n250-localhost\r\n250-PIPELINING\r\n"
                            b"250-SIZE 10240000\r\n250-STARTTLS\r\n250-ENHANCEDSTATUSCODES\r\n250 CHUNKING\r\n"
                            b"220 2.0.0 Ready to start TLS\r\n"),
        "smtp-refused": (0, b"220 localhost ESMTP Postfix\r\n250 localhost\r\n502 5.5.1 Error: command not implemented\r\n"),
        "imap-dovecot": (1, b"* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS "
                            b"AUTH=PLAIN] Dovecot (Debian) ready.\r\na1 OK Begin TLS negotiation now.\r\n"),
        "pop3-dovecot": (2, b"+OK Dovecot (Debian) ready.\r\n+OK Begin TLS negotiation now.\r\n"),
        "ftp-vsftpd": (3, b"220 (vsFTPd 3.0.3)\r\n234 Proceed with negotiation.\r\n"),
        "xmpp-prosody": (4, b"<?xml version='1.0'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams' "
                            b"xml:lang='en' version='1.0' id='x' from='localhost' xmlns='jabber:client'>"
                            b"<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
                            b"</stream:features><proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"),
        "ldap-slapd": (5, bytes.fromhex("300c02010178070a010004000400")),
        "ldap-refused": (5, bytes.fromhex("302902010178240a01340400041d436f756c64206e6f7420696e697469616c697a6520544c53")),
        "postgres-yes": (6, b"S"),
        "postgres-no": (6, b"N"),
    }
    for name, (selector, said) in dialogues.items():
        write("starttls", name, bytes([selector]) + said)


def esp_bundle_seeds():
    devstores = DATA / "devstores"
    for name in ["esp-idf-5.3-aws-iot-roots.bin", "esp-idf-5.4-aws-iot-roots.bin"]:
        write("esp_bundle", name, (devstores / name).read_bytes())
    write("esp_bundle", "truncated.bin", (devstores / "esp-idf-5.4-aws-iot-roots.bin").read_bytes()[:-100])


def c_source_seeds():
    devstores = DATA / "devstores"
    for name in ["aws_root_ca.h", "AmazonRootCA1_der.h"]:
        write("c_source", name, (devstores / name).read_bytes())
    pem = to_pem(certs_of(DATA / "aws-roots" / "Amazon_Root_CA_1.pem")[0])
    write("c_source", "raw-string.ino", f'const char root_ca[] PROGMEM = R"EOF(\n{pem})EOF";\n'.encode())
    escaped = pem.replace("\n", "\\n")
    write("c_source", "define.h", f'#define ROOT_CA \\\n    "{escaped}"\n'.encode())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chainlens", help="a chainlens binary, for the tls_capture seeds")
    args = parser.parse_args()
    for target in ["ingest", "decode", "verify", "tls_capture", "legacy_flight", "starttls", "esp_bundle", "c_source"]:
        if target != "tls_capture" or args.chainlens:
            shutil.rmtree(SEEDS / target, ignore_errors=True)
    ingest_seeds()
    decode_seeds()
    verify_seeds()
    tls_seeds(args.chainlens)
    revocation_seeds()
    legacy_seeds()
    starttls_seeds()
    esp_bundle_seeds()
    c_source_seeds()
    for target in sorted(os.listdir(SEEDS)):
        print(f"{target}: {len(os.listdir(SEEDS / target))} seeds")


if __name__ == "__main__":
    main()
