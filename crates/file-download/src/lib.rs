//! Lesson 6: downloading a file, and knowing that all of it arrived.
//!
//! - [`protocol`]: the request and answer lines both sides speak;
//! - [`server`]: serves the regular files under one folder, at most `--max-clients` at once;
//! - [`confine`]: opens a name from the network beneath the folder, and nowhere else;
//! - [`resume`]: checks that a resuming client's bytes are still the file's first ones;
//! - [`body`]: sends a file's bytes with `sendfile()`;
//! - [`intake`]: takes them off the client's socket into the file with `splice()`;
//! - [`client`]: downloads into `OUT.part` and renames only a complete file.

pub mod body;
pub mod client;
pub mod confine;
pub mod intake;
pub mod protocol;
pub mod resume;
pub mod server;
