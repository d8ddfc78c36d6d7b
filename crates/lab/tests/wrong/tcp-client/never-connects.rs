//! Wrong: runs, but never gets to connect().
use std::time::Duration;

fn main() {
    println!("tcp-client: starting...");
    loop {
        std::thread::sleep(Duration::from_secs(1));
    }
}
