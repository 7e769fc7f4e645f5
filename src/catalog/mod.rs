//! The command catalog: every leaf command with its words, parameters, privilege level,
//! roles, help and handler id, generated from commands/*.toml by build.rs.
//!
//! Parsing a line into an [`Invocation`] is pure — no engine, no I/O — so completion, `?`
//! and help are instant and work when a node is down. Names are resolved against the node
//! later, in the handler. This module must not depend on the engine's state.

mod complete;
pub mod generate;
mod help;
mod parse;

pub use complete::{complete, Candidate, DynamicSource};
pub use help::{catalog_help, leading_choice, syntax_help, syntax_query, usage_line, word_list};
pub use parse::{parse, tokenize, Invocation, ParseError, Token, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    /// An option word, bare or followed by `args`, in any order after the positionals.
    Keyword,
    Word,
    Integer,
    Choice,
    Path,
    /// One word or a "quoted string".
    String,
    /// The rest of the line, verbatim.
    Rest,
}

#[derive(Debug)]
pub struct ArgSpec {
    pub name: &'static str,
    pub kind: ParamKind,
    pub choices: &'static [&'static str],
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub complete: Option<&'static str>,
}

#[derive(Debug)]
pub struct ParamSpec {
    pub name: &'static str,
    pub kind: ParamKind,
    pub required: bool,
    pub help: &'static str,
    pub complete: Option<&'static str>,
    pub choices: &'static [&'static str],
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub args: &'static [ArgSpec],
}

#[derive(Debug)]
pub struct CommandSpec {
    pub path: &'static str,
    pub words: &'static [&'static str],
    pub family: &'static str,
    pub handler: &'static str,
    pub privilege: u8,
    pub cm: bool,
    pub imp: bool,
    /// A host command (`ucsh cluster ...`): run on the machine that keeps the lab, never at
    /// a node's admin: prompt.
    pub host: bool,
    pub summary: &'static str,
    pub help: &'static str,
    pub examples: &'static [&'static str],
    pub extension: bool,
    pub history: bool,
    pub interactive_only: bool,
    pub params: &'static [ParamSpec],
    /// The platform's usage line for `?`, where it is public (`{param}`: see help.rs).
    pub syntax: Option<&'static str>,
    /// The platform's parameter rows under it: name, mandatory|optional, text.
    pub syntax_params: &'static [(&'static str, &'static str, &'static str)],
    /// A table of values after the syntax (`file build log ?`).
    pub syntax_table: Option<&'static SyntaxTable>,
    /// The platform's usage text for a missing mandatory parameter (`<path> usage:<usage>`).
    pub usage: Option<&'static str>,
}

/// Values listed after a command's syntax, as the platform's `?` shows them.
#[derive(Debug)]
pub struct SyntaxTable {
    pub heading: &'static str,
    pub columns: &'static [&'static str],
    pub rows: &'static [&'static [&'static str]],
}

include!(concat!(env!("OUT_DIR"), "/catalog_gen.rs"));

/// Which products' commands are visible: the session's node decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Cm,
    Imp,
    /// The host commands (`ucsh cluster ...`), parsed from the command line.
    Host,
    /// Every command (generation of man pages and completion scripts).
    All,
}

impl CommandSpec {
    pub fn in_scope(&self, scope: Scope) -> bool {
        match scope {
            Scope::Cm => self.cm,
            Scope::Imp => self.imp,
            Scope::Host => self.host,
            Scope::All => true,
        }
    }

    /// The scope whose parser takes this command: its own product's, or the host's.
    pub fn home_scope(&self) -> Scope {
        match (self.host, self.cm) {
            (true, _) => Scope::Host,
            (false, true) => Scope::Cm,
            (false, false) => Scope::Imp,
        }
    }

    /// What an example of this command is typed after: the node's prompt, or the shell's
    /// `ucsh` for a host command.
    pub fn example_prefix(&self) -> &'static str {
        if self.host {
            "$ ucsh "
        } else {
            "admin:"
        }
    }

    pub fn positionals(&self) -> impl Iterator<Item = &ParamSpec> {
        self.params.iter().filter(|p| p.kind != ParamKind::Keyword)
    }

    pub fn keywords(&self) -> impl Iterator<Item = &ParamSpec> {
        self.params.iter().filter(|p| p.kind == ParamKind::Keyword)
    }

    pub fn roles_text(&self) -> &'static str {
        if self.host {
            return "the machine that keeps the lab (a ucsh host command, not the platform's)";
        }
        match (self.cm, self.imp) {
            (true, true) => "Communications Manager, IM and Presence",
            (true, false) => "Communications Manager",
            _ => "IM and Presence",
        }
    }
}

