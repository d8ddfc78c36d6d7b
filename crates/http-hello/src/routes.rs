//! What the server answers: a page for each path it knows.

use crate::request::{Request, percent_decode};
use crate::response::Response;

// ANCHOR: route
/// The answer to a request that parsed. Only GET and HEAD are served. `demo_panic` lets
/// `/boom` panic on purpose (`--demo-panic`); without it, `/boom` is a path like any other.
pub fn route(request: &Request, demo_panic: bool) -> Response {
    if request.method != "GET" && request.method != "HEAD" {
        let mut response = page(
            405,
            "Method not allowed",
            "<p>This server answers GET and HEAD only.</p>",
        );
        response.extra.push(("Allow", "GET, HEAD"));
        return response;
    }
    match request.path() {
        "/" => welcome(),
        "/hello" => hello(request.query()),
        "/boom" if demo_panic => {
            panic!("a handler bug, on purpose: /boom shows that a panic costs one response")
        }
        _ => page(
            404,
            "Not found",
            "<p>There is no page here. Try <a href=\"/\">the welcome page</a>.</p>",
        ),
    }
}
// ANCHOR_END: route

/// `GET /`: a page in UTF-8 with text that ASCII cannot hold, which is why the
/// `charset=utf-8` in `Content-Type` matters.
fn welcome() -> Response {
    page(
        200,
        "Hello, 世界",
        "<p>Hello from a Rust web server! 你好，欢迎！ Grüße, こんにちは, Привет 👋</p>\n\
         <p>These characters arrive intact because the server says <code>charset=utf-8</code>.</p>\n\
         <form action=\"/hello\"><label>Your name: <input name=\"name\"></label> <button>Greet me</button></form>",
    )
}

// ANCHOR: hello
/// `GET /hello?name=NAME`: a greeting. The name arrives percent-encoded (`%E4%BD%A0` for
/// 你) and goes into HTML, so it is decoded, then escaped: `<script>` stays text.
fn hello(query: &str) -> Response {
    let raw = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("name="))
        .unwrap_or("stranger");
    let Some(name) = percent_decode(raw) else {
        return page(
            400,
            "Bad request",
            "<p>The name is not valid percent-encoded UTF-8.</p>",
        );
    };
    let name = if name.trim().is_empty() {
        "stranger".to_string()
    } else {
        name
    };
    page(
        200,
        "Hello",
        &format!("<p>Hello, {}!</p>", html_escape(&name)),
    )
}
// ANCHOR_END: hello

/// A whole HTML page around some content.
pub fn page(status: u16, title: &str, content: &str) -> Response {
    let body = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>{title}</title></head>\n\
         <body>\n<h1>{title}</h1>\n{content}\n</body>\n</html>\n"
    );
    Response::new(status, body)
}

/// Text made safe inside HTML: the five characters that mean something there.
pub fn html_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            _ => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(target: &str) -> Response {
        let head = format!("GET {target} HTTP/1.1\r\nHost: x\r\n\r\n");
        route(&Request::parse(head.as_bytes()).expect("valid"), false)
    }

    #[test]
    fn each_path_gets_its_page() {
        assert_eq!(get("/").status, 200);
        assert!(get("/").body.contains("你好"));
        assert_eq!(get("/nowhere").status, 404);
        assert_eq!(get("/boom").status, 404, "no panic without --demo-panic");
        assert!(get("/hello?name=Ada").body.contains("<p>Hello, Ada!</p>"));
        assert!(
            get("/hello?x=1&name=%E4%BD%A0%E5%A5%BD")
                .body
                .contains("<p>Hello, 你好!</p>")
        );
        assert!(get("/hello").body.contains("<p>Hello, stranger!</p>"));
        assert!(get("/hello?name=").body.contains("<p>Hello, stranger!</p>"));
        assert_eq!(get("/hello?name=%FF").status, 400);
    }

    #[test]
    fn names_are_escaped_before_they_go_into_html() {
        let body = get("/hello?name=%3Cscript%3Ealert(1)%3C/script%3E").body;
        assert!(
            body.contains("Hello, &lt;script&gt;alert(1)&lt;/script&gt;!"),
            "{body}"
        );
        assert_eq!(html_escape(r#"a&b"c'd"#), "a&amp;b&quot;c&#39;d");
    }

    #[test]
    fn other_methods_get_405_with_allow() {
        let request = Request::parse(b"POST / HTTP/1.1\r\nHost: x\r\n\r\n").expect("valid");
        let response = route(&request, false);
        assert_eq!(response.status, 405);
        assert_eq!(response.extra, vec![("Allow", "GET, HEAD")]);
    }
}
