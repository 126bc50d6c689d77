/* GnuTLS 3.7: the chain decision of a TLS client that calls gnutls_certificate_verify_peers3
 * or gnutls_session_set_verify_cert with the server's host name and default flags, as clients
 * are told to.
 *
 *   client step (lib/cert-session.c)                here
 *   gnutls_certificate_set_x509_trust_* (anchors)   gnutls_x509_trust_list_add_cas, USE_IN_TLS
 *   the peer's certificates imported in order; a    gnutls_x509_crt_import per sent certificate;
 *     failure fails the verification                  its error name rejects the case
 *   verify_peers3 / set_verify_cert: one typed    the same: the host name only (an IP address
 *     data, GNUTLS_DT_DNS_HOSTNAME                    is matched as one). Neither passes a key
 *                                                     purpose, so the default client does not
 *                                                     check the extended key usage (that takes
 *                                                     gnutls_certificate_verify_peers with
 *                                                     GNUTLS_KP_TLS_WWW_SERVER, or _verify_cert2)
 *   gnutls_x509_trust_list_verify_crt2(tlist, peer  the same, with flags 0: the credentials'
 *     list, data, cred flags | priority flags)        default and the NORMAL priority's (no
 *                                                     verification profile)
 *   status bits                                     printed by their GNUTLS_CERT_* names
 *   the handshake's key-usage check for the ECDHE   a leaf whose keyUsage, when present, lacks
 *     signature (RSA and ECDSA alike)                 digitalSignature: GNUTLS_E_KEY_USAGE_VIOLATION
 *
 * Both the missing key purpose and the key-usage check were seen in a real handshake (a client
 * with gnutls_session_set_verify_cert(host, 0) and the default priority, against a wolfSSL
 * TLS 1.2 server): a clientAuth-only leaf completes the handshake; a P-256 or RSA leaf with
 * keyUsage keyEncipherment (or keyCertSign) only fails with GNUTLS_E_KEY_USAGE_VIOLATION after
 * a verification status of 0; a leaf without keyUsage completes it.
 *
 * verify_crt2 has no time parameter: run under faketime. */
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "corpus.h"

static const struct name names[] = {
#include "names-gnutls.h"
};

static void run(struct dcase *c) {
    gnutls_x509_trust_list_t tl;
    gnutls_x509_crt_t cas[MAX_CERTS], sent[MAX_CERTS];
    int ncas = 0, nsent = 0, ret = 0;
    gnutls_x509_trust_list_init(&tl, 0);
    for (int i = 0; i < c->nanchor; i++) {
        gnutls_datum_t d = {c->anchor[i].data, (unsigned)c->anchor[i].len};
        gnutls_x509_crt_init(&cas[ncas]);
        if (gnutls_x509_crt_import(cas[ncas], &d, GNUTLS_X509_FMT_DER) == 0) ncas++;
        else gnutls_x509_crt_deinit(cas[ncas]);
    }
    /* The list takes ownership of the anchors. */
    gnutls_x509_trust_list_add_cas(tl, cas, ncas, GNUTLS_TL_USE_IN_TLS);
    for (int i = 0; i < c->nchain; i++) {
        gnutls_datum_t d = {c->chain[i].data, (unsigned)c->chain[i].len};
        gnutls_x509_crt_init(&sent[nsent]);
        ret = gnutls_x509_crt_import(sent[nsent], &d, GNUTLS_X509_FMT_DER);
        if (ret < 0) { gnutls_x509_crt_deinit(sent[nsent]); break; }
        nsent++;
    }
    if (ret < 0) {
        printf("%s\treject\t%s\tcertificate %d: %s\n", c->id, gnutls_strerror_name(ret), nsent,
               gnutls_strerror(ret));
    } else {
        gnutls_typed_vdata_st data[1] = {{GNUTLS_DT_DNS_HOSTNAME, (unsigned char *)c->host, 0}};
        unsigned status = 0;
        ret = gnutls_x509_trust_list_verify_crt2(tl, sent, nsent, data, 1, 0, &status, NULL);
        if (ret < 0) {
            printf("%s\treject\t%s\t%s\n", c->id, gnutls_strerror_name(ret), gnutls_strerror(ret));
        } else if (status == 0) {
            unsigned usage = 0;
            if (gnutls_x509_crt_get_key_usage(sent[0], &usage, NULL) >= 0 &&
                !(usage & GNUTLS_KEY_DIGITAL_SIGNATURE))
                printf("%s\treject\tGNUTLS_E_KEY_USAGE_VIOLATION\t%s\n", c->id,
                       gnutls_strerror(GNUTLS_E_KEY_USAGE_VIOLATION));
            else
                printf("%s\taccept\tOK\t\n", c->id);
        } else {
            char list[1024];
            gnutls_datum_t text = {NULL, 0};
            flag_names(names, sizeof names / sizeof *names, status, list, sizeof list);
            gnutls_certificate_verification_status_print(status, GNUTLS_CRT_X509, &text, 0);
            printf("%s\treject\t%s\t%s\n", c->id, list, text.data ? (char *)text.data : "");
            gnutls_free(text.data);
        }
    }
    for (int i = 0; i < nsent; i++) gnutls_x509_crt_deinit(sent[i]);
    gnutls_x509_trust_list_deinit(tl, 1);
}

int main(int argc, char **argv) {
    FILE *manifest = open_manifest(argc, argv);
    gnutls_global_init();
    struct dcase c;
    while (next_case(manifest, argv[1], &c)) {
        run(&c);
        free_case(&c);
    }
    gnutls_global_deinit();
    return 0;
}
