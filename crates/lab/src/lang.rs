//! Which language the checker speaks: `--lang`, else the system's (`LANG=zh_CN.UTF-8`
//! gives Chinese), else English.

use clap::ValueEnum;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    #[value(name = "en")]
    En,
    #[value(name = "zh-CN")]
    Zh,
}

impl Lang {
    /// The language the environment asks for, in POSIX order: `LC_ALL`, then
    /// `LC_MESSAGES`, then `LANG`; the first one set decides. Chinese for any `zh...`.
    pub fn from_env() -> Lang {
        let chosen = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|value| !value.is_empty());
        match chosen {
            Some(value) if value.starts_with("zh") => Lang::Zh,
            _ => Lang::En,
        }
    }
}
