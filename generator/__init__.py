"""Static site generator for an archive of UN Special Procedures communications."""

__version__ = "0.1.0"
