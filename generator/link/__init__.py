"""Cross-record views, computed once for the whole archive: what data/, render/ and search/ read."""
