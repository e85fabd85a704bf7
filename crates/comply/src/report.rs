//! Documents: a small model (headings, paragraphs, facts, tables, charts) that every report is
//! built in, and its renderings — HTML ready to print, with SVG charts, and JSON. PDF is in
//! [`crate::pdf`].

use serde::Serialize;

use crate::text::Lang;

/// A document to render.
#[derive(Clone, Debug, Serialize)]
pub struct Document {
    /// The language it is written in.
    pub lang: Lang,
    /// Its title.
    pub title: String,
    /// A line under the title (the practice, the date).
    pub subtitle: String,
    /// The content, in order.
    pub blocks: Vec<Block>,
}

/// One piece of content.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A section title.
    Heading {
        /// The title.
        text: String,
    },
    /// A paragraph.
    Paragraph {
        /// The text.
        text: String,
    },
    /// A paragraph that must not be missed.
    Warning {
        /// The text.
        text: String,
    },
    /// Labels and values.
    Facts {
        /// `(label, value)` pairs.
        rows: Vec<(String, String)>,
    },
    /// A table.
    Table {
        /// Column titles.
        header: Vec<String>,
        /// Rows of cells.
        rows: Vec<Vec<String>>,
    },
    /// A bulleted list.
    List {
        /// The items.
        items: Vec<String>,
    },
    /// Horizontal bars from 0 to 100, with an optional second value (after the plan).
    Bars {
        /// The chart's caption.
        caption: String,
        /// Legend of the first and second values.
        legend: (String, String),
        /// `(label, value, second value)`.
        bars: Vec<(String, u8, Option<u8>)>,
    },
    /// A risk map: severity (1–5) across, likelihood (1–4) up; a numbered mark per item before
    /// and after the plan.
    RiskMap {
        /// The chart's caption.
        caption: String,
        /// Axis titles: severity, likelihood.
        axes: (String, String),
        /// Legend of the before and after marks.
        legend: (String, String),
        /// `(label, severity, likelihood before, likelihood after)`.
        items: Vec<(String, u8, u8, u8)>,
    },
}

