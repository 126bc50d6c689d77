/* Mbed TLS 2.28 as a device's TLS client: mbedtls_ssl_config_defaults(CLIENT, STREAM, DEFAULT)
 * (authmode REQUIRED), the CA file as ca_chain, the host name for SNI and the certificate check.
 * Build options that exist at run time:
 *   --no-tls13   nothing to do: Debian's 2.28 has no TLS 1.3 (MBEDTLS_SSL_PROTO_TLS1_3_EXPERIMENTAL
 *                is off), the hello is the same
 *   --ecc-only   the default suite list kept to ECDHE-ECDSA / ECDH-ECDSA (a build with only
 *                MBEDTLS_KEY_EXCHANGE_ECDHE_ECDSA_ENABLED offers exactly these)
 *   --rsa-only   the default suite list kept to RSA-authenticated key exchanges
 *   --mfl N      mbedtls_ssl_conf_max_frag_len
 * MBEDTLS_SSL_IN_CONTENT_LEN (16384 in Debian's build) is a compile-time constant: a smaller input
 * buffer cannot be set here (see README.md, "The clients").
 * The leaf is hashed in the verification callback (depth 0), so a rejected chain still names it. */
#include <errno.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/sha256.h>
#include <mbedtls/ssl.h>
#include <mbedtls/ssl_ciphersuites.h>
#include <mbedtls/x509_crt.h>

#include "client.h"
#include "corpus.h"

static const struct name flags_table[] = {
#include "names-mbedtls.h"
};
static const struct name errors[] = {
#include "errors-mbedtls.h"
};

static struct outcome out;

static int verify_cb(void *unused, mbedtls_x509_crt *crt, int depth, uint32_t *flags) {
    (void)unused;
    (void)flags;
    if (depth == 0 && !out.have_leaf) {
        mbedtls_sha256_ret(crt->raw.p, crt->raw.len, out.leaf_sha256, 0);
        out.have_leaf = 1;
    }
    return 0;
}

static int net_send(void *ctx, const unsigned char *buf, size_t len) {
    ssize_t n = send(*(int *)ctx, buf, len, MSG_NOSIGNAL);
    if (n < 0) return errno == EAGAIN ? MBEDTLS_ERR_SSL_TIMEOUT : MBEDTLS_ERR_NET_SEND_FAILED;
    return (int)n;
}

static int net_recv(void *ctx, unsigned char *buf, size_t len) {
    ssize_t n = recv(*(int *)ctx, buf, len, 0);
    if (n < 0) return errno == EAGAIN ? MBEDTLS_ERR_SSL_TIMEOUT : MBEDTLS_ERR_NET_RECV_FAILED;
    return (int)n;
}

static int keep_suite(const struct client_args *a, int id) {
    const mbedtls_ssl_ciphersuite_t *info = mbedtls_ssl_ciphersuite_from_id(id);
    if (!info) return 0;
    mbedtls_key_exchange_type_t kx = info->key_exchange;
    if (a->ecc_only)
        return kx == MBEDTLS_KEY_EXCHANGE_ECDHE_ECDSA || kx == MBEDTLS_KEY_EXCHANGE_ECDH_ECDSA;
    if (a->rsa_only)
        return kx == MBEDTLS_KEY_EXCHANGE_RSA || kx == MBEDTLS_KEY_EXCHANGE_DHE_RSA ||
               kx == MBEDTLS_KEY_EXCHANGE_ECDHE_RSA || kx == MBEDTLS_KEY_EXCHANGE_ECDH_RSA;
    return 1;
}

int main(int argc, char **argv) {
    struct client_args a;
    parse_args(argc, argv, &a);
    mbedtls_entropy_context entropy;
    mbedtls_ctr_drbg_context drbg;
    mbedtls_ssl_config conf;
    mbedtls_ssl_context ssl;
    mbedtls_x509_crt ca;
    mbedtls_entropy_init(&entropy);
    mbedtls_ctr_drbg_init(&drbg);
    mbedtls_ssl_config_init(&conf);
    mbedtls_ssl_init(&ssl);
    mbedtls_x509_crt_init(&ca);
    if (mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy, NULL, 0) != 0 ||
        mbedtls_x509_crt_parse_file(&ca, a.cafile) < 0 ||
        mbedtls_ssl_config_defaults(&conf, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
                                    MBEDTLS_SSL_PRESET_DEFAULT) != 0) {
        fprintf(stderr, "cannot set up the configuration or read %s\n", a.cafile);
        return 2;
    }
    mbedtls_ssl_conf_rng(&conf, mbedtls_ctr_drbg_random, &drbg);
    mbedtls_ssl_conf_ca_chain(&conf, &ca, NULL);
    mbedtls_ssl_conf_verify(&conf, verify_cb, NULL);
    static int suites[512];
    if (a.ecc_only || a.rsa_only) {
        int n = 0;
        for (const int *s = mbedtls_ssl_list_ciphersuites(); *s && n < 511; s++)
            if (keep_suite(&a, *s)) suites[n++] = *s;
        suites[n] = 0;
        mbedtls_ssl_conf_ciphersuites(&conf, suites);
    }
    if (a.mfl) mbedtls_ssl_conf_max_frag_len(&conf, (unsigned char)mfl_code(a.mfl));
    if (mbedtls_ssl_setup(&ssl, &conf) != 0 || mbedtls_ssl_set_hostname(&ssl, a.sni) != 0) {
        fprintf(stderr, "cannot set up the session\n");
        return 2;
    }
    int fd = tcp_connect(&a, &out);
    if (fd < 0) {
        print_outcome(&out);
        return 0;
    }
    mbedtls_ssl_set_bio(&ssl, &fd, net_send, net_recv, NULL);
    int ret;
    do ret = mbedtls_ssl_handshake(&ssl);
    while (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE);
    if (ret == 0) {
        out.ok = 1;
        const char *v = mbedtls_ssl_get_version(&ssl);
        out.version = !strcmp(v, "TLSv1.2") ? 0x0303 : !strcmp(v, "TLSv1.1") ? 0x0302
                    : !strcmp(v, "TLSv1.0") ? 0x0301 : 0;
        out.suite = (unsigned)mbedtls_ssl_get_ciphersuite_id(mbedtls_ssl_get_ciphersuite(&ssl));
        snprintf(out.detail, sizeof out.detail, "%s", mbedtls_ssl_get_ciphersuite(&ssl));
    } else {
        const char *high = value_name(errors, sizeof errors / sizeof *errors, -((-ret) & 0xFF80));
        const char *low = value_name(errors, sizeof errors / sizeof *errors, -((-ret) & 0x007F));
        out.error = high ? high : low ? low : "MBEDTLS_ERR_UNKNOWN";
        out.error_value = ret;
        out.have_error_value = 1;
        char text[200];
        mbedtls_strerror(ret, text, sizeof text);
        uint32_t flags = mbedtls_ssl_get_verify_result(&ssl);
        if (flags != 0 && flags != (uint32_t)-1) {
            char names[300];
            flag_names(flags_table, sizeof flags_table / sizeof *flags_table, flags, names,
                       sizeof names);
            snprintf(out.detail, sizeof out.detail, "%s; %s", text, names);
        } else {
            snprintf(out.detail, sizeof out.detail, "%s", text);
        }
    }
    print_outcome(&out);
    mbedtls_ssl_close_notify(&ssl);
    close(fd);
    mbedtls_ssl_free(&ssl);
    mbedtls_ssl_config_free(&conf);
    mbedtls_x509_crt_free(&ca);
    mbedtls_ctr_drbg_free(&drbg);
    mbedtls_entropy_free(&entropy);
    return 0;
}
