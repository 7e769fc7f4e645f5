# Traces and the `file` family: sshd + sftp-server receive `file get` in tests/sftp_get.rs;
# GNU tar and gzip check bundles; the benchmarks also install pigz, ripgrep and hyperfine.
PKGS+=(openssh-server openssh-client tar gzip)
