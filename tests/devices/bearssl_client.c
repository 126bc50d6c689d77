/* BearSSL 0.6 as a device's TLS client: br_ssl_client_init_full (every suite and algorithm the
 * library has, TLS 1.0 to 1.2), trust anchors made from the CA file as brssl makes them, the
 * server name for SNI and the certificate check, and a bidirectional buffer of the documented
 * optimal size (BR_SSL_BUFSIZE_BIDI). Build options at run time:
 *   --no-tls13   nothing to do: BearSSL 0.6 has no TLS 1.3
 *   --ecc-only   br_ssl_engine_set_suites with the ECDSA-authenticated suites of the full list
 *   --rsa-only   the same with the RSA-authenticated suites
 *   --mfl N      an input buffer of N + 325 bytes (BR_SSL_BUFSIZE_INPUT's overhead): BearSSL
 *                then asks for max_fragment_length itself; there is no other way to ask
 * The leaf is hashed by a br_x509_class wrapped around br_x509_minimal, as it streams in. */
#include <bearssl.h>
#include <errno.h>

#include "client.h"
#include "corpus.h"

static const struct name names[] = {
#include "names-bearssl.h"
};

static struct outcome out;

struct dnbuf { unsigned char data[1024]; size_t len; };

static void dn_append(void *ctx, const void *buf, size_t len) {
    struct dnbuf *d = ctx;
    if (d->len + len <= sizeof d->data) { memcpy(d->data + d->len, buf, len); d->len += len; }
}

static void *copy(const void *p, size_t n) {
    void *q = malloc(n ? n : 1);
    memcpy(q, p, n);
    return q;
}

/* A trust anchor from a DER certificate, as brssl's certs.c makes it; 0 if it does not decode. */
static int make_anchor(const unsigned char *der, size_t len, br_x509_trust_anchor *ta) {
    struct dnbuf dn;
    br_x509_decoder_context dc;
    memset(&dn, 0, sizeof dn);
    br_x509_decoder_init(&dc, dn_append, &dn);
    br_x509_decoder_push(&dc, der, len);
    const br_x509_pkey *pk = br_x509_decoder_get_pkey(&dc);
    if (!pk) return 0;
    ta->dn.data = copy(dn.data, dn.len);
    ta->dn.len = dn.len;
    ta->flags = br_x509_decoder_isCA(&dc) ? BR_X509_TA_CA : 0;
    ta->pkey.key_type = pk->key_type;
    if (pk->key_type == BR_KEYTYPE_RSA) {
        ta->pkey.key.rsa.n = copy(pk->key.rsa.n, pk->key.rsa.nlen);
        ta->pkey.key.rsa.nlen = pk->key.rsa.nlen;
        ta->pkey.key.rsa.e = copy(pk->key.rsa.e, pk->key.rsa.elen);
        ta->pkey.key.rsa.elen = pk->key.rsa.elen;
    } else {
        ta->pkey.key.ec.curve = pk->key.ec.curve;
        ta->pkey.key.ec.q = copy(pk->key.ec.q, pk->key.ec.qlen);
        ta->pkey.key.ec.qlen = pk->key.ec.qlen;
    }
    return 1;
}

struct derbuf { unsigned char *data; size_t len, cap; };

static void der_append(void *ctx, const void *buf, size_t len) {
    struct derbuf *d = ctx;
    if (d->len + len > d->cap) {
        d->cap = (d->len + len) * 2;
        d->data = realloc(d->data, d->cap);
    }
    memcpy(d->data + d->len, buf, len);
    d->len += len;
}

