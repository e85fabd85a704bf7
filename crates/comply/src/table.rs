//! Spreadsheet exports read as they really come: UTF-8 with or without a byte-order mark,
//! UTF-16 from Excel's « texte Unicode », Windows-1252/Latin-1 from older software; `,`, `;`
//! (French Excel) or tab separators; columns found by name in any order, extra columns ignored.
//!
//! Anything wrong stops the reading with an error that names the file, the line and the
//! column, before any result is produced.

use std::collections::BTreeMap;

use jiff::civil::{Date, DateTime};

/// A problem in an input file, with where it is.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// The file has no header line.
    #[error("{file}: the file is empty")]
    Empty {
        /// The file, as named by the person.
        file: String,
    },
    /// Required columns are not in the header.
    #[error("{file}, line 1: missing column(s) {}", columns.join(", "))]
    MissingColumns {
        /// The file.
        file: String,
        /// The columns not found.
        columns: Vec<String>,
    },
    /// A column name appears twice in the header.
    #[error("{file}, line 1: column {column} appears twice")]
    DuplicateColumn {
        /// The file.
        file: String,
        /// The column.
        column: String,
    },
    /// A line has fewer fields than the header has columns.
    #[error("{file}, line {line}: {found} field(s) where the header has {expected}")]
    FieldCount {
        /// The file.
        file: String,
        /// The line, counting from 1 (the header).
        line: u64,
        /// Columns in the header.
        expected: usize,
        /// Fields on the line.
        found: usize,
    },
    /// A field's value is not what its column holds.
    #[error("{file}, line {line}, column {column}: {problem} ({value:?})")]
    Invalid {
        /// The file.
        file: String,
        /// The line.
        line: u64,
        /// The column.
        column: String,
        /// The value found.
        value: String,
        /// What is wrong with it.
        problem: Problem,
    },
    /// A value that must be unique appears twice.
    #[error("{file}, line {line}, column {column}: {value:?} already appears on line {first_line}")]
    Duplicate {
        /// The file.
        file: String,
        /// The line of the second appearance.
        line: u64,
        /// The column.
        column: String,
        /// The repeated value.
        value: String,
        /// The line of the first appearance.
        first_line: u64,
    },
    /// A quote opened in a value is never closed: the rest of the file would be one value.
    #[error("{file}, line {line}, column {column}: a quote opens here and is never closed")]
    UnclosedQuote {
        /// The file.
        file: String,
        /// The line where the value starts.
        line: u64,
        /// The column.
        column: String,
    },
    /// The CSV structure itself is broken.
    #[error("{file}, line {line}: {detail}")]
    Malformed {
        /// The file.
        file: String,
        /// Where the reader stopped.
        line: u64,
        /// What the reader said.
        detail: String,
    },
}

impl InputError {
    /// The error in the language of `texts`, for a person.
    pub fn describe(&self, texts: &crate::Texts) -> String {
        use crate::tr;
        match self {
            InputError::Empty { file } => tr!(texts, "input-empty", file = file),
            InputError::MissingColumns { file, columns } => {
                tr!(
                    texts,
                    "input-missing-columns",
                    file = file,
                    columns = columns.join(", ")
                )
            }
            InputError::DuplicateColumn { file, column } => {
                tr!(
                    texts,
                    "input-duplicate-column",
                    file = file,
                    column = column
                )
            }
            InputError::FieldCount {
                file,
                line,
                expected,
                found,
            } => tr!(
                texts,
                "input-field-count",
                file = file,
                line = *line,
                expected = *expected,
                found = *found
            ),
            InputError::Invalid {
                file,
                line,
                column,
                value,
                problem,
            } => tr!(
                texts,
                "input-invalid",
                file = file,
                line = *line,
                column = column,
                value = value,
                problem = problem.describe(texts)
            ),
            InputError::Duplicate {
                file,
                line,
                column,
                value,
                first_line,
            } => tr!(
                texts,
                "input-duplicate",
                file = file,
                line = *line,
                column = column,
                value = value,
                first = *first_line
            ),
            InputError::UnclosedQuote { file, line, column } => {
                tr!(
                    texts,
                    "input-unclosed-quote",
                    file = file,
                    line = *line,
                    column = column
                )
            }
            InputError::Malformed { file, line, detail } => {
                tr!(
                    texts,
                    "input-malformed",
                    file = file,
                    line = *line,
                    detail = detail
                )
            }
        }
    }
}

