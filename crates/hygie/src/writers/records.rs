//! fanotify's events as the kernel writes them when it reports a folder's handle and the
//! file's name (`FAN_REPORT_DFID_NAME`), read from plain bytes.
//!
//! Each event is a `fanotify_event_metadata` (its length, the format's version, the length of
//! this header, the mask, no descriptor, the pid) followed by information records; the one
//! read here holds the filesystem id, the folder's file handle and the file's name, ended by a
//! NUL. Every length is checked against the buffer: a short or inconsistent event ends the
//! reading of the buffer, it never reads out of bounds.

/// The fixed part of an event: `event_len` (4), `vers` (1), `reserved` (1), `metadata_len`
/// (2), `mask` (8), `fd` (4), `pid` (4).
const METADATA_LEN: usize = 24;

/// An information record's header: type (1), padding (1), length (2).
const RECORD_HEADER_LEN: usize = 4;

/// The filesystem id (8) then `handle_bytes` and `handle_type` (4 each).
const FOLDER_FIXED_LEN: usize = 16;

/// One event.
#[derive(Debug, PartialEq, Eq)]
pub struct Event<'a> {
    /// What happened (`FAN_*` bits).
    pub mask: u64,
    /// Who did it (the process, not the thread).
    pub pid: i32,
    /// The folder's identity, as `file_handle::folder_identity` gives it, and the file's name
    /// in it; absent from an overflow notice.
    pub place: Option<(&'a [u8], &'a [u8])>,
}

/// The events in `buffer`, as one `read` of the group returned them. Stops at the first event
/// that does not fit or is not of the version this code reads.
pub fn events(buffer: &[u8]) -> Events<'_> {
    Events { rest: buffer }
}

/// Iterator over the events of a buffer.
pub struct Events<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Events<'a> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        let header = self.rest.get(..METADATA_LEN)?;
        let event_len = usize::try_from(u32::from_ne_bytes(array(&header[0..4]))).ok()?;
        let version = header[4];
        let metadata_len = usize::from(u16::from_ne_bytes(array(&header[6..8])));
        if version != libc::FANOTIFY_METADATA_VERSION
            || metadata_len < METADATA_LEN
            || event_len < metadata_len
        {
            self.rest = &[];
            return None;
        }
        let Some(event) = self.rest.get(..event_len) else {
            self.rest = &[];
            return None;
        };
        self.rest = &self.rest[event_len..];
        Some(Event {
            mask: u64::from_ne_bytes(array(&header[8..16])),
            pid: i32::from_ne_bytes(array(&header[20..24])),
            place: place(&event[metadata_len..]),
        })
    }
}

/// The folder and name of the first `DFID_NAME` record in `records`.
fn place(mut records: &[u8]) -> Option<(&[u8], &[u8])> {
    while records.len() >= RECORD_HEADER_LEN {
        let kind = records[0];
        let length = usize::from(u16::from_ne_bytes(array(&records[2..4])));
        if length < RECORD_HEADER_LEN {
            return None;
        }
        let record = records.get(..length)?;
        records = &records[length..];
        if kind != libc::FAN_EVENT_INFO_TYPE_DFID_NAME {
            continue;
        }
        let body = &record[RECORD_HEADER_LEN..];
        let fixed = body.get(..FOLDER_FIXED_LEN)?;
        let handle_len = usize::try_from(u32::from_ne_bytes(array(&fixed[8..12]))).ok()?;
        let folder_len = FOLDER_FIXED_LEN.checked_add(handle_len)?;
        let folder = body.get(..folder_len)?;
        let tail = &body[folder_len..];
        let name_len = tail.iter().position(|byte| *byte == 0)?;
        return Some((folder, &tail[..name_len]));
    }
    None
}

