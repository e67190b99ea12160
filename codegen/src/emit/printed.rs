//! Rust as prettyplease prints it, for the few simple shapes the emitters
//! write as text rather than format (doc comments, one-line statements,
//! method signatures): a cloud's worth of those is most of what the
//! formatter would otherwise do. Each writer answers `None` where
//! prettyplease would break a line in a way not written here; the caller
//! then formats tokens instead. The emitters' tests compare both outputs.

/// prettyplease's line width: a longer line is broken.
pub const MARGIN: usize = 89;

/// Doc lines as prettyplease prints `#[doc = "..."]`: `/// line`, trailing
/// spaces trimmed, `///` for a blank line.
pub fn push_doc(out: &mut String, indent: &str, text: &str) {
    for line in text.trim().lines() {
        out.push_str(indent);
        out.push_str("///");
        if !line.is_empty() {
            out.push(' ');
            out.push_str(line.trim_end_matches(' '));
        }
        out.push('\n');
    }
}

/// One line, if it fits.
pub fn push_line(out: &mut String, line: &str) -> Option<()> {
    if line.len() > MARGIN {
        return None;
    }
    out.push_str(line);
    out.push('\n');
    Some(())
}

/// A method's signature up to its `{`, at one level of indentation: on one
/// line if it fits, else its parameters one to a line, as prettyplease
/// breaks them.
pub fn push_signature(out: &mut String, head: &str, params: &[&str], tail: &str) -> Option<()> {
    let one = format!("    {head}({}){tail} {{", params.join(", "));
    if one.len() <= MARGIN {
        return push_line(out, &one);
    }
    push_line(out, &format!("    {head}("))?;
    for p in params {
        push_line(out, &format!("        {p},"))?;
    }
    push_line(out, &format!("    ){tail} {{"))
}
