"""counter_app: queue tickets, counter service and dossier reception for Vietnam's one-stop centres."""

__version__ = "0.1.0"
