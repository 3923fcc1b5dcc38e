// Tests for EmovoxDSP.
