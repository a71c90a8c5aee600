//! Pipeline benchmark: time per stage, whole-process time and peak memory, and the cost of the
//! generated code under `cargo check`.
//!
//! Run (every number in BENCHMARKS.md):
//! `cargo bench -p generator --bench pipeline -- --check-cost --instructions`
//!
//! Inputs: the project specs (`specs/*.yaml`), `oxide_nexus.json`, the big GitHub and Stripe specs
//! of `../shared/corpus`, and synthetic specs of 100, 1,000 and 10,000 operations that this bench
//! writes to a temporary directory.
//!
//! For each input it reports:
//! - the median wall time of each pipeline stage run in this process (`load`, `validate`, `lower`,
//!   `emit`, `format`, `write` into a fresh directory) and of their sum, and the heap high-water
//!   mark during each stage (a counting global allocator). `validate` includes the loader's own
//!   findings and locating every diagnostic; `emit` collects all pieces of the module and
//!   `format` formats them, so the two can be told apart; "emit+format streamed" is the same work
//!   interleaved piece by piece, as `generate` does it;
//! - the median wall time, the median user+system CPU time and the peak RSS (`/usr/bin/time`,
//!   largest of the runs) of the release `generator` binary run as
//!   `generator --quiet --out <fresh dir> <spec>`;
//! - the lines of the generated service module and lines per operation;
//! - the heap the parsed spec holds once loaded, and the sizes of the types it is made of
//!   (against `openapiv3`'s).
//!
//! With `--instructions`, it also counts the instructions of the whole process on the 1,000- and
//! 10,000-operation specs with `valgrind --tool=callgrind`, a measure of how the work grows that
//! does not depend on the machine's load.
//!
//! With `--check-cost`, it also generates standalone crates for nexus and GitHub into
//! `target/bench-check/workspace` and times `cargo check -p <crate>` after touching the generated
//! sources (median of 3, dependencies built once into `target/bench-check/target`,
//! `CARGO_INCREMENTAL=0` so the crate is checked from scratch each time).
//!
//! Options (after `--`): `--check-cost`, `--instructions`, `--runs N` (default 5; the 10,000-operation spec uses
//! at most 3), `--only TEXT` (inputs whose name contains TEXT), `--no-synthetic`,
//! `--keep-specs DIR` (write the synthetic specs to DIR and keep them, e.g. to profile on them).
//! The markdown report is printed and also saved to `target/bench-pipeline.md`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Instant, SystemTime};

use generator::write::RenderedFile;
use generator::{emit, format, generate, load, lower, validate, write, Settings};
use load::model;

/// Counts live heap bytes and their high-water mark, so each stage's peak heap can be reported.
/// Costs two relaxed atomic operations per allocation, in every in-process run alike.
struct CountingAllocator;

static LIVE_BYTES: AtomicUsize = AtomicUsize::new(0);
static PEAK_BYTES: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let now = LIVE_BYTES.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK_BYTES.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call is forwarded unchanged to the system allocator; only counters are updated.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE_BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size >= layout.size() {
            grew(new_size - layout.size());
        } else {
            LIVE_BYTES.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Runs one stage: its result, wall seconds, and the heap high-water mark reached during it.
fn timed<T>(stage: impl FnOnce() -> T) -> (T, f64, usize) {
    PEAK_BYTES.store(LIVE_BYTES.load(Ordering::Relaxed), Ordering::Relaxed);
    let started = Instant::now();
    let result = stage();
    let seconds = started.elapsed().as_secs_f64();
    (result, seconds, PEAK_BYTES.load(Ordering::Relaxed))
}

/// Package name of the crates generated while timing.
const CRATE_NAME: &str = "bench_client";

/// Names of the pipeline stages, in order.
const STAGES: [&str; 6] = ["load", "validate", "lower", "emit", "format", "write"];

/// Whole-process time targets, in seconds, by input name.
const TIME_TARGETS: [(&str, f64); 3] = [
    ("oxide_nexus.json", 0.15),
    ("github-api.json", 1.0),
    ("stripe-2023-08-09.yaml", 1.0),
];

/// Peak RSS must stay under this many times the spec's size on disk.
const MEMORY_RATIO_TARGET: f64 = 10.0;

/// The 10,000-operation spec must take less than this many times the 1,000-operation one.
const SCALING_TARGET: f64 = 10.5;

/// Synthetic spec sizes, in operations.
const SYNTHETIC_SIZES: [usize; 3] = [100, 1_000, 10_000];

/// Times `cargo check` is timed per crate for the check cost.
const CHECK_RUNS: usize = 3;

struct Options {
    check_cost: bool,
    /// Count the instructions of the synthetic 1,000- and 10,000-operation runs (callgrind).
    instructions: bool,
    runs: usize,
    only: Option<String>,
    synthetic: bool,
    /// Where to write the synthetic specs and keep them (for profiling the binary on them).
    keep_specs: Option<PathBuf>,
}

fn options() -> Options {
    let mut options = Options {
        check_cost: false,
        instructions: false,
        runs: 5,
        only: None,
        synthetic: true,
        keep_specs: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check-cost" => options.check_cost = true,
            "--instructions" => options.instructions = true,
            "--no-synthetic" => options.synthetic = false,
            "--runs" => {
                options.runs = args
                    .next()
                    .and_then(|runs| runs.parse().ok())
                    .filter(|&runs| runs > 0)
                    .expect("--runs takes a positive number")
            }
            "--only" => options.only = args.next(),
            "--keep-specs" => options.keep_specs = args.next().map(PathBuf::from),
            // `cargo bench` passes `--bench`; other harness flags mean nothing here.
            _ => {}
        }
    }
    options
}

