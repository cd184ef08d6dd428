//! The messages of the Antom Checkout Payment server API as Rust types.
//!
//! Every type is generated from the JSON Schemas in `schema/` by `antom-codegen` (typify 0.8)
//! into `generated.rs`; the modules beside it add what a schema cannot say. Each message kind of
//! `schema/catalog.json` has one type named after it (`pay.request` is [`PayRequest`],
//! `notifyPayment.notification` is [`NotifyPaymentNotification`], ...), each shared model one
//! type of its own name (`Result` is [`ApiResult`] so as not to shadow `std`'s).
//!
//! # Example
//!
//! Parse a payment notification, check its status, answer it, and build a pay request:
//!
//! ```
//! use antom_types::{
//!     Amount, CardPaymentMethodMetaData, Env, MessageBody, NotificationAck,
//!     NotifyPaymentNotification, NotifyType, Order, PayRequest, PaymentMethod,
//!     PaymentMethodType, ProductCodeType, TerminalType,
//! };
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // The body Antom POSTs to the merchant's notify URL.
//! let body = br#"{
//!     "notifyType": "PAYMENT_RESULT",
//!     "result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"},
//!     "paymentRequestId": "pay-20240115-0001",
//!     "paymentId": "2024011519401080010018882020035000",
//!     "paymentAmount": {"currency": "USD", "value": "1099"},
//!     "paymentCreateTime": "2024-01-15T01:20:46-08:00",
//!     "paymentTime": "2024-01-15T01:34:45-08:00",
//!     "riskLevel": "LOW"
//! }"#;
//! let notification = NotifyPaymentNotification::from_slice(body)?;
//!
//! assert_eq!(notification.notify_type, NotifyType::PaymentResult);
//! if notification.result.is_success() {
//!     // Integer minor units (cents here), never a float.
//!     assert_eq!(notification.payment_amount.minor_units()?, 1099);
//!     // The offset the API sent is kept.
//!     let paid_at = notification.payment_time.as_ref().expect("sent on success");
//!     assert_eq!(paid_at.offset().local_minus_utc(), -8 * 3600);
//! }
//! // A member this crate does not know yet is kept, not lost.
//! assert_eq!(notification.extra["riskLevel"], "LOW");
//!
//! // The answer that stops Antom from resending the notification.
//! let ack = serde_json::to_string(&NotificationAck::success())?;
//! assert!(ack.contains(r#""resultStatus":"S""#));
//!
//! // A pay request. Its required members include several strings, so it is built by name:
//! // a member left out does not compile. Optional members are chained onto the result.
//! let request = PayRequest::builder()
//!     .product_code(ProductCodeType::CashierPayment)
//!     .payment_request_id("pay-20240115-0002")
//!     .payment_amount(Amount::from_minor_units("USD", 1099))
//!     .payment_method(PaymentMethod::new(PaymentMethodType::AlipayHk))
//!     .payment_redirect_url("https://merchant.example/orders/0002")
//!     .order(
//!         Order::builder()
//!             .reference_order_id("order-0002")
//!             .order_description("Two coffees")
//!             .order_amount(Amount::from_minor_units("USD", 1099))
//!             .build(),
//!     )
//!     // `Env` has one required member: a positional `new` cannot be misused.
//!     .env(Env::new(TerminalType::Web))
//!     .build()
//!     .payment_notify_url("https://merchant.example/antom/notify");
//! let json = serde_json::to_value(&request)?;
//! assert_eq!(json["paymentAmount"], serde_json::json!({"currency": "USD", "value": "1099"}));
//! assert_eq!(json["paymentMethod"]["paymentMethodType"], "ALIPAY_HK");
//!
//! // Card details collected by the merchant: `PaymentMethod::card` sets the payment method
//! // type and its metadata together, and `Debug` never prints the card data.
//! let card = PaymentMethod::card(
//!     CardPaymentMethodMetaData::builder()
//!         .card_no("4111111111111111")
//!         .expiry_month("06")
//!         .expiry_year("28")
//!         .build()
//!         .cvv("123"),
//! );
//! assert_eq!(card.payment_method_type, PaymentMethodType::Card);
//! let shown = format!("{card:?}");
//! assert!(shown.contains("411111******1111") && !shown.contains("123"));
//! # Ok(())
//! # }
//! ```
//!
//! # Building messages
//!
//! - A model whose required members all have different types has `new(required...)`
//!   ([`Env::new`], [`PaymentMethod::new`]): no two arguments can be swapped.
//! - Any other model with required members has a builder instead ([`PayRequest::builder`],
//!   [`CardPaymentMethodMetaData::builder`], [`Amount::builder`]): one setter per required
//!   member, by name, in any order, then `build()`. The builder tracks in its type which members
//!   are set ([`Missing`] until then), so `build()` does not compile while one is missing.
//! - Every optional member has a chainable setter of its own name on the model
//!   (`.payment_notify_url("...")`, `.cvv("737")`); strings and scalars take anything that
//!   converts (`&str`, `bool`, `i64`).
//! - [`PaymentMethod::card`], [`PaymentMethod::blik`], [`PaymentMethod::ideal`],
//!   [`PaymentMethod::p24`], [`PaymentMethod::mercado_pago_br`], ... set `paymentMethodType` and
//!   its metadata together; [`PaymentMethod::set_metadata`] refuses metadata of another method.
//!
//! # What the types guarantee
//!
//! - **Requests are strict, responses are open.** Models the merchant writes reject undeclared
//!   members (`#[serde(deny_unknown_fields)]`), so [`Message::parse`] of a request or of the
//!   acknowledgement refuses a misspelt member. Models Antom writes keep undeclared members in
//!   a flattened `extra` map and write them back.
//! - **Open enumerations.** Where the schema uses the open form (`paymentStatus`, `notifyType`,
//!   `paymentMethodType`, `transactionType`, ...), the enum is `#[non_exhaustive]` and a value
//!   it does not list becomes `Unknown(String)`, written back unchanged. Fixed sets
//!   ([`ResultStatusType`]) are closed.
//! - **Fidelity.** Parsing a documented sample and serializing it again gives the same JSON
//!   value: date-times keep their offset and text ([`Timestamp`]), an explicit `null` stays
//!   `null` (`transactions` is `Option<Option<Vec<Transaction>>>`: `None` absent, `Some(None)`
//!   null), empty arrays stay, `paymentActionForm` keeps its exact string ([`JsonString`],
//!   with [`JsonString::decode`] to a [`PaymentActionForm`]).
//! - **Errors carry the JSON path.** [`ParseError::pointer`] says where a message went wrong.
//! - **Card data is never printed.** `Debug` of every model holding a card number shows its
//!   first six and last four digits at most; CVVs, expiry dates, cardholder and account-holder
//!   names, account numbers, BLIK and verification codes, CPFs, 3-D Secure cryptograms and
//!   stored-card or session tokens show as `[redacted]`. The same goes for those members inside
//!   free JSON maps (`paymentMethodMetaData`, the `extra` members Antom adds), for any Luhn-valid
//!   card number in their strings, and for the values [`ParseError`] and [`MetadataError`] would
//!   quote. Serialization is not affected: what is sent is sent in full.
//! - **One API for every enumeration.** Closed ([`ResultStatusType`]) and open
//!   ([`PaymentMethodType`]) enumerations both have `KNOWN`, `as_str()`, `is_unknown()`,
//!   `Display` and `FromStr` ([`WireEnum`]); [`ApiResult::is_success`], `is_failure` and
//!   `is_pending` read `resultStatus`.
//!
//! Amounts are strings of minor units on the wire; [`Amount::minor_units`] and
//! [`Amount::from_minor_units`] convert with `u64`. [`PaymentMethod::metadata`] types
//! `paymentMethodMetaData` by payment method ([`PaymentMethodMetadata`]).
//!
//! The validator (`antom-schema`) checks what types cannot: lengths, patterns and conditional
//! rules. This crate depends only on serde, serde_json, chrono and serde_path_to_error.
#![warn(missing_docs)]

#[rustfmt::skip]
mod generated;

mod amount;
mod builder;
mod json_string;
mod message;
mod nullable;
mod open_enum;
mod payment_method;
mod redact;
mod result;
mod scalar;
mod timestamp;

pub use amount::AmountError;
pub use builder::Missing;
pub use generated::*;
pub use json_string::JsonString;
pub use message::{Direction, MessageBody, ParseError, Role};
pub use open_enum::WireEnum;
pub use payment_method::{MetadataError, PaymentMethodMetadata};
pub use scalar::{Scalar, ScalarValue};
pub use timestamp::Timestamp;
