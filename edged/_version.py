"""The package version, in the one place it is written (pyproject.toml's must agree; a test checks).

Modules inside edged import it from here, never from the package face: `edged/__init__.py`
pulls in the client, and a module that needs only a version string should not.
"""

__version__ = "0.1.0"
