#include <stdio.h>
#include <openssl/ssl.h>
int main(){SSL_CTX*c=SSL_CTX_new(TLS_client_method());printf("seclevel=%d\n",SSL_CTX_get_security_level(c));}