// Tests for EmovoxCLI.
