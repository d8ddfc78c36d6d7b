//! Wrong on purpose: a TCP pinger. It connects, and writes its probes on the connection:
//! an echo server of datagrams never sees them.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let server = &args[0];
    let count: u32 = args[1].parse().unwrap();
    let mut stream = TcpStream::connect(server).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_millis(300)))
        .unwrap();
    let mut received = 0;
    let mut buffer = [0u8; 1024];
    for seq in 1..=count {
        let sent_at = Instant::now();
        stream.write_all(format!("ping {seq}").as_bytes()).unwrap();
        match stream.read(&mut buffer) {
            Ok(n) if n > 0 => {
                received += 1;
                let ms = sent_at.elapsed().as_secs_f64() * 1000.0;
                println!("seq={seq} time={ms:.3} ms");
            }
            _ => println!("seq={seq} timeout"),
        }
    }
    let loss = 100.0 * f64::from(count - received) / f64::from(count);
    println!("{count} sent, {received} received, {loss:.1}% loss (late 0, duplicates 0)");
}
