"""Card pieces the desks share, without Qt: where the card comes from (a PC/SC or nfcpy reader, or the emulated card in
process)."""
