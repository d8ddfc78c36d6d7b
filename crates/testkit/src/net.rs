//! A test's own sockets: the client or peer a test plays against a lesson's program.

use std::io::Read;
use std::net::{SocketAddr, TcpStream, UdpSocket};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use crate::process::WAIT;

/// The address after `listening on ` in a line.
pub fn listening_addr(line: &str) -> Option<SocketAddr> {
    let (_, rest) = line.split_once("listening on ")?;
    rest.split_whitespace().next()?.parse().ok()
}

/// A TCP connection with read and write timeouts of [`WAIT`].
pub fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect_timeout(&addr, WAIT).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    stream.set_write_timeout(Some(WAIT)).unwrap();
    stream
}

/// Close a connection with a reset (RST) instead of a goodbye (FIN), as a crashed or
/// unplugged peer would appear: SO_LINGER with a zero timeout, then close.
pub fn reset(stream: TcpStream) {
    socket2::SockRef::from(&stream)
        .set_linger(Some(Duration::ZERO))
        .unwrap();
    drop(stream);
}

/// A UDP socket on a free loopback port, with a receive timeout of [`WAIT`].
pub fn udp_socket() -> UdpSocket {
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    socket.set_read_timeout(Some(WAIT)).unwrap();
    socket
}

/// The next datagram on a test socket that plays a server: its bytes, and who sent it.
pub fn next_datagram(socket: &UdpSocket) -> (Vec<u8>, SocketAddr) {
    let mut buf = [0u8; 65_536];
    let (n, from) = socket.recv_from(&mut buf).expect("a datagram");
    (buf[..n].to_vec(), from)
}

/// A stranger: a socket of its own that sends `noise` to `to` every 100 ms, until dropped
/// (or for [`WAIT`] at most).
pub struct Noise {
    done: Arc<AtomicBool>,
    thread: Option<thread::JoinHandle<()>>,
}

impl Noise {
    pub fn start(to: SocketAddr) -> Noise {
        let done = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&done);
        let thread = thread::spawn(move || {
            let stranger = udp_socket();
            let started = Instant::now();
            while !stop.load(Ordering::SeqCst) && started.elapsed() < WAIT {
                if stranger.send_to(b"noise", to).is_err() {
                    return;
                }
                thread::sleep(Duration::from_millis(100));
            }
        });
        Noise {
            done,
            thread: Some(thread),
        }
    }
}

impl Drop for Noise {
    fn drop(&mut self) {
        self.done.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Read until the peer closes; everything that arrived. A peer that goes silent instead
/// of closing fails the test after [`WAIT`]: a hang must never pass for a close. A reset
/// (RST) counts as a close, since the peer did end the connection.
pub fn read_to_close(stream: &mut TcpStream) -> Vec<u8> {
    let mut got = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return got,
            Ok(n) => got.extend_from_slice(&buffer[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return got,
            Err(e) => panic!(
                "the peer did not close the connection ({e}); it had sent {:?}",
                String::from_utf8_lossy(&got)
            ),
        }
    }
}

/// Read until the peer closes, and require that it closed cleanly (a FIN): a reset (RST)
/// where the end of the answer was due fails the test, as does a peer that goes silent
/// for [`WAIT`].
pub fn read_to_clean_end(stream: &mut TcpStream) -> Vec<u8> {
    stream.set_read_timeout(Some(WAIT)).unwrap();
    let mut got = Vec::new();
    if let Err(e) = stream.read_to_end(&mut got) {
        panic!(
            "no clean end after {:?}: {e} (a reset, RST, where a FIN was due?)",
            String::from_utf8_lossy(&got)
        );
    }
    got
}
