#include <stdio.h>
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>
int main(int argc,char**argv){ wolfSSL_Init(); WOLFSSL_CERT_MANAGER*cm=wolfSSL_CertManagerNew();
 int r=wolfSSL_CertManagerLoadCA(cm,argv[1],NULL); printf("loadCA=%d\n",r);
 for(int i=2;i<argc-1;i++){ r=wolfSSL_CertManagerLoadCA(cm,argv[i],NULL); printf("load inter %s=%d\n",argv[i],r);} 
 r=wolfSSL_CertManagerVerify(cm,argv[argc-1],WOLFSSL_FILETYPE_PEM); printf("verify=%d %s\n",r,wolfSSL_ERR_reason_error_string(r)); return 0;}
