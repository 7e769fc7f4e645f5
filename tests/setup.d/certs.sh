PKGS+=(openssl)  # tests/certs.rs: the independent reader of the stored certificates
