#!/usr/bin/env python3
"""Indexes the messages a smtp_sink.py wrote: one tab-separated line per
message, in the order received:

  FILE  RCPT  MESSAGE-ID  DATE  SUBJECT  LIST-UNSUBSCRIBE  LIST-UNSUBSCRIBE-POST  PARTS

SUBJECT decoded (RFC 2047), empty fields as "-", PARTS the content types
of the leaves joined by "+"; and writes each message's plain-text part,
decoded, beside it as FILE.txt and its HTML part as FILE.html.

usage: mail_index.py DIR"""
import email
import email.policy
import glob
import os
import sys

for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.eml"))):
    with open(path, "rb") as f:
        m = email.message_from_binary_file(f, policy=email.policy.default)
    parts = []
    for part in m.walk():
        if part.is_multipart():
            continue
        ct = part.get_content_type()
        parts.append(ct)
        ext = {"text/plain": ".txt", "text/html": ".html"}.get(ct)
        if ext:
            with open(path + ext, "w") as out:
                out.write(part.get_content())
    row = [os.path.basename(path), m.get("X-Rcpt-To", "-"), m.get("Message-ID", "-"),
           m.get("Date", "-"), str(m.get("Subject", "-")), m.get("List-Unsubscribe", "-"),
           m.get("List-Unsubscribe-Post", "-"), "+".join(parts)]
    print("\t".join(str(x).replace("\t", " ").replace("\n", " ") for x in row))
