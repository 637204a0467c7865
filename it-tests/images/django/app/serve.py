#!/usr/bin/env python3
"""Serves the project on 0.0.0.0:8000 with Django's own server, and stops at once on SIGTERM.

As PID 1, a Python process without a SIGTERM handler ignores the signal, and every pod deletion
would wait out the grace period.
"""
import os
import signal
import sys

if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(0))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["manage.py", "runserver", "0.0.0.0:8000", "--noreload"])