pub fn commands() -> &'static [CommandSpec] {
    COMMANDS
}

pub fn find(path: &str) -> Option<&'static CommandSpec> {
    COMMANDS.iter().find(|c| c.path == path)
}

/// The words that may follow `prefix` (lower-case words already typed), with whether each
/// leads to a leaf (`true`) or to more words, and a one-line help.
pub fn next_words(prefix: &[&str], scope: Scope) -> Vec<(&'static str, bool, &'static str)> {
    let mut out: Vec<(&'static str, bool, &'static str)> = Vec::new();
    for c in COMMANDS.iter().filter(|c| c.in_scope(scope)) {
        if c.words.len() <= prefix.len()
            || !c.words.iter().zip(prefix).all(|(w, p)| w.eq_ignore_ascii_case(p))
        {
            continue;
        }
        let word = c.words[prefix.len()];
        let leaf = c.words.len() == prefix.len() + 1;
        match out.iter_mut().find(|(w, _, _)| *w == word) {
            Some(entry) => {
                if leaf {
                    entry.1 = true;
                    entry.2 = c.summary;
                }
            }
            None => out.push((word, leaf, if leaf { c.summary } else { "" })),
        }
    }
    // A group's help is the list of what it contains.
    for entry in out.iter_mut().filter(|e| !e.1) {
        entry.2 = group_summary(prefix, entry.0);
    }
    out.sort_by(|a, b| a.0.cmp(b.0));
    out
}

fn group_summary(prefix: &[&str], word: &str) -> &'static str {
    let path: Vec<&str> = prefix.iter().copied().chain(std::iter::once(word)).collect();
    GROUP_HELP.iter().find(|(p, _)| *p == path.join(" ")).map(|(_, h)| *h).unwrap_or("more commands")
}

