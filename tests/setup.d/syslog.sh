# utils remotesyslog: a real rsyslog receiver (UDP, TCP, TLS via the openssl netstream
# driver) on 127.0.0.1, and util-linux's logger for the benchmark's comparison.
PKGS+=(rsyslog rsyslog-openssl bsdutils)
