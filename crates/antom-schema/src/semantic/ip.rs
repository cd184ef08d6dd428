//! How a `clientIp` reads, and whether an address is a public one: for the rules on
//! `env.clientIp` (`client-ip-malformed`, `blik-client-ip-local`).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Where a payment request gives the buyer's IP address.
pub(crate) const CLIENT_IP_PLACES: [&str; 2] = ["/env/clientIp", "/order/env/clientIp"];

/// How a `clientIp` text reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum IpReading {
    /// A canonical IPv4 or IPv6 address.
    Valid(IpAddr),
    /// Four dotted decimal parts of which some have leading zeros (`114.121.121.01`):
    /// rejected by strict parsers, read as decimal by some and as octal by others
    /// (`inet_aton`), so it may name two different addresses.
    LeadingZeros {
        /// Every part read as decimal.
        decimal: Ipv4Addr,
        /// Parts with a leading zero read as octal, when they are valid octal.
        octal: Option<Ipv4Addr>,
    },
    /// `localhost` and its subdomains.
    Localhost,
    /// Anything else.
    Invalid,
}

/// Reads a `clientIp` value.
pub(crate) fn classify_ip(text: &str) -> IpReading {
    if let Ok(ip) = text.parse::<IpAddr>() {
        return IpReading::Valid(ip);
    }
    let lower = text.to_ascii_lowercase();
    if lower == "localhost" || lower.ends_with(".localhost") {
        return IpReading::Localhost;
    }
    let parts: Vec<&str> = text.split('.').collect();
    if parts.len() != 4
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return IpReading::Invalid;
    }
    let mut decimal = [0u8; 4];
    let mut octal = Some([0u8; 4]);
    for (i, part) in parts.iter().enumerate() {
        let Ok(d) = part.parse::<u8>() else {
            return IpReading::Invalid;
        };
        decimal[i] = d;
        let o = if part.len() > 1 && part.starts_with('0') {
            u8::from_str_radix(part, 8).ok()
        } else {
            Some(d)
        };
        octal = match (octal, o) {
            (Some(mut acc), Some(v)) => {
                acc[i] = v;
                Some(acc)
            }
            _ => None,
        };
    }
    IpReading::LeadingZeros {
        decimal: Ipv4Addr::from(decimal),
        octal: octal.map(Ipv4Addr::from),
    }
}

/// Why an address is not a public one (`None`: it is globally routable).
pub(crate) fn local_kind(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => local_v4(v4),
        IpAddr::V6(v6) => local_v6(v6),
    }
}

fn local_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    Some(match (a, b, c) {
        _ if ip.is_loopback() => "a loopback address",
        _ if ip.is_private() => "a private (RFC 1918) address",
        _ if ip.is_link_local() => "a link-local address",
        (0, _, _) => "an unspecified (\"this network\") address",
        (100, 64..=127, _) => "a shared carrier-grade NAT address (RFC 6598)",
        (198, 18..=19, _) => "a benchmarking address (RFC 2544)",
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => "a documentation address (RFC 5737)",
        (192, 0, 0) => "an IETF protocol assignment (RFC 6890)",
        _ if ip.is_broadcast() => "the broadcast address",
        _ if ip.is_multicast() => "a multicast address",
        (240..=255, _, _) => "a reserved address",
        _ => return None,
    })
}

fn local_v6(ip: Ipv6Addr) -> Option<&'static str> {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return local_v4(v4);
    }
    let first = ip.segments()[0];
    Some(if ip.is_loopback() {
        "a loopback address"
    } else if ip.is_unspecified() {
        "the unspecified address"
    } else if first & 0xfe00 == 0xfc00 {
        "a unique local address (RFC 4193)"
    } else if first & 0xffc0 == 0xfe80 {
        "a link-local address"
    } else if first == 0x2001 && ip.segments()[1] == 0x0db8 {
        "a documentation address (RFC 3849)"
    } else if ip.is_multicast() {
        "a multicast address"
    } else {
        return None;
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings() {
        assert!(matches!(classify_ip("1.178.216.0"), IpReading::Valid(_)));
        assert!(matches!(classify_ip("::1"), IpReading::Valid(_)));
        assert_eq!(
            classify_ip("114.121.121.01"),
            IpReading::LeadingZeros {
                decimal: Ipv4Addr::new(114, 121, 121, 1),
                octal: Some(Ipv4Addr::new(114, 121, 121, 1)),
            }
        );
        assert_eq!(
            classify_ip("0177.0.0.1"),
            IpReading::LeadingZeros {
                decimal: Ipv4Addr::new(177, 0, 0, 1),
                octal: Some(Ipv4Addr::new(127, 0, 0, 1)),
            }
        );
        assert_eq!(classify_ip("1.2.3.4:80"), IpReading::Invalid);
        assert_eq!(classify_ip("999.1.1.1"), IpReading::Invalid);
        assert_eq!(classify_ip("LOCALHOST"), IpReading::Localhost);
    }

    #[test]
    fn local_addresses() {
        for text in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.1.1",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:192.168.0.1",
        ] {
            let IpReading::Valid(ip) = classify_ip(text) else {
                panic!("{text}")
            };
            assert!(local_kind(ip).is_some(), "{text}");
        }
        for text in ["1.178.216.0", "8.8.8.8", "2a00:1450::1"] {
            let IpReading::Valid(ip) = classify_ip(text) else {
                panic!("{text}")
            };
            assert_eq!(local_kind(ip), None, "{text}");
        }
    }
}
