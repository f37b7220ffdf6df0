"""Themes: validated theme.toml data plus sandboxed Jinja templates."""
