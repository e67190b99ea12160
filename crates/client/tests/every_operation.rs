//! Every operation of the spec, called through the client against the
//! emulator with its doc example (tests generated into `generated/`).

#[rustfmt::skip]
mod generated;
mod support;

/// What the emulator received, checked against what the test set.
mod wire {
    use hwbackup_emulator::RecordedCall;
    use serde_json::Value;

    /// `path` has `__PROJECT__` where the client's project goes; `query`
    /// and `headers` are decoded pairs; `body` is the JSON sent (`null`
    /// for none).
    pub fn check(
        call: &RecordedCall,
        method: &str,
        path: &str,
        query: &[(&str, &str)],
        headers: &[(&str, &str)],
        body: &str,
    ) {
        assert_eq!(call.method, method);
        let want_path = path.replace("__PROJECT__", super::support::PROJECT);
        // Under the service's prefix where the client was pointed there.
        let unprefixed = call
            .path
            .strip_prefix(&format!("/{}", call.service))
            .unwrap_or(&call.path);
        assert_eq!(unprefixed, want_path);
        // Decoded by a URL parser of its own, not the client's wire layer.
        let url = reqwest::Url::parse(&format!("http://x/?{}", call.query)).unwrap();
        let mut got: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        let mut want: Vec<(String, String)> = query
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        got.sort();
        want.sort();
        assert_eq!(got, want, "query {}", call.query);
        for (name, value) in headers {
            let sent = call.headers.iter().find(|(k, _)| k == name);
            assert_eq!(sent.map(|(_, v)| v.as_str()), Some(*value), "header {name}");
        }
        let want: Value = serde_json::from_str(body).unwrap();
        assert_eq!(call.body, want, "body");
        let content_type = call.headers.iter().any(|(k, _)| k == "content-type");
        assert_eq!(
            content_type,
            !want.is_null(),
            "Content-Type only with a body"
        );
    }
}
