"""Building a project: read and check the inputs, plan the stale outputs, run the renderers,
write the files atomically; `watch` does it again on every save."""
