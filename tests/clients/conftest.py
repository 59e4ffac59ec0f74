"""The client matrix installs the built files: ``dist_dir`` finds or builds them."""

from helpers.fixtures import dist_dir

__all__ = ["dist_dir"]
