//! `show fileserver transferspeed` (IM and Presence): the reference's warning and
//! `Do you want to continue? (y/n):`, then the SFTP server's address and login and the
//! host key check of `file get`, then the measured copy both ways.

use crate::catalog::Invocation;
use crate::handlers::file::get::{ask_server, connect};
use crate::handlers::{CliError, Ctx, Outcome};

const WARNING: &str = " \nWARNING: This command involves copying a large file to and from the mounted directory. It can impact the performance of the system.\n \n";

pub(crate) fn transferspeed(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    ctx.prompt.say(WARNING);
    if !ctx.prompt.confirm("Do you want to continue? (y/n):", "y")? {
        return Err(CliError::Declined("The transfer speed was not measured.".into()));
    }
    ctx.prompt.say(" \n");
    let server = ask_server(ctx)?;
    let dir = ctx.prompt.line("Directory on the server for the test file: ")?;
    let client = connect(ctx, server)?;
    ctx.prompt.say("\nCreating a file to perform the test, please wait...\n");
    let total = 2 * crate::engine::fileserver::TEST_BYTES;
    let bar = (ctx.progress)("Copying");
    bar.set_total(total);
    let mut shown = 0u64;
    let result = ctx.node.fileserver_transferspeed(client, &dir, &mut |done| {
        if done > shown {
            bar.advance(done - shown);
            shown = done;
        }
    });
    bar.finish();
    Ok(Box::new(result?))
}
