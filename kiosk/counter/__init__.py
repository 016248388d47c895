"""The counter desk (書かない窓口) without Qt: the visit workflow (fill, record, print), its states, the
metrics; the screens are in kiosk/counter/ui."""
