//! `lab`: the exercises' checker. `cargo run -p lab` lists the exercises and what is next;
//! `cargo run -p lab -- check` checks the current one. See the book's "Exercises" part.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use lab::commands;
use lab::info::Exercises;
use lab::lang::Lang;

#[derive(Parser, Debug)]
#[command(
    name = "lab",
    about = "Exercises that check themselves: your socket program, run against real peers on 127.0.0.1",
    after_help = "Exit codes: 0 all went well, 1 a stage failed, the exercise does not compile, or what was asked for was not done (a reset not confirmed, a solution not yet earned), 2 a usage error. `watch` exits with 0 when q or the end of its input stops it."
)]
struct Cli {
    /// The exercises folder (default: `exercises/` here or in a folder above).
    #[arg(long, global = true, value_name = "DIR")]
    exercises: Option<PathBuf>,
    /// The language of the messages (default: from LC_ALL, LC_MESSAGES or LANG; zh... is Chinese).
    #[arg(long, global = true, value_enum)]
    lang: Option<Lang>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Every exercise, its state, and the next one to do (also what `lab` alone does).
    List,
    /// Build an exercise and check it, stage by stage (default: the current one).
    Check {
        /// The exercise, as `lab list` names it.
        name: Option<String>,
        /// Repeat a run exactly: the seed a failure printed.
        #[arg(long)]
        seed: Option<u64>,
    },
    /// Check the exercise, then again each time one of its files is saved, or Enter is
    /// pressed (default: the current one, and the next once it passes).
    Watch {
        /// The exercise, as `lab list` names it.
        name: Option<String>,
        /// The same seed for every check.
        #[arg(long)]
        seed: Option<u64>,
    },
    /// A hint for an exercise (default: the current one).
    Hint {
        /// The exercise, as `lab list` names it.
        name: Option<String>,
    },
    /// Put an exercise back as shipped, after asking: what you wrote in it is lost.
    Reset {
        /// The exercise, as `lab list` names it.
        name: String,
        /// Do not ask.
        #[arg(short, long)]
        yes: bool,
    },
    /// Show an exercise's reference solution, once it has passed.
    Solution {
        /// The exercise, as `lab list` names it.
        name: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    lab::program::stop_on_interrupt();
    let lang = cli.lang.unwrap_or_else(Lang::from_env);
    let exercises = match Exercises::find(cli.exercises.as_deref()) {
        Ok(exercises) => exercises,
        Err(message) => return commands::failure(&message, lang),
    };
    match cli.command.unwrap_or(Command::List) {
        Command::List => commands::list(&exercises, lang),
        Command::Check { name, seed } => commands::check(&exercises, name.as_deref(), seed, lang),
        Command::Watch { name, seed } => lab::watch::watch(&exercises, name.as_deref(), seed, lang),
        Command::Hint { name } => commands::hint(&exercises, name.as_deref(), lang),
        Command::Reset { name, yes } => commands::reset(&exercises, &name, yes, lang),
        Command::Solution { name } => commands::solution(&exercises, &name, lang),
    }
}