impl Problem {
    fn describe(self, texts: &crate::Texts) -> String {
        use crate::tr;
        match self {
            Problem::Empty => tr!(texts, "problem-empty"),
            Problem::Date => tr!(texts, "problem-date"),
            Problem::Future => tr!(texts, "problem-future"),
            Problem::YesNo => tr!(texts, "problem-yes-no"),
            Problem::Number => tr!(texts, "problem-number"),
        }
    }
}

/// What is wrong with a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Problem {
    /// A required value is empty.
    #[error("empty")]
    Empty,
    /// Not a date (or date and time) in a known format, or a day that does not exist.
    #[error("not a valid date (expected 2026-03-31 or 31/03/2026)")]
    Date,
    /// A date that cannot have happened yet.
    #[error("date in the future")]
    Future,
    /// Not yes or no.
    #[error("expected yes or no (oui/non, 1/0, true/false)")]
    YesNo,
    /// Not a whole number.
    #[error("not a whole number")]
    Number,
}

/// A table read from a file: its columns and rows, by name.
#[derive(Clone, Debug)]
pub struct Table {
    file: String,
    columns: BTreeMap<String, usize>,
    /// Header columns this reading does not use.
    pub ignored_columns: Vec<String>,
    /// The encoding the file was read in (`UTF-8`, `windows-1252`, `UTF-16LE`…).
    pub encoding: &'static str,
    /// The separator found in the header.
    pub separator: char,
    rows: Vec<Row>,
}

/// One line of a table.
#[derive(Clone, Debug)]
pub struct Row {
    /// Its line number in the file (the header is line 1).
    pub line: u64,
    fields: Vec<String>,
}

impl Table {
    /// Reads `bytes` (the content of `file`), which must have the `required` columns; `optional`
    /// columns are used when present, others are ignored and listed.
    pub fn read(
        file: &str,
        bytes: &[u8],
        required: &[&str],
        optional: &[&str],
    ) -> Result<Table, InputError> {
        let (text, encoding) = decode(bytes);
        // The CSV reader counts lines by `\n` only; Windows and old Mac line ends become `\n`
        // so that every error names the line a spreadsheet shows.
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let Some(header_line) = text.lines().find(|line| !line.trim().is_empty()) else {
            return Err(InputError::Empty { file: file.into() });
        };
        let separator = sniff_separator(header_line);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(separator as u8)
            .flexible(true)
            .has_headers(false)
            .from_reader(text.as_bytes());
        let mut records = reader.records();
        let header = match records.next() {
            Some(Ok(header)) => header,
            Some(Err(error)) => return Err(malformed(file, &error)),
            None => return Err(InputError::Empty { file: file.into() }),
        };
        if header.iter().any(|name| name.contains('\n')) {
            return Err(InputError::UnclosedQuote {
                file: file.into(),
                line: 1,
                column: String::new(),
            });
        }
        let mut columns = BTreeMap::new();
        let mut ignored_columns = Vec::new();
        for (index, name) in header.iter().enumerate() {
            let name = normalise_column(name);
            if name.is_empty() {
                continue;
            }
            if columns.insert(name.clone(), index).is_some() {
                return Err(InputError::DuplicateColumn {
                    file: file.into(),
                    column: name,
                });
            }
            if !required.contains(&name.as_str()) && !optional.contains(&name.as_str()) {
                ignored_columns.push(name);
            }
        }
        let missing: Vec<String> = required
            .iter()
            .filter(|name| !columns.contains_key(**name))
            .map(|name| (*name).to_owned())
            .collect();
        if !missing.is_empty() {
            return Err(InputError::MissingColumns {
                file: file.into(),
                columns: missing,
            });
        }
        let needed = columns
            .iter()
            .filter(|(name, _)| {
                required.contains(&name.as_str()) || optional.contains(&name.as_str())
            })
            .map(|(_, index)| index + 1)
            .max()
            .unwrap_or(0);
        let mut rows = Vec::new();
        for record in records {
            let record = record.map_err(|error| malformed(file, &error))?;
            let line = record.position().map_or(0, csv::Position::line);
            if record.iter().all(|field| field.trim().is_empty()) {
                continue;
            }
            // No export these tables come from has values over several lines: a line end
            // inside a value is an unclosed quote that would swallow the rows after it.
            if let Some(index) = record.iter().position(|field| field.contains('\n')) {
                let column = columns
                    .iter()
                    .find(|(_, at)| **at == index)
                    .map_or_else(|| (index + 1).to_string(), |(name, _)| name.clone());
                return Err(InputError::UnclosedQuote {
                    file: file.into(),
                    line,
                    column,
                });
            }
            if record.len() < needed {
                return Err(InputError::FieldCount {
                    file: file.into(),
                    line,
                    expected: header.len(),
                    found: record.len(),
                });
            }
            rows.push(Row {
                line,
                fields: record.iter().map(|field| field.trim().to_owned()).collect(),
            });
        }
        Ok(Table {
            file: file.into(),
            columns,
            ignored_columns,
            encoding,
            separator,
            rows,
        })
    }