/// One-line help for the command groups (words that are not leaves).
const GROUP_HELP: &[(&str, &str)] = &[
    ("show", "Show node, cluster and session information"),
    ("set", "Change node and session settings"),
    ("utils", "Utilities: services, replication, users, branding, syslog, system"),
    ("file", "List, view, search, collect and transfer log files"),
    ("run", "Run database and other statements"),
    ("delete", "Delete accounts and other objects"),
    ("cluster", "Create, inspect and break the lab deployment (ucsh host commands)"),
    ("cluster fault", "Inject a fault (for tests and demonstrations)"),
    ("cluster import", "Load users or devices from a CSV file"),
    ("cluster ha", "Enable or disable High Availability of a presence redundancy group"),
    ("show cli", "CLI session settings"),
    ("set cli", "CLI session settings"),
    ("show network", "Network settings and the cluster's nodes"),
    ("show version", "Installed software versions"),
    ("utils service", "Start, stop and list the node's services"),
    ("utils ntp", "Time synchronisation"),
    ("utils system", "Restart, shut down or switch the version of the node"),
    ("set account", "Create CLI accounts"),
    ("set password", "Change passwords"),
    ("delete account", "Delete a CLI account"),
    ("utils dbreplication", "Database replication status and repair"),
    ("utils users", "Validate end users across clusters"),
    ("utils ha", "Presence redundancy: status, failover, fallback, recovery"),
    ("utils imdb_replication", "IMDB replication between presence redundancy group nodes"),
    ("utils branding", "Custom branding of the administration pages"),
    ("utils remotesyslog", "Remote syslog servers and protocol"),
    ("utils remotesyslog set", "Set the remote syslog protocol"),
    ("utils remotesyslog show", "Show the remote syslog protocol or servers"),
    ("utils remotesyslog add", "Add a remote syslog server"),
    ("utils remotesyslog delete", "Delete a remote syslog server"),
    ("utils remotesyslog import", "Import a syslog server's CA certificate"),
    ("file build", "Build a bundle of trace files"),
    ("file get", "Send log files to an SFTP server"),
    ("file list", "List log files"),
    ("file view", "View a log file"),
    ("file tail", "Show the end of a log file"),
    ("file search", "Search log files"),
    ("file dump", "Dump a log file"),
    ("file delete", "Delete log files"),
    ("utils core", "List and analyze core files"),
    ("show cert", "Show the node's own and trusted certificates"),
    ("show fileserver", "External file server checks"),
    ("show cert list", "List the own or trusted certificates"),
    ("set cert", "Regenerate the node's certificates, import trusted ones"),
    ("set cert import", "Import a certificate"),
    ("utils ntp server", "Add, delete and list the NTP servers"),
    ("utils disaster_recovery", "Back up and restore the node (Disaster Recovery System)"),
    ("utils disaster_recovery backup", "Back up the node's features"),
    ("utils disaster_recovery restore", "Restore a node from a backup"),
    ("utils disaster_recovery device", "Add, delete and list backup devices"),
    ("utils disaster_recovery device add", "Add a backup device"),
    ("utils disaster_recovery show_backupfiles", "List the backups on a server"),
    ("utils core active", "Core files of the active side"),
    ("utils core inactive", "Core files of the inactive side"),
    ("utils diagnose", "Run the diagnostic modules"),
    ("set accountlocking", "Account lockout after failed logins"),
    ("show cli session", "CLI session timeout"),
    ("set cli session", "CLI session timeout"),
    ("utils network", "Ping, look up and trace the lab's addresses"),
    ("utils network arp", "The node's ARP table"),
    ("show timezone", "The node's time zone"),
    ("show logins", "Successful and failed CLI logins"),
    ("show open", "Open ports and files of the node's services"),
    ("show tech", "Technical dumps: services, database state, network, system"),
    ("utils service auto-restart", "Restart a service automatically after a crash"),
    // ===== em17 =====
    ("cluster em", "Extension Mobility logins, logouts and service parameters"),
    ("cluster emcc", "Extension Mobility Cross Cluster logins, logouts, users and remote clusters"),
    ("cluster emcc remote-cluster", "EMCC remote clusters, their services and their update"),
    ("cluster emcc service-profile", "The EMCC Intercluster Service Profile's services"),
    ("cluster headset", "Associate headsets with users, plug them into phones"),
    ("cluster device", "Register phones with the nodes"),
    ("show risdb", "The Real-Time Information Server database"),
    ("show risdb query", "Query tables of the RIS database"),
    // ===== end em17 =====
    ("show perf", "Performance counters computed from the node's state"),
    ("show perf list", "List perf categories, classes, counters or instances"),
    ("show perf query", "Show perf counter values"),
    ("show process", "The node's processes, their CPU and memory"),
    ("show process using-most", "The processes using the most CPU or memory"),
];

/// Checks the invariants the rest of the code relies on. Run at start-up (cheap: a few
/// hundred comparisons) and over the whole tree in tests.
pub fn validate() -> Result<(), String> {
    for (i, c) in COMMANDS.iter().enumerate() {
        if c.words.is_empty() {
            return Err("a command with an empty path".into());
        }
        // Every group above a command says what it holds (never the bare "more commands").
        for n in 1..c.words.len() {
            let group = c.words[..n].join(" ");
            if !GROUP_HELP.iter().any(|(p, _)| *p == group) {
                return Err(format!("group {group:?} has no line in GROUP_HELP"));
            }
        }
        for other in &COMMANDS[i + 1..] {
            if other.path == c.path {
                return Err(format!("duplicate command path {:?}", c.path));
            }
            let (short, long) = if c.words.len() <= other.words.len() { (c, other) } else { (other, c) };
            if long.words.starts_with(short.words) {
                return Err(format!("{:?} is a leaf and a prefix of {:?}", short.path, long.path));
            }
        }
        let mut seen_optional = false;
        let mut seen_rest = false;
        for p in c.positionals() {
            if seen_rest {
                return Err(format!("{:?}: a parameter follows a rest-of-line parameter", c.path));
            }
            if p.required && seen_optional {
                return Err(format!("{:?}: required parameter {} after an optional one", c.path, p.name));
            }
            seen_optional |= !p.required;
            seen_rest |= p.kind == ParamKind::Rest;
            if p.kind == ParamKind::Choice && p.choices.is_empty() {
                return Err(format!("{:?}: choice parameter {} has no choices", c.path, p.name));
            }
        }
        for k in c.keywords() {
            if c.positionals().any(|p| p.choices.contains(&k.name)) {
                return Err(format!("{:?}: keyword {} is also a choice", c.path, k.name));
            }
        }
        if c.summary.is_empty() {
            return Err(format!("{:?}: no summary", c.path));
        }
    }
    Ok(())
}
