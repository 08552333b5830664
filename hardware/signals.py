"""Signals the hardware raises; the assembly kiosk answers them like its space bar."""

from __future__ import annotations

from blinker import Namespace

signals = Namespace()

#: A short press of the foot switch: the same as a short space-bar press (next step).
pedal_next = signals.signal("pedal-next")
#: The foot switch held for FOOT_SWITCH_HOLD_S or longer: the same as a long press (abort).
pedal_abort = signals.signal("pedal-abort")
