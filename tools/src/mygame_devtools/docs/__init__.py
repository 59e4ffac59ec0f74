"""The learning path, run as a learner would and built as a site: runner, site check, hooks."""
