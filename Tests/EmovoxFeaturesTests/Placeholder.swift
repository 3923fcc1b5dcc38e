// Tests for EmovoxFeatures.
