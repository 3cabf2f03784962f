#!/usr/bin/env python3
"""A local SMTP sink for the mail tests (Debian's python3-aiosmtpd).

usage: [SINK_DELAY=SECONDS] smtp_sink.py PORT DIR [REJECT-ADDRESS...]

Listens on 127.0.0.1:PORT and writes each message it accepts to DIR as
NNNNNN.eml (the envelope recipients first, as "X-Rcpt-To:" lines, then the
message as received); refuses RCPT TO of each REJECT-ADDRESS with 550.  With SINK_DELAY, waits
that long after each message's data before taking it (a slow relay).
Runs until SIGTERM."""
import asyncio
import os
import signal
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, out, reject):
        self.out = out
        self.reject = {a.lower() for a in reject}
        # a sink started again goes on after the messages already there
        self.n = len([f for f in os.listdir(out) if f.endswith(".eml")])

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(float(os.environ.get("SINK_DELAY", "0")))
        self.n += 1
        name = os.path.join(self.out, "%06d.eml" % self.n)
        tmp = name + ".tmp"
        with open(tmp, "wb") as f:
            for r in envelope.rcpt_tos:
                f.write(b"X-Rcpt-To: " + r.encode() + b"\r\n")
            f.write(envelope.original_content)
        os.rename(tmp, name)
        return "250 Message accepted"


def main():
    port, out = int(sys.argv[1]), sys.argv[2]
    os.makedirs(out, exist_ok=True)
    c = Controller(Sink(out, sys.argv[3:]), hostname="127.0.0.1", port=port)
    c.start()
    stop = asyncio.new_event_loop()
    signal.signal(signal.SIGTERM, lambda *a: stop.call_soon_threadsafe(stop.stop))
    signal.signal(signal.SIGINT, lambda *a: stop.call_soon_threadsafe(stop.stop))
    print("listening", flush=True)
    stop.run_forever()
    c.stop()


if __name__ == "__main__":
    main()
