//! Compiled validators for every message kind, and the translation of their errors into
//! findings (`findings.rs`).

use std::collections::HashSet;
use std::sync::{Arc, OnceLock};

use jsonschema::error::ValidationErrorKind;
use jsonschema::{Draft, Registry, ValidationError};
use serde_json::Value;

use crate::catalog::{Catalog, Kind, SchemaError};
use crate::closed;
use crate::finding::Finding;
use crate::known::KnownNames;
use crate::mask::mask_text;
use crate::schemas::Schemas;

mod findings;

use findings::{convert, embedded_json, unknown_enum, unknown_field};

/// One raw schema error (see [`Validator::schema_errors`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaViolation {
    /// JSON Pointer of the offending instance location.
    pub pointer: String,
    /// The schema keyword that failed (`required`, `pattern`, ...).
    pub keyword: String,
    /// The validator's message, with card data masked.
    pub message: String,
}

fn violation(error: &ValidationError<'_>) -> SchemaViolation {
    SchemaViolation {
        pointer: error.instance_path().as_str().to_string(),
        keyword: error.kind().keyword().to_string(),
        message: mask_text(&error.to_string()),
    }
}

struct Compiled {
    real: jsonschema::Validator,
    /// The closed variant (responses and notifications only).
    closed: Option<jsonschema::Validator>,
    known: KnownNames,
}

/// Validators for all message kinds of a schema set, compiled on first use.
pub struct Validator {
    schemas: Schemas,
    registry: Registry<'static>,
    closed_registry: Registry<'static>,
    compiled: Vec<OnceLock<Result<Compiled, SchemaError>>>,
    /// Validators of single schema files (`contentSchema` targets), by file path order.
    files: Vec<(String, OnceLock<Result<jsonschema::Validator, SchemaError>>)>,
    /// The schemas are the embedded ones, so the validator compiled from them
    /// ([`crate::compiled`]) gives the verdicts; the `jsonschema` crate finds the errors.
    fast: bool,
}

impl std::fmt::Debug for Validator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Validator")
            .field("kinds", &self.schemas.catalog().kinds().len())
            .finish()
    }
}

/// A schema file asked for by path that the set lacks.
fn missing_file(path: &str) -> SchemaError {
    SchemaError::FileMissing {
        kind: None,
        path: path.to_string(),
    }
}

/// A schema file asked for by path that does not compile.
fn does_not_compile(path: &str, e: ValidationError<'static>) -> SchemaError {
    SchemaError::DoesNotCompile {
        kind: None,
        path: path.to_string(),
        source: Arc::new(e),
    }
}

fn make_registry(
    schemas: &Schemas,
    transform: fn(&Value) -> Value,
) -> Result<Registry<'static>, SchemaError> {
    let resources: Vec<(String, Value)> = schemas
        .files()
        .map(|(path, value)| (schemas.id_of(path), transform(value)))
        .collect();
    Registry::new()
        .extend(resources)
        .and_then(|b| b.prepare())
        .map_err(|e| SchemaError::Registry {
            source: Arc::new(e),
        })
}

impl Validator {
    /// Validators over the schema files embedded in this crate.
    pub fn new() -> Result<Validator, SchemaError> {
        Validator::with_schemas(Schemas::embedded()?)
    }

    /// Validators over any schema set.
    pub fn with_schemas(schemas: Schemas) -> Result<Validator, SchemaError> {
        let registry = make_registry(&schemas, Value::clone)?;
        let closed_registry = make_registry(&schemas, closed::close)?;
        let compiled = schemas
            .catalog()
            .kinds()
            .iter()
            .map(|_| OnceLock::new())
            .collect();
        let files = schemas
            .files()
            .map(|(path, _)| (path.to_string(), OnceLock::new()))
            .collect();
        let fast = crate::compiled::covers(&schemas);
        Ok(Validator {
            fast,
            schemas,
            registry,
            closed_registry,
            compiled,
            files,
        })
    }

    /// The catalog of message kinds.
    pub fn catalog(&self) -> &Catalog {
        self.schemas.catalog()
    }

    /// The schema files.
    pub fn schemas(&self) -> &Schemas {
        &self.schemas
    }

    /// Compiles every kind now (normally each is compiled on first use).
    pub fn compile_all(&self) -> Result<(), SchemaError> {
        for kind in self.catalog().kinds() {
            self.compiled(&kind.id)?;
        }
        Ok(())
    }

