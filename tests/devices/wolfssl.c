/* wolfSSL 5.5: the chain decision of a real wolfSSL TLS 1.2 client. wolfSSL decides on the
 * chain inside the handshake (ProcessPeerCerts), so this program runs the client itself:
 * wolfSSL_connect over in-memory I/O callbacks, answered by a canned server flight
 * (ServerHello + Certificate). The verdict is where the handshake stops:
 *   - it asks for more data (WOLFSSL_ERROR_WANT_READ, waiting for ServerKeyExchange):
 *     the certificate was accepted;
 *   - it fails: the error it fails with (ASN_*_E, *_E codes, by their enum names).
 *
 *   client step                                   here
 *   wolfSSL_CTX_new(wolfTLSv1_2_client_method())  the same
 *   wolfSSL_CTX_set_verify(WOLFSSL_VERIFY_PEER)   the same
 *   wolfSSL_CTX_load_verify_buffer (anchors)      the same, DER; a refused anchor (an expired
 *                                                   one, say) is noted in the free text
 *   wolfSSL_check_domain_name(host)               the same
 *   ClientHello → server                          swallowed by the send callback
 *   ServerHello                                   TLS 1.2, ECDHE-RSA-AES128-GCM-SHA256 for an
 *                                                   RSA leaf, else ECDHE-ECDSA-AES128-GCM-SHA256,
 *                                                   no extensions
 *   Certificate → ProcessPeerCerts                the sent chain, in order
 *
 * wolfSSL reads the clock itself (XTIME): run under faketime. */
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>
#include <wolfssl/error-ssl.h>
#include <wolfssl/wolfcrypt/error-crypt.h>

#include "corpus.h"

static const struct name names[] = {
#include "names-wolfssl.h"
};

struct io { unsigned char *data; size_t len, pos; };

static int recv_cb(WOLFSSL *ssl, char *buf, int size, void *ctx) {
    struct io *io = ctx;
    (void)ssl;
    if (io->pos >= io->len) return WOLFSSL_CBIO_ERR_WANT_READ;
    size_t n = io->len - io->pos < (size_t)size ? io->len - io->pos : (size_t)size;
    memcpy(buf, io->data + io->pos, n);
    io->pos += n;
    return (int)n;
}

static int send_cb(WOLFSSL *ssl, char *buf, int size, void *ctx) {
    (void)ssl; (void)buf; (void)ctx;
    return size;
}

static void put24(unsigned char *p, size_t n) { p[0] = n >> 16; p[1] = n >> 8; p[2] = n; }

/* The server's flight: ServerHello + Certificate, cut into TLS 1.2 handshake records. */
static struct io server_flight(const struct dcase *c) {
    static const unsigned char hello_tail[] = {0x00}; /* null compression, no extensions */
    size_t certs = 0;
    for (int i = 0; i < c->nchain; i++) certs += 3 + c->chain[i].len;
    size_t hs_len = 4 + 2 + 32 + 1 + 2 + 1 + 4 + 3 + certs;
    unsigned char *hs = malloc(hs_len), *p = hs;
    *p++ = 0x02; put24(p, 2 + 32 + 1 + 2 + 1); p += 3;
    *p++ = 0x03; *p++ = 0x03;
    for (int i = 0; i < 32; i++) *p++ = (unsigned char)(0x40 + i); /* server random */
    *p++ = 0x00;                                                   /* no session id */
    *p++ = 0xC0; *p++ = der_key_is_rsa(&c->chain[0]) ? 0x2F : 0x2B;
    memcpy(p, hello_tail, sizeof hello_tail); p += sizeof hello_tail;
    *p++ = 0x0B; put24(p, 3 + certs); p += 3;
    put24(p, certs); p += 3;
    for (int i = 0; i < c->nchain; i++) {
        put24(p, c->chain[i].len); p += 3;
        memcpy(p, c->chain[i].data, c->chain[i].len); p += c->chain[i].len;
    }
    struct io io = {malloc(hs_len + 5 * (hs_len / 16384 + 1)), 0, 0};
    for (size_t at = 0; at < hs_len; at += 16384) {
        size_t n = hs_len - at < 16384 ? hs_len - at : 16384;
        unsigned char *r = io.data + io.len;
        r[0] = 0x16; r[1] = 0x03; r[2] = 0x03; r[3] = n >> 8; r[4] = n & 0xFF;
        memcpy(r + 5, hs + at, n);
        io.len += 5 + n;
    }
    free(hs);
    return io;
}

static void run(struct dcase *c) {
    char refused[256] = "";
    WOLFSSL_CTX *ctx = wolfSSL_CTX_new(wolfTLSv1_2_client_method());
    for (int i = 0; i < c->nanchor; i++) {
        int ret = wolfSSL_CTX_load_verify_buffer(ctx, c->anchor[i].data, (long)c->anchor[i].len,
                                                 WOLFSSL_FILETYPE_ASN1);
        if (ret != WOLFSSL_SUCCESS) {
            const char *name = value_name(names, sizeof names / sizeof *names, ret);
            snprintf(refused + strlen(refused), sizeof refused - strlen(refused),
                     "anchor %d refused: %s (%d); ", i, name ? name : "?", ret);
        }
    }
    /* Without this, Debian's build (OPENSSL_ALL) lets an unknown issuer or an expired leaf
     * through: applications that verify set it, as here. */
    wolfSSL_CTX_set_verify(ctx, WOLFSSL_VERIFY_PEER, NULL);
    wolfSSL_CTX_SetIORecv(ctx, recv_cb);
    wolfSSL_CTX_SetIOSend(ctx, send_cb);
    WOLFSSL *ssl = wolfSSL_new(ctx);
    struct io io = server_flight(c);
    wolfSSL_SetIOReadCtx(ssl, &io);
    wolfSSL_check_domain_name(ssl, c->host);
    int ret = wolfSSL_connect(ssl);
    int err = wolfSSL_get_error(ssl, ret);
    if (ret != WOLFSSL_SUCCESS && err == WOLFSSL_ERROR_WANT_READ && io.pos == io.len) {
        printf("%s\taccept\tOK\t%s\n", c->id, refused);
    } else {
        char text[WOLFSSL_MAX_ERROR_SZ];
        const char *name = value_name(names, sizeof names / sizeof *names, err);
        wolfSSL_ERR_error_string((unsigned long)err, text);
        printf("%s\treject\t%s\t%s%s (%d)\n", c->id, name ? name : "WOLFSSL_UNKNOWN_E", refused,
               text, err);
    }
    free(io.data);
    wolfSSL_free(ssl);
    wolfSSL_CTX_free(ctx);
}

int main(int argc, char **argv) {
    FILE *manifest = open_manifest(argc, argv);
    wolfSSL_Init();
    struct dcase c;
    while (next_case(manifest, argv[1], &c)) {
        run(&c);
        free_case(&c);
    }
    wolfSSL_Cleanup();
    return 0;
}
