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
//!     Amount, Env, MessageBody, NotificationAck, NotifyPaymentNotification, NotifyType, Order,
//!     PayRequest, PaymentMethod, PaymentMethodType, ProductCodeType, ResultStatusType,
//!     TerminalType,
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
//! if notification.result.result_status == ResultStatusType::S {
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
//! // A pay request: `new` takes every required member, the optional ones are public fields.
//! let mut request = PayRequest::new(
//!     ProductCodeType::CashierPayment,
//!     "pay-20240115-0002",
//!     Amount::from_minor_units("USD", 1099),
//!     PaymentMethod::new(PaymentMethodType::AlipayHk),
//!     "https://merchant.example/orders/0002",
//!     Order::new("order-0002", "Two coffees", Amount::from_minor_units("USD", 1099)),
//!     Env::new(TerminalType::Web),
//! );
//! request.payment_notify_url = Some("https://merchant.example/antom/notify".into());
//! let json = serde_json::to_value(&request)?;
//! assert_eq!(json["paymentAmount"], serde_json::json!({"currency": "USD", "value": "1099"}));
//! assert_eq!(json["paymentMethod"]["paymentMethodType"], "ALIPAY_HK");
//! # Ok(())
//! # }
//! ```
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
mod json_string;
mod message;
mod nullable;
mod open_enum;
mod payment_method;
mod scalar;
mod timestamp;

pub use amount::AmountError;
pub use generated::*;
pub use json_string::JsonString;
pub use message::{Direction, MessageBody, ParseError, Role};
pub use payment_method::PaymentMethodMetadata;
pub use scalar::{Scalar, ScalarValue};
pub use timestamp::Timestamp;