    fn compile(&self, kind: &Kind) -> Result<Compiled, SchemaError> {
        let schema = self
            .schemas
            .file(&kind.schema)
            .ok_or_else(|| SchemaError::FileMissing {
                kind: Some(kind.id.clone()),
                path: kind.schema.clone(),
            })?;
        let build = |registry: &Registry<'static>, schema: &Value| {
            jsonschema::options()
                .with_draft(Draft::Draft202012)
                .should_validate_formats(true)
                .offline()
                .with_registry(registry)
                .build(schema)
                .map_err(|e| SchemaError::DoesNotCompile {
                    kind: Some(kind.id.clone()),
                    path: kind.schema.clone(),
                    source: Arc::new(e),
                })
        };
        let (real, closed) = if kind.role.merchant_writes() {
            (build(&self.registry, schema)?, None)
        } else {
            // What Antom writes is accepted against its received form (documented limits that
            // Antom's own output does not keep are relaxed, see codegen's `received`); the
            // documented schema, closed, finds those limits and unknown members as warnings.
            // A schema set without received copies (a test's stand-ins) accepts the documented
            // schema.
            let received = self
                .schemas
                .file(&format!("received/{}", kind.schema))
                .unwrap_or(schema);
            (
                build(&self.registry, received)?,
                Some(build(&self.closed_registry, &closed::close(schema))?),
            )
        };
        Ok(Compiled {
            real,
            closed,
            known: KnownNames::for_schema(&self.schemas, &kind.schema),
        })
    }

    fn compiled(&self, kind_id: &str) -> Result<(&Kind, &Compiled), SchemaError> {
        let (index, kind) = self
            .catalog()
            .kinds()
            .iter()
            .enumerate()
            .find(|(_, k)| k.id == kind_id)
            .ok_or_else(|| SchemaError::UnknownKind {
                id: kind_id.to_string(),
            })?;
        let compiled = self.compiled[index].get_or_init(|| self.compile(kind));
        compiled.as_ref().map(|c| (kind, c)).map_err(Clone::clone)
    }

    /// The member names the schema of a kind declares, per location.
    pub fn known_names(&self, kind_id: &str) -> Result<&KnownNames, SchemaError> {
        self.compiled(kind_id).map(|(_, c)| &c.known)
    }

    /// True when the payload is valid for the kind (the real schema; unknown members of open
    /// messages are allowed).
    pub fn is_valid(&self, kind_id: &str, payload: &Value) -> Result<bool, SchemaError> {
        if self.fast {
            if let Some(verdict) = crate::compiled::accepts(kind_id, payload) {
                return Ok(verdict);
            }
        }
        self.compiled(kind_id)
            .map(|(_, c)| c.real.is_valid(payload))
    }

    /// The raw errors of the real schema of a kind (compiled once): instance JSON Pointer,
    /// keyword and message. Unknown members of open messages are not errors here.
    pub fn kind_errors(
        &self,
        kind_id: &str,
        payload: &Value,
    ) -> Result<Vec<SchemaViolation>, SchemaError> {
        let (_, compiled) = self.compiled(kind_id)?;
        Ok(compiled
            .real
            .iter_errors(payload)
            .map(|e| violation(&e))
            .collect())
    }

    /// One schema file compiled on its own (with the registry, so its references resolve).
    fn compile_file(&self, schema_file: &str) -> Result<jsonschema::Validator, SchemaError> {
        let schema = self
            .schemas
            .file(schema_file)
            .ok_or_else(|| missing_file(schema_file))?;
        jsonschema::options()
            .with_draft(Draft::Draft202012)
            .should_validate_formats(true)
            .offline()
            .with_registry(&self.registry)
            .with_base_uri(self.schemas.id_of(schema_file))
            .build(schema)
            .map_err(|e| does_not_compile(schema_file, e))
    }

    /// The raw schema errors of an instance against any schema file (a message or a shared
    /// definition, e.g. `defs/PaymentMethod.schema.json`): instance JSON Pointer, keyword and
    /// message, in the validator's order. Compiles the file on every call: meant for
    /// conformance checks, not for linting traffic.
    pub fn schema_errors(
        &self,
        schema_file: &str,
        instance: &Value,
    ) -> Result<Vec<SchemaViolation>, SchemaError> {
        let validator = self.compile_file(schema_file)?;
        Ok(validator
            .iter_errors(instance)
            .map(|e| violation(&e))
            .collect())
    }

    /// The raw schema errors of an instance against one schema file, like
    /// [`Validator::schema_errors`], but compiled once and kept: meant for checking the
    /// decoded contents of JSON strings (`contentSchema`) in every payload.
    pub fn file_errors(
        &self,
        schema_file: &str,
        instance: &Value,
    ) -> Result<Vec<SchemaViolation>, SchemaError> {
        let (_, cell) = self
            .files
            .iter()
            .find(|(p, _)| p == schema_file)
            .ok_or_else(|| missing_file(schema_file))?;
        let compiled = cell.get_or_init(|| self.compile_file(schema_file));
        let validator = compiled.as_ref().map_err(Clone::clone)?;
        Ok(validator
            .iter_errors(instance)
            .map(|e| SchemaViolation {
                pointer: e.instance_path().as_str().to_string(),
                keyword: e.kind().keyword().to_string(),
                message: mask_text(&e.masked_with("value").to_string()),
            })
            .collect())
    }

    /// How many errors the real schema of a kind finds in a payload (used to rank kinds).
    pub fn error_count(&self, kind_id: &str, payload: &Value) -> Result<usize, SchemaError> {
        self.compiled(kind_id)
            .map(|(_, c)| c.real.iter_errors(payload).count())
    }

    /// Every problem of a payload of this kind: schema violations, unknown members and enum
    /// values, strings that must hold JSON and do not. Findings carry default severities.
    pub fn validate(&self, kind_id: &str, payload: &Value) -> Result<Vec<Finding>, SchemaError> {
        let (kind, compiled) = self.compiled(kind_id)?;
        let role = kind.role;
        let mut findings = Vec::new();
        // Most traffic is valid: `is_valid` stops early and builds no error, so the full
        // error walk only runs on payloads that have something to report.
        // The closed variant only adds restrictions, so passing it implies passing the real
        // schema: one validation instead of two for a clean response or notification.
        let compiled_verdict = if self.fast {
            crate::compiled::is_valid(kind_id, payload)
        } else {
            None
        };
        let clean = compiled_verdict.unwrap_or_else(|| match &compiled.closed {
            Some(closed) => closed.is_valid(payload),
            None => compiled.real.is_valid(payload),
        });
        if clean {
            embedded_json(payload, role, &compiled.known, &mut findings);
            findings.sort_by(|a, b| a.pointer.cmp(&b.pointer).then(a.rule.cmp(b.rule)));
            return Ok(findings);
        }
        let mut real_keys: HashSet<(String, String)> = HashSet::new();
        // Where Antom writes, a payload its received form accepts (the compiled verdict) has
        // no error there: only the closed documented schema has something to say.
        let real_accepts = self.fast
            && compiled.closed.is_some()
            && crate::compiled::accepts(kind_id, payload) == Some(true);
        if !real_accepts {
            for error in compiled.real.iter_errors(payload) {
                real_keys.insert((
                    error.instance_path().as_str().to_string(),
                    error.kind().keyword().to_string(),
                ));
                convert(&error, role, false, &compiled.known, &mut findings);
            }
        }
        if let Some(closed) = &compiled.closed {
            for error in closed.iter_errors(payload) {
                let path = error.instance_path().as_str().to_string();
                match error.kind() {
                    ValidationErrorKind::UnevaluatedProperties { unexpected }
                    | ValidationErrorKind::AdditionalProperties { unexpected } => {
                        if real_keys.contains(&(path.clone(), "additionalProperties".into()))
                            || real_keys.contains(&(path.clone(), "unevaluatedProperties".into()))
                        {
                            continue;
                        }
                        let declared = compiled.known.names_at(&path);
                        for name in unexpected {
                            if declared.contains(&name.as_str()) {
                                // Closing a schema that is combined with others can reject
                                // members a sibling declares; those are not unknown.
                                continue;
                            }
                            findings.push(unknown_field(&path, name, &declared, role, false));
                        }
                    }
                    ValidationErrorKind::Enum { options } => {
                        if real_keys.iter().any(|(p, _)| *p == path) {
                            continue;
                        }
                        findings.push(unknown_enum(&error, &path, options, role, false));
                    }
                    // A documented length, pattern or format that the received form relaxes: the
                    // rule's relaxed severity (types and required members are never relaxed).
                    _ => {
                        if real_keys.iter().any(|(p, _)| *p == path) {
                            continue;
                        }
                        let before = findings.len();
                        convert(&error, role, true, &compiled.known, &mut findings);
                        for f in &mut findings[before..] {
                            if f.rule.severity.relaxed.is_some() {
                                f.message.push_str(
                                    " (a documented limit that Antom's own messages do not always keep: a warning where Antom writes)",
                                );
                            }
                        }
                    }
                }
            }
        }
        embedded_json(payload, role, &compiled.known, &mut findings);
        findings.sort_by(|a, b| a.pointer.cmp(&b.pointer).then(a.rule.cmp(b.rule)));
        findings.dedup();
        Ok(findings)
    }
}
