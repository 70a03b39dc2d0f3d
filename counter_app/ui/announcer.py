"""Speaks calls on the display board: chime then sentence, one call at a time.

Calls go through the domain's serial :class:`AnnouncementQueue`: a new call waits until the one
being spoken has finished, and a recall is announced again. The WAV of a call is assembled from
the voice clips off the GUI thread and played with QtMultimedia's :class:`QAudioSink`. With voice
switched off (``settings.display.voice``) calls pass through the queue without sound. A missing
audio device or a broken clip never stops the board: the problem is logged once and the call is
"played" silently for its duration, so the queue keeps its order and timing.
"""

from __future__ import annotations

import io
import logging
import wave
from collections.abc import Callable
from typing import Any

from counter_app.domain.announcement import Announcement, AnnouncementQueue
from counter_app.domain.errors import DomainError
from counter_app.ui.qt import QtCore, Signal, multimedia
from counter_app.ui.worker import Worker

_log = logging.getLogger(__name__)

WavBuilder = Callable[[Announcement], bytes]
_SAFETY_MS = 1500  # a sink that never reports "idle" is given up this long after the sound ends


def wav_duration_ms(data: bytes) -> int:
    """Return the length of a PCM WAV in milliseconds (0 if it cannot be read)."""
    try:
        with wave.open(io.BytesIO(data)) as w:
            frames, rate = int(w.getnframes()), int(w.getframerate())
        return round(1000 * frames / max(1, rate))
    except (wave.Error, EOFError):
        return 0


class Announcer(QtCore.QObject):
    """Plays queued calls in order; emits ``queued``, ``started`` and ``finished`` per call."""

    queued = Signal(object)
    started = Signal(object)
    finished = Signal(object)

    def __init__(self, parent: QtCore.QObject | None = None, *, voice: bool = True,
                 wav_builder: WavBuilder) -> None:
        super().__init__(parent)
        self.queue = AnnouncementQueue()
        self.voice = voice
        self.history: list[Announcement] = []
        self._builder = wav_builder
        self._worker = Worker(self, threads=1, name="announcer")
        self._sink: Any = None
        self._buffer: QtCore.QBuffer | None = None
        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._finish)
        self._warned = False

    def announce(self, announcement: Announcement) -> None:
        """Queue a call; it is spoken after every call queued before it."""
        self.queue.enqueue(announcement)
        self.history.append(announcement)
        self.queued.emit(announcement)
        self._pump()

    def _pump(self) -> None:
        current = self.queue.next()
        if current is None:
            return
        self.started.emit(current)
        if not self.voice:
            self._timer.start(0)
            return
        builder = self._builder
        self._worker.submit(lambda: builder(current), self._play, self._build_failed)

    def _build_failed(self, error: DomainError) -> None:
        self._warn(f"cannot assemble announcement: {error.message}")
        self._timer.start(0)

    def _play(self, data: bytes) -> None:
        duration = wav_duration_ms(data)
        self._timer.start(duration + _SAFETY_MS)
        try:
            self._start_sink(data)
        except Exception as exc:  # no device, unsupported format, backend missing
            self._warn(f"audio output unavailable, announcing silently: {exc}")
            self._timer.start(duration)

    def _start_sink(self, data: bytes) -> None:
        qtm = multimedia()
        if qtm is None:
            raise RuntimeError("QtMultimedia is not installed")
        device = qtm.QMediaDevices.defaultAudioOutput()
        if device.isNull():
            raise RuntimeError("no audio output device")
        with wave.open(io.BytesIO(data)) as w:
            fmt = qtm.QAudioFormat()
            fmt.setSampleRate(w.getframerate())
            fmt.setChannelCount(w.getnchannels())
            width = w.getsampwidth()
            pcm = w.readframes(w.getnframes())
        if width not in (1, 2):
            raise RuntimeError(f"unsupported sample width {width}")
        sample = qtm.QAudioFormat.SampleFormat
        fmt.setSampleFormat(sample.Int16 if width == 2 else sample.UInt8)
        if not device.isFormatSupported(fmt):
            raise RuntimeError("audio format not supported by the device")
        self._stop_sink()
        self._buffer = QtCore.QBuffer(self)
        self._buffer.setData(QtCore.QByteArray(pcm))
        self._buffer.open(QtCore.QIODevice.OpenModeFlag.ReadOnly)
        self._sink = qtm.QAudioSink(device, fmt, self)
        self._sink.stateChanged.connect(self._sink_state)
        self._sink.start(self._buffer)

    def _sink_state(self, state: Any) -> None:
        qtm = multimedia()
        if qtm is None or self._sink is None:
            return
        if state == qtm.QtAudio.State.IdleState:
            self._finish()
        elif state == qtm.QtAudio.State.StoppedState and (
            self._sink.error() != qtm.QtAudio.Error.NoError
        ):
            self._warn(f"audio playback error: {self._sink.error()}")
            self._finish()

    def _stop_sink(self) -> None:
        if self._sink is not None:
            sink, self._sink = self._sink, None
            sink.stateChanged.disconnect(self._sink_state)
            sink.stop()
            sink.deleteLater()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
            self._buffer = None

    def _finish(self) -> None:
        current = self.queue.current
        if current is None:
            return
        self._timer.stop()
        self._stop_sink()
        self.queue.done()
        self.finished.emit(current)
        self._pump()

    def _warn(self, message: str) -> None:
        if not self._warned:
            _log.warning(message)
            self._warned = True
        else:
            _log.debug(message)

    def shutdown(self) -> None:
        """Stop playing and drop queued calls (window closing)."""
        self._timer.stop()
        self._stop_sink()
        self._worker.shutdown()
