//! One lint run: configuration, reading, checking (on worker threads), writing in order.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::sync::{mpsc, Mutex};

use antom_schema::mask::mask_text;
use antom_schema::rules;
use antom_schema::{SchemaError, Severity, Validator};

use crate::Stop;

use crate::emit::{Emitter, Progress, Sink};

use crate::check::{self, Checked, Context};
use crate::cli::{Color, Correlate, FailOn, InputFormat, LintArgs, OutputFormat};
use crate::config::{self, Severities};
use crate::correlate;
use crate::input::{self, Job, Work};
use crate::output::{self, Out};
use crate::phases::FactsOut;
use crate::records::{self, Frame, Record};
use crate::signatures::{KeyFile, KeySpec, Keys, Signer};
use crate::summary::Summary;

pub fn lint(args: &LintArgs) -> Result<u8, Stop> {
    // Configuration: the file, then flags.
    let config_path = if args.no_config {
        None
    } else if let Some(p) = &args.config {
        Some(p.clone())
    } else {
        std::env::current_dir()
            .ok()
            .and_then(|d| config::discover(&d))
    };
    let config = match &config_path {
        Some(p) => config::load(p)?,
        None => config::ConfigFile::default(),
    };
    let mut severities = Severities::default();
    severities.apply_config(&config)?;
    for r in &args.allow {
        severities.set(r, None)?;
    }
    for r in &args.warn {
        severities.set(r, Some(Severity::Warning))?;
    }
    for r in &args.deny {
        severities.set(r, Some(Severity::Error))?;
    }
    let format = args.format.or(config.format).unwrap_or(OutputFormat::Human);
    let fail_on = match args.fail_on.or(config.fail_on).unwrap_or(FailOn::Error) {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
    };
    let include = if args.include.is_empty() {
        &config.include
    } else {
        &args.include
    };
    let exclude: Vec<String> = config
        .exclude
        .iter()
        .chain(&args.exclude)
        .cloned()
        .collect();
    let filters = input::Filters::new(include, &exclude)?;
    let keys = signature_keys(args, &config, config_path.as_deref())?;

    let validator = Validator::new().map_err(|e| format!("internal error: {e}"))?;
    if let Some(kind) = &args.kind {
        if validator.catalog().get(kind).is_none() {
            let ids: Vec<&str> = validator
                .catalog()
                .kinds()
                .iter()
                .map(|k| k.id.as_str())
                .collect();
            return Err(Stop::Failed(format!(
                "unknown kind `{kind}`; known kinds: {}",
                ids.join(", ")
            )));
        }
    }

    let (inputs, listing_errors) = input::discover(&args.paths, &filters);
    for e in &listing_errors {
        let _ = writeln!(std::io::stderr(), "antom-lint: {}", mask_text(e));
    }
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let settings = Settings {
        severities,
        known: config.known.clone(),
        format,
        color,
        correlate: args
            .correlate
            .or(config.correlate)
            .unwrap_or(Correlate::Run),
        correlate_window: args
            .correlate_window
            .or(config.correlate_window)
            .map_or(antom_schema::correlate::DEFAULT_WINDOW, |w| w as usize),
        threads: args.jobs.map_or_else(
            || std::thread::available_parallelism().map_or(1, |n| n.get()),
            usize::from,
        ),
        input: args.input,
        max_record_size: args.max_record_size,
        kind: args.kind.clone(),
        progress: format == OutputFormat::Human && std::io::stderr().is_terminal(),
        facts: args.facts.clone().map(FactsTarget::File),
        wrap: false,
        keys,
    };
    let stdout = std::io::stdout().lock();
    let outcome = execute(&validator, &settings, &inputs, stdout)?;
    for (known, used) in config.known.iter().zip(&outcome.known_used) {
        if !used {
            let _ = writeln!(
                std::io::stderr(),
                "antom-lint: known finding {} at {} in {} did not occur (stale entry in the config?)",
                known.rule,
                known.pointer,
                known.file
            );
        }
    }
    if !listing_errors.is_empty() || outcome.read_errors > 0 {
        return Ok(2);
    }
    Ok(u8::from(outcome.worst.is_some_and(|w| w >= fail_on)))
}

