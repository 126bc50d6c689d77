/* The corpus reader shared by the five device programs (see README.md).
 *
 * A corpus directory holds manifest.tsv, one case a line:
 *   id <TAB> kind <TAB> host <TAB> unix-time <TAB> chain-count <TAB> anchor-count
 * and cases/<id>/c0.der … (the chain as the server sends it, leaf first) and a0.der … (the
 * trust anchors). Each program prints one line per case:
 *   id <TAB> accept|reject <TAB> ERROR_NAME[,ERROR_NAME…] <TAB> free text
 * A program that cannot run at all exits 2. */
#ifndef CHAINLENS_DEVICES_CORPUS_H
#define CHAINLENS_DEVICES_CORPUS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CERTS 16

struct der { unsigned char *data; size_t len; };

struct dcase {
    char id[128], kind[64], host[256];
    long long time;
    int nchain, nanchor;
    struct der chain[MAX_CERTS], anchor[MAX_CERTS];
};

static int read_file(const char *path, struct der *out) {
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    out->data = malloc(n > 0 ? (size_t)n : 1);
    out->len = fread(out->data, 1, (size_t)n, f);
    fclose(f);
    return out->len == (size_t)n ? 0 : -1;
}

static void free_case(struct dcase *c) {
    for (int i = 0; i < c->nchain; i++) free(c->chain[i].data);
    for (int i = 0; i < c->nanchor; i++) free(c->anchor[i].data);
}

/* Reads the next case of the manifest; 1 on success, 0 at the end. */
static int next_case(FILE *manifest, const char *dir, struct dcase *c) {
    char line[1024], path[1024];
    while (fgets(line, sizeof line, manifest)) {
        memset(c, 0, sizeof *c);
        if (sscanf(line, "%127[^\t]\t%63[^\t]\t%255[^\t]\t%lld\t%d\t%d", c->id, c->kind, c->host,
                   &c->time, &c->nchain, &c->nanchor) != 6)
            continue;
        if (c->nchain > MAX_CERTS) c->nchain = MAX_CERTS;
        if (c->nanchor > MAX_CERTS) c->nanchor = MAX_CERTS;
        for (int i = 0; i < c->nchain; i++) {
            snprintf(path, sizeof path, "%s/cases/%s/c%d.der", dir, c->id, i);
            if (read_file(path, &c->chain[i])) { fprintf(stderr, "cannot read %s\n", path); exit(2); }
        }
        for (int i = 0; i < c->nanchor; i++) {
            snprintf(path, sizeof path, "%s/cases/%s/a%d.der", dir, c->id, i);
            if (read_file(path, &c->anchor[i])) { fprintf(stderr, "cannot read %s\n", path); exit(2); }
        }
        return 1;
    }
    return 0;
}

static FILE *open_manifest(int argc, char **argv) {
    char path[1024];
    if (argc < 2) { fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]); exit(2); }
    snprintf(path, sizeof path, "%s/manifest.tsv", argv[1]);
    FILE *f = fopen(path, "r");
    if (!f) { fprintf(stderr, "cannot open %s\n", path); exit(2); }
    return f;
}

/* Whether the DER certificate's key is RSA (rsaEncryption appears only in its SPKI). */
static int der_key_is_rsa(const struct der *d) {
    static const unsigned char rsa[] = {0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01};
    for (size_t i = 0; i + sizeof rsa <= d->len; i++)
        if (!memcmp(d->data + i, rsa, sizeof rsa)) return 1;
    return 0;
}

/* A name table, generated from the library's headers by the Makefile. */
struct name { long value; const char *name; };

/* Appends to buf (comma-separated) the names of the table entries whose bits are all in flags. */
static void flag_names(const struct name *t, size_t n, unsigned long flags, char *buf, size_t size) {
    buf[0] = 0;
    for (size_t i = 0; i < n; i++) {
        if (t[i].value && ((unsigned long)t[i].value & flags) == (unsigned long)t[i].value) {
            if (buf[0]) strncat(buf, ",", size - strlen(buf) - 1);
            strncat(buf, t[i].name, size - strlen(buf) - 1);
        }
    }
    if (!buf[0]) snprintf(buf, size, "0x%lx", flags);
}

/* The first name of a table entry with this value, or NULL. */
static const char *value_name(const struct name *t, size_t n, long value) {
    for (size_t i = 0; i < n; i++) if (t[i].value == value) return t[i].name;
    return NULL;
}

#endif
