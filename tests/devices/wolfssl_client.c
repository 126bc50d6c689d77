/* wolfSSL 5.5 as a device's TLS client: wolfSSL_CTX_new(wolfSSLv23_client_method()) (TLS 1.2 and
 * 1.3 in Debian's build), the CA file as its store, WOLFSSL_VERIFY_PEER (without it Debian's
 * build lets verification errors through), SNI and wolfSSL_check_domain_name. Build options at
 * run time:
 *   --no-tls13   wolfSSL_CTX_set_max_proto_version(TLS1_2_VERSION)
 *   --ecc-only   the default suite list (wolfSSL_get_ciphers_compat, in its order) kept to
 *                ECDSA-authenticated and TLS 1.3 suites, signature
 *                algorithms ECDSA only
 *   --rsa-only   the default suite list kept to RSA-authenticated and TLS 1.3 suites, signature
 *                algorithms RSA (PSS, PKCS#1) only
 *   --mfl N      wolfSSL_UseMaxFragment
 * The leaf is hashed in the verification callback (Debian builds WOLFSSL_ALWAYS_VERIFY_CB, so it
 * runs on success too; store->certs[0] is the leaf as received). */
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>
#include <wolfssl/wolfcrypt/error-crypt.h>
#include <wolfssl/error-ssl.h>
#include <wolfssl/wolfcrypt/sha256.h>

#include "client.h"
#include "corpus.h"

static const struct name error_names[] = {
#include "names-wolfssl.h"
};

static struct outcome out;

static int verify_cb(int preverify, WOLFSSL_X509_STORE_CTX *store) {
    if (!out.have_leaf && store && store->certs && store->totalCerts > 0) {
        if (wc_Sha256Hash(store->certs[0].buffer, store->certs[0].length, out.leaf_sha256) == 0)
            out.have_leaf = 1;
    }
    return preverify;
}

/* The suites of ssl's default list (in its order) that a build with one authentication
 * algorithm keeps: TLS 1.3 suites, and ECDSA-authenticated ones or RSA-authenticated ones
 * (neither anonymous nor PSK). */
static void restrict_suites(WOLFSSL *ssl, const struct client_args *a) {
    static char list[4096];
    list[0] = 0;
    WOLF_STACK_OF(WOLFSSL_CIPHER) *suites = wolfSSL_get_ciphers_compat(ssl);
    int n = wolfSSL_sk_SSL_CIPHER_num(suites);
    for (int i = 0; i < n; i++) {
        const char *name = wolfSSL_CIPHER_get_name(wolfSSL_sk_SSL_CIPHER_value(suites, i));
        if (!name) continue;
        int tls13 = !strncmp(name, "TLS13-", 6);
        int ecdsa = strstr(name, "ECDSA") != NULL;
        int other = strstr(name, "PSK") != NULL || !strncmp(name, "ADH-", 4);
        int keep = tls13 || (!other && (a->ecc_only ? ecdsa : !ecdsa));
        if (!keep) continue;
        if (list[0]) strncat(list, ":", sizeof list - strlen(list) - 1);
        strncat(list, name, sizeof list - strlen(list) - 1);
    }
    wolfSSL_set_cipher_list(ssl, list);
    wolfSSL_set1_sigalgs_list(ssl, a->ecc_only ? "ECDSA+SHA256:ECDSA+SHA384:ECDSA+SHA512"
                                               : "RSA-PSS+SHA256:RSA-PSS+SHA384:RSA-PSS+SHA512:"
                                                 "RSA+SHA256:RSA+SHA384:RSA+SHA512");
}

int main(int argc, char **argv) {
    struct client_args a;
    parse_args(argc, argv, &a);
    wolfSSL_Init();
    WOLFSSL_CTX *ctx = wolfSSL_CTX_new(wolfSSLv23_client_method());
    if (!ctx || wolfSSL_CTX_load_verify_locations(ctx, a.cafile, NULL) != WOLFSSL_SUCCESS) {
        fprintf(stderr, "cannot set up the context or read %s\n", a.cafile);
        return 2;
    }
    wolfSSL_CTX_set_verify(ctx, WOLFSSL_VERIFY_PEER, verify_cb);
    if (a.no_tls13) wolfSSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION);
    WOLFSSL *ssl = wolfSSL_new(ctx);
    if (!ssl) return 2;
    if (a.ecc_only || a.rsa_only) restrict_suites(ssl, &a);
    wolfSSL_UseSNI(ssl, WOLFSSL_SNI_HOST_NAME, a.sni, (unsigned short)strlen(a.sni));
    wolfSSL_check_domain_name(ssl, a.sni);
    if (a.mfl) wolfSSL_UseMaxFragment(ssl, (unsigned char)mfl_code(a.mfl));
    int fd = tcp_connect(&a, &out);
    if (fd < 0) {
        print_outcome(&out);
        return 0;
    }
    wolfSSL_set_fd(ssl, fd);
    int ret = wolfSSL_connect(ssl);
    if (ret == WOLFSSL_SUCCESS) {
        out.ok = 1;
        out.version = (unsigned)wolfSSL_version(ssl);
        out.suite = (unsigned)wolfSSL_get_current_cipher_suite(ssl) & 0xFFFF;
        snprintf(out.detail, sizeof out.detail, "%s", wolfSSL_get_cipher(ssl));
    } else {
        int err = wolfSSL_get_error(ssl, ret);
        const char *name = value_name(error_names, sizeof error_names / sizeof *error_names, err);
        out.error = name ? name : "WOLFSSL_ERROR";
        out.error_value = err;
        out.have_error_value = 1;
        char text[WOLFSSL_MAX_ERROR_SZ];
        wolfSSL_ERR_error_string_n((unsigned long)err, text, sizeof text);
        snprintf(out.detail, sizeof out.detail, "%s", text);
    }
    print_outcome(&out);
    wolfSSL_free(ssl);
    close(fd);
    wolfSSL_CTX_free(ctx);
    wolfSSL_Cleanup();
    return 0;
}
