// Tests for EmovoxPipeline.