/* Every CERTIFICATE of a PEM file as an anchor; the count, or -1. */
static int load_anchors(const char *path, br_x509_trust_anchor *tas, int max) {
    struct der file;
    if (read_file(path, &file)) return -1;
    /* BearSSL 0.6's PEM decoder does not take CRLF line ends: drop the CRs. */
    size_t kept = 0;
    for (size_t i = 0; i < file.len; i++)
        if (file.data[i] != '\r') file.data[kept++] = file.data[i];
    file.len = kept;
    br_pem_decoder_context pc;
    br_pem_decoder_init(&pc);
    struct derbuf der = {0};
    int n = 0, in_cert = 0;
    size_t off = 0;
    while (off < file.len) {
        off += br_pem_decoder_push(&pc, file.data + off, file.len - off);
        switch (br_pem_decoder_event(&pc)) {
        case BR_PEM_BEGIN_OBJ:
            in_cert = !strcmp(br_pem_decoder_name(&pc), "CERTIFICATE");
            der.len = 0;
            br_pem_decoder_setdest(&pc, in_cert ? der_append : NULL, &der);
            break;
        case BR_PEM_END_OBJ:
            if (in_cert && n < max && make_anchor(der.data, der.len, &tas[n])) n++;
            in_cert = 0;
            break;
        case BR_PEM_ERROR:
            return -1;
        default:
            break;
        }
    }
    free(der.data);
    free(file.data);
    return n;
}

/* br_x509_minimal behind a wrapper that hashes the first certificate as it streams in. */
struct leaf_hasher {
    const br_x509_class *vtable;
    const br_x509_class **inner;
    int index;
    br_sha256_context sha;
};

static void h_start_chain(const br_x509_class **ctx, const char *server_name) {
    struct leaf_hasher *h = (struct leaf_hasher *)ctx;
    h->index = 0;
    (*h->inner)->start_chain(h->inner, server_name);
}
static void h_start_cert(const br_x509_class **ctx, uint32_t length) {
    struct leaf_hasher *h = (struct leaf_hasher *)ctx;
    if (h->index == 0) br_sha256_init(&h->sha);
    (*h->inner)->start_cert(h->inner, length);
}
static void h_append(const br_x509_class **ctx, const unsigned char *buf, size_t len) {
    struct leaf_hasher *h = (struct leaf_hasher *)ctx;
    if (h->index == 0) br_sha256_update(&h->sha, buf, len);
    (*h->inner)->append(h->inner, buf, len);
}
static void h_end_cert(const br_x509_class **ctx) {
    struct leaf_hasher *h = (struct leaf_hasher *)ctx;
    if (h->index == 0) {
        br_sha256_out(&h->sha, out.leaf_sha256);
        out.have_leaf = 1;
    }
    h->index++;
    (*h->inner)->end_cert(h->inner);
}
static unsigned h_end_chain(const br_x509_class **ctx) {
    struct leaf_hasher *h = (struct leaf_hasher *)ctx;
    return (*h->inner)->end_chain(h->inner);
}
static const br_x509_pkey *h_get_pkey(const br_x509_class *const *ctx, unsigned *usages) {
    const struct leaf_hasher *h = (const struct leaf_hasher *)ctx;
    return (*h->inner)->get_pkey(h->inner, usages);
}
static const br_x509_class hasher_vtable = {
    sizeof(struct leaf_hasher), h_start_chain, h_start_cert, h_append, h_end_cert, h_end_chain,
    h_get_pkey,
};

/* ECDSA-authenticated suites (ECDHE_ECDSA and ECDH_ECDSA) among BearSSL's. */
static int ecdsa_suite(uint16_t s) {
    static const uint16_t ecdsa[] = {0xC02B, 0xC02C, 0xC023, 0xC024, 0xC009, 0xC00A, 0xCCA9,
                                     0xC0AC, 0xC0AD, 0xC0AE, 0xC0AF, 0xC008, 0xC02D, 0xC02E,
                                     0xC025, 0xC026, 0xC004, 0xC005, 0xC003};
    for (size_t i = 0; i < sizeof ecdsa / sizeof *ecdsa; i++)
        if (ecdsa[i] == s) return 1;
    return 0;
}

