# The cluster database tests read replicas with the sqlite3 program (tests/db_engine.rs);
# the benchmark (tests/bench/dbreplication.sh) installs hyperfine itself.
PKGS+=(sqlite3)
