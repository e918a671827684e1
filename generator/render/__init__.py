"""Records and views to Markdown pages. One module per page type; pure functions, no I/O."""
