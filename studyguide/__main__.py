from studyguide.cli import main

main()
