#!/usr/bin/env python3
"""Writes a PEM bundle of N leaves under M intermediates under one root, for the scale
benchmark: `make_bundle.py OUT.pem [LEAVES] [INTERMEDIATES]` (default 10000 and 100).
The root goes to OUT.pem's directory as root.pem. Needs Python's `cryptography`.

The leaves share one key (the cost measured is chainlens's, not the generator's), every
certificate has its own serial, subject and signature, and leaf i is issued by
intermediate i mod M.
"""
import datetime
import pathlib
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

out = pathlib.Path(sys.argv[1])
leaves = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
inters = int(sys.argv[3]) if len(sys.argv) > 3 else 100
start = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
end = datetime.datetime(2034, 1, 1, tzinfo=datetime.timezone.utc)


def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def cert(subject, issuer, key, issuer_key, serial, ca):
    b = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), False
        )
    )
    if ca:
        b = b.add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), True
        )
    else:
        cn = subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
        b = b.add_extension(x509.SubjectAlternativeName([x509.DNSName(cn)]), False)
        b = b.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
    return b.sign(issuer_key, hashes.SHA256())


root_key = ec.generate_private_key(ec.SECP256R1())
root = cert(name("Scale Root"), name("Scale Root"), root_key, root_key, 1, True)
inter_keys = [ec.generate_private_key(ec.SECP256R1()) for _ in range(inters)]
inter_certs = [
    cert(name(f"Scale Intermediate {i}"), root.subject, k, root_key, 1000 + i, True)
    for i, k in enumerate(inter_keys)
]
leaf_key = ec.generate_private_key(ec.SECP256R1())
pem = serialization.Encoding.PEM
with out.open("wb") as f:
    for i in range(leaves):
        j = i % inters
        leaf = cert(
            name(f"device-{i}.scale.example"),
            inter_certs[j].subject,
            leaf_key,
            inter_keys[j],
            100_000 + i,
            False,
        )
        f.write(leaf.public_bytes(pem))
    for c in inter_certs:
        f.write(c.public_bytes(pem))
(out.parent / "root.pem").write_bytes(root.public_bytes(pem))