int main(int argc, char **argv) {
    struct client_args a;
    parse_args(argc, argv, &a);
    static br_x509_trust_anchor tas[64];
    int nta = load_anchors(a.cafile, tas, 64);
    if (nta <= 0) {
        fprintf(stderr, "no trust anchor in %s\n", a.cafile);
        return 2;
    }
    static br_ssl_client_context sc;
    static br_x509_minimal_context xc;
    br_ssl_client_init_full(&sc, &xc, tas, (size_t)nta);
    static struct leaf_hasher hasher;
    hasher.vtable = &hasher_vtable;
    hasher.inner = &xc.vtable;
    br_ssl_engine_set_x509(&sc.eng, &hasher.vtable);
    if (a.ecc_only || a.rsa_only) {
        uint16_t suites[BR_MAX_CIPHER_SUITES];
        size_t n = 0;
        for (size_t i = 0; i < sc.eng.suites_num; i++)
            if (ecdsa_suite(sc.eng.suites_buf[i]) == (a.ecc_only ? 1 : 0))
                suites[n++] = sc.eng.suites_buf[i];
        br_ssl_engine_set_suites(&sc.eng, suites, n);
    }
    static unsigned char ibuf[BR_SSL_BUFSIZE_INPUT], obuf[BR_SSL_BUFSIZE_OUTPUT];
    size_t ilen = a.mfl ? (size_t)a.mfl + 325 : sizeof ibuf;
    br_ssl_engine_set_buffers_bidi(&sc.eng, ibuf, ilen, obuf, sizeof obuf);
    if (!br_ssl_client_reset(&sc, a.sni, 0)) {
        fprintf(stderr, "cannot reset the client\n");
        return 2;
    }
    int fd = tcp_connect(&a, &out);
    if (fd < 0) {
        print_outcome(&out);
        return 0;
    }
    br_ssl_engine_context *eng = &sc.eng;
    const char *io_error = NULL;
    for (;;) {
        unsigned state = br_ssl_engine_current_state(eng);
        if (state & BR_SSL_CLOSED) break;
        if (state & BR_SSL_SENDREC) {
            size_t len;
            unsigned char *buf = br_ssl_engine_sendrec_buf(eng, &len);
            ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);
            if (n <= 0) { io_error = "SEND"; break; }
            br_ssl_engine_sendrec_ack(eng, (size_t)n);
            continue;
        }
        if (state & BR_SSL_SENDAPP) break; /* the handshake is done */
        if (state & BR_SSL_RECVREC) {
            size_t len;
            unsigned char *buf = br_ssl_engine_recvrec_buf(eng, &len);
            ssize_t n = recv(fd, buf, len, 0);
            if (n <= 0) { io_error = n == 0 ? "EOF" : "RECV"; break; }
            br_ssl_engine_recvrec_ack(eng, (size_t)n);
            continue;
        }
        io_error = "STALLED";
        break;
    }
    int err = br_ssl_engine_last_error(eng);
    unsigned state = br_ssl_engine_current_state(eng);
    if (err == BR_ERR_OK && !io_error && (state & BR_SSL_SENDAPP)) {
        out.ok = 1;
        out.version = br_ssl_engine_get_version(eng);
        out.suite = eng->session.cipher_suite;
        snprintf(out.detail, sizeof out.detail, "handshake done");
    } else if (err != BR_ERR_OK) {
        const char *name = value_name(names, sizeof names / sizeof *names, err);
        /* An alert is reported as a base plus the alert's number. */
        if (!name && err >= BR_ERR_SEND_FATAL_ALERT) name = "BR_ERR_SEND_FATAL_ALERT";
        else if (!name && err >= BR_ERR_RECV_FATAL_ALERT) name = "BR_ERR_RECV_FATAL_ALERT";
        out.error = name ? name : "BR_ERR_UNKNOWN";
        out.error_value = err;
        out.have_error_value = 1;
        if (err >= BR_ERR_RECV_FATAL_ALERT)
            snprintf(out.detail, sizeof out.detail, "engine error %d (alert %d)", err, err & 0xFF);
        else
            snprintf(out.detail, sizeof out.detail, "engine error %d", err);
    } else {
        out.error = io_error;
        snprintf(out.detail, sizeof out.detail, "the connection ended during the handshake");
    }
    print_outcome(&out);
    close(fd);
    return 0;
}
