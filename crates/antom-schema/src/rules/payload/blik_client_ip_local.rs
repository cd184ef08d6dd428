//! `blik-client-ip-local`: a BLIK payment gives the buyer's public IP address in
//! `env.clientIp` (and `order.env.clientIp`).

use std::net::IpAddr;

use crate::finding::Finding;
use crate::rules::{Scope, Source, ERROR};
use crate::semantic::ip::{classify_ip, local_kind, IpReading, CLIENT_IP_PLACES};
use crate::semantic::{short, string_at, Check, Subject};

rules! {
    BLIK_CLIENT_IP_LOCAL {
        id: "blik-client-ip-local",
        summary: "a BLIK payment whose env.clientIp is a loopback, private or otherwise local address",
        severity: ERROR,
        scope: Scope::Payload,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/noncard_payment",
            section: "\"4. Collect or display extra information\" (Table 4, BLIK: clientIp is required with blikCode and \"The IP address cannot be set to the local IP\")",
        },
        doc: "BLIK payments need the buyer's real public IP address in env.clientIp (and order.env.clientIp when given). Loopback, private (RFC 1918), link-local, unspecified, carrier-grade NAT, documentation, benchmarking, reserved, broadcast and multicast addresses, their IPv6 counterparts (::1, fc00::/7, fe80::/10, IPv4-mapped) and the name localhost are reported. An address written with leading zeros is read both ways (decimal and octal, as inet_aton does): 0177.0.0.1 is 127.0.0.1 to some parsers and is reported.",
    }
}

const METHOD_TYPE: &str = "/paymentMethod/paymentMethodType";

pub(crate) const CHECKS: &[Check] = &[Check {
    kinds: &[],
    reads: &[CLIENT_IP_PLACES[0], CLIENT_IP_PLACES[1], METHOD_TYPE],
    run: blik_client_ip,
}];

fn blik_client_ip(s: &Subject<'_>, out: &mut Vec<Finding>) {
    let blik = string_at(s.payload, METHOD_TYPE).is_some_and(|t| t.eq_ignore_ascii_case("BLIK"));
    if !blik {
        return;
    }
    for pointer in CLIENT_IP_PLACES {
        let Some(text) = string_at(s.payload, pointer) else {
            continue;
        };
        if let Some(why) = blik_local(&classify_ip(text)) {
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

/// Why the address is not the buyer's public one, read every way it can be.
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
