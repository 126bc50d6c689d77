/* GnuTLS 3.7 as a device's TLS client: gnutls_init(GNUTLS_CLIENT), the default priority
 * (gnutls_set_default_priority: NORMAL, Debian ships no system-wide override), the CA file as
 * the trust list, SNI and gnutls_session_set_verify_cert(host, 0). Build options at run time,
 * appended to the default priority:
 *   --no-tls13   -VERS-TLS1.3
 *   --ecc-only   key exchange ECDHE-ECDSA only, signature algorithms ECDSA only (both GnuTLS
 *                names of each: SIGN-ECDSA-SHA256 alone fails TLS 1.3 with
 *                GNUTLS_E_RECEIVED_ILLEGAL_PARAMETER; with both, 0x0403… are sent twice)
 *   --rsa-only   key exchanges authenticated by RSA only, signature algorithms RSA only
 *   --mfl N      gnutls_record_set_max_size (max_fragment_length and record_size_limit)
 * The leaf is read with gnutls_certificate_get_peers, which holds it after a rejection too. */
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "client.h"

struct name { long value; const char *name; };
static const struct name status_names[] = {
#include "names-gnutls.h"
};

static struct outcome out;

static void hash_leaf(gnutls_session_t s) {
    unsigned int n = 0;
    const gnutls_datum_t *peers = gnutls_certificate_get_peers(s, &n);
    if (peers && n > 0 &&
        gnutls_hash_fast(GNUTLS_DIG_SHA256, peers[0].data, peers[0].size, out.leaf_sha256) == 0)
        out.have_leaf = 1;
}

/* The suite's wire code, found by its name in GnuTLS's own suite table. */
static unsigned suite_code(gnutls_session_t s) {
    const char *name = gnutls_ciphersuite_get(s);
    if (!name) return 0;
    unsigned char id[2];
    gnutls_kx_algorithm_t kx;
    gnutls_cipher_algorithm_t cipher;
    gnutls_mac_algorithm_t mac;
    gnutls_protocol_t min;
    const char *candidate;
    for (size_t i = 0; (candidate = gnutls_cipher_suite_info(i, id, &kx, &cipher, &mac, &min)); i++) {
        if (!strcmp(candidate, name) || (!strncmp(name, "TLS_", 4) && !strcmp(candidate, name + 4)))
            return (unsigned)(id[0] << 8 | id[1]);
    }
    /* Older names in the table: match by algorithms for TLS 1.2 and below. */
    kx = gnutls_kx_get(s);
    cipher = gnutls_cipher_get(s);
    mac = gnutls_mac_get(s);
    gnutls_kx_algorithm_t k2;
    gnutls_cipher_algorithm_t c2;
    gnutls_mac_algorithm_t m2;
    for (size_t i = 0; gnutls_cipher_suite_info(i, id, &k2, &c2, &m2, &min); i++)
        if (k2 == kx && c2 == cipher && m2 == mac) return (unsigned)(id[0] << 8 | id[1]);
    return 0;
}

int main(int argc, char **argv) {
    struct client_args a;
    parse_args(argc, argv, &a);
    gnutls_global_init();
    gnutls_certificate_credentials_t cred;
    gnutls_certificate_allocate_credentials(&cred);
    if (gnutls_certificate_set_x509_trust_file(cred, a.cafile, GNUTLS_X509_FMT_PEM) <= 0) {
        fprintf(stderr, "cannot read %s\n", a.cafile);
        return 2;
    }
    gnutls_session_t s;
    gnutls_init(&s, GNUTLS_CLIENT);
    char append[512] = "";
    if (a.no_tls13) strcat(append, "-VERS-TLS1.3:");
    if (a.ecc_only)
        strcat(append, "-KX-ALL:+ECDHE-ECDSA:-SIGN-ALL:+SIGN-ECDSA-SHA256:+SIGN-ECDSA-SHA384:"
                       "+SIGN-ECDSA-SHA512:+SIGN-ECDSA-SECP256R1-SHA256:"
                       "+SIGN-ECDSA-SECP384R1-SHA384:+SIGN-ECDSA-SECP521R1-SHA512:");
    if (a.rsa_only)
        strcat(append, "-KX-ALL:+ECDHE-RSA:+DHE-RSA:+RSA:-SIGN-ALL:+SIGN-RSA-PSS-RSAE-SHA256:"
                       "+SIGN-RSA-PSS-RSAE-SHA384:+SIGN-RSA-PSS-RSAE-SHA512:+SIGN-RSA-SHA256:"
                       "+SIGN-RSA-SHA384:+SIGN-RSA-SHA512:");
    if (append[0]) {
        append[strlen(append) - 1] = 0;
        const char *where = NULL;
        if (gnutls_set_default_priority_append(s, append, &where, 0) < 0) {
            fprintf(stderr, "bad priority at %s\n", where ? where : "?");
            return 2;
        }
    } else {
        gnutls_set_default_priority(s);
    }
    gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
    gnutls_server_name_set(s, GNUTLS_NAME_DNS, a.sni, strlen(a.sni));
    gnutls_session_set_verify_cert(s, a.sni, 0);
    if (a.mfl) gnutls_record_set_max_size(s, (size_t)a.mfl);
    int fd = tcp_connect(&a, &out);
    if (fd < 0) {
        print_outcome(&out);
        return 0;
    }
    gnutls_transport_set_int(s, fd);
    gnutls_handshake_set_timeout(s, 10000);
    int ret;
    do ret = gnutls_handshake(s);
    while (ret < 0 && gnutls_error_is_fatal(ret) == 0);
    hash_leaf(s);
    if (ret == 0) {
        out.ok = 1;
        const char *v = gnutls_protocol_get_name(gnutls_protocol_get_version(s));
        out.version = !v ? 0 : !strcmp(v, "TLS1.3") ? 0x0304 : !strcmp(v, "TLS1.2") ? 0x0303
                    : !strcmp(v, "TLS1.1") ? 0x0302 : !strcmp(v, "TLS1.0") ? 0x0301 : 0;
        out.suite = suite_code(s);
        const char *name = gnutls_ciphersuite_get(s);
        snprintf(out.detail, sizeof out.detail, "%s", name ? name : "");
    } else {
        out.error = gnutls_strerror_name(ret);
        out.error_value = ret;
        out.have_error_value = 1;
        unsigned status = gnutls_session_get_verify_cert_status(s);
        if (ret == GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR && status) {
            char names[300] = "";
            for (size_t i = 0; i < sizeof status_names / sizeof *status_names; i++) {
                unsigned bit = (unsigned)status_names[i].value;
                if (bit && (status & bit) == bit) {
                    if (names[0]) strncat(names, ",", sizeof names - strlen(names) - 1);
                    strncat(names, status_names[i].name, sizeof names - strlen(names) - 1);
                }
            }
            snprintf(out.detail, sizeof out.detail, "%s; %s", gnutls_strerror(ret), names);
        } else {
            snprintf(out.detail, sizeof out.detail, "%s", gnutls_strerror(ret));
        }
    }
    print_outcome(&out);
    gnutls_bye(s, GNUTLS_SHUT_WR);
    close(fd);
    gnutls_deinit(s);
    gnutls_certificate_free_credentials(cred);
    gnutls_global_deinit();
    return 0;
}
