# Fuzzing (fuzz/run.sh): libfuzzer-sys compiles libFuzzer, which is C++.
PKGS+=(g++)
