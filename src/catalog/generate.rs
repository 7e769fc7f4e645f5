//! Generated files: shell completion scripts (bash, zsh, fish) and man pages, built from
//! the catalog and ucsh's own options. Checked in under completions/ and man/; a test
//! regenerates them and fails when they differ (`UCSH_BLESS=1` rewrites them).
//!
//! ucsh's own options belong to the front (`cli::Cli`): the front hands them in as the root
//! command, so the catalog never depends on it. Every command below the root, the host
//! commands (`ucsh cluster ...`) included, comes from the catalog.

use std::path::Path;

use anyhow::Context as _;
use clap::{Arg, ArgAction, Command};

use super::{CommandSpec, ParamKind, ParamSpec, COMMANDS};

fn leaf_command(spec: &'static CommandSpec, word: &'static str) -> Command {
    let mut about = spec.summary.to_string();
    if spec.extension {
        about.push_str(" (ucsh extension)");
    }
    let mut long = spec.help.to_string();
    long.push_str(&format!("\n\nPrivilege level: {}. Available on: {}.", spec.privilege, spec.roles_text()));
    if !spec.examples.is_empty() {
        long.push_str("\n\nExamples:");
        for e in spec.examples {
            long.push_str(&format!("\n  {}{e}", spec.example_prefix()));
        }
    }
    // A host command takes `--help` (`ucsh cluster init --help`); at a node's prompt, `help`
    // and `?` are the platform's.
    let mut cmd = Command::new(word).about(about).long_about(long).disable_help_flag(!spec.host);
    // A host command's options are spelled `--name`: offered as the shell's own options.
    let (dashed, keywords): (Vec<&ParamSpec>, Vec<&ParamSpec>) =
        spec.params.iter().filter(|p| p.kind == ParamKind::Keyword).partition(|p| p.name.starts_with("--"));
    for k in dashed {
        let mut arg = Arg::new(k.name).long(k.name.trim_start_matches("--")).help(k.help.to_string());
        arg = match k.args {
            [] => arg.action(ArgAction::SetTrue),
            args => {
                let names: Vec<String> =
                    args.iter().map(|a| a.name.replace('-', "_").to_uppercase()).collect();
                let hint = if args.iter().any(|a| a.kind == ParamKind::Path) {
                    clap::ValueHint::FilePath
                } else {
                    clap::ValueHint::Other
                };
                arg.num_args(args.len()).value_names(names).value_hint(hint).action(ArgAction::Set)
            }
        };
        cmd = cmd.arg(arg);
    }
    // Option words in any order: all offered as values of one trailing argument (clap
    // allows only the last positional to take many values).
    let positionals = spec.params.iter().filter(|p| p.kind != ParamKind::Keyword);
    let mut last_index = 0;
    for (i, p) in positionals.enumerate() {
        let mut arg = Arg::new(p.name).help(p.help.to_string());
        match p.kind {
            ParamKind::Keyword => {}
            ParamKind::Choice => {
                arg = arg
                    .value_parser(clap::builder::PossibleValuesParser::new(p.choices.iter().copied()))
                    .required(p.required);
            }
            ParamKind::Path => {
                arg = arg.value_hint(clap::ValueHint::Other).required(p.required);
            }
            ParamKind::Rest => {
                arg = arg.num_args(1..).trailing_var_arg(true).required(p.required);
            }
            _ => arg = arg.required(p.required),
        }
        // One value per positional except a rest of line: clap refuses an optional
        // positional after a multi-valued one.
        let action = if p.kind == ParamKind::Rest { ArgAction::Append } else { ArgAction::Set };
        arg = arg.index(i + 1).action(action);
        cmd = cmd.arg(arg);
        last_index = i + 1;
    }
    if let [only] = keywords.as_slice() {
        let mut values: Vec<String> = vec![only.name.to_string()];
        for a in only.args {
            values.extend(a.choices.iter().map(|c| c.to_string()));
        }
        let arg = Arg::new(only.name)
            .help(only.help.to_string())
            .value_parser(clap::builder::PossibleValuesParser::new(values))
            .required(false)
            .index(last_index + 1)
            .action(ArgAction::Append);
        cmd = cmd.arg(arg);
    } else if !keywords.is_empty() {
        let mut values: Vec<String> = Vec::new();
        let mut help = Vec::new();
        for k in &keywords {
            values.push(k.name.to_string());
            values.extend(k.args.iter().flat_map(|a| a.choices.iter().map(|c| c.to_string())));
            help.push(format!("{}: {}", k.name, k.help));
        }
        values.dedup();
        let arg = Arg::new("options")
            .help(help.join("; "))
            .value_parser(clap::builder::PossibleValuesParser::new(values))
            .num_args(1..)
            .required(false)
            .index(last_index + 1)
            .action(ArgAction::Append);
        cmd = cmd.arg(arg);
    }
    cmd
}

