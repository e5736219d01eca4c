//! A real SMTP server in process (mailin-embedded) that keeps what arrives, parsed with
//! mail-parser; it can refuse the next messages with a temporary error (451).

use std::net::{SocketAddr, TcpListener};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mailin_embedded::{Handler, Response, Server, SslConfig, response};

/// One message as it arrived.
#[derive(Debug, Clone)]
pub struct Mail {
    /// The envelope's recipients (`RCPT TO`).
    pub to: Vec<String>,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The `To:` header as written.
    pub to_header: String,
}

#[derive(Clone, Default)]
struct Catch {
    inbox: Arc<Mutex<Vec<Mail>>>,
    refuse: Arc<AtomicU32>,
    to: Vec<String>,
    data: Vec<u8>,
}

impl Handler for Catch {
    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        // Refused at DATA: mailin keeps a refused transaction's state, so a refusal after the
        // data would read the client's next commands as data.
        let refused = self
            .refuse
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok();
        if refused {
            return response::INTERNAL_ERROR;
        }
        self.to = to.to_vec();
        self.data.clear();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let parsed = mail_parser::MessageParser::default()
            .parse(&self.data)
            .expect("a MIME message");
        let mail = Mail {
            to: self.to.clone(),
            subject: parsed.subject().unwrap_or_default().to_owned(),
            text: parsed.body_text(0).unwrap_or_default().into_owned(),
            html: parsed.body_html(0).unwrap_or_default().into_owned(),
            to_header: parsed
                .header_raw("To")
                .unwrap_or_default()
                .trim()
                .to_owned(),
        };
        self.inbox.lock().unwrap().push(mail);
        response::OK
    }
}

/// The server, listening on a free port of 127.0.0.1 until the test process ends.
pub struct MailServer {
    pub address: SocketAddr,
    catch: Catch,
}

impl MailServer {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let catch = Catch::default();
        let mut server = Server::new(catch.clone());
        server
            .with_name("mail.test")
            .with_ssl(SslConfig::None)
            .unwrap()
            .with_num_threads(16)
            .with_tcp_listener(listener);
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        Self { address, catch }
    }

    /// The next `n` messages are refused with `451` (a temporary failure).
    pub fn refuse_next(&self, n: u32) {
        self.catch.refuse.store(n, Ordering::SeqCst);
    }

    /// Everything that arrived so far.
    pub fn inbox(&self) -> Vec<Mail> {
        self.catch.inbox.lock().unwrap().clone()
    }

    /// A notifier that sends here in plain SMTP.
    pub fn notifier(&self) -> Arc<registration_campaign::notify::SmtpNotifier> {
        Arc::new(
            registration_campaign::notify::SmtpNotifier::plain(
                "127.0.0.1",
                self.address.port(),
                "Contoso <no-reply@contoso.test>",
            )
            .unwrap(),
        )
    }

    /// Waits until no message arrived for `quiet` (at most 30 s), and returns the inbox.
    pub fn settled(&self, quiet: Duration) -> Vec<Mail> {
        let start = Instant::now();
        let mut count = self.inbox().len();
        let mut since = Instant::now();
        while since.elapsed() < quiet && start.elapsed() < Duration::from_secs(30) {
            std::thread::sleep(Duration::from_millis(100));
            let now = self.inbox().len();
            if now != count {
                count = now;
                since = Instant::now();
            }
        }
        self.inbox()
    }

    /// Waits until `n` messages arrived (a process sends them in the background).
    pub fn wait_for(&self, n: usize, within: Duration) -> Vec<Mail> {
        let start = Instant::now();
        loop {
            let inbox = self.inbox();
            if inbox.len() >= n || start.elapsed() > within {
                return inbox;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}
