//! AF_UNIX beside AF_INET: the same stream socket calls, with a file path for an address.
//!
//! The tutorial's `socket(AF_UNIX, SOCK_STREAM)` talks only to programs on the same
//! machine, through a name in the file system instead of an IP address and a port. No
//! network is involved: no IP header, no port numbers, no loopback interface. This example
//! runs a server thread and a client in one process, on a socket file in a fresh folder.
//!
//! ```text
//! cargo run -p common --example unix-socket
//! ```
//!
//! While it runs, `ss -xl` lists listening Unix sockets, as `ss -tl` lists TCP ones.

#[cfg(unix)]
fn main() -> std::process::ExitCode {
    common::cli::run(unix::talk)
}

#[cfg(not(unix))]
fn main() {
    println!("AF_UNIX sockets need a Unix system (Linux, macOS); this one has none.");
}

#[cfg(unix)]
mod unix {
    use std::io::{Read, Write};
    use std::os::unix::net::{UnixListener, UnixStream};
    use std::path::PathBuf;
    use std::thread;

    /// A folder of our own for the socket file, so two runs never meet.
    fn socket_path() -> anyhow::Result<PathBuf> {
        let folder = std::env::temp_dir().join(format!("unix-socket-{}", std::process::id()));
        std::fs::create_dir_all(&folder)?;
        Ok(folder.join("lesson.sock"))
    }

    pub fn talk() -> anyhow::Result<()> {
        let path = socket_path()?;
        // ANCHOR: unix
        // socket(AF_UNIX, SOCK_STREAM), bind('/tmp/.../lesson.sock'), listen(): the address
        // is a path, and bind() creates the socket file there.
        let listener = UnixListener::bind(&path)?;
        common::say!("server: listening on {}", path.display());

        let server = thread::Builder::new().name("unix-server".into()).spawn(
            move || -> std::io::Result<String> {
                // accept(), recv(1024), send(): exactly as over TCP.
                let (mut connection, _) = listener.accept()?;
                let mut buffer = [0u8; 1024];
                let n = connection.read(&mut buffer)?;
                connection.write_all(b"received over AF_UNIX")?;
                Ok(String::from_utf8_lossy(&buffer[..n]).into_owned())
            },
        )?;

        // connect('/tmp/.../lesson.sock'), send(), recv(1024), close()
        let mut client = UnixStream::connect(&path)?;
        client.write_all(b"hello")?;
        client.shutdown(std::net::Shutdown::Write)?;
        let mut reply = String::new();
        client.read_to_string(&mut reply)?;
        // ANCHOR_END: unix

        let heard = server
            .join()
            .map_err(|_| anyhow::anyhow!("the server thread panicked"))??;
        common::say!("server: received {:?}", heard);
        common::say!("client: received {reply:?}");
        // Unlike a port, the socket file stays after close(): remove it, or the next bind()
        // fails with "address already in use".
        std::fs::remove_file(&path)?;
        if let Some(folder) = path.parent() {
            std::fs::remove_dir(folder)?;
        }
        common::say!("removed the socket file");
        Ok(())
    }
}
