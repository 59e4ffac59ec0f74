"""Publishing: the upload (upload.py), reading an index (index.py), pypiserver, the demo."""
