/* BearSSL 0.6: the chain decision of a TLS client (br_ssl_client_init_full), which runs the
 * br_x509_minimal engine over the Certificate message.
 *
 *   client step                                     here
 *   trust anchors (brssl: certs.c, from DER roots)  br_x509_decoder per anchor: DN, public key,
 *                                                     BR_X509_TA_CA when basicConstraints cA
 *   br_x509_minimal_init_full (in client_init_full) the same: every hash, RSA and ECDSA engine
 *   br_x509_minimal_set_time (a client without a    the same, from the case time
 *     clock is given the time this way)
 *   start_chain(server_name)                        the same, with the expected host
 *   start_cert / append / end_cert per certificate  the same, in the order sent
 *   end_chain → 0 or BR_ERR_X509_*                  the same
 *   the engine's get_pkey(&usages) check for the     ECDHE-RSA for an RSA key, else ECDHE-ECDSA:
 *     suite's key exchange: ECDHE needs a signing     BR_KEYTYPE_SIGN required, else
 *     key                                             BR_ERR_WRONG_KEY_USAGE (the SSL engine's)
 *
 * The last step was seen in a real handshake (br_ssl_client_init_full + br_sslio against a
 * wolfSSL server, TLS 1.2): a leaf whose keyUsage is keyEncipherment only, P-256 or RSA, ends
 * the handshake with BR_ERR_WRONG_KEY_USAGE (28).
 */
#include <bearssl.h>

#include "corpus.h"

static const struct name names[] = {
#include "names-bearssl.h"
};

struct dnbuf { unsigned char data[1024]; size_t len; };

static void dn_append(void *ctx, const void *buf, size_t len) {
    struct dnbuf *d = ctx;
    if (d->len + len <= sizeof d->data) { memcpy(d->data + d->len, buf, len); d->len += len; }
}

/* A trust anchor from a DER certificate, as brssl's certs.c makes it; 0 if it does not decode. */
static int make_anchor(const struct der *der, br_x509_trust_anchor *ta) {
    static struct dnbuf dn;
    br_x509_decoder_context dc;
    memset(&dn, 0, sizeof dn);
    br_x509_decoder_init(&dc, dn_append, &dn);
    br_x509_decoder_push(&dc, der->data, der->len);
    const br_x509_pkey *pk = br_x509_decoder_get_pkey(&dc);
    if (!pk) return 0;
    ta->dn.data = malloc(dn.len);
    memcpy(ta->dn.data, dn.data, dn.len);
    ta->dn.len = dn.len;
    ta->flags = br_x509_decoder_isCA(&dc) ? BR_X509_TA_CA : 0;
    ta->pkey.key_type = pk->key_type;
    if (pk->key_type == BR_KEYTYPE_RSA) {
        ta->pkey.key.rsa.n = malloc(pk->key.rsa.nlen);
        memcpy(ta->pkey.key.rsa.n, pk->key.rsa.n, pk->key.rsa.nlen);
        ta->pkey.key.rsa.nlen = pk->key.rsa.nlen;
        ta->pkey.key.rsa.e = malloc(pk->key.rsa.elen);
        memcpy(ta->pkey.key.rsa.e, pk->key.rsa.e, pk->key.rsa.elen);
        ta->pkey.key.rsa.elen = pk->key.rsa.elen;
    } else {
        ta->pkey.key.ec.curve = pk->key.ec.curve;
        ta->pkey.key.ec.q = malloc(pk->key.ec.qlen);
        memcpy(ta->pkey.key.ec.q, pk->key.ec.q, pk->key.ec.qlen);
        ta->pkey.key.ec.qlen = pk->key.ec.qlen;
    }
    return 1;
}

static void free_anchor(br_x509_trust_anchor *ta) {
    free(ta->dn.data);
    if (ta->pkey.key_type == BR_KEYTYPE_RSA) { free(ta->pkey.key.rsa.n); free(ta->pkey.key.rsa.e); }
    else free(ta->pkey.key.ec.q);
}

static void run(struct dcase *c) {
    br_x509_trust_anchor tas[MAX_CERTS];
    size_t nta = 0;
    for (int i = 0; i < c->nanchor; i++)
        if (make_anchor(&c->anchor[i], &tas[nta])) nta++;
    br_x509_minimal_context ctx;
    br_x509_minimal_init_full(&ctx, tas, nta);
    /* Days since 1 January of year 0, and seconds in the day. */
    br_x509_minimal_set_time(&ctx, (uint32_t)(c->time / 86400 + 719528), (uint32_t)(c->time % 86400));
    const br_x509_class **xc = &ctx.vtable;
    (*xc)->start_chain(xc, c->host);
    for (int i = 0; i < c->nchain; i++) {
        (*xc)->start_cert(xc, (uint32_t)c->chain[i].len);
        (*xc)->append(xc, c->chain[i].data, c->chain[i].len);
        (*xc)->end_cert(xc);
    }
    unsigned err = (*xc)->end_chain(xc);
    if (err == 0) {
        unsigned usages = 0;
        const br_x509_pkey *pk = (*xc)->get_pkey(xc, &usages);
        if (!pk || !(usages & BR_KEYTYPE_SIGN)) err = BR_ERR_WRONG_KEY_USAGE;
    }
    const char *name = value_name(names, sizeof names / sizeof *names, (long)err);
    if (err == 0)
        printf("%s\taccept\tOK\t\n", c->id);
    else
        printf("%s\treject\t%s\terror %u\n", c->id, name ? name : "BR_ERR_UNKNOWN", err);
    for (size_t i = 0; i < nta; i++) free_anchor(&tas[i]);
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
