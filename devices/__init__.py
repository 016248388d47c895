"""kazasu devices: card transports, the My Number card's input-support application and its emulator.

No Qt and no kiosk imports here. The public surface is described in docs/architecture.md and
docs/devices.md: `transport.Transport`, `pcsc.PcscTransport`, `inprocess.InProcessTransport`,
`nfcpy_transport.NfcpyTransport`, `input_support.InputSupportApp`, `reading` (`read_basic_four`,
`read_basic_four_with_code_b`, `read_my_number`, `read_card`), `credentials.CodeB`, `jpki`,
`pseudonym`, `card_id.identify_card`, `tokens`, `watcher.CardWatcher`, the typed errors in `errors`,
and the emulator in `devices.emulator`.
"""