    /// Whether the header has `column`.
    pub fn has_column(&self, column: &str) -> bool {
        self.columns.contains_key(column)
    }

    /// The file's name, as given.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The rows, in file order.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The trimmed value of `column` on `row`; empty if the column is absent.
    pub fn text<'a>(&self, row: &'a Row, column: &str) -> &'a str {
        self.columns
            .get(column)
            .and_then(|index| row.fields.get(*index))
            .map_or("", String::as_str)
    }

    /// The value of `column`, which must not be empty.
    pub fn required<'a>(&self, row: &'a Row, column: &str) -> Result<&'a str, InputError> {
        let value = self.text(row, column);
        if value.is_empty() {
            return Err(self.invalid(row, column, Problem::Empty));
        }
        Ok(value)
    }

    /// The value of `column` as a date, `None` when empty; dates with a time keep the day.
    pub fn date(&self, row: &Row, column: &str) -> Result<Option<Date>, InputError> {
        Ok(self.datetime(row, column)?.map(|at| at.date()))
    }

    /// The value of `column` as a date and time (midnight for a bare date), `None` when empty.
    pub fn datetime(&self, row: &Row, column: &str) -> Result<Option<DateTime>, InputError> {
        let value = self.text(row, column);
        if value.is_empty() {
            return Ok(None);
        }
        parse_datetime(value)
            .map(Some)
            .ok_or_else(|| self.invalid(row, column, Problem::Date))
    }

    /// The value of `column` as yes/no; `default` when empty.
    pub fn yes_no(&self, row: &Row, column: &str, default: bool) -> Result<bool, InputError> {
        let value = self.text(row, column);
        if value.is_empty() {
            return Ok(default);
        }
        match fold(value).as_str() {
            "1" | "oui" | "o" | "yes" | "y" | "true" | "vrai" | "x" | "actif" | "active"
            | "enabled" => Ok(true),
            "0" | "non" | "n" | "no" | "false" | "faux" | "inactif" | "inactive" | "disabled"
            | "desactive" => Ok(false),
            _ => Err(self.invalid(row, column, Problem::YesNo)),
        }
    }

    /// An [`InputError::Invalid`] for `column` on `row`.
    pub fn invalid(&self, row: &Row, column: &str, problem: Problem) -> InputError {
        InputError::Invalid {
            file: self.file.clone(),
            line: row.line,
            column: column.to_owned(),
            value: self.text(row, column).to_owned(),
            problem,
        }
    }

    /// Checks that `column`'s non-empty values are unique, comparing them `fold`ed.
    pub fn unique(&self, column: &str) -> Result<(), InputError> {
        let mut seen: BTreeMap<String, u64> = BTreeMap::new();
        for row in &self.rows {
            let value = self.text(row, column);
            if value.is_empty() {
                continue;
            }
            if let Some(first_line) = seen.insert(fold(value), row.line) {
                return Err(InputError::Duplicate {
                    file: self.file.clone(),
                    line: row.line,
                    column: column.to_owned(),
                    value: value.to_owned(),
                    first_line,
                });
            }
        }
        Ok(())
    }
}

