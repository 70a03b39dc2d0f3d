"""A small decoder of the ESC/POS bytes a ticket printer receives, for tests.

Understands what the ticket path sends: ``ESC @`` (init), ``GS v 0`` raster images (possibly split
into several fragments, stacked top to bottom), ``ESC d n`` (feed), ``GS V`` (cut) and
``DLE EOT n`` (status request). Anything else raises ValueError, so stray bytes fail the tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image

_INVERT = bytes(255 - i for i in range(256))


@dataclass
class Decoded:
    """What the printer would do: the command names in order and the printed raster."""

    commands: list[str] = field(default_factory=list)
    fragments: list[Image.Image] = field(default_factory=list)

    @property
    def image(self) -> Image.Image:
        """All raster fragments stacked into one 1-bit image (black = 0, as Pillow draws)."""
        if not self.fragments:
            raise ValueError("no raster image in the stream")
        width = self.fragments[0].width
        if any(f.width != width for f in self.fragments):
            raise ValueError("raster fragments differ in width")
        out = Image.new("1", (width, sum(f.height for f in self.fragments)), 1)
        y = 0
        for frag in self.fragments:
            out.paste(frag, (0, y))
            y += frag.height
        return out

    @property
    def ends_with_cut(self) -> bool:
        """True when the last command is a paper cut."""
        return bool(self.commands) and self.commands[-1].startswith("cut")


def decode(data: bytes) -> Decoded:
    """Parse ``data`` into a :class:`Decoded`; raise ValueError on an unknown or cut-off command."""
    out = Decoded()
    i = 0
    n = len(data)

    def need(count: int) -> bytes:
        if i + count > n:
            raise ValueError(f"truncated command at byte {i}")
        return data[i : i + count]

    while i < n:
        b = data[i]
        if b == 0x1B:  # ESC
            op = need(2)[1]
            if op == ord("@"):
                out.commands.append("init")
                i += 2
            elif op == ord("d"):
                out.commands.append(f"feed {need(3)[2]}")
                i += 3
            else:
                raise ValueError(f"unknown ESC 0x{op:02x} at byte {i}")
        elif b == 0x1D:  # GS
            op = need(2)[1]
            if op == ord("v"):
                head = need(8)
                if head[2] != ord("0"):
                    raise ValueError(f"unknown GS v {head[2]:#x} at byte {i}")
                width_bytes = head[4] | head[5] << 8
                height = head[6] | head[7] << 8
                size = width_bytes * height
                raster = need(8 + size)[8:]
                frag = Image.frombytes("1", (width_bytes * 8, height), raster.translate(_INVERT))
                out.fragments.append(frag)
                out.commands.append(f"raster {width_bytes * 8}x{height} density {head[3]}")
                i += 8 + size
            elif op == ord("V"):
                mode = need(3)[2]
                if mode in (0, 1, 48, 49):
                    out.commands.append("cut full" if mode in (0, 48) else "cut partial")
                    i += 3
                elif mode in (65, 66):
                    need(4)
                    out.commands.append("cut full" if mode == 65 else "cut partial")
                    i += 4
                else:
                    raise ValueError(f"unknown GS V mode {mode} at byte {i}")
            else:
                raise ValueError(f"unknown GS 0x{op:02x} at byte {i}")
        elif b == 0x10:  # DLE
            cmd = need(3)
            if cmd[1] != 0x04:
                raise ValueError(f"unknown DLE 0x{cmd[1]:02x} at byte {i}")
            out.commands.append(f"status {cmd[2]}")
            i += 3
        else:
            raise ValueError(f"unexpected byte 0x{b:02x} at {i}")
    return out