/// One spec to measure.
struct Input {
    name: String,
    path: PathBuf,
    runs: usize,
}

/// Everything measured for one input.
struct Measurement {
    name: String,
    bytes: u64,
    operations: usize,
    models: usize,
    lines: usize,
    runs: usize,
    /// Median seconds per stage, in `STAGES` order.
    stages: [f64; 6],
    /// Median of the per-run sums of the stages.
    stage_total: f64,
    /// Highest live heap reached during each stage (bytes, largest of the runs).
    heap_peaks: [usize; 6],
    /// Median seconds of emit and format interleaved, piece by piece, as `generate` runs them.
    streamed: f64,
    /// Heap high-water mark during the interleaved emit and format.
    streamed_heap: usize,
    /// Heap the loaded spec holds once `load` returns, less its text: the description
    /// (`load::model`) the later stages read.
    parsed_spec_bytes: usize,
    process_runs: usize,
    process_seconds: f64,
    /// Median user + system CPU seconds of the binary (less sensitive to other load).
    process_cpu_seconds: Option<f64>,
    peak_kib: Option<u64>,
}

/// The cost of one generated crate under `cargo check`.
struct CheckCost {
    name: String,
    operations: usize,
    module_lines: usize,
    crate_lines: usize,
    check_seconds: f64,
    check_runs: Vec<f64>,
    noop_seconds: f64,
}

/// Runs `work` on a new thread and waits for it.
fn on_new_thread<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        scope
            .spawn(work)
            .join()
            .expect("the measured thread panicked")
    })
}

fn main() {
    let options = options();
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the generator crate is inside the workspace")
        .to_path_buf();
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace.join("target"));
    let binary = std::env::var_os("GENERATOR_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_generator")));
    let scratch = std::env::temp_dir().join(format!("generator-bench-{}", std::process::id()));
    fs::create_dir_all(&scratch).expect("create the scratch directory");

    let mut inputs = Vec::new();
    let mut project_specs: Vec<PathBuf> = fs::read_dir(workspace.join("specs"))
        .expect("list specs/")
        .map(|entry| entry.expect("read specs/").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "yaml")
        })
        .collect();
    project_specs.sort();
    let corpus = workspace.join("../shared/corpus");
    for path in project_specs.into_iter().chain([
        corpus.join("oxide_nexus.json"),
        corpus.join("big/github-api.json"),
        corpus.join("big/stripe-2023-08-09.yaml"),
    ]) {
        inputs.push(Input {
            name: file_name(&path),
            path,
            runs: options.runs,
        });
    }
    if options.synthetic {
        let spec_dir = options
            .keep_specs
            .clone()
            .unwrap_or_else(|| scratch.clone());
        fs::create_dir_all(&spec_dir).expect("create the synthetic spec directory");
        for operations in SYNTHETIC_SIZES {
            let path = spec_dir.join(format!("synthetic_{operations}.yaml"));
            fs::write(&path, synthetic_spec(operations)).expect("write a synthetic spec");
            inputs.push(Input {
                name: file_name(&path),
                path,
                runs: if operations >= 10_000 {
                    options.runs.min(3)
                } else {
                    options.runs
                },
            });
        }
    }
    if let Some(only) = &options.only {
        inputs.retain(|input| input.name.contains(only.as_str()));
    }

    let time_available = Path::new("/usr/bin/time").exists();
    if !time_available {
        eprintln!("note: /usr/bin/time is missing; peak memory is not measured");
    }
    eprintln!("generator binary: {}", binary.display());
    let floors = Floors {
        process_kib: time_available
            .then(|| floor_rss(&binary, &scratch))
            .flatten(),
        run_kib: time_available
            .then(|| run_floor_rss(&binary, &scratch))
            .flatten(),
    };
    let mut measurements = Vec::new();
    for input in &inputs {
        eprintln!("measuring {} ({} runs)…", input.name, input.runs);
        let mut measurement = measure_stages(input, &scratch);
        measure_process(&mut measurement, input, &binary, &scratch, time_available);
        measurements.push(measurement);
    }

    let checks = if options.check_cost {
        let crates: Vec<(&str, PathBuf)> = [
            ("bench_nexus", corpus.join("oxide_nexus.json")),
            ("bench_github", corpus.join("big/github-api.json")),
        ]
        .into_iter()
        .filter(|(_, spec)| {
            options
                .only
                .as_ref()
                .is_none_or(|only| file_name(spec).contains(only.as_str()))
        })
        .collect();
        check_costs(&workspace, &target_dir, &crates)
    } else {
        Vec::new()
    };

    let instructions = if options.instructions {
        let synthetic = |operations: usize| {
            inputs
                .iter()
                .find(|input| input.name == format!("synthetic_{operations}.yaml"))
        };
        match (synthetic(1_000), synthetic(10_000)) {
            (Some(small), Some(large)) => instruction_counts(&binary, &scratch, small, large),
            _ => None,
        }
    } else {
        None
    };

    let report = report(&measurements, &checks, &options, instructions, floors);
    println!("{report}");
    let saved = target_dir.join("bench-pipeline.md");
    if fs::write(&saved, &report).is_ok() {
        eprintln!("saved to {}", saved.display());
    }
    let _ = fs::remove_dir_all(&scratch);
}

