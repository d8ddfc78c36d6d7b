//! The checker's side of a UDP exchange: its own sockets on 127.0.0.1, and a receive
//! that waits a bounded time and ends early when the student's program exits.

use std::io::ErrorKind;
use std::net::{SocketAddr, TcpListener, UdpSocket};
use std::process::ExitStatus;
use std::time::{Duration, Instant};

use crate::checks::Ctx;

/// Room for any datagram: what the program sends is never cut on the checker's side.
const ROOM: usize = 65_536;

/// How often a wait looks whether the program still runs.
const POLL: Duration = Duration::from_millis(50);

/// A UDP socket of the checker's own on a free port of 127.0.0.1.
pub fn socket() -> std::io::Result<(UdpSocket, SocketAddr)> {
    let socket = UdpSocket::bind("127.0.0.1:0")?;
    let addr = socket.local_addr()?;
    Ok((socket, addr))
}

/// The checker playing a UDP server: its socket, and a TCP listener on the same port
/// number (nonblocking), where a client written with TcpStream by mistake shows itself.
pub struct Server {
    pub socket: UdpSocket,
    pub addr: SocketAddr,
    pub tcp: Option<TcpListener>,
}

impl Server {
    pub fn new() -> std::io::Result<Server> {
        let (socket, addr) = socket()?;
        // The same port number for TCP is another port, most often free too.
        let tcp = TcpListener::bind(addr).ok();
        if let Some(listener) = &tcp {
            listener.set_nonblocking(true)?;
        }
        Ok(Server { socket, addr, tcp })
    }

    /// The next datagram to the server within `wait`, as [`receive`] waits. A refusal
    /// says nothing about the program here: only Windows reports an ICMP "port
    /// unreachable" on a socket that is not connected (for a datagram the checker sent
    /// to a port closed since), and the wait goes on.
    pub fn receive(&self, ctx: &mut Ctx, wait: Duration) -> Got {
        let deadline = Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match receive(ctx, &self.socket, left) {
                Got::Refused if !left.is_zero() => continue,
                Got::Refused => return Got::Nothing,
                got => return got,
            }
        }
    }

    /// Whether a TCP connection came to the listener: the program spoke TCP.
    pub fn tcp_connected(&self) -> bool {
        self.tcp
            .as_ref()
            .is_some_and(|listener| listener.accept().is_ok())
    }
}

/// What came on a socket within a wait.
#[derive(Debug)]
pub enum Got {
    Datagram(Vec<u8>, SocketAddr),
    /// Nothing, and the program still runs.
    Nothing,
    /// On a connected socket: the peer's machine answered an earlier datagram with ICMP
    /// "port unreachable", no program receives there (Linux reports ECONNREFUSED,
    /// Windows WSAECONNRESET).
    Refused,
    /// Nothing, and the program has exited.
    Exited(ExitStatus),
}

/// The next datagram on `socket` within `wait`; the wait ends early when the program
/// exits (a datagram it sent before it exited still comes first).
pub fn receive(ctx: &mut Ctx, socket: &UdpSocket, wait: Duration) -> Got {
    let deadline = Instant::now() + wait;
    let mut buffer = vec![0u8; ROOM];
    loop {
        // Asked before the receive: whatever the program sent before it exited is in the
        // socket's queue by then.
        let exited = ctx.program().exited();
        let left = deadline.saturating_duration_since(Instant::now());
        let slice = left.min(POLL).max(Duration::from_millis(1));
        if socket.set_read_timeout(Some(slice)).is_err() {
            return Got::Nothing;
        }
        match socket.recv_from(&mut buffer) {
            Ok((n, from)) => return Got::Datagram(buffer[..n].to_vec(), from),
            Err(error)
                if matches!(
                    error.kind(),
                    ErrorKind::ConnectionRefused | ErrorKind::ConnectionReset
                ) =>
            {
                return Got::Refused;
            }
            Err(_) => {}
        }
        if let Some(status) = exited {
            return Got::Exited(status);
        }
        if left.is_zero() {
            return Got::Nothing;
        }
    }
}

/// A datagram already waiting on `socket`, if any, without waiting for one: a receive
/// with a timeout waits at least a tick of the system's clock (up to 10 ms on Linux) when
/// nothing is there, which a wait that must end on time cannot afford.
pub fn waiting(socket: &UdpSocket) -> Option<(Vec<u8>, SocketAddr)> {
    let mut buffer = vec![0u8; ROOM];
    socket.set_nonblocking(true).ok()?;
    let got = socket.recv_from(&mut buffer);
    socket.set_nonblocking(false).ok()?;
    let (n, from) = got.ok()?;
    Some((buffer[..n].to_vec(), from))
}
