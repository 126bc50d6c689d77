#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bearssl.h>
static unsigned char* rd(const char*p,size_t*n){FILE*f=fopen(p,"rb");unsigned char*b=malloc(100000);*n=fread(b,1,100000,f);fclose(f);return b;}
static unsigned char dnbuf[4096]; static size_t dnlen;
static void dn_app(void*c,const void*d,size_t l){memcpy(dnbuf+dnlen,d,l);dnlen+=l;}
int main(int argc,char**argv){ // chain ders... -- root.der host
 int i=1; br_x509_certificate chain[16]; int n=0;
 for(;argv[i][0]!='-';i++){size_t l; unsigned char*b=rd(argv[i],&l); chain[n].data=b; chain[n].data_len=l; n++;}
 i++; size_t rl; unsigned char*rb=rd(argv[i],&rl);
 br_x509_decoder_context dc; br_x509_decoder_init(&dc,dn_app,NULL); br_x509_decoder_push(&dc,rb,rl);
 br_x509_pkey*pk=br_x509_decoder_get_pkey(&dc); if(!pk){printf("root decode err %d\n",br_x509_decoder_last_error(&dc));return 1;}
 br_x509_trust_anchor ta; ta.dn.data=dnbuf; ta.dn.len=dnlen; ta.flags=BR_X509_TA_CA; ta.pkey=*pk;
 br_x509_minimal_context xc; br_x509_minimal_init_full(&xc,&ta,1);
 if(argc>i+2) br_x509_minimal_set_time(&xc, atoi(argv[i+2]), 0);
 const br_x509_class**v=&xc.vtable; (*v)->start_chain(v,argv[i+1]);
 for(int k=0;k<n;k++){(*v)->start_cert(v,chain[k].data_len);(*v)->append(v,chain[k].data,chain[k].data_len);(*v)->end_cert(v);}
 unsigned e=(*v)->end_chain(v); printf("bearssl err=%u\n",e); return 0;}
