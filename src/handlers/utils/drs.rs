//! `utils disaster_recovery ...`: backups of the node's lab state to an SFTP server and
//! restores from one (`engine::drs`); the password is asked here, never taken from the
//! command line, and the server's host key is checked as by `file get`.

use crate::catalog::Invocation;
use crate::engine::drs::{self, Operation, Target};
use crate::engine::sftp::Client;
use crate::engine::EngineError;
use crate::handlers::file::get::{connect, Server};
use crate::handlers::{CliError, Ctx, Outcome};
use crate::render::dbreplication::{Cancelled, CONTINUE_YN};
use crate::render::drs::{features_question, restore_warning};

/// `host` or `host:port` (ucsh extension: the platform always uses port 22).
fn server_arg(text: &str) -> Result<(String, u16), CliError> {
    let bad = || {
        CliError::from(EngineError::SyslogHost { host: crate::engine::text::printable(text).into_owned() })
    };
    match text.rsplit_once(':') {
        Some((host, port)) if !host.contains(':') => {
            let port: u16 = port.parse().ok().filter(|p| *p > 0).ok_or_else(bad)?;
            if host.is_empty() {
                return Err(bad());
            }
            Ok((host.to_string(), port))
        }
        _ if text.is_empty() => Err(bad()),
        _ => Ok((text.to_string(), 22)),
    }
}

/// Asks the password (as the platform words it) and logs in.
fn login(ctx: &mut Ctx, host: &str, port: u16, user: &str) -> Result<Client, CliError> {
    let password =
        ctx.prompt.password(&format!("Please enter password to connect to network server {host}:"))?;
    connect(ctx, Server::new(host, port, user, password))
}

fn operation(inv: &Invocation) -> Operation {
    match inv.text("operation") {
        Some("restore") => Operation::Restore,
        _ => Operation::Backup,
    }
}

pub(crate) fn status(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.drs_status(operation(inv))?))
}

pub(crate) fn history(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.drs_history(operation(inv))?))
}

pub(crate) fn device_list(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.drs_device_list()?))
}

pub(crate) fn device_delete(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.drs_device_delete(inv.text("device_name").unwrap_or_default())?))
}

pub(crate) fn device_add(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let name = inv.text("device_name").unwrap_or_default();
    let path = inv.text("path").unwrap_or_default();
    let user = inv.text("username").unwrap_or_default();
    let (host, port) = server_arg(inv.text("servername").unwrap_or_default())?;
    let backups = inv.int("number_of_backups").and_then(|n| u32::try_from(n).ok()).unwrap_or(2);
    ctx.node.drs_device_check(name, path)?;
    let client = login(ctx, &host, port, user)?;
    let device = drs::Device {
        name: name.to_string(),
        kind: drs::NETWORK.into(),
        server: host,
        port,
        user: user.to_string(),
        path: path.to_string(),
        backups,
    };
    let done = ctx.node.drs_device_add(device, &client);
    client.close();
    Ok(Box::new(done?))
}

pub(crate) fn show_backupfiles(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let path = inv.text("path").unwrap_or_default();
    let user = inv.text("userid").unwrap_or_default();
    let (host, port) = server_arg(inv.text("servername").unwrap_or_default())?;
    drs::check_path(path)?;
    let client = login(ctx, &host, port, user)?;
    let files = ctx.node.drs_backup_files(&client, path);
    client.close();
    Ok(Box::new(files?))
}

pub(crate) fn estimate_tar_size(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.drs_estimate(inv.text("featurelist").unwrap_or_default())?))
}

pub(crate) fn backup(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let features = inv.text("featurelist").unwrap_or_default();
    let path = inv.text("path").unwrap_or_default();
    let user = inv.text("username").unwrap_or_default();
    let (host, port) = server_arg(inv.text("servername").unwrap_or_default())?;
    ctx.node.drs_backup_check(features, path)?;
    let client = login(ctx, &host, port, user)?;
    let target = Target { server: host, port, user: user.to_string(), path: path.to_string() };
    let bar = (ctx.progress)("Backing up");
    let mut shown = 0u64;
    let done = ctx.node.drs_backup(features, &client, &target, &mut |p| {
        bar.set_total(p.bytes_total);
        if p.bytes_done > shown {
            bar.advance(p.bytes_done - shown);
            shown = p.bytes_done;
        }
    });
    bar.finish();
    client.close();
    Ok(Box::new(done?))
}

pub(crate) fn restore(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let server = inv.text("restore_server").unwrap_or_default();
    let tar = inv.text("tarfilename").unwrap_or_default();
    let path = inv.text("path").unwrap_or_default();
    let user = inv.text("username").unwrap_or_default();
    let (host, port) = server_arg(inv.text("servername").unwrap_or_default())?;
    let plan = ctx.node.drs_restore_check(server, tar)?;
    drs::check_path(path)?;
    let client = login(ctx, &host, port, user)?;
    let bar = (ctx.progress)("Fetching");
    let mut shown = 0u64;
    let fetched = ctx.node.drs_restore_fetch(&plan, &client, path, &mut |p| {
        bar.set_total(p.bytes_total);
        if p.bytes_done > shown {
            bar.advance(p.bytes_done - shown);
            shown = p.bytes_done;
        }
    });
    bar.finish();
    client.close();
    let fetched = fetched?;
    let features = ctx.prompt.line(&features_question(&fetched.features))?;
    ctx.prompt.say(&restore_warning(&plan));
    if !ctx.prompt.confirm(CONTINUE_YN, "y")? {
        return Ok(Box::new(Cancelled));
    }
    Ok(Box::new(ctx.node.drs_restore_apply(fetched, &features)?))
}

#[cfg(test)]
mod tests {
    use super::server_arg;

    #[test]
    fn servers_may_name_a_port() {
        assert_eq!(server_arg("10.0.0.5").ok(), Some(("10.0.0.5".to_string(), 22)));
        assert_eq!(server_arg("10.0.0.5:2222").ok(), Some(("10.0.0.5".to_string(), 2222)));
        assert!(server_arg("10.0.0.5:0").is_err());
        assert!(server_arg(":22").is_err());
        assert_eq!(server_arg("fe80::1").ok(), Some(("fe80::1".to_string(), 22)));
    }
}
