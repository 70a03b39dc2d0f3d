"""A sync agent process for the kill tests: only what the agent needs, so it starts quickly."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from counter_app.adapters.sync import agent as agent_module
from counter_app.adapters.sync.agent import SyncAgent
from counter_app.adapters.sync.mode import open_replica
from tests.sync_helpers import sync_settings


def main(data_dir: str, server_url: str, batch: int = 500) -> None:
    """Run the agent of the replica in ``data_dir`` until killed."""
    agent_module.BATCH = batch
    settings = sync_settings(server_url)
    replica = open_replica(settings, Path(data_dir), connect_timeout=1, statement_timeout=10)
    SyncAgent(replica, settings, Path(data_dir), name=Path(data_dir).name).run(
        threading.Event(), interval=0.2)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
