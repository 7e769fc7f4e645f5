//! `utils branding preview` (a ucsh extension): an HTML page of the login banner and the
//! header with the uploaded archive's colours and images, written to the activelog. Nothing
//! is enabled; a hostile archive gets no page.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use base64::Engine as _;

use super::archive::{
    check_image, images, product_folder, validate_archive, CM_TOP_LOGO, LOGO_NAME, SINGLE_NAME,
};
use super::state::read_uploaded;
use super::{
    BrandingFile, BrandingPreview, LayoutOption, ProblemLevel, Validation, MAX_UNPACKED_BYTES, PREVIEW_PATH,
};
use crate::engine::deployment::Product;
use crate::engine::error::{EngineError, Result};
use crate::engine::node::{NodeHandle, Partition};
use crate::engine::op::Op;
use crate::engine::store;

/// `utils branding preview` (a ucsh extension): writes an HTML page showing the login
/// banner and the header with the uploaded zip's colours and images. A hostile archive is
/// refused; one with ordinary problems is previewed with its problems listed on the page.
pub fn preview(op: &Op) -> Result<BrandingPreview> {
    let node = op.node();
    let (bytes, file) = read_uploaded(node)?;
    let mut validation = validate_archive(&bytes, node.product());
    if validation.is_hostile() {
        return Err(EngineError::BrandingRejected(Box::new(validation)));
    }
    if validation.files.is_empty() {
        // Not valid as a whole: still show what is there, image by image.
        validation.files = usable_files(&bytes, node.product());
    }
    let html = preview_html(node, &file, &validation);
    let path = node.partition(Partition::Activelog).join(PREVIEW_PATH);
    store::atomic_write(&path, html.as_bytes())?;
    Ok(BrandingPreview {
        node: node.name().to_string(),
        path,
        activelog_path: PREVIEW_PATH.to_string(),
        file,
        validation,
    })
}

