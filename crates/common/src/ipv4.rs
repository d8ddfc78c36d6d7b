//! IPv4 facts as the tutorials teach them: the classes A to E, the special ranges, and for
//! a network written `A.B.C.D/N` its network address, broadcast address and hosts.
//!
//! Classes are history (since 1993 networks are cut at any prefix length, CIDR), but they
//! are still how addresses are first taught, and they explain the private ranges.

use std::fmt;
use std::net::Ipv4Addr;

/// The class of an address, read from its first bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// First bit 0: 0.0.0.0 to 127.255.255.255, networks of /8.
    A,
    /// First bits 10: 128.0.0.0 to 191.255.255.255, networks of /16.
    B,
    /// First bits 110: 192.0.0.0 to 223.255.255.255, networks of /24.
    C,
    /// First bits 1110: 224.0.0.0 to 239.255.255.255, multicast groups.
    D,
    /// First bits 1111: 240.0.0.0 to 255.255.255.255, reserved.
    E,
}

impl Class {
    pub fn of(ip: Ipv4Addr) -> Class {
        match ip.octets()[0] {
            0..=127 => Class::A,
            128..=191 => Class::B,
            192..=223 => Class::C,
            224..=239 => Class::D,
            240..=255 => Class::E,
        }
    }

    /// The first and last address of the class.
    pub fn range(self) -> (Ipv4Addr, Ipv4Addr) {
        let (first, last) = match self {
            Class::A => ([0, 0, 0, 0], [127, 255, 255, 255]),
            Class::B => ([128, 0, 0, 0], [191, 255, 255, 255]),
            Class::C => ([192, 0, 0, 0], [223, 255, 255, 255]),
            Class::D => ([224, 0, 0, 0], [239, 255, 255, 255]),
            Class::E => ([240, 0, 0, 0], [255, 255, 255, 255]),
        };
        (first.into(), last.into())
    }

    /// How many classful networks the class has, and how many hosts each holds (the
    /// network and broadcast addresses not counted); D and E have no networks.
    pub fn size(self) -> Option<(u32, u32)> {
        match self {
            Class::A => Some((1 << 7, (1 << 24) - 2)),
            Class::B => Some((1 << 14, (1 << 16) - 2)),
            Class::C => Some((1 << 21, (1 << 8) - 2)),
            Class::D | Class::E => None,
        }
    }

    /// The network prefix the class implied (`/8`, `/16`, `/24`); D and E have none.
    pub fn default_prefix(self) -> Option<u8> {
        match self {
            Class::A => Some(8),
            Class::B => Some(16),
            Class::C => Some(24),
            Class::D | Class::E => None,
        }
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Class::A => "A",
            Class::B => "B",
            Class::C => "C",
            Class::D => "D",
            Class::E => "E",
        };
        f.write_str(name)
    }
}

