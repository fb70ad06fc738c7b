"""Redaction: what must not leave the machine is masked, and ordinary log text is left alone."""

import pytest

from redaction import redact


def test_addresses_e_mails_keys_and_user_names_are_masked():
    line = ("Failed password for root from 10.20.30.40 port 22; mail bob@corp.example; "
            "Authorization: Bearer eyJhbGciOi.eyJzdWIiOiIx.c2lnbmF0dXJl; password=hunter2; "
            "key AKIAIOSFODNN7EXAMPLE; user=carol; created by User77; host fe80:0:0:0:204:61ff:fe9d:f156")
    clean = redact(line)
    for secret in ("root", "10.20.30.40", "bob@corp.example", "eyJhbGciOi", "hunter2", "AKIAIOSFODNN7EXAMPLE",
                   "carol", "User77", "fe80"):
        assert secret not in clean
    assert clean.startswith("Failed password for <USER> from <IP> port 22")


@pytest.mark.parametrize(("line", "expected"), [
    ("Invalid user admin from 192.0.2.9", "Invalid user <USER> from <IP>"),
    ("login failed for user 'alice'", "login failed for user '<USER>'"),
    ("File a.csv uploaded successfully by user User5.", "File a.csv uploaded successfully by user <USER>."),
    ("api_key=gsk_abcdefghijklmnopqrstuvwxyz123456 sent", "api_key=<SECRET> sent"),
    ('{"token": "abc123", "user": "dave"}', '{"token": "<SECRET>", "user": "<USER>"}'),
    ("session 9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c ok", "session <SECRET> ok"),
])
def test_each_kind_of_value(line, expected):
    assert redact(line) == expected


@pytest.mark.parametrize("line", [
    "Disk usage on /var reached 97% of capacity",
    "User logged in from console",
    "Token refresh failed: upstream timed out",
    "Kernel panic on host bill-db-01: system halted and cannot boot",
])
def test_ordinary_log_text_is_left_alone(line):
    assert redact(line) == line
