"""The old pkgutil style: a regular package that extends its own search path."""

__path__ = __import__("pkgutil").extend_path(__path__, __name__)
