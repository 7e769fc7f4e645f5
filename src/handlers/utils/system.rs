//! `utils system restart`.

use crate::catalog::Invocation;
use crate::handlers::{Ctx, Outcome};
use crate::render::platform::RestartDeclined;

/// The warning before `Enter (yes/no)?` (read back by render::parse::platform).
pub const WARNING: &str = "     ***   W A R N I N G   ***\n\
Please make sure database replication setup is complete. Use the command 'utils dbreplication runtimestate' to get the current status.\n\
If database replication setup is in progress, restarting the server may leave database replication unable to complete.\n\
Do you really want to restart ?\n";

pub(crate) fn restart(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    ctx.prompt.say(WARNING);
    if !ctx.prompt.confirm("Enter (yes/no)? ", "yes")? {
        return Ok(Box::new(RestartDeclined));
    }
    Ok(Box::new(ctx.node.restart()?))
}