/// Renders `document` as a standalone HTML page, styled for screens and A4 printing.
pub fn html(document: &Document) -> String {
    let mut out = String::new();
    let lang = match document.lang {
        Lang::Fr => "fr",
        Lang::En => "en",
    };
    out.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n<p class=\"subtitle\">{}</p>\n</header>\n<main>\n",
        escape(&document.title),
        escape(&document.title),
        escape(&document.subtitle)
    ));
    for block in &document.blocks {
        match block {
            Block::Heading { text } => out.push_str(&format!("<h2>{}</h2>\n", escape(text))),
            Block::Paragraph { text } => out.push_str(&format!("<p>{}</p>\n", escape(text))),
            Block::Warning { text } => {
                out.push_str(&format!("<p class=\"warning\">{}</p>\n", escape(text)));
            }
            Block::Facts { rows } => {
                out.push_str("<dl>\n");
                for (label, value) in rows {
                    out.push_str(&format!(
                        "<dt>{}</dt><dd>{}</dd>\n",
                        escape(label),
                        escape(value)
                    ));
                }
                out.push_str("</dl>\n");
            }
            Block::Table { header, rows } => {
                out.push_str("<table>\n<thead><tr>");
                for cell in header {
                    out.push_str(&format!("<th>{}</th>", escape(cell)));
                }
                out.push_str("</tr></thead>\n<tbody>\n");
                for row in rows {
                    out.push_str("<tr>");
                    for cell in row {
                        out.push_str(&format!("<td>{}</td>", escape(cell)));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody>\n</table>\n");
            }
            Block::List { items } => {
                out.push_str("<ul>\n");
                for item in items {
                    out.push_str(&format!("<li>{}</li>\n", escape(item)));
                }
                out.push_str("</ul>\n");
            }
            Block::Bars {
                caption,
                legend,
                bars,
            } => out.push_str(&bars_svg(caption, legend, bars)),
            Block::RiskMap {
                caption,
                axes,
                legend,
                items,
            } => {
                out.push_str(&risk_map_svg(caption, axes, legend, items));
            }
        }
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// The document as JSON, for machines.
pub fn json(document: &Document) -> String {
    serde_json::to_string_pretty(document).unwrap_or_default() + "\n"
}

const STYLE: &str = "body { font-family: 'Helvetica Neue', Arial, sans-serif; color: #1a1a1a; max-width: 50em; margin: 2em auto; padding: 0 1em; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.1em; }
.subtitle { color: #555; margin-top: 0; }
h2 { font-size: 1.2em; border-bottom: 2px solid #2b6cb0; padding-bottom: 0.2em; margin-top: 1.6em; }
.warning { border-left: 5px solid #c53030; background: #fff5f5; padding: 0.6em 0.9em; }
dl { display: grid; grid-template-columns: 14em 1fr; gap: 0.3em 1em; }
dt { font-weight: bold; }
dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
th, td { border: 1px solid #bbb; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
th { background: #edf2f7; }
figure { margin: 1.2em 0; }
figcaption { font-weight: bold; margin-bottom: 0.4em; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } tr, figure, dl { break-inside: avoid; } }
@page { size: A4; margin: 18mm; }
";

/// Escapes text for HTML element content and attribute values.
pub use hygie_texts::escape_html as escape;

fn bars_svg(caption: &str, legend: &(String, String), bars: &[(String, u8, Option<u8>)]) -> String {
    let row = 26;
    let height = 30 + row * bars.len();
    let mut svg = format!(
        "<figure>\n<figcaption>{}</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"{height}\" viewBox=\"0 0 640 {height}\" role=\"img\" aria-label=\"{}\">\n",
        escape(caption),
        escape(caption)
    );
    for (i, (label, value, after)) in bars.iter().enumerate() {
        let y = 10 + row * i;
        let width = 3 * u32::from(*value);
        svg.push_str(&format!(
            "<text x=\"0\" y=\"{}\" font-size=\"12\">{}</text>\n",
            y + 14,
            escape(label)
        ));
        if let Some(after) = after {
            svg.push_str(&format!(
                "<rect x=\"230\" y=\"{y}\" width=\"{}\" height=\"18\" fill=\"none\" stroke=\"#2b6cb0\" stroke-dasharray=\"4 2\"/>\n",
                3 * u32::from(*after)
            ));
        }
        svg.push_str(&format!(
            "<rect x=\"230\" y=\"{y}\" width=\"{width}\" height=\"18\" fill=\"{}\"/>\n<text x=\"{}\" y=\"{}\" font-size=\"12\">{value}</text>\n",
            score_colour(*value),
            540,
            y + 14
        ));
    }
    let y = 14 + row * bars.len();
    svg.push_str(&format!(
        "<rect x=\"230\" y=\"{y}\" width=\"12\" height=\"10\" fill=\"#718096\"/><text x=\"246\" y=\"{}\" font-size=\"11\">{}</text>\n<rect x=\"380\" y=\"{y}\" width=\"12\" height=\"10\" fill=\"none\" stroke=\"#2b6cb0\" stroke-dasharray=\"4 2\"/><text x=\"396\" y=\"{}\" font-size=\"11\">{}</text>\n</svg>\n</figure>\n",
        y + 9,
        escape(&legend.0),
        y + 9,
        escape(&legend.1)
    ));
    svg
}

/// Red below 50, amber below 80, green above.
pub fn score_colour(score: u8) -> &'static str {
    match score {
        0..50 => "#c53030",
        50..80 => "#d69e2e",
        _ => "#2f855a",
    }
}

/// The colour of a risk map cell: severity × likelihood, green to red.
pub fn cell_colour(severity: u8, likelihood: u8) -> &'static str {
    match u16::from(severity) * u16::from(likelihood) {
        0..=4 => "#c6f6d5",
        5..=9 => "#fefcbf",
        10..=14 => "#fbd38d",
        _ => "#feb2b2",
    }
}

fn risk_map_svg(
    caption: &str,
    axes: &(String, String),
    legend: &(String, String),
    items: &[(String, u8, u8, u8)],
) -> String {
    let cell = 70;
    let (left, top) = (40, 10);
    let height = top + 4 * cell + 60;
    let mut svg = format!(
        "<figure>\n<figcaption>{}</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"{height}\" viewBox=\"0 0 640 {height}\" role=\"img\" aria-label=\"{}\">\n",
        escape(caption),
        escape(caption)
    );
    for severity in 1..=5u8 {
        for likelihood in 1..=4u8 {
            let x = left + cell * u32::from(severity - 1);
            let y = top + cell * u32::from(4 - likelihood);
            svg.push_str(&format!(
                "<rect x=\"{x}\" y=\"{y}\" width=\"{cell}\" height=\"{cell}\" fill=\"{}\" stroke=\"#fff\"/>\n",
                cell_colour(severity, likelihood)
            ));
        }
    }
    // Marks: before filled, after hollow; items sharing a cell are spread along it.
    let mut used = std::collections::BTreeMap::new();
    for (index, (_, severity, before, after)) in items.iter().enumerate() {
        for (likelihood, filled) in [(*before, true), (*after, false)] {
            let slot = used.entry((*severity, likelihood)).or_insert(0u32);
            let x = left + cell * u32::from((*severity).clamp(1, 5) - 1) + 12 + (*slot % 3) * 22;
            let y = top + cell * u32::from(4 - likelihood.clamp(1, 4)) + 14 + (*slot / 3) * 22;
            *slot += 1;
            let (fill, colour) = if filled {
                ("#1a202c", "#fff")
            } else {
                ("#fff", "#1a202c")
            };
            svg.push_str(&format!(
                "<circle cx=\"{x}\" cy=\"{y}\" r=\"9\" fill=\"{fill}\" stroke=\"#1a202c\"/><text x=\"{x}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\" fill=\"{colour}\">{}</text>\n",
                y + 4,
                index + 1
            ));
        }
    }
    let bottom = top + 4 * cell;
    svg.push_str(&format!(
        "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\">{}</text>\n<text x=\"12\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 12 {})\">{}</text>\n",
        left + 5 * cell / 2,
        bottom + 20,
        escape(&axes.0),
        top + 2 * cell,
        top + 2 * cell,
        escape(&axes.1)
    ));
    svg.push_str(&format!(
        "<circle cx=\"{}\" cy=\"{}\" r=\"6\" fill=\"#1a202c\"/><text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text><circle cx=\"{}\" cy=\"{}\" r=\"6\" fill=\"#fff\" stroke=\"#1a202c\"/><text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>\n",
        left + 6, bottom + 40, left + 16, bottom + 44, escape(&legend.0),
        left + 186, bottom + 40, left + 196, bottom + 44, escape(&legend.1)
    ));
    let legend_x = left + 5 * cell + 20;
    for (index, (label, ..)) in items.iter().enumerate() {
        svg.push_str(&format!(
            "<text x=\"{legend_x}\" y=\"{}\" font-size=\"11\">{}. {}</text>\n",
            top + 14 + 18 * u32::try_from(index).unwrap_or(0),
            index + 1,
            escape(label)
        ));
    }
    svg.push_str("</svg>\n</figure>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_escape_into_markup() {
        let document = Document {
            lang: Lang::Fr,
            title: "<script>alert(1)</script>".into(),
            subtitle: "\"quoted\" & 'single'".into(),
            blocks: vec![Block::Table {
                header: vec!["<b>".into()],
                rows: vec![vec!["</td><img src=x onerror=alert(1)>".into()]],
            }],
        };
        let page = html(&document);
        assert!(!page.contains("<script>") && !page.contains("<img") && !page.contains("<b>"));
        assert!(
            page.contains("&lt;script&gt;")
                && page.contains("&quot;quoted&quot; &amp; &#39;single&#39;")
        );
    }
}
