"""What only makes sense across outlines: merging them into a course pack, and checking that
they agree with each other. Model in, plain data out; no renderer is imported here."""