/// The catalog as a tree of clap commands under `root`, ucsh's own options (for generation
/// only; the parser never builds it).
pub fn command_tree(root: Command) -> Command {
    let root = root.disable_help_subcommand(true);
    let mut tree: Vec<(Vec<&'static str>, Option<&'static CommandSpec>)> = Vec::new();
    for c in COMMANDS {
        for depth in 1..=c.words.len() {
            let prefix = c.words[..depth].to_vec();
            if !tree.iter().any(|(p, _)| *p == prefix) {
                tree.push((prefix, if depth == c.words.len() { Some(c) } else { None }));
            }
        }
    }
    fn build(
        prefix: &[&'static str],
        tree: &[(Vec<&'static str>, Option<&'static CommandSpec>)],
    ) -> Vec<Command> {
        let mut out = Vec::new();
        for (path, spec) in tree.iter().filter(|(p, _)| p.len() == prefix.len() + 1 && p.starts_with(prefix))
        {
            let word = path[path.len() - 1];
            let cmd = match spec {
                Some(spec) => leaf_command(spec, word),
                None => {
                    let about = super::next_words(prefix, super::Scope::All)
                        .into_iter()
                        .find(|(w, _, _)| *w == word)
                        .map(|(_, _, h)| h)
                        .unwrap_or("");
                    Command::new(word).about(about).subcommands(build(path, tree)).disable_help_flag(true)
                }
            };
            out.push(cmd);
        }
        out.sort_by(|a, b| a.get_name().cmp(b.get_name()));
        out
    }
    root.subcommands(build(&[], &tree))
}

/// All generated files, as (relative path, contents). `root` is ucsh's own options.
pub fn files(root: &Command) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    for (shell, name) in [
        (clap_complete::Shell::Bash, "completions/ucsh.bash"),
        (clap_complete::Shell::Zsh, "completions/_ucsh"),
        (clap_complete::Shell::Fish, "completions/ucsh.fish"),
    ] {
        let mut cmd = command_tree(root.clone());
        let mut buf = Vec::new();
        clap_complete::generate(shell, &mut cmd, "ucsh", &mut buf);
        out.push((name.to_string(), buf));
    }
    let root = command_tree(root.clone());
    let mut buf = Vec::new();
    clap_mangen::Man::new(root.clone()).render(&mut buf).context("rendering ucsh.1")?;
    out.push(("man/ucsh.1".to_string(), buf));
    // One page per family and per leaf: ucsh-utils.1, ucsh-utils-service-restart.1, ...
    fn walk(cmd: &Command, prefix: &str, out: &mut Vec<(String, Vec<u8>)>) -> anyhow::Result<()> {
        for sub in cmd.get_subcommands() {
            let name = format!("{prefix}-{}", sub.get_name());
            let page = sub.clone().name(name.replace('-', " ")).bin_name(name.replace('-', " "));
            let mut buf = Vec::new();
            clap_mangen::Man::new(page)
                .title(name.to_uppercase())
                .render(&mut buf)
                .with_context(|| format!("rendering {name}.1"))?;
            out.push((format!("man/{name}.1"), buf));
            walk(sub, &name, out)?;
        }
        Ok(())
    }
    walk(&root, "ucsh", &mut out)?;
    Ok(out)
}

/// `ucsh --generate completions|man|all DIR`: writes the files under DIR.
pub fn write(what: &str, dir: &Path, root: &Command) -> anyhow::Result<()> {
    for (path, data) in files(root)? {
        let wanted = match what {
            "completions" => path.starts_with("completions/"),
            "man" => path.starts_with("man/"),
            "all" => true,
            other => anyhow::bail!("--generate takes completions, man or all, not {other}"),
        };
        if !wanted {
            continue;
        }
        let target = dir.join(&path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&target, data).with_context(|| format!("writing {}", target.display()))?;
    }
    Ok(())
}
