//! Typed access to `paymentMethodMetaData`, whose shape depends on `paymentMethodType`.

use std::fmt;

use serde_json::{Map, Value};

use crate::redact::{mask_message, Json};
use crate::{
    BlikPaymentMethodMetaData, CardPaymentMethodMetaData, IdealPaymentMethodMetaData,
    MercadoPagoBrPaymentMethodMetaData, MercadoPagoPaymentMethodMetaData, P24PaymentMethodMetaData,
    PaymentMethod, PaymentMethodType,
};

/// The metadata of a [`PaymentMethod`], typed by its `paymentMethodType` (the conditional rules of
/// `schema/defs/PaymentMethod.schema.json`).
///
/// `Debug` hides card data and other secrets, also inside [`Other`](Self::Other).
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub enum PaymentMethodMetadata {
    /// `BLIK`.
    Blik(BlikPaymentMethodMetaData),
    /// `P24`.
    P24(P24PaymentMethodMetaData),
    /// `IDEAL`.
    Ideal(IdealPaymentMethodMetaData),
    /// `MERCADOPAGO_BR`.
    MercadoPagoBr(MercadoPagoBrPaymentMethodMetaData),
    /// `MERCADOPAGO_MX`, `MERCADOPAGO_CL` and `MERCADOPAGO_PE`.
    MercadoPago(MercadoPagoPaymentMethodMetaData),
    /// `CARD` (boxed: card details are much larger than the other variants).
    Card(Box<CardPaymentMethodMetaData>),
    /// Any payment method without a typed shape: the object as it is.
    Other(Map<String, Value>),
}

impl fmt::Debug for PaymentMethodMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut tuple = f.debug_tuple(self.variant());
        match self {
            PaymentMethodMetadata::Blik(m) => tuple.field(m),
            PaymentMethodMetadata::P24(m) => tuple.field(m),
            PaymentMethodMetadata::Ideal(m) => tuple.field(m),
            PaymentMethodMetadata::MercadoPagoBr(m) => tuple.field(m),
            PaymentMethodMetadata::MercadoPago(m) => tuple.field(m),
            PaymentMethodMetadata::Card(m) => tuple.field(m),
            PaymentMethodMetadata::Other(m) => tuple.field(&Json(m)),
        };
        tuple.finish()
    }
}

/// The typed shape `paymentMethodType` requires, if it has one (the variant name).
fn typed_shape(payment_method_type: &PaymentMethodType) -> Option<&'static str> {
    use PaymentMethodType as T;
    Some(match payment_method_type {
        T::Blik => "Blik",
        T::P24 => "P24",
        T::Ideal => "Ideal",
        T::MercadopagoBr => "MercadoPagoBr",
        T::MercadopagoMx | T::MercadopagoCl | T::MercadopagoPe => "MercadoPago",
        T::Card => "Card",
        _ => return None,
    })
}

impl PaymentMethodMetadata {
    /// The metadata as the JSON object sent in `paymentMethodMetaData`.
    pub fn into_map(self) -> Map<String, Value> {
        let value = match self {
            PaymentMethodMetadata::Blik(m) => serde_json::to_value(m),
            PaymentMethodMetadata::P24(m) => serde_json::to_value(m),
            PaymentMethodMetadata::Ideal(m) => serde_json::to_value(m),
            PaymentMethodMetadata::MercadoPagoBr(m) => serde_json::to_value(m),
            PaymentMethodMetadata::MercadoPago(m) => serde_json::to_value(m),
            PaymentMethodMetadata::Card(m) => serde_json::to_value(m),
            PaymentMethodMetadata::Other(m) => return m,
        };
        match value {
            Ok(Value::Object(map)) => map,
            // Derived serializations of structs with string keys cannot fail or be non-objects.
            _ => unreachable!("metadata models serialize to JSON objects"),
        }
    }

    /// True when this is the shape `payment_method_type` takes: the typed variant of a
    /// method that has one, [`Other`](Self::Other) for any other method.
    pub fn fits(&self, payment_method_type: &PaymentMethodType) -> bool {
        match typed_shape(payment_method_type) {
            Some(shape) => shape == self.variant(),
            None => matches!(self, PaymentMethodMetadata::Other(_)),
        }
    }

