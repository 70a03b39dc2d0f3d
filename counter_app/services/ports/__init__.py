"""Ports: the interfaces services need from persistence and other adapters (typing.Protocol)."""
