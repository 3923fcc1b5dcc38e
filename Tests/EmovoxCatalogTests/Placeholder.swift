// Tests for EmovoxCatalog.
