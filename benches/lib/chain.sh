# Sourced by the benchmarks that serve a chain: writes, in the current directory, a
# root → intermediate → leaf chain like most public servers' (RSA 2048; the leaf for
# localhost and 127.0.0.1): root.pem, int.pem, leaf.pem and their keys.
# Defines quiet: runs a command silently, and exits the script naming it if it fails.

quiet() { "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; }

make_bench_chain() {
  cat >openssl.cnf <<'EOF'
[req]
distinguished_name = dn
[dn]
[ca_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[leaf_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
  quiet openssl req -config openssl.cnf -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem \
    -days 30 -subj "/CN=bench root" -extensions ca_ext
  quiet openssl req -config openssl.cnf -new -newkey rsa:2048 -nodes -keyout int.key -out int.csr \
    -subj "/CN=bench intermediate"
  quiet openssl x509 -req -in int.csr -CA root.pem -CAkey root.key -set_serial 2 -days 30 \
    -extfile openssl.cnf -extensions ca_ext -out int.pem
  quiet openssl req -config openssl.cnf -new -newkey rsa:2048 -nodes -keyout leaf.key -out leaf.csr \
    -subj "/CN=localhost"
  quiet openssl x509 -req -in leaf.csr -CA int.pem -CAkey int.key -set_serial 3 -days 30 \
    -extfile openssl.cnf -extensions leaf_ext -out leaf.pem
}
