//! Right, if wasteful: a new socket, on a new port, for each message; each reply
//! comes back to the port its message left from.

use std::io::ErrorKind;
use std::net::UdpSocket;
use std::time::Duration;

/// How long to wait for each reply: settimeout(0.5) in Python.
const REPLY_TIMEOUT: Duration = Duration::from_millis(500);

fn main() {
    // The server's address, then the messages: sys.argv[1] and sys.argv[2:] in Python.
    let mut args = std::env::args().skip(1);
    let Some(server) = args.next() else {
        eprintln!("usage: udp-client ADDRESS MESSAGE...   (for example 127.0.0.1:9000 hello)");
        std::process::exit(2);
    };

    // socket(AF_INET, SOCK_DGRAM), bound to any free port of this machine.
    let mut buffer = [0u8; 1024];
    for message in args {
        // A socket of its own for each message, on a new port each time.
        let socket =
            UdpSocket::bind("127.0.0.1:0").unwrap_or_else(|error| fail("cannot bind", error));
        if let Err(error) = socket.connect(&server) {
            fail(&format!("cannot use the address {server}"), error);
        }
        if let Err(error) = socket.set_read_timeout(Some(REPLY_TIMEOUT)) {
            fail("cannot set the timeout", error);
        }
        // sendto(data, ADDR): one datagram, sent whole.
        if let Err(error) = socket.send(message.as_bytes()) {
            fail(&format!("cannot send to {server}"), error);
        }
        // recvfrom(1024): the reply, or an error once REPLY_TIMEOUT has passed: WouldBlock
        // on Linux and macOS, TimedOut on Windows.
        match socket.recv(&mut buffer) {
            Ok(n) => println!("{}", String::from_utf8_lossy(&buffer[..n])),
            Err(error) if matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                eprintln!(
                    "udp-client: no reply from {server} within {REPLY_TIMEOUT:?}: the datagram \
                     or its reply was lost, and UDP does not send it again"
                );
                std::process::exit(1);
            }
            // Connection refused: the system of the server's machine answered "no program
            // receives on that port" (ICMP), which a connected socket reports.
            Err(error) => fail(&format!("cannot receive from {server}"), error),
        }
    }
}

/// One line on stderr, and exit code 1.
fn fail(what: &str, error: std::io::Error) -> ! {
    eprintln!("udp-client: {what} ({error})");
    std::process::exit(1);
}
