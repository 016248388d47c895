"""kazasu devices: card transports, the My Number card's input-support application and its emulator.

No Qt and no kiosk imports here. The public surface is described in docs/architecture.md and
docs/devices.md: `transport.Transport`, `pcsc.PcscTransport`, `inprocess.InProcessTransport`,
`input_support.InputSupportApp`, `reading.read_basic_four`, the typed errors in `errors`, and the
emulator in `devices.emulator`.
"""
