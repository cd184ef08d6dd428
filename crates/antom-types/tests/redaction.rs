//! Card data and other secrets never show in `Debug` or `Display`.
//!
//! For every message kind an instance is built from the schemas with every member filled, the
//! secret ones with recognizable values (a Luhn-valid card number generated here, CVV 737,
//! expiry 03/30, BLIK code 777123, a CPF, and `SECRET-...` for names, account numbers and
//! tokens), once per payment method whose metadata carries secrets. Each instance is parsed
//! into its typed message, and nothing printed from it may show those values: the card number
//! keeps at most its first six and last four digits.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use antom_types::{Message, MessageKind, PaymentMethod, PaymentMethodMetadata};
use serde_json::{json, Map, Value};

/// Wire names of the members whose values must never be printed.
const SECRET_MEMBERS: &[&str] = &[
    "cardNo",
    "cvv",
    "expiryYear",
    "expiryMonth",
    "cardholderName",
    "accountHolderName",
    "accountNo",
    "refundSourceAccountNo",
    "blikCode",
    "authenticationCode",
    "cpf",
    "cavv",
    "cardToken",
    "acquirerCardToken",
    "paymentMethodId",
    "paymentSessionData",
];

/// Members whose names look sensitive (see [`every_sensitive_looking_member_is_classified`])
/// but whose values are not secret: the first digits of a card, its brand and category,
/// check results, expiry times of payments and quotes, containers of other members.
const NOT_SECRET: &[&str] = &[
    "cardBin",
    "cardBrand",
    "cardCategory",
    "cardInfo",
    "cardVerificationResult",
    "supportCardBrands",
    "cvvResult",
    "cvvResultRaw",
    "authExpiryTime",
    "paymentExpiryTime",
    "paymentSessionExpiryTime",
    "quoteExpiryTime",
    "subscriptionExpiryTime",
    "deviceTokenId",
    "isAccountVerified",
    "merchantAccountId",
];

const CVV: &str = "737";
const EXPIRY_MONTH: &str = "03";
const EXPIRY_YEAR: &str = "30";
const BLIK: &str = "777123";
const CPF: &str = "529.982.247-25";

