"""The finished site: the pages' Markdown spooled, the page cache, the build lock, the new site made
and checked beside the old one, then published in one step."""