/// `1234567` as `1,234,567`.
fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted[middle]
    } else {
        (sorted[middle - 1] + sorted[middle]) / 2.0
    }
}

/// A fresh, empty directory.
fn fresh_dir(dir: &Path) -> PathBuf {
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir).expect("create an output directory");
    dir.to_path_buf()
}

/// Runs the stages one by one in this process, `input.runs` times after one warm-up run.
fn measure_stages(input: &Input, scratch: &Path) -> Measurement {
    let bytes = fs::metadata(&input.path)
        .unwrap_or_else(|error| panic!("{}: {error}", input.path.display()))
        .len();
    // Warm-up (page cache, allocator) and the reference output: the crate files other than the
    // service module come from here, and the staged module must equal what `generate` renders.
    let settings = Settings::new()
        .spec(&input.path)
        .output(scratch.join("reference"))
        .crate_name(CRATE_NAME);
    let generation = generate(&settings)
        .unwrap_or_else(|error| panic!("{}: generation failed: {error}", input.name));
    let summary = &generation.summaries[0];
    let module_path = Path::new("src").join(format!("{}.rs", summary.module));
    let crate_files: Vec<RenderedFile> = generation
        .files
        .iter()
        .filter(|file| file.path != module_path)
        .cloned()
        .collect();
    let expected = &generation
        .files
        .iter()
        .find(|file| file.path == module_path)
        .expect("the service module is generated")
        .contents;

    let source = file_name(&input.path);
    let mut per_stage: Vec<Vec<f64>> = vec![Vec::new(); STAGES.len()];
    let mut totals = Vec::new();
    let mut heap_peaks = [0usize; 6];
    let mut streamed = Vec::new();
    let mut streamed_heap = 0;
    let mut parsed_spec_bytes = 0;
    for run in 0..input.runs {
        let out = fresh_dir(&scratch.join(format!("staged-{run}")));
        let mut seconds = [0.0; 6];
        let mut peaks = [0usize; 6];

        let before_load = LIVE_BYTES.load(Ordering::Relaxed);
        let (spec, time, peak) = timed(|| load::load(&input.path).expect("load"));
        (seconds[0], peaks[0]) = (time, peak);
        parsed_spec_bytes = LIVE_BYTES
            .load(Ordering::Relaxed)
            .saturating_sub(before_load + spec.sources.files[0].text.capacity());

        // As `generate` does: the loader's own findings, then the document checks.
        let (mut diagnostics, time, peak) = timed(|| {
            let mut found = spec.diagnostics.clone();
            found.extend(validate::validate(&spec));
            found
        });
        (seconds[1], peaks[1]) = (time, peak);

        let (lowered, time, peak) = timed(|| {
            lower::lower(&spec, &summary.module, &source, &Default::default())
                .unwrap_or_else(|_| panic!("{}: lowering failed", input.name))
        });
        (seconds[2], peaks[2]) = (time, peak);
        let lower::Lowered { service, warnings } = lowered;

        // Locating every diagnostic (line and column in the spec text) counts as validation.
        diagnostics.extend(warnings);
        let ((), time, peak) = timed(|| spec.locate_all(&mut diagnostics));
        seconds[1] += time;
        peaks[1] = peaks[1].max(peak);
        assert!(
            !diagnostics.iter().any(|diagnostic| diagnostic.is_error()),
            "{}: errors in the spec",
            input.name
        );

        // As `generate` does, the parsed spec is freed before emitting, and emitting and
        // formatting run on new threads, whose allocations come from fresh allocator arenas.
        drop(spec);

        // Emit and format as separate stages: all pieces are collected, then formatted (on one
        // thread: token streams stay on the thread that made them).
        let banner = format::banner(&source);
        let (emitted, (contents, time, peak)) = on_new_thread(|| {
            let (pieces, time, peak) =
                timed(|| emit::service_pieces(&service, CRATE_NAME).collect::<Vec<_>>());
            let formatted =
                timed(|| format::format_pieces(pieces.into_iter(), &banner).expect("format"));
            ((time, peak), formatted)
        });
        (seconds[3], peaks[3]) = emitted;
        (seconds[4], peaks[4]) = (time, peak);
        assert!(
            contents == *expected,
            "{}: the staged module differs from generate()'s",
            input.name
        );

        // What `generate` does: each piece is formatted as soon as it is emitted.
        let (streamed_contents, time, peak) = on_new_thread(|| {
            timed(|| {
                format::format_pieces(emit::service_pieces(&service, CRATE_NAME), &banner)
                    .expect("format")
            })
        });
        streamed.push(time);
        streamed_heap = streamed_heap.max(peak);
        assert!(streamed_contents == contents);
        drop(streamed_contents);

        let mut files = crate_files.clone();
        files.push(RenderedFile {
            path: module_path.clone(),
            contents,
        });
        let (written, time, peak) = timed(|| write::write_files(&out, &files));
        written.expect("write");
        (seconds[5], peaks[5]) = (time, peak);

        drop((service, files));
        let _ = fs::remove_dir_all(&out);
        for (stage, value) in seconds.iter().enumerate() {
            per_stage[stage].push(*value);
            heap_peaks[stage] = heap_peaks[stage].max(peaks[stage]);
        }
        totals.push(seconds.iter().sum());
    }

    let mut stages = [0.0; 6];
    for (stage, values) in per_stage.iter().enumerate() {
        stages[stage] = median(values);
    }
    Measurement {
        name: input.name.clone(),
        bytes,
        operations: summary.operations,
        models: summary.models,
        lines: summary.lines,
        runs: input.runs,
        stages,
        stage_total: median(&totals),
        heap_peaks,
        streamed: median(&streamed),
        streamed_heap,
        parsed_spec_bytes,
        process_runs: 0,
        process_seconds: 0.0,
        process_cpu_seconds: None,
        peak_kib: None,
    }
}