/// What an address is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 0.0.0.0/8; 0.0.0.0 itself, bound by a server, means "every interface".
    ThisNetwork,
    /// 127.0.0.0/8: this machine; packets never leave it.
    Loopback,
    /// 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16: private networks, not routed on the
    /// internet (RFC 1918). The field is the range.
    Private(&'static str),
    /// 169.254.0.0/16: an address a machine gives itself when no DHCP server answers.
    LinkLocal,
    /// 100.64.0.0/10: shared by a provider's customers behind carrier-grade NAT (RFC 6598).
    Shared,
    /// 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24: TEST-NET-1 to 3, for examples in
    /// books and manuals, never routed (RFC 5737). The field is the range.
    Documentation(&'static str),
    /// 198.18.0.0/15: for benchmarking network devices (RFC 2544), not routed.
    Benchmarking,
    /// 224.0.0.0/4 (class D): multicast groups.
    Multicast,
    /// 255.255.255.255: every host on this link, never routed further.
    LimitedBroadcast,
    /// 240.0.0.0/4 (class E) but for the limited broadcast: reserved.
    Reserved,
    /// Anything else: a public address, routed on the internet.
    Public,
}

impl Kind {
    pub fn of(ip: Ipv4Addr) -> Kind {
        let [a, b, c, _] = ip.octets();
        match (a, b) {
            _ if ip == Ipv4Addr::BROADCAST => Kind::LimitedBroadcast,
            (192, 0) if c == 2 => Kind::Documentation("TEST-NET-1, 192.0.2.0/24"),
            (198, 51) if c == 100 => Kind::Documentation("TEST-NET-2, 198.51.100.0/24"),
            (203, 0) if c == 113 => Kind::Documentation("TEST-NET-3, 203.0.113.0/24"),
            (100, 64..=127) => Kind::Shared,
            (198, 18..=19) => Kind::Benchmarking,
            (0, _) => Kind::ThisNetwork,
            (127, _) => Kind::Loopback,
            (10, _) => Kind::Private("10.0.0.0/8"),
            (172, 16..=31) => Kind::Private("172.16.0.0/12"),
            (192, 168) => Kind::Private("192.168.0.0/16"),
            (169, 254) => Kind::LinkLocal,
            (224..=239, _) => Kind::Multicast,
            (240..=255, _) => Kind::Reserved,
            _ => Kind::Public,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Kind::ThisNetwork => f.write_str(
                "this network (0.0.0.0/8; 0.0.0.0 bound by a server means every interface)",
            ),
            Kind::Loopback => f.write_str("loopback (127.0.0.0/8: this machine, never leaves it)"),
            Kind::Private(range) => write!(f, "private ({range}: not routed on the internet)"),
            Kind::LinkLocal => {
                f.write_str("link-local (169.254.0.0/16: self-assigned when no DHCP answers)")
            }
            Kind::Shared => {
                f.write_str("shared (100.64.0.0/10: carrier-grade NAT, not routed on the internet)")
            }
            Kind::Documentation(range) => {
                write!(
                    f,
                    "documentation ({range}: for examples only, never routed)"
                )
            }
            Kind::Benchmarking => {
                f.write_str("benchmarking (198.18.0.0/15: for testing devices, not routed)")
            }
            Kind::Multicast => f.write_str("multicast (224.0.0.0/4: a group address)"),
            Kind::LimitedBroadcast => {
                f.write_str("limited broadcast (every host on this link, never routed)")
            }
            Kind::Reserved => f.write_str("reserved (240.0.0.0/4)"),
            Kind::Public => f.write_str("public (routed on the internet)"),
        }
    }
}

/// A network written `A.B.C.D/N`: an address and how many leading bits name the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    /// The address as typed (it may be a host inside the network).
    pub address: Ipv4Addr,
    /// Prefix length, 0 to 32.
    pub prefix: u8,
}

/// Why a typed IPv4 address or network could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ipv4Error {
    BadAddress { address: String, input: String },
    BadPrefix { prefix: String, input: String },
}

impl fmt::Display for Ipv4Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ipv4Error::BadAddress { address, input } => write!(
                f,
                "invalid IPv4 address {address:?} in {input:?}: expected four numbers 0-255, like 192.168.1.7"
            ),
            Ipv4Error::BadPrefix { prefix, input } => {
                write!(f, "invalid prefix {prefix:?} in {input:?}: expected 0-32")
            }
        }
    }
}

impl std::error::Error for Ipv4Error {}

impl Network {
    /// Parse `A.B.C.D/N`, or a bare `A.B.C.D` (a /32: one host).
    pub fn parse(input: &str) -> Result<Network, Ipv4Error> {
        let text = input.trim();
        let (address, prefix) = text.split_once('/').unwrap_or((text, "32"));
        let address = parse_ipv4(address, input)?;
        let prefix = match prefix.parse::<u8>() {
            Ok(n) if n <= 32 => n,
            _ => {
                return Err(Ipv4Error::BadPrefix {
                    prefix: prefix.to_string(),
                    input: input.to_string(),
                });
            }
        };
        Ok(Network { address, prefix })
    }

    /// The prefix as a mask: /24 is 255.255.255.0.
    pub fn netmask(&self) -> Ipv4Addr {
        Ipv4Addr::from(self.mask_bits())
    }

