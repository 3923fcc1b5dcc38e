// Tests for EmovoxSplits.
