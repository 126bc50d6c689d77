/* What the five device clients share (see README.md, "The clients"): the command line, the TCP
 * connection, and the one JSON line each prints.
 *
 *   PROGRAM HOST PORT CAFILE [--no-tls13] [--ecc-only] [--rsa-only] [--mfl N] [--sni NAME]
 *
 * HOST is where to connect (127.0.0.1); the name sent in SNI and checked against the
 * certificate is --sni (default: HOST). Output, one line:
 *   {"ok":true|false,"version":N,"suite":N,"leaf_sha256":"hex"|null,"error":"NAME"|null,
 *    "error_value":N|null,"detail":"text"}
 * version and suite are wire codes (0 when nothing was negotiated). The program exits 0
 * whether or not the handshake succeeded; 2 when it cannot run at all. */
#ifndef CHAINLENS_DEVICES_CLIENT_H
#define CHAINLENS_DEVICES_CLIENT_H

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

struct client_args {
    const char *host, *port, *cafile, *sni;
    int no_tls13, ecc_only, rsa_only;
    int mfl; /* requested max_fragment_length in bytes (512, 1024, 2048, 4096), 0: none */
};

struct outcome {
    int ok;
    unsigned version, suite;
    int have_leaf;
    unsigned char leaf_sha256[32];
    const char *error;
    long error_value;
    int have_error_value;
    char detail[512];
};

static void usage(const char *program) {
    fprintf(stderr,
            "usage: %s HOST PORT CAFILE [--no-tls13] [--ecc-only] [--rsa-only] [--mfl N] "
            "[--sni NAME]\n",
            program);
    exit(2);
}

static void parse_args(int argc, char **argv, struct client_args *a) {
    memset(a, 0, sizeof *a);
    if (argc < 4) usage(argv[0]);
    a->host = argv[1];
    a->port = argv[2];
    a->cafile = argv[3];
    a->sni = a->host;
    for (int i = 4; i < argc; i++) {
        if (!strcmp(argv[i], "--no-tls13")) a->no_tls13 = 1;
        else if (!strcmp(argv[i], "--ecc-only")) a->ecc_only = 1;
        else if (!strcmp(argv[i], "--rsa-only")) a->rsa_only = 1;
        else if (!strcmp(argv[i], "--mfl") && i + 1 < argc) {
            a->mfl = atoi(argv[++i]);
            if (a->mfl != 512 && a->mfl != 1024 && a->mfl != 2048 && a->mfl != 4096) usage(argv[0]);
        } else if (!strcmp(argv[i], "--sni") && i + 1 < argc) a->sni = argv[++i];
        else usage(argv[0]);
    }
}

/* The max_fragment_length code of RFC 6066 for a size in bytes. */
static int mfl_code(int bytes) {
    switch (bytes) {
    case 512: return 1;
    case 1024: return 2;
    case 2048: return 3;
    case 4096: return 4;
    default: return 0;
    }
}

/* A connected TCP socket, or -1 (reported in o). A receive timeout keeps a silent server from
 * hanging the client. */
static int tcp_connect(const struct client_args *a, struct outcome *o) {
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(a->host, a->port, &hints, &res) != 0 || !res) {
        o->error = "RESOLVE";
        return -1;
    }
    int fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
    if (fd < 0 || connect(fd, res->ai_addr, res->ai_addrlen) != 0) {
        o->error = "CONNECT";
        freeaddrinfo(res);
        if (fd >= 0) close(fd);
        return -1;
    }
    freeaddrinfo(res);
    struct timeval tv = {10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

static void json_string(const char *s) {
    putchar('"');
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') printf("\\%c", c);
        else if (c < 0x20) printf("\\u%04x", c);
        else putchar(c);
    }
    putchar('"');
}

static void print_outcome(const struct outcome *o) {
    printf("{\"ok\":%s,\"version\":%u,\"suite\":%u,\"leaf_sha256\":", o->ok ? "true" : "false",
           o->version, o->suite);
    if (o->have_leaf) {
        putchar('"');
        for (int i = 0; i < 32; i++) printf("%02x", o->leaf_sha256[i]);
        putchar('"');
    } else {
        printf("null");
    }
    printf(",\"error\":");
    if (o->error) json_string(o->error);
    else printf("null");
    printf(",\"error_value\":");
    if (o->have_error_value) printf("%ld", o->error_value);
    else printf("null");
    printf(",\"detail\":");
    json_string(o->detail);
    printf("}\n");
    fflush(stdout);
}

#endif
