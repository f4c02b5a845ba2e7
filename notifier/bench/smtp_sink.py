#!/usr/bin/env python3
"""SMTP server for the notification latency benchmark (Debian's python3-aiosmtpd): accepts every
message and prints one line per message, "<epoch milliseconds> <Subject>", as it is accepted.

Usage: smtp_sink.py PORT
"""
import sys
import time
from email.parser import BytesHeaderParser

from aiosmtpd.controller import Controller


class Handler:
    async def handle_DATA(self, server, session, envelope):
        subject = BytesHeaderParser().parsebytes(envelope.content).get("Subject", "")
        print(f"{int(time.time() * 1000)} {subject}", flush=True)
        return "250 OK"


def main():
    controller = Controller(Handler(), hostname="127.0.0.1", port=int(sys.argv[1]))
    controller.start()
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
