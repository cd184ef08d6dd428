//! `env.clientIp`: well-formed everywhere, and a public address for BLIK.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::{short, string_at, Check, Subject};
use crate::finding::Finding;
use crate::rules::{BLIK_CLIENT_IP_LOCAL, CLIENT_IP_MALFORMED};

/// How a `clientIp` text reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IpReading {
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
pub fn classify_ip(text: &str) -> IpReading {
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

const PLACES: [&str; 2] = ["/env/clientIp", "/order/env/clientIp"];
const METHOD_TYPE: &str = "/paymentMethod/paymentMethodType";

pub(super) const CHECKS: &[Check] = &[Check {
    rules: &[&CLIENT_IP_MALFORMED, &BLIK_CLIENT_IP_LOCAL],
    kinds: &[],
    reads: &[PLACES[0], PLACES[1], METHOD_TYPE],
    run: client_ip,
}];

/// `client-ip-malformed` for every message, `blik-client-ip-local` for BLIK payments.
fn client_ip(s: &Subject<'_>, out: &mut Vec<Finding>) {
    let blik = string_at(s.payload, METHOD_TYPE).is_some_and(|t| t.eq_ignore_ascii_case("BLIK"));
    for pointer in PLACES {
        let Some(text) = string_at(s.payload, pointer) else {
            continue;
        };
        let reading = classify_ip(text);
        match &reading {
            IpReading::Valid(_) => {}
            IpReading::LeadingZeros { decimal, octal } => {
                let octal_note = match octal {
                    Some(o) if o != decimal => format!(", as octal {o}"),
                    _ => String::new(),
                };
                let mut f = CLIENT_IP_MALFORMED.finding(
                    s.role,
                    pointer,
                    format!(
                        "clientIp {} has a leading zero in an octet: strict parsers reject it and others read it differently (as decimal {decimal}{octal_note})",
                        short(text)
                    ),
                );
                f.suggestion = Some(decimal.to_string());
                f.expected = Some(
                    "a dotted-quad IPv4 address without leading zeros, or an IPv6 address".into(),
                );
                out.push(f);
            }
            IpReading::Localhost | IpReading::Invalid => {
                out.push(
                    CLIENT_IP_MALFORMED
                        .finding(
                            s.role,
                            pointer,
                            format!("clientIp {} is not an IP address", short(text)),
                        )
                        .with_expected("an IPv4 or IPv6 address"),
                );
            }
        }
        if blik {
            if let Some(why) = blik_local(&reading) {
                out.push(
                    BLIK_CLIENT_IP_LOCAL
                        .finding(
                            s.role,
                            pointer,
                            format!("the payment method is BLIK and clientIp {} is {why}; BLIK needs the buyer's real public IP address", short(text)),
                        )
                        .with_related(METHOD_TYPE, "the payment method, BLIK"),
                );
            }
        }
    }
}

fn blik_local(reading: &IpReading) -> Option<String> {
    match reading {
        IpReading::Valid(ip) => local_kind(*ip).map(str::to_string),
        IpReading::Localhost => Some("the local host name".into()),
        IpReading::LeadingZeros { decimal, octal } => {
            if let Some(why) = local_kind(IpAddr::V4(*decimal)) {
                return Some(why.to_string());
            }
            let o = (*octal)?;
            local_kind(IpAddr::V4(o)).map(|why| format!("{why} when read as octal ({o})"))
        }
        IpReading::Invalid => None,
    }
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