/// The layout images of a non-hostile archive that pass their own check, for the preview.
fn usable_files(bytes: &[u8], product: Product) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    let mut specs = images(product, LayoutOption::SingleHeader);
    specs.extend(images(product, LayoutOption::Gradient));
    for spec in specs {
        let Ok(entry) = archive.by_name(&spec.path) else {
            continue;
        };
        let mut data = Vec::new();
        if entry.take(MAX_UNPACKED_BYTES).read_to_end(&mut data).is_err() {
            continue;
        }
        if check_image(&spec, &data).is_none() {
            if let Some(rel) = spec.path.strip_prefix("Branding/") {
                out.insert(rel.to_string(), data);
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// The preview page

fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn data_uri(files: &BTreeMap<String, Vec<u8>>, rel: &str) -> Option<String> {
    let data = files.get(rel)?;
    let mime = if rel.ends_with(".png") { "image/png" } else { "image/gif" };
    Some(format!("data:{mime};base64,{}", base64::engine::general_purpose::STANDARD.encode(data)))
}

fn preview_html(node: &NodeHandle, file: &BrandingFile, v: &Validation) -> String {
    let folder = product_folder(v.product);
    let colour = |keys: &[&str], default: &str| -> String {
        keys.iter().find_map(|k| v.colours.get(*k).cloned()).unwrap_or_else(|| default.to_string())
    };
    let heading = colour(&["heading.heading.color", "header.heading.color"], "#FFFFFF");
    let navigation = colour(&["header.navigation.color"], "#FFFFFF");
    let go_font = colour(&["header.go.font.color"], "#000000");
    let go_back = colour(&["header.go.background.color"], "#E0E0E0");
    let go_border = colour(&["header.go.border.color"], "#808080");
    let banner = colour(&["splash.hex.code.1"], "#049FD9");
    let bottom_left = colour(&["splash.hex.code.2"], "#005073");
    let bottom_right = colour(&["splash.hex.code.3"], "#005073");
    let version = colour(&["splash.version.color"], "#FFFFFF");
    // The two products name the login page's and header's parts differently.
    let (username, password, login_fg, login_bg, reset_fg, reset_bg, banner_title, user_text, link, divider) =
        match v.product {
            Product::Cm => (
                colour(&["splash.username.color"], "#FFFFFF"),
                colour(&["splash.password.color"], "#FFFFFF"),
                colour(&["splash.login.text.color"], "#FFFFFF"),
                colour(&["splash.login.back.ground.color"], "#049FD9"),
                colour(&["splash.reset.text.color"], "#FFFFFF"),
                colour(&["splash.reset.back.ground.color"], "#049FD9"),
                colour(&["splash.header.color"], "#FFFFFF"),
                colour(&["header.admin.color"], "#FFFFFF"),
                colour(&["header.hover.link.color"], "#FFFFFF"),
                "#FFFFFF".to_string(),
            ),
            Product::Imp => {
                let text = colour(&["splash.login.text.color"], "#FFFFFF");
                let button_fg = colour(&["splash.button.text.color"], "#FFFFFF");
                let button_bg = colour(&["splash.button.color"], "#049FD9");
                (
                    text.clone(),
                    text.clone(),
                    button_fg.clone(),
                    button_bg.clone(),
                    button_fg,
                    button_bg,
                    text,
                    colour(&["header.text.bold.color"], "#FFFFFF"),
                    colour(&["header.link.color"], "#FFFFFF"),
                    colour(&["header.divider.color"], "#FFFFFF"),
                )
            }
        };

    let img = |name: &str| data_uri(&v.files, &format!("{folder}/{name}"));
    let header_background = match v.option {
        Some(LayoutOption::Gradient) => {
            let parts: Vec<String> =
                ["brandingHeaderBegLTR.gif", "brandingHeaderMidLTR.gif", "brandingHeaderEndLTR.gif"]
                    .iter()
                    .filter_map(|n| img(n))
                    .collect();
            match parts.as_slice() {
                [beg, mid, end] => format!(
                    "background-image:url({beg}),url({end}),url({mid});background-repeat:no-repeat,no-repeat,repeat-x;background-position:left top,right top,left top;"
                ),
                _ => String::new(),
            }
        }
        _ => img(SINGLE_NAME)
            .map(|u| format!("background-image:url({u});background-repeat:repeat-x;"))
            .unwrap_or_default(),
    };
    let logo = img(LOGO_NAME)
        .map(|u| format!("<img class=\"logo\" src=\"{u}\" width=\"44\" height=\"44\" alt=\"logo\">"))
        .unwrap_or_default();
    let top_logo = data_uri(&v.files, CM_TOP_LOGO)
        .map(|u| format!("<img src=\"{u}\" width=\"44\" height=\"25\" alt=\"branding logo\">"))
        .unwrap_or_default();
    let title = match v.product {
        Product::Cm => "Cisco Unified CM Administration",
        Product::Imp => "Cisco Unified CM IM and Presence Administration",
    };
    let mut problems = String::new();
    if !v.problems.is_empty() {
        problems.push_str("<section class=\"problems\"><h2>Problems found</h2><ul>\n");
        for p in &v.problems {
            problems.push_str(&format!(
                "<li>{}: {}: {}</li>\n",
                match p.level {
                    ProblemLevel::Error => "error",
                    ProblemLevel::Warning => "warning",
                },
                escape_html(&p.entry),
                escape_html(&p.reason)
            ));
        }
        problems.push_str("</ul></section>\n");
    }
    let option = v.option.map(LayoutOption::describe).unwrap_or("unknown layout");
    format!(
        r##"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Branding preview: {node}</title>
<style>
body {{ font-family: Arial, Helvetica, sans-serif; margin: 0; background: #F5F5F5; }}
.note {{ padding: 8px 16px; font-size: 13px; color: #333333; }}
h1.section {{ font-size: 15px; padding: 0 16px; color: #333333; }}
.splash {{ margin: 0 16px 24px 16px; border: 1px solid #CCCCCC; }}
.banner {{ background: {banner}; color: {banner_title}; padding: 24px; }}
.banner .title {{ font-size: 22px; }}
.banner .version {{ color: {version}; font-size: 12px; margin-top: 6px; }}
.banner label {{ display: block; margin-top: 8px; }}
.banner label.username {{ color: {username}; }}
.banner label.password {{ color: {password}; }}
.banner button {{ margin-top: 10px; padding: 4px 12px; }}
.banner button.login {{ color: {login_fg}; background: {login_bg}; border: 1px solid {login_bg}; }}
.banner button.reset {{ color: {reset_fg}; background: {reset_bg}; border: 1px solid {reset_bg}; }}
.bottom {{ display: flex; height: 40px; }}
.bottom .left {{ flex: 1; background: {bottom_left}; }}
.bottom .right {{ flex: 1; background: {bottom_right}; }}
.header {{ margin: 0 16px 24px 16px; border: 1px solid #CCCCCC; height: 64px; display: flex; align-items: center; {header_background} }}
.header .logo {{ margin: 0 10px; }}
.header .heading {{ color: {heading}; font-size: 18px; flex: 1; }}
.header .user {{ color: {user_text}; font-weight: bold; margin-right: 10px; }}
.header a {{ color: {link}; margin-right: 4px; }}
.header .divider {{ color: {divider}; margin-right: 4px; }}
.nav {{ margin: -24px 16px 24px 16px; padding: 4px 10px; background: #333333; color: {navigation}; }}
.nav button {{ color: {go_font}; background: {go_back}; border: 1px solid {go_border}; }}
.problems {{ margin: 0 16px; color: #8B0000; }}
</style>
</head>
<body>
<p class="note">Preview of {source} on node {node} ({option}), made by ucsh before enabling. Colours not set in the properties file show ucsh's defaults.</p>
{problems}<h1 class="section">Login page</h1>
<div class="splash">
<div class="banner"><div class="title">{title}</div><div class="version">System version</div>
<label class="username">Username</label><label class="password">Password</label><button class="login">Login</button> <button class="reset">Reset</button></div>
<div class="bottom"><div class="left"></div><div class="right"></div></div>
</div>
<h1 class="section">Header after login</h1>
<div class="header">{logo}<span class="heading">{title}</span>{top_logo}<span class="user">admin</span><a href="#">Search</a><span class="divider">|</span><a href="#">About</a><span class="divider">|</span><a href="#">Logout</a></div>
<div class="nav">Navigation <button>Go</button></div>
</body>
</html>
"##,
        node = escape_html(node.name()),
        source = escape_html(&file.source),
        option = option,
    )
}
