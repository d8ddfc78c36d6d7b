//! Wrong: runs, but never gets to bind() and listen().
use std::time::Duration;

fn main() {
    println!("tcp-server: starting...");
    loop {
        std::thread::sleep(Duration::from_secs(1));
    }
}
