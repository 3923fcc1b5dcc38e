import EmovoxCLI

Emovox.main()
