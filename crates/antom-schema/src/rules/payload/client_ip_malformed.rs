//! `client-ip-malformed`: `env.clientIp` (and `order.env.clientIp`) of any message is an IPv4
//! or IPv6 address, without the leading zeros that parsers read differently.

use crate::finding::Finding;
use crate::rules::{Scope, Source, WARNING};
use crate::semantic::ip::{classify_ip, IpReading, CLIENT_IP_PLACES};
use crate::semantic::{short, string_at, Check, Subject};

rules! {
    CLIENT_IP_MALFORMED {
        id: "client-ip-malformed",
        summary: "env.clientIp is not a well-formed IP address (for example an octet with a leading zero)",
        severity: WARNING,
        scope: Scope::Payload,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/noncard_payment",
            section: "\"4. Collect or display extra information\" (Table 4: clientIp is an IP address); https://global.alipay.com/docs/ac/cashierpay/apm_api \"Create a payment request\" samples send 114.121.121.01 (conformance/samples/DEFECTS.md #4); RFC 6943 section 3.1.1 (leading zeros are read as octal by some parsers)",
        },
        doc: "env.clientIp (and order.env.clientIp) must be an IPv4 dotted quad or an IPv6 address. The schema leaves it a plain string because the documented samples send 114.121.121.01; the linter reports such values instead. A leading zero is ambiguous: strict parsers (Rust, Python ipaddress, Java InetAddress for some forms) reject it, inet_aton reads 010 as octal 8, so risk checks may discard the address or see another one. A warning rather than an error: Antom accepts the value in its own samples. The suggestion gives the decimal reading.",
    }
}

pub(crate) const CHECKS: &[Check] = &[Check {
    kinds: &[],
    reads: &CLIENT_IP_PLACES,
    run: client_ip_malformed,
}];

fn client_ip_malformed(s: &Subject<'_>, out: &mut Vec<Finding>) {
    for pointer in CLIENT_IP_PLACES {
        let Some(text) = string_at(s.payload, pointer) else {
            continue;
        };
        match classify_ip(text) {
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
    }
}
