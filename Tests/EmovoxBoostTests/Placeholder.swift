// Tests for EmovoxBoost.
