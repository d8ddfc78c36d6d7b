//! Lesson 7: a real HTTP/1.1 server, with its own small parser, on a thread pool or on
//! async tasks.
//!
//! - [`server`]: binds the socket and hands it to the chosen model;
//! - [`pool`]: accepts connections and hands them to a fixed pool of workers;
//! - [`tasks`]: or spawns one async task per connection;
//! - [`exchange`]: the protocol's one step, with no I/O, that both models call;
//! - [`connection`]: one connection's requests, kept alive, with limits and timeouts;
//! - [`request`]: parsing a request head;
//! - [`routes`]: the pages;
//! - [`response`]: writing a response.

pub mod connection;
pub mod exchange;
pub mod pool;
pub mod request;
pub mod response;
pub mod routes;
pub mod server;
pub mod tasks;
