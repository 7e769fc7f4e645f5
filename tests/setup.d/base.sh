PKGS+=(sqlite3 tmux)
