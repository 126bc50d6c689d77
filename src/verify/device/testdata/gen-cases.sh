set -e
mk() { # name subj issuer_cert issuer_key extfile keyspec md days [startdate]
  local n=$1 subj=$2 ic=$3 ik=$4 ext=$5 ks=${6:-rsa:2048} md=${7:-sha256}
  openssl req -newkey $ks -nodes -keyout $n.key -out $n.csr -subj "$subj" 2>/dev/null
  openssl x509 -req -in $n.csr -CA $ic -CAkey $ik -CAcreateserial -out $n.pem -days ${8:-365} -extfile $ext -$md 2>/dev/null
  openssl x509 -in $n.pem -outform DER -out $n.der
}
printf "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n" > ca.ext
printf "basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n" > ca0.ext
printf "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nnameConstraints=critical,permitted;DNS:allowed.example\n" > canc.ext
printf "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nextendedKeyUsage=clientAuth\n" > caeku.ext
printf "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:device.example.com\n" > leafd.ext
printf "basicConstraints=CA:FALSE\nkeyUsage=critical,keyCertSign\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:device.example.com\n" > leafku.ext
printf "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\nsubjectAltName=DNS:device.example.com\n" > leafeku.ext
# sha1 inter
mk i_sha1 "/CN=Inter SHA1" root.pem root.key ca.ext rsa:2048 sha1 3000; mk l_sha1 "/CN=l" i_sha1.pem i_sha1.key leafd.ext
# rsa1024 leaf
mk l_1024 "/CN=l" inter.pem inter.key leafd.ext rsa:1024
# NC inter
mk i_nc "/CN=Inter NC" root.pem root.key canc.ext rsa:2048 sha256 3000; mk l_nc "/CN=l" i_nc.pem i_nc.key leafd.ext
# pathlen0 inter, then sub-inter
mk i_pl0 "/CN=Inter PL0" root.pem root.key ca0.ext rsa:2048 sha256 3000; mk i_sub "/CN=Inter Sub" i_pl0.pem i_pl0.key ca.ext rsa:2048 sha256 3000; mk l_pl "/CN=l" i_sub.pem i_sub.key leafd.ext
# client-eku inter
mk i_eku "/CN=Inter EKU" root.pem root.key caeku.ext rsa:2048 sha256 3000; mk l_eku "/CN=l" i_eku.pem i_eku.key leafd.ext
# leaf KU keyCertSign only, leaf EKU client
mk l_ku "/CN=l" inter.pem inter.key leafku.ext; mk l_ceku "/CN=l" inter.pem inter.key leafeku.ext
mk l_ok "/CN=l" inter.pem inter.key leafd.ext
# extra (unrelated self-signed)
openssl req -x509 -newkey rsa:2048 -nodes -keyout extra.key -out extra.pem -subj "/CN=Extra" -days 300 2>/dev/null; openssl x509 -in extra.pem -outform DER -out extra.der
# ed25519 leaf
mk l_ed "/CN=l" inter.pem inter.key leafd.ext ed25519