/// Everything a run needs besides its inputs.
pub struct Settings {
    pub severities: Severities,
    pub known: Vec<config::Known>,
    pub format: OutputFormat,
    pub color: bool,
    pub correlate: Correlate,
    /// Payments the cross-message state follows at once.
    pub correlate_window: usize,
    pub threads: usize,
    pub input: Option<InputFormat>,
    pub max_record_size: usize,
    pub kind: Option<String>,
    pub progress: bool,
    /// Write each record's facts instead of running the cross-message rules (`--facts`,
    /// `filter`).
    pub facts: Option<FactsTarget>,
    /// Each finding as `{"finding": ...}` (`filter`, with JSON output).
    pub wrap: bool,
    /// Public keys that check the signatures of captured messages (none: nothing is checked).
    pub keys: Keys,
}

/// The public keys of the command line, else of the configuration's `[signatures]` table
/// (its paths relative to the configuration file), for each side on its own.
fn signature_keys(
    args: &LintArgs,
    config: &config::ConfigFile,
    config_path: Option<&std::path::Path>,
) -> Result<Keys, Stop> {
    let base = config_path
        .and_then(std::path::Path::parent)
        .unwrap_or(std::path::Path::new(""));
    let files =
        |flags: &[KeyFile], spec: &Option<KeySpec>, signer| -> Result<Vec<KeyFile>, String> {
            match spec {
                _ if !flags.is_empty() => Ok(flags.to_vec()),
                Some(spec) => spec.files(base, signer),
                None => Ok(Vec::new()),
            }
        };
    let antom = files(
        &args.antom_public_key,
        &config.signatures.antom_public_key,
        Signer::Antom,
    )?;
    let merchant = files(
        &args.merchant_public_key,
        &config.signatures.merchant_public_key,
        Signer::Merchant,
    )?;
    Ok(Keys::load(&antom, &merchant)?)
}

/// Where facts go.
#[derive(Debug, Clone)]
pub enum FactsTarget {
    File(std::path::PathBuf),
    /// Interleaved with the findings on standard output (`filter`).
    Inline,
}

/// What a run found.
pub struct Outcome {
    pub summary: Summary,
    pub worst: Option<Severity>,
    pub read_errors: usize,
    pub known_used: Vec<bool>,
}

/// Reads, checks and writes every input to `w`.
pub fn execute<W: Write>(
    validator: &Validator,
    settings: &Settings,
    inputs: &[input::Input],
    w: W,
) -> Result<Outcome, Stop> {
    let format = settings.format;
    let human = output::Human {
        color: settings.color,
    };
    let ctx = Context {
        validator,
        forced_kind: settings.kind.as_deref(),
        snippets: format == OutputFormat::Human,
        correlate: settings.correlate != Correlate::Off || settings.facts.is_some(),
        max: settings.max_record_size,
        signatures: settings.keys.any().then_some(&settings.keys),
    };
    let kinds: Vec<String> = validator
        .catalog()
        .kinds()
        .iter()
        .map(|k| k.id.clone())
        .collect();
    let facts = match &settings.facts {
        None => None,
        Some(FactsTarget::File(path)) => Some(FactsOut::create(path)?),
        Some(FactsTarget::Inline) => Some(FactsOut::Inline),
    };
    // With facts written out, the cross-message rules run later (`antom-lint correlate`).
    let cross_mode = if facts.is_some() {
        Correlate::Off
    } else {
        settings.correlate
    };
    let mut emitter = Emitter {
        out: Out::new(std::io::BufWriter::with_capacity(1 << 16, w)),
        sink: Sink {
            severities: &settings.severities,
            known: &settings.known,
            known_used: vec![false; settings.known.len()],
            format,
            human: &human,
            summary: Summary::new(),
            worst: None,
            sarif: None,
            wrap: settings.wrap,
        },
        cross: correlate::Cross::new(cross_mode, settings.correlate_window, kinds.clone()),
        progress: Progress::new(settings.progress),
        facts,
        kinds,
    };
    let (forced, max) = (settings.input, settings.max_record_size);
    let read_errors = if settings.threads <= 1 {
        input::produce(inputs, forced, max, &mut |job| {
            let checked = process(&ctx, &job).map_err(|e| format!("internal error: {e}"))?;
            emitter.accept(&job, checked)
        })?
    } else {
        // Every kind compiled up front, not raced for by the workers.
        validator
            .compile_all()
            .map_err(|e| format!("internal error: {e}"))?;
        parallel(&ctx, inputs, forced, max, settings.threads, &mut emitter)?
    };
    emitter.progress.clear();
    let Emitter {
        mut out,
        mut sink,
        cross,
        facts,
        ..
    } = emitter;
    if let Some(facts) = facts {
        facts.finish()?;
    }
    let io = Stop::write;
    sink.emit(&mut out, cross.finish())?;
    let summary = &sink.summary;
    match format {
        OutputFormat::Human => human.summary(&mut out, summary).map_err(io)?,
        OutputFormat::Json => output::json_summary(&mut out, summary).map_err(io)?,
        OutputFormat::Sarif => {
            let sarif = match sink.sarif.take() {
                Some(s) => s,
                None => output::Sarif::start(&mut out).map_err(io)?,
            };
            sarif.finish(&mut out, &sink.summary).map_err(io)?
        }
        OutputFormat::Github => {}
    }
    out.flush().map_err(io)?;
    Ok(Outcome {
        summary: sink.summary,
        worst: sink.worst,
        read_errors,
        known_used: sink.known_used,
    })
}

