//! Reads back the session commands of `render/session.rs`: `show myself`, `show cli
//! pagination`.

use super::{field, number, ParseCtx};
use crate::render::session::{Myself, Pagination};
use crate::render::Report;

fn enabled(s: &str) -> Result<bool, String> {
    match s {
        "enabled" => Ok(true),
        "disabled" => Ok(false),
        _ => Err(format!("\"{s}\" is neither enabled nor disabled")),
    }
}

pub fn myself(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_myself(text)?))
}

pub fn parse_myself(text: &str) -> Result<Myself, String> {
    Ok(Myself {
        machine_name: field(text, "Machine Name")?.to_string(),
        account: field(text, "account name")?.to_string(),
        privilege: number(field(text, "privilege level")?, "privilege level")?,
        command_count: enabled(field(text, "command count")?)?,
        logging: enabled(field(text, "logging setting")?)?,
    })
}

pub fn pagination(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_pagination(text)?))
}

pub fn parse_pagination(text: &str) -> Result<Pagination, String> {
    match field(text, "Automatic Pagination")? {
        "On." => Ok(Pagination { on: true }),
        "Off." => Ok(Pagination { on: false }),
        other => Err(format!("\"{other}\" is neither On. nor Off.")),
    }
}

/// A command whose result is a message (`set cli pagination`, `set account name`, `set
/// password user`, `delete account`, `help`): the text, without its last line end.
pub fn message(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_message(text)))
}

pub fn parse_message(text: &str) -> crate::render::Message {
    crate::render::Message { message: text.strip_suffix('\n').unwrap_or(text).to_string() }
}

/// The account commands (`set account name`, `set password user`, `delete account`): on a
/// node's terminal their text starts with what they asked (the privilege levels, the level
/// typed, the password questions); the message is what follows the last question answered
/// (and `Please wait...`).
pub fn account_message(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_account_message(text)))
}

pub fn parse_account_message(text: &str) -> crate::render::Message {
    // `set password user` says it is working after the questions (not part of its message).
    let rest = super::after_answered(text);
    parse_message(rest.strip_prefix("Please wait...\n").unwrap_or(rest))
}

// ----- `quit`, `exit` -----

/// `quit` / `exit`: the session ends and nothing is written. On a real node ucsh does not
/// send them as a command: it ends the host's lines there and closes the session itself
/// (which sends `quit`), so later lines do not run, as in a local session. Their text
/// reads back as nothing (JSON `{}`); any text is not a session end.
pub fn session_end(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    parse_session_end(text)?;
    Ok(Box::new(crate::render::Nothing))
}

pub fn parse_session_end(text: &str) -> Result<(), String> {
    if text.trim().is_empty() {
        Ok(())
    } else {
        Err(format!("text after the end of the session: {text:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_questions_of_an_account_command_are_not_its_message() {
        let text = "  Privilege Levels are:\n    Ordinary - Level 0\n    Advance  - Level 1\n\n  Please enter the privilege level :1\n      Please enter the password :\nre-enter to confirm :\n\nAccount created successfully.\n";
        assert_eq!(parse_account_message(text).message, "\nAccount created successfully.");
        assert_eq!(
            parse_account_message("Account ops7 deleted successfully\n").message,
            "Account ops7 deleted successfully"
        );
    }
}