/// Runs the release binary on the spec, `input.runs` times after one warm-up run, under
/// `/usr/bin/time` for its peak RSS.
fn measure_process(
    measurement: &mut Measurement,
    input: &Input,
    binary: &Path,
    scratch: &Path,
    time_available: bool,
) {
    let time_file = scratch.join("time.txt");
    let mut seconds = Vec::new();
    let mut cpu_seconds = Vec::new();
    let mut peak: Option<u64> = None;
    for run in 0..=input.runs {
        // The binary creates its output directory, as it would for a user.
        let out = scratch.join("process-out");
        let _ = fs::remove_dir_all(&out);
        let mut command = if time_available {
            let mut command = Command::new("/usr/bin/time");
            command
                .arg("-o")
                .arg(&time_file)
                .args(["-f", "%e %M %U %S"])
                .arg(binary);
            command
        } else {
            Command::new(binary)
        };
        command
            .arg("--quiet")
            .arg("--out")
            .arg(&out)
            .arg(&input.path)
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let started = Instant::now();
        let output = command.output().expect("run the generator binary");
        let elapsed = started.elapsed().as_secs_f64();
        assert!(
            output.status.success(),
            "{}: the generator binary failed: {}",
            input.name,
            String::from_utf8_lossy(&output.stderr)
        );
        if time_available {
            let text = fs::read_to_string(&time_file).expect("read /usr/bin/time's output");
            let fields: Vec<&str> = text
                .lines()
                .last()
                .map(|line| line.split_whitespace().collect())
                .unwrap_or_default();
            let kib = fields
                .get(1)
                .and_then(|kib| kib.parse::<u64>().ok())
                .expect("/usr/bin/time reports %M");
            peak = Some(peak.map_or(kib, |peak| peak.max(kib)));
            let user_and_system: Option<f64> = fields
                .get(2..4)
                .and_then(|times| times.iter().map(|time| time.parse::<f64>().ok()).sum());
            if let (true, Some(cpu)) = (run > 0, user_and_system) {
                cpu_seconds.push(cpu);
            }
        }
        if run > 0 {
            seconds.push(elapsed);
        }
    }
    let _ = fs::remove_dir_all(scratch.join("process-out"));
    measurement.process_runs = seconds.len();
    measurement.process_seconds = median(&seconds);
    measurement.process_cpu_seconds = (!cpu_seconds.is_empty()).then(|| median(&cpu_seconds));
    measurement.peak_kib = peak;
}

