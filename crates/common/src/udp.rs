//! A UDP client's wait for its server's answer, on a socket that anyone may send to.

use std::io;
use std::net::{SocketAddr, UdpSocket};
use std::time::{Duration, Instant};

// ANCHOR: reply
/// recvfrom() until a datagram comes from `server`, waiting at most `timeout` in all.
///
/// An unconnected UDP socket receives from anyone who knows its port, and recvfrom()
/// returns whatever came first. A datagram from another address is not the answer: it goes
/// to `foreign`, and the wait goes on to the same deadline, so that a stranger sending again
/// and again cannot stretch it. Returns the answer's length in `buf`; a wait that ends
/// without one is an error that [`crate::errors::is_timeout`] recognizes.
pub fn receive_from(
    socket: &UdpSocket,
    server: SocketAddr,
    buf: &mut [u8],
    timeout: Duration,
    mut foreign: impl FnMut(SocketAddr, &[u8]),
) -> io::Result<usize> {
    let deadline = Instant::now() + timeout;
    loop {
        // settimeout(): whatever is left of the wait.
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        socket.set_read_timeout(Some(left))?;
        let (n, from) = socket.recv_from(buf)?;
        if from == server {
            return Ok(n);
        }
        foreign(from, &buf[..n]);
    }
}
// ANCHOR_END: reply

#[cfg(test)]
mod tests {
    use super::*;

    use crate::errors::is_timeout;

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
        assert!(is_timeout(&error), "{error:?}");
        assert!(heard >= 2, "the strangers were heard: {heard}");
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
    }
}
