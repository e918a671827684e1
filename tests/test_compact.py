"""Finished pages lose their indentation and nothing else."""

from __future__ import annotations

from generator.html.compact import compact


def test_indentation_goes_and_line_breaks_stay():
    page = "<body>\n    <main>\n\t\t<p>SYNTHETIC letter,\n      second line</p>\n    </main>\n</body>"
    assert compact(page) == "<body>\n<main>\n<p>SYNTHETIC letter,\nsecond line</p>\n</main>\n</body>"


def test_white_space_that_renders_is_kept():
    page = "<div>\n  <pre>  SYNTHETIC\n    indented code</pre>\n  <textarea>\n  typed\n</textarea>\n  <script>\n  var s = `\n    kept`;\n  </script>\n</div>"
    assert compact(page) == "<div>\n<pre>  SYNTHETIC\n    indented code</pre>\n<textarea>\n  typed\n</textarea>\n<script>\n  var s = `\n    kept`;\n  </script>\n</div>"


def test_words_on_separate_lines_stay_separate_words():
    assert compact("<p>SYNTHETIC\n   words</p>") == "<p>SYNTHETIC\nwords</p>"
    assert compact("<a>one</a>\n    <a>two</a>") == "<a>one</a>\n<a>two</a>"
