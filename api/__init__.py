"""The outer adapters: HTTP service and command line. Nothing imports api."""
