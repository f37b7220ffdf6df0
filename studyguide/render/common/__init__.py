"""Layout questions both renderers ask, answered once: the handout and the deck call these
pure functions so that they agree (and warn alike) for the same input."""