    fn variant(&self) -> &'static str {
        match self {
            PaymentMethodMetadata::Blik(_) => "Blik",
            PaymentMethodMetadata::P24(_) => "P24",
            PaymentMethodMetadata::Ideal(_) => "Ideal",
            PaymentMethodMetadata::MercadoPagoBr(_) => "MercadoPagoBr",
            PaymentMethodMetadata::MercadoPago(_) => "MercadoPago",
            PaymentMethodMetadata::Card(_) => "Card",
            PaymentMethodMetadata::Other(_) => "Other",
        }
    }
}

impl From<BlikPaymentMethodMetaData> for PaymentMethodMetadata {
    fn from(metadata: BlikPaymentMethodMetaData) -> Self {
        PaymentMethodMetadata::Blik(metadata)
    }
}

impl From<P24PaymentMethodMetaData> for PaymentMethodMetadata {
    fn from(metadata: P24PaymentMethodMetaData) -> Self {
        PaymentMethodMetadata::P24(metadata)
    }
}

impl From<IdealPaymentMethodMetaData> for PaymentMethodMetadata {
    fn from(metadata: IdealPaymentMethodMetaData) -> Self {
        PaymentMethodMetadata::Ideal(metadata)
    }
}

impl From<MercadoPagoBrPaymentMethodMetaData> for PaymentMethodMetadata {
    fn from(metadata: MercadoPagoBrPaymentMethodMetaData) -> Self {
        PaymentMethodMetadata::MercadoPagoBr(metadata)
    }
}

impl From<MercadoPagoPaymentMethodMetaData> for PaymentMethodMetadata {
    fn from(metadata: MercadoPagoPaymentMethodMetaData) -> Self {
        PaymentMethodMetadata::MercadoPago(metadata)
    }
}

impl From<CardPaymentMethodMetaData> for PaymentMethodMetadata {
    fn from(metadata: CardPaymentMethodMetaData) -> Self {
        PaymentMethodMetadata::Card(Box::new(metadata))
    }
}

/// `paymentMethodMetaData` that does not agree with `paymentMethodType`: metadata of another
/// payment method, or an object that is not the shape its method requires.
///
/// Its `Display` and `Debug` never show the values of the metadata (card data may be among
/// them), and it has no `source`: serde's message would quote them.
#[derive(Clone, PartialEq, Eq)]
pub struct MetadataError {
    payment_method_type: PaymentMethodType,
    kind: MetadataErrorKind,
}

#[derive(Clone, PartialEq, Eq)]
enum MetadataErrorKind {
    /// Metadata of this variant was given for a method that takes another shape.
    Mismatch(&'static str),
    /// The object does not decode as the shape; the message has its literals hidden.
    Shape(String),
}

impl MetadataError {
    /// The payment method the metadata was meant for.
    pub fn payment_method_type(&self) -> &PaymentMethodType {
        &self.payment_method_type
    }

    /// True when the metadata belongs to another payment method (from
    /// [`PaymentMethod::set_metadata`]); false when the object does not have the required shape
    /// (from [`PaymentMethod::metadata`]).
    pub fn is_mismatch(&self) -> bool {
        matches!(self.kind, MetadataErrorKind::Mismatch(_))
    }
}

impl fmt::Display for MetadataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let method = self.payment_method_type.as_str();
        match &self.kind {
            MetadataErrorKind::Mismatch(variant) => write!(
                f,
                "{variant} metadata does not fit paymentMethodType {method}"
            ),
            MetadataErrorKind::Shape(message) => write!(
                f,
                "paymentMethodMetaData does not have the shape paymentMethodType {method} requires: {message}"
            ),
        }
    }
}

impl fmt::Debug for MetadataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MetadataError({self})")
    }
}

impl std::error::Error for MetadataError {}

impl PaymentMethod {
    /// A method of `paymentMethodType` with `metadata`; private so that the two always agree.
    fn with_typed_metadata(
        payment_method_type: PaymentMethodType,
        metadata: PaymentMethodMetadata,
    ) -> PaymentMethod {
        debug_assert!(metadata.fits(&payment_method_type));
        let mut method = PaymentMethod::new(payment_method_type);
        method.payment_method_meta_data = Some(metadata.into_map());
        method
    }

    /// A `CARD` payment with the card details the merchant collected.
    pub fn card(metadata: CardPaymentMethodMetaData) -> PaymentMethod {
        PaymentMethod::with_typed_metadata(PaymentMethodType::Card, metadata.into())
    }