/// Peak RSS of `generator --version`: what the process costs before reading any spec.
/// Instructions executed by the whole process on the 1,000- and 10,000-operation specs, counted
/// by `valgrind --tool=callgrind` (the same count on a busy or an idle machine). Both run at once.
fn instruction_counts(
    binary: &Path,
    scratch: &Path,
    small: &Input,
    large: &Input,
) -> Option<(u64, u64)> {
    eprintln!("counting instructions with callgrind (a few minutes)…");
    let count = |input: &Input| {
        let out = fresh_dir(&scratch.join(format!("callgrind-{}", input.name)));
        let output = Command::new("valgrind")
            .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
            .arg(binary)
            .args(["--quiet", "--out"])
            .arg(&out)
            .arg(&input.path)
            .stdout(Stdio::null())
            .output()
            .ok()?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        let refs = stderr
            .lines()
            .find_map(|line| line.split("I   refs:").nth(1))?;
        refs.trim().replace(',', "").parse::<u64>().ok()
    };
    let (small, large) = std::thread::scope(|scope| {
        let large = scope.spawn(|| count(large));
        let small = count(small);
        (small, large.join().ok().flatten())
    });
    if small.is_none() || large.is_none() {
        eprintln!("note: valgrind did not run; instructions are not counted");
    }
    Some((small?, large?))
}

/// The fixed memory costs every spec pays, whatever its size.
#[derive(Clone, Copy)]
struct Floors {
    /// Peak RSS of `generator --version`: the process, before any generation code runs.
    process_kib: Option<u64>,
    /// Peak RSS of generating a one-operation spec: the code, libraries, stacks and allocator
    /// arenas a run touches (largest of 3 runs).
    run_kib: Option<u64>,
}

fn floor_rss(binary: &Path, scratch: &Path) -> Option<u64> {
    peak_rss_kib(binary, &["--version".as_ref()], scratch)
}

fn run_floor_rss(binary: &Path, scratch: &Path) -> Option<u64> {
    let spec = scratch.join("synthetic_1.yaml");
    fs::write(&spec, synthetic_spec(1)).ok()?;
    let mut largest = None;
    for run in 0..3 {
        let out = fresh_dir(&scratch.join(format!("floor-{run}")));
        let args = [
            "--quiet".as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
            spec.as_os_str(),
        ];
        largest = largest.max(peak_rss_kib(binary, &args, scratch));
    }
    largest
}

/// Peak RSS (KiB) of `binary` run with `args`, by `/usr/bin/time`.
fn peak_rss_kib(binary: &Path, args: &[&std::ffi::OsStr], scratch: &Path) -> Option<u64> {
    let time_file = scratch.join("time-floor.txt");
    let status = Command::new("/usr/bin/time")
        .arg("-o")
        .arg(&time_file)
        .args(["-f", "%M"])
        .arg(binary)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    if !status.success() {
        return None;
    }
    fs::read_to_string(&time_file)
        .ok()?
        .lines()
        .last()?
        .trim()
        .parse()
        .ok()
}

/// Generates each crate, builds its dependencies once, then times `cargo check -p <crate>`.
fn check_costs(workspace: &Path, target_dir: &Path, crates: &[(&str, PathBuf)]) -> Vec<CheckCost> {
    let root = target_dir.join("bench-check");
    let work = root.join("workspace");
    let check_target = root.join("target");
    fs::create_dir_all(&work).expect("create the check workspace");
    let mut costs = Vec::new();
    for (name, spec) in crates {
        let settings = Settings::new()
            .spec(spec)
            .output(work.join(name))
            .crate_name(*name);
        let generation = generate(&settings).expect("generate the crate");
        write::write_files(&settings.output, &generation.files).expect("write the crate");
        let summary = &generation.summaries[0];
        costs.push(CheckCost {
            name: name.to_string(),
            operations: summary.operations,
            module_lines: summary.lines,
            crate_lines: generation
                .files
                .iter()
                .filter(|file| file.path.extension().is_some_and(|ext| ext == "rs"))
                .map(|file| file.contents.lines().count())
                .sum(),
            check_seconds: 0.0,
            check_runs: Vec::new(),
            noop_seconds: 0.0,
        });
    }
    let members: Vec<String> = crates.iter().map(|(name, _)| format!("{name:?}")).collect();
    fs::write(
        work.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .expect("write the check workspace manifest");
    fs::copy(workspace.join("Cargo.lock"), work.join("Cargo.lock")).expect("copy Cargo.lock");

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let check = |name: &str| -> f64 {
        let started = Instant::now();
        let output = Command::new(&cargo)
            .args(["check", "--quiet", "-p", name])
            .current_dir(&work)
            .env("CARGO_TARGET_DIR", &check_target)
            .env("CARGO_INCREMENTAL", "0")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .expect("run cargo");
        let elapsed = started.elapsed().as_secs_f64();
        assert!(
            output.status.success(),
            "cargo check -p {name} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        elapsed
    };
    // Dependencies once per crate (feature sets may differ between crates), untimed.
    for cost in &costs {
        eprintln!("building the dependencies of {} (once)…", cost.name);
        check(&cost.name);
    }
    for cost in &mut costs {
        eprintln!("timing cargo check -p {}…", cost.name);
        let sources = work.join(&cost.name).join("src");
        for _ in 0..CHECK_RUNS {
            touch_all(&sources);
            cost.check_runs.push(check(&cost.name));
        }
        cost.check_seconds = median(&cost.check_runs);
        // Nothing changed: what cargo itself costs around the compiler.
        cost.noop_seconds = median(&[check(&cost.name), check(&cost.name), check(&cost.name)]);
    }
    costs
}

/// Sets the modification time of every file in `dir` to now.
fn touch_all(dir: &Path) {
    let now = SystemTime::now();
    for entry in fs::read_dir(dir).expect("list the generated sources") {
        let path = entry.expect("read the generated sources").path();
        fs::File::options()
            .append(true)
            .open(&path)
            .and_then(|file| file.set_modified(now))
            .unwrap_or_else(|error| panic!("touch {}: {error}", path.display()));
    }
}

/// The operation count in a synthetic spec's name, e.g. `synthetic_1000.yaml` → 1000.
fn synthetic_operations(name: &str) -> Option<usize> {
    name.strip_prefix("synthetic_")?
        .strip_suffix(".yaml")?
        .parse()
        .ok()
}

/// The slowest stage and its share of the stage total, e.g. `format 41%`.
fn top_stage(m: &Measurement) -> String {
    let sum: f64 = m.stages.iter().sum();
    let (index, seconds) = m
        .stages
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .expect("six stages");
    format!("{} {:.0}%", STAGES[index], 100.0 * seconds / sum)
}

fn milliseconds(seconds: f64) -> String {
    let ms = seconds * 1000.0;
    if ms >= 100.0 {
        format!("{ms:.0}")
    } else if ms >= 10.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.2}")
    }
}

