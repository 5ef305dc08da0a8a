"""Online consultation, appointment and pre-review (网上咨询、预约、预审; service-modes.md 4)."""