    /// The first address: the host bits all 0.
    pub fn network(&self) -> Ipv4Addr {
        Ipv4Addr::from(u32::from(self.address) & self.mask_bits())
    }

    /// The last address: the host bits all 1. Sending here reaches every host of the network.
    pub fn broadcast(&self) -> Ipv4Addr {
        Ipv4Addr::from(u32::from(self.address) | !self.mask_bits())
    }

    /// First and last address a host may use: everything between the network and the
    /// broadcast address. A /31 (a point-to-point link, RFC 3021) has two hosts and no
    /// broadcast; a /32 is a single host.
    pub fn hosts(&self) -> (Ipv4Addr, Ipv4Addr) {
        let (network, broadcast) = (u32::from(self.network()), u32::from(self.broadcast()));
        if self.prefix >= 31 {
            (network.into(), broadcast.into())
        } else {
            ((network + 1).into(), (broadcast - 1).into())
        }
    }

    /// How many hosts the network holds.
    pub fn host_count(&self) -> u64 {
        let size = 1u64 << (32 - u32::from(self.prefix));
        if self.prefix >= 31 { size } else { size - 2 }
    }

    fn mask_bits(&self) -> u32 {
        // `checked_shl` because shifting a u32 by 32 is an overflow: /0 masks nothing.
        u32::MAX
            .checked_shl(32 - u32::from(self.prefix))
            .unwrap_or(0)
    }
}

impl fmt::Display for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.address, self.prefix)
    }
}

/// Where `broadcast send --to` sends: an address as typed (`127.255.255.255`, a subnet's
/// broadcast address), Python's `<broadcast>` (255.255.255.255), or a network in CIDR
/// form, whose broadcast address it becomes (`192.168.1.0/24` is 192.168.1.255).
pub fn broadcast_target(input: &str) -> Result<Ipv4Addr, Ipv4Error> {
    match input.trim() {
        "<broadcast>" => Ok(Ipv4Addr::BROADCAST),
        text if text.contains('/') => Ok(Network::parse(text)?.broadcast()),
        text => parse_ipv4(text, input),
    }
}

/// What the tutorials teach about `input` (`172.16.5.4` or `192.168.1.77/24`), as the
/// lines `ipinfo` prints: class and kind, and for a network its network address,
/// netmask, broadcast address and hosts.
pub fn report(input: &str) -> Result<String, Ipv4Error> {
    let network = Network::parse(input)?;
    let ip = network.address;
    let class = Class::of(ip);
    let (first, last) = class.range();
    let mut lines = vec![format!("address:   {ip}")];
    lines.push(match class.default_prefix() {
        Some(prefix) => {
            format!("class:     {class} ({first} - {last}, classful networks of /{prefix})")
        }
        None => format!("class:     {class} ({first} - {last})"),
    });
    if let Some((networks, hosts)) = class.size() {
        let reserved = match class {
            Class::A => " (0 and 127 are reserved, so 126 in use)",
            _ => "",
        };
        lines.push(format!(
            "size:      {networks} class {class} networks{reserved}, {hosts} hosts each"
        ));
    }
    lines.push(format!("kind:      {}", Kind::of(ip)));
    let shown = match (input.contains('/'), class.default_prefix()) {
        // A bare address: the network its class implied, as the tutorials count them.
        (false, Some(prefix)) => Some((
            "classful:  ",
            Network {
                address: ip,
                prefix,
            },
        )),
        (true, _) => Some(("network:   ", network)),
        (false, None) => None,
    };
    if let Some((label, network)) = shown {
        let (first_host, last_host) = network.hosts();
        lines.push(format!("{label}{}/{}", network.network(), network.prefix));
        lines.push(format!("netmask:   {}", network.netmask()));
        lines.push(format!("broadcast: {}", network.broadcast()));
        lines.push(format!(
            "hosts:     {first_host} - {last_host} ({})",
            crate::narrate::count(network.host_count(), "address", "addresses")
        ));
    }
    Ok(lines.join("\n"))
}

