"""Allow ``python -m counter_app``."""

from counter_app.cli.main import main

raise SystemExit(main())
