//! The question a command asks before it acts, as a real node's text shows it: the
//! command's warning, the question with the answer the terminal echoed after it
//! (`Enter (yes/no)? yes`, `Continue (y/n)?n`), then what the command wrote once answered.
//!
//! A renderer writes only the result; the warning and the question come from the handler
//! (`ctx.prompt`), so a node's text has them in front. [`answered`] takes them off.

/// What came after the question, and whether it was answered yes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answered<'t> {
    pub yes: bool,
    /// The command's own text after the question.
    pub rest: &'t str,
}

/// `text` read past `warning` and the answered `question` (`yes` is the word that means yes
/// there). `Ok(None)`: the text does not start with the warning, so it is the result alone
/// (a renderer's text, which the round-trip tests give). A warning followed by anything but
/// the question and an answer is an error.
pub fn answered<'t>(
    text: &'t str,
    warning: &str,
    question: &str,
    yes: &str,
) -> Result<Option<Answered<'t>>, String> {
    let Some(rest) = text.strip_prefix(warning) else { return Ok(None) };
    let (line, rest) = rest.split_once('\n').unwrap_or((rest, ""));
    let answer = line
        .strip_prefix(question.trim_end())
        .ok_or_else(|| format!("no {:?} after the warning: {line:?}", question.trim_end()))?
        .trim();
    let yes = if answer == yes {
        true
    } else if matches!(answer, "no" | "n") {
        false
    } else {
        return Err(format!("{answer:?} does not answer {:?}", question.trim_end()));
    };
    Ok(Some(Answered { yes, rest }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_warning_and_the_answered_question_come_off() {
        let w = "W A R N\nSure ?\n";
        assert_eq!(
            answered("W A R N\nSure ?\nEnter (yes/no)? yes\nDone\n", w, "Enter (yes/no)? ", "yes"),
            Ok(Some(Answered { yes: true, rest: "Done\n" }))
        );
        assert_eq!(
            answered("W A R N\nSure ?\nContinue (y/n)?no\n", w, "Continue (y/n)?", "y"),
            Ok(Some(Answered { yes: false, rest: "" }))
        );
        assert_eq!(answered("Done\n", w, "Enter (yes/no)? ", "yes"), Ok(None));
        assert!(answered("W A R N\nSure ?\nsomething else\n", w, "Enter (yes/no)? ", "yes").is_err());
        assert!(answered("W A R N\nSure ?\nEnter (yes/no)? maybe\n", w, "Enter (yes/no)? ", "yes").is_err());
    }
}
