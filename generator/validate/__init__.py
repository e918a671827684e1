"""Documents to records: each against its model, then the cross-record rules; every error on its line,
all of them at once."""
