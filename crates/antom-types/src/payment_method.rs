//! Typed access to `paymentMethodMetaData`, whose shape depends on `paymentMethodType`.

use serde_json::{Map, Value};

use crate::{
    BlikPaymentMethodMetaData, CardPaymentMethodMetaData, IdealPaymentMethodMetaData,
    MercadoPagoBrPaymentMethodMetaData, MercadoPagoPaymentMethodMetaData, P24PaymentMethodMetaData,
    PaymentMethod, PaymentMethodType,
};

/// The metadata of a [`PaymentMethod`], typed by its `paymentMethodType` (the conditional rules of
/// `schema/defs/PaymentMethod.schema.json`).
#[derive(Clone, Debug, PartialEq)]
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
    /// Any other payment method: the object as it is.
    Other(Map<String, Value>),
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
}

impl PaymentMethod {
    /// `paymentMethodMetaData` typed by `paymentMethodType`: `Ok(None)` when absent, an error
    /// when it does not have the shape its payment method requires.
    pub fn metadata(&self) -> Result<Option<PaymentMethodMetadata>, serde_json::Error> {
        let Some(map) = &self.payment_method_meta_data else {
            return Ok(None);
        };
        let value = || Value::Object(map.clone());
        use PaymentMethodType as T;
        Ok(Some(match &self.payment_method_type {
            T::Blik => PaymentMethodMetadata::Blik(serde_json::from_value(value())?),
            T::P24 => PaymentMethodMetadata::P24(serde_json::from_value(value())?),
            T::Ideal => PaymentMethodMetadata::Ideal(serde_json::from_value(value())?),
            T::MercadopagoBr => {
                PaymentMethodMetadata::MercadoPagoBr(serde_json::from_value(value())?)
            }
            T::MercadopagoMx | T::MercadopagoCl | T::MercadopagoPe => {
                PaymentMethodMetadata::MercadoPago(serde_json::from_value(value())?)
            }
            T::Card => PaymentMethodMetadata::Card(Box::new(serde_json::from_value(value())?)),
            _ => PaymentMethodMetadata::Other(map.clone()),
        }))
    }

    /// Sets `paymentMethodMetaData`. The caller picks the variant matching
    /// `paymentMethodType`; the validator checks that they agree.
    pub fn set_metadata(&mut self, metadata: PaymentMethodMetadata) {
        self.payment_method_meta_data = Some(metadata.into_map());
    }
}