/// A Luhn-valid 16-digit test card number, made from a fixed body and its check digit.
fn pan() -> String {
    let body = "492942710365817";
    let mut sum = 0;
    // The check digit will sit at the right, so the body's last digit is doubled.
    for (i, d) in body.bytes().rev().enumerate() {
        let mut v = u32::from(d - b'0');
        if i % 2 == 0 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    let check = (10 - sum % 10) % 10;
    format!("{body}{check}")
}

#[test]
fn the_test_card_number_is_luhn_valid() {
    let pan = pan();
    let mut sum = 0;
    for (i, d) in pan.bytes().rev().enumerate() {
        let mut v = u32::from(d - b'0');
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    assert_eq!(sum % 10, 0, "{pan}");
    assert_eq!(pan.len(), 16);
}

fn schema_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schema")
}

fn read(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The value a secret member is filled with.
fn secret_value(name: &str, schema: &Value) -> Value {
    match name {
        "cardNo" => json!(pan()),
        "cvv" => json!(CVV),
        "expiryYear" => json!(EXPIRY_YEAR),
        "expiryMonth" => json!(EXPIRY_MONTH),
        "blikCode" => json!(BLIK),
        "cpf" => json!(CPF),
        // A person's name: an object in the card metadata, a string elsewhere.
        _ if schema.get("$ref").is_some() => json!({
            "firstName": format!("SECRET-{name}-first"),
            "middleName": format!("SECRET-{name}-middle"),
            "lastName": format!("SECRET-{name}-last"),
            "fullName": format!("SECRET-{name}-full")
        }),
        _ => json!(format!("SECRET-{name}")),
    }
}

/// Builds instances from the schema files, every member filled.
struct Filler {
    dir: PathBuf,
    cache: BTreeMap<PathBuf, Value>,
    /// The `paymentMethodType` every PaymentMethod gets, with the metadata schema it takes.
    method: (&'static str, &'static str),
    /// The files being filled, outermost first (`Goods` refers to itself).
    stack: Vec<String>,
}

impl Filler {
    fn load(&mut self, path: &Path) -> Value {
        let path = path.canonicalize().unwrap();
        self.cache
            .entry(path.clone())
            .or_insert_with(|| read(&path))
            .clone()
    }

    fn file(&mut self, rel: &str, depth: usize) -> Value {
        let path = self.dir.join(rel);
        let schema = self.load(&path);
        let base = path.parent().unwrap().to_path_buf();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        self.stack.push(name.clone());
        let value = if name == "PaymentMethod.schema.json" {
            self.payment_method(&schema, &base, depth)
        } else {
            self.fill(&schema, &base, depth)
        };
        self.stack.pop();
        value
    }

    /// True when `schema` (or its items) refers to a file being filled.
    fn recursive(&self, schema: &Value) -> bool {
        let reference = schema
            .get("$ref")
            .or_else(|| schema.get("items").and_then(|i| i.get("$ref")))
            .and_then(Value::as_str);
        reference.is_some_and(|r| {
            let file = r.rsplit('/').next().unwrap();
            self.stack.iter().any(|s| s == file)
        })
    }

    fn payment_method(&mut self, schema: &Value, base: &Path, depth: usize) -> Value {
        let mut value = self.fill(schema, base, depth);
        let (method, metadata) = self.method;
        value["paymentMethodType"] = json!(method);
        value["paymentMethodMetaData"] = self.file(&format!("defs/{metadata}"), depth + 1);
        value
    }

    fn fill(&mut self, schema: &Value, base: &Path, depth: usize) -> Value {
        assert!(depth < 64, "the schemas nest deeper than expected");
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let path = base.join(reference);
            let rel = path
                .canonicalize()
                .unwrap()
                .strip_prefix(self.dir.canonicalize().unwrap())
                .unwrap()
                .to_string_lossy()
                .to_string();
            return self.file(&rel, depth + 1);
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            return values[0].clone();
        }
        if let Some(arms) = schema.get("anyOf").and_then(Value::as_array) {
            return self.fill(&arms[0], base, depth + 1);
        }
        let ty = match &schema["type"] {
            Value::String(t) => t.clone(),
            Value::Array(types) => types
                .iter()
                .filter_map(Value::as_str)
                .find(|t| *t != "null")
                .unwrap()
                .to_string(),
            _ => "object".to_string(),
        };
        match ty.as_str() {
            "object" => {
                let mut out = Map::new();
                for (name, sub) in schema["properties"].as_object().into_iter().flatten() {
                    if self.recursive(sub) {
                        continue;
                    }
                    let value = if SECRET_MEMBERS.contains(&name.as_str()) {
                        secret_value(name, sub)
                    } else if name == "paymentMethodMetaData" {
                        // A free object outside PaymentMethod (AvailablePaymentMethod).
                        json!({"cardNo": pan(), "cvv": CVV, "expiryYear": EXPIRY_YEAR,
                               "expiryMonth": EXPIRY_MONTH, "blikCode": BLIK})
                    } else {
                        self.fill(sub, base, depth + 1)
                    };
                    out.insert(name.clone(), value);
                }
                Value::Object(out)
            }
            "array" => json!([self.fill(&schema["items"], base, depth + 1)]),
            "string" if schema.get("format") == Some(&json!("date-time")) => {
                json!("2024-01-15T01:20:46+08:00")
            }
            "string" if schema.get("contentSchema").is_some() => json!("{}"),
            "string" => json!("x"),
            "integer" | "number" => json!(1),
            "boolean" => json!(true),
            other => panic!("unexpected type {other}"),
        }
    }
}

/// The payment methods whose metadata carries secrets, with their metadata schema.
const METHODS: &[(&str, &str)] = &[
    ("CARD", "CardPaymentMethodMetaData.schema.json"),
    ("BLIK", "BlikPaymentMethodMetaData.schema.json"),
    (
        "MERCADOPAGO_BR",
        "MercadoPagoBrPaymentMethodMetaData.schema.json",
    ),
];

/// Every (kind, payment method, instance).
fn instances() -> Vec<(MessageKind, &'static str, Value)> {
    let catalog = read(&schema_dir().join("catalog.json"));
    let mut out = Vec::new();
    for method in METHODS {
        let mut filler = Filler {
            dir: schema_dir(),
            cache: BTreeMap::new(),
            method: *method,
            stack: Vec::new(),
        };
        for kind in catalog["kinds"].as_array().unwrap() {
            let id = kind["id"].as_str().unwrap();
            let kind_id = MessageKind::from_id(id).unwrap();
            let mut instance = filler.file(kind["schema"].as_str().unwrap(), 0);
            if kind["direction"] == "antom-to-merchant" {
                // Members Antom may add later are kept in `extra`, and shown through Debug.
                let extra = instance.as_object_mut().unwrap();
                extra.insert("cvv".into(), json!(CVV));
                extra.insert("cardNumber".into(), json!(pan()));
                extra.insert("note".into(), json!(format!("card {} entered", pan())));
                extra.insert(
                    "newCard".into(),
                    json!({"expiryMonth": EXPIRY_MONTH, "pan": pan().parse::<u64>().unwrap()}),
                );
            }
            out.push((kind_id, method.0, instance));
        }
    }
    out
}

/// The texts that must not appear in anything printed.
fn assert_hidden(what: &str, text: &str) {
    let pan = pan();
    for start in 0..=pan.len() - 7 {
        let run = &pan[start..start + 7];
        assert!(
            !text.contains(run),
            "{what}: shows {run} of the card number:\n{text}"
        );
    }
    let quoted = |s: &str| [format!("\"{s}\""), format!("`{s}`")];
    let mut needles = vec![
        CVV.to_string(),
        BLIK.to_string(),
        CPF.to_string(),
        "52998224725".to_string(),
        "SECRET".to_string(),
    ];
    needles.extend(quoted(EXPIRY_MONTH));
    needles.extend(quoted(EXPIRY_YEAR));
    for needle in needles {
        assert!(!text.contains(&needle), "{what}: shows {needle}:\n{text}");
    }
}

#[test]
fn debug_of_every_message_hides_every_secret() {
    let mut checked = 0;
    for (kind, method, instance) in instances() {
        let what = format!("{} ({method})", kind.id());
        let text = serde_json::to_string(&instance).unwrap();
        let message = Message::from_value(kind, instance.clone())
            .unwrap_or_else(|e| panic!("{what}: {e}\n{text}"));
        // The instance does hold the secrets: the typed value writes them back.
        assert_eq!(
            serde_json::to_value(&message).unwrap(),
            instance,
            "{what}: not a round trip"
        );
        assert_hidden(&what, &format!("{message:?}"));
        assert_hidden(&what, &format!("{message:#?}"));
        checked += 1;
    }
    assert_eq!(checked, METHODS.len() * MessageKind::ALL.len());
}

/// The instances do reach every secret member the schemas declare, so the test above covers
/// them all.
#[test]
fn instances_fill_every_secret_member() {
    fn collect(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    out.push(k.clone());
                    collect(v, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
            _ => {}
        }
    }
    let mut seen = Vec::new();
    for (_, _, instance) in instances() {
        collect(&instance, &mut seen);
    }
    for member in SECRET_MEMBERS {
        assert!(seen.iter().any(|s| s == member), "{member} is never filled");
    }
}

/// The lower-cased words of a camelCase name (`is3DSAuthentication`: is, 3, dsauthentication).
fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() && previous_lower || out.is_empty() {
            out.push(String::new());
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        out.last_mut().unwrap().push(c.to_ascii_lowercase());
    }
    out
}

