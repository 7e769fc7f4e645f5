//! Which nodes `--host` reaches: `[user@]host[:port]`, from the command line or a file.
//!
//! Parsing only: nothing here resolves a name or opens a connection. IPv6 literals are
//! written in brackets (`[fe80::1]:22`), as OpenSSH's known_hosts writes them.

use std::fmt;
use std::path::Path;

/// One node to log in to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The CLI account, when given with the host (`ops@pub`); otherwise `--user`'s.
    pub user: Option<String>,
    pub host: String,
    pub port: u16,
}

impl Target {
    /// The name known_hosts files use: `host`, or `[host]:port` off port 22.
    pub fn known_hosts_name(&self) -> String {
        if self.port == 22 {
            self.host.clone()
        } else {
            format!("[{}]:{}", self.host, self.port)
        }
    }

    /// How the host is shown in headings and tables: as it was given (`host` or `host:port`).
    pub fn label(&self) -> String {
        let host = if self.host.contains(':') { format!("[{}]", self.host) } else { self.host.clone() };
        match (self.port, &self.user) {
            (22, None) => host,
            (22, Some(u)) => format!("{u}@{host}"),
            (p, None) => format!("{host}:{p}"),
            (p, Some(u)) => format!("{u}@{host}:{p}"),
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// Parses `[user@]host[:port]`.
pub fn parse(spec: &str) -> Result<Target, String> {
    let spec = spec.trim();
    if spec.is_empty() {
        return Err("an empty host".into());
    }
    if spec.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("\"{}\" is not a host: it holds blanks", crate::engine::text::printable(spec)));
    }
    let (user, rest) = match spec.rsplit_once('@') {
        Some((u, r)) if !u.is_empty() => (Some(u.to_string()), r),
        Some(_) => return Err(format!("\"{spec}\": the account name before @ is empty")),
        None => (None, spec),
    };
    let (host, port) = if let Some(inner) = rest.strip_prefix('[') {
        let (h, after) = inner.split_once(']').ok_or_else(|| format!("\"{spec}\": a [ without ]"))?;
        let port = match after.strip_prefix(':') {
            Some(p) => Some(p),
            None if after.is_empty() => None,
            None => return Err(format!("\"{spec}\": unexpected text after ]")),
        };
        (h, port)
    } else if rest.matches(':').count() > 1 {
        // A bare IPv6 address: no port can be told apart from it.
        (rest, None)
    } else {
        match rest.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (rest, None),
        }
    };
    if host.is_empty() {
        return Err(format!("\"{spec}\": no host name"));
    }
    let port = match port {
        None => 22,
        Some(p) => match p.parse::<u16>() {
            Ok(n) if n > 0 => n,
            _ => return Err(format!("\"{spec}\": \"{p}\" is not a port (1-65535)")),
        },
    };
    Ok(Target { user, host: host.to_string(), port })
}

/// Parses a comma-separated `--host` value.
pub fn parse_list(list: &str) -> Result<Vec<Target>, String> {
    list.split(',').filter(|s| !s.trim().is_empty()).map(parse).collect()
}

/// Reads a hosts file: one `[user@]host[:port]` a line; blank lines and `#` comments skipped.
pub fn read_file(path: &Path) -> Result<Vec<Target>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        out.push(parse(line).map_err(|e| format!("{} line {}: {e}", path.display(), n + 1))?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_host_and_port_are_each_optional() {
        let t = parse("pub").expect("plain");
        assert_eq!((t.user, t.host.as_str(), t.port), (None, "pub", 22));
        let t = parse("ops@10.1.1.1:2202").expect("full");
        assert_eq!((t.user.as_deref(), t.host.as_str(), t.port), (Some("ops"), "10.1.1.1", 2202));
        let t = parse("[fe80::1]:2200").expect("v6");
        assert_eq!((t.host.as_str(), t.port), ("fe80::1", 2200));
        assert_eq!(t.known_hosts_name(), "[fe80::1]:2200");
        assert_eq!(parse("fe80::1").expect("bare v6").port, 22);
        assert!(parse("pub:0").is_err() && parse("pub:x").is_err() && parse("@pub").is_err());
        assert!(parse("a b").is_err() && parse("").is_err());
    }

    #[test]
    fn lists_and_files_keep_their_order() {
        let v = parse_list("a,b:2201, c").expect("list");
        let names: Vec<String> = v.iter().map(Target::label).collect();
        assert_eq!(names, ["a", "b:2201", "c"]);
        let dir = tempfile::tempdir().expect("tempdir");
        let f = dir.path().join("hosts");
        std::fs::write(&f, "# lab\nadmin@pub\n\nsub1:2202  # the subscriber\n").expect("write");
        let v = read_file(&f).expect("file");
        assert_eq!(v.iter().map(Target::label).collect::<Vec<_>>(), ["admin@pub", "sub1:2202"]);
        std::fs::write(&f, "pub\nbad host\n").expect("write");
        assert!(read_file(&f).unwrap_err().contains("line 2"));
    }
}
