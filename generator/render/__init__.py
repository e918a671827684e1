"""Records and views to Markdown pages: a module a page type, the list of every page (makers) and what each page
reads (reads). Pure functions: no I/O, no processes (generator/build.py spreads the makers over them)."""
