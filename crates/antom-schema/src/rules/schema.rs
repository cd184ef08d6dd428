//! The rules of a payload's shape, reported by the validator: one per JSON Schema keyword
//! (`schema/*`, chosen by [`super::for_keyword`]), and the members and enumeration values the
//! schema does not declare.

use super::{Scope, Source, ERROR, ERROR_RELAXED_TO_WARNING};

/// The pay request page: every schema constraint names its own page in a `$comment`.
const PAY_REQUEST: Source = Source {
    url: "https://global.alipay.com/docs/ac/cashierpay/apm_api",
    section: "\"Step 2: Invoke the pay API and get the payment continuation URL\"; each schema constraint names its own page in a $comment",
};

rules! {
    SCHEMA_ANY_OF {
        id: "schema/anyOf",
        summary: "the value matches none of the allowed alternatives",
        severity: ERROR_RELAXED_TO_WARNING,
        scope: Scope::Payload,
        source: PAY_REQUEST,
        doc: "A member that can take several shapes matched none of them. The message names the closest alternative and its first problem. Where Antom writes, a combination that only the documented schema rejects (because of a relaxed limit, or a member an open model may gain, inside an alternative) is a warning.",
    }
    SCHEMA_CONST {
        id: "schema/const",
        summary: "the value differs from the one fixed value allowed",
        severity: ERROR,
        scope: Scope::Payload,
        source: PAY_REQUEST,
        doc: "The schema fixes this member to a single value (for example a fixed product code in a conditional rule).",
    }
    SCHEMA_ENUM {
        id: "schema/enum",
        summary: "a value is outside a closed list of values",
        severity: ERROR,
        scope: Scope::Payload,
        source: PAY_REQUEST,
        doc: "A value written by Antom is outside a list the schema keeps closed (a list that is not an open enumeration). Open enumerations report unknown values as unknown-enum-value instead.",
    }
    SCHEMA_FORMAT {
        id: "schema/format",
        summary: "a string does not follow its format (date-time, email, uri, ...)",
        severity: ERROR_RELAXED_TO_WARNING,
        scope: Scope::Payload,
        source: PAY_REQUEST,
        doc: "Format checks are on. Date-times must be RFC 3339 with an offset (2024-01-01T12:00:00+08:00); the pages give the format of each such member. Where Antom writes, a format other than date-time (email, uri, ...) is relaxed: a warning. Date-times stay errors whoever writes, since a consumer must be able to read them.",
    }
    SCHEMA_ITEMS {
        id: "schema/items",
        summary: "an array has too few, too many or repeated items",
        severity: ERROR_RELAXED_TO_WARNING,
        scope: Scope::Payload,
        source: PAY_REQUEST,
        doc: "A list member breaks a constraint on its items (minItems, maxItems, uniqueItems, contains). Where Antom writes, a minItems or maxItems its received form leaves out is a warning.",
    }
    SCHEMA_LENGTH {
        id: "schema/length",
        summary: "a string is shorter or longer than the documented limits",
        severity: ERROR_RELAXED_TO_WARNING,
        scope: Scope::Payload,
        source: PAY_REQUEST,
        doc: "The pages give a maximum length for most string members (for example 64 characters for paymentRequestId). The finding gives the limit. Where Antom writes (responses, notifications) a limit its received form leaves out is a warning: Antom's own messages do not always keep it. The limits of the amount and scalar encodings (Amount, BooleanValue, IntegerValue, NumberValue) stay errors whoever writes.",
    }
    SCHEMA_NOT {
        id: "schema/not",
        summary: "the value matches a shape that is forbidden here",
        severity: ERROR_RELAXED_TO_WARNING,
        scope: Scope::Payload,
        source: PAY_REQUEST,
        doc: "The schema forbids a combination of members (a not keyword). Where Antom writes, a combination that only the documented schema rejects (because of a relaxed limit, or a member an open model may gain, inside an alternative) is a warning.",
    }
    SCHEMA_ONE_OF {
        id: "schema/oneOf",
        summary: "the value matches none, or more than one, of exclusive alternatives",
        severity: ERROR_RELAXED_TO_WARNING,
        scope: Scope::Payload,
        source: PAY_REQUEST,
        doc: "A member must match exactly one of several shapes. The message says whether none or several matched, and for none names the closest alternative. Where Antom writes, a combination that only the documented schema rejects (because of a relaxed limit, or a member an open model may gain, inside an alternative) is a warning.",
    }
    SCHEMA_OTHER {
        id: "schema/other",
        summary: "a schema constraint not covered by a more specific rule",
        severity: ERROR_RELAXED_TO_WARNING,
        scope: Scope::Payload,
        source: PAY_REQUEST,
        doc: "Any other JSON Schema keyword that failed (for example minProperties or a false schema). Where Antom writes, a combination that only the documented schema rejects (because of a relaxed limit, or a member an open model may gain, inside an alternative) is a warning.",
    }
    SCHEMA_PATTERN {
        id: "schema/pattern",
        summary: "a string does not match the documented pattern",
        severity: ERROR_RELAXED_TO_WARNING,
        scope: Scope::Payload,
        source: PAY_REQUEST,
        doc: "Codes such as currencies (ISO 4217, three capital letters) and regions (ISO 3166 alpha-2) are checked with a pattern. Where Antom writes (responses, notifications) a limit its received form leaves out is a warning: Antom's own messages do not always keep it. The limits of the amount and scalar encodings (Amount, BooleanValue, IntegerValue, NumberValue) stay errors whoever writes.",
    }
    SCHEMA_RANGE {
        id: "schema/range",
        summary: "a number is outside its documented range",
        severity: ERROR,
        scope: Scope::Payload,
        source: PAY_REQUEST,
        doc: "A number breaks minimum, maximum, exclusiveMinimum, exclusiveMaximum or multipleOf.",
    }
    SCHEMA_REQUIRED {
        id: "schema/required",
        summary: "a required member is missing",
        severity: ERROR,
        scope: Scope::Payload,
        source: PAY_REQUEST,
        doc: "The pages mark members as required; some become required only when another member has a given value (conditional rules). The finding points at the object that lacks the member.",
    }
    SCHEMA_TYPE {
        id: "schema/type",
        summary: "a value has the wrong JSON type",
        severity: ERROR,
        scope: Scope::Payload,
        source: PAY_REQUEST,
        doc: "For example a number where the API expects a string. Amounts are strings of minor units (\"value\": \"4200\"), not numbers.",
    }
    UNKNOWN_ENUM_VALUE {
        id: "unknown-enum-value",
        summary: "a value is not one of the documented values of an enumeration",
        severity: ERROR_RELAXED_TO_WARNING,
        scope: Scope::Payload,
        source: PAY_REQUEST,
        doc: "In requests and acknowledgements the merchant must use documented values, so a value outside the list is an error (with a suggestion when it looks like a typo of a listed value). In responses and notifications Antom may add values at any time; the types keep them (an Unknown variant) and the linter only warns so that new values are noticed. Enumerations a response keeps closed report an unlisted value as schema/enum, an error.",
    }
    UNKNOWN_FIELD {
        id: "unknown-field",
        summary: "a member is not declared by the schema (with a did-you-mean suggestion)",
        severity: ERROR_RELAXED_TO_WARNING,
        scope: Scope::Payload,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/apm_api",
            section: "\"Customize the payment timeout\" (the page writes paymentExpireTime for paymentExpiryTime)",
        },
        doc: "Requests and acknowledgements are checked strictly: a member the API does not declare is an error, usually a typo that Antom would ignore or reject. The pages themselves write paymentExpireTime where the API field is paymentExpiryTime; the linter suggests the closest declared name. Responses and notifications are open, since Antom adds members over time: an unknown member there is a warning. The exception are the value models both sides write (Amount, Quote, CreditPayPlan, CustomizedInfo): they are closed for everyone, in Antom's received form and in the generated types (which reject an unknown member there), so an unknown member inside them is an error in responses and notifications too.",
    }
}
