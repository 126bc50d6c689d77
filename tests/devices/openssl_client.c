/* OpenSSL 3.0 as a device's TLS client: SSL_CTX_new(TLS_client_method()) with its defaults
 * (Debian's openssl.cnf: SECLEVEL 2), the CA file as the only store, SSL_VERIFY_PEER, SNI and
 * SSL_set1_host. Build options map to run-time calls:
 *   --no-tls13   SSL_CTX_set_max_proto_version(TLS1_2_VERSION)
 *   --ecc-only   cipher list DEFAULT:!aRSA, signature algorithms ECDSA only
 *   --rsa-only   cipher list DEFAULT:!aECDSA, signature algorithms RSA (PKCS#1, PSS) only
 *   --mfl N      SSL_CTX_set_tlsext_max_fragment_length
 * The leaf is hashed in the verification callback, so a rejected chain still names it. */
#include <openssl/err.h>
#include <openssl/sha.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "client.h"
#include "corpus.h"

static const struct name verify_names[] = {
#include "names-openssl.h"
};

static struct outcome out;

static int verify_cb(int preverify, X509_STORE_CTX *ctx) {
    X509 *leaf = X509_STORE_CTX_get0_cert(ctx);
    if (leaf && !out.have_leaf) {
        unsigned char *der = NULL;
        int len = i2d_X509(leaf, &der);
        if (len > 0) {
            SHA256(der, (size_t)len, out.leaf_sha256);
            out.have_leaf = 1;
        }
        OPENSSL_free(der);
    }
    return preverify;
}

int main(int argc, char **argv) {
    struct client_args a;
    parse_args(argc, argv, &a);
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx || SSL_CTX_load_verify_locations(ctx, a.cafile, NULL) != 1) {
        fprintf(stderr, "cannot set up the context or read %s\n", a.cafile);
        return 2;
    }
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, verify_cb);
    if (a.no_tls13) SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION);
    if (a.ecc_only) {
        SSL_CTX_set_cipher_list(ctx, "DEFAULT:!aRSA");
        SSL_CTX_set1_sigalgs_list(ctx, "ECDSA+SHA256:ECDSA+SHA384:ECDSA+SHA512");
    }
    if (a.rsa_only) {
        SSL_CTX_set_cipher_list(ctx, "DEFAULT:!aECDSA");
        SSL_CTX_set1_sigalgs_list(ctx, "rsa_pss_rsae_sha256:rsa_pss_rsae_sha384:rsa_pss_rsae_sha512:"
                                       "RSA+SHA256:RSA+SHA384:RSA+SHA512");
    }
    if (a.mfl) SSL_CTX_set_tlsext_max_fragment_length(ctx, mfl_code(a.mfl));
    int fd = tcp_connect(&a, &out);
    if (fd < 0) {
        print_outcome(&out);
        return 0;
    }
    SSL *ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    SSL_set_tlsext_host_name(ssl, a.sni);
    SSL_set1_host(ssl, a.sni);
    int ret = SSL_connect(ssl);
    if (ret == 1) {
        out.ok = 1;
        out.version = (unsigned)SSL_version(ssl);
        out.suite = SSL_CIPHER_get_protocol_id(SSL_get_current_cipher(ssl));
        snprintf(out.detail, sizeof out.detail, "%s", SSL_get_cipher_name(ssl));
    } else {
        long verify = SSL_get_verify_result(ssl);
        unsigned long err = ERR_peek_error();
        if (verify != X509_V_OK) {
            const char *name = value_name(verify_names, sizeof verify_names / sizeof *verify_names, verify);
            out.error = name ? name : "X509_V_ERR_UNKNOWN";
            out.error_value = verify;
            out.have_error_value = 1;
            snprintf(out.detail, sizeof out.detail, "%s", X509_verify_cert_error_string(verify));
        } else if (err) {
            const char *reason = ERR_reason_error_string(err);
            out.error = reason ? reason : "unknown";
            out.error_value = ERR_GET_REASON(err);
            out.have_error_value = 1;
            ERR_error_string_n(err, out.detail, sizeof out.detail);
        } else {
            out.error = "SSL_ERROR";
            out.error_value = SSL_get_error(ssl, ret);
            out.have_error_value = 1;
            snprintf(out.detail, sizeof out.detail, "the connection ended during the handshake");
        }
    }
    print_outcome(&out);
    SSL_free(ssl);
    close(fd);
    SSL_CTX_free(ctx);
    return 0;
}