/// The first `N` bytes of `bytes`, which the caller sliced to exactly that length.
fn array<const N: usize>(bytes: &[u8]) -> [u8; N] {
    let mut out = [0; N];
    out.copy_from_slice(&bytes[..N]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An event as the kernel lays it out, with one `DFID_NAME` record when `place` is given.
    fn event(mask: u64, pid: i32, place: Option<(&[u8], &[u8])>) -> Vec<u8> {
        let mut record = Vec::new();
        if let Some((handle, name)) = place {
            let mut body = vec![7u8; 8]; // the filesystem id
            body.extend_from_slice(&u32::try_from(handle.len()).unwrap_or(0).to_ne_bytes());
            body.extend_from_slice(&1i32.to_ne_bytes());
            body.extend_from_slice(handle);
            body.extend_from_slice(name);
            body.push(0);
            while !(body.len() + RECORD_HEADER_LEN).is_multiple_of(4) {
                body.push(0);
            }
            record.push(libc::FAN_EVENT_INFO_TYPE_DFID_NAME);
            record.push(0);
            let length = u16::try_from(body.len() + RECORD_HEADER_LEN).unwrap_or(0);
            record.extend_from_slice(&length.to_ne_bytes());
            record.extend_from_slice(&body);
        }
        let total = u32::try_from(METADATA_LEN + record.len()).unwrap_or(0);
        let mut bytes = Vec::new();
        bytes.extend_from_slice(&total.to_ne_bytes());
        bytes.push(libc::FANOTIFY_METADATA_VERSION);
        bytes.push(0);
        bytes.extend_from_slice(&(METADATA_LEN as u16).to_ne_bytes());
        bytes.extend_from_slice(&mask.to_ne_bytes());
        bytes.extend_from_slice(&libc::FAN_NOFD.to_ne_bytes());
        bytes.extend_from_slice(&pid.to_ne_bytes());
        bytes.extend_from_slice(&record);
        bytes
    }

    fn folder_of(handle: &[u8]) -> Vec<u8> {
        let mut folder = vec![7u8; 8];
        folder.extend_from_slice(&u32::try_from(handle.len()).unwrap_or(0).to_ne_bytes());
        folder.extend_from_slice(&1i32.to_ne_bytes());
        folder.extend_from_slice(handle);
        folder
    }

    #[test]
    fn events_give_their_folder_name_and_writer() {
        let mut buffer = event(
            libc::FAN_MODIFY,
            42,
            Some((&[1, 2, 3, 4, 5, 6, 7, 8], b"a.pdf")),
        );
        buffer.extend(event(libc::FAN_Q_OVERFLOW, -1, None));
        buffer.extend(event(libc::FAN_CLOSE_WRITE, 43, Some((&[9; 8], b"b"))));
        let read: Vec<Event> = events(&buffer).collect();
        let first_folder = folder_of(&[1, 2, 3, 4, 5, 6, 7, 8]);
        let last_folder = folder_of(&[9; 8]);
        assert_eq!(
            read,
            [
                Event {
                    mask: libc::FAN_MODIFY,
                    pid: 42,
                    place: Some((&first_folder[..], &b"a.pdf"[..])),
                },
                Event {
                    mask: libc::FAN_Q_OVERFLOW,
                    pid: -1,
                    place: None,
                },
                Event {
                    mask: libc::FAN_CLOSE_WRITE,
                    pid: 43,
                    place: Some((&last_folder[..], &b"b"[..])),
                },
            ]
        );
    }

    #[test]
    fn a_truncated_or_inconsistent_buffer_stops_the_reading_without_a_panic() {
        let whole = event(libc::FAN_MODIFY, 42, Some((&[1; 8], b"name")));
        for cut in 0..whole.len() {
            let mut buffer = event(libc::FAN_MODIFY, 1, Some((&[2; 8], b"first")));
            let first_len = buffer.len();
            buffer.extend_from_slice(&whole[..cut]);
            let read: Vec<Event> = events(&buffer).collect();
            assert_eq!(read.len(), 1, "cut at {cut}");
            assert_eq!(read[0].pid, 1);
            assert_eq!(events(&buffer[..first_len]).count(), 1);
        }
        // Lengths that lie: an event shorter than its header, a record longer than its event,
        // a handle longer than its record, a name with no end.
        let mut short = whole.clone();
        short[0..4].copy_from_slice(&8u32.to_ne_bytes());
        assert_eq!(events(&short).count(), 0);
        let mut long_record = whole.clone();
        long_record[METADATA_LEN + 2..METADATA_LEN + 4].copy_from_slice(&500u16.to_ne_bytes());
        assert_eq!(events(&long_record).next().map(|e| e.place), Some(None));
        let mut long_handle = whole.clone();
        let at = METADATA_LEN + RECORD_HEADER_LEN + 8;
        long_handle[at..at + 4].copy_from_slice(&400u32.to_ne_bytes());
        assert_eq!(events(&long_handle).next().map(|e| e.place), Some(None));
        let mut endless = whole.clone();
        let name_at = METADATA_LEN + RECORD_HEADER_LEN + FOLDER_FIXED_LEN + 8;
        for byte in &mut endless[name_at..] {
            *byte = b'x';
        }
        assert_eq!(events(&endless).next().map(|e| e.place), Some(None));
        let mut other_version = whole;
        other_version[4] = 2;
        assert_eq!(events(&other_version).count(), 0);
    }
}