fn size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.2} MiB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}

fn report(
    measurements: &[Measurement],
    checks: &[CheckCost],
    options: &Options,
    instructions: Option<(u64, u64)>,
    floors: Floors,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "### Generation time per stage (in process, median ms)\n"
    );
    let _ = writeln!(
        out,
        "| spec | size | ops | models | runs | load | validate | lower | emit | format | write | stages total | top stage | emit+format streamed | lines | lines/op |"
    );
    let _ = writeln!(
        out,
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|--:|"
    );
    for m in measurements {
        let stages: Vec<String> = m.stages.iter().map(|&s| milliseconds(s)).collect();
        let per_op = if m.operations > 0 {
            format!("{:.1}", m.lines as f64 / m.operations as f64)
        } else {
            "–".to_string()
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            m.name,
            size(m.bytes),
            m.operations,
            m.models,
            m.runs,
            stages.join(" | "),
            milliseconds(m.stage_total),
            top_stage(m),
            milliseconds(m.streamed),
            m.lines,
            per_op,
        );
    }

    let _ = writeln!(
        out,
        "\n### Heap high-water mark during each stage (in process, MiB of live heap; what is still held from earlier stages counts)\n"
    );
    let _ = writeln!(
        out,
        "| spec | size | load | validate | lower | emit (all pieces) | format | write | max / spec size | emit+format streamed | max streamed / spec size |"
    );
    let _ = writeln!(out, "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
    for m in measurements {
        let peaks: Vec<String> = m
            .heap_peaks
            .iter()
            .map(|&bytes| format!("{:.1}", bytes as f64 / (1024.0 * 1024.0)))
            .collect();
        let max = m.heap_peaks.iter().copied().max().unwrap_or(0);
        // The streaming path replaces the emit and format stages.
        let max_streamed = m
            .heap_peaks
            .iter()
            .enumerate()
            .filter(|(stage, _)| !matches!(STAGES[*stage], "emit" | "format"))
            .map(|(_, &bytes)| bytes)
            .chain([m.streamed_heap])
            .max()
            .unwrap_or(0);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {:.1} | {:.1} | {:.1} |",
            m.name,
            size(m.bytes),
            peaks.join(" | "),
            max as f64 / m.bytes as f64,
            m.streamed_heap as f64 / (1024.0 * 1024.0),
            max_streamed as f64 / m.bytes as f64,
        );
    }

    let _ = writeln!(
        out,
        "\n### What the parsed spec holds (in process: heap held by `LoadedSpec` once `load` returns, less its text)\n"
    );
    let _ = writeln!(out, "| spec | size | parsed spec (MiB) | / spec size |");
    let _ = writeln!(out, "|---|--:|--:|--:|");
    for m in measurements {
        let _ = writeln!(
            out,
            "| {} | {} | {:.1} | {:.1} |",
            m.name,
            size(m.bytes),
            m.parsed_spec_bytes as f64 / (1024.0 * 1024.0),
            m.parsed_spec_bytes as f64 / m.bytes as f64,
        );
    }
    let _ = writeln!(
        out,
        "\nSizes of the types it is made of (bytes, `size_of`, whatever they hold), ours \
         (`load::model`) against `openapiv3`'s: `Operation` {} / {}, `Parameter` {} / {}, \
         `MediaType` {} / {}, `Schema` {} / {}, `Response` {} / {}.",
        std::mem::size_of::<model::Operation>(),
        std::mem::size_of::<openapiv3::Operation>(),
        std::mem::size_of::<model::Parameter>(),
        std::mem::size_of::<openapiv3::Parameter>(),
        std::mem::size_of::<model::MediaType>(),
        std::mem::size_of::<openapiv3::MediaType>(),
        std::mem::size_of::<model::Schema>(),
        std::mem::size_of::<openapiv3::Schema>(),
        std::mem::size_of::<model::Response>(),
        std::mem::size_of::<openapiv3::Response>(),
    );

    let _ = writeln!(
        out,
        "\n### Whole process: `generator --quiet --out DIR SPEC` (release)\n"
    );
    let _ = writeln!(
        out,
        "| spec | size | ops | runs | wall median (s) | CPU median (s) | time target (s) | time / target | peak RSS (MiB) | peak RSS / spec size (target < {MEMORY_RATIO_TARGET:.0}) | (peak − process floor) / spec size | (peak − run floor) / spec size |"
    );
    let _ = writeln!(out, "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
    for m in measurements {
        let target = TIME_TARGETS
            .iter()
            .find(|(name, _)| *name == m.name)
            .map(|(_, target)| *target);
        let (target_text, ratio_text) = match target {
            Some(target) => (
                format!("{target:.2}"),
                format!(
                    "{:.2}{}",
                    m.process_seconds / target,
                    if m.process_seconds < target {
                        " ✅"
                    } else {
                        " ❌"
                    }
                ),
            ),
            None => ("–".to_string(), "–".to_string()),
        };
        let above = |floor: Option<u64>| match (m.peak_kib, floor) {
            (Some(kib), Some(floor)) => format!(
                "{:.1}",
                (kib.saturating_sub(floor) * 1024) as f64 / m.bytes as f64
            ),
            _ => "n/a".to_string(),
        };
        let above_floor_text = above(floors.process_kib);
        let above_run_floor_text = above(floors.run_kib);
        let (peak_text, memory_ratio_text) = match m.peak_kib {
            Some(kib) => {
                let ratio = (kib * 1024) as f64 / m.bytes as f64;
                (
                    format!("{:.1}", kib as f64 / 1024.0),
                    format!(
                        "{ratio:.1}{}",
                        if ratio < MEMORY_RATIO_TARGET {
                            " ✅"
                        } else {
                            " ❌"
                        }
                    ),
                )
            }
            None => ("n/a".to_string(), "n/a".to_string()),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {:.3} | {} | {} | {} | {} | {} | {} | {} |",
            m.name,
            size(m.bytes),
            m.operations,
            m.process_runs,
            m.process_seconds,
            m.process_cpu_seconds
                .map_or("n/a".to_string(), |cpu| format!("{cpu:.2}")),
            target_text,
            ratio_text,
            peak_text,
            memory_ratio_text,
            above_floor_text,
            above_run_floor_text,
        );
    }
    let mib = |kib: Option<u64>| {
        kib.map_or("n/a".to_string(), |kib| {
            format!("{:.1} MiB", kib as f64 / 1024.0)
        })
    };
    let _ = writeln!(
        out,
        "\nProcess floor (peak RSS of `generator --version`): {}. Run floor (peak RSS of generating \
         a one-operation spec, largest of 3 runs): {}. Peak RSS is the largest of the runs.",
        mib(floors.process_kib),
        mib(floors.run_kib),
    );

    let find = |operations: usize| {
        measurements
            .iter()
            .find(|m| synthetic_operations(&m.name) == Some(operations))
    };
    if let (Some(small), Some(large)) = (find(1_000), find(10_000)) {
        let process = large.process_seconds / small.process_seconds;
        let stages = large.stage_total / small.stage_total;
        let _ = writeln!(
            out,
            "\n### Scaling: 10,000 vs 1,000 synthetic operations (target < {SCALING_TARGET})\n"
        );
        let _ = writeln!(out, "| measure | 1,000 ops | 10,000 ops | ratio |");
        let _ = writeln!(out, "|---|--:|--:|--:|");
        let mark = |ratio: f64| if ratio < SCALING_TARGET { "✅" } else { "❌" };
        let _ = writeln!(
            out,
            "| whole process (s) | {:.3} | {:.3} | {process:.2} {} |",
            small.process_seconds,
            large.process_seconds,
            mark(process)
        );
        if let (Some(small_cpu), Some(large_cpu)) =
            (small.process_cpu_seconds, large.process_cpu_seconds)
        {
            let cpu = large_cpu / small_cpu;
            let _ = writeln!(
                out,
                "| whole process, CPU user+sys (s) | {small_cpu:.2} | {large_cpu:.2} | {cpu:.2} {} |",
                mark(cpu)
            );
        }
        let _ = writeln!(
            out,
            "| stages total (s) | {:.3} | {:.3} | {stages:.2} {} |",
            small.stage_total,
            large.stage_total,
            mark(stages)
        );
        for (index, stage) in STAGES.iter().enumerate() {
            let _ = writeln!(
                out,
                "| {stage} (s) | {:.4} | {:.4} | {:.2} |",
                small.stages[index],
                large.stages[index],
                large.stages[index] / small.stages[index]
            );
        }
    }

    if let Some((small, large)) = instructions {
        let _ = writeln!(
            out,
            "\n### Instructions: 10,000 vs 1,000 synthetic operations (whole process, `valgrind --tool=callgrind`)\n"
        );
        let _ = writeln!(out, "| 1,000 ops | 10,000 ops | ratio |");
        let _ = writeln!(out, "|--:|--:|--:|");
        let _ = writeln!(
            out,
            "| {} | {} | {:.2} |",
            thousands(small),
            thousands(large),
            large as f64 / small as f64
        );
    }

    if !checks.is_empty() {
        let _ = writeln!(
            out,
            "\n### Cost of the generated code: `cargo check -p CRATE` after touching its sources (median of {CHECK_RUNS}, dependencies prebuilt, CARGO_INCREMENTAL=0)\n"
        );
        let _ = writeln!(
            out,
            "| crate | ops | module lines | crate .rs lines | lines/op | check (s) | runs (s) | no-op check (s) |"
        );
        let _ = writeln!(out, "|---|--:|--:|--:|--:|--:|--:|--:|");
        for check in checks {
            let runs: Vec<String> = check.check_runs.iter().map(|s| format!("{s:.2}")).collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {:.1} | {:.2} | {} | {:.2} |",
                check.name,
                check.operations,
                check.module_lines,
                check.crate_lines,
                check.module_lines as f64 / check.operations as f64,
                check.check_seconds,
                runs.join(", "),
                check.noop_seconds,
            );
        }
    } else if !options.check_cost {
        let _ = writeln!(
            out,
            "\n(`cargo check` cost not measured; pass `-- --check-cost`.)"
        );
    }
    out
}