/// `antom-lint filter`: NDJSON records from standard input, findings and facts out in input
/// order; status 0 unless the input cannot be read.
pub fn filter(name: Option<&str>, kind: Option<&str>, max_record_size: usize) -> Result<u8, Stop> {
    let validator = Validator::new().map_err(|e| format!("internal error: {e}"))?;
    if let Some(k) = kind {
        if validator.catalog().get(k).is_none() {
            return Err(Stop::Failed(format!("unknown kind `{k}`")));
        }
    }
    let settings = Settings {
        severities: Severities::default(),
        known: Vec::new(),
        format: OutputFormat::Json,
        color: false,
        correlate: Correlate::Run,
        correlate_window: antom_schema::correlate::DEFAULT_WINDOW,
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        input: Some(InputFormat::Ndjson),
        max_record_size,
        kind: kind.map(str::to_string),
        progress: false,
        facts: Some(FactsTarget::Inline),
        wrap: true,
        keys: Keys::default(),
    };
    let inputs = [match name {
        Some(n) => input::Input::StdinNamed(n.to_string()),
        None => input::Input::Stdin,
    }];
    let outcome = execute(&validator, &settings, &inputs, std::io::stdout().lock())?;
    Ok(if outcome.read_errors > 0 { 2 } else { 0 })
}

/// Checks the records of one job.
pub fn process(ctx: &Context<'_>, job: &Job) -> Result<Vec<Checked>, SchemaError> {
    let origin = &job.origin;
    let catalog = ctx.validator.catalog();
    match &job.work {
        Work::Whole { bytes, format } => {
            let frame = Frame::file(bytes);
            records::split_whole(bytes, *format, catalog)
                .iter()
                .map(|r| check::check(ctx, origin, &frame, r))
                .collect()
        }
        Work::Lines { buf, lines } => lines
            .iter()
            .map(|l| match l.too_large {
                Some(size) => Ok(check::too_large(origin, l.record, l.line, size, ctx.max)),
                None => {
                    let bytes = &buf[l.range.clone()];
                    let frame = Frame::line(bytes, l.line);
                    let record = records::ndjson_line(l.record, bytes, l.line == 1);
                    check::check(ctx, origin, &frame, &record)
                }
            })
            .collect(),
        Work::TooLarge { size } => Ok(vec![check::too_large(origin, 1, 1, *size, ctx.max)]),
        Work::Empty => {
            let record = Record::broken(1, &rules::EMPTY_INPUT, "the input holds no record".into());
            Ok(vec![check::check(ctx, origin, &Frame::file(b""), &record)?])
        }
    }
}

