"""The learning path as a site and as runnable pages: the docs runner, the site check, the mkdocs hooks."""
