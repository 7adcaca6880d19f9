from vanban.api.cli import main

main()