/// Text decoded from a byte-order mark if there is one, else UTF-8 if valid, else
/// Windows-1252 (which reads every Latin-1 text the same, plus `€`, `œ` and curly quotes).
fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_with_bom_removal(bytes);
        return (text.into_owned(), encoding.name());
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_owned(), "UTF-8"),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (text.into_owned(), "windows-1252")
        }
    }
}

/// The separator used by the header line: the most frequent of `;`, `,` and tab outside
/// quotes (`,` when none appears, a one-column file).
fn sniff_separator(header: &str) -> char {
    let mut counts = [(',', 0usize), (';', 0), ('\t', 0)];
    let mut quoted = false;
    for c in header.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted {
            for (separator, count) in &mut counts {
                if c == *separator {
                    *count += 1;
                }
            }
        }
    }
    counts
        .iter()
        .max_by_key(|(separator, count)| (*count, *separator == ','))
        .map_or(',', |(separator, _)| *separator)
}

fn normalise_column(name: &str) -> String {
    name.trim()
        .trim_matches('"')
        .trim()
        .to_lowercase()
        .replace([' ', '-'], "_")
}

fn malformed(file: &str, error: &csv::Error) -> InputError {
    InputError::Malformed {
        file: file.into(),
        line: error.position().map_or(0, csv::Position::line),
        detail: error.to_string(),
    }
}

/// Lower case without accents, trimmed: how names and codes are compared.
pub fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.trim()
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A date or date and time in the forms spreadsheets export: `2026-03-31`, `31/03/2026`,
/// `31.03.2026`, each optionally followed by `14:05` or `14:05:09` (after a space or `T`) and
/// an offset, which is dropped (the time stays as written). `None` for anything else,
/// including days that do not exist.
pub fn parse_datetime(value: &str) -> Option<DateTime> {
    let value = value.trim();
    let (day, time) = match value.split_once([' ', 'T']) {
        Some((day, time)) => (day, Some(time.trim())),
        None => (value, None),
    };
    let date = parse_date(day)?;
    let time = match time {
        None | Some("") => jiff::civil::Time::midnight(),
        Some(time) => parse_time(time)?,
    };
    Some(date.to_datetime(time))
}

fn parse_date(day: &str) -> Option<Date> {
    let numbers: Vec<&str> = day.split(['-', '/', '.']).collect();
    let [a, b, c] = numbers.as_slice() else {
        return None;
    };
    let number = |s: &str| -> Option<i16> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (year, month, day) = if a.len() == 4 {
        (number(a)?, number(b)?, number(c)?)
    } else if c.len() == 4 {
        (number(c)?, number(b)?, number(a)?)
    } else {
        return None;
    };
    let month = i8::try_from(month).ok()?;
    let day = i8::try_from(day).ok()?;
    Date::new(year, month, day)
        .ok()
        .filter(|d| d.year() >= 1900)
}

