//! The exercises folder and its `info.toml`: which exercises there are, in which order,
//! where each one's files are.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::lang::Lang;
use crate::messages::Msg;

/// One exercise, as `info.toml` describes it.
#[derive(Debug, Deserialize)]
pub struct Exercise {
    pub name: String,
    pub dir: String,
    pub lesson: String,
    pub tutorial: String,
    pub hint: Hint,
}

#[derive(Debug, Deserialize)]
pub struct Hint {
    pub en: String,
    #[serde(rename = "zh-CN")]
    pub zh: String,
}

impl Hint {
    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => self.en.trim(),
            Lang::Zh => self.zh.trim(),
        }
    }
}

#[derive(Debug, Deserialize)]
struct InfoFile {
    exercise: Vec<Exercise>,
}

/// The exercises folder: its path and its exercises, in order.
#[derive(Debug)]
pub struct Exercises {
    pub dir: PathBuf,
    pub list: Vec<Exercise>,
}

impl Exercises {
    /// The folder named by `--exercises`, or else the first `exercises/` (or folder with
    /// an `info.toml`) found from the current folder upwards.
    pub fn find(given: Option<&Path>) -> Result<Exercises, Msg> {
        let dir = match given {
            Some(dir) => dir.to_path_buf(),
            None => search_upwards()?,
        };
        let path = dir.join("info.toml");
        let text = std::fs::read_to_string(&path).map_err(|error| Msg::BadInfo {
            path: path.display().to_string(),
            error: error.to_string(),
        })?;
        let info: InfoFile = toml::from_str(&text).map_err(|error| Msg::BadInfo {
            path: path.display().to_string(),
            error: error.to_string(),
        })?;
        Ok(Exercises {
            dir,
            list: info.exercise,
        })
    }

    /// The exercise called `name`.
    pub fn get(&self, name: &str) -> Result<&Exercise, Msg> {
        self.list
            .iter()
            .find(|exercise| exercise.name == name)
            .ok_or_else(|| Msg::UnknownExercise {
                name: name.to_string(),
                known: self.names().join(", "),
            })
    }

    pub fn names(&self) -> Vec<&str> {
        self.list.iter().map(|e| e.name.as_str()).collect()
    }

    /// Where the student edits, as a path to show: `src/main.rs`, or the `src` folder of
    /// an exercise with a file per program (`server.rs`, `client.rs`).
    pub fn where_to_edit(&self, exercise: &Exercise) -> PathBuf {
        let src = self.src(exercise);
        let main = src.join("main.rs");
        if main.is_file() { main } else { src }
    }

    /// The exercise's `src` folder, which the student edits.
    pub fn src(&self, exercise: &Exercise) -> PathBuf {
        self.dir.join(&exercise.dir).join("src")
    }

    /// The files of its `src` as shipped, which `lab reset` puts back: `shipped/DIR/`.
    pub fn shipped(&self, exercise: &Exercise) -> PathBuf {
        self.dir.join("shipped").join(&exercise.dir)
    }

    /// Its reference solution, which `lab solution` shows once it has passed:
    /// `solutions/DIR/`, the files of its `src` likewise.
    pub fn solution(&self, exercise: &Exercise) -> PathBuf {
        self.dir.join("solutions").join(&exercise.dir)
    }
}

fn search_upwards() -> Result<PathBuf, Msg> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    for dir in cwd.ancestors() {
        for candidate in [dir.join("exercises"), dir.to_path_buf()] {
            if candidate.join("info.toml").is_file() {
                return Ok(shorten(&candidate, &cwd));
            }
        }
    }
    Err(Msg::NoExercises {
        from: cwd.display().to_string(),
    })
}

/// `exercises` rather than `/home/you/sockets/exercises` when it is below the current
/// folder: shorter to read, and the commands the checker shows can be pasted as they are.
fn shorten(path: &Path, cwd: &Path) -> PathBuf {
    match path.strip_prefix(cwd) {
        Ok(relative) if relative.as_os_str().is_empty() => PathBuf::from("."),
        Ok(relative) => relative.to_path_buf(),
        Err(_) => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_place_to_edit_is_main_rs_or_the_src_folder_of_several_programs() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../exercises");
        let exercises = Exercises::find(Some(&dir)).expect("the repository's exercises");
        let place = |name: &str| {
            let exercise = exercises.get(name).expect("a known exercise");
            exercises.where_to_edit(exercise)
        };
        assert!(place("tcp-server").ends_with("01-tcp-server/src/main.rs"));
        assert!(place("byebye").ends_with("03-byebye/src"));
    }
}
