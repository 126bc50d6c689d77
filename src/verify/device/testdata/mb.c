#include <stdio.h>
#include <mbedtls/x509_crt.h>
#include <mbedtls/error.h>
int main(int argc,char**argv){ // chainfiles... -- root host
 mbedtls_x509_crt chain, ca; mbedtls_x509_crt_init(&chain); mbedtls_x509_crt_init(&ca);
 int i=1; for(;i<argc && argv[i][0]!='-';i++){int r=mbedtls_x509_crt_parse_file(&chain,argv[i]); if(r) printf("parse %s -> -0x%x\n",argv[i],-r);}
 i++; int r=mbedtls_x509_crt_parse_file(&ca,argv[i]); if(r) printf("parse ca -> -0x%x\n",-r);
 const char*host=argv[i+1]; uint32_t flags=0;
 r=mbedtls_x509_crt_verify(&chain,&ca,NULL,host,&flags,NULL,NULL);
 char buf[512]; mbedtls_x509_crt_verify_info(buf,sizeof buf,"  ",flags);
 printf("mbedtls ret=-0x%x flags=0x%x\n%s",-r,flags,buf); return 0;}