/// A member whose name looks like card data must be listed as secret or as not secret, so a
/// new one in the schemas is not silently printed.
#[test]
fn every_sensitive_looking_member_is_classified() {
    let sensitive = [
        "card",
        "cardholder",
        "cvv",
        "cvc",
        "cavv",
        "expiry",
        "expiration",
        "token",
        "account",
        "holder",
        "cpf",
        "blik",
        "secret",
        "password",
        "pin",
        "pan",
    ];
    let mut looking = Vec::new();
    let mut all = Vec::new();
    for dir in ["defs", "messages"] {
        for entry in std::fs::read_dir(schema_dir().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let schema = read(&path);
            for name in schema["properties"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, _)| k)
            {
                all.push(name.clone());
                let looks = words(name).iter().any(|w| sensitive.contains(&w.as_str()));
                if looks {
                    looking.push(name.clone());
                    assert!(
                        SECRET_MEMBERS.contains(&name.as_str())
                            || NOT_SECRET.contains(&name.as_str()),
                        "{}: {name} looks sensitive; list it in SECRET_MEMBERS or NOT_SECRET",
                        path.display()
                    );
                }
            }
        }
    }
    // Both lists name members of the schemas, so neither goes stale.
    for name in NOT_SECRET {
        assert!(
            looking.contains(&name.to_string()),
            "{name} is not a sensitive-looking member of the schemas"
        );
    }
    for name in SECRET_MEMBERS {
        assert!(
            all.contains(&name.to_string()),
            "{name} is not a member of the schemas"
        );
    }
}

