//! A UDP client's wait for its server's answer, on a socket that anyone may send to.

use std::io;
use std::net::{SocketAddr, UdpSocket};
use std::time::{Duration, Instant};

use crate::errors::is_timeout;

/// Why no answer came.
#[derive(Debug)]
pub enum NoAnswer {
    /// The wait ended. `same_port` is a datagram that came from the server's port but from
    /// another address: most likely the answer itself, sent from another of the server's
    /// addresses (a server bound to 0.0.0.0 answers from the one its system picks).
    TimedOut { same_port: Option<SocketAddr> },
    /// recvfrom() failed (on a connected socket, an ICMP error comes back this way).
    Failed(io::Error),
}

// ANCHOR: reply
/// recvfrom() until a datagram comes from `server`, waiting at most `timeout` in all.
///
/// An unconnected UDP socket receives from anyone who knows its port, and recvfrom()
/// returns whatever came first. A datagram from another address is not the answer: it goes
/// to `foreign`, and the wait goes on to the same deadline, so that a stranger sending again
/// and again cannot stretch it. Returns the answer's length in `buf`.
pub fn receive_from(
    socket: &UdpSocket,
    server: SocketAddr,
    buf: &mut [u8],
    timeout: Duration,
    mut foreign: impl FnMut(SocketAddr, &[u8]),
) -> Result<usize, NoAnswer> {
    let deadline = Instant::now() + timeout;
    let mut same_port = None;
    loop {
        // settimeout(): whatever is left of the wait.
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(NoAnswer::TimedOut { same_port });
        }
        socket
            .set_read_timeout(Some(left))
            .map_err(NoAnswer::Failed)?;
        let (n, from) = match socket.recv_from(buf) {
            Ok(got) => got,
            Err(e) if is_timeout(&e) => return Err(NoAnswer::TimedOut { same_port }),
            Err(e) => return Err(NoAnswer::Failed(e)),
        };
        if same_address(from, server) {
            return Ok(n);
        }
        foreign(from, &buf[..n]);
        if from.port() == server.port() {
            same_port = Some(from);
        }
    }
}

/// Whether two addresses are one: an IPv6 socket hears an IPv4 peer as `[::ffff:127.0.0.1]`.
fn same_address(a: SocketAddr, b: SocketAddr) -> bool {
    a.port() == b.port() && a.ip().to_canonical() == b.ip().to_canonical()
}
// ANCHOR_END: reply

/// The line for a datagram that is not the answer, as every UDP client of the book says it.
pub fn foreign_line(from: SocketAddr, n: usize) -> String {
    let size = crate::narrate::count(n, "byte", "bytes");
    format!("foreign datagram from {from} ({size}), ignored")
}

/// The error line for a wait that ended without an `answer` ("reply", "echo"): it names a
/// datagram from the server's port at another address, most likely the answer itself, and
/// otherwise gives `lost`, the lesson's own reason.
pub fn no_answer(
    answer: &str,
    server: SocketAddr,
    timeout: Duration,
    same_port: Option<SocketAddr>,
    lost: &str,
) -> String {
    let secs = timeout.as_secs_f64();
    match same_port {
        Some(other) => format!(
            "no {answer} from {server} within {secs} s, but a datagram came from {other}: a \
             server bound to every address answers from the one its system picks; send to \
             {other}"
        ),
        None => format!("no {answer} from {server} within {secs} s: {lost}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn socket() -> UdpSocket {
        UdpSocket::bind("127.0.0.1:0").expect("bind a test socket")
    }

    #[test]
    fn a_strangers_datagram_goes_to_foreign_and_the_servers_is_the_answer() {
        let (client, server, stranger) = (socket(), socket(), socket());
        let to = client.local_addr().expect("addr");
        stranger.send_to(b"spoof", to).expect("send");
        server.send_to(b"answer", to).expect("send");
        let mut strangers = Vec::new();
        let mut buf = [0u8; 64];
        let server_addr = server.local_addr().expect("addr");
        let n = receive_from(
            &client,
            server_addr,
            &mut buf,
            Duration::from_secs(5),
            |from, d| {
                strangers.push((from, d.to_vec()));
            },
        )
        .expect("the answer");
        assert_eq!(&buf[..n], b"answer");
        let stranger = stranger.local_addr().expect("addr");
        assert_eq!(strangers, [(stranger, b"spoof".to_vec())]);
    }

    #[test]
    fn strangers_sending_again_and_again_do_not_stretch_the_wait() {
        let (client, server, stranger) = (socket(), socket(), socket());
        let to = client.local_addr().expect("addr");
        let started = Instant::now();
        stranger.send_to(b"noise", to).expect("send");
        let mut buf = [0u8; 64];
        let mut heard = 0;
        let result = receive_from(
            &client,
            server.local_addr().expect("addr"),
            &mut buf,
            Duration::from_millis(300),
            |_, _| {
                // Each stranger's datagram brings on the next, 50 ms later, for 3 s at most.
                heard += 1;
                if started.elapsed() < Duration::from_secs(3) {
                    std::thread::sleep(Duration::from_millis(50));
                    let _ = stranger.send_to(b"noise", to);
                }
            },
        );
        let error = result.expect_err("no answer from the server");
        assert!(
            matches!(error, NoAnswer::TimedOut { same_port: None }),
            "{error:?}"
        );
        assert!(heard >= 2, "the strangers were heard: {heard}");
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn an_ipv6_socket_takes_the_answer_of_an_ipv4_server() {
        let client = UdpSocket::bind("[::]:0").expect("bind an IPv6 socket");
        let server = socket();
        let server_addr = server.local_addr().expect("addr");
        let port = client.local_addr().expect("addr").port();
        // To the IPv4 server by its IPv4-mapped IPv6 address, as an IPv6 socket sends.
        let mapped = SocketAddr::from((
            std::net::Ipv4Addr::LOCALHOST.to_ipv6_mapped(),
            server_addr.port(),
        ));
        client.send_to(b"hi", mapped).expect("send");
        let mut buf = [0u8; 64];
        let (_, from) = server.recv_from(&mut buf).expect("the message");
        assert_eq!(from.port(), port);
        server.send_to(b"answer", from).expect("send");
        let n = receive_from(
            &client,
            server_addr,
            &mut buf,
            Duration::from_secs(5),
            |from, _| panic!("the server's answer taken for a stranger's: {from}"),
        )
        .expect("the answer");
        assert_eq!(&buf[..n], b"answer");
    }

    // Linux routes all of 127.0.0.0/8 to loopback; other systems only 127.0.0.1.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_datagram_from_the_servers_port_at_another_address_is_named_at_the_end() {
        let client = socket();
        let answering = socket();
        let port = answering.local_addr().expect("addr").port();
        let asked = UdpSocket::bind(("127.0.0.2", port)).expect("bind 127.0.0.2, same port");
        let to = client.local_addr().expect("addr");
        answering.send_to(b"answer", to).expect("send");
        let mut buf = [0u8; 64];
        let asked_addr = asked.local_addr().expect("addr");
        let error = receive_from(
            &client,
            asked_addr,
            &mut buf,
            Duration::from_millis(300),
            |_, _| {},
        )
        .expect_err("no answer from 127.0.0.2");
        let answered_from = answering.local_addr().expect("addr");
        assert!(
            matches!(error, NoAnswer::TimedOut { same_port: Some(from) } if from == answered_from),
            "{error:?}"
        );
    }
}
