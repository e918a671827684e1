"""Finished pages lose their indentation and nothing else."""

from __future__ import annotations

from generator.html.compact import compact


def test_indentation_goes_and_line_breaks_stay():
    page = "<body>\n    <main>\n\t\t<p>SYNTHETIC letter,\n      second line</p>\n    </main>\n</body>"
    assert compact(page) == "<body>\n<main>\n<p>SYNTHETIC letter,\nsecond line</p>\n</main>\n</body>"


def test_white_space_that_renders_is_kept():
    page = ("<div>\n  <pre>  SYNTHETIC\n    indented code</pre>\n  <textarea>\n  typed\n</textarea>\n"
            "  <script>\n  var s = `\n    kept`;\n  </script>\n</div>")
    assert compact(page) == ("<div>\n<pre>  SYNTHETIC\n    indented code</pre>\n<textarea>\n  typed\n</textarea>\n"
                             "<script>\n  var s = `\n    kept`;\n  </script>\n</div>")


def test_words_on_separate_lines_stay_separate_words():
    assert compact("<p>SYNTHETIC\n   words</p>") == "<p>SYNTHETIC\nwords</p>"
    assert compact("<a>one</a>\n    <a>two</a>") == "<a>one</a>\n<a>two</a>"


def test_blank_lines_and_spaces_before_a_line_break_become_one_line_break():
    page = "<body>\n\n\n    <main>  \n\n\t<p>SYNTHETIC letter,   \n\n  second line</p>\n \n</main>\n</body>"
    assert compact(page) == "<body>\n<main>\n<p>SYNTHETIC letter,\nsecond line</p>\n</main>\n</body>"


def test_blank_lines_that_render_are_kept():
    page = ("<div>\n\n  <pre>SYNTHETIC\n\n    code</pre>\n\n  <code>a\n\n  b</code> <kbd>x \n\n y</kbd>\n\n"
            "  <textarea>\n\n</textarea>\n\n</div>")
    assert compact(page) == ("<div>\n<pre>SYNTHETIC\n\n    code</pre>\n<code>a\n\n  b</code> <kbd>x \n\n y</kbd>\n"
                             "<textarea>\n\n</textarea>\n</div>")


def test_a_no_break_space_after_a_line_break_is_text_and_stays():
    assert compact("<p>SYNTHETIC\n\u00a0 words</p>") == "<p>SYNTHETIC\n\u00a0 words</p>"
