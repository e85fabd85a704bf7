//! Any bytes as an accounts export, a staff register, a patients file and an access log: a
//! result or an error naming the line and column, never a panic. Run with
//! `cargo fuzz run comply_tables` from this folder (`RUSTC_BOOTSTRAP=1` on a stable toolchain).
#![no_main]

use hygie_comply::access_review::{ACCOUNT_COLUMNS, ACCOUNT_OPTIONAL, Exported, STAFF_COLUMNS};
use hygie_comply::table::Table;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = jiff::civil::Date::constant(2026, 11, 28);
    let texts = hygie_comply::Texts::new(hygie_comply::Lang::Fr);
    let accounts = Table::read("a.csv", data, ACCOUNT_COLUMNS, ACCOUNT_OPTIONAL)
        .and_then(|t| Ok((hygie_comply::access_review::accounts(&t, today)?, Exported::of(&t))));
    let staff = Table::read("s.csv", data, STAFF_COLUMNS, &[])
        .and_then(|t| hygie_comply::access_review::staff(&t));
    if let (Ok((accounts, exported)), Ok(staff)) = (accounts, staff) {
        let policy = hygie_comply::roles::Policy::default();
        let _ = hygie_comply::access_review::review(&accounts, &staff, exported, &policy, today, &texts);
    }
    if let Ok(patients) = Table::read(
        "p.csv",
        data,
        hygie_comply::retention::REQUIRED_COLUMNS,
        hygie_comply::retention::OPTIONAL_COLUMNS,
    ) {
        let _ = hygie_comply::retention::due(&patients, hygie_comply::retention::Establishment::Hospital, today);
    }
    use hygie_comply::access_audit as audit;
    if let (Ok(log), Ok(appointments)) = (
        Table::read("l.csv", data, audit::LOG_COLUMNS, audit::LOG_OPTIONAL),
        Table::read("r.csv", data, audit::APPOINTMENT_COLUMNS, audit::APPOINTMENT_OPTIONAL),
    ) {
        let _ = audit::audit(&log, &appointments, &audit::AuditPolicy::default());
    }
});
