import EmovoxCLI

await Emovox.main()