/// A dotted-quad IPv4 address, with an error that quotes the input.
pub fn parse_ipv4(address: &str, input: &str) -> Result<Ipv4Addr, Ipv4Error> {
    address.trim().parse().map_err(|_| Ipv4Error::BadAddress {
        address: address.to_string(),
        input: input.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> Ipv4Addr {
        text.parse().expect("test literal")
    }

    #[test]
    fn classes_follow_the_leading_bits() {
        let table = [
            ("0.0.0.0", Class::A),
            ("10.1.2.3", Class::A),
            ("127.0.0.1", Class::A),
            ("128.0.0.0", Class::B),
            ("172.16.5.4", Class::B),
            ("191.255.255.255", Class::B),
            ("192.0.0.0", Class::C),
            ("192.168.1.77", Class::C),
            ("223.255.255.255", Class::C),
            ("224.0.0.1", Class::D),
            ("239.255.0.1", Class::D),
            ("240.0.0.0", Class::E),
            ("255.255.255.255", Class::E),
        ];
        for (address, class) in table {
            let found = Class::of(ip(address));
            assert_eq!(found, class, "{address}");
            let (first, last) = found.range();
            assert!(
                first <= ip(address) && ip(address) <= last,
                "{address} in {class}'s range"
            );
        }
        assert_eq!(Class::B.default_prefix(), Some(16));
        assert_eq!(Class::D.default_prefix(), None);
    }

    #[test]
    fn kinds_name_the_special_ranges() {
        let table = [
            ("0.0.0.0", Kind::ThisNetwork),
            ("127.0.0.1", Kind::Loopback),
            ("127.255.255.255", Kind::Loopback),
            ("10.0.0.1", Kind::Private("10.0.0.0/8")),
            ("172.15.0.1", Kind::Public),
            ("172.16.5.4", Kind::Private("172.16.0.0/12")),
            ("172.31.255.255", Kind::Private("172.16.0.0/12")),
            ("172.32.0.1", Kind::Public),
            ("192.0.2.2", Kind::Documentation("TEST-NET-1, 192.0.2.0/24")),
            (
                "198.51.100.9",
                Kind::Documentation("TEST-NET-2, 198.51.100.0/24"),
            ),
            (
                "203.0.113.200",
                Kind::Documentation("TEST-NET-3, 203.0.113.0/24"),
            ),
            ("192.0.3.1", Kind::Public),
            ("100.64.0.1", Kind::Shared),
            ("100.128.0.1", Kind::Public),
            ("198.18.0.1", Kind::Benchmarking),
            ("192.168.1.77", Kind::Private("192.168.0.0/16")),
            ("192.169.0.1", Kind::Public),
            ("169.254.10.20", Kind::LinkLocal),
            ("224.0.0.251", Kind::Multicast),
            ("239.255.0.1", Kind::Multicast),
            ("250.1.1.1", Kind::Reserved),
            ("255.255.255.255", Kind::LimitedBroadcast),
            ("8.8.8.8", Kind::Public),
        ];
        for (address, kind) in table {
            assert_eq!(Kind::of(ip(address)), kind, "{address}");
        }
    }

    #[rustfmt::skip]
    #[test]
    fn networks_give_network_broadcast_and_hosts() {
        // input, netmask, network, broadcast, first host, last host, host count
        let table = [
            ("192.168.1.77/24", "255.255.255.0", "192.168.1.0", "192.168.1.255", "192.168.1.1", "192.168.1.254", 254),
            ("172.16.5.4/12", "255.240.0.0", "172.16.0.0", "172.31.255.255", "172.16.0.1", "172.31.255.254", 1_048_574),
            ("10.1.2.3/8", "255.0.0.0", "10.0.0.0", "10.255.255.255", "10.0.0.1", "10.255.255.254", 16_777_214),
            ("127.0.0.1/8", "255.0.0.0", "127.0.0.0", "127.255.255.255", "127.0.0.1", "127.255.255.254", 16_777_214),
            ("192.168.1.77/26", "255.255.255.192", "192.168.1.64", "192.168.1.127", "192.168.1.65", "192.168.1.126", 62),
            ("192.168.1.77/30", "255.255.255.252", "192.168.1.76", "192.168.1.79", "192.168.1.77", "192.168.1.78", 2),
            ("10.0.0.1/31", "255.255.255.254", "10.0.0.0", "10.0.0.1", "10.0.0.0", "10.0.0.1", 2),
            ("10.0.0.1/32", "255.255.255.255", "10.0.0.1", "10.0.0.1", "10.0.0.1", "10.0.0.1", 1),
            ("10.0.0.1", "255.255.255.255", "10.0.0.1", "10.0.0.1", "10.0.0.1", "10.0.0.1", 1),
            ("1.2.3.4/0", "0.0.0.0", "0.0.0.0", "255.255.255.255", "0.0.0.1", "255.255.255.254", 4_294_967_294),
        ];
        for (input, mask, network, broadcast, first, last, count) in table {
            let net = Network::parse(input).expect(input);
            assert_eq!(net.netmask(), ip(mask), "{input} netmask");
            assert_eq!(net.network(), ip(network), "{input} network");
            assert_eq!(net.broadcast(), ip(broadcast), "{input} broadcast");
            assert_eq!(net.hosts(), (ip(first), ip(last)), "{input} hosts");
            assert_eq!(net.host_count(), count, "{input} host count");
        }
    }

    #[test]
    fn broadcast_targets_accept_addresses_python_names_and_networks() {
        let table = [
            ("127.255.255.255", "127.255.255.255"),
            ("<broadcast>", "255.255.255.255"),
            ("255.255.255.255", "255.255.255.255"),
            ("192.168.1.255", "192.168.1.255"),
            ("192.168.1.0/24", "192.168.1.255"),
            ("127.0.0.0/8", "127.255.255.255"),
            ("10.1.2.3/16", "10.1.255.255"),
        ];
        for (input, target) in table {
            assert_eq!(broadcast_target(input), Ok(ip(target)), "{input}");
        }
        for bad in ["", "localhost", "1.2.3.4/40", "1.2.3"] {
            assert!(broadcast_target(bad).is_err(), "{bad:?} must be refused");
        }
    }

    #[test]
    fn report_prints_what_the_book_shows() {
        // The book's samples (docs/src/transcripts/ipinfo-*.txt) are this output.
        let book = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/src/transcripts/");
        for (file, input) in [
            ("ipinfo-address.txt", "172.16.5.4"),
            ("ipinfo-network.txt", "192.168.1.77/24"),
            ("ipinfo-documentation.txt", "192.0.2.2"),
        ] {
            let path = format!("{book}{file}");
            let expected = std::fs::read_to_string(&path).expect("the transcript exists");
            let printed = report(input).expect("valid") + "\n";
            assert_eq!(printed, expected, "{path} differs from ipinfo {input}");
        }
        assert_eq!(
            report("239.255.0.1").expect("valid").lines().nth(1),
            Some("class:     D (224.0.0.0 - 239.255.255.255)")
        );
        assert!(report("1.2.3").is_err());
    }

    #[test]
    fn bad_networks_are_quoted_and_explained() {
        let table = [
            (
                "10.0.0.0/33",
                r#"invalid prefix "33" in "10.0.0.0/33": expected 0-32"#,
            ),
            (
                "10.0.0.0/",
                r#"invalid prefix "" in "10.0.0.0/": expected 0-32"#,
            ),
            (
                "10.0.0.0/x",
                r#"invalid prefix "x" in "10.0.0.0/x": expected 0-32"#,
            ),
            (
                "300.1.1.1/8",
                r#"invalid IPv4 address "300.1.1.1" in "300.1.1.1/8": expected four numbers 0-255"#,
            ),
            ("1.2.3/24", r#"invalid IPv4 address "1.2.3" in "1.2.3/24""#),
            ("", r#"invalid IPv4 address "" in """#),
        ];
        for (input, expected) in table {
            let message = Network::parse(input).expect_err(input).to_string();
            assert!(message.starts_with(expected), "{input}: got {message:?}");
        }
    }
}
