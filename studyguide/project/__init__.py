"""The project: its file `studyguide.toml` (config), its outlines (discovery), new outlines (starter)."""