#[test]
fn typed_metadata_hides_every_secret() {
    let mut filler = Filler {
        dir: schema_dir(),
        cache: BTreeMap::new(),
        method: METHODS[0],
        stack: Vec::new(),
    };
    for method in METHODS {
        filler.method = *method;
        let instance = filler.file("defs/PaymentMethod.schema.json", 0);
        let payment_method: PaymentMethod = serde_json::from_value(instance).unwrap();
        assert_hidden(method.0, &format!("{payment_method:?}"));
        assert_hidden(method.0, &format!("{payment_method:#?}"));
        let metadata = payment_method.metadata().unwrap().unwrap();
        assert_hidden(method.0, &format!("{metadata:?}"));
        assert_hidden(method.0, &format!("{metadata:#?}"));
        // The same map, seen as the metadata of a method without a typed shape.
        let mut other = payment_method.clone();
        other.payment_method_type = "SOME_NEW_METHOD".into();
        let metadata = other.metadata().unwrap().unwrap();
        assert!(matches!(metadata, PaymentMethodMetadata::Other(_)));
        assert_hidden(method.0, &format!("{metadata:?}"));
    }
}

#[test]
fn errors_about_secret_members_hide_their_values() {
    // A card number sent as a number, an expiry year as a number: serde quotes the value.
    let body = json!({
        "result": {"resultCode": "SUCCESS", "resultStatus": "S"},
        "paymentResultInfo": {"cardNo": pan().parse::<u64>().unwrap()}
    });
    let err = Message::from_value(MessageKind::PayResponse, body).unwrap_err();
    assert_eq!(err.pointer(), "/paymentResultInfo/cardNo");
    assert_hidden("ParseError", &err.to_string());
    assert_hidden("ParseError", &format!("{err:?}"));
    let body = json!({
        "result": {"resultCode": "SUCCESS", "resultStatus": "S"},
        "paymentResultInfo": {"expiryYear": 30, "cvv": 737}
    });
    let err = Message::from_value(MessageKind::PayResponse, body).unwrap_err();
    assert_hidden("ParseError", &err.to_string());
    assert!(err.to_string().contains("[redacted]"), "{err}");
    assert_hidden("ParseError", &format!("{err:#?}"));
    assert!(std::error::Error::source(&err).is_none());

    // Card metadata of the wrong shape: the error names no value.
    let card: PaymentMethod = serde_json::from_value(json!({
        "paymentMethodType": "CARD",
        "paymentMethodMetaData": {"cardNo": pan(), "expiryYear": EXPIRY_YEAR, "expiryMonth": 3, "cvv": 737}
    }))
    .unwrap();
    let err = card.metadata().unwrap_err();
    assert!(!err.is_mismatch());
    assert_hidden("MetadataError", &err.to_string());
    assert_hidden("MetadataError", &format!("{err:?}"));
    let blik: PaymentMethod = serde_json::from_value(json!({
        "paymentMethodType": "BLIK", "paymentMethodMetaData": {"blikCode": 777123}
    }))
    .unwrap();
    let err = blik.metadata().unwrap_err();
    assert_hidden("MetadataError", &err.to_string());
}

#[test]
fn debug_keeps_what_is_not_secret() {
    let card = antom_types::CardPaymentMethodMetaData::builder()
        .card_no(pan())
        .expiry_month(EXPIRY_MONTH)
        .expiry_year(EXPIRY_YEAR)
        .build()
        .cvv(CVV);
    let shown = format!("{card:?}");
    assert_hidden("card", &shown);
    assert!(
        shown.contains(&format!("\"{}******{}\"", &pan()[..6], &pan()[12..])),
        "{shown}"
    );
    assert!(shown.contains("cvv: Some([redacted])"), "{shown}");
    assert!(shown.contains("expiry_month: [redacted]"), "{shown}");
    assert!(shown.contains("tokenize: None"), "{shown}");
    let method = PaymentMethod::card(card);
    let shown = format!("{method:?}");
    assert_hidden("card", &shown);
    assert!(shown.contains("payment_method_type: Card"), "{shown}");
}
