//! Lesson 6: downloading a file, and knowing that all of it arrived.
//!
//! - [`protocol`]: the request and answer lines both sides speak;
//! - [`server`]: serves the regular files under one folder, with `sendfile`;
//! - [`client`]: downloads into `NAME.part` and renames only a complete file.

pub mod client;
pub mod protocol;
pub mod server;
