//! PDF rendering of a [`Document`] on A4 pages, with the PDF base fonts (Helvetica) in the
//! WinAnsi encoding — every character of French text — so no font file is embedded. Text is
//! wrapped with the fonts' real advance widths (`widths.rs`), tables and charts are drawn as
//! vector paths, and nothing depends on the time or the machine: the same document gives the
//! same bytes.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use crate::report::{Block, Document, cell_colour, score_colour};
use crate::widths;

const PAGE_WIDTH: f32 = 595.0;
const PAGE_HEIGHT: f32 = 842.0;
const MARGIN: f32 = 50.0;
const TEXT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
const BODY: f32 = 10.0;
const LEADING: f32 = 13.0;
/// The height a page offers between its margins.
const USABLE: f32 = PAGE_HEIGHT - 2.0 * MARGIN;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Font {
    Regular,
    Bold,
}

impl Font {
    fn name(self) -> Name<'static> {
        match self {
            Font::Regular => Name(b"F1"),
            Font::Bold => Name(b"F2"),
        }
    }
}

/// One WinAnsi byte per character; characters outside it become `?`.
fn encode(text: &str) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut buffer = [0u8; 4];
    for c in text.chars() {
        let c = match c {
            '\u{202f}' | '\u{a0}' | '\t' => ' ',
            '\u{2011}' => '-',
            c => c,
        };
        let (encoded, _, unmappable) = encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buffer));
        match encoded.as_ref() {
            [byte] if !unmappable && *byte >= 32 => bytes.push(*byte),
            _ => bytes.push(b'?'),
        }
    }
    bytes
}

fn width(text: &str, font: Font, size: f32) -> f32 {
    let table = match font {
        Font::Regular => &widths::REGULAR,
        Font::Bold => &widths::BOLD,
    };
    let units: u32 = encode(text)
        .iter()
        .map(|byte| {
            let w = table[usize::from(byte.saturating_sub(32))];
            u32::from(if w == 0 { 556 } else { w })
        })
        .sum();
    // Widths are thousandths of the size; a line's sum stays far below f32's exact range.
    #[allow(clippy::cast_precision_loss)]
    let units = units as f32;
    units * size / 1000.0
}

/// Splits `text` into lines no wider than `max`, at spaces (a word longer than a line is cut).
fn wrap(text: &str, font: Font, size: f32, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if width(&candidate, font, size) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if width(&piece, font, size) > max {
                    piece.pop();
                    lines.push(std::mem::take(&mut piece));
                    piece.push(c);
                }
            }
            line = piece;
        }
        lines.push(line);
    }
    lines
}

/// Pages being laid out.
struct Layout {
    pages: Vec<Content>,
    y: f32,
}

impl Layout {
    fn new() -> Layout {
        Layout {
            pages: vec![Content::new()],
            y: PAGE_HEIGHT - MARGIN,
        }
    }

