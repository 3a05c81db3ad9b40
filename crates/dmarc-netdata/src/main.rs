//! `dmarc-netdata [--packages DIR] [--out FILE]`: writes the network asset.
//! Defaults: `data/network/node_modules` and `target/network/network.bin`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let mut packages = dmarc_netdata::default_packages_dir();
    let mut out = PathBuf::from("target/network/network.bin");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--packages", Some(v)) => packages = v.into(),
            ("--out", Some(v)) => out = v.into(),
            _ => {
                eprintln!("usage: dmarc-netdata [--packages DIR] [--out FILE]");
                return ExitCode::from(2);
            }
        }
    }
    let started = Instant::now();
    let db = match dmarc_netdata::build(&packages) {
        Ok(db) => db,
        Err(e) => {
            eprintln!("dmarc-netdata: {e}");
            return ExitCode::FAILURE;
        }
    };
    let bytes = dmarc_netdata::encode(&db);
    if let Some(dir) = out.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Err(e) = std::fs::write(&out, &bytes) {
        eprintln!("dmarc-netdata: {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    let [a4, a6, c4, c6] = db.table_sizes();
    println!(
        "dmarc-netdata: {} ({} bytes; data of {}; {} AS; ranges: AS {a4} IPv4 + {a6} IPv6, country {c4} IPv4 + {c6} IPv6) in {:.1} s",
        out.display(),
        bytes.len(),
        db.meta().date,
        db.systems().len(),
        started.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}