/// A YAML spec of `operations` operations over `operations / 4` resources: each operation has a
/// path parameter, a query parameter, a JSON request body (`Resource{r}Input`), a 200 response
/// (`Resource{r}`, which embeds the input schema) and a 404 error (the shared `Error`); four
/// operations share each pair of schemas.
fn synthetic_spec(operations: usize) -> String {
    const METHODS: [&str; 4] = ["post", "put", "patch", "post"];
    const ACTIONS: [&str; 4] = ["create", "replace", "update", "archive"];
    let resources = operations.div_ceil(4);
    let mut out = String::with_capacity(operations * 1200);
    let _ = write!(
        out,
        "openapi: 3.0.3\n\
         info:\n  title: Synthetic API ({operations} operations)\n  version: 1.0.0\n  \
         description: Generated by generator/benches/pipeline.rs.\n\
         servers:\n  - url: https://api.example.com/v1\n\
         paths:\n"
    );
    for index in 0..operations {
        let resource = index / 4;
        let kind = index % 4;
        let (method, action) = (METHODS[kind], ACTIONS[kind]);
        let _ = write!(
            out,
            "  /resources{resource}/{{item_id}}/{action}:\n    {method}:\n      \
             operationId: {action}Resource{resource}\n      \
             summary: {action} an item of resource {resource}\n      \
             tags: [resources{resource}]\n      \
             parameters:\n        \
             - name: item_id\n          in: path\n          required: true\n          \
             description: The item's identifier.\n          schema:\n            type: string\n        \
             - name: limit\n          in: query\n          required: false\n          \
             description: How many related items to return.\n          schema:\n            \
             type: integer\n            format: int32\n            minimum: 1\n      \
             requestBody:\n        required: true\n        content:\n          application/json:\n            \
             schema:\n              $ref: '#/components/schemas/Resource{resource}Input'\n      \
             responses:\n        '200':\n          description: The item.\n          content:\n            \
             application/json:\n              schema:\n                \
             $ref: '#/components/schemas/Resource{resource}'\n        \
             '404':\n          description: No such item.\n          content:\n            \
             application/json:\n              schema:\n                \
             $ref: '#/components/schemas/Error'\n"
        );
    }
    out.push_str(
        "components:\n  schemas:\n    Error:\n      type: object\n      required: [code, message]\n      \
         properties:\n        code:\n          type: integer\n          format: int32\n        \
         message:\n          type: string\n",
    );
    for resource in 0..resources {
        let _ = write!(
            out,
            "    Resource{resource}Input:\n      type: object\n      required: [name]\n      \
             properties:\n        name:\n          type: string\n          description: Display name.\n        \
             count:\n          type: integer\n          format: int64\n        \
             tags:\n          type: array\n          items:\n            type: string\n        \
             enabled:\n          type: boolean\n\
             \x20   Resource{resource}:\n      type: object\n      required: [id, name, status]\n      \
             properties:\n        id:\n          type: string\n        name:\n          type: string\n        \
             created_at:\n          type: string\n          format: date-time\n        \
             status:\n          type: string\n          enum: [active, archived]\n        \
             input:\n          $ref: '#/components/schemas/Resource{resource}Input'\n"
        );
    }
    out
}
