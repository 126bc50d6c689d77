#include <stdio.h>
#include <stdlib.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
int main(int argc,char**argv){ // chain pems... -- root.pem host
 gnutls_x509_crt_t list[16]; int n=0,i=1; gnutls_datum_t d;
 for(;argv[i][0]!='-';i++){gnutls_load_file(argv[i],&d);gnutls_x509_crt_init(&list[n]);gnutls_x509_crt_import(list[n],&d,GNUTLS_X509_FMT_PEM);n++;}
 i++; gnutls_x509_trust_list_t tl; gnutls_x509_trust_list_init(&tl,0);
 gnutls_datum_t r; gnutls_load_file(argv[i],&r); gnutls_x509_trust_list_add_trust_mem(tl,&r,NULL,GNUTLS_X509_FMT_PEM,0,0);
 unsigned st=0; gnutls_typed_vdata_st vd[2]; int nv=0;
 vd[nv].type=GNUTLS_DT_DNS_HOSTNAME; vd[nv].data=(unsigned char*)argv[i+1]; vd[nv].size=0; nv++;
 vd[nv].type=GNUTLS_DT_KEY_PURPOSE_OID; vd[nv].data=(unsigned char*)GNUTLS_KP_TLS_WWW_SERVER; vd[nv].size=0; nv++;
 int ret=gnutls_x509_trust_list_verify_crt2(tl,list,n,vd,nv,0,&st,NULL);
 gnutls_datum_t out; gnutls_certificate_verification_status_print(st,GNUTLS_CRT_X509,&out,0);
 printf("gnutls ret=%d status=0x%x %s\n",ret,st,out.data); return 0;}
