"""Reading outlines: the model, dates, the Markdown parser and validation."""
