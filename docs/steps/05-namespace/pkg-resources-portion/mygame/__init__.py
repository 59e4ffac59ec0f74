"""The old pkg_resources style (setuptools, deprecated): declares itself a namespace."""

__import__("pkg_resources").declare_namespace(__name__)
