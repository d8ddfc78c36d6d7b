//! The default port of every lesson, in one table.
//!
//! TCP and UDP ports are separate numbers spaces: tcp-basic and udp-basic may both use
//! 8888, and http-hello (TCP) and udp-echo (UDP) may both use 8080, at the same time.
//! Within one protocol every lesson has its own port, so lessons can run side by side.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// Lesson 1, TCP, as in the tutorials' `bind(('0.0.0.0', 8888))`.
pub const TCP_BASIC: u16 = 8888;
/// UDP, as in the tutorials' `bind(('127.0.0.1', 8888))`.
pub const UDP_BASIC: u16 = 8888;
/// UDP echo server, the tutorial's port 8080.
pub const UDP_ECHO: u16 = 8080;
/// UDP broadcast listener, the tutorial's port 9999.
pub const BROADCAST: u16 = 9999;
/// TCP chat room, the tutorials' port 7788; threaded-chat's one-to-one `talk` too.
pub const THREADED_CHAT: u16 = 7788;
/// UDP chat, the tutorial's chat tool on 7890 (seed 003): udp-basic's `menu`, which is
/// that program, and threaded-chat's `udp`, its two-thread form, both use it.
pub const UDP_CHAT: u16 = 7890;
/// TCP file server.
pub const FILE_DOWNLOAD: u16 = 7890;
/// TCP web server.
pub const HTTP_HELLO: u16 = 8080;

/// The whole table: lesson, protocol, port.
pub const DEFAULT_PORTS: [(&str, &str, u16); 8] = [
    ("tcp-basic", "tcp", TCP_BASIC),
    ("udp-basic", "udp", UDP_BASIC),
    ("udp-echo", "udp", UDP_ECHO),
    ("broadcast", "udp", BROADCAST),
    ("threaded-chat", "tcp", THREADED_CHAT),
    ("threaded-chat udp", "udp", UDP_CHAT),
    ("file-download", "tcp", FILE_DOWNLOAD),
    ("http-hello", "tcp", HTTP_HELLO),
];

/// Servers bind loopback unless told otherwise: only this machine can reach them.
pub const DEFAULT_HOST: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

/// One sentence on who can reach a server bound to `addr`, for its narration.
pub fn reach_note(addr: SocketAddr) -> &'static str {
    let ip = addr.ip();
    if ip.is_unspecified() {
        "every interface: other machines on your network can reach it (check your firewall)"
    } else if ip.is_multicast() {
        "a multicast group: only datagrams sent to the group arrive"
    } else if ip.is_loopback() {
        "loopback only: just this machine can reach it (bind 0.0.0.0 to open it to your network)"
    } else {
        "this interface only: machines on its network can reach it"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_lessons_share_a_port_on_the_same_protocol() {
        for (i, (lesson, protocol, port)) in DEFAULT_PORTS.iter().enumerate() {
            for (other, other_protocol, other_port) in &DEFAULT_PORTS[i + 1..] {
                assert!(
                    !(protocol == other_protocol && port == other_port),
                    "{lesson} and {other} both use {protocol} port {port}"
                );
            }
        }
    }

    #[test]
    fn reach_note_tells_loopback_from_any() {
        let any: SocketAddr = "0.0.0.0:1".parse().expect("literal");
        let lo: SocketAddr = "127.0.0.1:1".parse().expect("literal");
        let lan: SocketAddr = "192.168.1.5:1".parse().expect("literal");
        assert!(reach_note(any).contains("other machines"));
        assert!(reach_note(lo).contains("just this machine"));
        assert!(reach_note(lan).contains("this interface"));
    }
}
