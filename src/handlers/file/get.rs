//! `file get <partition> <spec> [reltime|abstime ...] [match <regex>] [recurs] [compress]`.
//!
//! The platform's sequence: gather and summarise the files, ask to proceed, ask for the
//! SFTP server, port, user, password and download directory, check the server's host key
//! (an unknown one is shown with its fingerprint and must be accepted; a changed one is
//! refused), send with a progress bar on a terminal, and end with `Transfer completed.`.

use crate::catalog::Invocation;
use crate::engine::sftp::{Client, Endpoint};
use crate::engine::traces::get::GetOptions;
use crate::engine::EngineError;
use crate::handlers::file::{partition, regexp, spec, window};
use crate::handlers::{CliError, Ctx, Outcome};
use crate::render::file::{get_summary, Transferred};

pub(crate) fn get(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let opts = GetOptions {
        window: window(inv, ctx.node)?,
        name_match: regexp(inv, "match"),
        recurs: inv.flag("recurs"),
        compress: inv.flag("compress"),
    };
    let selection = ctx.node.file_get_select(partition(inv)?, spec(inv), &opts)?;
    ctx.prompt.say(&get_summary(&selection));
    if selection.files.is_empty() {
        return Err(CliError::Failed("No files matched the file spec and options; nothing to send.".into()));
    }
    if !ctx.prompt.confirm("Would you like to proceed [y/n]? ", "y")? {
        return Err(CliError::Declined("Nothing was sent.".into()));
    }
    ctx.prompt.say("\n");
    let server = ask_server(ctx)?;
    let dir = ctx.prompt.line("Download directory: ")?;
    let client = connect(ctx, server)?;
    let bar = (ctx.progress)("Transferring");
    bar.set_total(selection.total_bytes);
    let mut shown = 0u64;
    let report = ctx.node.file_get_send(&selection, &client, &dir, &mut |p| {
        bar.set_total(p.bytes_total);
        if p.bytes_done > shown {
            bar.advance(p.bytes_done - shown);
            shown = p.bytes_done;
        }
    });
    bar.finish();
    client.close();
    Ok(Box::new(Transferred(report?)))
}

/// The SFTP server's address and login, as the platform asks for them.
pub(crate) struct Server {
    host: String,
    port: u16,
    user: String,
    password: String,
}

/// Asks for the SFTP server, port, user and password (never echoed).
pub(crate) fn ask_server(ctx: &mut Ctx) -> Result<Server, CliError> {
    let host = ctx.prompt.line("SFTP server IP: ")?;
    if host.is_empty() {
        return Err(EngineError::Invalid("The SFTP server address is required".into()).into());
    }
    let port_text = ctx.prompt.line("SFTP server port [22]: ")?;
    let port: u16 = if port_text.is_empty() {
        22
    } else {
        port_text.parse().ok().filter(|p| *p > 0).ok_or_else(|| {
            EngineError::Invalid(format!("Invalid port {port_text}: give a number from 1 to 65535"))
        })?
    };
    let user = ctx.prompt.line("User ID: ")?;
    let password = ctx.prompt.password("Password: ")?;
    Ok(Server { host, port, user, password })
}

/// Connects and logs in, checking the server's host key against the node's known hosts:
/// an unknown key is shown with its fingerprint and must be accepted, a changed one is
/// refused by the engine.
pub(crate) fn connect(ctx: &mut Ctx, server: Server) -> Result<Client, CliError> {
    let host = &server.host;
    let mut pending = ctx.node.sftp_connect(&Endpoint::new(host, server.port))?;
    if !pending.known {
        ctx.prompt.say(&format!(
            "The authenticity of host '{host} ({host})' can't be established.\n{} key fingerprint is {}.\n",
            pending.key_type, pending.fingerprint
        ));
        // Asked as a question of its own, not a confirmation: `--yes` answers confirmations,
        // and trusting a server's identity is not one. As OpenSSH, only "yes" trusts it.
        let answer = ctx.prompt.line("Are you sure you want to continue connecting (yes/no)? ")?;
        if !answer.trim().eq_ignore_ascii_case("yes") {
            return Err(CliError::Declined("Host key verification failed.".into()));
        }
        ctx.node.sftp_trust(&mut pending)?;
    }
    Ok(ctx.node.sftp_login(pending, &server.user, &server.password)?)
}

impl Server {
    pub(crate) fn new(host: &str, port: u16, user: &str, password: String) -> Self {
        Server { host: host.to_string(), port, user: user.to_string(), password }
    }

    /// Where a fetched file came from, for the record (no password).
    pub(crate) fn describe(&self, path: &str) -> String {
        format!("sftp://{}@{}:{}/{}", self.user, self.host, self.port, path.trim_start_matches('/'))
    }
}