/// Small jobs (one JSON file each, in a directory of small payloads) travel together up to
/// about this many bytes, so that the threads hand over a batch rather than every file.
const BATCH_BYTES: usize = 64 * 1024;
/// And at most this many jobs.
const BATCH_JOBS: usize = 64;

/// About how many bytes a job carries.
fn job_bytes(job: &Job) -> usize {
    match &job.work {
        Work::Whole { bytes, .. } => bytes.len(),
        Work::Lines { buf, .. } => buf.len(),
        Work::TooLarge { .. } | Work::Empty => 0,
    }
}

/// Reading on one thread, checking on `threads` workers, writing on this thread in input
/// order. Jobs travel in batches of consecutive jobs (one job when it is large); at most a few
/// batches per worker are in flight, so memory stays bounded whatever the size of the input.
fn parallel<W: Write>(
    ctx: &Context<'_>,
    inputs: &[input::Input],
    forced: Option<InputFormat>,
    max: usize,
    threads: usize,
    emitter: &mut Emitter<'_, W>,
) -> Result<usize, Stop> {
    type Done = (Job, Result<Vec<Checked>, SchemaError>);
    let in_flight = threads * 4;
    let (job_tx, job_rx) = mpsc::sync_channel::<Vec<Job>>(in_flight);
    let job_rx = Mutex::new(job_rx);
    std::thread::scope(|scope| {
        let (done_tx, done_rx) = mpsc::channel::<Vec<Done>>();
        let (token_tx, token_rx) = mpsc::sync_channel::<()>(in_flight);
        for _ in 0..in_flight {
            let _ = token_tx.send(());
        }
        let producer = scope.spawn(move || {
            let mut batch: Vec<Job> = Vec::new();
            let mut bytes = 0;
            let send = |batch: Vec<Job>| -> Result<(), Stop> {
                token_rx.recv().map_err(|_| "stopped".to_string())?;
                job_tx
                    .send(batch)
                    .map_err(|_| Stop::from("stopped".to_string()))
            };
            let read = input::produce(inputs, forced, max, &mut |job| {
                bytes += job_bytes(&job);
                batch.push(job);
                if bytes >= BATCH_BYTES || batch.len() >= BATCH_JOBS {
                    bytes = 0;
                    send(std::mem::take(&mut batch))?;
                }
                Ok(())
            })?;
            if !batch.is_empty() {
                send(batch)?;
            }
            Ok(read)
        });
        for _ in 0..threads {
            let done_tx = done_tx.clone();
            let job_rx = &job_rx;
            std::thread::Builder::new()
                .stack_size(8 << 20)
                .spawn_scoped(scope, move || loop {
                    let batch = match job_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok(batch) = batch else { return };
                    let done: Vec<Done> = batch
                        .into_iter()
                        .map(|job| {
                            let checked = process(ctx, &job);
                            (job, checked)
                        })
                        .collect();
                    if done_tx.send(done).is_err() {
                        return;
                    }
                })
                .map_err(|e| format!("cannot start a worker thread: {e}"))?;
        }
        drop(done_tx);
        let mut written = || -> Result<(), Stop> {
            // Batches hold consecutive jobs: each is waited for by its first job's place.
            let mut next = 0u64;
            let mut waiting: BTreeMap<u64, Vec<Done>> = BTreeMap::new();
            for done in &done_rx {
                if let Some(first) = done.iter().map(|(job, _)| job.seq).min() {
                    waiting.insert(first, done);
                }
                while let Some(batch) = waiting.remove(&next) {
                    next = batch
                        .iter()
                        .map(|(job, _)| job.seq + 1)
                        .max()
                        .unwrap_or(next + 1);
                    for (job, checked) in batch {
                        let checked = checked.map_err(|e| format!("internal error: {e}"))?;
                        emitter.accept(&job, checked)?;
                    }
                    let _ = token_tx.send(());
                }
            }
            Ok(())
        };
        let result = written();
        // On an error, stop the reader and the workers before leaving the scope.
        drop(token_tx);
        drop(done_rx);
        let read = producer
            .join()
            .map_err(|_| "internal error: the reader thread panicked".to_string())?;
        result?;
        read
    })
}
