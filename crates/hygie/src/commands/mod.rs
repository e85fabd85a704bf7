//! One module per command.

pub mod comply;
pub mod console;
pub mod incident;
pub mod init;
pub mod journal;
pub mod mail;
pub mod sentinel;
pub mod serve;
pub mod server_journal;
pub mod status;
pub mod up;
pub mod vault;
