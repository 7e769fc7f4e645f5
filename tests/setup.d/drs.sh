# utils disaster_recovery (tests/drs.rs): OpenSSH server and its sftp-server, GNU tar and
# sqlite3 as oracles.
PKGS+=(openssh-server tar sqlite3)