/// `14:05`, `14:05:09`, `14:05:09.123`; an offset after it (`Z`, `+02:00`) is dropped: the
/// wall-clock time is kept as the exporting software wrote it.
fn parse_time(time: &str) -> Option<jiff::civil::Time> {
    let time = time.trim_end_matches(['Z', 'z']);
    let time = match time.rfind(['+', '-']) {
        Some(at) if at >= 5 => &time[..at],
        _ => time,
    };
    let parts: Vec<&str> = time.split(':').collect();
    let field = |s: &str| s.parse::<i8>().ok();
    match parts.as_slice() {
        [h, m] => jiff::civil::Time::new(field(h)?, field(m)?, 0, 0).ok(),
        [h, m, s] => {
            let whole = s.split('.').next().unwrap_or(s);
            jiff::civil::Time::new(field(h)?, field(m)?, field(whole)?, 0).ok()
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: &[&str] = &["login", "name"];

    fn read(bytes: &[u8]) -> Result<Table, InputError> {
        Table::read("t.csv", bytes, COLUMNS, &["enabled"])
    }

    #[test]
    fn a_french_excel_export_reads_like_a_plain_one() {
        let plain = read(b"login,name\nmdupont,Marie Dupont\n").unwrap();
        let excel =
            read(b"\xEF\xBB\xBFLogin;Name;Service\r\nmdupont;Marie Dupont;Accueil\r\n").unwrap();
        for table in [&plain, &excel] {
            let row = &table.rows()[0];
            assert_eq!(table.text(row, "login"), "mdupont");
            assert_eq!(table.text(row, "name"), "Marie Dupont");
            assert_eq!(row.line, 2);
        }
        assert_eq!(excel.separator, ';');
        assert_eq!(excel.ignored_columns, ["service"]);
    }

    #[test]
    fn latin1_and_utf16_are_decoded() {
        let latin1 = read(b"login;name\nhlefevre;H\xe9l\xe8ne Lef\xe8vre\n").unwrap();
        assert_eq!(latin1.encoding, "windows-1252");
        assert_eq!(latin1.text(&latin1.rows()[0], "name"), "Hélène Lefèvre");
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in "login\tname\nzoe\tZoé Œuvrard\n".encode_utf16() {
            utf16.extend(unit.to_le_bytes());
        }
        let utf16 = read(&utf16).unwrap();
        assert_eq!(utf16.separator, '\t');
        assert_eq!(utf16.text(&utf16.rows()[0], "name"), "Zoé Œuvrard");
    }

    #[test]
    fn broken_files_name_the_line_and_column() {
        assert_eq!(
            read(b"login;profile\nx;y\n").unwrap_err(),
            InputError::MissingColumns {
                file: "t.csv".into(),
                columns: vec!["name".into()]
            }
        );
        assert!(matches!(read(b""), Err(InputError::Empty { .. })));
        assert!(matches!(
            read(b"login,name,login\n"),
            Err(InputError::DuplicateColumn { .. })
        ));
        assert_eq!(
            read(b"login,name\na,A\nb\n").unwrap_err(),
            InputError::FieldCount {
                file: "t.csv".into(),
                line: 3,
                expected: 2,
                found: 1
            }
        );
        let table = read(b"login,name\na,A\nA ,B\n").unwrap();
        assert_eq!(
            table.unique("login").unwrap_err(),
            InputError::Duplicate {
                file: "t.csv".into(),
                line: 3,
                column: "login".into(),
                value: "A".into(),
                first_line: 2
            }
        );
    }

    #[test]
    fn an_unclosed_quote_is_refused_instead_of_swallowing_rows() {
        let error =
            read(b"login,name,enabled\na,\"Dupont,oui\nb,Martin,oui\nc,Petit,oui\n").unwrap_err();
        assert_eq!(
            error,
            InputError::UnclosedQuote {
                file: "t.csv".into(),
                line: 2,
                column: "name".into()
            }
        );
    }

    #[test]
    fn dates_come_in_the_forms_spreadsheets_write() {
        let day = |s| parse_datetime(s).map(|d| d.date().to_string());
        assert_eq!(day("2026-03-31").as_deref(), Some("2026-03-31"));
        assert_eq!(day("31/03/2026").as_deref(), Some("2026-03-31"));
        assert_eq!(day("31.03.2026 14:05").as_deref(), Some("2026-03-31"));
        assert_eq!(day("2026-03-31T14:05:09").as_deref(), Some("2026-03-31"));
        assert_eq!(day("2026-03-31T14:05:09Z").as_deref(), Some("2026-03-31"));
        let wall = |s| parse_datetime(s).map(|d| d.to_string());
        assert_eq!(
            wall("2026-03-31T23:30:00+02:00").as_deref(),
            Some("2026-03-31T23:30:00")
        );
        assert_eq!(
            wall("2026-03-31 07:05-05:00").as_deref(),
            Some("2026-03-31T07:05:00")
        );
        for impossible in [
            "2026-02-30",
            "31/13/2026",
            "hier",
            "03/31",
            "2026-03-31 25:00",
            "",
        ] {
            assert_eq!(day(impossible), None, "{impossible}");
        }
    }

    #[test]
    fn names_compare_without_case_or_accents() {
        assert_eq!(fold(" Médecin Généraliste "), "medecin generaliste");
        assert_eq!(fold("SAGE-FEMME"), "sage-femme");
    }
}