    fn page(&mut self) -> &mut Content {
        if self.pages.is_empty() {
            self.pages.push(Content::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Makes room for `height` points, starting a new page if needed (never a second blank
    /// one: what does not fit an empty page is split by its caller).
    fn need(&mut self, height: f32) {
        if self.y - height < MARGIN && self.y < PAGE_HEIGHT - MARGIN {
            self.pages.push(Content::new());
            self.y = PAGE_HEIGHT - MARGIN;
        }
    }

    fn text(&mut self, x: f32, y: f32, text: &str, font: Font, size: f32, grey: bool) {
        let content = self.page();
        if grey {
            content.set_fill_rgb(0.35, 0.35, 0.35);
        }
        content
            .begin_text()
            .set_font(font.name(), size)
            .next_line(x, y)
            .show(Str(&encode(text)))
            .end_text();
        if grey {
            content.set_fill_rgb(0.0, 0.0, 0.0);
        }
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: &str, stroke: bool) {
        let (r, g, b) = rgb(fill);
        let content = self.page();
        content.set_fill_rgb(r, g, b).rect(x, y, w, h);
        if stroke {
            content
                .set_stroke_rgb(0.6, 0.6, 0.6)
                .fill_nonzero_and_stroke();
        } else {
            content.fill_nonzero();
        }
        content.set_fill_rgb(0.0, 0.0, 0.0);
    }

    fn paragraph(&mut self, text: &str, font: Font, size: f32, x: f32, max: f32) {
        for line in wrap(text, font, size, max) {
            self.need(LEADING);
            self.y -= LEADING;
            self.text(x, self.y, &line, font, size, false);
        }
    }
}

fn rgb(hex: &str) -> (f32, f32, f32) {
    let channel = |i: usize| {
        let value = hex
            .get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0);
        f32::from(value) / 255.0
    };
    (channel(1), channel(3), channel(5))
}

/// Renders `document` as PDF bytes.
pub fn pdf(document: &Document) -> Vec<u8> {
    let mut layout = Layout::new();
    layout.paragraph(&document.title, Font::Bold, 18.0, MARGIN, TEXT_WIDTH);
    layout.y -= 4.0;
    for line in wrap(&document.subtitle, Font::Regular, BODY, TEXT_WIDTH) {
        layout.y -= LEADING;
        layout.text(MARGIN, layout.y, &line, Font::Regular, BODY, true);
    }
    for block in &document.blocks {
        draw(&mut layout, block);
    }
    assemble(document, layout.pages)
}

fn draw(layout: &mut Layout, block: &Block) {
    match block {
        Block::Heading { text } => {
            layout.need(40.0);
            layout.y -= 12.0;
            layout.paragraph(text, Font::Bold, 13.0, MARGIN, TEXT_WIDTH);
            layout.y -= 3.0;
            let y = layout.y;
            layout.rect(MARGIN, y, TEXT_WIDTH, 1.2, "#2b6cb0", false);
            layout.y -= 2.0;
        }
        Block::Paragraph { text } => {
            layout.y -= 4.0;
            layout.paragraph(text, Font::Regular, BODY, MARGIN, TEXT_WIDTH);
        }
        Block::Warning { text } => {
            layout.y -= 6.0;
            let lines = wrap(text, Font::Bold, BODY, TEXT_WIDTH - 12.0);
            #[allow(clippy::cast_precision_loss)]
            let height = LEADING * lines.len() as f32 + 6.0;
            layout.need(height);
            let top = layout.y;
            layout.rect(MARGIN, top - height, 4.0, height, "#c53030", false);
            for line in lines {
                layout.y -= LEADING;
                layout.text(MARGIN + 12.0, layout.y, &line, Font::Bold, BODY, false);
            }
            layout.y -= 6.0;
        }
        Block::Facts { rows } => {
            layout.y -= 4.0;
            let label_width = 160.0;
            for (label, value) in rows {
                let labels = wrap(label, Font::Bold, BODY, label_width - 8.0);
                let values = wrap(value, Font::Regular, BODY, TEXT_WIDTH - label_width);
                let count = labels.len().max(values.len());
                #[allow(clippy::cast_precision_loss)]
                let height = LEADING * count as f32 + 3.0;
                if height > USABLE {
                    // Longer than a page: the value flows line by line over pages.
                    for i in 0..count {
                        layout.need(LEADING);
                        layout.y -= LEADING;
                        if let Some(line) = labels.get(i) {
                            layout.text(MARGIN, layout.y, line, Font::Bold, BODY, false);
                        }
                        if let Some(line) = values.get(i) {
                            layout.text(
                                MARGIN + label_width,
                                layout.y,
                                line,
                                Font::Regular,
                                BODY,
                                false,
                            );
                        }
                    }
                    layout.y -= 3.0;
                    continue;
                }
                layout.need(height);
                let top = layout.y;
                for (i, line) in labels.iter().enumerate() {
                    #[allow(clippy::cast_precision_loss)]
                    let y = top - LEADING * (i as f32 + 1.0);
                    layout.text(MARGIN, y, line, Font::Bold, BODY, false);
                }
                for (i, line) in values.iter().enumerate() {
                    #[allow(clippy::cast_precision_loss)]
                    let y = top - LEADING * (i as f32 + 1.0);
                    layout.text(MARGIN + label_width, y, line, Font::Regular, BODY, false);
                }
                #[allow(clippy::cast_precision_loss)]
                let used = LEADING * count as f32 + 3.0;
                layout.y = top - used;
            }
        }
        Block::List { items } => {
            layout.y -= 4.0;
            for item in items {
                let lines = wrap(item, Font::Regular, BODY, TEXT_WIDTH - 14.0);
                for (i, line) in lines.iter().enumerate() {
                    layout.need(LEADING);
                    layout.y -= LEADING;
                    if i == 0 {
                        layout.text(
                            MARGIN + 2.0,
                            layout.y,
                            "\u{2022}",
                            Font::Regular,
                            BODY,
                            false,
                        );
                    }
                    layout.text(MARGIN + 14.0, layout.y, line, Font::Regular, BODY, false);
                }
            }
        }
        Block::Table { header, rows } => table(layout, header, rows),
        Block::Bars {
            caption,
            legend,
            bars,
        } => {
            layout.need(40.0);
            layout.y -= 10.0;
            layout.paragraph(caption, Font::Bold, BODY, MARGIN, TEXT_WIDTH);
            for (label, value, after) in bars {
                layout.need(20.0);
                layout.y -= 18.0;
                let y = layout.y;
                layout.text(MARGIN, y + 3.0, label, Font::Regular, 9.0, false);
                let scale = 2.2;
                if let Some(after) = after {
                    let (r, g, b) = rgb("#2b6cb0");
                    let content = layout.page();
                    content
                        .set_stroke_rgb(r, g, b)
                        .set_dash_pattern([3.0, 2.0], 0.0)
                        .rect(MARGIN + 180.0, y, scale * f32::from(*after), 13.0)
                        .stroke()
                        .set_dash_pattern([], 0.0);
                }
                layout.rect(
                    MARGIN + 180.0,
                    y,
                    scale * f32::from(*value),
                    13.0,
                    score_colour(*value),
                    false,
                );
                layout.text(
                    MARGIN + 410.0,
                    y + 3.0,
                    &value.to_string(),
                    Font::Bold,
                    9.0,
                    false,
                );
            }
            layout.y -= 16.0;
            let y = layout.y;
            layout.rect(MARGIN + 180.0, y, 10.0, 8.0, "#718096", false);
            layout.text(MARGIN + 194.0, y, &legend.0, Font::Regular, 8.0, false);
            layout.text(
                MARGIN + 300.0,
                y,
                &format!("- - {}", legend.1),
                Font::Regular,
                8.0,
                false,
            );
        }
        Block::RiskMap {
            caption,
            axes,
            legend,
            items,
        } => {
            let cell = 50.0;
            layout.need(4.0 * cell + 70.0);
            layout.y -= 10.0;
            layout.paragraph(caption, Font::Bold, BODY, MARGIN, TEXT_WIDTH);
            let left = MARGIN + 20.0;
            let bottom = layout.y - 4.0 * cell - 8.0;
            for severity in 1..=5u8 {
                for likelihood in 1..=4u8 {
                    let x = left + cell * f32::from(severity - 1);
                    let y = bottom + cell * f32::from(likelihood - 1);
                    layout.rect(x, y, cell, cell, cell_colour(severity, likelihood), true);
                }
            }
            let mut used = std::collections::BTreeMap::new();
            for (index, (_, severity, before, after)) in items.iter().enumerate() {
                for (likelihood, grey) in [(*before, false), (*after, true)] {
                    let slot = used.entry((*severity, likelihood)).or_insert(0u8);
                    let x = left
                        + cell * f32::from((*severity).clamp(1, 5) - 1)
                        + 4.0
                        + f32::from(*slot % 4) * 11.0;
                    let y = bottom + cell * f32::from(likelihood.clamp(1, 4) - 1) + cell
                        - 12.0
                        - f32::from(*slot / 4) * 11.0;
                    *slot += 1;
                    let mark = if grey {
                        format!("({})", index + 1)
                    } else {
                        (index + 1).to_string()
                    };
                    let font = if grey { Font::Regular } else { Font::Bold };
                    layout.text(x, y, &mark, font, 8.0, grey);
                }
            }
            layout.text(
                left + 2.0 * cell,
                bottom - 14.0,
                &axes.0,
                Font::Regular,
                9.0,
                false,
            );
            let content = layout.page();
            content
                .begin_text()
                .set_font(Font::Regular.name(), 9.0)
                .set_text_matrix([0.0, 1.0, -1.0, 0.0, MARGIN + 10.0, bottom + cell])
                .show(Str(&encode(&axes.1)))
                .end_text();
            let legend_x = left + 5.0 * cell + 14.0;
            let mut y = bottom + 4.0 * cell - 10.0;
            for (index, (label, ..)) in items.iter().enumerate() {
                layout.text(
                    legend_x,
                    y,
                    &format!("{}. {label}", index + 1),
                    Font::Regular,
                    8.0,
                    false,
                );
                y -= 11.0;
            }
            layout.text(
                legend_x,
                y - 6.0,
                &format!("1 : {}   (1) : {}", legend.0, legend.1),
                Font::Regular,
                8.0,
                true,
            );
            layout.y = bottom - 24.0;
        }
    }
}

fn table(layout: &mut Layout, header: &[String], rows: &[Vec<String>]) {
    let columns = header.len().max(1);
    // Columns share the width in proportion to their longest cell, within bounds.
    let mut weights = vec![0f32; columns];
    for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        for (i, cell) in row.iter().enumerate().take(columns) {
            weights[i] = weights[i].max(width(cell, Font::Regular, BODY).clamp(40.0, 220.0));
        }
    }
    let total: f32 = weights.iter().sum::<f32>().max(1.0);
    let widths: Vec<f32> = weights.iter().map(|w| w / total * TEXT_WIDTH).collect();
    let size = 9.0;
    let leading = 11.5;
    layout.y -= 6.0;
    let draw_row = |layout: &mut Layout, cells: &[String], bold: bool| {
        let font = if bold { Font::Bold } else { Font::Regular };
        let wrapped: Vec<Vec<String>> = widths
            .iter()
            .enumerate()
            .map(|(i, w)| wrap(cells.get(i).map_or("", String::as_str), font, size, w - 6.0))
            .collect();
        let count = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        // A row taller than a page is cut into pieces, each on its own page.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let per_page = (((USABLE - 5.0) / leading) as usize).max(1);
        let mut first = 0;
        while first < count {
            let last = (first + per_page).min(count);
            #[allow(clippy::cast_precision_loss)]
            let height = leading * (last - first) as f32 + 5.0;
            layout.need(height);
            let top = layout.y;
            let mut x = MARGIN;
            for (i, lines) in wrapped.iter().enumerate() {
                layout.rect(
                    x,
                    top - height,
                    widths[i],
                    height,
                    if bold { "#edf2f7" } else { "#ffffff" },
                    true,
                );
                for (j, line) in lines.iter().enumerate().take(last).skip(first) {
                    #[allow(clippy::cast_precision_loss)]
                    let y = top - leading * ((j - first) as f32 + 1.0);
                    layout.text(x + 3.0, y, line, font, size, false);
                }
                x += widths[i];
            }
            layout.y = top - height;
            first = last;
        }
    };
    draw_row(layout, header, true);
    for row in rows {
        draw_row(layout, row, false);
    }
}

fn assemble(document: &Document, pages: Vec<Content>) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let regular = Ref::new(3);
    let bold = Ref::new(4);
    let info = Ref::new(5);
    let mut next = 6;
    let mut ids = Vec::new();
    for _ in &pages {
        ids.push((Ref::new(next), Ref::new(next + 1)));
        next += 2;
    }
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(ids.iter().map(|(page, _)| *page))
        .count(i32::try_from(ids.len()).unwrap_or(i32::MAX));
    pdf.type1_font(regular)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold)
        .base_font(Name(b"Helvetica-Bold"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.document_info(info)
        .title(TextStr(&document.title))
        .creator(TextStr("Hygie"));
    let total = pages.len();
    for (number, (content, (page_id, content_id))) in pages.into_iter().zip(ids).enumerate() {
        let mut content = content;
        let footer = format!("{} / {total}", number + 1);
        content
            .set_fill_rgb(0.4, 0.4, 0.4)
            .begin_text()
            .set_font(Font::Regular.name(), 8.0)
            .next_line(
                PAGE_WIDTH - MARGIN - width(&footer, Font::Regular, 8.0),
                MARGIN / 2.0,
            )
            .show(Str(&encode(&footer)))
            .end_text();
        let bytes = content.finish();
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
            .parent(tree)
            .contents(content_id);
        let mut resources = page.resources();
        resources
            .fonts()
            .pair(Font::Regular.name(), regular)
            .pair(Font::Bold.name(), bold);
        resources.finish();
        page.finish();
        pdf.stream(content_id, bytes.as_slice());
    }
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_text_is_encoded_and_measured() {
        assert_eq!(encode("é€œ«»’"), vec![0xE9, 0x80, 0x9C, 0xAB, 0xBB, 0x92]);
        assert_eq!(encode("日本"), b"??");
        assert!((width("a", Font::Regular, 10.0) - 5.56).abs() < 0.01);
        assert!(width("W", Font::Bold, 10.0) > width("i", Font::Bold, 10.0));
    }

    #[test]
    fn lines_never_overflow_and_long_words_are_cut() {
        let text = "Une phrase assez longue pour tenir sur plusieurs lignes, avec anticonstitutionnellement dedans.";
        for line in wrap(text, Font::Regular, 10.0, 120.0) {
            assert!(width(&line, Font::Regular, 10.0) <= 120.0, "{line}");
        }
        let cut = wrap(&"x".repeat(200), Font::Regular, 10.0, 50.0);
        assert!(cut.len() > 5);
    }
}
