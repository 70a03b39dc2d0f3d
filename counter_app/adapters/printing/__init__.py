"""Printing adapters: ESC/POS tickets and PDF forms."""
