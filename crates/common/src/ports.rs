//! The default port of every role that binds one, in one table.
//!
//! TCP and UDP ports are separate number spaces: tcp-basic and udp-basic may both use
//! 8888, and http-hello (TCP) and udp-echo (UDP) may both use 8080, at the same time.
//! Within one protocol the lessons' ports differ, so lessons can run side by side, with
//! one exception: the tutorials' two UDP chats share 7890. udp-basic's `menu` is the chat
//! tool of tutorial 003 (《socket网络通信》) on that tutorial's port 7890; threaded-chat's
//! `udp` is the two-thread chat of tutorial 004 (《Python中UDP协议的理解》), moved from its
//! 8080 (udp-echo's) to 7890. Two chat ends on one machine need two ports anyway: the
//! second one is given its own (`--bind`).

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
/// UDP chat, tutorial 003's chat tool on its port 7890: udp-basic's `menu`, which is that
/// program, and threaded-chat's `udp`, tutorial 004's two-thread chat, both use it.
pub const UDP_CHAT: u16 = 7890;
/// TCP file server.
pub const FILE_DOWNLOAD: u16 = 7890;
/// TCP web server.
pub const HTTP_HELLO: u16 = 8080;

/// The whole table: the lesson's roles that bind this port, protocol, port.
pub const DEFAULT_PORTS: [(&str, &str, u16); 9] = [
    ("tcp-basic server", "tcp", TCP_BASIC),
    ("udp-basic server", "udp", UDP_BASIC),
    ("udp-basic menu", "udp", UDP_CHAT),
    ("udp-echo server", "udp", UDP_ECHO),
    ("broadcast listen", "udp", BROADCAST),
    ("threaded-chat server, talk --listen", "tcp", THREADED_CHAT),
    ("threaded-chat udp", "udp", UDP_CHAT),
    ("file-download server", "tcp", FILE_DOWNLOAD),
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
    fn no_two_lessons_share_a_port_on_the_same_protocol_but_the_udp_chat() {
        let mut shared = Vec::new();
        for (i, (lesson, protocol, port)) in DEFAULT_PORTS.iter().enumerate() {
            for (other, other_protocol, other_port) in &DEFAULT_PORTS[i + 1..] {
                if protocol == other_protocol && port == other_port {
                    shared.push((*lesson, *other, *port));
                }
            }
        }
        assert_eq!(
            shared,
            [("udp-basic menu", "threaded-chat udp", UDP_CHAT)],
            "only the UDP chat's two forms share a port"
        );
    }

    /// The book's table (docs/src/common.md, "Default ports") is this one.
    #[test]
    fn the_books_table_is_this_one() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/src/common.md");
        let page = std::fs::read_to_string(path).expect("the book's common.md");
        let section = page
            .split("## Default ports")
            .nth(1)
            .and_then(|rest| rest.split("\n## ").next())
            .expect("a Default ports section");
        let rows: Vec<(String, String, u16)> = section
            .lines()
            .filter_map(|line| {
                let cells: Vec<&str> = line.split('|').map(str::trim).collect();
                let [_, role, protocol, port, _] = cells[..] else {
                    return None;
                };
                let role = role.strip_prefix('`')?.strip_suffix('`')?;
                Some((role.into(), protocol.to_lowercase(), port.parse().ok()?))
            })
            .collect();
        let table: Vec<(String, String, u16)> = DEFAULT_PORTS
            .iter()
            .map(|(role, protocol, port)| (role.to_string(), protocol.to_string(), *port))
            .collect();
        assert_eq!(rows, table);
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
