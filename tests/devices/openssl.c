/* OpenSSL 3.0: the chain decision of a TLS client (SSL_connect → tls_process_server_certificate
 * → ssl_verify_cert_chain), which SSL_get_verify_result reports.
 *
 *   client step                                   here
 *   SSL_CTX_new(TLS_client_method()), config      SSL_CTX_new: the system openssl.cnf applies,
 *                                                 so the security level (auth level) is Debian's
 *   SSL_CTX_load_verify_* (the anchors)           X509_STORE_add_cert per anchor
 *   d2i of the Certificate message, in order      d2i_X509 per sent certificate
 *   ssl_verify_cert_chain: the leaf, the whole    X509_STORE_CTX_init(store, leaf, sent)
 *     sent list as untrusted
 *   X509_STORE_CTX_set_default(ctx, "ssl_server") the same (purpose and trust: sslserver)
 *   X509_VERIFY_PARAM_set_auth_level(SSL level)   the same
 *   SSL_set1_host / X509_VERIFY_PARAM_set1_ip     set1_host, or set1_ip_asc for an IP address
 *   (time: now)                                   X509_VERIFY_PARAM_set_time(case time)
 *   X509_verify_cert                              the same; the error is X509_STORE_CTX_get_error
 *   ssl3_check_cert_and_algorithm (ECDSA/EdDSA    for a non-RSA leaf: keyUsage, when present,
 *     suites): ssl_check_srvr_ecc_cert_and_alg      must allow digitalSignature
 *
 * The client offers RSA and ECDSA suites; the server picks the one its key signs, so an RSA leaf
 * is taken as an ECDHE-RSA server (no keyUsage check in OpenSSL's client) and any other key as
 * an ECDHE-ECDSA (or Ed25519) server. Both were seen in a real handshake (openssl s_client
 * against a wolfSSL server, TLS 1.2): a P-256 leaf with keyUsage keyEncipherment only passes
 * verification (return code 0) and the handshake then fails with ecc cert not for signing /
 * bad ecc cert; the same keyUsage on an RSA leaf completes ECDHE-RSA-AES128-GCM-SHA256.
 */
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "corpus.h"

static const struct name names[] = {
#include "names-openssl.h"
};

static void run(SSL_CTX *sslctx, struct dcase *c) {
    X509_STORE *store = X509_STORE_new();
    STACK_OF(X509) *sent = sk_X509_new_null();
    char parse_error[64] = "";
    for (int i = 0; i < c->nanchor; i++) {
        const unsigned char *p = c->anchor[i].data;
        X509 *x = d2i_X509(NULL, &p, (long)c->anchor[i].len);
        if (x) { X509_STORE_add_cert(store, x); X509_free(x); }
    }
    for (int i = 0; i < c->nchain; i++) {
        const unsigned char *p = c->chain[i].data;
        X509 *x = d2i_X509(NULL, &p, (long)c->chain[i].len);
        /* tls_process_server_certificate stops at the first certificate it cannot decode. */
        if (!x) { snprintf(parse_error, sizeof parse_error, "SSL_R_ASN1_LIB"); break; }
        sk_X509_push(sent, x);
    }
    if (parse_error[0] || sk_X509_num(sent) == 0) {
        printf("%s\treject\t%s\tcertificate %d does not decode\n", c->id, parse_error[0] ? parse_error : "SSL_R_NO_CERTIFICATES_RETURNED", sk_X509_num(sent));
    } else {
        X509_STORE_CTX *ctx = X509_STORE_CTX_new();
        X509_STORE_CTX_init(ctx, store, sk_X509_value(sent, 0), sent);
        X509_STORE_CTX_set_default(ctx, "ssl_server");
        X509_VERIFY_PARAM *param = X509_STORE_CTX_get0_param(ctx);
        X509_VERIFY_PARAM_set_auth_level(param, SSL_CTX_get_security_level(sslctx));
        if (!X509_VERIFY_PARAM_set1_ip_asc(param, c->host))
            X509_VERIFY_PARAM_set1_host(param, c->host, 0);
        X509_VERIFY_PARAM_set_time(param, (time_t)c->time);
        int ok = X509_verify_cert(ctx);
        int err = X509_STORE_CTX_get_error(ctx);
        const char *name = value_name(names, sizeof names / sizeof *names, err);
        X509 *leaf = sk_X509_value(sent, 0);
        if (ok == 1 && !der_key_is_rsa(&c->chain[0]) &&
            !(X509_get_key_usage(leaf) & X509v3_KU_DIGITAL_SIGNATURE))
            printf("%s\treject\tSSL_R_BAD_ECC_CERT,SSL_R_ECC_CERT_NOT_FOR_SIGNING\tkeyUsage without digitalSignature\n", c->id);
        else if (ok == 1)
            printf("%s\taccept\tX509_V_OK\t\n", c->id);
        else
            printf("%s\treject\t%s\tdepth %d: %s\n", c->id, name ? name : "X509_V_ERR_UNKNOWN",
                   X509_STORE_CTX_get_error_depth(ctx), X509_verify_cert_error_string(err));
        X509_STORE_CTX_free(ctx);
    }
    sk_X509_pop_free(sent, X509_free);
    X509_STORE_free(store);
}

int main(int argc, char **argv) {
    FILE *manifest = open_manifest(argc, argv);
    SSL_CTX *sslctx = SSL_CTX_new(TLS_client_method());
    if (!sslctx) return 2;
    struct dcase c;
    while (next_case(manifest, argv[1], &c)) {
        run(sslctx, &c);
        free_case(&c);
    }
    SSL_CTX_free(sslctx);
    return 0;
}
