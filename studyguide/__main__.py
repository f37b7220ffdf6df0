from studyguide.cli import run

run()