    /// A `BLIK` payment with the buyer's BLIK code.
    pub fn blik(metadata: BlikPaymentMethodMetaData) -> PaymentMethod {
        PaymentMethod::with_typed_metadata(PaymentMethodType::Blik, metadata.into())
    }

    /// An `IDEAL` payment with the buyer's bank.
    pub fn ideal(metadata: IdealPaymentMethodMetaData) -> PaymentMethod {
        PaymentMethod::with_typed_metadata(PaymentMethodType::Ideal, metadata.into())
    }

    /// A `P24` (Przelewy24) payment with the buyer's email.
    pub fn p24(metadata: P24PaymentMethodMetaData) -> PaymentMethod {
        PaymentMethod::with_typed_metadata(PaymentMethodType::P24, metadata.into())
    }

    /// A `MERCADOPAGO_BR` payment with the buyer's CPF.
    pub fn mercado_pago_br(metadata: MercadoPagoBrPaymentMethodMetaData) -> PaymentMethod {
        PaymentMethod::with_typed_metadata(PaymentMethodType::MercadopagoBr, metadata.into())
    }

    /// A `MERCADOPAGO_MX` payment with the payer's email.
    pub fn mercado_pago_mx(metadata: MercadoPagoPaymentMethodMetaData) -> PaymentMethod {
        PaymentMethod::with_typed_metadata(PaymentMethodType::MercadopagoMx, metadata.into())
    }

    /// A `MERCADOPAGO_CL` payment with the payer's email.
    pub fn mercado_pago_cl(metadata: MercadoPagoPaymentMethodMetaData) -> PaymentMethod {
        PaymentMethod::with_typed_metadata(PaymentMethodType::MercadopagoCl, metadata.into())
    }

    /// A `MERCADOPAGO_PE` payment with the payer's email.
    pub fn mercado_pago_pe(metadata: MercadoPagoPaymentMethodMetaData) -> PaymentMethod {
        PaymentMethod::with_typed_metadata(PaymentMethodType::MercadopagoPe, metadata.into())
    }

    /// `paymentMethodMetaData` typed by `paymentMethodType`: `Ok(None)` when absent, an error
    /// when it does not have the shape its payment method requires.
    pub fn metadata(&self) -> Result<Option<PaymentMethodMetadata>, MetadataError> {
        let Some(map) = &self.payment_method_meta_data else {
            return Ok(None);
        };
        let shape = |e: serde_json::Error| MetadataError {
            payment_method_type: self.payment_method_type.clone(),
            // The message may quote any value of the metadata.
            kind: MetadataErrorKind::Shape(mask_message(&e.to_string(), true)),
        };
        fn decode<T: serde::de::DeserializeOwned>(
            map: &Map<String, Value>,
        ) -> Result<T, serde_json::Error> {
            serde_json::from_value(Value::Object(map.clone()))
        }
        use PaymentMethodType as T;
        Ok(Some(match &self.payment_method_type {
            T::Blik => PaymentMethodMetadata::Blik(decode(map).map_err(shape)?),
            T::P24 => PaymentMethodMetadata::P24(decode(map).map_err(shape)?),
            T::Ideal => PaymentMethodMetadata::Ideal(decode(map).map_err(shape)?),
            T::MercadopagoBr => PaymentMethodMetadata::MercadoPagoBr(decode(map).map_err(shape)?),
            T::MercadopagoMx | T::MercadopagoCl | T::MercadopagoPe => {
                PaymentMethodMetadata::MercadoPago(decode(map).map_err(shape)?)
            }
            T::Card => PaymentMethodMetadata::Card(Box::new(decode(map).map_err(shape)?)),
            _ => PaymentMethodMetadata::Other(map.clone()),
        }))
    }

    /// Sets `paymentMethodMetaData`, if `metadata` is the shape `paymentMethodType` takes
    /// ([`PaymentMethodMetadata::fits`]): card details on an `ALIPAY_HK` method are an error,
    /// and the method is left unchanged.
    pub fn set_metadata(&mut self, metadata: PaymentMethodMetadata) -> Result<(), MetadataError> {
        if !metadata.fits(&self.payment_method_type) {
            return Err(MetadataError {
                payment_method_type: self.payment_method_type.clone(),
                kind: MetadataErrorKind::Mismatch(metadata.variant()),
            });
        }
        self.payment_method_meta_data = Some(metadata.into_map());
        Ok(())
    }
}
