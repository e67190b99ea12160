#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hwbackup_fuzz::verify_signature(data));
