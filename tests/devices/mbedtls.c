/* mbedTLS 2.28: the chain decision of a TLS client, as ssl_tls.c's ssl_parse_certificate and
 * ssl_parse_certificate_verify take it (authmode REQUIRED, the default for a client).
 *
 *   client step (ssl_tls.c)                          here
 *   mbedtls_ssl_conf_ca_chain (the anchors)          mbedtls_x509_crt_parse_der per anchor
 *   ssl_parse_certificate_chain: each certificate    mbedtls_x509_crt_parse_der per sent
 *     of the message parsed in order; the first       certificate, in order; a parse error
 *     failure aborts the handshake                    rejects with that error
 *   mbedtls_x509_crt_verify_restartable(chain, ca,   mbedtls_x509_crt_verify_with_profile(…,
 *     conf->cert_profile (default), hostname)          &mbedtls_x509_crt_profile_default, host)
 *   mbedtls_ssl_check_curve (EC leaf)                not mirrored: the default curve list holds
 *                                                     every curve of the corpus (P-256, P-384)
 *   mbedtls_ssl_check_cert_usage(chain, suite,       the same, with the suite the server would
 *     MBEDTLS_SSL_IS_SERVER): keyUsage, EKU            pick: ECDHE-RSA for an RSA key, else
 *                                                     ECDHE-ECDSA (mbedTLS 2.28 has no EdDSA)
 *
 * mbedTLS reads the clock itself (mbedtls_x509_time_is_past): run under faketime. */
#include <mbedtls/error.h>
#include <mbedtls/ssl.h>
#include <mbedtls/ssl_ciphersuites.h>
#include <mbedtls/ssl_internal.h>
#include <mbedtls/x509_crt.h>

#include "corpus.h"

static const struct name flags_table[] = {
#include "names-mbedtls.h"
};
static const struct name errors[] = {
#include "errors-mbedtls.h"
};

static void print_error(const char *id, int ret, const char *where) {
    char text[200];
    const char *high = value_name(errors, sizeof errors / sizeof *errors, -((-ret) & 0xFF80));
    const char *low = value_name(errors, sizeof errors / sizeof *errors, -((-ret) & 0x007F));
    mbedtls_strerror(ret, text, sizeof text);
    printf("%s\treject\t%s%s%s\t%s: %s\n", id, high ? high : "", high && low ? "," : "",
           low ? low : (high ? "" : "MBEDTLS_ERR_UNKNOWN"), where, text);
}

static void run(struct dcase *c) {
    mbedtls_x509_crt ca, chain;
    mbedtls_x509_crt_init(&ca);
    mbedtls_x509_crt_init(&chain);
    for (int i = 0; i < c->nanchor; i++)
        mbedtls_x509_crt_parse_der(&ca, c->anchor[i].data, c->anchor[i].len);
    int ret = 0;
    for (int i = 0; i < c->nchain && ret == 0; i++)
        ret = mbedtls_x509_crt_parse_der(&chain, c->chain[i].data, c->chain[i].len);
    if (ret != 0) {
        print_error(c->id, ret, "parsing the server's certificate");
        goto done;
    }
    uint32_t flags = 0;
    ret = mbedtls_x509_crt_verify_with_profile(&chain, &ca, NULL, &mbedtls_x509_crt_profile_default,
                                               c->host, &flags, NULL, NULL);
    if (ret != 0 && ret != MBEDTLS_ERR_X509_CERT_VERIFY_FAILED) {
        /* A fatal error (a chain past MBEDTLS_X509_MAX_INTERMEDIATE_CA, say) sets every flag. */
        print_error(c->id, ret, "verifying the chain");
        goto done;
    }
    int suite = mbedtls_pk_get_type(&chain.pk) == MBEDTLS_PK_RSA
                    ? MBEDTLS_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
                    : MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
    const mbedtls_ssl_ciphersuite_t *info = mbedtls_ssl_ciphersuite_from_id(suite);
    /* ssl_parse_certificate_verify checks the usage whatever verify said, adding its flags. */
    int usage = mbedtls_ssl_check_cert_usage(&chain, info, MBEDTLS_SSL_IS_SERVER, &flags);
    if (ret == 0 && usage == 0 && flags == 0) {
        printf("%s\taccept\tOK\t\n", c->id);
    } else {
        char names[1024], info_text[1024];
        flag_names(flags_table, sizeof flags_table / sizeof *flags_table, flags, names, sizeof names);
        int n = mbedtls_x509_crt_verify_info(info_text, sizeof info_text, "", flags);
        if (n > 0) for (char *p = info_text; *p; p++) if (*p == '\n') *p = ' ';
        printf("%s\treject\t%s\t%s\n", c->id, names, n > 0 ? info_text : "");
    }
done:
    mbedtls_x509_crt_free(&ca);
    mbedtls_x509_crt_free(&chain);
}

int main(int argc, char **argv) {
    FILE *manifest = open_manifest(argc, argv);
    struct dcase c;
    while (next_case(manifest, argv[1], &c)) {
        run(&c);
        free_case(&c);
    }
    return 0;
}
